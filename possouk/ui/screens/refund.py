"""The refund screen: find a sale by its number (typed or scanned), pick what comes back, refund.

A receipt's barcode is its number (CODE128 of ``MEK1-000042``): scanning it
here opens that sale. Each line shows what is left to refund; the cashier ticks
lines and may lower a quantity. A cashier who may not refund gets a
supervisor's PIN first. The refund is recorded once (its key is made when the
sale is opened), then its receipt prints off the GUI thread.
"""

from __future__ import annotations

import re
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import PaymentMethod, Sale, SaleKind, SaleLine, User
from possouk.domain.money import parse_quantity
from possouk.domain.permissions import Permission, allows
from possouk.i18n import current_language, isolate
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_datetime, format_money, format_quantity
from possouk.services.cart import new_client_key
from possouk.services.refunds import RefundLine
from possouk.ui.dialogs import PERMISSION_LABELS, KeypadDialog, PinDialog, key_text, keyed_button
from possouk.ui.screens.base import Screen
from possouk.ui.screens.payment import METHOD_KEYS, METHOD_LABELS
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, select_row
from possouk.ui.workers import Done, print_message, run_in_background

__all__ = ["RefundScreen"]

_RECEIPT = re.compile(r"^[A-Za-z0-9]+-\d+$")


class RefundScreen(Screen):
    """Refund all or part of a sale."""

    PICK, PRODUCT, SOLD, LEFT, BACK = range(5)

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setObjectName("refund")
        self.sale: Sale | None = None
        self.left: dict[int, int] = {}  # line id → quantity that may still come back
        self.wanted: dict[int, int] = {}  # line id → quantity ticked to come back
        self.method = PaymentMethod.CASH
        self.client_key = new_client_key()
        self.busy = False
        self.last_refund: Sale | None = None
        self.message = MessageBar(self)

        self.number_caption = QLabel(self)
        self.number = QLineEdit(self)
        self.number.setObjectName("receipt_number")
        self.number.setMinimumHeight(44)
        self.number.returnPressed.connect(lambda: self.find_sale(self.number.text()))
        self.find_button = keyed_button(self, "F2", lambda: self.find_sale(self.number.text()))
        self.back_button = keyed_button(self, "Esc", self.back)
        top = QHBoxLayout()
        top.addWidget(self.number_caption)
        top.addWidget(self.number, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.back_button)

        self.sale_label = QLabel(self)
        self.sale_label.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("refund_lines")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._ticked)

        self.quantity_button = keyed_button(self, "F3", self.ask_quantity)
        self.all_button = keyed_button(self, "F4", self.pick_all)
        lines_row = QHBoxLayout()
        lines_row.addWidget(self.quantity_button)
        lines_row.addWidget(self.all_button)

        self.method_caption = QLabel(self)
        self.method_buttons: dict[PaymentMethod, QPushButton] = {}
        methods = QHBoxLayout()
        methods.addWidget(self.method_caption)
        for method, key in METHOD_KEYS.items():
            button = keyed_button(self, key, partial(self.choose, method))
            button.setCheckable(True)
            methods.addWidget(button, 1)
            self.method_buttons[method] = button
        self.confirm_button = keyed_button(self, "F12", self.confirm, object_name="confirm_refund")
        self.confirm_button.setMinimumHeight(72)
        self.confirm_button.setStyleSheet("#confirm_refund { background: #8a4b00; color: white;"
                                          " font-size: 18pt; font-weight: bold; }"
                                          " #confirm_refund:disabled { background: #c9a98a; }")

        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        outer.addLayout(top)
        outer.addWidget(self.sale_label)
        outer.addWidget(self.table, 1)
        outer.addLayout(lines_row)
        outer.addLayout(methods)
        outer.addWidget(self.confirm_button)
        self.choose(PaymentMethod.CASH)
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.number_caption.setText(_("Receipt number"))
        self.number.setPlaceholderText(_("Type or scan the receipt's barcode"))
        self.find_button.setText(key_text("F2", _("Find")))
        self.back_button.setText(key_text("Esc", _("Back to the sale")))
        self.quantity_button.setText(key_text("F3", _("Quantity to refund")))
        self.all_button.setText(key_text("F4", _("Everything left")))
        self.method_caption.setText(_("Give back by"))
        for method, button in self.method_buttons.items():
            button.setText(key_text(METHOD_KEYS[method], _(METHOD_LABELS[method])))
        self.confirm_button.setText(key_text("F12", _("Refund")))
        self.table.setHorizontalHeaderLabels(
            [_("Refund"), _("Product"), _("Sold"), _("Left"), _("To refund")])
        self._show()

    def activated(self) -> None:
        self.busy = False
        self.number.setFocus()
        self.number.selectAll()

    def back(self) -> None:
        self.go.emit("sale")

    # -- finding the sale -----------------------------------------------------------------------

    def scanned(self, code: str) -> bool:
        """A receipt's barcode (``MEK1-000042``) opens that sale; anything else is refused here."""
        if not _RECEIPT.match(code.strip()):
            self.message.show_error(UserError(N_("“{reference}” is not a receipt number."),
                                              reference=code.strip()[:30]))
            return True
        self.find_sale(code)
        return True

    def find_sale(self, reference: str) -> Sale | None:
        reference = reference.strip().upper()
        self.number.setText(reference)
        try:
            sale = self.till.find_sale(reference)
            if sale.kind is not SaleKind.SALE:
                raise UserError(N_("{reference} is a refund: only a sale can be refunded."),
                                reference=reference)
            left = self.till.refundable(sale)
        except UserError as refused:
            self._clear()
            self.message.show_error(refused)
            return None
        self.sale, self.left, self.wanted = sale, left, {}
        self.client_key = new_client_key()
        self.message.clear_message()
        if not any(q > 0 for q in left.values()):
            self.message.show_error(UserError(N_("Everything on receipt {reference} was already refunded."),
                                              reference=sale.reference))
        self._show()
        return sale

    def _clear(self) -> None:
        self.sale, self.left, self.wanted = None, {}, {}
        self._show()

    def _line_name(self, line: SaleLine) -> str:
        return line.name_ar if current_language() == "ar" else line.name_fr

    def _show(self) -> None:
        lang = current_language()
        sale = self.sale
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if sale is None:
            self.sale_label.setText("")
        else:
            # Translators: the sale being refunded: its number, when, its total
            self.sale_label.setText(_("Sale {reference} of {when}, total {total}").format(
                reference=sale.reference, when=isolate(format_datetime(sale.created_at, lang)),
                total=format_money(sale.total, lang)))
            self.table.setRowCount(len(sale.lines))
            for row, line in enumerate(sale.lines):
                left = self.left.get(line.id, 0)
                pick = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if left > 0:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                pick.setFlags(flags)
                wanted = self.wanted.get(line.id, 0)
                pick.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
                cells = [pick, QTableWidgetItem(self._line_name(line)),
                         QTableWidgetItem(format_quantity(line.quantity, line.unit, lang)),
                         QTableWidgetItem(format_quantity(left, line.unit, lang)),
                         QTableWidgetItem(format_quantity(wanted, line.unit, lang) if wanted else "")]
                for column, cell in enumerate(cells):
                    if column:
                        cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    if column >= self.SOLD:
                        cell.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignTrailing)
                    self.table.setItem(row, column, cell)
        self.table.blockSignals(False)
        self.confirm_button.setEnabled(not self.busy and any(self.wanted.values()))

    # -- choosing what comes back ---------------------------------------------------------------

    def _ticked(self, item: QTableWidgetItem) -> None:
        if self.sale is None or item.column() != self.PICK:
            return
        line = self.sale.lines[item.row()]
        self.pick(item.row(), self.left.get(line.id, 0) if item.checkState() == Qt.CheckState.Checked else 0)

    def pick(self, row: int, quantity: int) -> None:
        """Bring back ``quantity`` (thousandths) of line ``row``; zero leaves it out."""
        if self.sale is None or not 0 <= row < len(self.sale.lines):
            return
        line = self.sale.lines[row]
        left = self.left.get(line.id, 0)
        if quantity > left:
            self.message.show_error(UserError(
                N_("Only {quantity} of {name} may still come back."),
                quantity=format_quantity(left, line.unit, current_language()), name=self._line_name(line)))
            quantity = 0
        else:
            self.message.clear_message()
        if quantity > 0:
            self.wanted[line.id] = quantity
        else:
            self.wanted.pop(line.id, None)
        self._show()
        select_row(self.table, row)

    def pick_all(self) -> None:
        if self.sale is not None:
            self.wanted = {line_id: q for line_id, q in self.left.items() if q > 0}
            self._show()

    def ask_value(self, title: str, prompt: str, initial: str = "") -> str | None:
        """Ask one value on a keypad (tests replace this)."""
        return KeypadDialog.ask(self, title, prompt, initial)

    def ask_supervisor(self, reason: str) -> tuple[str, str] | None:
        """A supervisor's (login, PIN), or None (tests replace this)."""
        return PinDialog.ask(self, self.till.supervisors(), reason)

    def ask_quantity(self) -> None:
        row = self.table.currentRow()
        if self.sale is None or row < 0:
            self.message.show_error(UserError(N_("Choose a line of the receipt first.")))
            return
        line = self.sale.lines[row]
        text = self.ask_value(_("Quantity to refund"), self._line_name(line))
        if text is None:
            return
        try:
            quantity = parse_quantity(text, whole=line.unit.whole)
        except UserError as refused:
            self.message.show_error(refused)
            return
        self.pick(row, quantity)

    def choose(self, method: PaymentMethod) -> None:
        self.method = method
        for m, button in self.method_buttons.items():
            button.setChecked(m is method)

    # -- recording ------------------------------------------------------------------------------

    def _approver(self) -> tuple[bool, User | None]:
        """(go on, approver): a supervisor's PIN when the cashier may not refund."""
        user = self.till.require_user()
        if allows(user, Permission.REFUND):
            return True, None
        # Translators: {what} is what needs approval, here "a refund"
        answer = self.ask_supervisor(_("A supervisor must approve {what}.").format(
            what=_(PERMISSION_LABELS[Permission.REFUND])))
        if answer is None:
            self.message.show_error(UserError(N_("Not done: a supervisor did not approve it.")))
            return False, None
        kept = self.till.approver  # approving a refund must not approve the cart's discounts
        try:
            return True, self.till.approve(answer[0], answer[1], [Permission.REFUND])
        finally:
            self.till.approver = kept

    def confirm(self) -> Sale | None:
        """Record the refund of the ticked lines once; its receipt prints in the background."""
        if self.busy:
            return None
        try:
            if self.sale is None:
                raise UserError(N_("Find the sale first: type or scan its receipt number."))
            lines = [RefundLine(line_id, q) for line_id, q in self.wanted.items() if q > 0]
            if not lines:
                raise UserError(N_("Tick what comes back first."))
            go_on, approver = self._approver()
            if not go_on:
                return None
            self.busy = True
            self.confirm_button.setEnabled(False)
            back = self.till.refund(self.sale, lines, self.method, approver, self.client_key)
        except PossoukError as refused:
            self.busy = False
            self._show()
            self.message.show_error(refused)
            return None
        self.last_refund = back
        reference = back.reference
        run_in_background(lambda: self.till.print_receipt(reference), self._printed)
        original = self.sale.reference
        self.find_sale(original)  # what is left now; a new key for the next refund
        self.busy = False
        self._show()
        self.message.show_info(_("Refund {reference} recorded: give back {amount}.").format(
            reference=reference, amount=format_money(-back.total, current_language())), seconds=30)
        self.changed.emit()
        return back

    def _printed(self, done: Done) -> None:
        said = print_message(done)
        if isinstance(said, PossoukError):
            self.message.show_error(said)
