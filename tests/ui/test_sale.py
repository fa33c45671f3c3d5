"""The sale screen on a real ledger: scanning, searching, the cart's keys, approvals, parking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from possouk.domain.barcode import ean_check_digit, internal_ean13
from possouk.hardware.printers import PrinterConfig, PrinterKind
from possouk.i18n import set_language
from possouk.services.printing import set_printer
from possouk.ui.screens.payment import PaymentScreen
from possouk.ui.screens.refund import RefundScreen
from possouk.ui.screens.sale import SaleScreen
from possouk.ui.till import Till
from possouk.ui.workers import pending_jobs
from tests.conftest import Market


def _skus(screen: SaleScreen) -> list[tuple[str, int]]:
    return [(i.product.sku, i.quantity) for i in screen.till.cart.items]


def test_scans_add_lines_and_select_the_changed_one(sale: SaleScreen, market: Market) -> None:
    assert sale.scanned(market.honey.barcode)
    assert sale.scanned(market.soap.barcode)
    assert sale.scanned(market.honey.barcode)  # not the last line: a line of its own
    assert sale.scanned(market.honey.barcode)  # the last line: one more piece
    assert _skus(sale) == [("HON-1", 1000), ("SOAP-1", 1000), ("HON-1", 2000)]
    assert sale.cart_view.current_row() == 2
    assert sale.model.rowCount() == 3
    assert "372,50" in sale.total_label.text()


@pytest.mark.parametrize("code", [
    "4006381333932",  # a wrong check digit
    "12345",  # a wrong length
    "&é(-è_",  # a burst of garbage
])
def test_a_bad_barcode_shows_one_message_and_leaves_the_cart(
        sale: SaleScreen, market: Market, code: str) -> None:
    sale.scanned(market.soap.barcode)
    before = list(sale.till.cart.items)
    assert sale.scanned(code)
    assert sale.till.cart.items == before
    assert sale.message.kind == "error"
    assert sale.message.text().count("\n") == 0


def test_an_unknown_barcode_says_so(sale: SaleScreen) -> None:
    code = internal_ean13(987_654)
    sale.scanned(code)
    assert sale.till.cart.items == []
    assert sale.message.kind == "error"
    assert code in sale.message.text()


def test_a_wrong_check_digit_is_named(sale: SaleScreen, market: Market) -> None:
    good = market.honey.barcode
    bad = good[:-1] + str((ean_check_digit(good[:-1]) + 1) % 10)
    sale.scanned(bad)
    assert sale.till.cart.items == []
    assert bad in sale.message.text()


def test_search_in_french_and_arabic_shows_buttons_that_add(sale: SaleScreen, qtbot: QtBot) -> None:
    found = sale.search_now("miel")
    assert [p.sku for p in found] == ["HON-1"]
    assert len(sale.product_buttons) == 1
    qtbot.mouseClick(sale.product_buttons[0], Qt.MouseButton.LeftButton)
    assert _skus(sale) == [("HON-1", 1000)]
    assert [p.sku for p in sale.search_now("صابون")] == ["SOAP-1"]
    assert [p.sku for p in sale.search_now("OIL-1")] == ["OIL-1"]


def test_typing_in_the_search_box_searches_after_a_pause(sale: SaleScreen, qtbot: QtBot) -> None:
    qtbot.keyClicks(sale.search, "sav")
    qtbot.waitUntil(lambda: [p.sku for p in sale.results] == ["SOAP-1"])


def test_category_tiles_then_products(sale: SaleScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    sale.show_categories()
    assert sale.product_buttons == []
    sale.show_category("figs")
    assert [p.sku for p in sale.results] == ["FIG-1"]
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "1,250")
    sale.product_buttons[0].click()  # weighed: its weight is asked at once
    assert _skus(sale) == [("FIG-1", 1250)]
    assert "kg" in sale.model.data(sale.model.index(0, 1))


def test_a_weighed_product_whose_weight_is_not_given_is_not_added(
        sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: None)
    sale.add(market.oil)
    assert sale.till.cart.items == []


def test_plus_minus_quantity_and_remove(sale: SaleScreen, market: Market,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sale.scanned(market.soap.barcode)
    sale.plus_button.click()
    sale.plus_button.click()
    assert _skus(sale) == [("SOAP-1", 3000)]
    sale.minus_button.click()
    assert _skus(sale) == [("SOAP-1", 2000)]
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "5")
    sale.quantity_button.click()
    assert _skus(sale) == [("SOAP-1", 5000)]
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "1,5")
    sale.quantity_button.click()  # a piece cannot be cut
    assert _skus(sale) == [("SOAP-1", 5000)]
    assert sale.message.kind == "error"
    sale.remove_button.click()
    assert sale.till.cart.items == []
    assert "0,00" in sale.total_label.text()


def test_weight_key_on_a_weighed_line(sale: SaleScreen, market: Market,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "0,5")
    sale.add(market.figs)
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "0,875")
    sale.weight_button.click()
    assert _skus(sale) == [("FIG-1", 875)]
    sale.plus_button.click()  # +1 makes no sense on a weight: refused, unchanged
    assert _skus(sale) == [("FIG-1", 875)]
    assert sale.message.kind == "error"


def test_a_price_override_is_refused_to_a_cashier_and_accepted_with_a_supervisor_pin(
        sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    sale.scanned(market.soap.barcode)
    asked: list[str] = []

    def nobody(reason: str) -> None:
        asked.append(reason)
        return None

    monkeypatch.setattr(sale, "ask_supervisor", nobody)
    assert not sale.override_price("10")
    assert sale.till.cart.items[0].unit_price == 1250
    assert asked and sale.message.kind == "error"

    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: ("amina", "1111"))
    assert not sale.override_price("10")
    assert sale.till.cart.items[0].unit_price == 1250
    assert "Amina" in sale.message.text()

    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: ("karim", "2222"))
    assert sale.override_price("10")
    assert sale.till.cart.items[0].unit_price == 1000
    assert sale.till.needs_approval() == set()


def test_a_price_under_the_minimum_needs_a_supervisor_even_by_discount(
        sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    sale.scanned(market.honey.barcode)  # 120.00, minimum 100.00
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "30")
    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: None)
    sale.discount_button.click()
    assert sale.till.cart.items[0].discount == 0
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "10")
    sale.discount_button.click()  # a cashier may give a discount above the minimum
    assert sale.till.cart.items[0].discount == 1000


def test_paying_asks_the_approval_a_recalled_cart_needs(
        sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    sale.scanned(market.soap.barcode)
    sale.till.cart.set_price(0, 1000)  # changed while another cashier's approval stood
    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: None)
    with qtbot.assertNotEmitted(sale.go):
        sale.pay_button.click()
    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: ("karim", "2222"))
    with qtbot.waitSignal(sale.go) as shown:
        sale.pay_button.click()
    assert shown.args == ["payment"]


def test_an_empty_cart_cannot_be_paid(sale: SaleScreen, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(sale.go):
        sale.pay()
    assert sale.message.kind == "error"


def test_park_and_recall(sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    sale.scanned(market.honey.barcode)
    sale.park_button.click()
    assert sale.till.cart.items == []
    assert len(sale.till.parked) == 1
    sale.scanned(market.soap.barcode)
    shown: list[list[str]] = []

    def first(title: str, lines: list[str]) -> int:
        shown.append(lines)
        return 0

    monkeypatch.setattr(sale, "ask_choice", first)
    sale.recall_button.click()
    assert _skus(sale) == [("HON-1", 1000)]
    assert "120,00" in shown[0][0]
    assert [p.cart.items[0].product.sku for p in sale.till.parked] == ["SOAP-1"]


def test_keyboard_shortcuts_are_shown_and_work(sale: SaleScreen, market: Market, qtbot: QtBot) -> None:
    for button, key in ((sale.pay_button, "F12"), (sale.park_button, "F8"), (sale.recall_button, "F9"),
                        (sale.remove_button, "Del"), (sale.refund_button, "F11"),
                        (sale.reprint_button, "Ctrl+P"), (sale.weight_button, "F4")):
        assert key in button.text()
    sale.activateWindow()
    qtbot.waitUntil(sale.isActiveWindow)
    sale.search.setFocus()
    sale.scanned(market.soap.barcode)
    qtbot.keyClick(sale.search, Qt.Key.Key_Plus)
    assert _skus(sale) == [("SOAP-1", 2000)]
    with qtbot.waitSignal(sale.go) as shown:
        qtbot.keyClick(sale.search, Qt.Key.Key_F11)
    assert shown.args == ["refund"]


def test_reprint_a_receipt_in_the_background(
        sale: SaleScreen, market: Market, tmp_path: Path, qtbot: QtBot) -> None:
    set_printer(market.db, market.organizer, PrinterConfig(PrinterKind.PREVIEW, path=str(tmp_path)))
    sold = market.sell([(market.soap, 1000)])
    sale.reprint(sold.reference)
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    assert sale.message.kind == "info"
    assert sold.reference in sale.message.text()
    assert any(tmp_path.glob("*.escpos"))


@pytest.fixture
def arabic() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield
    set_language("fr")
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def _x(widget: QWidget, screen: QWidget) -> int:
    return widget.mapTo(screen, QPoint(0, 0)).x()


def test_arabic_lays_the_screen_out_right_to_left(
        sale: SaleScreen, market: Market, qtbot: QtBot, arabic: None) -> None:
    sale.scanned(market.honey.barcode)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert _x(sale.total_label, sale) > _x(sale.cart_view, sale)  # French: cart first, total after
    set_language("ar")
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    sale.retranslate()
    qtbot.waitUntil(lambda: _x(sale.total_label, sale) < _x(sale.cart_view, sale))
    assert sale.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert _x(sale.pay_button, sale) < _x(sale.remove_button, sale)
    assert "عسل" in sale.model.data(sale.model.index(0, 0))
    assert "د.م." in sale.total_label.text()


def test_in_a_stack_only_the_shown_screen_answers_its_keys(
        qtbot: QtBot, cashier_till: Till, market: Market) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    sale = SaleScreen(cashier_till)
    payment = PaymentScreen(cashier_till)
    refund = RefundScreen(cashier_till)
    for screen in (sale, payment, refund):
        stack.addWidget(screen)
    stack.show()
    qtbot.waitExposed(stack)
    stack.activateWindow()
    qtbot.waitUntil(stack.isActiveWindow)
    sale.activated()
    sale.scanned(market.soap.barcode)
    with qtbot.waitSignal(sale.go) as shown, qtbot.assertNotEmitted(payment.go), \
            qtbot.assertNotEmitted(refund.go):
        qtbot.keyClick(sale.search, Qt.Key.Key_F12)
    assert shown.args == ["payment"]


def test_a_weighed_product_scanned_by_its_own_barcode_is_weighed_at_once(
        sale: SaleScreen, market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "0,640")
    sale.scanned(market.oil.barcode)
    assert _skus(sale) == [("OIL-1", 640)]
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: None)
    sale.scanned(market.oil.barcode)  # no weight given: no line
    assert _skus(sale) == [("OIL-1", 640)]


def test_reprinting_an_unknown_receipt_says_so(sale: SaleScreen, qtbot: QtBot) -> None:
    sale.reprint("MEK1-999999")
    qtbot.waitUntil(lambda: pending_jobs() == 0 and sale.message.kind == "error")
    assert "MEK1-999999" in sale.message.text()


def test_in_arabic_a_scanned_line_is_selected_and_its_keys_work(
        sale: SaleScreen, market: Market, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        arabic: None) -> None:
    set_language("ar")
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    sale.retranslate()
    assert sale.cart_view.isRightToLeft()
    sale.activateWindow()
    qtbot.waitUntil(sale.isActiveWindow)
    sale.search.setFocus()
    sale.scanned(market.soap.barcode)
    assert sale.cart_view.current_row() == 0
    qtbot.keyClick(sale.search, Qt.Key.Key_Plus)
    assert _skus(sale) == [("SOAP-1", 2000)]
    assert sale.message.kind != "error"
    sale.scanned(market.honey.barcode)
    assert sale.cart_view.current_row() == 1
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "4")
    sale.quantity_button.click()  # F3 on the line just scanned
    assert _skus(sale) == [("SOAP-1", 2000), ("HON-1", 4000)]
    assert sale.message.kind != "error"
    sale.select_line(0)
    sale.remove_button.click()
    assert _skus(sale) == [("HON-1", 4000)]
    assert sale.cart_view.current_row() == 0


def test_the_cart_table_shows_each_change(sale: SaleScreen, market: Market,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def shown() -> list[list[str]]:
        return [[sale.model.data(sale.model.index(row, column)) for column in range(4)]
                for row in range(sale.model.rowCount())]

    sale.scanned(market.soap.barcode)
    sale.scanned(market.honey.barcode)
    sale.scanned(market.honey.barcode)  # the same line: its quantity and total change
    rows = shown()
    assert [row[1] for row in rows] == ["1", "2"]
    assert sale.model.rowCount() == len(sale.till.cart.items) == 2
    monkeypatch.setattr(sale, "ask_value", lambda *a, **k: "10")
    monkeypatch.setattr(sale, "ask_supervisor", lambda reason: ("karim", "2222"))
    sale.ticket_button.click()  # the sale discount changes every line's total
    after = shown()
    assert [row[:3] for row in after] == [row[:3] for row in rows]
    assert [row[3] for row in after] != [row[3] for row in rows]
    sale.select_line(0)
    sale.remove_button.click()
    assert sale.model.rowCount() == 1
    assert shown()[0][1] == "2"
    sale.till.clear_cart()
    sale.refresh()
    assert sale.model.rowCount() == 0 and sale.cart_view.current_row() == -1


def test_tiles_are_reused_and_each_adds_what_it_shows(sale: SaleScreen, market: Market) -> None:
    sale.search_now("miel")
    honey_tile = sale.product_buttons[0]
    sale.show_categories()
    assert sale.product_buttons == []
    sale.search_now("savon")
    assert len(sale.product_buttons) == 1 and sale.product_buttons[0] is honey_tile
    assert "SOAP-1" not in honey_tile.accessibleName() and honey_tile.isVisible()
    honey_tile.click()
    assert _skus(sale) == [("SOAP-1", 1000)]
    sale.search_now("zzzz-nothing")
    assert sale.product_buttons == [] and not honey_tile.isVisible()


def test_escape_clears_the_search_and_searches_no_more(sale: SaleScreen) -> None:
    sale.search.setText("miel")  # typing: the search waits for a pause
    sale.clear_search()
    assert sale.search.text() == "" and sale.category is None
    assert not sale._search_timer.isActive()


def test_a_large_amount_widens_its_column_instead_of_being_cut(sale: SaleScreen, market: Market) -> None:
    sale.scanned(market.honey.barcode)
    sale.till.cart.set_quantity(0, 9_999_000)
    sale.till.cart.set_price(0, 9_999_999_99)
    sale.refresh()
    view = sale.cart_view
    total = sale.model.data(sale.model.index(0, 3))
    assert view.horizontalHeader().sectionSize(3) > view.fontMetrics().horizontalAdvance(total)
