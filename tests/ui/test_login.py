"""The login screen: a tile per person, a PIN pad usable by touch and by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from possouk.i18n import set_language
from possouk.ui.screens.login import LoginScreen
from possouk.ui.till import Till


def _screen(qtbot: QtBot, till: Till) -> LoginScreen:
    set_language("en")
    screen = LoginScreen(till)
    qtbot.addWidget(screen)
    screen.activated()
    return screen


def _tap_pin(screen: LoginScreen, pin: str) -> None:
    for digit in pin:
        screen.digit_buttons[digit].click()


def test_a_tile_per_active_user_cashiers_first(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    assert list(screen.tiles) == ["amina", "karim", "salma"]
    assert screen.tiles["amina"].text() == "Amina\ncashier"


def test_login_by_touch_goes_to_the_sale_screen(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    screen.tiles["amina"].click()
    _tap_pin(screen, "1111")
    assert screen.dots.text() == "●●●●"  # dots, never the digits
    with qtbot.waitSignal(screen.go) as going:
        screen.ok_button.click()
    assert going.args == ["sale"]
    assert till.user is not None and till.user.login == "amina"
    assert screen.pin == "" and screen.message.kind == ""


def test_login_by_keyboard_whatever_has_the_focus(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    screen.tiles["karim"].click()
    qtbot.keyClicks(screen.ok_button, "22")  # a child ignores digits: they reach the screen
    for digit in "٢٢":  # Arabic-Indic digits from an Arabic keyboard (QTest types ASCII only)
        event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, digit)
        QApplication.sendEvent(screen.dots, event)
    assert screen.pin == "2222"
    with qtbot.waitSignal(screen.go):
        qtbot.keyClick(screen.tiles["karim"], "\r")
    assert till.user is not None and till.user.login == "karim"


def test_backspace_and_clear(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    qtbot.keyClicks(screen, "123")
    screen.back_button.click()
    assert screen.pin == "12"
    screen.clear_button.click()
    assert screen.pin == "" and screen.dots.text() == ""


def test_wrong_pin_says_so_and_nobody_logs_in(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    screen.tiles["amina"].click()
    _tap_pin(screen, "9999")
    screen.ok_button.click()
    assert till.user is None
    assert screen.message.kind == "error"
    assert screen.message.text() == "Unknown user or wrong PIN."
    assert screen.pin == ""


def test_no_name_or_no_pin_is_a_message(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    screen.ok_button.click()
    assert screen.message.text() == "Touch your name first."
    screen.tiles["amina"].click()
    screen.ok_button.click()
    assert screen.message.text() == "Type your PIN."


def test_five_wrong_pins_lock_the_account(qtbot: QtBot, till: Till) -> None:
    screen = _screen(qtbot, till)
    screen.tiles["amina"].click()
    for _attempt in range(5):
        _tap_pin(screen, "0000")
        screen.ok_button.click()
    assert "now locked" in screen.message.text()
    _tap_pin(screen, "1111")  # the right PIN, too late
    screen.ok_button.click()
    assert till.user is None
    assert "locked after too many wrong PINs" in screen.message.text()
