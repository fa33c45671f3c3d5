"""The first run, in steps: the store (with its first site, register and organizer), the
receipt printer with a test print, the backup folder.

The store step checks every field before anything is written, and each problem shows next
to its field, so a refused form leaves the database as it was. The organizer's account is
created first (by the first-run actor, as the command line does); the store, site and
register are then recorded as the organizer's doing, so the event log names a person.

The setup can be left and resumed. While the store's form is typed, what is typed (never
the PINs) is kept as a draft in this machine's configuration folder and shown again when
the screen opens; once the store exists, each step done or skipped is recorded in the
database (:func:`possouk.services.setup.record_setup_step`). Opening the window on a store
whose steps are not all done brings this screen back: the organizer logs in with their PIN,
then the step left shows. "Finish later" goes to the login screen (cashiers can sell).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from possouk.domain import identifiers, pin, text
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Role, User
from possouk.domain.permissions import Permission, allows
from possouk.i18n import LANGUAGES, _, current_language, render_error, render_message
from possouk.services import maintenance, printing, settings_admin, setup, users
from possouk.services.files import write_atomically
from possouk.ui import machine
from possouk.ui.backoffice.users import CheckedField, all_valid
from possouk.ui.printer_form import PrinterForm, report_of_test_print
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, touch_button
from possouk.ui.workers import Done, run_in_background

__all__ = ["DRAFT_FILE", "FIRST_RUN", "SetupScreen", "draft_file"]

_log = logging.getLogger(__name__)

FIRST_RUN = setup.FIRST_RUN

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

DRAFT_FILE = "setup-draft.json"
DRAFT_SECRETS = frozenset({"pin", "pin_again"})  # never written to the draft
DRAFT_DELAY_MS = 400  # the draft is written once typing pauses

STEP_NAMES = {
    # Translators: first-run setup, the steps' names: 1 Store · 2 Printer · 3 Backups
    "store": N_("Store"),
    "printer": N_("Printer"),
    "backups": N_("Backups"),
}

_STYLE = """
QLineEdit, QComboBox, QSpinBox { min-height: 34px; }
QLabel#step { font-size: 13pt; color: #6b737a; padding: 2px 6px; }
QLabel#step[current="true"] { color: #1f6f4a; font-weight: 700; border-bottom: 3px solid #1f6f4a; }
QLabel#step[done="true"] { color: #1f6f4a; }
QLabel#fieldError { color: #b00020; font-size: 10pt; }
QLineEdit[invalid="true"] { border: 2px solid #b00020; }
"""


def draft_file(folder: str | os.PathLike[str] | None = None) -> Path:
    """Where the setup's draft is kept on this machine."""
    return machine.config_dir(folder) / DRAFT_FILE


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


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(12)
    for button in buttons:
        row.addWidget(button)
    return row


class SetupScreen(Screen):
    """The first-run steps that turn an empty database into a store one can log in to."""

    register_chosen = Signal(str)  # the register created: this machine's from now on
    language_chosen = Signal(str)
    finished = Signal()  # a test print or a backup started here has reported

    def __init__(self, till: Till, parent: QWidget | None = None, *,
                 config_folder: str | os.PathLike[str] | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.config_folder = config_folder
        self.organizer: User | None = None  # who does the steps after the store's
        self.setStyleSheet(_STYLE)

        self.heading = QLabel()
        self.heading.setObjectName("title")
        self.step_labels: dict[str, QLabel] = {}
        steps = QHBoxLayout()
        steps.setSpacing(4)
        for index, step in enumerate(setup.SETUP_STEPS):
            if index:
                dot = QLabel("·")
                dot.setObjectName("step")
                steps.addWidget(dot)
            label = QLabel()
            label.setObjectName("step")
            self.step_labels[step] = label
            steps.addWidget(label)
        steps.addStretch(1)
        self.message = MessageBar()
        self.pages = QStackedWidget()
        self.page_names: dict[str, QWidget] = {
            "store": self._store_page(),
            "unlock": self._unlock_page(),
            "printer": self._printer_page(),
            "backups": self._backups_page(),
        }
        for page in self.page_names.values():
            self.pages.addWidget(page)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.setSpacing(8)
        outer.addWidget(self.heading)
        outer.addLayout(steps)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.message)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.restore_draft()
        for name, field in self.fields.items():
            if name not in DRAFT_SECRETS:
                field.edit.textChanged.connect(lambda _text: self._draft_timer.start())
        self.retranslate()
        self._show_page("store")

    # -- building ---------------------------------------------------------------------------------

    def _store_page(self) -> QWidget:
        self.fields: dict[str, _Field] = {
            name: _Field(secret=name in DRAFT_SECRETS)
            for name in ("store_ar", "store_fr", "address", "phone", "site_code", "site_ar",
                         "site_fr", "register", "login", "name", "pin", "pin_again")
        }
        self.fields["site_code"].edit.setMaxLength(identifiers.CODE_MAX_LENGTH)
        for name in DRAFT_SECRETS:
            self.fields[name].edit.setMaxLength(12)
        self.labels: dict[str, QLabel] = {name: QLabel() for name in self.fields}
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.activated.connect(self._language_picked)
        self.language_label = QLabel()

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
            ("store", ("store_ar", "store_fr", "address", "phone"), left),
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

        content = QWidget()
        content.setObjectName("screen")  # the window's background, not the scroll area's grey
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.intro)
        layout.addLayout(forms)
        layout.addStretch(1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.create_button = touch_button(object_name="primary")
        self.create_button.clicked.connect(self.submit)
        page = QWidget()
        column_ = QVBoxLayout(page)
        column_.setContentsMargins(0, 0, 0, 0)
        column_.addWidget(scroll, 1)  # the button stays in view however small the screen
        column_.addWidget(self.create_button)
        column_.addWidget(self.demo_hint)
        return page

    def _unlock_page(self) -> QWidget:
        self.unlock_intro = QLabel()
        self.unlock_intro.setWordWrap(True)
        self.unlock_intro.setStyleSheet("font-size: 13pt;")
        self.organizer_choice = QComboBox()
        self.organizer_choice.setObjectName("organizer_choice")
        self.unlock_pin = QLineEdit()
        self.unlock_pin.setObjectName("unlock_pin")
        self.unlock_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_pin.setMaxLength(12)
        self.unlock_pin.returnPressed.connect(self.unlock)
        self.unlock_labels = {"who": QLabel(), "pin": QLabel()}
        form = QFormLayout()
        form.addRow(self.unlock_labels["who"], self.organizer_choice)
        form.addRow(self.unlock_labels["pin"], self.unlock_pin)
        self.unlock_button = touch_button(object_name="primary")
        self.unlock_button.clicked.connect(self.unlock)
        self.later_buttons: list[QPushButton] = []
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.unlock_intro)
        box = QWidget()
        box.setMaximumWidth(560)
        box.setLayout(form)
        column.addWidget(box)
        column.addStretch(1)
        column.addLayout(_button_row(self._later_button(), self.unlock_button))
        return page

    def _later_button(self) -> QPushButton:
        button = touch_button()
        button.setObjectName("finish_later")
        button.clicked.connect(self.finish_later)
        self.later_buttons.append(button)
        return button

    def _printer_page(self) -> QWidget:
        self.printer_intro = QLabel()
        self.printer_intro.setWordWrap(True)
        self.printer_intro.setStyleSheet("font-size: 13pt;")
        self.printer = PrinterForm(self.message)
        self.printer.setMaximumWidth(720)
        self.test_button = touch_button()
        self.test_button.setObjectName("test_print")
        self.test_button.clicked.connect(self.test_print)
        self.skip_button = touch_button()
        self.skip_button.setObjectName("skip_printer")
        self.skip_button.clicked.connect(self.skip_printer)
        self.printer_next = touch_button(object_name="primary")
        self.printer_next.clicked.connect(self.save_printer)
        content = QWidget()
        content.setObjectName("screen")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.printer_intro)
        column.addWidget(self.printer)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(_button_row(self._later_button(), self.skip_button, self.test_button,
                                    self.printer_next))
        return page

    def _backups_page(self) -> QWidget:
        self.backups_intro = QLabel()
        self.backups_intro.setWordWrap(True)
        self.backups_intro.setStyleSheet("font-size: 13pt;")
        self.backup_folder = CheckedField(settings_admin.check_folder, name="backup_folder")
        self.backup_keep = CheckedField(settings_admin.check_keep, name="backup_keep")
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("choose_folder")
        self.choose_button.setMinimumHeight(36)
        self.choose_button.clicked.connect(self.choose_folder)
        self.backup_labels = {"folder": QLabel(), "keep": QLabel()}
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder.box, 1)
        folder.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(self.backup_labels["folder"], folder)
        form.addRow(self.backup_labels["keep"], self.backup_keep.box)
        box = QWidget()
        box.setMaximumWidth(820)
        box.setLayout(form)
        self.backup_now_button = touch_button()
        self.backup_now_button.setObjectName("backup_now")
        self.backup_now_button.clicked.connect(self.backup_now)
        self.finish_button = touch_button(object_name="primary")
        self.finish_button.clicked.connect(self.save_backups)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.backups_intro)
        column.addWidget(box)
        column.addStretch(1)
        column.addLayout(_button_row(self._later_button(), self.backup_now_button,
                                     self.finish_button))
        return page

    # -- words ------------------------------------------------------------------------------------

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
            "address": _("Address"), "phone": _("Phone"),
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
        # Translators: first-run setup: the store's address and phone may be left empty
        optional = _("optional")
        self.fields["address"].edit.setPlaceholderText(optional)
        self.fields["phone"].edit.setPlaceholderText(optional)
        self.language_label.setText(_("Language"))
        self.create_button.setText(_("Create the store"))
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))

        self.unlock_intro.setText(_("The store is set up, but some steps of the first run are "
                                    "left. An organizer logs in with their PIN to finish them; "
                                    "“Finish later” goes to the login screen."))
        self.unlock_labels["who"].setText(_("Organizer"))
        self.unlock_labels["pin"].setText(_("PIN"))
        self.unlock_button.setText(_("Continue"))
        for button in self.later_buttons:
            button.setText(_("Finish later"))

        self.printer_intro.setText(_("How is the receipt printer connected? Choose, then print a "
                                     "test page. No printer yet? “Skip”: it can be set up later "
                                     "in the back office’s settings."))
        self.printer.retranslate()
        self.test_button.setText(_("Test print"))
        self.test_button.setToolTip(_("Saves the printer, then prints a test page on it."))
        # Translators: first-run setup: go on without a printer for now
        self.skip_button.setText(_("Skip"))
        # Translators: first-run setup: save this step and go to the next one
        self.printer_next.setText(_("Next"))

        self.backups_intro.setText(_("Where are the backups written? Best on a USB stick or "
                                     "another disk than this computer’s. “Back up now” writes a "
                                     "checked copy of the database there."))
        self.backup_labels["folder"].setText(_("Backup folder"))
        self.backup_labels["keep"].setText(_("Backups to keep"))
        # Translators: settings, backups: choose the folder in a dialog
        self.choose_button.setText(_("Choose…"))
        self.backup_now_button.setText(_("Back up now"))
        # Translators: first-run setup: the last step's button
        self.finish_button.setText(_("Finish"))
        for field in (self.backup_folder, self.backup_keep):
            if field.wrong:
                field.validate()
        self._show_steps()

    def _show_steps(self) -> None:
        """The step indicator: the step shown stands out, the steps done are ticked."""
        try:
            left = setup.setup_steps_left(self.till.db)
        except PossoukError:
            left = list(setup.SETUP_STEPS)
        page = self.current_page
        current = page if page in setup.SETUP_STEPS else (left[0] if left else "")
        for number, (step, label) in enumerate(self.step_labels.items(), start=1):
            done = step not in left
            words = render_message(N_("{number}. {step}"), {"number": number,
                                                            "step": _(STEP_NAMES[step])})
            label.setText(f"{words} ✓" if done else words)
            for name, value in (("current", step == current), ("done", done)):
                label.setProperty(name, "true" if value else "false")
            label.style().unpolish(label)
            label.style().polish(label)

    # -- which page -------------------------------------------------------------------------------

    @property
    def current_page(self) -> str:
        current = self.pages.currentWidget()
        return next((n for n, p in self.page_names.items() if p is current), "")

    def _show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self.page_names[name])
        self._show_steps()

    def activated(self) -> None:
        """The step left: the store's form, else (once an organizer has logged in here) the
        printer or the backups. Nothing left (the window never opens here then, but
        ``possouk screenshot`` draws it): the store's form, as on an empty database."""
        try:
            left = setup.setup_steps_left(self.till.db)
        except PossoukError as error:
            self.message.show_error(error)
            return
        if not left or "store" in left:
            self._show_page("store")
            self.fields["store_ar"].edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.organizer is None:
            self._fill_organizers()
            self._show_page("unlock")
            self.unlock_pin.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._open_step(left[0])

    def _open_step(self, step: str) -> None:
        self.message.clear_message()
        if step == "printer":
            self.printer.fill(printing.printer_config(self.till.db),
                              settings_admin.printer_profiles())
        elif step == "backups":
            saved = settings_admin.backup_settings(self.till.db)
            self.backup_folder.edit.setText(saved.folder)
            self.backup_keep.edit.setText(str(saved.keep))
            for field in (self.backup_folder, self.backup_keep):
                field.show_error("")
        self._show_page(step)

    def _next_step(self, left: list[str]) -> None:
        """Go on to the next step left, or, none left, to the login screen."""
        if left:
            self._open_step(left[0])
            return
        self.organizer = None
        self.go.emit("login")

    def _language_picked(self, index: int) -> None:
        self.language_chosen.emit(str(self.language.itemData(index)))

    # -- the draft --------------------------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        return draft_file(self.config_folder)

    def _draft_values(self) -> dict[str, str]:
        return {name: field.value for name, field in self.fields.items()
                if name not in DRAFT_SECRETS}

    def _database_key(self) -> str:
        """Which database the draft belongs to, without its URL (a server's has a password)."""
        return hashlib.sha256(self.till.db.url.encode("utf-8")).hexdigest()

    def save_draft(self) -> None:
        """Keep what is typed in the store's form (never the PINs) for the next start."""
        self._draft_timer.stop()
        values = self._draft_values()
        if not any(v.strip() for v in values.values()):
            return
        data = {"database": self._database_key(), "fields": values}
        path = self.draft_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
        except (OSError, PossoukError) as exc:  # a draft is a convenience: never in the way
            _log.warning("the setup draft %s could not be written (%s)", path, exc)

    def restore_draft(self) -> bool:
        """Show the draft kept for this database, if any; a damaged draft is ignored."""
        try:
            data: Any = json.loads(self.draft_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(data, dict) or data.get("database") != self._database_key():
            return False
        fields = data.get("fields")
        if not isinstance(fields, dict):
            return False
        for name, value in fields.items():
            if name in self.fields and name not in DRAFT_SECRETS and isinstance(value, str):
                self.fields[name].edit.setText(value)
        return True

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        with contextlib.suppress(OSError):
            self.draft_path.unlink(missing_ok=True)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._draft_timer.isActive():  # left while typing: what was typed is kept
            self.save_draft()
        super().hideEvent(event)

    # -- step 1: the store ------------------------------------------------------------------------

    def _checked(self) -> dict[str, str] | None:
        """Every field cleaned, or None after showing each problem next to its field."""
        values: dict[str, str] = {}
        checks: dict[str, Callable[[str], str]] = {
            "store_ar": lambda v: text.clean_name(v, field="name_ar"),
            "store_fr": lambda v: text.clean_name(v, field="name_fr"),
            "address": lambda v: text.clean_optional(v, field="address"),
            "phone": identifiers.validate_phone,
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
        """Check the whole store form, then write it; the printer's step on success."""
        for field in self.fields.values():
            field.show_error("")
        self.message.clear_message()
        try:
            values = self._checked()
            if values is None:
                self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
                self._show_first_error()
                return
            # One transaction: a fault (database busy) leaves nothing half made to retry over.
            organizer, _register = setup.create_store(self.till.db, setup.NewStore(
                store_ar=values["store_ar"], store_fr=values["store_fr"],
                site_code=values["site_code"], site_ar=values["site_ar"],
                site_fr=values["site_fr"], register=values["register"], login=values["login"],
                name=values["name"], pin=values["pin"], address=values["address"],
                phone=values["phone"]))
            left = setup.setup_steps_left(self.till.db)
        except PossoukError as error:  # a fault (database busy): the form stays as typed
            self.message.show_error(error)
            return
        for name in DRAFT_SECRETS:
            self.fields[name].edit.clear()
        self.discard_draft()
        self.organizer = organizer
        self.till.register_code = values["register"]
        self.till.refresh()
        self.register_chosen.emit(values["register"])
        self.changed.emit()
        self._next_step(left)

    # -- the organizer comes back -----------------------------------------------------------------

    def _fill_organizers(self) -> None:
        current = self.organizer_choice.currentData()
        self.organizer_choice.clear()
        try:
            people = users.users(self.till.db)
        except PossoukError as error:
            self.message.show_error(error)
            return
        for person in people:
            if person.active and person.role is Role.ORGANIZER:
                self.organizer_choice.addItem(f"{person.display_name} ({person.login})",
                                              person.login)
        self.organizer_choice.setCurrentIndex(max(0, self.organizer_choice.findData(current)))
        self.unlock_pin.clear()

    def unlock(self) -> None:
        """Check the organizer's PIN (wrong PINs count towards the lockout, as at the login
        screen); the step left once it is right."""
        login = self.organizer_choice.currentData()
        typed = self.unlock_pin.text()
        self.unlock_pin.clear()
        self.message.clear_message()
        if not isinstance(login, str):  # no active organizer: none can finish the setup
            self.message.show_error(UserError(N_("Only an organizer can finish the setup.")))
            return
        try:
            person = users.authenticate(self.till.db, login, typed)
            if not allows(person, Permission.MANAGE_SETTINGS):
                raise UserError(N_("Only an organizer can finish the setup."))
            left = setup.setup_steps_left(self.till.db)
        except PossoukError as error:
            self.message.show_error(error)
            self.unlock_pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.organizer = person
        self._next_step(left)

    def finish_later(self) -> None:
        """Leave the setup for now: the login screen; the next start comes back here."""
        self.organizer = None
        self.message.clear_message()
        self.go.emit("login")

    def _actor(self) -> User:
        if self.organizer is None:
            raise UserError(N_("Only an organizer can finish the setup."))
        return self.organizer

    def _record(self, step: str, *, skipped: bool = False) -> None:
        try:
            left = setup.record_setup_step(self.till.db, self._actor(), step, skipped=skipped)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self._next_step(left)

    # -- step 2: the printer ----------------------------------------------------------------------

    def _save_printer(self) -> bool:
        if not self.printer.valid():
            self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
            return False
        try:
            settings_admin.save_printer(self.till.db, self._actor(), self.printer.values())
        except PossoukError as error:
            self.message.show_error(error)
            return False
        return True

    def test_print(self) -> None:
        """Save the printer chosen, then print the test page (off the GUI thread: a printer
        that is off says so, the window never freezes)."""
        self.message.clear_message()
        if not self._save_printer():
            return
        self.message.show_info(_("Printing the test page…"), seconds=0)
        self.test_button.setEnabled(False)
        db, actor = self.till.db, self._actor()
        run_in_background(lambda: settings_admin.print_test_page(db, actor), self._printed)

    def _printed(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.test_button.setEnabled(True)
        report = report_of_test_print(done)
        if isinstance(report, PossoukError):
            self.message.show_error(report)
        else:
            self.message.show_info(report, seconds=0)
        self.finished.emit()

    def save_printer(self) -> None:
        """Save the printer and go on."""
        self.message.clear_message()
        if self._save_printer():
            self._record("printer")

    def skip_printer(self) -> None:
        """No printer now: go on (the back office's settings set it up later)."""
        self.message.clear_message()
        self._record("printer", skipped=True)

    # -- step 3: the backups ----------------------------------------------------------------------

    def ask_folder(self, suggested: str) -> Path | None:
        """The backup folder (a folder dialog; tests replace it); None when cancelled."""
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), suggested)
        return Path(chosen) if chosen else None

    def choose_folder(self) -> None:
        chosen = self.ask_folder(self.backup_folder.value)
        if chosen is not None:
            self.backup_folder.edit.setText(str(chosen))
            self.backup_folder.validate()

    def _save_backups(self) -> bool:
        if not all_valid([self.backup_folder, self.backup_keep]):
            self.message.show_error(UserError(N_("Please correct the fields marked in red.")))
            return False
        try:
            settings_admin.save_backup_settings(self.till.db, self._actor(),
                                                self.backup_folder.value, self.backup_keep.value)
        except PossoukError as error:
            self.message.show_error(error)
            return False
        return True

    def backup_now(self) -> None:
        """Save the folder, then back up into it (off the GUI thread)."""
        self.message.clear_message()
        if not self._save_backups():
            return
        self.message.show_info(_("Backing up…"), seconds=0)
        self.backup_now_button.setEnabled(False)
        db, actor = self.till.db, self._actor()
        run_in_background(lambda: settings_admin.backup_now(db, actor), self._backed_up)

    def _backed_up(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.backup_now_button.setEnabled(True)
        try:
            result = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.finished.emit()
            return
        assert isinstance(result, settings_admin.BackupResult)
        self.message.show_info(render_message(N_("Backup written to {path}."),
                                              {"path": str(result.path)}), seconds=0)
        self.finished.emit()

    def save_backups(self) -> None:
        """Save the backup folder and finish the setup: the login screen."""
        self.message.clear_message()
        if self._save_backups():
            self._record("backups")
