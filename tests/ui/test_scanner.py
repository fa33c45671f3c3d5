"""The scanner filter: fast bursts ending with Enter are scans, anything else is typing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from possouk.domain.barcode import DEFAULT_SCALE_RULES, scale_barcode
from possouk.ui.scanner import ScannerFilter
from possouk.ui.screens.sale import SaleScreen
from tests.conftest import Market


class FakeClock:
    """Seconds that move only when the test says: what is "fast" is decided, not measured."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms / 1000


class Harness:
    def __init__(self, qtbot: QtBot, accept: bool = True) -> None:
        self.qtbot = qtbot
        self.clock = FakeClock()
        self.codes: list[str] = []
        self.accept = accept
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.edit = QLineEdit(self.window)
        QVBoxLayout(self.window).addWidget(self.edit)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.edit.setFocus()
        # hold_ms is long: keys are handed back only by flush() or by a pause the clock shows.
        self.scanner = ScannerFilter(self._got, gap_ms=35, clock=self.clock, hold_ms=600_000)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        app.installEventFilter(self.scanner)

    def _got(self, code: str) -> bool:
        self.codes.append(code)
        return self.accept

    def type(self, text: str, gap_ms: float, *, enter: bool = False, target: QWidget | None = None) -> None:
        widget = target or self.edit
        for char in text:
            self.clock.advance(gap_ms)
            self.qtbot.keyClick(widget, char)
        if enter:
            self.clock.advance(gap_ms)
            self.qtbot.keyClick(widget, Qt.Key.Key_Return)

    def close(self) -> None:
        self.app.removeEventFilter(self.scanner)


@pytest.fixture
def harness(qtbot: QtBot) -> Iterator[Harness]:
    h = Harness(qtbot)
    yield h
    h.close()


def test_a_fast_burst_with_enter_is_a_scan_and_is_swallowed(harness: Harness) -> None:
    harness.type("4006381333931", 5, enter=True)
    assert harness.codes == ["4006381333931"]
    assert harness.edit.text() == ""


def test_slow_typing_reaches_the_focused_widget_unchanged(harness: Harness) -> None:
    harness.type("miel", 200)
    harness.scanner.flush()
    assert harness.edit.text() == "miel"
    assert harness.codes == []


def test_a_burst_without_enter_is_typing(harness: Harness) -> None:
    harness.type("12345", 5)
    assert harness.edit.text() == ""  # held for a moment
    harness.scanner.flush()
    assert harness.edit.text() == "12345"
    assert harness.codes == []


def test_a_short_burst_then_enter_is_typing_and_enter_is_kept(harness: Harness) -> None:
    with harness.qtbot.waitSignal(harness.edit.returnPressed):
        harness.type("12", 5, enter=True)
    assert harness.edit.text() == "12"
    assert harness.codes == []


def test_a_slow_enter_does_not_make_a_scan(harness: Harness) -> None:
    harness.type("400638", 5)
    harness.clock.advance(500)
    harness.qtbot.keyClick(harness.edit, Qt.Key.Key_Return)
    assert harness.codes == []
    assert harness.edit.text() == "400638"


def test_a_receipt_number_with_letters_and_a_dash_is_one_scan(harness: Harness) -> None:
    harness.type("MEK1-000042", 4, enter=True)
    assert harness.codes == ["MEK1-000042"]
    assert harness.edit.text() == ""


def test_a_scan_no_screen_wants_is_typed_into_the_focused_widget(qtbot: QtBot) -> None:
    h = Harness(qtbot, accept=False)
    try:
        h.type("4006381333931", 5, enter=True)
        assert h.codes == ["4006381333931"]
        assert h.edit.text() == "4006381333931"
    finally:
        h.close()


def test_ctrl_keys_are_never_held(harness: Harness) -> None:
    harness.edit.setText("abc")
    harness.edit.selectAll()
    harness.clock.advance(5)
    harness.qtbot.keyClick(harness.edit, Qt.Key.Key_Backspace)
    assert harness.edit.text() == ""


# -- on the sale screen ----------------------------------------------------------------------------


def _scanner_on(harness: Harness, screen: SaleScreen) -> None:
    harness.scanner.callback = screen.scanned


def test_a_scan_while_the_search_box_has_focus_goes_to_the_cart(
        harness: Harness, sale: SaleScreen, market: Market) -> None:
    _scanner_on(harness, sale)
    sale.search.setFocus()
    harness.type(market.honey.barcode, 3, enter=True, target=sale.search)
    assert [i.product.sku for i in sale.till.cart.items] == ["HON-1"]
    assert sale.search.text() == ""
    assert sale.cart_view.current_row() == 0


def test_a_scale_label_scan_adds_the_weighed_line(harness: Harness, sale: SaleScreen, market: Market) -> None:
    _scanner_on(harness, sale)
    assert market.figs.scale_code is not None
    code = scale_barcode(DEFAULT_SCALE_RULES[0], market.figs.scale_code, 750)
    harness.type(code, 3, enter=True, target=sale.search)
    [item] = sale.till.cart.items
    assert (item.product.sku, item.quantity) == ("FIG-1", 750)


def test_a_burst_of_garbage_shows_one_message_and_leaves_the_cart(
        harness: Harness, sale: SaleScreen, market: Market) -> None:
    _scanner_on(harness, sale)
    sale.scanned(market.soap.barcode)
    before = list(sale.till.cart.items)
    harness.type("x#@!q9%", 3, enter=True, target=sale.search)
    assert sale.till.cart.items == before
    assert sale.message.kind == "error"
    assert "x#@!q9%" in sale.message.text()
    assert sale.search.text() == ""
