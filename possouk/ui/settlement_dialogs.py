"""Two dialogs of the settlements window: the shared costs, and the statements issued and payouts.

:class:`CostsDialog` lists the shared costs entered so far (the selected one's split under
them) and enters a new one: :func:`possouk.services.settlements.add_cost` splits it at once
between the cooperatives that sold at its site in its period; the drafts change, so the
window reads its list again (:attr:`CostsDialog.added`). :class:`HistoryDialog` lists the
statements issued and the payouts made, of every cooperative or of one; an issued
statement's PDF is saved off the GUI thread like the window's. Refusals are the services'
sentences, shown under what was done.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError
from possouk.domain.model import Cooperative, User
from possouk.domain.money import parse_amount
from possouk.domain.permissions import Permission, allows
from possouk.domain.settlement import CostRule, CostShare, Payout, SharedCost, Statement
from possouk.i18n import current_language, is_rtl, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_date
from possouk.services import catalog, maintenance, settlements, statement_files
from possouk.services.files import write_atomically
from possouk.storage.uow import Database
from possouk.ui.period import from_qdate, to_qdate
from possouk.ui.settlement_window import (
    _NUMERIC,
    _STYLE,
    METHOD_LABELS,
    _name,
)
from possouk.ui.widgets import MessageBar, money_text
from possouk.ui.workers import Done, run_in_background

__all__ = [
    "COST_COLUMNS", "PAYOUT_COLUMNS", "RULE_LABELS", "SHARE_COLUMNS", "STATEMENT_COLUMNS",
    "CostsDialog", "HistoryDialog",
]

# the same words as on the statements (possouk.reports.statement)
RULE_LABELS: dict[CostRule, str] = {
    # Translators: a shared cost split into equal shares between the cooperatives
    CostRule.EQUAL: N_("Equal shares"),
    # Translators: a shared cost split in proportion to each cooperative's net sales
    CostRule.SALES: N_("Pro rata of sales"),
    # Translators: a shared cost split in proportion to the quantities each cooperative sold
    CostRule.QUANTITY: N_("Pro rata of quantities"),
}

# (key, heading) of the list of shared costs
COST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", N_("No.")),
    ("site", N_("Site")),
    ("label", N_("Label")),
    ("amount", N_("Amount")),
    ("rule", N_("Rule")),
    ("period", N_("Period")),
)

# (key, heading) of the selected cost's shares
SHARE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", N_("Code")),
    ("name", N_("Cooperative")),
    ("amount", N_("Share")),
)

# (key, heading) of the issued statements
STATEMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", N_("Statement")),
    ("code", N_("Code")),
    ("name", N_("Cooperative")),
    ("issued", N_("Date")),
    ("period", N_("Period")),
    ("net_payable", N_("Net payable")),
)

# (key, heading) of the payouts
PAYOUT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document", N_("Payout")),
    ("code", N_("Code")),
    ("name", N_("Cooperative")),
    ("date", N_("Date")),
    ("method", N_("Method")),
    ("reference", N_("Reference")),
    ("amount", N_("Amount")),
)

_DIALOG_STYLE = _STYLE + """
QDialog { background: #f6f3ec; }
QLabel#heading, QLabel#section { font-weight: bold; }
"""


def _table(parent: QWidget, name: str, columns: int, *, selectable: bool = True) -> QTableWidget:
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setColumnCount(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if selectable
                           else QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, columns: tuple[tuple[str, str], ...],
          rows: list[dict[str, str]], numeric: frozenset[str], stretch: str, key: str = "") -> None:
    """Put ``rows`` (texts by column key) in ``table``; ``key``'s text is each row's data;
    ``stretch`` takes the width left (or, when empty, the last column does)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, (column, _heading) in enumerate(columns):
            item = QTableWidgetItem(values[column])
            if column in numeric:
                item.setTextAlignment(_NUMERIC)
            if key:
                item.setData(Qt.ItemDataRole.UserRole, values[key])
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch:
        header.setSectionResizeMode([k for k, _h in columns].index(stretch),
                                    QHeaderView.ResizeMode.Stretch)
    else:  # every column as wide as its texts (a label is read whole)
        header.setStretchLastSection(True)


def _select_row(table: QTableWidget, row: int) -> None:
    # as in the window: selectRow finds no column at the edge of a right-to-left table
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().setCurrentIndex(table.model().index(row, 0), flags)


def _selected_key(table: QTableWidget) -> str | None:
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
    return data if isinstance(data, str) else None


def _period(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return _("Everything not yet settled")
    lang = current_language()
    if start == end:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def _names(db: Database) -> dict[str, Cooperative]:
    return {c.code: c for c in sorted(catalog.cooperatives(db), key=lambda c: c.code)}


def _direction(widget: QWidget) -> None:
    widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl()
                              else Qt.LayoutDirection.LeftToRight)


class CostsDialog(QDialog):
    """The shared costs: their list, the selected one's shares, and a form to enter one."""

    added = Signal()  # a cost was entered: the drafts changed

    def __init__(self, db: Database, parent: QWidget | None = None, *, user: User | None = None,
                 start: date, end: date) -> None:
        """``user``: who enters costs (needs :attr:`Permission.SETTLE`); ``start``–``end``: the
        period the form proposes."""
        super().__init__(parent)
        self.setObjectName("costs_dialog")
        self.setStyleSheet(_DIALOG_STYLE)
        self.db = db
        self.user = user
        self.costs: list[tuple[SharedCost, list[CostShare]]] = []
        self.cooperatives: dict[str, Cooperative] = {}

        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.table = _table(self, "costs", len(COST_COLUMNS))
        self.table.itemSelectionChanged.connect(self._show_shares)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shares_title = QLabel(self)
        self.shares_title.setObjectName("section")
        self.shares = _table(self, "shares", len(SHARE_COLUMNS), selectable=False)

        # -- the form ----------------------------------------------------------------------------
        self.form = QFrame(self)
        self.form.setObjectName("card")
        self.form_title = QLabel(self.form)
        self.form_title.setObjectName("section")
        self.site_label, self.label_label = QLabel(self.form), QLabel(self.form)
        self.amount_label, self.rule_label = QLabel(self.form), QLabel(self.form)
        self.from_label, self.to_label = QLabel(self.form), QLabel(self.form)
        self.site = QComboBox(self.form)
        self.site.setObjectName("site")
        for site in maintenance.sites(db):
            self.site.addItem("", site.code)
        self._sites = {s.code: s for s in maintenance.sites(db)}
        self.label = QLineEdit(self.form)
        self.label.setObjectName("label")
        self.label.setMaxLength(120)
        self.amount = QLineEdit(self.form)
        self.amount.setObjectName("amount")
        self.amount.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.amount.setAlignment(_NUMERIC | Qt.AlignmentFlag.AlignAbsolute)
        self.rule = QComboBox(self.form)
        self.rule.setObjectName("rule")
        for rule in RULE_LABELS:
            self.rule.addItem("", rule.value)
        self.from_date, self.to_date = QDateEdit(self.form), QDateEdit(self.form)
        self.from_date.setObjectName("from_date")
        self.to_date.setObjectName("to_date")
        for edit, day in ((self.from_date, start), (self.to_date, end)):
            edit.setCalendarPopup(True)
            edit.setDate(to_qdate(day))
        self.add_button = QPushButton(self.form)
        self.add_button.setObjectName("add")
        self.add_button.clicked.connect(self.add)
        self.message = MessageBar(self.form)
        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        for row, (caption, field) in enumerate((
                (self.site_label, self.site), (self.label_label, self.label),
                (self.amount_label, self.amount), (self.rule_label, self.rule),
                (self.from_label, self.from_date), (self.to_label, self.to_date))):
            grid.addWidget(caption, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(12, 8, 12, 8)
        form.addWidget(self.form_title)
        form.addLayout(grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        form.addLayout(add_row)
        form.addWidget(self.message)
        form.addStretch(1)
        self.form.setFixedWidth(380)
        self.form.setEnabled(self._settler() is not None)

        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.close)

        listing = QWidget(self)
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addWidget(self.empty, 1)
        split = QWidget(self)
        split_layout = QVBoxLayout(split)
        split_layout.setContentsMargins(0, 0, 0, 0)
        split_layout.addWidget(self.shares_title)
        split_layout.addWidget(self.shares, 1)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setChildrenCollapsible(False)
        left.addWidget(listing)
        left.addWidget(split)
        left.setSizes([300, 220])
        body = QHBoxLayout()
        body.addWidget(left, 1)
        body.addWidget(self.form, 0)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self.resize(1240, 660)
        self.reload()
        self.retranslate()

    def _settler(self) -> User | None:
        if self.user is None or not allows(self.user, Permission.SETTLE):
            return None
        return self.user

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the current language, mirrored in Arabic."""
        _direction(self)
        backwards = QGuiApplication.isRightToLeft()  # as in the window: dates stay day first
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("yyyy/MM/dd" if backwards else "dd/MM/yyyy")
        # Translators: title of the dialog of the shared costs (transport, stand…) of the cooperatives
        self.setWindowTitle(_("Shared costs"))
        self.title.setText(_("Shared costs"))
        self.table.setHorizontalHeaderLabels([_(h) for _k, h in COST_COLUMNS])
        self.shares.setHorizontalHeaderLabels([_(h) for _k, h in SHARE_COLUMNS])
        self.empty.setText(_("No shared cost yet."))
        # Translators: settlements: the form that enters a new shared cost
        self.form_title.setText(_("Enter a shared cost"))
        self.site_label.setText(_("Site"))
        self.label_label.setText(_("Label"))
        self.label.setPlaceholderText(_("what the cost is"))
        self.amount_label.setText(_("Amount"))
        self.amount.setPlaceholderText(_("in dirhams, e.g. 500.00"))
        # Translators: settlements: how a shared cost is split between the cooperatives
        self.rule_label.setText(_("Rule"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        for index in range(self.rule.count()):
            self.rule.setItemText(index, _(RULE_LABELS[CostRule(self.rule.itemData(index))]))
        for index in range(self.site.count()):
            site = self._sites[str(self.site.itemData(index))]
            self.site.setItemText(index, f"{site.code} – {_name(site.name_ar, site.name_fr)}")
        # Translators: settlements button: enter the shared cost typed and split it at once
        self.add_button.setText(_("Add and split"))
        self.close_button.setText(_("Close"))
        self._show()

    # -- the list -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the costs again (a small list: read here, on the GUI thread)."""
        self.costs = settlements.costs(self.db)
        self.cooperatives = _names(self.db)

    def _show(self, select: str | None = None) -> None:
        chosen = select or _selected_key(self.table)
        self.table.blockSignals(True)
        self.table.clearSelection()
        rows = [{
            "number": str(cost.number),
            "site": cost.site_code,
            "label": cost.label,
            "amount": money_text(cost.amount),
            "rule": _(RULE_LABELS[cost.rule]),
            "period": _period(cost.start, cost.end),
        } for cost, _shares in self.costs]
        _fill(self.table, COST_COLUMNS, rows, frozenset({"number", "amount"}), "", "number")
        numbers = [row["number"] for row in rows]
        if chosen not in numbers:
            chosen = numbers[-1] if numbers else None  # the last one entered
        if chosen is not None:
            _select_row(self.table, numbers.index(chosen))
        self.table.blockSignals(False)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._show_shares()

    def selected_cost(self) -> tuple[SharedCost, list[CostShare]] | None:
        number = _selected_key(self.table)
        return next((pair for pair in self.costs if str(pair[0].number) == number), None)

    def _show_shares(self) -> None:
        pair = self.selected_cost()
        if pair is None:
            self.shares_title.setText(_("Shares"))
            self.shares.setRowCount(0)
            return
        cost, shares = pair
        # Translators: settlements: heading of how the selected shared cost is split; {number}, {label}
        self.shares_title.setText(render_message(N_("Shares of cost {number} – {label}"),
                                                 {"number": str(cost.number), "label": cost.label}))
        rows = []
        for share in shares:
            cooperative = self.cooperatives.get(share.cooperative_code)
            rows.append({
                "code": share.cooperative_code,
                "name": _name(cooperative.name_ar, cooperative.name_fr) if cooperative else "",
                "amount": money_text(share.amount),
            })
        _fill(self.shares, SHARE_COLUMNS, rows, frozenset({"amount"}), "name")

    def numbers(self) -> list[int]:
        """The numbers of the costs listed, in order (for tests)."""
        return [cost.number for cost, _shares in self.costs]

    def share_texts(self) -> dict[str, str]:
        """The shares shown for the selected cost: code → amount text (for tests)."""
        found = {}
        for row in range(self.shares.rowCount()):
            code, amount = self.shares.item(row, 0), self.shares.item(row, 2)
            if code is not None and amount is not None:
                found[code.text()] = amount.text()
        return found

    # -- entering -------------------------------------------------------------------------------

    def add(self) -> None:
        """Enter the cost typed: split it now, say each cooperative's share, list it."""
        user = self._settler()
        if user is None:
            return
        try:
            amount = parse_amount(self.amount.text())
            cost, shares = settlements.add_cost(
                self.db, user, str(self.site.currentData() or ""), self.label.text(), amount,
                CostRule(self.rule.currentData()), from_qdate(self.from_date.date()),
                from_qdate(self.to_date.date()))
        except PossoukError as error:
            self.message.show_error(error)
            return
        split = ", ".join(f"{s.cooperative_code} {money_text(s.amount)}" for s in shares)
        # Translators: settlements: a shared cost was entered; {shares} lists each cooperative's share
        self.message.show_info(render_message(
            N_("Cost {number} of {amount} split: {shares}"),
            {"number": str(cost.number), "amount": money_text(cost.amount), "shares": split}),
            seconds=30)
        self.label.clear()
        self.amount.clear()
        self.reload()
        self._show(str(cost.number))
        self.added.emit()


class HistoryDialog(QDialog):
    """The statements issued and the payouts made, of every cooperative or of one."""

    saved = Signal()  # a statement's PDF was written, or could not be (the message says which)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 cooperative: str | None = None) -> None:
        """``cooperative``: the code shown first (None: every cooperative)."""
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setStyleSheet(_DIALOG_STYLE)
        self.db = db
        self.statements: list[Statement] = []
        self.payouts: list[Payout] = []
        self.cooperatives = _names(db)

        self.title = QLabel(self)
        self.title.setObjectName("heading")
        self.filter_label = QLabel(self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("cooperative")
        self.filter.setMinimumWidth(320)
        self.filter.addItem("", "")
        for code in self.cooperatives:
            self.filter.addItem("", code)
        if cooperative and self.filter.findData(cooperative) >= 0:
            self.filter.setCurrentIndex(self.filter.findData(cooperative))
        self.filter.currentIndexChanged.connect(lambda _index: self.reload())
        self.message = MessageBar(self)
        self.statements_title = QLabel(self)
        self.statements_title.setObjectName("section")
        self.statement_table = _table(self, "statements", len(STATEMENT_COLUMNS))
        self.statement_table.itemSelectionChanged.connect(self._selection_changed)
        self.no_statement = QLabel(self)
        self.no_statement.setObjectName("empty")
        self.no_statement.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.ask_save_pdf)
        self.payouts_title = QLabel(self)
        self.payouts_title.setObjectName("section")
        self.payout_table = _table(self, "payouts", len(PAYOUT_COLUMNS), selectable=False)
        self.no_payout = QLabel(self)
        self.no_payout.setObjectName("empty")
        self.no_payout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(24)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.statements_title, 1)
        heading.addWidget(self.save_button)
        upper_layout.addLayout(heading)
        upper_layout.addWidget(self.statement_table, 1)
        upper_layout.addWidget(self.no_statement, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.payouts_title)
        lower_layout.addWidget(self.payout_table, 1)
        lower_layout.addWidget(self.no_payout, 1)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.setChildrenCollapsible(False)
        body.addWidget(upper)
        body.addWidget(lower)
        body.setSizes([300, 240])
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)

        self.resize(1240, 660)
        self.reload()
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the current language, mirrored in Arabic."""
        _direction(self)
        # Translators: title of the dialog listing the statements issued and the payouts made
        self.setWindowTitle(_("Statements and payouts"))
        self.title.setText(_("Statements and payouts"))
        self.filter_label.setText(_("Cooperative"))
        self.filter.setItemText(0, _("All cooperatives"))
        for index in range(1, self.filter.count()):
            c = self.cooperatives[str(self.filter.itemData(index))]
            self.filter.setItemText(index, f"{c.code} – {_name(c.name_ar, c.name_fr)}")
        # Translators: settlements: heading of the list of the statements issued
        self.statements_title.setText(_("Statements issued"))
        # Translators: settlements: heading of the list of the payments made to the cooperatives
        self.payouts_title.setText(_("Payouts made"))
        self.statement_table.setHorizontalHeaderLabels([_(h) for _k, h in STATEMENT_COLUMNS])
        self.payout_table.setHorizontalHeaderLabels([_(h) for _k, h in PAYOUT_COLUMNS])
        self.no_statement.setText(_("No statement issued yet."))
        # Translators: settlements: shown instead of the list of payouts when there is none
        self.no_payout.setText(_("No payout yet."))
        # Translators: settlements button: save the selected issued statement as a PDF
        self.save_button.setText(_("Save PDF…"))
        self.close_button.setText(_("Close"))
        self._show()

    # -- the lists ------------------------------------------------------------------------------

    def show_cooperative(self, code: str | None) -> None:
        """Show the statements and payouts of ``code`` (None: of every cooperative)."""
        index = self.filter.findData(code or "")
        if index >= 0 and index != self.filter.currentIndex():
            self.filter.setCurrentIndex(index)  # read again
        else:
            self.reload()

    def cooperative(self) -> str | None:
        """The cooperative shown (None: all)."""
        return str(self.filter.currentData() or "") or None

    def reload(self) -> None:
        """Read the statements and payouts of the cooperative chosen again."""
        code = self.cooperative()
        try:
            self.statements = settlements.statements(self.db, code)
            self.payouts = settlements.payouts(self.db, code)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self._show()

    def _coop_name(self, code: str) -> str:
        c = self.cooperatives.get(code)
        return _name(c.name_ar, c.name_fr) if c is not None else ""

    def _show(self) -> None:
        chosen = _selected_key(self.statement_table)
        lang = current_language()
        table = self.statement_table
        table.blockSignals(True)
        table.clearSelection()
        rows = [{
            "reference": s.reference,
            "code": s.cooperative_code,
            "name": self._coop_name(s.cooperative_code),
            "issued": format_date(s.issued_at, lang) if s.issued_at is not None else "",
            "period": _period(s.start, s.end),
            "net_payable": money_text(s.net_payable),
        } for s in reversed(self.statements)]  # the last issued first
        _fill(table, STATEMENT_COLUMNS, rows, frozenset({"net_payable"}), "name", "reference")
        references = [row["reference"] for row in rows]
        if chosen not in references:
            chosen = references[0] if references else None
        if chosen is not None:
            _select_row(table, references.index(chosen))
        table.blockSignals(False)
        table.setVisible(bool(rows))
        self.no_statement.setVisible(not rows)
        self.save_button.setEnabled(chosen is not None)

        payouts = [{
            "document": p.document,
            "code": p.cooperative_code,
            "name": self._coop_name(p.cooperative_code),
            "date": format_date(p.paid_at, lang),
            "method": _(METHOD_LABELS[p.method]),
            "reference": p.reference,
            "amount": money_text(p.amount),
        } for p in reversed(self.payouts)]
        _fill(self.payout_table, PAYOUT_COLUMNS, payouts, frozenset({"amount"}), "name")
        self.payout_table.setVisible(bool(payouts))
        self.no_payout.setVisible(not payouts)

    def _selection_changed(self) -> None:
        self.save_button.setEnabled(self.selected_statement() is not None)

    def references(self) -> list[str]:
        """The statements listed, in order (for tests)."""
        return [self.statement_table.item(r, 0).text()  # type: ignore[union-attr]
                for r in range(self.statement_table.rowCount())]

    def documents(self) -> list[str]:
        """The payouts listed, in order (for tests)."""
        return [self.payout_table.item(r, 0).text()  # type: ignore[union-attr]
                for r in range(self.payout_table.rowCount())]

    def select(self, reference: str) -> None:
        """Select the statement ``reference`` of the list."""
        _select_row(self.statement_table, self.references().index(reference))

    def selected_statement(self) -> Statement | None:
        reference = _selected_key(self.statement_table)
        return next((s for s in self.statements if s.reference == reference), None)

    # -- saving ---------------------------------------------------------------------------------

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save a statement's PDF (a file dialog; tests replace it); None when cancelled."""
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the statement"), str(suggested), "*.pdf")
        return Path(chosen) if chosen else None

    def ask_save_pdf(self) -> None:
        """Save the selected issued statement as a PDF (written off the GUI thread, whole or not)."""
        statement = self.selected_statement()
        if statement is None:
            return
        path = self.ask_path(Path.home() / f"{statement.reference}-{statement.cooperative_code}.pdf")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        db = self.db

        def work() -> Path:
            write_atomically(path, statement_files.statement_pdf(db, statement))
            return path

        run_in_background(work, self._written)

    def _written(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        try:
            path = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            self.message.show_info(render_message(N_("Saved to {path}."), {"path": str(path)}))
        self.saved.emit()
