"""The quick start: the login screen painted before the database is opened, the till after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from possouk.domain.errors import N_, EnvironmentFault
from possouk.storage.entrance import Entrance, read_entrance
from possouk.ui import quick_start
from possouk.ui.app import apply_language, create_application
from possouk.ui.main_window import MainWindow
from possouk.ui.scanner import ScannerFilter
from possouk.ui.till import Till
from tests.conftest import Market


@pytest.fixture(autouse=True)
def left_to_right() -> Iterator[None]:
    yield
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def entrance(market: Market) -> Entrance:
    assert market.db.path is not None
    found = read_entrance(market.db.path)
    assert found is not None
    return found


@pytest.fixture
def opening(qtbot: QtBot, entrance: Entrance, tmp_path: Path) -> MainWindow:
    apply_language(create_application(), "en")
    window = MainWindow.opening(entrance, "MEK1", log_path=tmp_path / "possouk.log",
                                config_folder=tmp_path / "config")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _type_pin(window: MainWindow, login: str, pin: str) -> None:
    screen = window.login_screen
    screen.choose(next(u for u in screen._people() if u.login == login))
    for digit in pin:
        screen.type_digit(digit)


def test_the_login_screen_shows_before_the_till(opening: MainWindow) -> None:
    assert not opening.attached
    assert opening.current_name == "login" and set(opening.screens) == {"login"}
    assert list(opening.login_screen.tiles) == ["amina", "karim", "salma"]
    assert opening.title.text() == "Magasin solidaire"
    assert "Register: MEK1" in opening.status_text()
    assert "Opening the database…" in opening.status_text()
    assert not opening.display_button.isEnabled()


def test_a_pin_confirmed_while_opening_is_checked_once_the_till_is_there(
        opening: MainWindow, market: Market) -> None:
    _type_pin(opening, "amina", "1111")
    opening.login_screen.submit()
    assert "One moment" in opening.login_screen.message.text()
    assert opening.current_name == "login"
    opening.attach(Till(market.db, "MEK1"))
    assert opening.current_name == "sale"
    assert opening.till.user is not None and opening.till.user.login == "amina"
    assert set(opening.screens) == {"setup", "login", "sale", "payment", "refund", "open",
                                    "closing"}
    assert "Database reachable" in opening.status_text()


def test_a_wrong_pin_confirmed_while_opening_is_refused_after(opening: MainWindow,
                                                               market: Market) -> None:
    _type_pin(opening, "amina", "9999")
    opening.login_screen.submit()
    opening.attach(Till(market.db, "MEK1"))
    assert opening.current_name == "login"
    assert opening.till.user is None
    assert "PIN" in opening.login_screen.message.text()


def test_digits_typed_while_opening_are_kept(opening: MainWindow, market: Market) -> None:
    _type_pin(opening, "karim", "22")
    opening.attach(Till(market.db, "MEK1"))
    assert opening.login_screen.pin == "22"  # the cashier goes on typing
    for digit in "22":
        opening.login_screen.type_digit(digit)
    opening.login_screen.submit()
    assert opening.current_name == "sale" and opening.till.user is not None


def test_the_language_switches_while_opening(opening: MainWindow) -> None:
    opening.set_language("ar")
    assert opening.title.text() == "المتجر التضامني"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert opening.login_screen.heading.text() == "من يعمل على الصندوق؟"


def test_a_register_picked_while_opening_is_the_till_s(qtbot: QtBot, entrance: Entrance,
                                                        market: Market, tmp_path: Path) -> None:
    create_application()
    window = MainWindow.opening(entrance, "", log_path=tmp_path / "possouk.log",
                                config_folder=tmp_path / "config")
    qtbot.addWidget(window)
    window.show()
    screen = window.login_screen
    assert not screen.register_box.isHidden()
    screen.register_choice.setCurrentIndex(1)
    screen._register_picked(1)
    assert screen.register_code == "MEK1"
    window.attach(Till(market.db, screen.register_code))
    assert window.till.register_code == "MEK1"


# -- run_quickly: the whole start, in the event loop ------------------------------------------


def _run(market: Market, tmp_path: Path, when_ready: Callable[[MainWindow], None]) -> int | None:
    """run_quickly over the market's file; ``when_ready`` is called once the window has its till
    (or once a dialog stopped it), then the loop ends."""
    app = create_application()
    running = True

    def watch() -> None:
        if not running:
            return
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].attached:
            when_ready(windows[0])
            windows[0].close()
            app.exit(0)
        else:
            QTimer.singleShot(10, watch)

    QTimer.singleShot(0, watch)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: app.exit(99))  # a safety net: never hang the suite
    safety.start(20_000)
    # Closing the last window would post a quit that arrives after the loop ended, and a quit
    # outside the loop stops every later event loop of the suite (qtbot.wait, waitUntil).
    app.setQuitOnLastWindowClosed(False)
    try:
        return quick_start.run_quickly(str(market.db.path), "MEK1", "fr",
                                       log_path=tmp_path / "log" / "possouk.log",
                                       config_folder=tmp_path / "config")
    finally:
        running = False
        safety.stop()
        app.setQuitOnLastWindowClosed(True)
        for scanner in app.findChildren(ScannerFilter):
            app.removeEventFilter(scanner)
            scanner.deleteLater()


def test_run_quickly_opens_the_whole_window(market: Market, tmp_path: Path) -> None:
    seen: list[tuple[str, list[str]]] = []
    code = _run(market, tmp_path, lambda w: seen.append((w.current_name, sorted(w.screens))))
    assert code == 0
    assert seen == [("login", ["closing", "login", "open", "payment", "refund", "sale", "setup"])]


def test_run_quickly_leaves_a_new_database_to_the_plain_way(tmp_path: Path) -> None:
    assert quick_start.run_quickly(str(tmp_path / "new.sqlite3"), None, None,
                                   log_path=tmp_path / "possouk.log") is None
    assert not (tmp_path / "new.sqlite3").exists()


def test_a_database_that_fails_to_open_stops_with_its_sentence(
        market: Market, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr("possouk.ui.quick_start.QMessageBox.critical",
                        lambda _parent, _title, text: said.append(text))

    def busy(*_args: object, **_kwargs: object) -> None:
        raise EnvironmentFault(N_("The database is busy; try again in a moment."))

    monkeypatch.setattr("possouk.ui.opening.open_database", busy)
    code = _run(market, tmp_path, lambda w: None)
    assert code == quick_start.EXIT_ENVIRONMENT
    assert said == ["La base de données est occupée\u00a0; réessayez dans un instant."]


def test_a_bug_while_loading_is_written_to_the_log(market: Market, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr("possouk.ui.quick_start.QMessageBox.critical",
                        lambda _parent, _title, text: said.append(text))
    monkeypatch.setattr(quick_start, "_HEAVY_MODULE", "possouk.ui.no_such_module")
    code = _run(market, tmp_path, lambda w: None)
    assert code == quick_start.EXIT_BUG
    log = tmp_path / "log" / "possouk.log"
    assert said and str(log) in said[0]
    assert "possouk.ui.no_such_module" in log.read_text(encoding="utf-8")
