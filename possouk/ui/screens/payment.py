"""The payment screen: what is due, how it is paid (one way or split), the change, confirm once.

The amount typed is, for cash, what the customer hands over; the change shows
at once. Confirm with nothing typed pays what is left by the chosen method.
The sale is recorded once (the button is disabled while recording and the
cart's key makes a repeat harmless); the receipt prints and the drawer opens
off the GUI thread, and the next sale starts at once — a printer problem is
shown on the sale screen, it never holds the queue of customers.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import PaymentMethod, Sale
from possouk.domain.money import parse_amount
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_money
from possouk.services.checkout import PaymentInput
from possouk.ui.dialogs import Keypad, key_text, keyed_button
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar, touch_button
from possouk.ui.workers import Done, notices, print_message, run_in_background

__all__ = ["METHOD_LABELS", "NOTES", "PaymentScreen"]

METHOD_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile payment"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
}
METHOD_KEYS = {PaymentMethod.CASH: "F5", PaymentMethod.CARD: "F6", PaymentMethod.MOBILE: "F7",
               PaymentMethod.TRANSFER: "F8"}
NOTES = (2000, 5000, 10000, 20000)  # banknotes, in centimes: 20, 50, 100, 200 DH


def _big(label: QLabel, size: int) -> QLabel:
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    return label


class PaymentScreen(Screen):
    """Take the payment of the till's cart."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setObjectName("payment")
        self.method = PaymentMethod.CASH
        self.payments: list[PaymentInput] = []
        self.busy = False  # recording: a second press does nothing
        self.last_sale: Sale | None = None
        self.message = MessageBar(self)

        # What is due, paid, left, given back.
        self.due_caption, self.due_label = QLabel(self), _big(QLabel(self), 36)
        self.due_label.setObjectName("due")
        self.paid_caption = QLabel(self)
        self.paid_list = QListWidget(self)
        self.paid_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_payment_button = touch_button(self)
        self.remove_payment_button.clicked.connect(self.remove_payment)
        self.left_caption, self.left_label = QLabel(self), _big(QLabel(self), 24)
        self.change_caption, self.change_label = QLabel(self), _big(QLabel(self), 36)
        self.change_label.setObjectName("change")
        self.change_label.setStyleSheet("color: #1b5e20;")
        summary = QFrame(self)
        summary.setObjectName("summary")
        summary.setStyleSheet("#summary { background: #f3f7f1; border: 1px solid #9bb89a; }")
        side = QVBoxLayout(summary)
        for widget in (self.due_caption, self.due_label, self.paid_caption, self.paid_list,
                       self.remove_payment_button, self.left_caption, self.left_label,
                       self.change_caption, self.change_label):
            side.addWidget(widget)

        # How it is paid.
        self.method_buttons: dict[PaymentMethod, QPushButton] = {}
        methods = QHBoxLayout()
        for method, key in METHOD_KEYS.items():
            button = keyed_button(self, key, partial(self.choose, method))
            button.setCheckable(True)
            methods.addWidget(button)
            self.method_buttons[method] = button
        self.entry_caption = QLabel(self)
        self.entry = QLineEdit(self)
        self.entry.setObjectName("amount")
        self.entry.setMinimumHeight(56)
        _big_font = QFont(self.entry.font())
        _big_font.setPointSize(22)
        self.entry.setFont(_big_font)
        self.entry.textChanged.connect(lambda _text: self.refresh())
        self.entry.returnPressed.connect(self.confirm)
        self.keypad = Keypad(self.entry, self)
        self.note_buttons: list[QPushButton] = []
        notes = QHBoxLayout()
        for i, note in enumerate(NOTES, start=1):
            button = keyed_button(self, f"Alt+{i}", partial(self.add_note, note))
            notes.addWidget(button)
            self.note_buttons.append(button)
        self.exact_button = keyed_button(self, "F9", self.exact)
        self.add_button = keyed_button(self, "F10", self.add_payment)
        extra = QHBoxLayout()
        extra.addWidget(self.exact_button)
        extra.addWidget(self.add_button)
        self.back_button = keyed_button(self, "Esc", self.back)
        self.confirm_button = keyed_button(self, "F12", self.confirm, object_name="confirm")
        self.confirm_button.setMinimumHeight(72)
        self.confirm_button.setStyleSheet("#confirm { background: #1b5e20; color: white; font-size: 20pt;"
                                          " font-weight: bold; } #confirm:disabled { background: #8aa88a; }")
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.confirm_button, 2)

        entry_side = QVBoxLayout()
        entry_side.addLayout(methods)
        entry_side.addWidget(self.entry_caption)
        entry_side.addWidget(self.entry)
        entry_side.addLayout(notes)
        entry_side.addLayout(extra)
        keypad_row = QGridLayout()
        keypad_row.addWidget(self.keypad, 0, 0)
        entry_side.addLayout(keypad_row, 1)
        entry_side.addLayout(bottom)

        columns = QHBoxLayout()
        columns.addWidget(summary, 2)
        columns.addLayout(entry_side, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        outer.addLayout(columns, 1)
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        self.due_caption.setText(_("Total due"))
        self.paid_caption.setText(_("Payments"))
        self.remove_payment_button.setText(_("Remove the chosen payment"))
        self.left_caption.setText(_("Still to pay"))
        self.change_caption.setText(_("Change to give"))
        for method, button in self.method_buttons.items():
            button.setText(key_text(METHOD_KEYS[method], _(METHOD_LABELS[method])))
        for i, (note, button) in enumerate(zip(NOTES, self.note_buttons, strict=True), start=1):
            button.setText(key_text(f"Alt+{i}", format_money(note, lang)))
        self.exact_button.setText(key_text("F9", _("Exact amount")))
        self.add_button.setText(key_text("F10", _("Add payment")))
        self.back_button.setText(key_text("Esc", _("Back to the sale")))
        self.confirm_button.setText(key_text("F12", _("Confirm")))
        self.refresh()

    def scanned(self, code: str) -> bool:
        """A product scanned while paying is not added (nor typed as an amount): say so."""
        self.message.show_error(UserError(
            N_("The payment has started: go back to the sale (Esc) to add a product.")))
        return True

    def activated(self) -> None:
        self.payments = []
        self.busy = False
        self.entry.clear()
        self.message.clear_message()
        self.choose(PaymentMethod.CASH)
        self.entry.setFocus()

    # -- amounts --------------------------------------------------------------------------------

    def _typed(self) -> int | None:
        """The amount in the entry; None when empty or not an amount."""
        text = self.entry.text().strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except UserError:
            return None

    def due(self) -> int:
        """What the customer owes with the methods in use (cash rounding when all cash)."""
        methods = [p.method for p in self.payments] + [self.method]
        return self.till.due(methods) if self.till.cart.items else 0

    def paid(self) -> int:
        return sum(p.amount for p in self.payments)

    def remaining(self) -> int:
        return max(0, self.due() - self.paid())

    def refresh(self) -> None:
        lang = current_language()
        due = self.due()
        self.due_label.setText(format_money(due, lang))
        self.paid_list.clear()
        for p in self.payments:
            # Translators: one payment in the list of a split payment: "Card: 100,00 MAD"
            self.paid_list.addItem(_("{method}: {amount}").format(
                method=_(METHOD_LABELS[p.method]), amount=format_money(p.amount, lang)))
        self.remove_payment_button.setEnabled(bool(self.payments))
        self.left_label.setText(format_money(self.remaining(), lang))
        given = self.paid() + (self._typed() or 0)
        self.change_label.setText(format_money(max(0, given - due), lang))
        # Translators: above the amount typed; {method} is "Cash", "Card"…
        caption = (_("Amount handed over ({method})") if self.method is PaymentMethod.CASH
                   else _("Amount ({method})"))
        self.entry_caption.setText(caption.format(method=_(METHOD_LABELS[self.method])))
        self.entry.setPlaceholderText(format_money(self.remaining(), lang))
        self.confirm_button.setEnabled(not self.busy)
        self.changed.emit()

    # -- entering payments ----------------------------------------------------------------------

    def choose(self, method: PaymentMethod) -> None:
        self.method = method
        for m, button in self.method_buttons.items():
            button.setChecked(m is method)
        self.refresh()
        self.entry.setFocus()

    def add_note(self, note: int) -> None:
        """A banknote handed over: cash, added to what is typed (200 + 50…)."""
        if self.method is not PaymentMethod.CASH:
            self.choose(PaymentMethod.CASH)
        self.entry.setText(_plain(note + (self._typed() or 0)))

    def exact(self) -> None:
        self.entry.setText(_plain(self.remaining()))

    def add_payment(self) -> bool:
        """Put what is typed (or, when nothing is, what is left) in the list of payments."""
        text = self.entry.text().strip()
        try:
            amount = parse_amount(text) if text else self.remaining()
            if amount <= 0:
                raise UserError(N_("A payment must be more than zero."))
        except UserError as refused:
            self.message.show_error(refused)
            return False
        self.payments.append(PaymentInput(self.method, amount))
        self.entry.clear()
        self.message.clear_message()
        self.refresh()
        return True

    def remove_payment(self) -> None:
        row = self.paid_list.currentRow()
        if self.payments:
            del self.payments[row if 0 <= row < len(self.payments) else -1]
        self.refresh()

    def back(self) -> None:
        if not self.busy:
            self.go.emit("sale")

    # -- recording ------------------------------------------------------------------------------

    def confirm(self) -> Sale | None:
        """Record the sale once; then print, open the drawer and go back to the sale screen."""
        if self.busy:
            return None
        before = list(self.payments)
        # Nothing typed: what is left, by the chosen method.
        if (self.entry.text().strip() or not self.payments or self.remaining() > 0) \
                and not self.add_payment():
            return None
        self.busy = True
        self.confirm_button.setEnabled(False)
        try:
            sale = self.till.pay(self.payments)
        except UserError as refused:
            self.payments = before
            self.busy = False
            self.refresh()
            self.message.show_error(refused)
            return None
        except PossoukError as fault:  # the database is busy: nothing recorded, try again
            self.payments = before
            self.busy = False
            self.refresh()
            self.message.show_error(fault)
            return None
        self.last_sale = sale
        cash = any(p.method is PaymentMethod.CASH for p in sale.payments)
        reference = sale.reference
        run_in_background(lambda: self.till.print_receipt(reference, open_drawer=cash), _printed)
        lang = current_language()
        if sale.change_given:
            said = _("Sale {reference} recorded. Change to give: {change}").format(
                reference=reference, change=format_money(sale.change_given, lang))
        else:
            said = _("Sale {reference} recorded.").format(reference=reference)
        self.payments = []
        self.entry.clear()
        self.changed.emit()
        self.go.emit("sale")
        notices().info.emit(said)
        return sale


def _printed(done: Done) -> None:
    """The receipt printed (say nothing) or was kept in the queue (say so on the sale screen)."""
    said = print_message(done)
    if isinstance(said, PossoukError):
        notices().fault.emit(said)


def _plain(centimes: int) -> str:
    """An amount as the cashier would type it: ``12,50`` in French and Arabic, ``12.50`` in English."""
    whole, cents = divmod(centimes, 100)
    mark = "." if current_language() == "en" else ","
    return f"{whole}{mark}{cents:02d}" if cents else str(whole)
