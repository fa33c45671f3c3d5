"""The window around the screens: the stack, the status bar, languages, machine settings, bugs."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from possouk.domain.cash import pieces_for
from possouk.domain.errors import N_, EnvironmentFault
from possouk.i18n import set_language
from possouk.services import setup
from possouk.services.events import COMMAND_LINE
from possouk.ui import machine
from possouk.ui.app import apply_language, create_application
from possouk.ui.crash import install_exception_hook
from possouk.ui.main_window import MainWindow
from possouk.ui.opening import choose_register, first_screen
from possouk.ui.till import Till
from tests.conftest import Market


@pytest.fixture(autouse=True)
def left_to_right() -> Iterator[None]:
    """A test that switches to Arabic must not leave the next one mirrored."""
    yield
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "config"


def _window(qtbot: QtBot, till: Till, tmp_path: Path, config: Path, start: str = "login") -> MainWindow:
    create_application()
    window = MainWindow(till, log_path=tmp_path / "log" / "possouk.log", config_folder=config,
                        start=start)
    qtbot.addWidget(window)
    return window


def _x(window: MainWindow, widget: object) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()  # type: ignore[attr-defined, no-any-return]


def test_screens_by_name_and_login_first(qtbot: QtBot, till: Till, tmp_path: Path, config: Path) -> None:
    window = _window(qtbot, till, tmp_path, config)
    assert set(window.screens) == {"setup", "login", "sale", "payment", "refund", "open", "closing"}
    assert window.current_name == "login"
    window.show_screen("sale")  # nobody logged in: the login screen stays
    assert window.current_name == "login"


def test_status_bar_shows_register_and_cashier(qtbot: QtBot, cashier_till: Till, tmp_path: Path,
                                               config: Path) -> None:
    set_language("en")
    window = _window(qtbot, cashier_till, tmp_path, config, start="sale")
    text = window.status_text()
    assert "Register: MEK1" in text and "Site: Meknès" in text
    assert "Cashier: Amina" in text and "Session MEK1-S0001 since" in text
    assert "No printer" in text and "Database reachable" in text
    assert window.title.text() == "Magasin solidaire"


def test_status_shows_the_cash_session(qtbot: QtBot, market: Market, cashier_till: Till,
                                       tmp_path: Path, config: Path) -> None:
    set_language("en")
    window = _window(qtbot, cashier_till, tmp_path, config, start="sale")
    cashier_till.add_product(market.soap)
    cashier_till.pay([_cash(cashier_till.cart.total)])
    window.till_changed()
    assert window.status_labels["session"].text().startswith("Session MEK1-S0001 since ")
    _session, figures = cashier_till.figures()
    cashier_till.close_session(pieces_for(figures.expected_cash), {})
    window.till_changed()
    assert window.status_labels["session"].text() == "Register closed"


def _cash(amount: int) -> object:
    from possouk.domain.model import PaymentMethod
    from possouk.services.checkout import PaymentInput

    return PaymentInput(PaymentMethod.CASH, amount)


def test_a_database_fault_shows_in_the_status_bar(qtbot: QtBot, cashier_till: Till, tmp_path: Path,
                                                  config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, cashier_till, tmp_path, config, start="sale")

    def busy() -> int:
        raise EnvironmentFault(N_("The database is busy."))

    monkeypatch.setattr(cashier_till, "printer_waiting", busy)
    window.refresh_status()
    assert window.status_labels["database"].text() == "The database is busy."


def test_switch_user_keeps_the_cart(qtbot: QtBot, market: Market, cashier_till: Till, tmp_path: Path,
                                    config: Path) -> None:
    window = _window(qtbot, cashier_till, tmp_path, config, start="sale")
    cashier_till.add_product(market.honey)
    assert window.switch_user.isVisibleTo(window)
    window.switch_user.click()
    assert window.current_name == "login" and cashier_till.user is None
    assert len(cashier_till.cart.items) == 1
    login = window.login_screen
    login.tiles["karim"].click()
    for digit in "2222":
        login.digit_buttons[digit].click()
    login.ok_button.click()
    assert window.current_name == "sale"
    assert cashier_till.user is not None and cashier_till.user.login == "karim"
    assert [i.product.sku for i in cashier_till.cart.items] == ["HON-1"]


def test_language_switch_mirrors_and_retranslates(qtbot: QtBot, till: Till, tmp_path: Path,
                                                  config: Path) -> None:
    window = _window(qtbot, till, tmp_path, config)
    window.set_language("fr")
    window.show()
    qtbot.waitExposed(window)
    tile = window.login_screen.tiles["amina"]
    french = tile.text()
    qtbot.waitUntil(lambda: _x(window, window.language_switch) > _x(window, window.title))
    window.language_buttons["ar"].click()
    assert window.isRightToLeft() and window.login_screen.isRightToLeft()
    assert tile.text() != french and "Amina" in tile.text()
    assert "مكناس" in window.status_labels["site"].text()
    assert window.language_buttons["ar"].isChecked() and not window.language_buttons["fr"].isChecked()
    qtbot.waitUntil(lambda: _x(window, window.language_switch) < _x(window, window.title))
    assert machine.load(config).language == "ar"  # this machine remembers it
    window.language_buttons["fr"].click()
    assert not window.isRightToLeft() and tile.text() == french


def test_customer_display_opens_follows_the_cart_and_closes(qtbot: QtBot, market: Market,
                                                            cashier_till: Till, tmp_path: Path,
                                                            config: Path) -> None:
    window = _window(qtbot, cashier_till, tmp_path, config, start="sale")
    window.display_button.click()
    display = window.customer_display
    assert display is not None and display.isVisible()
    assert machine.load(config).customer_display is True
    cashier_till.add_product(market.oil)
    window.screens["sale"].changed.emit()
    assert "Huile d'olive" in display.shown_text()
    window.display_button.click()
    assert window.customer_display is None
    assert machine.load(config).customer_display is False


def test_several_registers_are_chosen_on_the_login_screen(qtbot: QtBot, market: Market,
                                                          tmp_path: Path, config: Path) -> None:
    setup.add_register(market.db, COMMAND_LINE, "MEK2", "MEK")
    assert choose_register(market.db, None, None) == ""
    assert choose_register(market.db, None, "MEK2") == "MEK2"
    till = Till(market.db, "")
    window = _window(qtbot, till, tmp_path, config)
    chooser = window.login_screen.register_choice
    assert window.login_screen.register_box.isVisibleTo(window)
    set_language("en")
    window.login_screen.tiles["amina"].click()
    for digit in "1111":
        window.login_screen.digit_buttons[digit].click()
    window.login_screen.ok_button.click()
    assert till.user is None
    assert window.login_screen.message.text() == "Choose this machine's register first."
    chooser.activated.emit(chooser.findData("MEK2"))
    assert till.register_code == "MEK2"
    assert not window.login_screen.register_box.isVisibleTo(window)
    assert machine.load(config).register == "MEK2"
    assert "MEK2" in window.status_labels["register"].text()


def test_first_screen(market: Market) -> None:
    assert first_screen(market.db) == "login"


def test_a_bug_is_logged_and_shown(qtbot: QtBot, till: Till, tmp_path: Path, config: Path) -> None:
    set_language("en")
    window = _window(qtbot, till, tmp_path, config)
    log = tmp_path / "log" / "possouk.log"
    restore = install_exception_hook(window, log, window.crash_dialogs)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as bug:
            sys.excepthook(RuntimeError, bug, bug.__traceback__)
    finally:
        restore()
    assert "RuntimeError: boom in a slot" in log.read_text(encoding="utf-8")
    dialog = window.crash_dialogs[-1]
    assert dialog.icon() is QMessageBox.Icon.Critical and str(log) in dialog.text()
    dialog.close()


def test_a_fault_is_a_message_to_retry_not_a_crash(qtbot: QtBot, till: Till, tmp_path: Path,
                                                    config: Path) -> None:
    set_language("en")
    window = _window(qtbot, till, tmp_path, config)
    log = tmp_path / "log" / "possouk.log"
    restore = install_exception_hook(window, log, window.crash_dialogs)
    try:
        fault = EnvironmentFault(N_("The database is busy."))
        sys.excepthook(EnvironmentFault, fault, None)
    finally:
        restore()
    dialog = window.crash_dialogs[-1]
    assert dialog.icon() is QMessageBox.Icon.Warning
    assert dialog.text().startswith("The database is busy.") and "try again" in dialog.text()
    assert not log.exists()
    dialog.close()


def test_apply_language_sets_the_direction() -> None:
    app = create_application()
    apply_language(app, "ar")
    assert app.layoutDirection() is Qt.LayoutDirection.RightToLeft
    apply_language(app, "en")
    assert app.layoutDirection() is Qt.LayoutDirection.LeftToRight


def test_the_packaged_fonts_are_the_application_font() -> None:
    app = create_application()
    assert app.font().families()[:2] == ["Noto Sans", "Noto Sans Arabic"]


# -- machine settings ---------------------------------------------------------------------------


def test_machine_settings_round_trip(tmp_path: Path) -> None:
    assert machine.load(tmp_path) == machine.MachineSettings()
    saved = machine.MachineSettings(register="MEK1", language="ar", customer_display=True)
    path = machine.save(saved, tmp_path)
    assert path == tmp_path / "machine.json"
    assert machine.load(tmp_path) == saved
    assert [p.name for p in tmp_path.iterdir()] == ["machine.json"]  # no temporary file left


def test_machine_settings_folder_from_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSSOUK_CONFIG_DIR", str(tmp_path / "here"))
    assert machine.settings_file() == tmp_path / "here" / "machine.json"


def test_damaged_machine_settings_mean_defaults_and_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for damaged in ('{"register": "MEK1", ', "[1, 2]", '{"language": 3, "customer_display": "yes"}'):
        (tmp_path / "machine.json").write_text(damaged, encoding="utf-8")
        with caplog.at_level(logging.WARNING):
            settings = machine.load(tmp_path)
        assert settings.customer_display is False and settings.language is None
    assert "damaged" in caplog.text


def test_settings_that_cannot_be_written_are_a_fault_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(EnvironmentFault, match="could not be written"):
        machine.save(machine.MachineSettings(register="MEK1"), blocker / "config")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
