"""The settlements window's dialogs: the shared costs (list, split, form) and the statements
issued and payouts made (filter, PDF), over the market's ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.money import parse_amount
from possouk.domain.settlement import CostRule, PayoutMethod
from possouk.i18n import current_language, render_error
from possouk.i18n import gettext as _
from possouk.services import settlements
from possouk.ui.app import apply_language, create_application
from possouk.ui.period import to_qdate as _to_qdate
from possouk.ui.settlement_dialogs import RULE_LABELS, CostsDialog, HistoryDialog
from possouk.ui.settlement_window import METHOD_LABELS, SettlementWindow
from possouk.ui.widgets import money_text
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market

WAIT_MS = 10_000


def _loaded(qtbot: QtBot, window: SettlementWindow) -> None:
    if window.loading:
        with qtbot.waitSignal(window.loaded, timeout=WAIT_MS):
            pass
    assert not window.loading


@pytest.fixture
def sold(market: Market) -> Market:
    """Honey and figs (COOP1), oil and soap (COOP2), sold today at MEK."""
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
    yield shown
    wait_for_jobs()


def _costs(qtbot: QtBot, window: SettlementWindow) -> CostsDialog:
    qtbot.mouseClick(window.costs_button, Qt.MouseButton.LeftButton)
    dialog = window.dialogs["costs"]
    assert isinstance(dialog, CostsDialog) and dialog.isVisible()
    return dialog


def _history(qtbot: QtBot, window: SettlementWindow) -> HistoryDialog:
    qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
    dialog = window.dialogs["history"]
    assert isinstance(dialog, HistoryDialog) and dialog.isVisible()
    return dialog


def _type_cost(dialog: CostsDialog, label: str, amount: str, rule: CostRule) -> None:
    dialog.label.setText(label)
    dialog.amount.setText(amount)
    dialog.rule.setCurrentIndex(dialog.rule.findData(rule.value))


# -- shared costs ---------------------------------------------------------------------------------


def test_a_cost_split_equally_is_listed_and_changes_the_drafts(
        qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    dialog = _costs(qtbot, window)
    assert dialog.numbers() == [] and dialog.empty.isVisibleTo(dialog)
    today = business_day(utc_now(), 240)
    # the window lists everything not yet settled: the form proposes today
    assert dialog.from_date.date() == _to_qdate(today) == dialog.to_date.date()
    assert dialog.site.currentData() == "MEK"
    _type_cost(dialog, "Transport", "100", CostRule.EQUAL)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    [(cost, shares)] = settlements.costs(sold.db)
    assert (cost.label, cost.amount, cost.rule) == ("Transport", 10_000, CostRule.EQUAL)
    assert {s.cooperative_code: s.amount for s in shares} == {"COOP1": 5000, "COOP2": 5000}
    assert dialog.message.kind == "info"
    assert "COOP1" in dialog.message.text() and money_text(5000) in dialog.message.text()
    assert dialog.numbers() == [cost.number] and dialog.table.isVisibleTo(dialog)
    assert dialog.share_texts() == {"COOP1": money_text(5000), "COOP2": money_text(5000)}
    rule = dialog.table.item(0, 4)
    assert rule is not None and rule.text() == _(RULE_LABELS[CostRule.EQUAL])
    assert dialog.amount.text() == "" and dialog.label.text() == ""

    _loaded(qtbot, window)  # the window read its drafts again
    for code in ("COOP1", "COOP2"):
        assert settlements.draft(sold.db, code).shared_costs == 5000
        assert window.cell(code, "shared_costs") == money_text(5000, currency=False)


def test_a_bad_amount_or_period_is_said_and_nothing_written(
        qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    dialog = _costs(qtbot, window)
    _type_cost(dialog, "Stand", "12,345", CostRule.SALES)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.kind == "error"
    with pytest.raises(UserError) as refused:
        parse_amount("12,345")
    assert dialog.message.text() == render_error(refused.value)
    assert settlements.costs(sold.db) == []

    today = business_day(utc_now(), 240)
    dialog.amount.setText("50")
    dialog.to_date.setDate(_to_qdate(today - timedelta(days=1)))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == render_error(UserError(
        N_("The period ends before it starts ({start} to {end})."),
        start=today.isoformat(), end=(today - timedelta(days=1)).isoformat()))
    assert settlements.costs(sold.db) == [] and dialog.numbers() == []
    assert dialog.amount.text() == "50"  # what was typed stays to be corrected


def test_without_the_permission_no_cost_is_added(qtbot: QtBot, sold: Market) -> None:
    create_application()
    shown = SettlementWindow(sold.db, user=sold.supervisor)
    qtbot.addWidget(shown)
    _loaded(qtbot, shown)
    assert not shown.costs_button.isEnabled()
    assert shown.history_button.isEnabled()  # the history is for whoever opens the window
    shown.open_costs()
    assert "costs" not in shown.dialogs

    today = business_day(utc_now(), 240)
    dialog = CostsDialog(sold.db, shown, user=sold.cashier, start=today, end=today)
    qtbot.addWidget(dialog)
    assert not dialog.form.isEnabled()
    _type_cost(dialog, "Transport", "100", CostRule.EQUAL)
    dialog.add()
    assert settlements.costs(sold.db) == []
    wait_for_jobs()


# -- statements and payouts -----------------------------------------------------------------------


def test_an_issued_statement_is_listed_and_its_pdf_saved(
        qtbot: QtBot, window: SettlementWindow, sold: Market, tmp_path: Path) -> None:
    issued = settlements.issue(sold.db, sold.organizer, "COOP1")
    window.select("COOP2")
    dialog = _history(qtbot, window)
    assert dialog.cooperative() == "COOP2"  # the window's cooperative first
    assert dialog.references() == [] and dialog.no_statement.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.show_cooperative(None)
    assert dialog.references() == ["REL-000001"]
    row = {key: dialog.statement_table.item(0, c).text()  # type: ignore[union-attr]
           for c, key in enumerate(["reference", "code", "name", "issued", "period", "net"])}
    assert row["code"] == "COOP1" and row["name"] == "Coopérative des abeilles"
    assert row["net"] == money_text(issued.net_payable)

    suggested: list[Path] = []

    def ask_path(path: Path) -> Path | None:
        suggested.append(path)
        return tmp_path / "statement"

    dialog.ask_path = ask_path  # type: ignore[method-assign]
    dialog.select("REL-000001")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert suggested[0].name == "REL-000001-COOP1.pdf"
    assert dialog.message.kind == "info", dialog.message.text()
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "statement.pdf").pages)
    assert "REL-000001" in text


def test_payouts_are_listed_for_the_cooperative_chosen(
        qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    settlements.issue(sold.db, sold.organizer, "COOP1")
    settlements.issue(sold.db, sold.organizer, "COOP2")
    due = settlements.balance(sold.db, "COOP1").due
    payout = settlements.pay(sold.db, sold.organizer, "COOP1", due, PayoutMethod.CHEQUE, "CHQ-77")
    window.select("COOP1")
    dialog = _history(qtbot, window)
    assert dialog.references() == ["REL-000001"] and dialog.documents() == ["PAY-000001"]
    cells = [dialog.payout_table.item(0, c).text()  # type: ignore[union-attr]
             for c in range(dialog.payout_table.columnCount())]
    assert cells[0] == payout.document and cells[1] == "COOP1"
    assert cells[4] == _(METHOD_LABELS[PayoutMethod.CHEQUE])
    assert cells[5] == "CHQ-77" and cells[6] == money_text(due)
    dialog.show_cooperative("COOP2")
    assert dialog.references() == ["REL-000002"] and dialog.documents() == []
    assert dialog.no_payout.isVisibleTo(dialog)
    dialog.filter.setCurrentIndex(0)  # all cooperatives
    assert dialog.references() == ["REL-000002", "REL-000001"]  # the last issued first
    assert dialog.documents() == ["PAY-000001"]


def test_arabic_mirrors_the_dialogs(qtbot: QtBot, window: SettlementWindow, sold: Market) -> None:
    settlements.issue(sold.db, sold.organizer, "COOP1")
    costs = _costs(qtbot, window)
    history = _history(qtbot, window)
    app = create_application()
    apply_language(app, "ar")
    try:
        window.retranslate()
        for dialog in (costs, history):
            assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        name = history.statement_table.item(0, 2)
        assert name is not None and name.text() == "تعاونية النحل"
        rule = costs.rule.itemText(0)
        assert any("\u0600" <= ch <= "\u06ff" for ch in rule)  # "Equal shares": in the catalogs
        assert history.filter.itemText(1).startswith("COOP1")
    finally:
        apply_language(app, "fr")
    window.retranslate()
    assert current_language() == "fr"
    for dialog in (costs, history):
        assert dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight
