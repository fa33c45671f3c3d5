"""The help (F1): the guides per language and role, the window, and F1 from every window."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from possouk.i18n import LANGUAGES, set_language
from possouk.ui.app import apply_language, create_application
from possouk.ui.backoffice.window import SECTIONS, BackOfficeWindow
from possouk.ui.help import (
    BACKOFFICE_TOPICS,
    HELP_DIR,
    ROLES,
    SCREEN_TOPICS,
    TOPICS,
    HelpWindow,
    help_file,
    install_help,
    show_help,
)
from possouk.ui.main_window import MainWindow
from possouk.ui.screens.base import SCREEN_NAMES
from possouk.ui.till import Till
from tests.conftest import Market


@pytest.fixture(autouse=True)
def left_to_right() -> Iterator[None]:
    """A test in Arabic must not leave the next one mirrored."""
    yield
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


class _Page(HTMLParser):
    """The anchors, pictures and links of a guide, and its <html dir>."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()
        self.images: list[str] = []
        self.links: list[str] = []
        self.direction = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.direction = values.get("dir", "")
        elif tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "img":
            self.images.append(values.get("src", ""))


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_guide_exists_with_its_pictures_and_every_topic(qtbot: QtBot, language: str,
                                                              role: str) -> None:
    create_application()
    path = HELP_DIR / language / f"{role}.html"
    assert path.is_file(), f"{path} is missing"
    page = _page(path)
    missing = sorted(set(TOPICS) - page.anchors)
    assert not missing, f"{path.name} ({language}) has no anchor for {missing}"
    assert page.images or language == "en", f"{path} has no picture"
    for source in page.images:
        assert (path.parent / source).resolve().is_file(), f"{path}: {source} does not exist"
    for link in page.links:  # links inside the page lead to one of its anchors
        if link.startswith("#"):
            assert link[1:] in page.anchors, f"{path}: {link} leads nowhere"
    assert page.direction == ("rtl" if language == "ar" else "")
    document = QTextDocument()
    document.setHtml(path.read_text(encoding="utf-8"))
    assert len(document.toPlainText()) > 500


def test_the_topics_cover_every_screen_and_back_office_section() -> None:
    assert set(SCREEN_NAMES) <= set(SCREEN_TOPICS)
    assert {s.key for s in SECTIONS} == set(BACKOFFICE_TOPICS)


def test_a_missing_file_falls_back_to_french_then_english(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "cashier.html").write_text("<p>English</p>", encoding="utf-8")
    assert help_file("ar", "cashier", tmp_path) == tmp_path / "en" / "cashier.html"
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "cashier.html").write_text("<p>Français</p>", encoding="utf-8")
    assert help_file("ar", "cashier", tmp_path) == tmp_path / "fr" / "cashier.html"
    assert help_file("ar", "organizer", tmp_path) is None
    assert help_file("ar", "cashier") == HELP_DIR / "ar" / "cashier.html"


def test_the_window_shows_the_fallback(qtbot: QtBot, tmp_path: Path) -> None:
    create_application()
    set_language("ar")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "supervisor.html").write_text(
        '<h1>Guide</h1><h2><a name="closing"></a>Clôture</h2>', encoding="utf-8")
    window = HelpWindow(folder=tmp_path)
    qtbot.addWidget(window)
    window.open("supervisor", "closing")
    assert window.path == tmp_path / "fr" / "supervisor.html"
    assert "Clôture" in window.text()
    assert window.fragment == "closing"


def test_no_file_at_all_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    create_application()
    set_language("en")
    window = HelpWindow(folder=tmp_path)
    qtbot.addWidget(window)
    window.open("cashier", "selling")
    assert window.path is None
    assert "No help page was found" in window.text()
    assert str(tmp_path) in window.text()


def test_arabic_is_a_right_to_left_document_in_arabic(qtbot: QtBot) -> None:
    app = create_application()
    apply_language(app, "ar")
    window = HelpWindow()
    qtbot.addWidget(window)
    window.open("cashier")
    text = window.text()
    assert "دليل أمين الصندوق" in text
    assert window.browser.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert (window.browser.document().defaultTextOption().textDirection()
            == Qt.LayoutDirection.RightToLeft)
    first = window.browser.document().firstBlock()
    assert first.textDirection() == Qt.LayoutDirection.RightToLeft
    apply_language(app, "fr")
    window.open("cashier")
    assert "Guide du caissier" in window.text()
    assert window.browser.document().firstBlock().textDirection() == Qt.LayoutDirection.LeftToRight


def test_tabs_home_and_back(qtbot: QtBot) -> None:
    create_application()
    set_language("fr")
    window = HelpWindow()
    qtbot.addWidget(window)
    window.open("cashier", "refunds")
    assert window.tabs.currentIndex() == 0 and window.fragment == "refunds"
    window.tabs.setCurrentIndex(2)  # the organizer's guide, at the same topic
    assert window.role == "organizer" and "Guide de l'organisateur" in window.text()
    assert window.fragment == "refunds"
    url = window.browser.source()
    url.setFragment("backups")
    window.browser.setSource(url)  # as a link of the page does
    assert window.back_button.isEnabled()
    window.home_button.click()
    assert window.fragment == "" and window.role == "organizer"
    assert not window.back_button.isEnabled()


def _main_window(qtbot: QtBot, till: Till, tmp_path: Path, start: str) -> MainWindow:
    create_application()
    window = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "config",
                        start=start)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _press_f1(qtbot: QtBot, widget: QWidget) -> HelpWindow:
    QTest.keyClick(widget, Qt.Key.Key_F1)
    shown = install_help().window
    assert shown is not None and shown.isVisible()
    return shown


def test_f1_on_the_login_screen_opens_the_cashiers_guide(qtbot: QtBot, till: Till,
                                                        tmp_path: Path) -> None:
    set_language("fr")
    window = _main_window(qtbot, till, tmp_path, "login")
    shown = _press_f1(qtbot, window.current_screen())
    assert shown.role == "cashier" and shown.fragment == "login"
    assert shown.path == HELP_DIR / "fr" / "cashier.html"
    assert shown.parentWidget() is window  # it closes with the window
    assert _press_f1(qtbot, shown.browser) is shown  # F1 inside the help opens no other one


def test_f1_on_the_sale_screen_opens_selling(qtbot: QtBot, cashier_till: Till,
                                              tmp_path: Path) -> None:
    set_language("ar")
    window = _main_window(qtbot, cashier_till, tmp_path, "sale")
    assert window.current_name == "sale"
    shown = _press_f1(qtbot, window.current_screen())
    assert shown.role == "cashier" and shown.fragment == "selling"
    assert shown.path == HELP_DIR / "ar" / "cashier.html"


def test_f1_on_the_closing_screen_opens_the_supervisors_closing(qtbot: QtBot, till: Till,
                                                                 tmp_path: Path) -> None:
    set_language("fr")
    till.login("karim", "2222")
    window = _main_window(qtbot, till, tmp_path, "sale")
    window.show_screen("closing")
    assert window.current_name == "closing"
    shown = _press_f1(qtbot, window.current_screen())
    assert shown.role == "supervisor" and shown.fragment == "closing"
    assert "Rapport X, clôture et rapport Z" in shown.text()


def test_the_help_button_opens_the_guide_too(qtbot: QtBot, cashier_till: Till,
                                             tmp_path: Path) -> None:
    set_language("en")
    window = _main_window(qtbot, cashier_till, tmp_path, "sale")
    assert window.help_button.text() == "Help"
    window.help_button.click()
    shown = install_help().window
    assert shown is not None and shown.role == "cashier" and shown.fragment == "selling"


def test_f1_in_the_back_office_opens_its_section(qtbot: QtBot, market: Market) -> None:
    create_application()
    set_language("fr")
    backoffice = BackOfficeWindow(market.db, market.organizer)
    qtbot.addWidget(backoffice)
    backoffice.show()
    section = backoffice.show_section("intake")
    install_help(backoffice)
    shown = _press_f1(qtbot, section)
    assert shown.role == "organizer" and shown.fragment == "intake"
    backoffice.show_section("users")
    shown = _press_f1(qtbot, backoffice.nav)
    assert shown.fragment == "users"


def test_f1_in_the_settlements_window(qtbot: QtBot, market: Market) -> None:
    from possouk.ui.settlement_window import SettlementWindow

    create_application()
    set_language("fr")
    settlements = SettlementWindow(market.db, user=market.organizer)
    qtbot.addWidget(settlements)
    settlements.show()
    install_help(settlements)
    shown = _press_f1(qtbot, settlements)
    assert shown.role == "organizer" and shown.fragment == "settlements"


def test_show_help_for_nobody_is_the_cashiers_guide(qtbot: QtBot) -> None:
    create_application()
    set_language("fr")
    owner = QWidget()
    qtbot.addWidget(owner)
    install_help(owner)
    shown = show_help(topic="printer")
    assert shown.role == "cashier" and shown.fragment == "printer"


def test_f1_in_a_modal_dialog_opens_a_help_it_does_not_block(qtbot: QtBot, cashier_till: Till,
                                                            tmp_path: Path) -> None:
    set_language("fr")
    window = _main_window(qtbot, cashier_till, tmp_path, "sale")
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(True)
    dialog.show()
    assert QApplication.activeModalWidget() is dialog
    QTest.keyClick(field, Qt.Key.Key_F1)
    helps = [w for w in dialog.findChildren(HelpWindow) if w.isVisible()]
    assert len(helps) == 1
    assert helps[0].role == "cashier" and helps[0].fragment == "selling"
    for _ in range(3):  # F1 inside that help, then in the dialog again: still one help
        QTest.keyClick(helps[0].browser, Qt.Key.Key_F1)
    QTest.keyClick(field, Qt.Key.Key_F1)
    assert len([w for w in dialog.findChildren(HelpWindow) if w.isVisible()]) == 1
    dialog.reject()


def test_a_window_of_its_own_user_keeps_its_role(qtbot: QtBot, market: Market,
                                                 tmp_path: Path) -> None:
    """The organizer's back office stays open while a cashier logs in at the till: F1 there
    is still the organizer's guide."""
    set_language("fr")
    till = Till(market.db, "MEK1")
    till.login("salma", "3333")
    window = _main_window(qtbot, till, tmp_path, "sale")
    backoffice = BackOfficeWindow(market.db, market.organizer)
    qtbot.addWidget(backoffice)
    backoffice.show()
    till.logout()
    till.login("amina", "1111")
    assert _press_f1(qtbot, backoffice).role == "organizer"
    assert _press_f1(qtbot, window).role == "cashier"


def test_a_new_owner_and_the_old_help_deleted_later_leave_one_help(qtbot: QtBot) -> None:
    create_application()
    set_language("fr")
    first_owner, second_owner = QWidget(), QWidget()
    for owner in (first_owner, second_owner):
        qtbot.addWidget(owner)
        owner.show()
    install_help(first_owner)
    first = _press_f1(qtbot, first_owner)
    install_help(second_owner)  # the first help is closed and deleted later
    second = _press_f1(qtbot, second_owner)
    assert second is not first
    qtbot.waitUntil(lambda: install_help().window is second and not first.isVisible())
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the first help deleted
    QTest.keyClick(second_owner, Qt.Key.Key_F1)
    assert len([w for w in second_owner.findChildren(HelpWindow) if w.isVisible()]) == 1


def test_f1_in_the_unsold_stock_dialog(qtbot: QtBot, market: Market) -> None:
    from possouk.ui.unsold_dialog import UnsoldDialog

    create_application()
    set_language("fr")
    owner = QWidget()
    qtbot.addWidget(owner)
    install_help(owner)
    dialog = UnsoldDialog(market.db, owner, user=market.supervisor)
    dialog.show()
    shown = _press_f1(qtbot, dialog)
    assert shown.role == "supervisor" and shown.fragment == "unsold"
    dialog.close()
