"""The first run, in steps: the store (or nothing is written), the printer with a test print,
the backups; a draft kept while typing; left and resumed with the organizer's PIN."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from possouk.hardware.printers import PrinterKind
from possouk.i18n import set_language
from possouk.services import maintenance, printing, settings_admin, setup, users
from possouk.storage.entrance import read_entrance
from possouk.storage.uow import Database
from possouk.ui import machine
from possouk.ui.app import create_application
from possouk.ui.backoffice.users import CheckedField
from possouk.ui.main_window import MainWindow
from possouk.ui.opening import attach_database, first_screen
from possouk.ui.screens.setup import SetupScreen, draft_file
from possouk.ui.till import Till
from tests.conftest import Market

GOOD = {
    "store_ar": "المتجر التضامني", "store_fr": "Magasin solidaire", "site_code": "MEK",
    "site_ar": "مكناس", "site_fr": "Meknès", "register": "MEK1", "login": "salma",
    "name": "Salma", "pin": "4321", "pin_again": "4321",
}


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This machine's configuration folder (the setup's draft goes there), never the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("POSSOUK_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def empty_till(db: Database) -> Iterator[Till]:
    set_language("en")
    yield Till(db, "")


def _fill(screen: SetupScreen, **changes: str) -> None:
    for name, value in {**GOOD, **changes}.items():
        screen.fields[name].edit.setText(value)


def _type(field: CheckedField, typed: str) -> None:
    field.edit.setText(typed)
    field.edit.textEdited.emit(typed)


def _nothing_written(db: Database) -> bool:
    status = maintenance.status(db)
    return status.empty and not status.store.name_fr


def _window(qtbot: QtBot, db: Database, tmp_path: Path, register: str = "") -> MainWindow:
    create_application()
    window = MainWindow(Till(db, register), log_path=tmp_path / "possouk.log",
                        config_folder=tmp_path / "config", start=first_screen(db))
    qtbot.addWidget(window)
    return window


def _create_store(window: MainWindow) -> SetupScreen:
    screen = window.setup_screen
    _fill(screen)
    screen.create_button.click()
    assert screen.current_page == "printer", screen.message.text()
    return screen


def _closed_port() -> int:
    """A local port nobody listens on: a printer that is switched off."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_empty_database_starts_with_setup(db: Database) -> None:
    assert first_screen(db) == "setup"


def test_an_older_finished_store_opens_on_the_login_screen(qtbot: QtBot, market: Market,
                                                           tmp_path: Path) -> None:
    set_language("en")
    assert first_screen(market.db) == "login"
    window = _window(qtbot, market.db, tmp_path, "MEK1")
    assert window.current_name == "login"


def test_the_steps_in_order_on_an_empty_database(qtbot: QtBot, db: Database, empty_till: Till,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    config = tmp_path / "config"
    window = MainWindow(empty_till, log_path=tmp_path / "possouk.log", config_folder=config,
                        start=first_screen(db))
    qtbot.addWidget(window)
    assert window.current_name == "setup"
    screen = window.setup_screen
    assert screen.current_page == "store"
    assert screen.step_labels["store"].property("current") == "true"
    _fill(screen, address="12, rue de la Kasbah", phone="0612345678")
    screen.create_button.click()

    # 1. The store: written, the organizer can log in; the printer's step follows.
    assert window.current_name == "setup" and screen.current_page == "printer"
    assert screen.step_labels["printer"].property("current") == "true"
    assert screen.step_labels["store"].text().endswith("✓")
    store = setup.get_store(db)
    assert (store.name_ar, store.name_fr) == ("المتجر التضامني", "Magasin solidaire")
    assert (store.address, store.phone) == ("12, rue de la Kasbah", "+212612345678")
    assert [(r.code, r.site_code) for r in maintenance.registers(db)] == [("MEK1", "MEK")]
    assert [(u.login, u.role.value) for u in users.users(db)] == [("salma", "organizer")]
    assert empty_till.register_code == "MEK1"
    assert machine.load(config).register == "MEK1"
    assert screen.fields["pin"].value == ""  # the PIN does not stay on screen
    assert setup.setup_steps_left(db) == ["printer", "backups"]
    assert first_screen(db) == "setup"

    # 2. The printer: a device file, the test page really written to it.
    device = tmp_path / "lp0"
    screen.printer.choose_kind(PrinterKind.FILE)
    assert screen.printer.fields["device_path"].edit.isVisibleTo(screen)
    screen.printer.fields["device_path"].edit.setText(str(device))
    screen.printer.paper.setCurrentIndex(screen.printer.paper.findData(384))
    with qtbot.waitSignal(screen.finished, timeout=20_000):
        screen.test_button.click()
    assert screen.message.kind == "info", screen.message.text()
    assert device.read_bytes().startswith(b"\x1dv0\x00\x30\x00")  # an image 384 dots wide
    screen.printer_next.click()
    config_saved = printing.printer_config(db)
    assert config_saved is not None
    assert (config_saved.kind, config_saved.path) == (PrinterKind.FILE, str(device))
    assert screen.current_page == "backups"

    # 3. The backups: the default folder shown, another chosen, a copy made, finished.
    assert screen.backup_folder.value == settings_admin.backup_settings(db).folder != ""
    folder = tmp_path / "usb" / "backups"
    monkeypatch.setattr(screen, "ask_folder", lambda _suggested: folder)
    screen.choose_button.click()
    assert screen.backup_folder.value == str(folder)
    screen.backup_keep.edit.setText("3")
    with qtbot.waitSignal(screen.finished, timeout=20_000):
        screen.backup_now_button.click()
    assert screen.message.kind == "info", screen.message.text()
    assert len(list(folder.glob("possouk-*.sqlite3"))) == 1
    screen.finish_button.click()
    assert window.current_name == "login"
    assert list(window.login_screen.tiles) == ["salma"]
    assert settings_admin.backup_settings(db) == settings_admin.BackupSettings(str(folder), 3)
    assert setup.setup_steps_left(db) == []
    assert first_screen(db) == "login"
    assert empty_till.login("salma", "4321").display_name == "Salma"


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("store_ar", "  ", "The Arabic name is empty"),
    ("site_fr", "", "The French name is empty"),
    ("register", "MEK 1", "code"),
    ("login", "", "The login is empty"),
    ("pin", "12", "A PIN is 4 to 12 digits."),
    ("pin_again", "4322", "The two PINs differ."),
    ("phone", "12345", "phone"),
])
def test_a_field_error_shows_next_to_its_field_and_nothing_is_written(
        qtbot: QtBot, db: Database, empty_till: Till, field: str, value: str, expected: str) -> None:
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    _fill(screen, **{field: value})
    screen.create_button.click()
    error = screen.fields[field].error
    assert not error.isHidden() and expected in error.text()
    others = [n for n, f in screen.fields.items() if n != field and not f.error.isHidden()]
    if field == "pin":
        others = [n for n in others if n != "pin_again"]
    assert others == []
    assert screen.message.kind == "error"
    assert _nothing_written(db)
    assert setup.setup_steps_left(db) == ["store", "printer", "backups"]


def test_errors_clear_once_corrected(qtbot: QtBot, db: Database, empty_till: Till) -> None:
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    _fill(screen, register="")
    screen.create_button.click()
    assert not screen.fields["register"].error.isHidden()
    _fill(screen)
    screen.create_button.click()
    assert screen.fields["register"].error.isHidden()
    assert screen.current_page == "printer"


def test_choosing_a_language_asks_the_window(qtbot: QtBot, empty_till: Till) -> None:
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.language_chosen) as chosen:
        screen.language.activated.emit(screen.language.findData("ar"))
    assert chosen.args == ["ar"]


def test_the_demo_is_pointed_to(qtbot: QtBot, empty_till: Till) -> None:
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    assert "possouk demo" in screen.demo_hint.text()


# -- the draft -------------------------------------------------------------------------------------


def test_what_is_typed_is_kept_as_a_draft_without_the_pins(qtbot: QtBot, db: Database,
                                                           empty_till: Till, config: Path) -> None:
    screen = SetupScreen(empty_till, config_folder=config)
    qtbot.addWidget(screen)
    _fill(screen, register="")
    path = draft_file(config)
    qtbot.waitUntil(path.exists, timeout=5_000)  # written once the typing pauses
    saved = path.read_text(encoding="utf-8")
    assert "4321" not in saved and "pin" not in json.loads(saved)["fields"]
    assert json.loads(saved)["fields"]["store_fr"] == "Magasin solidaire"
    assert not list(config.glob(".*.part"))  # written whole, through a temporary file
    screen.close()
    screen.deleteLater()

    again = SetupScreen(empty_till, config_folder=config)  # the window opened again
    qtbot.addWidget(again)
    assert again.fields["store_ar"].value == "المتجر التضامني"
    assert again.fields["site_code"].value == "MEK"
    assert again.fields["login"].value == "salma"
    assert again.fields["pin"].value == "" and again.fields["pin_again"].value == ""
    _fill(again)
    again.create_button.click()
    assert again.current_page == "printer"
    assert not path.exists()  # the store exists: no draft any more


def test_a_damaged_draft_is_ignored(qtbot: QtBot, empty_till: Till, config: Path) -> None:
    config.mkdir(parents=True)
    draft_file(config).write_text("{not json", encoding="utf-8")
    screen = SetupScreen(empty_till, config_folder=config)
    qtbot.addWidget(screen)
    assert all(f.value == "" for f in screen.fields.values())


def test_the_draft_of_another_database_is_not_shown(qtbot: QtBot, empty_till: Till,
                                                    config: Path) -> None:
    config.mkdir(parents=True)
    draft_file(config).write_text(json.dumps({"database": "sqlite:///elsewhere.sqlite3",
                                              "fields": {"store_fr": "Ailleurs"}}),
                                  encoding="utf-8")
    screen = SetupScreen(empty_till, config_folder=config)
    qtbot.addWidget(screen)
    assert screen.fields["store_fr"].value == ""


# -- the printer and the backups -------------------------------------------------------------------


def test_a_printer_that_is_off_says_so_and_the_setup_goes_on(qtbot: QtBot, db: Database,
                                                             tmp_path: Path) -> None:
    set_language("en")
    window = _window(qtbot, db, tmp_path)
    screen = _create_store(window)
    screen.printer.choose_kind(PrinterKind.NETWORK)
    screen.printer.fields["host"].edit.setText("127.0.0.1")
    screen.printer.fields["port"].edit.setText(str(_closed_port()))
    with qtbot.waitSignal(screen.finished, timeout=30_000):
        screen.test_button.click()
    assert screen.message.kind == "fault"
    assert "The test page was not printed" in screen.message.text()
    assert screen.test_button.isEnabled()
    screen.skip_button.click()
    assert screen.current_page == "backups"
    assert setup.setup_steps_left(db) == ["backups"]


def test_a_wrong_printer_field_is_refused_at_the_field(qtbot: QtBot, db: Database,
                                                       tmp_path: Path) -> None:
    set_language("en")
    window = _window(qtbot, db, tmp_path)
    screen = _create_store(window)
    screen.printer.choose_kind(PrinterKind.NETWORK)
    screen.printer.fields["host"].edit.setText("192.168.1.50")
    _type(screen.printer.fields["port"], "99999")
    assert screen.printer.fields["port"].wrong
    screen.printer_next.click()
    assert screen.message.kind == "error"
    assert screen.current_page == "printer"
    assert printing.printer_config(db) is None


def test_a_relative_backup_folder_is_refused_at_the_field(qtbot: QtBot, db: Database,
                                                          tmp_path: Path) -> None:
    set_language("en")
    window = _window(qtbot, db, tmp_path)
    screen = _create_store(window)
    screen.skip_button.click()
    assert screen.current_page == "backups"
    before = settings_admin.backup_settings(db)
    _type(screen.backup_folder, "backups")
    assert screen.backup_folder.wrong
    assert "full path" in screen.backup_folder.error.text()
    screen.finish_button.click()
    assert screen.message.kind == "error"
    assert screen.current_page == "backups" and window.current_name == "setup"
    assert settings_admin.backup_settings(db) == before
    assert setup.setup_steps_left(db) == ["backups"]


# -- left and resumed ------------------------------------------------------------------------------


def test_left_after_the_store_then_resumed_with_the_organizer_s_pin(qtbot: QtBot, db: Database,
                                                                    tmp_path: Path) -> None:
    set_language("en")
    first = _window(qtbot, db, tmp_path)
    _create_store(first)
    first.close()  # the store exists; the printer and the backups are left

    window = _window(qtbot, db, tmp_path, "MEK1")  # the next start
    screen = window.setup_screen
    assert window.current_name == "setup" and screen.current_page == "unlock"
    assert screen.organizer_choice.currentData() == "salma"
    screen.unlock_pin.setText("9999")
    screen.unlock_button.click()
    assert screen.message.kind == "error" and "wrong PIN" in screen.message.text()
    assert screen.current_page == "unlock" and screen.unlock_pin.text() == ""
    screen.unlock_pin.setText("4321")
    screen.unlock_button.click()
    assert screen.current_page == "printer"
    assert screen.step_labels["printer"].property("current") == "true"

    screen.later_buttons[1].click()  # "Finish later", on the printer's page
    assert window.current_name == "login"
    assert setup.setup_steps_left(db) == ["printer", "backups"]
    window.close()

    again = _window(qtbot, db, tmp_path, "MEK1")  # and the start after: the PIN again
    assert again.current_name == "setup" and again.setup_screen.current_page == "unlock"
    again.setup_screen.later_buttons[0].click()  # "Finish later" before the PIN
    assert again.current_name == "login"


def test_a_cashier_s_pin_does_not_unlock_the_setup(qtbot: QtBot, db: Database,
                                                    tmp_path: Path) -> None:
    set_language("en")
    first = _window(qtbot, db, tmp_path)
    _create_store(first)
    organizer = users.users(db)[0]
    users.add_user(db, organizer, "amina", "Amina", "cashier", "1111")
    window = _window(qtbot, db, tmp_path, "MEK1")
    screen = window.setup_screen
    logins = [screen.organizer_choice.itemData(i) for i in range(screen.organizer_choice.count())]
    assert logins == ["salma"]  # only organizers are offered


def test_the_quick_start_shows_the_setup_left(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    set_language("en")
    first = _window(qtbot, db, tmp_path)
    _create_store(first)
    first.close()
    assert db.path is not None
    entrance = read_entrance(db.path)
    assert entrance is not None  # the quick way applies: a register and people
    window = MainWindow.opening(entrance, "MEK1", log_path=tmp_path / "possouk.log",
                                config_folder=tmp_path / "config")
    qtbot.addWidget(window)
    assert window.current_name == "login"
    attach_database(window, str(db.path), machine.MachineSettings())
    assert window.current_name == "setup"
    assert window.setup_screen.current_page == "unlock"


def test_a_busy_database_midway_leaves_nothing_and_the_retry_works(
        qtbot: QtBot, empty_till: Till, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store step is one transaction: a fault in it writes nothing, and the same form
    submitted again goes through (no "login already taken" over a half-made store)."""
    from possouk.domain.errors import N_, EnvironmentFault
    from possouk.services import users as users_service

    create_application()
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    _fill(screen)
    real = setup._insert_site
    faults = [EnvironmentFault(N_("The database is busy; try again in a moment."))]

    def busy(*args: object, **kwargs: object) -> object:
        if faults:
            raise faults.pop()
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(setup, "_insert_site", busy)
    screen.create_button.click()
    assert screen.message.kind == "fault" and _nothing_written(empty_till.db)
    assert users_service.users(empty_till.db) == []
    screen.fields["pin"].edit.setText(GOOD["pin"])
    screen.fields["pin_again"].edit.setText(GOOD["pin"])
    screen.create_button.click()
    assert screen.current_page == "printer"
    assert [u.login for u in users_service.users(empty_till.db)] == ["salma"]


def test_a_store_set_up_elsewhere_meanwhile_refuses_a_second_organizer(
        qtbot: QtBot, empty_till: Till) -> None:
    """The form was open here while another window finished the setup: submitting it creates
    nobody (an organizer without a PIN on a store that has one) and renames nothing."""
    create_application()
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    setup.create_store(empty_till.db, setup.NewStore(
        store_ar="المتجر", store_fr="Le vrai magasin", site_code="RAB", site_ar="الرباط",
        site_fr="Rabat", register="RAB1", login="boss", name="Boss", pin="9999"))
    _fill(screen, login="intruder", site_code="XXX", register="XXX1")
    screen.create_button.click()
    assert [u.login for u in users.users(empty_till.db)] == ["boss"]
    assert setup.get_store(empty_till.db).name_fr == "Le vrai magasin"
    assert "already set up" in screen.message.text()


def test_the_draft_keeps_no_database_password(qtbot: QtBot, empty_till: Till,
                                               config: Path) -> None:
    create_application()
    screen = SetupScreen(empty_till, config_folder=config)
    qtbot.addWidget(screen)
    empty_till.db.url = "postgresql+psycopg://possouk:s3cret@server/possouk"  # as --db gave it
    _fill(screen)
    screen.save_draft()
    written = draft_file(config).read_text(encoding="utf-8")
    assert "s3cret" not in written and "server" not in written and GOOD["pin"] not in written
