"""The unsold stock dialog over the market's ledger: list, preview, PDFs, handing the goods back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import StockKind
from possouk.i18n import current_language, render_error, render_message
from possouk.i18n.formatting import format_money, format_quantity
from possouk.services import stock, unsold
from possouk.services.stock import StockInput
from possouk.ui.app import apply_language, create_application
from possouk.ui.unsold_dialog import UnsoldDialog
from possouk.ui.widgets import money_text
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market

WAIT_MS = 10_000


def _loaded(qtbot: QtBot, dialog: UnsoldDialog) -> None:
    """Wait until the list asked last is shown (it is read off the GUI thread)."""
    if dialog.loading:
        with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
            pass
    assert not dialog.loading


def _slips(market: Market) -> list[str]:
    """The references of the return slips recorded so far."""
    with market.db.read() as uow:
        site = uow.store.site_by_code("MEK")
        assert site is not None
        found = []
        for number in range(1, 20):
            doc_id = uow.ledger.stock_doc_id(site.id, StockKind.RETURN, number)
            if doc_id is not None:
                found.append(uow.ledger.stock_doc(doc_id).reference)
        return found


@pytest.fixture
def sold(market: Market) -> Market:
    """1 honey (COOP1) and 1.5 l of oil (COOP2) sold; 2 soaps broken (an adjustment)."""
    market.sell([(market.honey, 1000)])
    market.sell([(market.oil, 1500)])
    stock.record(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", "COOP2",
                 [StockInput("SOAP-1", -2000)], reason="damaged")
    return market


def _open(qtbot: QtBot, market: Market, **options: object) -> UnsoldDialog:
    create_application()
    shown = UnsoldDialog(market.db, **options)  # type: ignore[arg-type]
    qtbot.addWidget(shown)
    shown.show()
    _loaded(qtbot, shown)
    return shown


@pytest.fixture
def dialog(qtbot: QtBot, sold: Market) -> Iterator[UnsoldDialog]:
    shown = _open(qtbot, sold, user=sold.supervisor)
    shown.ask_confirm = lambda question: True  # type: ignore[method-assign]
    yield shown
    wait_for_jobs()


def test_the_list_is_the_service_s_statements(dialog: UnsoldDialog, sold: Market) -> None:
    assert dialog.site_code() == "MEK"
    assert dialog.codes() == ["COOP1", "COOP2"]
    for code in ("COOP1", "COOP2"):
        statement = unsold.unsold_stock(sold.db, code, "MEK")
        assert dialog.cell(code, "value") == money_text(statement.value, currency=False)
        assert dialog.cell(code, "products") == "2"
        assert dialog.cell(code, "to_return") == "2"
        assert dialog.cell(code, "oversold") == "0"
    # 19 honeys at 120.00 and 10 kg of figs at 45.00; 28.5 l of oil at 80.00 and 48 soaps at 12.50
    assert dialog.cell("COOP1", "value") == format_money(19 * 12000 + 10 * 4500, "fr", currency=False)
    assert dialog.cell("COOP2", "value") == format_money(2280_00 + 48 * 1250, "fr", currency=False)
    assert dialog.cell("COOP2", "name") == "Coopérative de l'olivier"
    assert dialog.selected == "COOP1"
    assert dialog.hand_back_button.isEnabled()


def test_the_preview_shows_the_selected_cooperative_s_products(dialog: UnsoldDialog) -> None:
    dialog.select("COOP2")
    assert dialog.selected == "COOP2"
    assert dialog.products.rowCount() == 2
    assert dialog.product_cell("OIL-1", "name") == "Huile d'olive"
    assert dialog.product_cell("OIL-1", "deposited") == format_quantity(30_000, "l", "fr")
    assert dialog.product_cell("OIL-1", "sold") == format_quantity(1500, "l", "fr")
    assert dialog.product_cell("OIL-1", "remaining") == format_quantity(28_500, "l", "fr")
    assert dialog.product_cell("OIL-1", "value") == money_text(2280_00, currency=False)
    assert dialog.product_cell("SOAP-1", "adjusted") == "-2"
    assert dialog.product_cell("SOAP-1", "remaining") == "48"
    assert "COOP2" in dialog.heading.text()
    assert dialog.total_value.text() == money_text(2280_00 + 48 * 1250)
    assert not dialog.oversold_note.isVisibleTo(dialog)


def test_an_oversold_product_is_highlighted(qtbot: QtBot, sold: Market) -> None:
    stock.record(sold.db, sold.supervisor, StockKind.ADJUSTMENT, "MEK", "COOP1",
                 [StockInput("HON-1", -20_000)], reason="count")  # 19 on hand, 20 taken off
    shown = _open(qtbot, sold, user=sold.supervisor)
    assert shown.cell("COOP1", "oversold") == "1"
    item = shown.table.item(0, 5)
    assert item is not None and item.foreground().color().name() == "#b00020"
    assert shown.product_cell("HON-1", "remaining") == "-1"
    assert shown.oversold_note.isVisibleTo(shown)
    wait_for_jobs()


def test_handing_back_records_the_return_slip_and_saves_it(
        qtbot: QtBot, dialog: UnsoldDialog, sold: Market, tmp_path: Path) -> None:
    asked: list[str] = []
    offered: list[Path] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return len(asked) == 1  # yes to handing back, no to printing

    def ask_path(suggested: Path) -> Path:
        offered.append(suggested)
        return tmp_path / "slip"

    dialog.ask_confirm = confirm  # type: ignore[method-assign]
    dialog.ask_path = ask_path  # type: ignore[method-assign]
    dialog.select("COOP1")
    value = unsold.unsold_stock(sold.db, "COOP1", "MEK").value
    with qtbot.waitSignal(dialog.slip_done, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.hand_back_button, Qt.MouseButton.LeftButton)
    assert "COOP1" in asked[0] and money_text(value) in asked[0]
    assert "MEK-R-00001" in asked[1]
    assert offered == [Path.home() / "MEK-R-00001.pdf"]
    assert (tmp_path / "slip.pdf").read_bytes().startswith(b"%PDF")
    assert render_message(N_("Return slip {reference} recorded."),
                          {"reference": "MEK-R-00001"}) in dialog.message.text()
    assert str(tmp_path / "slip.pdf") in dialog.message.text()
    assert dialog.message.kind == "info"
    assert _slips(sold) == ["MEK-R-00001"]
    after = unsold.unsold_stock(sold.db, "COOP1", "MEK")
    assert all(p.remaining == 0 for p in after.products) and after.value == 0
    _loaded(qtbot, dialog)
    assert dialog.cell("COOP1", "to_return") == "0"
    assert dialog.cell("COOP1", "value") == money_text(0, currency=False)
    assert dialog.cell("COOP2", "to_return") == "2"  # the other cooperative keeps its goods


def test_printing_the_slip_without_a_printer_says_it_is_queued(
        qtbot: QtBot, dialog: UnsoldDialog, sold: Market) -> None:
    dialog.ask_path = lambda suggested: None  # type: ignore[method-assign]
    dialog.select("COOP2")
    with qtbot.waitSignal(dialog.slip_done, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.hand_back_button, Qt.MouseButton.LeftButton)
    text = dialog.message.text()
    assert render_message(N_("Return slip {reference} recorded."),
                          {"reference": "MEK-R-00001"}) in text
    queued = render_message(N_("Slip {reference} kept in the print queue: {reason}"),
                            {"reference": "MEK-R-00001", "reason": ""})
    assert queued in text
    assert dialog.message.kind == "fault"
    assert _slips(sold) == ["MEK-R-00001"]


def test_nothing_remaining_says_so_and_writes_nothing(
        qtbot: QtBot, dialog: UnsoldDialog, sold: Market, tmp_path: Path) -> None:
    unsold.hand_back(sold.db, sold.supervisor, "COOP1", "MEK")  # elsewhere, meanwhile
    paths: list[Path] = []

    def ask_path(suggested: Path) -> Path:
        paths.append(suggested)
        return tmp_path / "slip.pdf"

    dialog.ask_path = ask_path  # type: ignore[method-assign]
    dialog.select("COOP1")  # the list, read before, still shows goods: the service refuses
    qtbot.mouseClick(dialog.hand_back_button, Qt.MouseButton.LeftButton)
    refusal = render_error(UserError(
        N_("Nothing of {code} remains at site {site}: there is nothing to hand back."),
        code="COOP1", site="MEK"))
    assert dialog.message.kind == "error" and dialog.message.text() == refusal
    assert paths == [] and not (tmp_path / "slip.pdf").exists()
    assert _slips(sold) == ["MEK-R-00001"]

    dialog.refresh()  # read again: nothing to hand back, said without asking
    _loaded(qtbot, dialog)
    asked: list[str] = []
    dialog.ask_confirm = lambda question: bool(asked.append(question))  # type: ignore[method-assign,func-returns-value]
    dialog.message.clear_message()
    qtbot.mouseClick(dialog.hand_back_button, Qt.MouseButton.LeftButton)
    assert asked == [] and dialog.message.text() == refusal
    assert paths == [] and _slips(sold) == ["MEK-R-00001"]


def test_a_refused_confirmation_hands_nothing_back(qtbot: QtBot, dialog: UnsoldDialog,
                                                   sold: Market) -> None:
    dialog.ask_confirm = lambda question: False  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.hand_back_button, Qt.MouseButton.LeftButton)
    assert _slips(sold) == []
    assert dialog.message.text() == ""


def test_a_cashier_cannot_hand_back(qtbot: QtBot, sold: Market) -> None:
    shown = _open(qtbot, sold, user=sold.cashier)
    assert not shown.hand_back_button.isEnabled()
    assert shown.hand_back_button.toolTip()
    shown.ask_confirm = lambda question: True  # type: ignore[method-assign]
    shown.hand_back_selected()
    assert _slips(sold) == []
    nobody = _open(qtbot, sold)
    assert not nobody.hand_back_button.isEnabled()
    assert nobody.save_button.isEnabled()  # the statements can still be saved
    wait_for_jobs()


def test_save_pdf_and_save_all(qtbot: QtBot, dialog: UnsoldDialog, tmp_path: Path) -> None:
    offered: list[Path] = []

    def ask_path(suggested: Path) -> Path:
        offered.append(suggested)
        return tmp_path / "coop2"

    dialog.ask_path = ask_path  # type: ignore[method-assign]
    dialog.select("COOP2")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert offered == [Path.home() / "unsold-COOP2.pdf"]
    assert (tmp_path / "coop2.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.message.kind == "info"

    dialog.ask_folder = lambda suggested: tmp_path / "all"  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_all_button, Qt.MouseButton.LeftButton)
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == ["unsold-COOP1.pdf", "unsold-COOP2.pdf"]
    assert str(tmp_path / "all") in dialog.message.text()


def test_a_period(qtbot: QtBot, dialog: UnsoldDialog, sold: Market) -> None:
    today = business_day(utc_now(), 240)
    dialog.set_period(today - timedelta(days=10), today - timedelta(days=5))
    _loaded(qtbot, dialog)
    assert dialog.dates.isChecked() and dialog.from_date.isEnabled()
    # the goods came after those days: nothing to list
    assert unsold.unsold_stocks(sold.db, "MEK", today - timedelta(days=10),
                                today - timedelta(days=5)) == []
    assert dialog.codes() == []
    assert dialog.empty.isVisibleTo(dialog) and not dialog.table.isVisibleTo(dialog)
    assert not dialog.save_all_button.isEnabled()
    dialog.set_period(today, today)
    _loaded(qtbot, dialog)
    assert dialog.codes() == ["COOP1", "COOP2"]
    dialog.set_period(today, today - timedelta(days=1))
    _loaded(qtbot, dialog)
    assert dialog.message.kind == "error"
    qtbot.mouseClick(dialog.everything, Qt.MouseButton.LeftButton)
    _loaded(qtbot, dialog)
    assert dialog.start is None and not dialog.from_date.isEnabled()


def test_opened_on_a_period(qtbot: QtBot, sold: Market) -> None:
    today = business_day(utc_now(), 240)
    shown = _open(qtbot, sold, user=sold.supervisor, start=today, end=today)
    assert shown.dates.isChecked() and shown.to_date.isEnabled()
    assert (shown.start, shown.end) == (today, today)
    assert shown.data is not None and (shown.data.start, shown.data.end) == (today, today)
    assert shown.codes() == ["COOP1", "COOP2"]
    wait_for_jobs()


def test_arabic_mirrors_the_dialog(qtbot: QtBot, dialog: UnsoldDialog, sold: Market) -> None:
    app = create_application()
    apply_language(app, "ar")
    try:
        dialog.retranslate()
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.cell("COOP1", "name") == "تعاونية النحل"
        value = unsold.unsold_stock(sold.db, "COOP1", "MEK").value
        shown = dialog.cell("COOP1", "value")
        assert shown == money_text(value, currency=False)
        assert format_money(value, "ar", currency=False) in shown  # Latin digits, left to right
        dialog.select("COOP2")  # a right-to-left table selects too
        assert dialog.selected == "COOP2" and dialog.table.currentRow() == 1
        assert dialog.product_cell("OIL-1", "name") == "زيت الزيتون"
        # a negative quantity keeps its sign before its digits
        assert dialog.product_cell("SOAP-1", "adjusted") == "\u2066-2\u2069"
        header = dialog.table.horizontalHeaderItem(1)  # "Cooperative": already in the catalogs
        assert header is not None and any("\u0600" <= ch <= "\u06ff" for ch in header.text())
        assert "مكناس" in dialog.site.currentText()
    finally:
        apply_language(app, "fr")
    dialog.retranslate()
    assert current_language() == "fr"
    assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert dialog.cell("COOP1", "name") == "Coopérative des abeilles"
    assert "Meknès" in dialog.site.currentText()
