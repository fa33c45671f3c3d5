"""The organizers' settlements window over the market's ledger: list, preview, issue, PDFs, payouts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.money import format_plain
from possouk.domain.settlement import PayoutMethod
from possouk.i18n import current_language, render_error, render_message
from possouk.i18n.formatting import format_money
from possouk.services import printing, settlements
from possouk.ui.app import apply_language, create_application
from possouk.ui.settlement_window import SettlementWindow
from possouk.ui.widgets import money_text
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market

WAIT_MS = 10_000


def _loaded(qtbot: QtBot, window: SettlementWindow) -> None:
    """Wait until the list asked last is shown (it is read off the GUI thread)."""
    if window.loading:
        with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
            pass
    assert not window.loading


@pytest.fixture
def sold(market: Market) -> Market:
    """Honey and figs (COOP1, 10 %), oil and soap (COOP2, 15 %)."""
    market.sell([(market.honey, 1000)])
    market.sell([(market.oil, 1500), (market.soap, 2000)])
    market.sell([(market.figs, 750)])
    return market


@pytest.fixture
def window(qtbot: QtBot, sold: Market) -> Iterator[SettlementWindow]:
    create_application()
    shown = SettlementWindow(sold.db, user=sold.organizer, register_code="MEK1")
    qtbot.addWidget(shown)
    shown.show()
    _loaded(qtbot, shown)
    shown.ask_confirm = lambda question: True  # type: ignore[method-assign]
    yield shown
    wait_for_jobs()


def test_the_list_is_the_drafts_of_the_services(window: SettlementWindow, sold: Market) -> None:
    assert window.codes() == ["COOP1", "COOP2"]
    for code in ("COOP1", "COOP2"):
        draft = settlements.draft(sold.db, code)
        assert window.cell(code, "net_payable") == money_text(draft.net_payable, currency=False)
        assert window.cell(code, "gross_sales") == money_text(draft.gross_sales, currency=False)
        assert window.cell(code, "commission") == money_text(draft.commission, currency=False)
        assert window.cell(code, "balance_due") == money_text(0, currency=False)
    assert window.cell("COOP2", "name") == "Coopérative de l'olivier"
    # the first cooperative is previewed: its products and totals
    assert window.selected == "COOP1"
    draft = settlements.draft(sold.db, "COOP1")
    assert window.products.rowCount() == len(draft.products) == 2
    assert window.total_values["net_payable"].text() == money_text(draft.net_payable)
    window.select("COOP2")
    assert window.selected == "COOP2"
    assert window.products.rowCount() == 2
    item = window.products.item(0, 0)
    assert item is not None and item.text() == "Huile d'olive"


def test_issuing_one_writes_the_statement_and_the_list_follows(
        qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    net = settlements.draft(sold.db, "COOP1").net_payable
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return True

    window.ask_confirm = confirm  # type: ignore[method-assign]
    window.select("COOP1")
    qtbot.mouseClick(window.issue_button, Qt.MouseButton.LeftButton)
    assert "COOP1" in asked[0]
    assert [s.reference for s in settlements.statements(sold.db)] == ["REL-000001"]
    assert "REL-000001" in window.message.text() and window.message.kind == "info"
    _loaded(qtbot, window)
    # COOP1 stays listed: nothing left to settle, but the store owes it the statement's amount
    assert window.codes() == ["COOP1", "COOP2"]
    assert window.cell("COOP1", "net_payable") == money_text(0, currency=False)
    assert window.cell("COOP1", "balance_due") == money_text(net, currency=False)
    assert not window.issue_button.isEnabled()


def test_a_refused_confirmation_issues_nothing(qtbot: QtBot, window: SettlementWindow,
                                               sold: Market) -> None:
    window.ask_confirm = lambda question: False  # type: ignore[method-assign]
    qtbot.mouseClick(window.issue_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.issue_all_button, Qt.MouseButton.LeftButton)
    assert settlements.statements(sold.db) == []


def test_issue_all(qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    qtbot.mouseClick(window.issue_all_button, Qt.MouseButton.LeftButton)
    issued = settlements.statements(sold.db)
    assert [(s.reference, s.cooperative_code) for s in issued] == [
        ("REL-000001", "COOP1"), ("REL-000002", "COOP2")]
    assert "REL-000002" in window.message.text()
    _loaded(qtbot, window)
    assert settlements.cooperatives_to_settle(sold.db) == []
    assert not window.issue_all_button.isEnabled()
    for statement in issued:
        assert window.cell(statement.cooperative_code, "balance_due") == money_text(
            statement.net_payable, currency=False)


def test_a_period_without_sales_lists_nobody(qtbot: QtBot, window: SettlementWindow) -> None:
    today = business_day(utc_now(), 240)
    window.set_period(today - timedelta(days=10), today - timedelta(days=5))
    _loaded(qtbot, window)
    assert window.codes() == []
    assert window.empty.isVisibleTo(window) and not window.table.isVisibleTo(window)
    window.set_period(today, today)
    _loaded(qtbot, window)
    assert window.codes() == ["COOP1", "COOP2"]


def test_a_period_that_ends_before_it_starts_is_refused(qtbot: QtBot, window: SettlementWindow) -> None:
    today = business_day(utc_now(), 240)
    window.set_period(today, today - timedelta(days=1))
    _loaded(qtbot, window)
    assert window.message.kind == "error"
    assert window.message.text() == render_error(UserError(
        N_("The period ends before it starts ({start} to {end})."),
        start=today.isoformat(), end=(today - timedelta(days=1)).isoformat()))


def _issue(qtbot: QtBot, window: SettlementWindow, code: str) -> int:
    window.select(code)
    qtbot.mouseClick(window.issue_button, Qt.MouseButton.LeftButton)
    _loaded(qtbot, window)
    window.select(code)
    return settlements.balance(window.db, code).due


def test_a_payout_over_the_balance_is_refused(qtbot: QtBot, window: SettlementWindow,
                                              sold: Market) -> None:
    due = _issue(qtbot, window, "COOP1")
    window.amount.setText(format_plain(due + 100))
    window.method.setCurrentIndex(window.method.findData(PayoutMethod.CHEQUE.value))
    window.reference.setText("C-1")
    qtbot.mouseClick(window.pay_button, Qt.MouseButton.LeftButton)
    assert window.payout_message.kind == "error"
    assert window.payout_message.text() == render_error(UserError(
        N_("{code} is owed {due}: a payout of {amount} is more than that."),
        code="COOP1", due=format_plain(due), amount=format_plain(due + 100)))
    assert settlements.payouts(sold.db) == []


def test_a_cheque_without_its_number_is_refused(qtbot: QtBot, window: SettlementWindow,
                                                sold: Market) -> None:
    _issue(qtbot, window, "COOP1")
    window.amount.setText("10")
    window.method.setCurrentIndex(window.method.findData(PayoutMethod.CHEQUE.value))
    qtbot.mouseClick(window.pay_button, Qt.MouseButton.LeftButton)
    assert window.payout_message.kind == "error"
    assert settlements.payouts(sold.db) == []


def test_a_cash_payout_from_the_register_and_the_balance_follows(
        qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    due = _issue(qtbot, window, "COOP1")
    window.ask_amount = lambda initial: "50"  # type: ignore[method-assign]
    qtbot.mouseClick(window.keypad_button, Qt.MouseButton.LeftButton)
    assert window.amount.text() == "50"
    window.method.setCurrentIndex(window.method.findData(PayoutMethod.CASH.value))
    assert "MEK1" in window.method_note.text()
    with qtbot.waitSignal(window.payout_printed, timeout=10_000):
        qtbot.mouseClick(window.pay_button, Qt.MouseButton.LeftButton)
        assert window.payout_message.kind == "info", window.payout_message.text()
    [payout] = settlements.payouts(sold.db)
    assert payout.amount == 5000 and payout.method is PayoutMethod.CASH
    assert payout.reference.startswith("MEK1-C")
    # its paper, for the representative to sign: queued here (no printer), and said so
    assert window.payout_message.kind == "fault" and "PAY-000001" in window.payout_message.text()
    assert [job.reference for job in printing.pending(sold.db)] == ["PAY-000001"]
    _loaded(qtbot, window)
    assert window.cell("COOP1", "balance_due") == money_text(due - 5000, currency=False)
    assert window.balance_label.text() == render_message(
        "Balance due now: {amount}", {"amount": money_text(due - 5000)})


def test_save_pdf_and_save_all(qtbot: QtBot, window: SettlementWindow, tmp_path: Path) -> None:
    suggested: list[Path] = []

    def ask_path(path: Path) -> Path:
        suggested.append(path)
        return tmp_path / "coop1"

    window.ask_path = ask_path  # type: ignore[method-assign]
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert suggested[0].name == "DRAFT-COOP1.pdf"
    assert (tmp_path / "coop1.pdf").read_bytes().startswith(b"%PDF")
    assert window.message.kind == "info"

    window.ask_folder = lambda path: tmp_path / "batch"  # type: ignore[method-assign]
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.save_all_button, Qt.MouseButton.LeftButton)
    names = sorted(p.name for p in (tmp_path / "batch").iterdir())
    assert names == ["DRAFT-COOP1.pdf", "DRAFT-COOP2.pdf", "statements.csv", "statements.xlsx",
                     "summary.pdf"]

    # once issued, the cooperative's PDF is its last statement
    _issue(qtbot, window, "COOP1")
    with qtbot.waitSignal(window.saved, timeout=WAIT_MS):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert suggested[-1].name == "REL-000001-COOP1.pdf"


def test_without_the_permission_nothing_is_issued_or_paid(qtbot: QtBot, sold: Market) -> None:
    create_application()
    shown = SettlementWindow(sold.db, user=sold.supervisor)
    qtbot.addWidget(shown)
    _loaded(qtbot, shown)
    assert not shown.issue_button.isVisibleTo(shown)
    assert not shown.payout.isVisibleTo(shown)
    shown.issue_all()
    assert settlements.statements(sold.db) == []
    wait_for_jobs()


def test_arabic_mirrors_the_window(qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    app = create_application()
    apply_language(app, "ar")
    try:
        window.retranslate()
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.cell("COOP1", "name") == "تعاونية النحل"
        net = settlements.draft(sold.db, "COOP1").net_payable
        shown = window.cell("COOP1", "net_payable")
        assert shown == money_text(net, currency=False)
        assert format_money(net, "ar", currency=False) in shown  # Latin digits, kept left to right
        window.select("COOP2")  # a right-to-left table selects too
        assert window.selected == "COOP2" and window.table.currentRow() == 1
        item = window.products.item(0, 0)
        assert item is not None and item.text() == "زيت الزيتون"
        header = window.table.horizontalHeaderItem(5)  # "Net payable": already in the catalogs
        assert header is not None and any("\u0600" <= ch <= "\u06ff" for ch in header.text())
    finally:
        apply_language(app, "fr")
    window.retranslate()
    assert current_language() == "fr"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.cell("COOP1", "name") == "Coopérative des abeilles"


# -- opened from the cashier's window -----------------------------------------------------------


def test_the_window_opens_it_for_organizers_only(qtbot: QtBot, sold: Market, tmp_path: Path) -> None:
    from possouk.ui.main_window import MainWindow
    from possouk.ui.till import Till

    create_application()
    till = Till(sold.db, "MEK1")
    main = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "cfg")
    qtbot.addWidget(main)
    main.show()
    for login, pin in (("amina", "1111"), ("karim", "2222")):  # a cashier, a supervisor
        till.login(login, pin)
        main.show_screen("sale")
        assert main.settlements_button.isHidden()
        main.open_settlements()
        assert main.settlements is None
        main.switch_user_clicked()

    till.login("salma", "3333")  # an organizer
    main.show_screen("sale")
    assert not main.settlements_button.isHidden()
    qtbot.mouseClick(main.settlements_button, Qt.MouseButton.LeftButton)
    opened = main.settlements
    assert isinstance(opened, SettlementWindow) and opened.isVisible()
    assert opened.register_code == "MEK1"
    _loaded(qtbot, opened)
    assert opened.codes() == ["COOP1", "COOP2"]
    main.switch_user_clicked()  # the next person does not find the organizer's window open
    assert main.settlements is None
    wait_for_jobs()
