"""The back office's cooperatives: a searchable, sortable table and the form to create or edit.

The table shows every cooperative (the inactive ones greyed, on request) with its
commission, the value of its goods on the shelves and its sales so far
(:func:`possouk.services.cooperative_admin.overview`). The form checks each field as it
is typed with the domain's own validators — ICE of 15 digits, RIB of 24 digits with its
key, a phone, a commission between 0 and 100 % — and says under the field what is wrong;
**Save** stays off while a field is wrong, and the service checks everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from possouk.domain import identifiers, text
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Cooperative, User
from possouk.domain.money import format_plain, format_rate_plain, parse_amount, parse_rate
from possouk.domain.permissions import Permission
from possouk.i18n import gettext as _
from possouk.i18n import render_error, render_message
from possouk.i18n.formatting import format_rate
from possouk.services import catalog, cooperative_admin, setup
from possouk.services.catalog import CooperativeDraft
from possouk.services.cooperative_admin import CooperativeFigures
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar, money_text, select_row
from possouk.ui.workers import Done, run_in_background

__all__ = ["COLUMNS", "FIELDS", "CooperativesSection"]


COLUMNS: tuple[Column[CooperativeFigures], ...] = (
    Column("code", N_("Code"), lambda f: f.cooperative.code),
    Column("name_fr", N_("Name (French)"), lambda f: f.cooperative.name_fr),
    Column("name_ar", N_("Name (Arabic)"), lambda f: f.cooperative.name_ar),
    Column("province", N_("Province"), lambda f: f.cooperative.province),
    Column("commission", N_("Commission"), lambda f: format_rate(f.cooperative.commission),
           sort=lambda f: f.cooperative.commission, numeric=True),
    Column("products", N_("Products"), lambda f: str(f.products), sort=lambda f: f.products,
           numeric=True),
    # Translators: back office: the value of a cooperative's goods on the shelves, at shelf prices
    Column("stock_value", N_("Stock value"), lambda f: money_text(f.stock_value, currency=False),
           sort=lambda f: f.stock_value, numeric=True),
    # Translators: back office: a cooperative's sales (minus refunds) since the beginning
    Column("net_sales", N_("Sales to date"), lambda f: money_text(f.net_sales, currency=False),
           sort=lambda f: f.net_sales, numeric=True),
    Column("active", N_("Active"), lambda f: _("Yes") if f.cooperative.active else _("No"),
           sort=lambda f: f.cooperative.active),
)


@dataclass(frozen=True)
class Field:
    """A field of the form: its key, its label (msgid) and how its text is checked."""

    key: str
    label: str
    check: Callable[[str], object]
    hint: str = ""  # placeholder (msgid)


def _optional(label: str) -> Callable[[str], object]:
    return lambda value: text.clean_optional(value, field=label)


FIELDS: tuple[Field, ...] = (
    Field("code", N_("Code"), lambda v: identifiers.validate_code(v, field=N_("code")),
          N_("e.g. FES01")),
    Field("name_ar", N_("Name (Arabic)"), lambda v: text.clean_name(v, field=N_("Arabic name"))),
    Field("name_fr", N_("Name (French)"), lambda v: text.clean_name(v, field=N_("French name"))),
    Field("registration", N_("Registration"), _optional(N_("registration"))),
    # Translators: Moroccan company identifier (Identifiant Commun de l'Entreprise)
    Field("ice", N_("ICE"), identifiers.validate_ice, N_("15 digits")),
    Field("province", N_("Province"), _optional(N_("province"))),
    Field("phone", N_("Phone"), identifiers.validate_phone, N_("e.g. 0612345678")),
    Field("contact", N_("Contact person"), _optional(N_("contact"))),
    Field("rib", N_("RIB"), identifiers.validate_rib, N_("24 digits, key included")),
    Field("commission", N_("Commission (%)"), parse_rate, N_("e.g. 10")),
    Field("minimum_payout", N_("Minimum payout (MAD)"), lambda v: parse_amount(v or "0"),
          N_("e.g. 100")),
)

_STYLE = """
QLabel#heading { font-size: 14pt; font-weight: 700; }
QLabel[role="error"] { color: #b00020; font-size: 10pt; }
QLineEdit { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px; padding: 4px 8px;
    min-height: 32px; }
QLineEdit[invalid="true"] { border: 2px solid #b00020; }
QPushButton { min-height: 40px; padding: 0 14px; }
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QTableView { font-size: 11pt; }
QHeaderView::section { font-size: 10pt; font-weight: 600; padding: 4px; }
"""


class CooperativesSection(Section):
    """The cooperatives of the store: list, search, create, edit, deactivate."""

    TITLE = N_("Cooperatives")
    PERMISSION = Permission.VIEW_REPORTS

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setStyleSheet(_STYLE)
        self.can_edit = self.may(Permission.MANAGE_CATALOG)
        self.editing: Cooperative | None = None  # None: a new cooperative
        self._generation = 0

        # -- the table -------------------------------------------------------------------------
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.show_inactive = QCheckBox(self)
        self.show_inactive.setObjectName("show_inactive")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(self.new_cooperative)
        self.new_button.setEnabled(self.can_edit)
        self.model: RecordsModel[CooperativeFigures] = RecordsModel(
            COLUMNS, muted=lambda f: not f.cooperative.active,
            search_text=lambda f: " ".join((f.cooperative.code, f.cooperative.name_fr,
                                            f.cooperative.name_ar, f.cooperative.province)),
            parent=self)
        self.proxy = RecordFilter(self.model)
        self.proxy.set_accept(self._accepts)
        self.show_inactive.toggled.connect(lambda _on: self.proxy.refilter())
        self.table = QTableView(self)
        self.table.setObjectName("cooperatives")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        # -- the form --------------------------------------------------------------------------
        self.form_card = QFrame(self)
        self.form_card.setObjectName("card")
        self.form_title = QLabel(self.form_card)
        self.form_title.setObjectName("heading")
        self.inputs: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        half = (len(FIELDS) + 1) // 2  # two columns of fields: the form fits under the table
        for number, field in enumerate(FIELDS):
            edit = QLineEdit(self.form_card)
            edit.setObjectName(field.key)
            edit.textEdited.connect(lambda _text, key=field.key: self.check_field(key))
            error = QLabel(self.form_card)
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            label = QLabel(self.form_card)
            self.inputs[field.key], self.errors[field.key], self.labels[field.key] = edit, error, label
            row, column = 2 * (number % half), 3 * (number // half)
            form.addWidget(label, row, column)
            form.addWidget(edit, row, column + 1)
            form.addWidget(error, row + 1, column + 1)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(4, 1)
        form.setColumnMinimumWidth(2, 24)
        self.women_led = QCheckBox(self.form_card)
        self.women_led.setObjectName("women_led")
        self.youth_led = QCheckBox(self.form_card)
        self.youth_led.setObjectName("youth_led")
        self.form_message = MessageBar(self.form_card)
        self.save_button = QPushButton(self.form_card)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.active_button = QPushButton(self.form_card)
        self.active_button.setObjectName("active")
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.women_led)
        buttons.addWidget(self.youth_led)
        buttons.addStretch(1)
        buttons.addWidget(self.form_message, 2)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.save_button)
        card = QVBoxLayout(self.form_card)
        card.addWidget(self.form_title)
        card.addLayout(form)
        card.addStretch(1)
        card.addLayout(buttons)

        self.message = MessageBar(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.new_button)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.setChildrenCollapsible(False)
        body.addWidget(self.table)
        body.addWidget(self.form_card)
        body.setStretchFactor(0, 1)
        body.setSizes([380, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        self.retranslate()
        self.new_cooperative()

    # -- words ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(_("Cooperatives"))
        # Translators: back office: search box over the cooperatives (code, names, province)
        self.search.setPlaceholderText(_("Search by code, name or province…"))
        self.show_inactive.setText(_("Show the inactive ones"))
        self.new_button.setText(_("New cooperative"))
        for field in FIELDS:
            self.labels[field.key].setText(_(field.label))
            self.inputs[field.key].setPlaceholderText(_(field.hint) if field.hint else "")
            if self.errors[field.key].isVisible():
                self.check_field(field.key)
        # Translators: a cooperative run by women (the impact report counts them)
        self.women_led.setText(_("Led by women"))
        # Translators: a cooperative run by young people (the impact report counts them)
        self.youth_led.setText(_("Led by young people"))
        self.save_button.setText(_("Save"))
        self.model.retranslate()
        self._show_form_state()

    def _show_form_state(self) -> None:
        if self.editing is None:
            self.form_title.setText(_("New cooperative"))
            self.active_button.hide()
        else:
            self.form_title.setText(render_message(N_("Cooperative {code}"),
                                                   {"code": self.editing.code}))
            self.active_button.setVisible(self.can_edit)
            self.active_button.setText(_("Deactivate") if self.editing.active else _("Reactivate"))
        self.inputs["code"].setReadOnly(self.editing is not None or not self.can_edit)
        for key, edit in self.inputs.items():
            if key != "code":
                edit.setReadOnly(not self.can_edit)
        for box in (self.women_led, self.youth_led):
            box.setEnabled(self.can_edit)
        self._update_save()

    # -- loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._generation += 1
        generation, db, prepare = self._generation, self.db, self.model.preparer()
        self.loading = True
        run_in_background(lambda: prepare(cooperative_admin.overview(db)),
                          lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        try:
            prepared = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        selected = self.editing.code if self.editing is not None else None
        self.model.set_records(prepared)
        QTimer.singleShot(0, self.fit_columns)
        if selected is not None:
            self.select(selected)
        self.loaded.emit()

    # -- the table --------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Figures and codes as wide as their values; the two names share the rest."""
        names = [self.model.column_index(key) for key in ("name_fr", "name_ar")]
        others = [i for i in range(self.model.columnCount()) if i not in names]
        header = self.table.horizontalHeader()
        for column in others:  # the values decide; the heading too, within reason (it elides)
            values = max(self.table.sizeHintForColumn(column), 48) + 18
            self.table.setColumnWidth(column, max(values, min(header.sectionSizeHint(column), 90)))
        used = sum(self.table.columnWidth(i) for i in others)
        room = self.table.viewport().width() - self.table.verticalScrollBar().sizeHint().width()
        share = max(150, (room - used - 2) // len(names))
        for column in names:
            self.table.setColumnWidth(column, share)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _accepts(self, figures: CooperativeFigures) -> bool:
        return figures.cooperative.active or self.show_inactive.isChecked()

    def _filter_changed(self) -> None:
        self.proxy.set_query(self.search.text())

    def codes(self) -> list[str]:
        """The codes shown, in the table's order (tests)."""
        return [self.proxy.record_at(r).cooperative.code for r in range(self.proxy.rowCount())]

    def cell(self, code: str, key: str) -> str:
        """The text of a cell (tests)."""
        row = self.codes().index(code)
        return str(self.proxy.index(row, self.model.column_index(key)).data())

    def select(self, code: str) -> bool:
        codes = self.codes()
        if code not in codes:
            return False
        select_row(self.table, codes.index(code))
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.proxy.record_at(rows[0].row()).cooperative
        if self.editing is not None and chosen.code == self.editing.code:
            self.editing = chosen  # the same one, read again (after a save): the form stays
            self._show_form_state()
            return
        self.edit(chosen)

    # -- the form ---------------------------------------------------------------------------------
    def new_cooperative(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for edit in self.inputs.values():
            edit.clear()
        self.inputs["commission"].setText(format_rate_plain(
            setup.get_store(self.db).default_commission))
        self.inputs["minimum_payout"].setText("0")
        self.women_led.setChecked(False)
        self.youth_led.setChecked(False)
        self._clear_errors()
        self.form_message.clear_message()
        self._show_form_state()

    def edit(self, cooperative: Cooperative) -> None:
        self.editing = cooperative
        values = {
            "code": cooperative.code, "name_ar": cooperative.name_ar,
            "name_fr": cooperative.name_fr, "registration": cooperative.registration,
            "ice": cooperative.ice, "province": cooperative.province, "phone": cooperative.phone,
            "contact": cooperative.contact, "rib": cooperative.rib,
            "commission": format_rate_plain(cooperative.commission),
            "minimum_payout": format_plain(cooperative.minimum_payout),
        }
        for key, value in values.items():
            self.inputs[key].setText(value)
            self.inputs[key].setCursorPosition(0)  # a long name shows its beginning
        self.women_led.setChecked(cooperative.women_led)
        self.youth_led.setChecked(cooperative.youth_led)
        self._clear_errors()
        self.form_message.clear_message()
        self._show_form_state()

    def _clear_errors(self) -> None:
        for key in self.inputs:
            self._mark(key, None)

    def _mark(self, key: str, error: UserError | None) -> None:
        edit, label = self.inputs[key], self.errors[key]
        edit.setProperty("invalid", error is not None)
        edit.style().unpolish(edit)
        edit.style().polish(edit)
        label.setVisible(error is not None)
        label.setText(render_error(error) if error is not None else "")

    def check_field(self, key: str) -> bool:
        """Check one field now; its error shows under it. True when it is right."""
        field = next(f for f in FIELDS if f.key == key)
        try:
            field.check(self.inputs[key].text())
        except UserError as error:
            self._mark(key, error)
            self._update_save()
            return False
        self._mark(key, None)
        self._update_save()
        return True

    def field_error(self, key: str) -> str:
        """The sentence under a field ("" when it is right; tests)."""
        return self.errors[key].text() if not self.errors[key].isHidden() else ""

    def _update_save(self) -> None:
        wrong = any(not label.isHidden() for label in self.errors.values())
        self.save_button.setEnabled(self.can_edit and not wrong)

    def draft(self) -> CooperativeDraft:
        """The form as a draft (every field checked first; raises on the first wrong one)."""
        for field in FIELDS:
            if not self.check_field(field.key):
                raise UserError(N_("Correct the fields marked in red first."))
        value = {key: edit.text() for key, edit in self.inputs.items()}
        return CooperativeDraft(
            code=value["code"], name_ar=value["name_ar"], name_fr=value["name_fr"],
            registration=value["registration"], ice=value["ice"], province=value["province"],
            phone=value["phone"], contact=value["contact"], rib=value["rib"],
            commission=parse_rate(value["commission"]),
            minimum_payout=parse_amount(value["minimum_payout"] or "0"),
            women_led=self.women_led.isChecked(), youth_led=self.youth_led.isChecked())

    def save(self) -> None:
        """Create or update the cooperative of the form; a refusal is said, nothing written."""
        if not self.can_edit:
            return
        try:
            draft = self.draft()
            if self.editing is None:
                saved = catalog.add_cooperative(self.db, self.user, draft)
                said = N_("Cooperative {code} created.")
            else:
                saved = cooperative_admin.update_cooperative(self.db, self.user, self.editing.code,
                                                             draft)
                said = N_("Cooperative {code} saved.")
        except PossoukError as error:
            self.form_message.show_error(error)
            return
        self.editing = saved
        self._show_form_state()
        self.form_message.show_info(render_message(said, {"code": saved.code}))
        self.refresh()

    def toggle_active(self) -> None:
        if self.editing is None or not self.can_edit:
            return
        current = self.editing
        if current.active and not self.ask_confirm(render_message(
                N_("Deactivate {code} – {name}? Nothing more can be deposited for it; its history "
                   "stays and it can be brought back."),
                {"code": current.code, "name": current.name_fr})):
            return
        try:
            saved = cooperative_admin.set_active(self.db, self.user, current.code, not current.active)
        except PossoukError as error:
            self.form_message.show_error(error)
            return
        self.editing = saved
        if not saved.active:
            self.show_inactive.setChecked(True)  # keep it in sight
        self._show_form_state()
        self.form_message.show_info(render_message(
            N_("{code} deactivated.") if not saved.active else N_("{code} is active again."),
            {"code": saved.code}))
        self.refresh()

