"""The first run: an empty database becomes a store one can log in to, or nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from possouk.i18n import set_language
from possouk.services import maintenance, setup, users
from possouk.storage.uow import Database
from possouk.ui import machine
from possouk.ui.app import create_application
from possouk.ui.main_window import MainWindow
from possouk.ui.opening import first_screen
from possouk.ui.screens.setup import SetupScreen
from possouk.ui.till import Till

GOOD = {
    "store_ar": "المتجر التضامني", "store_fr": "Magasin solidaire", "site_code": "MEK",
    "site_ar": "مكناس", "site_fr": "Meknès", "register": "MEK1", "login": "salma",
    "name": "Salma", "pin": "4321", "pin_again": "4321",
}


@pytest.fixture
def empty_till(db: Database) -> Iterator[Till]:
    set_language("en")
    yield Till(db, "")


def _fill(screen: SetupScreen, **changes: str) -> None:
    for name, value in {**GOOD, **changes}.items():
        screen.fields[name].edit.setText(value)


def _nothing_written(db: Database) -> bool:
    status = maintenance.status(db)
    return status.empty and not status.store.name_fr


def test_an_empty_database_starts_with_setup(db: Database) -> None:
    assert first_screen(db) == "setup"


def test_setup_creates_the_store_and_the_organizer_can_log_in(
        qtbot: QtBot, db: Database, empty_till: Till, tmp_path: Path) -> None:
    create_application()
    config = tmp_path / "config"
    window = MainWindow(empty_till, log_path=tmp_path / "possouk.log", config_folder=config,
                        start=first_screen(db))
    qtbot.addWidget(window)
    assert window.current_name == "setup"
    screen = window.setup_screen
    _fill(screen)
    screen.create_button.click()
    assert window.current_name == "login"
    store = setup.get_store(db)
    assert (store.name_ar, store.name_fr) == ("المتجر التضامني", "Magasin solidaire")
    assert [(r.code, r.site_code) for r in maintenance.registers(db)] == [("MEK1", "MEK")]
    assert [(u.login, u.role.value) for u in users.users(db)] == [("salma", "organizer")]
    assert empty_till.register_code == "MEK1"
    assert machine.load(config).register == "MEK1"
    assert list(window.login_screen.tiles) == ["salma"]
    assert empty_till.login("salma", "4321").display_name == "Salma"
    assert screen.fields["pin"].value == ""  # the PIN does not stay on screen


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("store_ar", "  ", "The Arabic name is empty"),
    ("site_fr", "", "The French name is empty"),
    ("register", "MEK 1", "code"),
    ("login", "", "The login is empty"),
    ("pin", "12", "A PIN is 4 to 12 digits."),
    ("pin_again", "4322", "The two PINs differ."),
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


def test_errors_clear_once_corrected(qtbot: QtBot, db: Database, empty_till: Till) -> None:
    screen = SetupScreen(empty_till)
    qtbot.addWidget(screen)
    _fill(screen, register="")
    screen.create_button.click()
    assert not screen.fields["register"].error.isHidden()
    _fill(screen)
    with qtbot.waitSignal(screen.go):
        screen.create_button.click()
    assert screen.fields["register"].error.isHidden()


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
