"""The first run on an empty database: the store, its first site and register, an organizer.

Every field is checked before anything is written, and each problem shows
next to its field, so a refused form leaves the database as it was. The
organizer's account is created first (by the first-run actor, as the command
line does); the store, site and register are then recorded as the organizer's
doing, so the event log names a person.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from possouk.domain import identifiers, pin, text
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Role, User
from possouk.i18n import LANGUAGES, _, current_language, render_error
from possouk.services import maintenance, setup, users
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, touch_button

__all__ = ["FIRST_RUN", "SetupScreen"]

FIRST_RUN = User(id=0, login="setup", display_name="first-run setup", role=Role.ORGANIZER)
"""Who creates the first organizer: nobody is logged in yet (id 0, like the command line)."""

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


class _Field:
    """A line edit with its error label underneath."""

    def __init__(self, *, secret: bool = False) -> None:
        self.edit = QLineEdit()
        if secret:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.box = QWidget()
        column = QVBoxLayout(self.box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.edit)
        column.addWidget(self.error)

    @property
    def value(self) -> str:
        return self.edit.text()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class SetupScreen(Screen):
    """A form that turns an empty database into a store one can log in to."""

    register_chosen = Signal(str)  # the register created: this machine's from now on
    language_chosen = Signal(str)

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.fields: dict[str, _Field] = {
            name: _Field(secret=name.startswith("pin"))
            for name in ("store_ar", "store_fr", "site_code", "site_ar", "site_fr", "register",
                         "login", "name", "pin", "pin_again")
        }
        self.fields["site_code"].edit.setMaxLength(identifiers.CODE_MAX_LENGTH)
        for name in ("pin", "pin_again"):
            self.fields[name].edit.setMaxLength(12)
        self.labels: dict[str, QLabel] = {name: QLabel() for name in self.fields}
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.activated.connect(self._language_picked)
        self.language_label = QLabel()

        self.heading = QLabel()
        self.heading.setObjectName("title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("font-size: 13pt;")
        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setStyleSheet("font-size: 12pt; color: #4a5560;")
        self.groups: dict[str, QGroupBox] = {}
        forms = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        for key, names, column in (
            ("store", ("store_ar", "store_fr"), left),
            ("site", ("site_code", "site_ar", "site_fr", "register"), left),
            ("organizer", ("login", "name", "pin", "pin_again"), right),
        ):
            group = QGroupBox()
            form = QFormLayout(group)
            form.setVerticalSpacing(6)
            for name in names:
                form.addRow(self.labels[name], self.fields[name].box)
            if key == "organizer":
                form.addRow(self.language_label, self.language)
            self.groups[key] = group
            column.addWidget(group)
        left.addStretch(1)
        right.addStretch(1)
        forms.addLayout(left, 1)
        forms.addLayout(right, 1)

        self.message = MessageBar()
        self.create_button = touch_button(object_name="primary")
        self.create_button.clicked.connect(self.submit)

        content = QWidget()
        content.setObjectName("screen")  # the window's background, not the scroll area's grey
        content.setStyleSheet("QLineEdit, QComboBox { min-height: 34px; }")  # the form fits 800 px
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 12, 24, 6)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(forms)
        layout.addStretch(1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        # The message and the button stay in view however small the screen.
        footer = QVBoxLayout()
        footer.setContentsMargins(24, 0, 24, 12)
        footer.addWidget(self.message)
        footer.addWidget(self.create_button)
        footer.addWidget(self.demo_hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Welcome to possouk"))
        self.intro.setText(_("This database is empty. Name the store, its first site and register, "
                             "and create the organizer's account; the organizer then adds "
                             "cooperatives, products and cashiers."))
        self.demo_hint.setText(_("To try possouk with a demo store (cooperatives, products and sales), "
                                 "close this window and run “possouk demo” in a terminal."))
        self.groups["store"].setTitle(_("The store"))
        self.groups["site"].setTitle(_("The first site and register"))
        self.groups["organizer"].setTitle(_("The organizer"))
        labels = {
            "store_ar": _("Store name (Arabic)"), "store_fr": _("Store name (French)"),
            "site_code": _("Site code"), "site_ar": _("Site name (Arabic)"),
            "site_fr": _("Site name (French)"), "register": _("Register code"),
            "login": _("Login"), "name": _("Name"), "pin": _("PIN"),
            "pin_again": _("The same PIN again"),
        }
        for name, label in labels.items():
            self.labels[name].setText(label)
        self.fields["site_code"].edit.setPlaceholderText(_("e.g. MEK"))
        self.fields["register"].edit.setPlaceholderText(_("e.g. MEK1"))
        self.fields["pin"].edit.setPlaceholderText(_("4 to 12 digits"))
        self.language_label.setText(_("Language"))
        self.create_button.setText(_("Create the store"))
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))

    def activated(self) -> None:
        self.fields["store_ar"].edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _language_picked(self, index: int) -> None:
        self.language_chosen.emit(str(self.language.itemData(index)))

    # -- checking and writing ----------------------------------------------------------------

    def _checked(self) -> dict[str, str] | None:
        """Every field cleaned, or None after showing each problem next to its field."""
        values: dict[str, str] = {}
        checks: dict[str, Callable[[str], str]] = {
            "store_ar": lambda v: text.clean_name(v, field="name_ar"),
            "store_fr": lambda v: text.clean_name(v, field="name_fr"),
            "site_code": lambda v: identifiers.validate_code(v, field="code"),
            "site_ar": lambda v: text.clean_name(v, field="name_ar"),
            "site_fr": lambda v: text.clean_name(v, field="name_fr"),
            "register": lambda v: identifiers.validate_code(v, field="code"),
            "login": lambda v: identifiers.validate_code(v, field="login"),
            "name": lambda v: text.clean_name(v, field="name"),
            "pin": pin.check_pin_format,
        }
        for name, check in checks.items():
            try:
                values[name] = check(self.fields[name].value)
            except UserError as error:
                self.fields[name].show_error(render_error(error))
        if "pin" in values and self.fields["pin_again"].value.strip() != values["pin"]:
            self.fields["pin_again"].show_error(_("The two PINs differ."))
            return None
        if len(values) != len(checks):
            return None
        return values if self._free(values) else None

    def _free(self, values: dict[str, str]) -> bool:
        """False (and the field says why) when a code is already taken in this database."""
        taken = {
            "site_code": values["site_code"] in {s.code for s in maintenance.sites(self.till.db)},
            "register": values["register"] in {r.code for r in maintenance.registers(self.till.db)},
            "login": values["login"] in {u.login for u in users.users(self.till.db)},
        }
        messages = {"site_code": N_("A site with the code {code} already exists."),
                    "register": N_("A register with the code {code} already exists."),
                    "login": N_("The login {login} is already taken.")}
        for name, is_taken in taken.items():
            if is_taken:
                self.fields[name].show_error(render_error(UserError(
                    messages[name], code=values[name], login=values[name])))
        return not any(taken.values())

    def _show_first_error(self) -> None:
        """Scroll to the first field in error and put the cursor there."""
        for field in self.fields.values():
            if not field.error.isHidden():
                self.scroll_area.ensureWidgetVisible(field.box)
                field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
                field.edit.selectAll()
                return

    def submit(self) -> None:
        """Check the whole form, then write it; the login screen on success."""
        for field in self.fields.values():
            field.show_error("")
        self.message.clear_message()
        try:
            values = self._checked()
            if values is None:
                self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
                self._show_first_error()
                return
            organizer = users.add_user(self.till.db, FIRST_RUN, values["login"], values["name"],
                                       Role.ORGANIZER, values["pin"])
            setup.update_store(self.till.db, organizer, name_ar=values["store_ar"],
                               name_fr=values["store_fr"])
            setup.add_site(self.till.db, organizer, values["site_code"], values["site_ar"],
                           values["site_fr"])
            setup.add_register(self.till.db, organizer, values["register"], values["site_code"])
        except PossoukError as error:  # a fault (database busy): the form stays as typed
            self.message.show_error(error)
            return
        for name in ("pin", "pin_again"):
            self.fields[name].edit.clear()
        self.till.register_code = values["register"]
        self.till.refresh()
        self.register_chosen.emit(values["register"])
        self.changed.emit()
        self.go.emit("login")
