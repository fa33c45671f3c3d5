"""The back office's Settings section: the store's identity and receipt text, its defaults,
sites and registers, label-scale barcodes, the receipt printer, the window's language and
the backups.

One long page in a scroll area, in two columns of groups. Each group saves with its own
button; each field is checked as it is edited (a small red line under it) with the
validators the services use, and a group with a wrong field writes nothing. Every write
goes through :mod:`possouk.services.settings_admin` (or the setup services the command line
uses), with the same permission checks and the same event log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from possouk.domain import barcode as barcodes
from possouk.domain import identifiers, text
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Register, Site, Store, User
from possouk.domain.money import format_plain, format_rate_plain
from possouk.domain.permissions import Permission
from possouk.hardware.printers import PrinterConfig
from possouk.i18n import LANGUAGES, current_language, is_rtl, render_message
from possouk.i18n import gettext as _
from possouk.services import catalog as catalog_service
from possouk.services import maintenance, settings_admin, setup
from possouk.services import printing as printing_service
from possouk.storage.uow import Database
from possouk.ui.app import apply_language
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.backoffice.users import CheckedField, all_valid
from possouk.ui.printer_form import PrinterForm, report_of_test_print
from possouk.ui.widgets import MessageBar, select_row
from possouk.ui.workers import Done, run_in_background

__all__ = ["SettingsData", "SettingsSection", "load_settings"]

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

IDENTITY_LABELS = {
    "name_ar": N_("Store name (Arabic)"),
    "name_fr": N_("Store name (French)"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "ice": N_("ICE"),
    "if_number": N_("IF (tax identifier)"),
    "rc": N_("RC (trade register)"),
    # Translators: settings: the line printed at the foot of every receipt
    "receipt_footer": N_("Receipt footer"),
}

SCALE_KINDS = {"weight": N_("weight (grams)"), "price": N_("price (centimes)")}

FILL_ALL = frozenset({"identity", "defaults", "printer", "backup"})


def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


SITE_COLUMNS: tuple[Column[Site], ...] = (
    Column("code", N_("Code"), lambda s: s.code),
    Column("name", N_("Name"), lambda s: _name(s.name_ar, s.name_fr)),
)
REGISTER_COLUMNS: tuple[Column[Register], ...] = (
    Column("code", N_("Code"), lambda r: r.code),
    Column("site", N_("Site"), lambda r: r.site_code),
)
RULE_COLUMNS: tuple[Column[barcodes.ScaleRule], ...] = (
    # Translators: scale barcode rules: the first digits of the scale's labels
    Column("prefix", N_("Prefix"), lambda r: r.prefix),
    # Translators: scale barcode rules: what the label carries, a weight or a price
    Column("kind", N_("Carries"), lambda r: _(SCALE_KINDS[r.kind])),
    # Translators: scale barcode rules: how many digits the item code has, then the value
    Column("digits", N_("Digits (item code, value)"), lambda r: f"{r.item_digits}, {r.value_digits}",
           sort=lambda r: (r.item_digits, r.value_digits)),
)


@dataclass(frozen=True)
class SettingsData:
    """Everything the section shows, read off the GUI thread."""

    store: Store
    sites: list[Site]
    registers: list[Register]
    rules: tuple[barcodes.ScaleRule, ...]
    printer: PrinterConfig | None
    backup: settings_admin.BackupSettings
    profiles: list[str]


def load_settings(db: Database) -> SettingsData:
    return SettingsData(
        store=setup.get_store(db), sites=maintenance.sites(db), registers=maintenance.registers(db),
        rules=catalog_service.get_scale_rules(db), printer=printing_service.printer_config(db),
        backup=settings_admin.backup_settings(db), profiles=settings_admin.printer_profiles(),
    )


def _check_prefix(typed: str) -> str:
    prefix = typed.strip()
    rest = 12 - len(prefix) - 5
    barcodes.check_scale_rules([barcodes.ScaleRule(prefix, "weight", 5, max(rest, 1))])
    return prefix


_STYLE = """
QWidget { font-size: 12pt; }
QWidget#settings_page { background: #f6f4ef; }
QLabel#heading { font-size: 14pt; font-weight: 700; }
QLabel#fieldError { color: #b00020; font-size: 10pt; }
QLabel#note { color: #4a5560; font-size: 10pt; }
QGroupBox { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px;
    margin-top: 14px; padding: 14px 8px 8px 8px; font-weight: 600; }
QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top left; padding: 0 6px; }
QLineEdit, QComboBox, QTimeEdit, QSpinBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 2px 8px; min-height: 30px; font-weight: 400; }
QLineEdit[invalid="true"] { border: 2px solid #b00020; }
QLabel { font-weight: 400; }
QPushButton { min-height: 40px; padding: 0 14px; font-weight: 400; }
QTableView { font-size: 11pt; font-weight: 400; }
QHeaderView::section { font-size: 10pt; font-weight: 600; padding: 3px; }
"""


def _table(parent: QWidget, name: str, model: RecordsModel[Any], height: int) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(RecordFilter(model))
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setFixedHeight(height)
    return table


class SettingsSection(Section):
    """The store's settings, one group at a time."""

    TITLE = N_("Settings")
    PERMISSION = Permission.MANAGE_SETTINGS

    language_chosen = Signal(str)  # the window's language was changed here (to remember it)
    finished = Signal()  # a test print or a backup started here has reported

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setStyleSheet(_STYLE)
        self.can_edit = self.may(Permission.MANAGE_SETTINGS)
        self.data: SettingsData | None = None
        self._generation = 0
        self._fill: set[str] = set(FILL_ALL)
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        page = QWidget(self)
        page.setObjectName("settings_page")
        self.page = page
        self.groups: dict[str, QGroupBox] = {}

        # -- identity --------------------------------------------------------------------------
        self.identity: dict[str, CheckedField] = {}
        form = self._group("identity")
        for name in settings_admin.IDENTITY_FIELDS:
            field = CheckedField(self._identity_check(name), name=name, parent=page)
            self.identity[name] = field
            form.addRow(self._label(name), field.box)
        self.identity["ice"].edit.setMaxLength(20)
        form.addRow(self._button("save_identity", self.save_identity))

        # -- defaults --------------------------------------------------------------------------
        form = self._group("defaults")
        self.commission = CheckedField(settings_admin.check_commission, name="commission",
                                       parent=page)
        self.cutoff = QTimeEdit(page)
        self.cutoff.setObjectName("cutoff")
        self.tolerance = CheckedField(settings_admin.check_tolerance, name="tolerance", parent=page)
        form.addRow(self._label("commission"), self.commission.box)
        form.addRow(self._label("cutoff"), self.cutoff)
        form.addRow(self._label("tolerance"), self.tolerance.box)
        form.addRow(self._button("save_defaults", self.save_defaults))

        # -- printer ---------------------------------------------------------------------------
        form = self._group("printer")
        self.message = MessageBar(self)
        self.printer = PrinterForm(self.message, page)
        self.buttons["detect_usb"] = self.printer.detect_button
        form.addRow(self.printer)
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("save_printer", self.save_printer))
        buttons.addWidget(self._button("test_print", self.test_print))
        form.addRow(buttons)

        # -- sites and registers ---------------------------------------------------------------
        form = self._group("sites")
        self.sites_model: RecordsModel[Site] = RecordsModel(SITE_COLUMNS)
        self.sites_table = _table(page, "sites", self.sites_model, 120)
        form.addRow(self.sites_table)
        self.site_code = CheckedField(lambda v: identifiers.validate_code(v, field="code"),
                                      name="site_code", parent=page)
        self.site_ar = CheckedField(lambda v: text.clean_name(v, field="name_ar"), name="site_ar",
                                    parent=page)
        self.site_fr = CheckedField(lambda v: text.clean_name(v, field="name_fr"), name="site_fr",
                                    parent=page)
        form.addRow(self._label("site_code"), self.site_code.box)
        form.addRow(self._label("site_ar"), self.site_ar.box)
        form.addRow(self._label("site_fr"), self.site_fr.box)
        form.addRow(self._button("add_site", self.add_site))
        self.registers_model: RecordsModel[Register] = RecordsModel(REGISTER_COLUMNS)
        self.registers_table = _table(page, "registers", self.registers_model, 120)
        form.addRow(self.registers_table)
        self.register_code = CheckedField(lambda v: identifiers.validate_code(v, field="code"),
                                          name="register_code", parent=page)
        self.register_site = QComboBox(page)
        self.register_site.setObjectName("register_site")
        form.addRow(self._label("register_code"), self.register_code.box)
        form.addRow(self._label("register_site"), self.register_site)
        form.addRow(self._button("add_register", self.add_register))

        # -- scale rules -----------------------------------------------------------------------
        form = self._group("scale")
        self.rules_model: RecordsModel[barcodes.ScaleRule] = RecordsModel(RULE_COLUMNS)
        self.rules_table = _table(page, "rules", self.rules_model, 110)
        form.addRow(self.rules_table)
        form.addRow(self._button("remove_rule", self.remove_rule))
        self.rule_prefix = CheckedField(_check_prefix, name="rule_prefix", parent=page)
        self.rule_prefix.edit.setMaxLength(3)
        self.rule_kind = QComboBox(page)
        self.rule_kind.setObjectName("rule_kind")
        for scale_kind in SCALE_KINDS:
            self.rule_kind.addItem("", scale_kind)
        self.item_digits, self.value_digits = QSpinBox(page), QSpinBox(page)
        for spin, value in ((self.item_digits, 5), (self.value_digits, 5)):
            spin.setRange(1, 10)
            spin.setValue(value)
        digits = QHBoxLayout()
        digits.addWidget(self.item_digits)
        digits.addWidget(self.value_digits)
        form.addRow(self._label("rule_prefix"), self.rule_prefix.box)
        form.addRow(self._label("rule_kind"), self.rule_kind)
        form.addRow(self._label("rule_digits"), digits)
        form.addRow(self._button("add_rule", self.add_rule))

        # -- language --------------------------------------------------------------------------
        form = self._group("language")
        self.language = QComboBox(page)
        self.language.setObjectName("language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        row = QHBoxLayout()
        row.addWidget(self.language, 1)
        row.addWidget(self._button("apply_language", self.apply_language))
        form.addRow(self._label("language"), row)

        # -- backups ---------------------------------------------------------------------------
        form = self._group("backup")
        self.backup_folder = CheckedField(settings_admin.check_folder, name="backup_folder",
                                          parent=page)
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder.box, 1)
        folder.addWidget(self._button("choose_folder", self.choose_folder), 0,
                         Qt.AlignmentFlag.AlignTop)
        self.backup_keep = CheckedField(settings_admin.check_keep, name="backup_keep", parent=page)
        form.addRow(self._label("backup_folder"), folder)
        form.addRow(self._label("backup_keep"), self.backup_keep.box)
        form.addRow(self._button("save_backup", self.save_backup))
        actions = QHBoxLayout()
        actions.addWidget(self._button("backup_now", self.backup_now))
        actions.addWidget(self._button("restore", self.restore))
        form.addRow(actions)
        self.backup_note = QLabel(page)
        self.backup_note.setObjectName("note")
        self.backup_note.setWordWrap(True)
        form.addRow(self.backup_note)

        # -- together --------------------------------------------------------------------------
        columns = QHBoxLayout(page)
        columns.setContentsMargins(8, 8, 8, 8)
        for names in (("identity", "defaults", "printer"),
                      ("sites", "scale", "language", "backup")):
            column = QVBoxLayout()
            for name in names:
                column.addWidget(self.groups[name])
            column.addStretch(1)
            columns.addLayout(column, 1)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(page)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.message)  # in view however far the page is scrolled
        if not self.can_edit:
            page.setEnabled(False)
        self.retranslate()

    # -- building ---------------------------------------------------------------------------------

    @staticmethod
    def _identity_check(name: str) -> Callable[[str], str]:
        return lambda value: settings_admin.check_identity_field(name, value)

    def _group(self, name: str) -> QFormLayout:
        group = QGroupBox(self.page)
        group.setObjectName(name)
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.groups[name] = group
        return form

    def _label(self, name: str) -> QLabel:
        label = QLabel(self.page)
        label.setWordWrap(False)
        self.labels[name] = label
        return label

    def _button(self, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(self.page)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: action())
        self.buttons[name] = button
        return button

    # -- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl()
                                else Qt.LayoutDirection.LeftToRight)
        self.heading.setText(_("Settings"))
        # A time edit lays its sections out backwards when the application is right to left
        # (as the date edits of the settlements): reversed, it reads 04:00 all the same.
        self.cutoff.setDisplayFormat("mm:HH" if QGuiApplication.isRightToLeft() else "HH:mm")
        titles = {
            "identity": _("The store and its receipts"),
            # Translators: settings group: default commission, end of the business day, cash tolerance
            "defaults": _("Defaults"),
            "printer": _("Receipt printer"),
            "sites": _("Sites and registers"),
            "scale": _("Scale barcodes"),
            "language": _("Language of the window"),
            "backup": _("Backups"),
        }
        for name, title in titles.items():
            self.groups[name].setTitle(title)
        words = {
            **{name: _(label) for name, label in IDENTITY_LABELS.items()},
            "commission": _("Default commission (%)"),
            # Translators: settings: the local time at which a business day ends (e.g. 04:00)
            "cutoff": _("End of the business day"),
            # Translators: settings: a closing's cash difference beyond this needs a supervisor
            "tolerance": _("Cash tolerance (MAD)"),
            "site_code": _("Site code"), "site_ar": _("Site name (Arabic)"),
            "site_fr": _("Site name (French)"), "register_code": _("Register code"),
            "register_site": _("Site"),
            "rule_prefix": _("Prefix"),
            "rule_kind": _("Carries"),
            # Translators: settings, scale barcodes: digits of the item code, then of the value
            "rule_digits": _("Digits (item code, value)"),
            "language": _("Language"),
            "backup_folder": _("Backup folder"),
            "backup_keep": _("Backups to keep"),
        }
        for name, label in words.items():
            self.labels[name].setText(label)
        buttons = {
            "save_identity": _("Save the store's identity"),
            "save_defaults": _("Save the defaults"),
            "save_printer": _("Save the printer"),
            "test_print": _("Test print"),
            "add_site": _("Add the site"),
            "add_register": _("Add the register"),
            "remove_rule": _("Remove the selected rule"),
            "add_rule": _("Add the rule"),
            "apply_language": _("Apply"),
            # Translators: settings, backups: choose the folder in a dialog
            "choose_folder": _("Choose…"),
            "save_backup": _("Save the backup settings"),
            "backup_now": _("Back up now"),
            "restore": _("Restore…"),
        }
        for name, words_ in buttons.items():
            if name in self.buttons:
                self.buttons[name].setText(words_)
        self.buttons["test_print"].setToolTip(
            _("Prints a test page on the printer as saved: save your changes first."))
        for index in range(self.rule_kind.count()):
            self.rule_kind.setItemText(index, _(SCALE_KINDS[str(self.rule_kind.itemData(index))]))
        self.commission.edit.setPlaceholderText(_("e.g. 10"))
        self.tolerance.edit.setPlaceholderText(_("e.g. 2.00"))
        self.site_code.edit.setPlaceholderText(_("e.g. MEK"))
        self.register_code.edit.setPlaceholderText(_("e.g. MEK1"))
        self.rule_prefix.edit.setPlaceholderText(_("e.g. 23"))
        self.backup_note.setText(_("“Back up now” writes a checked copy of the database into the "
                                   "folder and deletes the oldest copies beyond the number to "
                                   "keep. “Restore…” replaces the database with a copy; the "
                                   "current one is kept aside first."))
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.printer.retranslate()
        for field in self._fields():
            if field.wrong:
                field.validate()
        for model in (self.sites_model, self.registers_model, self.rules_model):
            model.retranslate()
        if self.data is not None:
            self._fill_sites(self.data)

    def _fields(self) -> list[CheckedField]:
        return [*self.identity.values(), self.commission, self.tolerance,
                self.site_code, self.site_ar, self.site_fr,
                self.register_code, self.rule_prefix, self.backup_folder, self.backup_keep]

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self, fill: set[str] | frozenset[str] = FILL_ALL) -> None:
        """Read the settings again (off the GUI thread); the forms of ``fill`` show what was read
        (the others keep what is being typed in them)."""
        self._fill |= set(fill)
        self._generation += 1
        generation = self._generation
        self.loading = True
        db = self.db
        run_in_background(lambda: load_settings(db), lambda done: self._arrived(generation, done))

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
        assert isinstance(data, SettingsData)
        self.data = data
        fill, self._fill = self._fill, set()
        store = data.store
        if "identity" in fill:
            for name, field in self.identity.items():
                field.edit.setText(str(getattr(store, name)))
                field.edit.setCursorPosition(0)  # a long name shows its beginning
                field.show_error("")
        if "defaults" in fill:
            self.commission.edit.setText(format_rate_plain(store.default_commission))
            self.cutoff.setTime(QTime(store.day_cutoff_minutes // 60, store.day_cutoff_minutes % 60))
            self.tolerance.edit.setText(format_plain(store.cash_tolerance))
            for field in (self.commission, self.tolerance):
                field.show_error("")
        if "printer" in fill:
            self.printer.fill(data.printer, data.profiles)
        if "backup" in fill:
            self.backup_folder.edit.setText(data.backup.folder)
            self.backup_keep.edit.setText(str(data.backup.keep))
        self._fill_sites(data)
        self.rules_model.set_records(list(data.rules))
        self.loaded.emit()

    def _fill_sites(self, data: SettingsData) -> None:
        self.sites_model.set_records(data.sites)
        self.registers_model.set_records(data.registers)
        current = self.register_site.currentData()
        self.register_site.clear()
        for site in data.sites:
            self.register_site.addItem(f"{site.code} – {_name(site.name_ar, site.name_fr)}",
                                       site.code)
        self.register_site.setCurrentIndex(max(0, self.register_site.findData(current)))

    # -- saving -----------------------------------------------------------------------------------

    def _refused(self) -> None:
        self.message.show_error(UserError(N_("Please correct the fields marked in red.")))

    def _write(self, action: Callable[[], object], done: str, fill: set[str]) -> bool:
        """Run a service call; say what happened; read the settings again. True on success."""
        self.message.clear_message()
        try:
            action()
        except PossoukError as error:
            self.message.show_error(error)
            return False
        self.message.show_info(done)
        self.refresh(fill)
        return True

    def save_identity(self) -> None:
        if not all_valid(list(self.identity.values())):
            self._refused()
            return
        values = {name: field.value for name, field in self.identity.items()}
        self._write(lambda: settings_admin.save_identity(self.db, self.user, values),
                    _("The store's identity was saved."), {"identity"})

    def save_defaults(self) -> None:
        if not all_valid([self.commission, self.tolerance]):
            self._refused()
            return
        time = self.cutoff.time()
        minutes = time.hour() * 60 + time.minute()
        self._write(lambda: settings_admin.save_defaults(
            self.db, self.user, commission=self.commission.value, cutoff_minutes=minutes,
            tolerance=self.tolerance.value), _("The defaults were saved."), {"defaults"})

    def save_printer(self) -> None:
        if not self.printer.valid():
            self._refused()
            return
        values = self.printer.values()
        self._write(lambda: settings_admin.save_printer(self.db, self.user, values),
                    _("The printer settings were saved."), {"printer"})

    def test_print(self) -> None:
        """Print the test page on the printer saved; the outcome shows in the message bar."""
        self.message.show_info(_("Printing the test page…"), seconds=0)
        self.buttons["test_print"].setEnabled(False)
        db, user = self.db, self.user
        run_in_background(lambda: settings_admin.print_test_page(db, user), self._printed)

    def _printed(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.buttons["test_print"].setEnabled(True)
        report = report_of_test_print(done)
        if isinstance(report, PossoukError):
            self.message.show_error(report)
        else:
            self.message.show_info(report)
        self.finished.emit()

    def add_site(self) -> None:
        fields = [self.site_code, self.site_ar, self.site_fr]
        if not all_valid(fields):
            self._refused()
            return
        code = self.site_code.value.strip()
        if self._write(lambda: setup.add_site(self.db, self.user, code, self.site_ar.value,
                                              self.site_fr.value),
                       render_message(N_("The site {code} was added."), {"code": code}), set()):
            for field in fields:
                field.clear()

    def add_register(self) -> None:
        site = self.register_site.currentData()
        if not self.register_code.validate():
            self._refused()
            return
        if not isinstance(site, str):
            self.message.show_error(UserError(N_("Add a site first: a register belongs to a site.")))
            return
        code = self.register_code.value.strip()
        if self._write(lambda: setup.add_register(self.db, self.user, code, site),
                       render_message(N_("The register {code} was added."), {"code": code}), set()):
            self.register_code.clear()

    def add_rule(self) -> None:
        if not self.rule_prefix.validate():
            self._refused()
            return
        prefix = self.rule_prefix.value.strip()
        kind = str(self.rule_kind.currentData())
        if self._write(lambda: settings_admin.add_scale_rule(
                self.db, self.user, prefix, kind, self.item_digits.value(), self.value_digits.value()),
                render_message(N_("The scale rule {prefix} was added."), {"prefix": prefix}), set()):
            self.rule_prefix.clear()

    def selected_rule(self) -> barcodes.ScaleRule | None:
        rows = self.rules_table.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.rules_table.model()
        assert isinstance(proxy, RecordFilter)
        record = proxy.record_at(rows[0].row())
        return record if isinstance(record, barcodes.ScaleRule) else None

    def select_rule(self, prefix: str) -> None:
        proxy = self.rules_table.model()
        assert isinstance(proxy, RecordFilter)
        for row in range(proxy.rowCount()):
            if proxy.record_at(row).prefix == prefix:
                select_row(self.rules_table, row)
                return

    def remove_rule(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            self.message.show_error(UserError(N_("Select the rule to remove in the table.")))
            return
        self._write(lambda: settings_admin.remove_scale_rule(self.db, self.user, rule.prefix),
                    render_message(N_("The scale rule {prefix} was removed."),
                                   {"prefix": rule.prefix}), set())

    # -- language ---------------------------------------------------------------------------------

    def apply_language(self) -> None:
        """Speak the language chosen: every window of the application follows."""
        code = str(self.language.currentData())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_language(app, code)
        top = self.window()
        retranslate = getattr(top, "retranslate", None)
        if top is not self and callable(retranslate):
            retranslate()  # the back office window retranslates its sections, this one too
        else:
            self.retranslate()
        self.language_chosen.emit(code)

    # -- backups ----------------------------------------------------------------------------------

    def ask_folder(self, suggested: str) -> Path | None:
        """The backup folder (a folder dialog; tests replace it); None when cancelled."""
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), suggested)
        return Path(chosen) if chosen else None

    def ask_backup_file(self, suggested: str) -> Path | None:
        """The backup to restore (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where the backup to restore is chosen
        chosen, _filter = QFileDialog.getOpenFileName(self, _("Restore a backup"), suggested,
                                                      "*.sqlite3 *.db;;*")
        return Path(chosen) if chosen else None

    def choose_folder(self) -> None:
        chosen = self.ask_folder(self.backup_folder.value)
        if chosen is not None:
            self.backup_folder.edit.setText(str(chosen))
            self.backup_folder.validate()

    def save_backup(self) -> None:
        if not all_valid([self.backup_folder, self.backup_keep]):
            self._refused()
            return
        self._write(lambda: settings_admin.save_backup_settings(
            self.db, self.user, self.backup_folder.value, self.backup_keep.value),
            _("The backup settings were saved."), {"backup"})

    def backup_now(self) -> None:
        """Back up into the folder saved, then keep only the newest copies (off the GUI thread)."""
        self.message.show_info(_("Backing up…"), seconds=0)
        self.buttons["backup_now"].setEnabled(False)
        db, user = self.db, self.user
        run_in_background(lambda: settings_admin.backup_now(db, user), self._backed_up)

    def _backed_up(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self.buttons["backup_now"].setEnabled(True)
        try:
            result = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.finished.emit()
            return
        assert isinstance(result, settings_admin.BackupResult)
        message = render_message(N_("Backup written to {path}."), {"path": str(result.path)})
        if result.removed:
            message += " " + render_message(N_("Older copies deleted: {count}."),
                                            {"count": len(result.removed)})
        self.message.show_info(message, seconds=0)
        self.finished.emit()

    def restore(self) -> None:
        """Choose a backup, check it, say what it replaces, then restore it."""
        source = self.ask_backup_file(self.backup_folder.value)
        if source is None:
            return
        self.message.clear_message()
        try:
            settings_admin.check_restore(source)
        except PossoukError as error:
            self.message.show_error(error)
            return
        target = self.db.path
        question = render_message(
            N_("Replace the database {path} with the backup {source}? Everything recorded since "
               "that backup will be replaced; the current database is kept aside first."),
            {"path": str(target) if target is not None else self.db.url, "source": str(source)})
        if not self.ask_confirm(question):
            self.message.show_info(_("Nothing was changed."))
            return
        try:
            kept = settings_admin.restore(self.db, self.user, source)
        except PossoukError as error:
            self.message.show_error(error)
            return
        message = render_message(N_("The database was restored from {source}."),
                                 {"source": str(source)})
        if kept is not None:
            message += " " + render_message(N_("The database it replaced was kept at {path}."),
                                            {"path": str(kept)})
        message += " " + _("Restart possouk so that every window shows the restored data.")
        self.message.show_info(message, seconds=0)
        self.refresh()
