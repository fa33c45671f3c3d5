"""The organizers' settlements: the cooperatives' statements, issued and saved, and their payouts.

A window of its own (the main window opens it, like the dashboard): pick a period (two
dates, or everything not yet settled); the cooperatives with something to settle or a
balance due are listed with their draft statement's figures. Selecting one previews
its draft (products and totals); it can be issued (after a confirmation), saved as a
PDF, and paid (cash from this till's register, a transfer or a cheque). Every figure
comes from :mod:`possouk.services.settlements`, read off the GUI thread
(:func:`possouk.ui.workers.run_in_background`); :attr:`SettlementWindow.loaded` says
when the list is shown. Refusals are the services' sentences, shown near what was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Cooperative, User
from possouk.domain.money import parse_amount
from possouk.domain.permissions import Permission, allows
from possouk.domain.settlement import PayoutMethod, Statement
from possouk.i18n import current_language, is_rtl, ngettext, render_message
from possouk.i18n import gettext as _
from possouk.i18n.cash_labels import PAYOUT_METHOD_LABELS
from possouk.i18n.formatting import format_quantity
from possouk.services import catalog, printing, sessions, settlements, setup, statement_files
from possouk.services.files import write_atomically
from possouk.storage.uow import Database
from possouk.ui.dialogs import KeypadDialog
from possouk.ui.period import PeriodPicker
from possouk.ui.widgets import MessageBar, money_text, select_row
from possouk.ui.workers import Done, print_message, run_in_background

__all__ = [
    "LIST_COLUMNS", "METHOD_LABELS", "SettlementData", "SettlementRow", "SettlementWindow",
    "load_settlements",
]

METHOD_LABELS = PAYOUT_METHOD_LABELS

# (key, heading) of the list of cooperatives
LIST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", N_("Code")),
    ("name", N_("Cooperative")),
    ("gross_sales", N_("Gross sales")),
    ("commission", N_("Commission")),
    ("shared_costs", N_("Shared costs")),
    ("net_payable", N_("Net payable")),
    ("balance_due", N_("Balance due")),
)

# (key, heading) of the preview's products
PRODUCT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Product")),
    ("quantity", N_("Quantity")),
    ("unit_price", N_("Unit price")),
    ("gross", N_("Gross")),
    ("discount", N_("Discount")),
    ("net", N_("Net")),
    ("commission", N_("Commission")),
)

# (attribute of Statement, caption) of the preview's totals
TOTALS: tuple[tuple[str, str], ...] = (
    ("gross_sales", N_("Gross sales")),
    ("discounts", N_("Discounts")),
    ("sales", N_("Sales")),
    ("refunds", N_("Refunds")),
    ("commission", N_("Store's commission")),
    ("shared_costs", N_("Shared costs")),
    ("net_payable", N_("Net payable")),
    ("already_paid", N_("Already paid")),
    # Translators: settlements: what the store will owe the cooperative once this statement is issued
    ("balance_due", N_("Balance due after this statement")),
)


@dataclass(frozen=True)
class SettlementRow:
    """One cooperative of the list: its draft statement for the period and its balance now."""

    cooperative: Cooperative
    draft: Statement
    due: int  # the balance due now (issued statements minus payouts)


@dataclass(frozen=True)
class SettlementData:
    start: date | None
    end: date | None
    today: date
    rows: list[SettlementRow]
    register_code: str | None  # this till's register, when its drawer is open (cash payouts)

    def row(self, code: str) -> SettlementRow | None:
        return next((r for r in self.rows if r.cooperative.code == code), None)


def load_settlements(db: Database, start: date | None, end: date | None,
                     register_code: str | None = None) -> SettlementData:
    """The cooperatives to settle in the period, or with a balance due (runs off the GUI thread)."""
    today = business_day(utc_now(), setup.get_store(db).day_cutoff_minutes)
    drafts = {d.cooperative_code: d for d in settlements.drafts(db, start, end)}
    dues = {b.cooperative_code: b.due for b in settlements.balances(db)}
    rows = []
    for cooperative in sorted(catalog.cooperatives(db), key=lambda c: c.code):
        due = dues.get(cooperative.code, 0)
        draft = drafts.get(cooperative.code)
        if draft is None and not due:
            continue
        rows.append(SettlementRow(cooperative, draft or settlements.draft(
            db, cooperative.code, start, end), due))
    open_register = None
    if register_code:
        try:
            if sessions.current_session(db, register_code) is not None:
                open_register = register_code
        except UserError:  # no such register: cash cannot be paid from it
            open_register = None
    return SettlementData(start, end, today, rows, open_register)




def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#heading { font-size: 14pt; font-weight: 600; }
QLabel#section { font-size: 13pt; font-weight: 600; }
QLabel#empty { font-size: 14pt; color: #5b5f63; }
QTableWidget { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QDateEdit, QLineEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 4px 8px; min-height: 36px; }
QPushButton { min-height: 40px; padding: 0 14px; }
"""

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SettlementWindow(QWidget):
    """The organizers' window: period, cooperatives to settle, the selected one's draft, payouts."""

    loaded = Signal()  # the list of the last period asked is shown (tests wait for it)
    saved = Signal()  # a PDF or a batch was written, or could not be (the message says which)
    payout_printed = Signal()  # a payout's paper was printed or queued (the message says which)

    def __init__(self, db: Database, parent: QWidget | None = None, *, user: User | None = None,
                 register_code: str | None = None) -> None:
        """``user``: who settles (issuing and paying need :attr:`Permission.SETTLE`);
        ``register_code``: this till's register, whose drawer pays cash when it is open."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.db = db
        self.user = user
        self.register_code = register_code
        self.data: SettlementData | None = None
        self.start: date | None = None
        self.end: date | None = None
        self.selected: str | None = None
        self._generation = 0
        self.loading = False

        # -- the period ------------------------------------------------------------------------
        self.title = QLabel(self)
        self.title.setObjectName("title")
        # Translators: settlements: the period is every sale not yet in a statement
        self.period = PeriodPicker(self, N_("Everything not yet settled"))
        self.period.chosen.connect(self.set_period)
        self.everything, self.dates = self.period.everything, self.period.dates
        self.from_date, self.to_date = self.period.from_date, self.period.to_date
        self.show_button = self.period.show_button
        self.issue_all_button = QPushButton(self)
        self.issue_all_button.setObjectName("issue_all")
        self.issue_all_button.clicked.connect(self.issue_all)
        self.save_all_button = QPushButton(self)
        self.save_all_button.setObjectName("save_all")
        self.save_all_button.clicked.connect(self.ask_save_all)
        # the dialogs of the shared costs and of the statements issued and payouts (opened once)
        self.costs_button = QPushButton(self)
        self.costs_button.setObjectName("costs")
        self.costs_button.clicked.connect(self.open_costs)
        self.history_button = QPushButton(self)
        self.history_button.setObjectName("history")
        self.history_button.clicked.connect(self.open_history)
        self.unsold_button = QPushButton(self)
        self.unsold_button.setObjectName("unsold")
        self.unsold_button.clicked.connect(self.open_unsold)
        self.dialogs: dict[str, QDialog] = {}

        self.message = MessageBar(self)  # its own line, under the period, across the window
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (self.issue_all_button, self.save_all_button, self.costs_button,
                       self.history_button, self.unsold_button):
            top.addWidget(button)
        period = QHBoxLayout()
        period.addWidget(self.period)
        period.addStretch(1)

        # -- the list of cooperatives ----------------------------------------------------------
        self.table = QTableWidget(self)
        self.table.setObjectName("cooperatives")
        self.table.setColumnCount(len(LIST_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        # -- the selected cooperative's draft ----------------------------------------------------
        self.preview = QFrame(self)
        self.preview.setObjectName("card")
        self.heading = QLabel(self.preview)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.products = QTableWidget(self.preview)
        self.products.setObjectName("products")
        self.products.setColumnCount(len(PRODUCT_COLUMNS))
        self.products.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.products.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.products.verticalHeader().setVisible(False)
        self.products.setMinimumHeight(110)  # the header and four products at least
        self.total_captions: dict[str, QLabel] = {}
        self.total_values: dict[str, QLabel] = {}
        totals = QGridLayout()
        totals.setHorizontalSpacing(16)
        totals.setVerticalSpacing(0)
        small = QFont(self.font())
        small.setPointSize(12)  # like the tables: nine lines of figures under the products
        bold = QFont(small)
        bold.setBold(True)
        for index, (key, _caption) in enumerate(TOTALS):
            caption = QLabel(self.preview)
            value = QLabel(self.preview)
            value.setObjectName(f"total_{key}")
            value.setAlignment(_NUMERIC)
            caption.setFont(bold if key in ("net_payable", "balance_due") else small)
            value.setFont(caption.font())
            # two columns of figures: the first five, then the rest
            row, column = index % 5, (index // 5) * 2
            totals.addWidget(caption, row, column)
            totals.addWidget(value, row, column + 1)
            self.total_captions[key] = caption
            self.total_values[key] = value
        totals.setColumnStretch(1, 1)
        totals.setColumnStretch(3, 1)
        self.issue_button = QPushButton(self.preview)
        self.issue_button.setObjectName("issue")
        self.issue_button.clicked.connect(self.issue_selected)
        self.save_button = QPushButton(self.preview)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.ask_save_pdf)
        heading = QHBoxLayout()  # the buttons beside the heading: the products keep the height
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.issue_button)
        heading.addWidget(self.save_button)
        preview = QVBoxLayout(self.preview)
        preview.setContentsMargins(12, 8, 12, 8)
        preview.addLayout(heading)
        preview.addWidget(self.products, 1)
        preview.addLayout(totals)

        # -- a payout ----------------------------------------------------------------------------
        self.payout = QFrame(self)
        self.payout.setObjectName("card")
        self.payout_title = QLabel(self.payout)
        self.payout_title.setObjectName("section")
        self.payout_title.setFont(bold)
        self.balance_label = QLabel(self.payout)
        self.balance_label.setObjectName("balance")
        self.amount_label = QLabel(self.payout)
        self.amount = QLineEdit(self.payout)
        self.amount.setObjectName("amount")
        self.amount.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.amount.setAlignment(_NUMERIC | Qt.AlignmentFlag.AlignAbsolute)
        self.keypad_button = QPushButton("⌨", self.payout)
        self.keypad_button.setObjectName("keypad")
        self.keypad_button.clicked.connect(self._keypad)
        self.method_label = QLabel(self.payout)
        self.method = QComboBox(self.payout)
        self.method.setObjectName("method")
        for method in METHOD_LABELS:
            self.method.addItem("", method.value)
        self.method.currentIndexChanged.connect(lambda _index: self._method_note())
        self.reference_label = QLabel(self.payout)
        self.reference = QLineEdit(self.payout)
        self.reference.setObjectName("reference")
        self.reference.setMaxLength(60)
        self.pay_button = QPushButton(self.payout)
        self.pay_button.setObjectName("pay")
        self.pay_button.clicked.connect(self.record_payout)
        self.method_note = QLabel(self.payout)
        self.method_note.setWordWrap(True)
        self.method_note.setStyleSheet("color: #5b5f63;")
        self.payout_message = MessageBar(self.payout)
        form = QGridLayout()
        form.addWidget(self.amount_label, 0, 0)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.keypad_button)
        form.addLayout(amount_row, 0, 1)
        form.addWidget(self.method_label, 1, 0)
        form.addWidget(self.method, 1, 1)
        form.addWidget(self.reference_label, 2, 0)
        form.addWidget(self.reference, 2, 1)
        form.setColumnStretch(1, 1)
        payout = QVBoxLayout(self.payout)
        payout.setContentsMargins(12, 8, 12, 8)
        payout.addWidget(self.payout_title)
        payout.addWidget(self.balance_label)
        payout.addLayout(form)
        payout.addWidget(self.method_note)
        pay_row = QHBoxLayout()
        pay_row.addWidget(self.pay_button)
        pay_row.addStretch(1)
        payout.addLayout(pay_row)
        payout.addWidget(self.payout_message)

        can_settle = user is not None and allows(user, Permission.SETTLE)
        for button in (self.issue_button, self.issue_all_button, self.pay_button):
            button.setVisible(can_settle)
        self.payout.setVisible(can_settle)
        self.costs_button.setEnabled(can_settle)

        # The list across the window (long names, seven columns); under it the selected
        # cooperative's draft and its payout side by side. The split can be dragged.
        listing = QWidget(self)
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addWidget(self.empty, 1)
        selected = QWidget(self)
        selected_layout = QHBoxLayout(selected)
        selected_layout.setContentsMargins(0, 0, 0, 0)
        selected_layout.addWidget(self.preview, 1)
        selected_layout.addWidget(self.payout, 0)
        self.payout.setFixedWidth(420)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.setObjectName("split")
        body.setChildrenCollapsible(False)
        body.addWidget(listing)
        body.addWidget(selected)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        body.setSizes([240, 460])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(period)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)

        self.resize(1280, 800)
        self.retranslate()
        self.refresh()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the current language, the layout mirrored in Arabic, the figures redrawn."""
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.period.retranslate()
        # Translators: title of the organizers' window of the cooperatives' statements and payouts
        self.setWindowTitle(_("Settlements"))
        self.title.setText(_("Settlements"))
        # Translators: settlements button: issue the statement of every cooperative listed
        self.issue_all_button.setText(_("Issue all"))
        # Translators: settlements button: save every statement, a summary, a CSV and an XLSX in a folder
        self.save_all_button.setText(_("Save all PDFs"))
        # Translators: settlements button: the shared costs (transport, stand…) and a form to add one
        self.costs_button.setText(_("Shared costs…"))
        # Translators: settlements button: the statements issued and the payouts made so far
        self.history_button.setText(_("Statements and payouts…"))
        # Translators: settlements button: at the end of an edition, the goods left per cooperative
        self.unsold_button.setText(_("Unsold stock…"))
        for dialog in self.dialogs.values():
            dialog.retranslate()  # type: ignore[attr-defined]
        # Translators: settlements button: issue (number, fix) the selected cooperative's statement
        self.issue_button.setText(_("Issue this statement"))
        # Translators: settlements button: save the selected cooperative's statement as a PDF
        self.save_button.setText(_("Save PDF"))
        self.table.setHorizontalHeaderLabels([_(heading) for _key, heading in LIST_COLUMNS])
        self.products.setHorizontalHeaderLabels([_(heading) for _key, heading in PRODUCT_COLUMNS])
        for key, caption in TOTALS:
            self.total_captions[key].setText(_(caption))
        # Translators: settlements: the form that records a payment to the selected cooperative
        self.payout_title.setText(_("Record a payout"))
        self.amount_label.setText(_("Amount"))
        self.keypad_button.setToolTip(_("Keypad"))
        # Translators: settlements: how a cooperative is paid (cash, transfer, cheque)
        self.method_label.setText(_("Method"))
        for index in range(self.method.count()):
            method = PayoutMethod(self.method.itemData(index))
            self.method.setItemText(index, _(METHOD_LABELS[method]))
        self.reference_label.setText(_("Reference"))
        self.reference.setPlaceholderText(_("the transfer's reference or the cheque's number"))
        # Translators: settlements button: record the payment typed in the form
        self.pay_button.setText(_("Record the payout"))
        # Translators: settlements: shown instead of the list when nothing is to settle
        self.empty.setText(_("Nothing to settle and no balance due in this period."))
        if self.data is not None:
            self._show(self.data)
        else:
            self._show_selected()

    # -- the dialogs ----------------------------------------------------------------------------

    def open_costs(self) -> None:
        """The shared costs and their form (organizers only); a cost added changes the drafts."""
        from possouk.ui.settlement_dialogs import CostsDialog  # it imports this module

        if self._settler() is None:
            return
        if "costs" not in self.dialogs:
            today = self.data.today if self.data is not None else business_day(
                utc_now(), setup.get_store(self.db).day_cutoff_minutes)
            dialog = CostsDialog(self.db, self, user=self.user, start=self.start or today,
                                 end=self.end or today)
            dialog.added.connect(self.refresh)
            self.dialogs["costs"] = dialog
        self._raise(self.dialogs["costs"])

    def open_history(self) -> None:
        """The statements issued and the payouts made, of the selected cooperative first."""
        from possouk.ui.settlement_dialogs import HistoryDialog

        if "history" not in self.dialogs:
            self.dialogs["history"] = HistoryDialog(self.db, self, cooperative=self.selected)
        else:
            self.dialogs["history"].show_cooperative(self.selected)  # type: ignore[attr-defined]
        self._raise(self.dialogs["history"])

    def open_unsold(self) -> None:
        """The goods each cooperative left at a site, to hand back at the end of an edition."""
        from possouk.ui.unsold_dialog import UnsoldDialog

        if "unsold" not in self.dialogs:
            self.dialogs["unsold"] = UnsoldDialog(self.db, self, user=self.user, start=self.start,
                                                  end=self.end)
        self._raise(self.dialogs["unsold"])

    def _raise(self, dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # -- the period -----------------------------------------------------------------------------

    def set_period(self, start: date | None, end: date | None) -> None:
        """Settle what was sold from ``start`` to ``end`` (business days), or everything (None)."""
        self.period.show_period(start, end)
        self.start, self.end = self.period.start, self.period.end
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (after an issue, a payout, a sale)."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, start, end, register = self.db, self.start, self.end, self.register_code
        run_in_background(lambda: load_settlements(db, start, end, register),
                          lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the window closed, or a newer question was asked meanwhile
        self.loading = False
        try:
            data = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        assert isinstance(data, SettlementData)
        self.data = data
        self._show(data)
        self.loaded.emit()

    # -- showing --------------------------------------------------------------------------------

    def _show(self, data: SettlementData) -> None:
        if data.start is None:
            self.period.offer_dates_from(data.today)
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            draft = row.draft
            values = {
                "code": row.cooperative.code,
                "name": _name(row.cooperative.name_ar, row.cooperative.name_fr),
                "gross_sales": money_text(draft.gross_sales, currency=False),
                "commission": money_text(draft.commission, currency=False),
                "shared_costs": money_text(draft.shared_costs, currency=False),
                "net_payable": money_text(draft.net_payable, currency=False),
                "balance_due": money_text(row.due, currency=False),
            }
            for c, (key, _heading) in enumerate(LIST_COLUMNS):
                item = QTableWidgetItem(values[key])
                if key not in ("code", "name"):
                    item.setTextAlignment(_NUMERIC)
                item.setData(Qt.ItemDataRole.UserRole, row.cooperative.code)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        codes = [row.cooperative.code for row in data.rows]
        if self.selected not in codes:
            self.selected = codes[0] if codes else None
        if self.selected is not None:
            self._select_row(codes.index(self.selected))
        self.table.blockSignals(False)
        self.table.setVisible(bool(data.rows))
        self.empty.setVisible(not data.rows)
        self.issue_all_button.setEnabled(any(not r.draft.empty for r in data.rows))
        self.save_all_button.setEnabled(bool(data.rows))
        self._show_selected()

    def codes(self) -> list[str]:
        """The codes of the cooperatives listed, in order (for tests)."""
        return [] if self.data is None else [row.cooperative.code for row in self.data.rows]

    def cell(self, code: str, key: str) -> str:
        """The text shown for cooperative ``code`` in the column ``key`` (for tests)."""
        row = self.codes().index(code)
        column = [k for k, _h in LIST_COLUMNS].index(key)
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def select(self, code: str) -> None:
        """Select the cooperative ``code`` of the list (its draft shows)."""
        self._select_row(self.codes().index(code))

    def _select_row(self, row: int) -> None:
        select_row(self.table, row)  # not QTableView.selectRow: see select_row

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(code, str) and code != self.selected:
                self.selected = code
                self.payout_message.clear_message()
                self.amount.clear()
                self.reference.clear()
        self._show_selected()

    def selected_row(self) -> SettlementRow | None:
        if self.data is None or self.selected is None:
            return None
        return self.data.row(self.selected)

    def _show_selected(self) -> None:
        row = self.selected_row()
        self.preview.setEnabled(row is not None)
        self.payout.setEnabled(row is not None)
        self._method_note()
        if row is None:
            self.heading.setText(_("Choose a cooperative of the list."))
            self.products.setRowCount(0)
            for value in self.total_values.values():
                value.setText("")
            self.balance_label.setText("")
            return
        draft = row.draft
        name = _name(row.cooperative.name_ar, row.cooperative.name_fr)
        # Translators: settlements: heading of the preview; {code} and {name} are the cooperative's
        self.heading.setText(render_message(N_("Draft statement of {code} – {name}"),
                                            {"code": row.cooperative.code, "name": name}))
        lang = current_language()
        products = draft.products
        self.products.setRowCount(len(products))
        for r, product in enumerate(products):
            values = {
                "name": _name(product.name_ar, product.name_fr),
                "quantity": format_quantity(product.quantity, product.unit.value, lang),
                "unit_price": money_text(product.unit_price, currency=False),
                "gross": money_text(product.gross, currency=False),
                "discount": money_text(product.discount, currency=False),
                "net": money_text(product.net, currency=False),
                "commission": money_text(product.commission, currency=False),
            }
            for c, (key, _heading) in enumerate(PRODUCT_COLUMNS):
                item = QTableWidgetItem(values[key])
                if key != "name":
                    item.setTextAlignment(_NUMERIC)
                self.products.setItem(r, c, item)
        header = self.products.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for key, _caption in TOTALS:
            amount: int = getattr(draft, key)
            self.total_values[key].setText(money_text(amount))
        self.issue_button.setEnabled(not draft.empty)
        # Translators: settlements: the selected cooperative's balance due now; {amount} in dirhams
        self.balance_label.setText(render_message(N_("Balance due now: {amount}"),
                                                  {"amount": money_text(row.due)}))

    def _method_note(self) -> None:
        method = PayoutMethod(self.method.currentData())
        register = self.data.register_code if self.data is not None else None
        if method is PayoutMethod.CASH:
            if register:
                # Translators: settlements: cash payouts leave this till's register drawer
                text = render_message(N_("Paid from the drawer of register {register}."),
                                      {"register": register})
            else:
                text = _("Cash is paid from this till's register: open its session first.")
        elif method is PayoutMethod.TRANSFER:
            text = _("To the cooperative's RIB on file.")
        else:
            text = ""
        self.method_note.setText(text)
        self.method_note.setVisible(bool(text))

    # -- asking (tests replace these) -------------------------------------------------------------

    def ask_confirm(self, question: str) -> bool:
        """Ask yes or no (a dialog; tests replace it)."""
        answer = QMessageBox.question(self, _("Settlements"), question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save a statement's PDF (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where a statement's PDF is saved
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the statement"), str(suggested), "*.pdf")
        return Path(chosen) if chosen else None

    def ask_folder(self, suggested: Path) -> Path | None:
        """The folder for every statement (a folder dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where the folder of every statement is chosen
        chosen = QFileDialog.getExistingDirectory(self, _("Save the statements in a folder"), str(suggested))
        return Path(chosen) if chosen else None

    def ask_amount(self, initial: str) -> str | None:
        """The payout's amount on a keypad (tests replace it); None when cancelled."""
        return KeypadDialog.ask(self, _("Record a payout"), _("Amount, in dirhams"), initial)

    def _keypad(self) -> None:
        typed = self.ask_amount(self.amount.text())
        if typed is not None:
            self.amount.setText(typed)

    # -- issuing --------------------------------------------------------------------------------

    def _settler(self) -> User | None:
        if self.user is None or not allows(self.user, Permission.SETTLE):
            return None
        return self.user

    def issue_selected(self) -> None:
        """Issue the selected cooperative's statement for the period, after a confirmation."""
        row, user = self.selected_row(), self._settler()
        if row is None or user is None:
            return
        name = _name(row.cooperative.name_ar, row.cooperative.name_fr)
        # Translators: settlements: confirmation before issuing; {amount} is the net payable
        question = render_message(
            N_("Issue the statement of {code} – {name} for {amount}? It cannot be changed afterwards."),
            {"code": row.cooperative.code, "name": name, "amount": money_text(row.draft.net_payable)})
        if not self.ask_confirm(question):
            return
        try:
            issued = settlements.issue(self.db, user, row.cooperative.code, self.start, self.end)
        except PossoukError as error:
            self.message.show_error(error)
            return
        # Translators: settlements: a statement was issued; {reference} is like REL-000012
        self.message.show_info(render_message(N_("Statement {reference} issued for {code}."),
                                              {"reference": issued.reference,
                                               "code": issued.cooperative_code}))
        self.refresh()

    def issue_all(self) -> None:
        """Issue the statement of every cooperative listed with something to settle."""
        user = self._settler()
        if self.data is None or user is None:
            return
        codes = [row.cooperative.code for row in self.data.rows if not row.draft.empty]
        if not codes:
            self.message.show_error(UserError(N_("There is nothing to settle in this period.")))
            return
        total = sum(row.draft.net_payable for row in self.data.rows if not row.draft.empty)
        # Translators: settlements: confirmation before issuing every statement listed
        question = ngettext(
            "Issue {count} statement for {amount}? It cannot be changed afterwards.",
            "Issue {count} statements for {amount} in all? They cannot be changed afterwards.",
            len(codes)).format(count=len(codes), amount=money_text(total))
        if not self.ask_confirm(question):
            return
        references: list[str] = []
        self.message.clear_message()
        for code in codes:
            try:
                references.append(settlements.issue(self.db, user, code, self.start, self.end).reference)
            except PossoukError as error:
                self.message.show_error(error, below=True)
        if references and not self.message.text():
            # Translators: settlements: every statement was issued; {references} lists them
            self.message.show_info(render_message(N_("Statements issued: {references}."),
                                                  {"references": ", ".join(references)}))
        self.refresh()

    # -- saving ---------------------------------------------------------------------------------

    def _period_text(self) -> str:
        if self.start is None or self.end is None:
            return _("Everything not yet settled")
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def ask_save_pdf(self) -> None:
        """Save the selected cooperative's draft (or, with nothing to settle, its last statement)."""
        row = self.selected_row()
        if row is None:
            return
        statement = row.draft
        if statement.empty:
            issued = settlements.statements(self.db, row.cooperative.code)
            if not issued:
                self.message.show_error(UserError(
                    N_("Nothing to settle for {code} in this period: no statement was issued."),
                    code=row.cooperative.code))
                return
            statement = issued[-1]
        prefix = statement.reference if statement.issued else "DRAFT"
        path = self.ask_path(Path.home() / f"{prefix}-{statement.cooperative_code}.pdf")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        db = self.db

        def work() -> Path:
            write_atomically(path, statement_files.statement_pdf(db, statement))
            return path

        run_in_background(work, self._written)

    def ask_save_all(self) -> None:
        """Save every listed cooperative's statement, a summary, a CSV and an XLSX in a folder."""
        if self.data is None:
            return
        statements = [row.draft for row in self.data.rows if not row.draft.empty]
        if not statements:
            self.message.show_error(UserError(N_("There is nothing to settle in this period.")))
            return
        folder = self.ask_folder(Path.home())
        if folder is None:
            return
        db, period, lang = self.db, self._period_text(), current_language()

        def work() -> Path:
            return statement_files.write_batch(db, statements, folder, period, lang).summary.parent

        run_in_background(work, self._written)

    def _written(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        try:
            path = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            # Translators: settlements: a statement or the folder of statements was saved; {path}
            self.message.show_info(render_message(N_("Saved to {path}."), {"path": str(path)}))
        self.saved.emit()

    # -- paying ---------------------------------------------------------------------------------

    def record_payout(self) -> None:
        """Pay the selected cooperative the amount typed; a refusal is said under the form."""
        row, user = self.selected_row(), self._settler()
        if row is None or user is None:
            return
        method = PayoutMethod(self.method.currentData())
        register = self.data.register_code if self.data is not None else None
        try:
            amount = parse_amount(self.amount.text())
            payout = settlements.pay(self.db, user, row.cooperative.code, amount, method,
                                     self.reference.text(),
                                     register_code=register if method is PayoutMethod.CASH else None)
        except PossoukError as error:
            self.payout_message.show_error(error)
            return
        # Translators: settlements: a payout was recorded; {document} is like PAY-000003
        recorded = render_message(N_("Payout {document} of {amount} recorded for {code}."),
                                  {"document": payout.document, "amount": money_text(payout.amount),
                                   "code": payout.cooperative_code})
        self.payout_message.show_info(recorded)
        self.amount.clear()
        self.reference.clear()
        self.refresh()
        # its paper, for the cooperative's representative to sign (a cash payout opens the drawer)
        db, document, cash = self.db, payout.document, payout.method is PayoutMethod.CASH
        run_in_background(lambda: printing.print_payout(db, document, open_drawer=cash),
                          lambda done: self._payout_printed(recorded, done))

    def _payout_printed(self, recorded: str, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        said = print_message(done)
        if isinstance(said, PossoukError):
            self.payout_message.show_error(said)
        else:
            self.payout_message.show_info(f"{recorded}\n{said}")
        self.payout_printed.emit()

