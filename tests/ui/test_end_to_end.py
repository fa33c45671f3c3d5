"""A whole sale through the real window, by keyboard and scanner only, as at a market stand.

Log in by typing the PIN, scan three products (one weighed through a scale label) with
keystrokes that go through the application's scanner filter, split the payment cash +
card with function keys, and find the sale in the ledger and the receipt and drawer pulse
in the printer's bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from possouk.domain.barcode import DEFAULT_SCALE_RULES, scale_barcode
from possouk.domain.model import PaymentMethod
from possouk.hardware.printers import PrinterConfig, PrinterKind
from possouk.services.printing import set_printer
from possouk.ui.app import apply_language, create_application
from possouk.ui.main_window import MainWindow
from possouk.ui.scanner import ScannerFilter
from possouk.ui.screens.login import LoginScreen
from possouk.ui.screens.payment import PaymentScreen
from possouk.ui.till import Till
from possouk.ui.workers import pending_jobs
from tests.conftest import Market


class Keyboard:
    """Keys typed into the focused widget through the application, on a clock the test moves."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot, self.window, self.now = qtbot, window, 1000.0
        self.scanner = ScannerFilter(lambda code: window.current_screen().scanned(code),
                                     clock=lambda: self.now, hold_ms=600_000)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        app.installEventFilter(self.scanner)

    def _target(self) -> QWidget:
        return QApplication.focusWidget() or self.window.current_screen()

    def type(self, text: str, gap_ms: float) -> None:
        for char in text:
            self.now += gap_ms / 1000
            self.qtbot.keyClick(self._target(), char)

    def key(self, key: Qt.Key, gap_ms: float = 500) -> None:
        self.now += gap_ms / 1000
        self.qtbot.keyClick(self._target(), key)

    def scan(self, code: str) -> None:
        """What a scanner sends: the digits 5 ms apart, then Enter."""
        self.type(code, 5)
        self.key(Qt.Key.Key_Return, 5)

    def human(self, text: str) -> None:
        """A person typing: keys 300 ms apart, handed to the focused widget."""
        self.type(text, 300)
        self.scanner.flush()


@pytest.fixture
def window(qtbot: QtBot, till: Till, tmp_path: Path) -> MainWindow:
    apply_language(create_application(), "en")
    shown = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "config",
                       start="login")
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def keyboard(qtbot: QtBot, window: MainWindow) -> Iterator[Keyboard]:
    typing = Keyboard(qtbot, window)
    yield typing
    typing.app.removeEventFilter(typing.scanner)


def test_a_whole_sale_by_keyboard_and_scanner(window: MainWindow, keyboard: Keyboard, market: Market,
                                              till: Till, tmp_path: Path, qtbot: QtBot) -> None:
    printer = tmp_path / "printer.bin"
    set_printer(market.db, market.organizer, PrinterConfig(PrinterKind.FILE, path=str(printer)))
    login = window.current_screen()
    assert isinstance(login, LoginScreen)
    qtbot.mouseClick(login.tiles["amina"], Qt.MouseButton.LeftButton)
    keyboard.human("1111")
    keyboard.key(Qt.Key.Key_Return)
    assert till.user is not None and till.user.login == "amina"
    assert window.stack.currentWidget() is window.screens["sale"]

    assert market.figs.scale_code is not None
    for code in (market.honey.barcode, market.soap.barcode,
                 scale_barcode(DEFAULT_SCALE_RULES[0], market.figs.scale_code, 750)):
        keyboard.scan(code)
    assert [(i.product.sku, i.quantity) for i in till.cart.items] == [
        ("HON-1", 1000), ("SOAP-1", 1000), ("FIG-1", 750)]

    keyboard.key(Qt.Key.Key_F12)  # pay
    payment = window.current_screen()
    assert isinstance(payment, PaymentScreen)
    keyboard.human("100")  # cash handed over, typed on the keyboard
    keyboard.key(Qt.Key.Key_F10)  # add this payment
    keyboard.key(Qt.Key.Key_F6)  # card for the rest
    with qtbot.waitSignal(payment.go):
        keyboard.key(Qt.Key.Key_F12)  # confirm
    qtbot.waitUntil(lambda: pending_jobs() == 0)

    assert window.stack.currentWidget() is window.screens["sale"]
    assert till.last_reference == "MEK1-000001" and till.cart.items == []
    recorded = till.find_sale("MEK1-000001")
    assert [(p.method, p.amount) for p in recorded.payments] == [
        (PaymentMethod.CASH, 10000), (PaymentMethod.CARD, 12000 + 1250 + 3375 - 10000)]
    data = printer.read_bytes()
    assert b"\x1dv0" in data and b"\x1bp" in data  # the receipt's image and the drawer's pulse
    window.refresh_status()
    assert "Session MEK1-S0001 since" in window.status_text()
    assert "Printer ready" in window.status_text()
