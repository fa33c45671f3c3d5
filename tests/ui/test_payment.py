"""The payment screen: a full sale from the scanner to the printed receipt, split payments, once only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.domain.barcode import DEFAULT_SCALE_RULES, scale_barcode
from possouk.domain.errors import UserError
from possouk.domain.model import PaymentMethod
from possouk.hardware.printers import PrinterConfig, PrinterKind
from possouk.services.printing import set_printer
from possouk.ui.screens.payment import PaymentScreen
from possouk.ui.screens.sale import SaleScreen
from possouk.ui.till import Till
from possouk.ui.workers import pending_jobs
from tests.conftest import Market


@pytest.fixture
def screens(qtbot: QtBot, cashier_till: Till) -> tuple[SaleScreen, PaymentScreen]:
    sale, payment = SaleScreen(cashier_till), PaymentScreen(cashier_till)
    for screen in (sale, payment):
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
    sale.show()
    sale.activated()
    return sale, payment


def _printer(market: Market, tmp_path: Path) -> Path:
    out = tmp_path / "printer.bin"
    set_printer(market.db, market.organizer, PrinterConfig(PrinterKind.FILE, path=str(out)))
    return out


def _sale_count(till: Till) -> int:
    count = 0
    while True:
        try:
            till.find_sale(f"MEK1-{count + 1:06d}")
        except UserError:
            return count
        count += 1


def test_a_full_sale_scanned_split_cash_and_card_printed_with_the_drawer(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, tmp_path: Path, qtbot: QtBot) -> None:
    sale, payment = screens
    out = _printer(market, tmp_path)
    assert market.figs.scale_code is not None
    for code in (market.honey.barcode, market.soap.barcode,
                 scale_barcode(DEFAULT_SCALE_RULES[0], market.figs.scale_code, 750)):
        assert sale.scanned(code)
    assert sale.message.kind == ""
    assert sale.till.cart.total == 12000 + 1250 + 3375
    with qtbot.waitSignal(sale.go):
        sale.pay()
    payment.show()
    payment.activated()
    assert "166,25" in payment.due_label.text()
    qtbot.keyClicks(payment.entry, "100")
    payment.add_button.click()
    assert "66,25" in payment.left_label.text()
    payment.choose(PaymentMethod.CARD)
    with qtbot.waitSignal(payment.go) as shown:
        qtbot.mouseClick(payment.confirm_button, Qt.MouseButton.LeftButton)  # card: what is left
    assert shown.args == ["sale"]
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    assert payment.last_sale is not None
    recorded = payment.till.find_sale(payment.last_sale.reference)
    assert [line.sku for line in recorded.lines] == ["HON-1", "SOAP-1", "FIG-1"]
    assert recorded.lines[2].quantity == 750
    assert [(p.method, p.amount) for p in recorded.payments] == [
        (PaymentMethod.CASH, 10000), (PaymentMethod.CARD, 6625)]
    assert payment.till.cart.items == []
    data = out.read_bytes()
    assert b"\x1dv0" in data  # the receipt as a raster image
    assert b"\x1bp" in data  # the drawer's pulse
    assert sale.message.kind == "info"  # "Sale MEK1-000001 recorded."
    assert recorded.reference in sale.message.text()


def test_cash_handed_over_shows_the_change_and_quick_notes_add_up(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, qtbot: QtBot) -> None:
    sale, payment = screens
    sale.scanned(market.soap.barcode)  # 12.50
    payment.activated()
    payment.note_buttons[0].click()  # 20 DH
    assert "7,50" in payment.change_label.text()
    payment.note_buttons[1].click()  # and 50 DH
    assert payment.entry.text() == "70"
    assert "57,50" in payment.change_label.text()
    payment.exact_button.click()
    assert payment.entry.text() == "12,50"
    assert "0,00" in payment.change_label.text()


def test_paying_too_little_is_refused_and_nothing_is_recorded(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, qtbot: QtBot) -> None:
    sale, payment = screens
    sale.scanned(market.honey.barcode)
    payment.activated()
    payment.entry.setText("10")
    with qtbot.assertNotEmitted(payment.go):
        assert payment.confirm() is None
    assert payment.message.kind == "error"
    assert "110.00" in payment.message.text()
    assert _sale_count(payment.till) == 0
    assert len(payment.till.cart.items) == 1
    assert payment.payments == []
    assert payment.confirm_button.isEnabled()


def test_pressing_confirm_twice_quickly_records_one_sale(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, qtbot: QtBot) -> None:
    sale, payment = screens
    sale.scanned(market.honey.barcode)
    payment.show()
    payment.activated()
    qtbot.mouseClick(payment.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(payment.confirm_button, Qt.MouseButton.LeftButton)
    assert payment.confirm() is None
    qtbot.keyClick(payment.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    assert _sale_count(payment.till) == 1
    assert not payment.confirm_button.isEnabled()
    payment.activated()  # the next customer
    assert payment.confirm_button.isEnabled()


def test_a_printer_problem_is_shown_on_the_sale_screen_and_does_not_block(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, qtbot: QtBot) -> None:
    sale, payment = screens  # no printer set up
    sale.scanned(market.soap.barcode)
    payment.activated()
    assert payment.confirm() is not None
    qtbot.waitUntil(lambda: sale.message.kind == "fault")
    assert "MEK1-000001" in sale.message.text()
    assert sale.scanned(market.soap.barcode)  # the next sale goes on
    assert len(sale.till.cart.items) == 1


def test_cash_alone_is_rounded_when_the_store_rounds(
        screens: tuple[SaleScreen, PaymentScreen], market: Market) -> None:
    sale, payment = screens
    sale.scanned(market.soap.barcode)
    payment.activated()
    assert payment.due() == payment.till.due([PaymentMethod.CASH])
    payment.choose(PaymentMethod.MOBILE)
    assert payment.due() == payment.till.cart.total


def test_a_scan_while_paying_is_refused_not_typed_as_an_amount(
        screens: tuple[SaleScreen, PaymentScreen], market: Market) -> None:
    sale, payment = screens
    sale.scanned(market.soap.barcode)
    payment.activated()
    assert payment.scanned(market.honey.barcode)
    assert payment.message.kind == "error"
    assert payment.entry.text() == ""
    assert _skus_of(payment) == ["SOAP-1"]


def _skus_of(payment: PaymentScreen) -> list[str]:
    return [i.product.sku for i in payment.till.cart.items]


def test_the_change_to_give_stays_on_the_sale_screen_until_the_next_scan(
        screens: tuple[SaleScreen, PaymentScreen], market: Market, qtbot: QtBot) -> None:
    sale, payment = screens
    sale.scanned(market.soap.barcode)  # 12.50
    payment.activated()
    payment.note_buttons[0].click()  # 20 DH handed over
    with qtbot.waitSignal(payment.go):
        payment.confirm()
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    # No printer is set up: the receipt waits, said below the change, which stays (no timeout).
    first, kept = sale.message.text().split("\n")
    assert "7,50" in first and "MEK1-000001" in kept
    assert not sale.message._timer.isActive()
    sale.scanned(market.honey.barcode)
    assert sale.message.text() == ""
