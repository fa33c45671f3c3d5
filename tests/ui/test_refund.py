"""The refund screen: find a sale (typed or scanned), pick lines, a supervisor approves, once only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.model import PaymentMethod, Sale, SaleKind
from possouk.hardware.printers import PrinterConfig, PrinterKind
from possouk.services.printing import set_printer
from possouk.ui.screens.refund import RefundScreen
from possouk.ui.till import Till
from possouk.ui.workers import pending_jobs
from tests.conftest import Market


@pytest.fixture
def refund(qtbot: QtBot, cashier_till: Till) -> RefundScreen:
    screen = RefundScreen(cashier_till)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.activated()
    return screen


@pytest.fixture
def sold(market: Market) -> Sale:
    return market.sell([(market.honey, 2000), (market.figs, 500)])


def _karim(monkeypatch: pytest.MonkeyPatch, screen: RefundScreen) -> list[str]:
    asked: list[str] = []

    def karim(reason: str) -> tuple[str, str]:
        asked.append(reason)
        return "karim", "2222"

    monkeypatch.setattr(screen, "ask_supervisor", karim)
    return asked


def test_a_partial_refund_approved_by_a_supervisor_prints_its_receipt(
        refund: RefundScreen, sold: Sale, market: Market, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    set_printer(market.db, market.organizer, PrinterConfig(PrinterKind.PREVIEW, path=str(tmp_path)))
    qtbot.keyClicks(refund.number, sold.reference.lower())
    qtbot.keyClick(refund.number, Qt.Key.Key_Return)
    assert refund.sale is not None and refund.sale.id == sold.id
    assert refund.table.rowCount() == 2
    refund.pick(0, 1000)  # one honey jar of two
    refund.choose(PaymentMethod.CARD)
    asked = _karim(monkeypatch, refund)
    back = refund.confirm()
    assert back is not None and back.kind is SaleKind.REFUND
    assert asked  # amina may not refund: karim's PIN was asked
    assert back.total == -12000
    assert [p.method for p in back.payments] == [PaymentMethod.CARD]
    assert refund.message.kind == "info"
    assert back.reference in refund.message.text()
    left = refund.till.refundable(sold)
    assert left[sold.lines[0].id] == 1000
    assert refund.till.approver is None  # the refund's approval does not approve the cart
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    assert any(tmp_path.glob("*.escpos"))


def test_a_supervisor_refunds_without_being_asked(
        qtbot: QtBot, till: Till, sold: Sale, monkeypatch: pytest.MonkeyPatch) -> None:
    till.login("karim", "2222")
    screen = RefundScreen(till)
    qtbot.addWidget(screen)
    asked = _karim(monkeypatch, screen)
    screen.find_sale(sold.reference)
    screen.all_button.click()
    back = screen.confirm()
    assert back is not None and back.total == -sold.total
    assert asked == []


def test_no_approval_no_refund(refund: RefundScreen, sold: Sale, monkeypatch: pytest.MonkeyPatch) -> None:
    refund.find_sale(sold.reference)
    refund.pick_all()
    monkeypatch.setattr(refund, "ask_supervisor", lambda reason: None)
    assert refund.confirm() is None
    assert refund.message.kind == "error"
    monkeypatch.setattr(refund, "ask_supervisor", lambda reason: ("amina", "1111"))
    assert refund.confirm() is None
    assert "Amina" in refund.message.text()
    assert refund.till.refundable(sold) == {line.id: line.quantity for line in sold.lines}


def test_scanning_the_receipt_barcode_opens_the_sale(refund: RefundScreen, sold: Sale) -> None:
    assert refund.scanned(sold.reference)
    assert refund.sale is not None and refund.sale.id == sold.id
    assert refund.number.text() == sold.reference


@pytest.mark.parametrize("code", ["MEK1-999999", "XYZ9-000001", "4006381333931"])
def test_an_unknown_receipt_says_so(refund: RefundScreen, code: str) -> None:
    assert refund.scanned(code)
    assert refund.sale is None
    assert refund.message.kind == "error"


def test_everything_already_refunded_is_said_and_nothing_more_comes_back(
        refund: RefundScreen, sold: Sale, monkeypatch: pytest.MonkeyPatch) -> None:
    _karim(monkeypatch, refund)
    refund.find_sale(sold.reference)
    refund.pick_all()
    assert refund.confirm() is not None
    refund.find_sale(sold.reference)
    assert refund.message.kind == "error"
    assert "already" in refund.message.text() or "déjà" in refund.message.text()
    refund.pick_all()
    assert refund.confirm() is None
    refund.pick(0, 1000)
    assert refund.message.kind == "error"  # more than is left


def test_confirm_twice_records_one_refund(
        refund: RefundScreen, sold: Sale, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    _karim(monkeypatch, refund)
    refund.find_sale(sold.reference)
    refund.pick(1, 250)
    key = refund.client_key
    first = refund.confirm()
    assert first is not None
    assert refund.confirm() is None  # nothing ticked any more
    again = refund.till.refund(sold, [], PaymentMethod.CASH, refund.till.user, key)  # the same key
    assert again.id == first.id
    assert refund.till.refundable(sold)[sold.lines[1].id] == 250


def test_a_refund_cannot_be_refunded(
        refund: RefundScreen, sold: Sale, monkeypatch: pytest.MonkeyPatch) -> None:
    _karim(monkeypatch, refund)
    refund.find_sale(sold.reference)
    refund.pick_all()
    back = refund.confirm()
    assert back is not None
    assert refund.find_sale(back.reference) is None
    assert refund.message.kind == "error"


def test_the_quantity_key_sets_what_comes_back(
        refund: RefundScreen, sold: Sale, monkeypatch: pytest.MonkeyPatch) -> None:
    refund.find_sale(sold.reference)
    refund.table.selectRow(1)
    monkeypatch.setattr(refund, "ask_value", lambda *a, **k: "0,2")
    refund.quantity_button.click()
    assert refund.wanted == {sold.lines[1].id: 200}
    assert refund.confirm_button.isEnabled()
