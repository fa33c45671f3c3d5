"""Help inside the window: a short illustrated guide per role, opened with F1 on any screen.

The guides are HTML files, one per language and role, in ``possouk/help/<lang>/<role>.html``
(pictures in ``possouk/help/images``), shown by a :class:`HelpWindow` — a non-modal window
with a tab per role, **Back** and **Home**. :func:`help_file` finds the page of a language
and role, falling back to French then English when a file is missing.

:func:`install_help` puts one event filter on the application: **F1** (or the platform's
help key) in any of its windows — the cashier's window and all its screens, the back
office, the settlements, the dashboard, the unsold stock dialog — opens the guide of the
person logged in (the cashier's when nobody is), at the topic of the screen or section
shown (sale → ``selling``, closing → ``closing``, back office section → its key…).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_
from possouk.i18n import _, current_language, is_rtl, render_message

__all__ = [
    "FALLBACK_LANGUAGES",
    "HELP_DIR",
    "ROLES",
    "TOPICS",
    "HelpKey",
    "HelpWindow",
    "help_file",
    "install_help",
    "show_help",
    "topic_for",
]

HELP_DIR = Path(__file__).resolve().parent.parent / "help"
ROLES = ("cashier", "supervisor", "organizer")
# Tried in this order after the language asked for, when its file is missing.
FALLBACK_LANGUAGES = ("fr", "en")
ROLE_TITLES = {
    # Translators: tab of the help window: the guide for cashiers
    "cashier": N_("Cashier's guide"),
    # Translators: tab of the help window: the guide for supervisors
    "supervisor": N_("Supervisor's guide"),
    # Translators: tab of the help window: the guide for organizers
    "organizer": N_("Organizer's guide"),
}
# The cashier's window: screen name → topic (an anchor, <a name="…">, of every guide).
SCREEN_TOPICS = {
    "login": "login", "setup": "login", "sale": "selling", "payment": "payment",
    "refund": "refunds", "open": "opening", "closing": "closing",
}
# The back office's sections (possouk.ui.backoffice.window.SECTIONS), by key: their topic.
BACKOFFICE_TOPICS = {key: key for key in ("cooperatives", "products", "intake", "stock", "labels",
                                          "data", "exchange", "users", "settings")}
# The other windows, by class: their topic.
WINDOW_TOPICS = {
    "SettlementWindow": "settlements", "CostsDialog": "settlements",
    "HistoryDialog": "settlements", "UnsoldDialog": "unsold", "DashboardWindow": "dashboard",
}
# Every topic the program may open a guide at: each guide has all of them (a test checks).
TOPICS: tuple[str, ...] = tuple(dict.fromkeys(
    (*SCREEN_TOPICS.values(), *BACKOFFICE_TOPICS.values(), *WINDOW_TOPICS.values())))

UserSource = Callable[[], object]


def help_file(language: str, role: str, folder: Path | None = None) -> Path | None:
    """The guide of ``role`` in ``language``; else in French, else in English; None if none."""
    base = HELP_DIR if folder is None else folder
    role = role if role in ROLES else "cashier"
    for code in dict.fromkeys((language, *FALLBACK_LANGUAGES)):
        path = base / code / f"{role}.html"
        if path.is_file():
            return path
    return None


def role_of(user: object) -> str:
    """The guide for ``user`` (a :class:`~possouk.domain.people.User`, or None: the cashier's)."""
    role = str(getattr(user, "role", "") or "")
    return role if role in ROLES else "cashier"


class HelpWindow(QWidget):
    """The guides, one tab per role, in a window of their own that does not block the others."""

    def __init__(self, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("help")
        self.folder = folder
        self.role = "cashier"
        self.anchor = ""
        self.path: Path | None = None  # the page shown (None: the "no help" message)
        self.resize(900, 720)

        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for _role in ROLES:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._tab_chosen)
        self.back_button = QPushButton()
        self.back_button.setEnabled(False)
        self.home_button = QPushButton()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.clicked.connect(self.browser.backward)
        self.home_button.clicked.connect(self.go_home)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tabs, 1)
        row.addWidget(self.back_button)
        row.addWidget(self.home_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addLayout(row)
        column.addWidget(self.browser, 1)
        self.retranslate()

    # -- what is shown -----------------------------------------------------------------------

    def open(self, role: str = "cashier", anchor: str = "") -> None:
        """Show the guide of ``role`` in the current language at ``anchor`` (its top if "")."""
        self.role = role if role in ROLES else "cashier"
        self.anchor = anchor
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(ROLES.index(self.role))
        self.tabs.blockSignals(False)
        self.retranslate()
        self._load()

    def _load(self) -> None:
        language = current_language()
        self.path = help_file(language, self.role, self.folder)
        self.browser.clearHistory()
        if self.path is None:
            self._set_direction(language)
            folder = HELP_DIR if self.folder is None else self.folder
            self.browser.setHtml("<p>{}</p>".format(html.escape(render_message(
                N_("No help page was found for this language: the help files are missing from "
                   "{folder}. Ask whoever installed possouk to install it again."),
                {"folder": str(folder)}))))
            return
        self._set_direction(self.path.parent.name)
        url = QUrl.fromLocalFile(str(self.path))
        if self.anchor:
            url.setFragment(self.anchor)
        self.browser.setSource(url)
        self.browser.clearHistory()  # Back goes to pages seen after this one, not to another role
        self.back_button.setEnabled(False)

    def _set_direction(self, language: str) -> None:
        direction = (Qt.LayoutDirection.RightToLeft if is_rtl(language)
                     else Qt.LayoutDirection.LeftToRight)
        self.browser.setLayoutDirection(direction)
        option = self.browser.document().defaultTextOption()
        option.setTextDirection(direction)
        self.browser.document().setDefaultTextOption(option)

    def go_home(self) -> None:
        """The top of the guide shown."""
        self.anchor = ""
        self._load()

    def _tab_chosen(self, index: int) -> None:
        if 0 <= index < len(ROLES):
            self.open(ROLES[index], self.anchor)

    @property
    def fragment(self) -> str:
        """The topic shown (the anchor of the page's address)."""
        return self.browser.source().fragment()

    def text(self) -> str:
        """The page as plain text (for tests)."""
        return self.browser.toPlainText()

    def retranslate(self) -> None:
        # Translators: title of the help window (opened with F1)
        self.setWindowTitle(_("possouk — help"))
        for index, role in enumerate(ROLES):
            self.tabs.setTabText(index, _(ROLE_TITLES[role]))
        # Translators: help window: back to the page or topic seen before
        self.back_button.setText(_("Back"))
        # Translators: help window: back to the top of the guide
        self.home_button.setText(_("Home"))


def topic_for(widget: QWidget) -> tuple[object, str]:
    """Who uses the window ``widget`` is in (a user or None) and the topic it shows ("": none
    known). A dialog without a topic of its own takes its parent window's."""
    user: object = None
    window: QWidget | None = widget.window()
    while window is not None:
        if user is None:
            user = getattr(window, "user", None)
        topic = _window_topic(window)
        if topic:
            return user, topic
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return user, ""


def _window_topic(window: QWidget) -> str:
    name = getattr(window, "current_name", None)  # the cashier's window: its screen
    if isinstance(name, str) and isinstance(getattr(window, "screens", None), dict):
        return SCREEN_TOPICS.get(name, "")
    key = getattr(window, "current_key", None)  # the back office: its section
    if isinstance(key, str) and type(window).__name__ == "BackOfficeWindow":
        return BACKOFFICE_TOPICS.get(key, "")
    return WINDOW_TOPICS.get(type(window).__name__, "")


def _is_help_key(event: QKeyEvent) -> bool:
    if event.key() == Qt.Key.Key_F1 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return True
    return event.matches(QKeySequence.StandardKey.HelpContents)


class HelpKey(QObject):
    """The application's event filter: F1 anywhere opens the help (see :func:`install_help`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window: HelpWindow | None = None
        self.owner: QWidget | None = None  # the help window's parent (closes with it)
        self.user: UserSource | None = None  # who is logged in, when the cashier's window knows
        self.folder: Path | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget) and _is_help_key(event)):
            if isinstance(watched.window(), HelpWindow):
                return True  # already in a help window
            self.show_for(watched)
            return True
        return False

    def show_for(self, widget: QWidget) -> HelpWindow:
        """The help for the window ``widget`` is in: its user's guide at its topic."""
        user, topic = topic_for(widget)
        if user is None and self.user is not None:
            # A window of its own user (the back office, the settlements…) keeps it; the
            # cashier's window says who is logged in there.
            user = self.user()
        return self.show(role_of(user), topic)

    def show(self, role: str, topic: str = "") -> HelpWindow:
        modal = QApplication.activeModalWidget()
        if modal is not None and (self.window is None or not modal.isAncestorOf(self.window)):
            # A modal dialog (a PIN asked…) blocks every window but its own children: this
            # help is one of them (one per dialog), gone when closed.
            found = modal.findChild(HelpWindow)
            window = found if isinstance(found, HelpWindow) else HelpWindow(modal,
                                                                             folder=self.folder)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.open(role, topic)
            window.show()
            window.raise_()
            window.activateWindow()
            return window
        if self.window is None:
            self.window = HelpWindow(self.owner, folder=self.folder)
            ident = id(self.window)
            self.window.destroyed.connect(lambda _gone=None: self._forget(ident))
        self.window.open(role, topic)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def _forget(self, ident: int) -> None:
        if self.window is not None and id(self.window) == ident:
            self.window = None  # only the help window that is gone, not a newer one

    def owner_gone(self, ident: int) -> None:
        """The window (``id``) the help belonged to was destroyed, its help window with it."""
        if self.owner is None or id(self.owner) != ident:
            return  # an earlier owner: the help moved to another window since
        self.owner = None
        self.user = None
        self.window = None


def _help_key(app: QApplication) -> HelpKey:
    found = app.findChild(HelpKey, "possouk-help-key")
    if isinstance(found, HelpKey):
        return found
    key = HelpKey(app)
    key.setObjectName("possouk-help-key")
    app.installEventFilter(key)
    return key


def install_help(target: QWidget | QApplication | None = None, *, user: UserSource | None = None,
                 folder: Path | None = None) -> HelpKey:
    """F1 opens the help from every window of the application (installed once; calling again
    updates it). ``target``, a window, becomes the help window's parent (it closes with it);
    ``user`` says who is logged in (None: each window's own ``user``, else the cashier)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("install_help needs the QApplication")
    key = _help_key(app)
    if isinstance(target, QWidget):
        owner = target.window()
        if key.owner is not owner:
            key.owner = owner
            key.user = None  # the earlier window's, gone with it
            ident = id(owner)
            owner.destroyed.connect(lambda _gone=None: key.owner_gone(ident))
            if key.window is not None:
                key.window.close()
                key.window.deleteLater()
                key.window = None
    if user is not None:
        key.user = user
    if folder is not None:
        key.folder = folder
    return key


def show_help(role: str | None = None, topic: str = "", widget: QWidget | None = None) -> HelpWindow:
    """Open the help (the F1 key does it too): for ``widget``'s window and user when given."""
    key = install_help()
    if widget is not None and role is None:
        window = key.show_for(widget)
        if topic:
            window.open(window.role, topic)
        return window
    return key.show(role or role_of(key.user() if key.user is not None else None), topic)
