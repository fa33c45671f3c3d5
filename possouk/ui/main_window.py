"""The cashier's window: a top bar, the stack of screens and a status bar.

Screens ask for one another by name (:attr:`Screen.go`); the window shows it and
calls its ``activated``. When a screen says the till changed (:attr:`Screen.changed`)
the status bar and the customer display follow. A language switch re-sets every
text and mirrors the layout in Arabic.

The window can open before its database: :meth:`MainWindow.opening` shows the
login screen over an :class:`~possouk.storage.entrance.Entrance` (read with the
standard library) while the rest of possouk is imported, and :meth:`MainWindow.attach`
then brings the till and the other screens. This module imports only what the
login screen needs; the other screens are imported by :meth:`attach`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, EnvironmentFault, PossoukError, UserError
from possouk.domain.permissions import Permission, allows
from possouk.i18n import _, current_language, is_rtl, ngettext, render_error, render_message
from possouk.storage.entrance import Entrance
from possouk.ui import machine
from possouk.ui.app import apply_language
from possouk.ui.help import install_help, show_help
from possouk.ui.screens.base import Screen
from possouk.ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from possouk.ui.backoffice.window import BackOfficeWindow
    from possouk.ui.customer_display import CustomerDisplay
    from possouk.ui.dashboard import DashboardWindow
    from possouk.ui.settlement_window import SettlementWindow
    from possouk.ui.till import Till

__all__ = ["LANGUAGE_BUTTONS", "MainWindow"]

STATUS_SECONDS = 5
SIGNED_IN_SCREENS = ("sale", "payment", "refund", "open", "closing")
# Screens that sell or refund: without an open session of today, the cashier opens or closes first.
SESSION_SCREENS = ("sale", "payment", "refund")
# (code, label, shortcut): each language names itself, so anyone can find theirs.
LANGUAGE_BUTTONS = (("ar", "ع", "Ctrl+1"), ("fr", "FR", "Ctrl+2"), ("en", "EN", "Ctrl+3"))


class MainWindow(QMainWindow):
    """The window of one till; ``start`` is the first screen (``setup`` or ``login``).

    ``MainWindow(till, ...)`` opens over a till; :meth:`opening` opens before it.
    """

    def __init__(self, till: Till | None, *, log_path: Path,
                 config_folder: str | os.PathLike[str] | None = None, start: str = "login",
                 entrance: Entrance | None = None, register_code: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till: Till | None = None
        self.entrance = entrance
        self.log_path = log_path
        self.config_folder = config_folder
        self.customer_display: CustomerDisplay | None = None
        self.crash_dialogs: list[QMessageBox] = []  # the exception hook's dialog, when shown
        self.resize(1280, 800)

        self.top_bar = QWidget()
        self.top_bar.setObjectName("topBar")
        self.title = QLabel()
        self.title.setObjectName("windowTitle")
        self.title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        # A long store name is cut, not allowed to widen the window past a small screen.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.switch_user = QPushButton()
        self.switch_user.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.switch_user.clicked.connect(self.switch_user_clicked)
        self.display_button = QPushButton()
        self.display_button.setCheckable(True)
        self.display_button.setEnabled(False)  # until the till is there
        self.display_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.display_button.toggled.connect(self.set_customer_display)
        # The organizers' dashboard, for someone allowed to see the reports (Ctrl+D).
        self.dashboard: DashboardWindow | None = None
        self.dashboard_button = QPushButton()
        self.dashboard_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.dashboard_button.clicked.connect(self.open_dashboard)
        self.dashboard_button.hide()
        QShortcut(QKeySequence("Ctrl+D"), self).activated.connect(self.open_dashboard)
        # The cooperatives' statements and payouts, for someone allowed to settle (Ctrl+L).
        self.settlements: SettlementWindow | None = None
        self.settlements_button = QPushButton()
        self.settlements_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.settlements_button.clicked.connect(self.open_settlements)
        self.settlements_button.hide()
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.open_settlements)
        # The back office (cooperatives, products, stock, users, settings), by permission (Ctrl+B).
        self.backoffice: BackOfficeWindow | None = None
        self.backoffice_button = QPushButton()
        self.backoffice_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backoffice_button.clicked.connect(self.open_backoffice)
        self.backoffice_button.hide()
        QShortcut(QKeySequence("Ctrl+B"), self).activated.connect(self.open_backoffice)
        # The guide of whoever is logged in, at the topic of the screen shown: F1 in any window.
        self.help_button = QPushButton()
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.help_button.clicked.connect(lambda: show_help(widget=self))
        install_help(self, user=lambda: self._till.user if self._till is not None else None)
        self.language_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout(self.top_bar)
        bar.setContentsMargins(12, 6, 12, 6)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.switch_user)
        bar.addWidget(self.dashboard_button)
        bar.addWidget(self.settlements_button)
        bar.addWidget(self.backoffice_button)
        bar.addWidget(self.display_button)
        bar.addWidget(self.help_button)
        self.language_switch = QWidget()
        languages = QHBoxLayout(self.language_switch)
        languages.setContentsMargins(16, 0, 0, 0)
        self.language_keys = QLabel()  # the buttons' keys, set by retranslate
        self.language_keys.setStyleSheet("font-size: 10pt; color: #c9d3d8;")
        languages.addWidget(self.language_keys)
        for code, label, keys in LANGUAGE_BUTTONS:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, c=code: self.set_language(c))
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda c=code: self.set_language(c))
            languages.addWidget(button)
            self.language_buttons[code] = button
        bar.addWidget(self.language_switch)

        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        self.login_screen = LoginScreen(till, entrance=entrance, register_code=register_code)
        self._add_screen("login", self.login_screen)
        self.login_screen.register_chosen.connect(self._remember_register)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_labels: dict[str, QLabel] = {}
        for key in ("site", "register", "cashier", "session", "printer", "database"):
            status_label = QLabel()
            self.status_labels[key] = status_label
            # The site's name may be long: it takes the room left and is the one cut short.
            self.statusBar().addWidget(status_label, 1 if key == "site" else 0)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_SECONDS * 1000)
        self.timer.timeout.connect(self.refresh_status)

        if till is not None:
            self.attach(till, start)
        else:
            self.retranslate()
            self.show_screen("login")

    @classmethod
    def opening(cls, entrance: Entrance, register_code: str, *, log_path: Path,
                config_folder: str | os.PathLike[str] | None = None) -> MainWindow:
        """The window with its login screen over ``entrance``, before the database is open.

        People may pick their tile and type their PIN at once; :meth:`attach` follows.
        """
        return cls(None, log_path=log_path, config_folder=config_folder, entrance=entrance,
                   register_code=register_code)

    def attach(self, till: Till, start: str = "login") -> None:
        """Work over ``till`` from now on: the other screens, the status bar, a PIN typed
        meanwhile checked; then show ``start`` (unless a login already moved on)."""
        from possouk.ui.screens.closing import ClosingScreen
        from possouk.ui.screens.drawer import OpenScreen
        from possouk.ui.screens.payment import PaymentScreen
        from possouk.ui.screens.refund import RefundScreen
        from possouk.ui.screens.sale import SaleScreen
        from possouk.ui.screens.setup import SetupScreen

        self._till = till
        self.setup_screen = SetupScreen(till, config_folder=self.config_folder)
        for name, screen in (("setup", self.setup_screen), ("sale", SaleScreen(till)),
                             ("payment", PaymentScreen(till)), ("refund", RefundScreen(till)),
                             ("open", OpenScreen(till)), ("closing", ClosingScreen(till))):
            self._add_screen(name, screen)
        self.setup_screen.register_chosen.connect(self._remember_register)
        self.setup_screen.language_chosen.connect(self.set_language)
        self.display_button.setEnabled(True)
        self.timer.start()
        self.retranslate()
        if self.login_screen.till is None:  # opened before its till: keep what was typed
            self.login_screen.attach(till)  # a PIN confirmed meanwhile is checked now
            if start != "login":
                self.show_screen(start)
            self.till_changed()
        else:
            self.show_screen(start)

    @property
    def till(self) -> Till:
        """The till (only once attached: :attr:`attached` tells)."""
        if self._till is None:
            raise RuntimeError("the window has no till yet")
        return self._till

    @property
    def attached(self) -> bool:
        return self._till is not None

    # -- screens -----------------------------------------------------------------------------

    def _add_screen(self, name: str, screen: Screen) -> None:
        screen.setObjectName("screen")
        screen.go.connect(self.go_to)
        screen.changed.connect(self.till_changed)
        self.stack.addWidget(screen)
        self.screens[name] = screen

    def current_screen(self) -> Screen:
        """The screen shown now."""
        current = self.stack.currentWidget()
        return next(s for s in self.screens.values() if s is current)

    @property
    def current_name(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, s in self.screens.items() if s is current), "")

    def show_screen(self, name: str) -> None:
        """Show the screen called ``name``; a screen that needs a cashier falls back to login."""
        if self._till is None or (name in SIGNED_IN_SCREENS and self._till.user is None):
            name = "login"
        screen = self.screens[name]
        self.stack.setCurrentWidget(screen)
        screen.activated()
        self.till_changed()

    def go_to(self, name: str) -> None:
        """A screen asked for ``name``: selling waits until this register's session is open
        (the opening screen) and an earlier day's session is closed (the closing screen)."""
        if name in SESSION_SCREENS and self._till is not None and self._till.user is not None:
            with contextlib.suppress(PossoukError):  # the screen shows the refusal itself
                needed = self._till.session_screen()
                name = name if needed == "sale" else needed
        self.show_screen(name)

    def switch_user_clicked(self) -> None:
        """Back to the login screen; the cart stays for whoever logs in next."""
        if self._till is not None:
            self._till.logout()
        self.close_dashboard()  # it showed the previous person's reports
        self.close_settlements()
        self.close_backoffice()
        self.show_screen("login")

    def may_see_reports(self) -> bool:
        user = self._till.user if self._till is not None else None
        return user is not None and allows(user, Permission.VIEW_REPORTS)

    def open_dashboard(self) -> None:
        """The organizers' dashboard in its own window (raised when already open)."""
        if self._till is None or not self.may_see_reports():
            return
        if self.dashboard is None:
            from possouk.ui.dashboard import DashboardWindow  # QtCharts: loaded on first use

            self.dashboard = DashboardWindow(self._till.db, user=self._till.user)
            self.dashboard.resize(1280, 800)
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()

    def close_dashboard(self) -> None:
        if self.dashboard is not None:
            self.dashboard.close()
            self.dashboard.deleteLater()
            self.dashboard = None

    def may_settle(self) -> bool:
        user = self._till.user if self._till is not None else None
        return user is not None and allows(user, Permission.SETTLE)

    def open_settlements(self) -> None:
        """The cooperatives' statements and payouts in their own window (raised when open)."""
        if self._till is None or not self.may_settle():
            return
        if self.settlements is None:
            from possouk.ui.settlement_window import SettlementWindow

            self.settlements = SettlementWindow(self._till.db, user=self._till.user,
                                                register_code=self._till.register_code or None)
            self.settlements.resize(1280, 800)
        self.settlements.show()
        self.settlements.raise_()
        self.settlements.activateWindow()

    def close_settlements(self) -> None:
        if self.settlements is not None:
            self.settlements.close()
            self.settlements.deleteLater()
            self.settlements = None

    def may_use_backoffice(self) -> bool:
        from possouk.ui.backoffice.window import sections_for

        user = self._till.user if self._till is not None else None
        return bool(sections_for(user))

    def open_backoffice(self) -> None:
        """The back office in its own window, with the sections the user may see (never for a
        cashier, whatever the keys)."""
        if self._till is None or self._till.user is None or not self.may_use_backoffice():
            return
        if self.backoffice is None:
            from possouk.ui.backoffice.window import BackOfficeWindow

            self.backoffice = BackOfficeWindow(self._till.db, self._till.user)
            self.backoffice.language_chosen.connect(self.set_language)
        self.backoffice.show()
        self.backoffice.raise_()
        self.backoffice.activateWindow()

    def route_scan(self, code: str) -> bool:
        """Where a scan goes: the back office's section when its window is in front, the
        current screen of this window otherwise — never the cart of a sale behind another
        window. False lets the keys through to the widget that has the focus."""
        active = QApplication.activeWindow()
        if self.backoffice is not None and active is self.backoffice:
            handler = getattr(self.backoffice.current_section(), "scanned", None)
            return bool(handler(code)) if callable(handler) else False
        if active is not None and active in (self.dashboard, self.settlements):
            return False
        return self.current_screen().scanned(code)

    def close_backoffice(self) -> None:
        if self.backoffice is not None:
            self.backoffice.close()
            self.backoffice.deleteLater()
            self.backoffice = None

    def till_changed(self) -> None:
        self._update_bar()
        self.refresh_status()
        if self.customer_display is not None:
            self.customer_display.refresh()

    def _update_bar(self) -> None:
        name = self.current_name
        signed_in = self._till is not None and self._till.user is not None
        self.switch_user.setVisible(signed_in and name not in ("setup", "login"))
        self.dashboard_button.setVisible(self.may_see_reports() and name not in ("setup", "login"))
        self.settlements_button.setVisible(self.may_settle() and name not in ("setup", "login"))
        self.backoffice_button.setVisible(self.may_use_backoffice()
                                          and name not in ("setup", "login"))
        for code, button in self.language_buttons.items():
            button.setChecked(code == current_language())

    # -- language ----------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Speak ``code``: mirror the layout in Arabic, re-set every text, remember it here."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_language(app, code)  # every widget not pinned to a direction follows
        self.retranslate()
        self._save(language=code)

    def retranslate(self) -> None:
        self.setWindowTitle(_("possouk — till"))
        self.switch_user.setText(_("Switch user"))
        self.dashboard_button.setText(_("Dashboard"))
        self.dashboard_button.setToolTip(_("Sales, charts and reports for organizers (Ctrl+D)"))
        if self.dashboard is not None:
            self.dashboard.retranslate()
        # Translators: top-bar button: opens the back office (cooperatives, products, stock…)
        self.backoffice_button.setText(_("Back office"))
        self.backoffice_button.setToolTip(_("Cooperatives, products, stock, users and settings "
                                            "(Ctrl+B)"))
        if self.backoffice is not None:
            self.backoffice.retranslate()
        # Translators: top-bar button: opens the cooperatives' statements and payouts
        self.settlements_button.setText(_("Settlements"))
        self.settlements_button.setToolTip(_("Statements and payouts of the cooperatives (Ctrl+L)"))
        if self.settlements is not None:
            self.settlements.retranslate()
        self.display_button.setText(_("Customer display"))
        self.display_button.setToolTip(_("Show or hide the screen facing the customer"))
        # Translators: top-bar button: opens the guide of the person logged in (also the F1 key)
        self.help_button.setText(_("Help"))
        self.help_button.setToolTip(_("A short guide for cashiers, supervisors and organizers "
                                      "(F1 in any window)"))
        for code, _label, keys in LANGUAGE_BUTTONS:
            name = {"ar": _("Arabic"), "fr": _("French"), "en": _("English")}[code]
            self.language_buttons[code].setToolTip(
                render_message(N_("{language} ({keys})"), {"language": name, "keys": keys}))
        # Ctrl+1 ع, Ctrl+2 FR, Ctrl+3 EN: the digits stand in the order the buttons show.
        self.language_keys.setText("Ctrl + 3 · 2 · 1" if is_rtl() else "Ctrl + 1 · 2 · 3")
        for screen in self.screens.values():
            screen.retranslate()
        if self.customer_display is not None:
            self.customer_display.retranslate()
        self.till_changed()

    # -- the status bar ----------------------------------------------------------------------

    def _place_title(self) -> None:
        # A QLabel aligns plain text by the text's own direction: a Latin store name would sit
        # on the left of an Arabic window. The title follows the window's side instead.
        side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        self.title.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        if self._till is None:
            self._place_entrance()
            return
        try:
            place = self.till.place
        except UserError:
            self.title.setText("possouk")
            self.status_labels["site"].setText("")
            self.status_labels["register"].setText(_("No register chosen"))
            return
        arabic = current_language() == "ar"
        store = (place.store.name_ar if arabic else place.store.name_fr) or place.store.name_fr
        site = place.site.name_ar if arabic else place.site.name_fr
        self.title.setText(store or "possouk")
        self.status_labels["site"].setText(render_message(N_("Site: {site}"), {"site": site}))
        self.status_labels["register"].setText(
            render_message(N_("Register: {register}"), {"register": place.register.code}))

    def _place_entrance(self) -> None:
        """The title and register while the database opens (from the entrance's glance)."""
        arabic = current_language() == "ar"
        store = ""
        if self.entrance is not None:
            store = ((self.entrance.store_name_ar if arabic else self.entrance.store_name_fr)
                     or self.entrance.store_name_fr)
        self.title.setText(store or "possouk")
        self.status_labels["site"].setText("")
        code = self.login_screen.register_code
        self.status_labels["register"].setText(
            render_message(N_("Register: {register}"), {"register": code}) if code
            else _("No register chosen"))

    def _session(self) -> None:
        user = self.till.user if self._till is not None else None
        self.status_labels["cashier"].setText(
            render_message(N_("Cashier: {name}"), {"name": user.display_name}) if user is not None
            else _("Nobody logged in"))
        if self._till is None:
            self.status_labels["session"].setText("")
            return
        # Imported once the till is there: the login screen paints without them.
        from possouk.i18n.formatting import format_datetime, local_now, to_local

        try:
            session = self._till.current_session()
        except UserError:  # no register chosen yet (the title says so)
            self.status_labels["session"].setText("")
            return
        if session is None:
            self.status_labels["session"].setText(_("Register closed"))
            return
        opened = to_local(session.opened_at)
        since = (opened.strftime("%H:%M") if opened.date() == local_now().date()
                 else format_datetime(session.opened_at, current_language()))
        self.status_labels["session"].setText(render_message(
            N_("Session {session} since {time}"), {"session": session.reference, "time": since}))

    def _printer(self) -> None:
        waiting = self.till.printer_waiting()
        label = self.status_labels["printer"]
        if waiting is None:
            label.setText(_("No printer"))
        elif not waiting:
            label.setText(_("Printer ready"))
        else:
            label.setText(ngettext("{count} receipt waiting", "{count} receipts waiting",
                                   waiting).format(count=waiting))

    def refresh_status(self) -> None:
        """Site, register, cashier, session, printer and database, as they are now."""
        database = self.status_labels["database"]
        if self._till is None:
            self._place_title()
            self._session()
            self.status_labels["printer"].setText("")
            database.setText(_("Opening the database…"))
            for label in self.status_labels.values():
                label.setVisible(bool(label.text()))
            return
        try:
            self._place_title()
            self._session()
            self._printer()
        except EnvironmentFault as fault:
            database.setText(render_error(fault))
            database.setStyleSheet("color: #b00020;")
            database.show()
            return
        database.setText(_("Database reachable"))
        database.setStyleSheet("")
        for label in self.status_labels.values():
            label.setVisible(bool(label.text()))  # an empty one would leave a gap

    def status_text(self) -> str:
        """The status bar's texts, in order (for tests)."""
        return " | ".join(label.text() for label in self.status_labels.values() if label.text())

    # -- machine settings and the customer display -------------------------------------------

    def _save(self, **changes: object) -> None:
        current = machine.load(self.config_folder)
        values = {"register": current.register, "language": current.language,
                  "customer_display": current.customer_display, **changes}
        try:
            machine.save(machine.MachineSettings(**values), self.config_folder)  # type: ignore[arg-type]
        except EnvironmentFault as fault:  # the setting is lost, not the work
            self.statusBar().showMessage(render_error(fault), 10_000)

    def _remember_register(self, code: str) -> None:
        self._save(register=code)
        self.till_changed()

    def set_customer_display(self, shown: bool) -> None:
        """Open or close the customer's screen; this machine remembers the choice."""
        if self._till is None:  # the till is not there yet: attach() asks again
            return
        if self.display_button.isChecked() != shown:
            self.display_button.setChecked(shown)  # toggled() calls back here once
            return
        if shown and self.customer_display is None:
            from possouk.ui.customer_display import CustomerDisplay

            self.customer_display = CustomerDisplay(self.till)
            self.customer_display.place_on_second_screen()
        elif not shown and self.customer_display is not None:
            self.customer_display.close()
            self.customer_display.deleteLater()
            self.customer_display = None
        self._save(customer_display=shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        self.close_dashboard()
        self.close_settlements()
        self.close_backoffice()
        if self.customer_display is not None:
            self.customer_display.close()
        super().closeEvent(event)
