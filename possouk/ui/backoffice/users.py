"""The back office's Users section: who may log in, with which role, and what they did.

The table lists every account (login, name, role, active, locked); nobody is ever
deleted, only deactivated. Beside it, a form creates an account (the PIN typed twice)
and another acts on the selected one: change the role, reset the PIN, deactivate or
reactivate, unlock. Below, the event log: newest first, filtered by person and by kind,
a page of :data:`~possouk.services.user_admin.EVENT_PAGE` entries at a time.

Every change goes through :mod:`possouk.services.user_admin` (organizers only, logged);
each field is checked as it is edited, and a refusal writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from possouk.domain import identifiers, pin, text
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Role, User
from possouk.domain.permissions import Permission
from possouk.i18n import gettext as _
from possouk.i18n import is_rtl, render_error, render_message
from possouk.i18n.formatting import format_datetime
from possouk.services import user_admin
from possouk.services import users as user_service
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done, run_in_background

__all__ = ["EVENT_COLUMNS", "USER_COLUMNS", "CheckedField", "UsersData", "UsersSection",
           "kind_label", "role_label"]

ROLE_LABELS = {
    Role.CASHIER: N_("cashier"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.ORGANIZER: N_("organizer"),
}

# The kinds of the event log in words; a kind not listed shows as recorded.
KIND_LABELS = {
    "login": N_("Logged in"),
    "login_failed": N_("Failed login"),
    "lockout": N_("Account locked"),
    "user_added": N_("User added"),
    "user_unlocked": N_("User unlocked"),
    "user_role_changed": N_("Role changed"),
    "user_pin_reset": N_("PIN reset"),
    "user_deactivated": N_("User deactivated"),
    "user_reactivated": N_("User reactivated"),
    "settings_changed": N_("Settings changed"),
    "site_added": N_("Site added"),
    "register_added": N_("Register added"),
    # Translators: event log: a step of the first-run setup (store, printer, backups) done or skipped
    "setup_step": N_("First-run setup step"),
    "session_open": N_("Register opened"),
    "session_close": N_("Register closed"),
    "refund": N_("Refund"),
    "reprint": N_("Reprint"),
    "price_changed": N_("Price changed"),
    "export": N_("Export"),
    "import": N_("Import"),
    # Translators: event log: a site wrote its journals into a bundle for head office
    "exchange_export": N_("Bundle written for head office"),
    # Translators: event log: head office imported a site's bundle
    "exchange_import": N_("Site's bundle imported"),
    # Translators: event log: head office wrote its catalog for the sites
    "exchange_catalog_export": N_("Catalog written for the sites"),
    # Translators: event log: a site took head office's catalog in
    "exchange_catalog_import": N_("Head office's catalog taken in"),
    "backup": N_("Backup"),
    "database_restored": N_("Database restored"),
    "integrity_failure": N_("Integrity failure"),
    "cooperatives_added": N_("Cooperatives added"),
    "cooperative_changed": N_("Cooperative changed"),
    "cooperative_activated": N_("Cooperative reactivated"),
    "cooperative_deactivated": N_("Cooperative deactivated"),
    "products_added": N_("Products added"),
    "product_changed": N_("Product changed"),
    "product_deactivated": N_("Product deactivated"),
    "product_reactivated": N_("Product reactivated"),
    "stock_intake": N_("Deposit slip"),
    "stock_return": N_("Return slip"),
    "stock_adjustment": N_("Stock adjustment"),
    # Translators: event log: a sale recorded at a register
    "sale": N_("Sale"),
    "manual_sale": N_("Sale written on paper"),
    "cash_in": N_("Cash put in"),
    "cash_out": N_("Cash taken out"),
    "close_day": N_("Day closed"),
    "close_month": N_("Month closed"),
    "close_year": N_("Year closed"),
    "shared_cost": N_("Shared cost"),
    "statement": N_("Statement issued"),
    "payout": N_("Payout"),
}


def role_label(role: Role) -> str:
    return _(ROLE_LABELS[role])


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


USER_COLUMNS: tuple[Column[User], ...] = (
    Column("login", N_("Login"), lambda u: u.login),
    Column("name", N_("Name"), lambda u: u.display_name),
    Column("role", N_("Role"), lambda u: role_label(u.role), sort=lambda u: list(Role).index(u.role)),
    # Translators: users table: whether the account may log in
    Column("active", N_("Active"), lambda u: _yes_no(u.active), sort=lambda u: u.active),
    # Translators: users table: whether the account is locked after too many wrong PINs
    Column("locked", N_("Locked"), lambda u: _yes_no(u.locked), sort=lambda u: u.locked,
           alert=lambda u: u.locked),
)


def _detail(entry: user_admin.EventRow) -> str:
    parts = []
    for key, value in sorted(entry.detail.items()):
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)


def _who(entry: user_admin.EventRow) -> str:
    if not entry.login:
        return ""
    return f"{entry.name} ({entry.login})" if entry.name else entry.login


EVENT_COLUMNS: tuple[Column[user_admin.EventRow], ...] = (
    # Translators: event log: when it happened
    Column("at", N_("When"), lambda e: format_datetime(e.at, seconds=True), sort=lambda e: e.seq,
           numeric=True),
    # Translators: event log: who did it
    Column("user", N_("User"), _who),
    # Translators: event log: what happened (login, refund, settings changed…)
    Column("kind", N_("Event"), lambda e: kind_label(e.kind)),
    # Translators: event log: the details recorded with the event
    Column("detail", N_("Details"), _detail),
)


class CheckedField:
    """A line edit with a small red line under it: ``check`` runs as the text is edited and
    says why a value is refused (the same validators as the services)."""

    def __init__(self, check: Callable[[str], object] | None, *, name: str = "",
                 secret: bool = False, parent: QWidget | None = None) -> None:
        self.check = check
        self.edit = QLineEdit(parent)
        self.edit.setObjectName(name)
        if secret:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(parent)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.box = QWidget(parent)
        column = QVBoxLayout(self.box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.edit)
        column.addWidget(self.error)
        self.edit.textEdited.connect(lambda _text: self.validate())

    @property
    def value(self) -> str:
        return self.edit.text()

    @property
    def wrong(self) -> bool:
        return not self.error.isHidden()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.edit.setProperty("invalid", "true" if message else "false")
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)

    def validate(self) -> bool:
        """Check the value now; show why it is refused. True when accepted."""
        if self.check is None:
            return True
        try:
            self.check(self.value)
        except UserError as error:
            self.show_error(render_error(error))
            return False
        self.show_error("")
        return True

    def clear(self) -> None:
        self.edit.clear()
        self.show_error("")


def all_valid(fields: list[CheckedField]) -> bool:
    """Check every field (each shows its own problem); True when all are accepted."""
    return all([f.validate() for f in fields])  # a list: every field is checked and marked


_STYLE = """
QWidget { font-size: 12pt; }
QLabel#heading { font-size: 14pt; font-weight: 700; }
QLabel#subheading { font-size: 12pt; font-weight: 600; }
QLabel#fieldError { color: #b00020; font-size: 10pt; }
QLineEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px;
    padding: 4px 8px; min-height: 32px; }
QLineEdit[invalid="true"] { border: 2px solid #b00020; }
QPushButton { min-height: 40px; padding: 0 14px; }
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QTableView { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
"""

ALL = ""  # the filters' "everyone" / "every kind"


@dataclass(frozen=True)
class UsersData:
    """What the section shows, read off the GUI thread."""

    users: list[User]
    kinds: list[str]
    page: user_admin.EventPage
    logs: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # the sites' logs received


def load_users(db: Database, actor: User, login: str | None, kind: str | None,
               offset: int, site: int | None = None) -> UsersData:
    people = user_service.users(db)
    if login and login not in {u.login for u in people}:
        login = None
    logs = user_admin.event_logs(db, actor)
    if site not in {i for i, _name in logs}:
        site = None
    return UsersData(people, user_admin.event_kinds(db, actor, site=site),
                     user_admin.event_log(db, actor, login=login, kind=kind, offset=offset,
                                          site=site), logs)


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


class UsersSection(Section):
    """The accounts of the store and the event log."""

    TITLE = N_("Users")
    PERMISSION = Permission.MANAGE_USERS

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setStyleSheet(_STYLE)
        self.can_edit = self.may(Permission.MANAGE_USERS)
        self.data: UsersData | None = None
        self.offset = 0
        self._generation = 0

        # -- the accounts ----------------------------------------------------------------------
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.model: RecordsModel[User] = RecordsModel(
            USER_COLUMNS, muted=lambda u: not u.active,
            search_text=lambda u: f"{u.login} {u.display_name}")
        self.proxy = RecordFilter(self.model)
        self.search.textChanged.connect(self.proxy.set_query)
        self.table = _table(self, "users")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("name"), QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())

        # -- a new account ---------------------------------------------------------------------
        self.new_title = QLabel(self)
        self.new_title.setObjectName("subheading")
        self.login = CheckedField(lambda v: identifiers.validate_code(v, field="login"),
                                  name="login", parent=self)
        self.login.edit.setMaxLength(identifiers.CODE_MAX_LENGTH)
        self.name = CheckedField(lambda v: text.clean_name(v, field="name"), name="name",
                                 parent=self)
        self.role = self._role_combo(self, "role")
        self.pin = CheckedField(pin.check_pin_format, name="pin", secret=True, parent=self)
        self.pin_again = CheckedField(lambda v: user_admin.check_pins(self.pin.value, v),
                                      name="pin_again", secret=True, parent=self)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("create")
        self.create_button.clicked.connect(self.create_user)
        self.new_labels = [QLabel(self) for _i in range(5)]
        new_form = QFormLayout()
        new_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, widget in zip(self.new_labels, (self.login.box, self.name.box, self.role,
                                                   self.pin.box, self.pin_again.box), strict=True):
            new_form.addRow(label, widget)
        new_form.addRow(self.create_button)

        # -- the selected account --------------------------------------------------------------
        self.selected_title = QLabel(self)
        self.selected_title.setObjectName("subheading")
        self.selected_title.setWordWrap(True)
        self.new_role = self._role_combo(self, "new_role")
        self.role_button = QPushButton(self)
        self.role_button.setObjectName("change_role")
        self.role_button.clicked.connect(self.change_role)
        self.new_pin = CheckedField(pin.check_pin_format, name="new_pin", secret=True,
                                    parent=self)
        self.new_pin_again = CheckedField(lambda v: user_admin.check_pins(self.new_pin.value, v),
                                          name="new_pin_again", secret=True, parent=self)
        self.pin_button = QPushButton(self)
        self.pin_button.setObjectName("reset_pin")
        self.pin_button.clicked.connect(self.reset_pin)
        self.active_button = QPushButton(self)
        self.active_button.setObjectName("active")
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.clicked.connect(self.unlock)
        self.selected_labels = [QLabel(self) for _i in range(3)]
        role_row = QHBoxLayout()
        role_row.addWidget(self.new_role, 1)
        role_row.addWidget(self.role_button)
        selected_form = QFormLayout()
        selected_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        selected_form.addRow(self.selected_labels[0], role_row)
        selected_form.addRow(self.selected_labels[1], self.new_pin.box)
        selected_form.addRow(self.selected_labels[2], self.new_pin_again.box)
        selected_form.addRow(self.pin_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.active_button)
        state_row.addWidget(self.unlock_button)
        selected_form.addRow(state_row)

        # Two tabs beside the table: the selected account first (the usual errand), a new one.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        for title, form in ((self.selected_title, selected_form), (self.new_title, new_form)):
            page = QWidget(self)
            inner = QVBoxLayout(page)
            inner.addWidget(title)
            inner.addLayout(form)
            inner.addStretch(1)
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, "")
        self.tabs.setFixedWidth(450)
        for field in (self.login, self.name, self.pin, self.pin_again, self.new_pin,
                      self.new_pin_again):
            field.edit.setEnabled(self.can_edit)

        # -- the event log ---------------------------------------------------------------------
        self.log_heading = QLabel(self)
        self.log_heading.setObjectName("subheading")
        self.user_filter_label, self.kind_filter_label = QLabel(self), QLabel(self)
        self.user_filter = QComboBox(self)
        self.user_filter.setObjectName("user_filter")
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("kind_filter")
        # At head office: this database's log, or one received from a site (hidden elsewhere).
        self.log_filter_label = QLabel(self)
        self.log_filter = QComboBox(self)
        self.log_filter.setObjectName("log_filter")
        self.log_filter.activated.connect(lambda _i: self._filters_changed())
        for widget in (self.log_filter_label, self.log_filter):
            widget.setVisible(False)
        for combo in (self.user_filter, self.kind_filter):
            combo.setMinimumWidth(170)
            combo.activated.connect(lambda _i: self._filters_changed())
        self.newer_button, self.older_button = QPushButton(self), QPushButton(self)
        self.newer_button.setObjectName("newer")
        self.older_button.setObjectName("older")
        self.newer_button.clicked.connect(lambda: self._page(-1))
        self.older_button.clicked.connect(lambda: self._page(+1))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page")
        self.events: RecordsModel[user_admin.EventRow] = RecordsModel(EVENT_COLUMNS)
        self.events_proxy = RecordFilter(self.events)
        self.log = _table(self, "events")
        self.log.setModel(self.events_proxy)
        self.log.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        log_header = self.log.horizontalHeader()
        log_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        log_header.setStretchLastSection(True)
        filters = QHBoxLayout()
        filters.addWidget(self.log_heading)
        filters.addStretch(1)
        filters.addWidget(self.log_filter_label)
        filters.addWidget(self.log_filter)
        filters.addWidget(self.user_filter_label)
        filters.addWidget(self.user_filter)
        filters.addWidget(self.kind_filter_label)
        filters.addWidget(self.kind_filter)
        filters.addSpacing(12)
        filters.addWidget(self.newer_button)
        filters.addWidget(self.page_label)
        filters.addWidget(self.older_button)

        # -- together --------------------------------------------------------------------------
        self.message = MessageBar(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        accounts = QWidget(self)
        accounts_layout = QHBoxLayout(accounts)
        accounts_layout.setContentsMargins(0, 0, 0, 0)
        accounts_layout.addWidget(self.table, 1)
        accounts_layout.addWidget(self.tabs)
        events = QWidget(self)
        events_layout = QVBoxLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addLayout(filters)
        events_layout.addWidget(self.log, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(accounts)
        split.addWidget(events)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([450, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.retranslate()
        self._show_selected()

    @staticmethod
    def _role_combo(parent: QWidget, name: str) -> QComboBox:
        combo = QComboBox(parent)
        combo.setObjectName(name)
        for role in Role:
            combo.addItem("", role.value)
        return combo

    # -- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl()
                                else Qt.LayoutDirection.LeftToRight)
        self.heading.setText(_("Users"))
        # Translators: back office: search box over the users (login, name)
        self.search.setPlaceholderText(_("Search by login or name…"))
        # Translators: back office, users: the form that creates an account
        self.new_title.setText(_("New user"))
        self.tabs.setTabText(1, _("New user"))
        # Translators: back office, users: the tab of what can be done to the selected user
        self.tabs.setTabText(0, _("Selected user"))
        for label, words in zip(self.new_labels, (_("Login"), _("Name"), _("Role"), _("PIN"),
                                                  _("The same PIN again")), strict=True):
            label.setText(words)
        self.pin.edit.setPlaceholderText(_("4 to 12 digits"))
        self.create_button.setText(_("Create the user"))
        for label, words in zip(self.selected_labels, (_("Role"), _("New PIN"),
                                                       _("The same PIN again")), strict=True):
            label.setText(words)
        self.new_pin.edit.setPlaceholderText(_("4 to 12 digits"))
        # Translators: back office, users: give the selected user the role chosen beside
        self.role_button.setText(_("Change the role"))
        self.pin_button.setText(_("Reset the PIN"))
        self.unlock_button.setText(_("Unlock"))
        for combo in (self.role, self.new_role):
            for index in range(combo.count()):
                combo.setItemText(index, role_label(Role(combo.itemData(index))))
        self.log_heading.setText(_("Event log"))
        # Translators: event log filter: whose events
        self.user_filter_label.setText(_("User"))
        # Translators: event log filter: which kind of event
        self.kind_filter_label.setText(_("Event"))
        # Translators: event log filter at head office: this database's log or a site's received one
        self.log_filter_label.setText(_("Log"))
        # Translators: event log: show the page of more recent events
        self.newer_button.setText(_("Newer"))
        # Translators: event log: show the page of older events
        self.older_button.setText(_("Older"))
        for field in (self.login, self.name, self.pin, self.pin_again, self.new_pin,
                      self.new_pin_again):
            if field.wrong:
                field.validate()
        self.model.retranslate()
        self.events.retranslate()
        if self.data is not None:
            self._fill_filters(self.data)
            self._show_page(self.data.page)
        self._show_selected()

    # -- loading ----------------------------------------------------------------------------------

    def _filter(self, combo: QComboBox) -> str | None:
        value = combo.currentData()
        return value if isinstance(value, str) and value else None

    def refresh(self) -> None:
        """Read the users and the event log again (off the GUI thread)."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, actor, offset = self.db, self.user, self.offset
        login, kind = self._filter(self.user_filter), self._filter(self.kind_filter)
        chosen_log = self._filter(self.log_filter)
        site = int(chosen_log) if chosen_log else None
        run_in_background(lambda: load_users(db, actor, login, kind, offset, site),
                          lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        try:
            data = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        assert isinstance(data, UsersData)
        chosen = self.selected_login()
        self.data = data
        self.model.set_records(data.users)
        self._fill_filters(data)
        self._show_page(data.page)
        if chosen is not None:
            self.select(chosen)
        self._show_selected()
        self.loaded.emit()

    def _fill_filters(self, data: UsersData) -> None:
        current_log = self.log_filter.currentData()
        self.log_filter.blockSignals(True)
        self.log_filter.clear()
        # Translators: event log filter at head office: the log of this very database
        self.log_filter.addItem(_("This database"), ALL)
        for origin_id, name in data.logs:
            # Translators: event log filter at head office: the log received from a site, e.g. "ELH"
            self.log_filter.addItem(render_message(N_("Received from {site}"), {"site": name}),
                                    str(origin_id))
        self.log_filter.setCurrentIndex(max(0, self.log_filter.findData(current_log)))
        self.log_filter.blockSignals(False)
        for widget in (self.log_filter_label, self.log_filter):
            widget.setVisible(bool(data.logs))
        for combo, items in (
            (self.user_filter, [(u.login, f"{u.display_name} ({u.login})") for u in
                                sorted(data.users, key=lambda u: u.display_name.casefold())]),
            (self.kind_filter, [(k, kind_label(k)) for k in
                                sorted(data.kinds, key=lambda k: kind_label(k).casefold())]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            # Translators: event log filter: events of every user / of every kind
            combo.addItem(_("All") if combo is self.user_filter else _("All kinds"), ALL)
            for value, words in items:
                combo.addItem(words, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _show_page(self, page: user_admin.EventPage) -> None:
        self.events.set_records(page.entries)
        self.offset = page.offset
        if page.total:
            self.page_label.setText(render_message(
                # Translators: event log: which entries are shown, e.g. "1–500 of 1234"
                N_("{first}–{last} of {total}"),
                # as text: each number isolated, so "1–500" stays whole in Arabic
                {"first": str(page.offset + 1), "last": str(page.offset + len(page.entries)),
                 "total": str(page.total)}))
        else:
            self.page_label.setText(_("No event"))
        self.newer_button.setEnabled(page.has_newer)
        self.older_button.setEnabled(page.has_older)

    def _filters_changed(self) -> None:
        self.offset = 0
        self.refresh()

    def _page(self, step: int) -> None:
        self.offset = max(0, self.offset + step * user_admin.EVENT_PAGE)
        self.refresh()

    def set_filters(self, login: str | None = None, kind: str | None = None) -> None:
        """Show only ``login``'s events of ``kind`` (None: everyone, every kind)."""
        for combo, value in ((self.user_filter, login), (self.kind_filter, kind)):
            combo.setCurrentIndex(max(0, combo.findData(value or ALL)))
        self._filters_changed()

    def event_kinds_shown(self) -> list[str]:
        """The kinds of the events listed (for tests)."""
        return [e.kind for e in self.events.records]

    def event_logins_shown(self) -> list[str]:
        return [e.login for e in self.events.records]

    # -- the selection ----------------------------------------------------------------------------

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record = self.proxy.record_at(rows[0].row())
        return record if isinstance(record, User) else None

    def selected_login(self) -> str | None:
        user = self.selected_user()
        return user.login if user is not None else None

    def logins(self) -> list[str]:
        return [u.login for u in self.model.records]

    def user_row(self, login: str) -> User:
        return next(u for u in self.model.records if u.login == login)

    def select(self, login: str) -> None:
        """Select ``login`` in the table (its actions apply to it)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.record_at(row).login == login:
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                self.table.selectionModel().setCurrentIndex(self.proxy.index(row, 0), flags)
                return

    def _show_selected(self) -> None:
        user = self.selected_user()
        widgets = (self.new_role, self.role_button, self.pin_button, self.active_button,
                   self.unlock_button, self.new_pin.edit, self.new_pin_again.edit)
        for widget in widgets:
            widget.setEnabled(user is not None and self.can_edit)
        if user is None:
            # Translators: back office, users: the actions' panel when no user is selected
            self.selected_title.setText(_("Select a user in the table to change them."))
            self.active_button.setText(_("Deactivate"))
            return
        self.selected_title.setText(f"{user.display_name} ({user.login})")
        self.new_role.setCurrentIndex(max(0, self.new_role.findData(user.role.value)))
        self.active_button.setText(_("Reactivate") if not user.active else _("Deactivate"))
        self.unlock_button.setEnabled(user.locked and self.can_edit)

    # -- actions ----------------------------------------------------------------------------------

    def _done(self, message: str) -> None:
        self.message.show_info(message)
        self.refresh()

    def create_user(self) -> None:
        """Create the account of the form, every field checked first."""
        self.message.clear_message()
        fields = [self.login, self.name, self.pin, self.pin_again]
        if not all_valid(fields):
            self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
            return
        role = str(self.role.currentData())
        try:
            created = user_admin.create_user(self.db, self.user, self.login.value, self.name.value,
                                             role, self.pin.value, self.pin_again.value)
        except PossoukError as error:
            self.message.show_error(error)
            return
        for field in fields:
            field.clear()
        self._done(render_message(N_("The user {login} was created."), {"login": created.login}))

    def change_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        role = Role(str(self.new_role.currentData()))
        try:
            user_admin.change_role(self.db, self.user, user.login, role)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self._done(render_message(N_("{login} is now {role}."),
                                  {"login": user.login, "role": role_label(role)}))

    def reset_pin(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if not all_valid([self.new_pin, self.new_pin_again]):
            self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
            return
        try:
            user_admin.reset_pin(self.db, self.user, user.login, self.new_pin.value,
                                 self.new_pin_again.value)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self.new_pin.clear()
        self.new_pin_again.clear()
        self._done(render_message(N_("The PIN of {login} was changed."), {"login": user.login}))

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active and not self.ask_confirm(render_message(
                N_("Deactivate {name} ({login})? They will no longer be able to log in; what they "
                   "did stays in the history."), {"name": user.display_name, "login": user.login})):
            return
        try:
            user_admin.set_active(self.db, self.user, user.login, not user.active)
        except PossoukError as error:
            self.message.show_error(error)
            return
        message = (N_("{login} was reactivated.") if not user.active
                   else N_("{login} was deactivated."))
        self._done(render_message(message, {"login": user.login}))

    def unlock(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        try:
            user_admin.unlock(self.db, self.user, user.login)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self._done(render_message(N_("{login} was unlocked."), {"login": user.login}))
