"""The sale screen: scan, search or pick products, adjust the cart, then pay.

Every action has a button showing its keyboard shortcut. Questions (a weight,
a price, a supervisor's PIN) go through :meth:`SaleScreen.ask_value`,
:meth:`SaleScreen.ask_supervisor` and :meth:`SaleScreen.ask_choice`, which open
dialogs; tests replace them. Refusals from the till show in the message bar and
leave the cart as it was. The search box and the product tiles are a
:class:`~possouk.ui.product_picker.ProductPicker`; what it picks is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.barcode import parse_scan
from possouk.domain.cash import MoveKind
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Product
from possouk.domain.money import parse_amount, parse_quantity
from possouk.domain.permissions import Permission, allows
from possouk.hardware.z_receipt import MOVE_REASON_LABELS
from possouk.i18n import current_language, isolate, ngettext, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_datetime, format_money, unit_label
from possouk.services.catalog import get_scale_rules
from possouk.ui.cart_view import CartModel, CartView, product_names
from possouk.ui.cash_dialogs import CashMoveDialog, CashMoveRequest, XReportDialog
from possouk.ui.dialogs import ChoiceDialog, KeypadDialog, PinDialog, approve, key_text, keyed_button
from possouk.ui.product_picker import ProductPicker
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done, notices, print_message, run_in_background

__all__ = ["SaleScreen"]


def _articles(count: int) -> str:
    return ngettext("{count} article", "{count} articles", count).format(count=count)


class SaleScreen(Screen):
    """Ring up a sale: the cart on one side, the total and the products on the other."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setObjectName("sale")
        self.message = MessageBar(self)

        self.model = CartModel(lambda: self.till.cart, self._cooperative_name, self)
        self.cart_view = CartView(self.model, self)

        cart_keys = QGridLayout()
        self.plus_button = keyed_button(self, "+", lambda: self.step(1))
        self.minus_button = keyed_button(self, "-", lambda: self.step(-1))
        self.quantity_button = keyed_button(self, "F3", self.set_quantity)
        self.weight_button = keyed_button(self, "F4", self.weigh)
        self.discount_button = keyed_button(self, "F5", self.line_discount)
        self.price_button = keyed_button(self, "F6", self.override_price)
        self.ticket_button = keyed_button(self, "F7", self.ticket_discount)
        self.remove_button = keyed_button(self, "Del", self.remove)
        for i, button in enumerate((self.plus_button, self.minus_button, self.quantity_button,
                                    self.weight_button, self.discount_button, self.price_button,
                                    self.ticket_button, self.remove_button)):
            cart_keys.addWidget(button, i // 4, i % 4)
        # The cash session: money in or out of the drawer, the X report, closing the register.
        self.cash_button = keyed_button(self, "Ctrl+E", self.cash_move)
        self.x_button = keyed_button(self, "Ctrl+R", self.show_x_report)
        self.close_register_button = keyed_button(self, "Ctrl+K", lambda: self.go.emit("closing"))
        cart_keys.addWidget(self.cash_button, 2, 0, 1, 2)
        cart_keys.addWidget(self.x_button, 2, 2)
        cart_keys.addWidget(self.close_register_button, 2, 3)
        self.x_dialog: XReportDialog | None = None

        left = QVBoxLayout()
        left.addWidget(self.cart_view, 1)
        left.addLayout(cart_keys)

        self.total_caption = QLabel(self)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("total")
        big = QFont(self.font())
        big.setPointSize(30)
        big.setBold(True)
        self.total_label.setFont(big)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label = QLabel(self)
        total_box = QFrame(self)
        total_box.setObjectName("total_box")
        total_box.setFrameShape(QFrame.Shape.StyledPanel)
        total_box.setStyleSheet("#total_box { background: #f3f7f1; border: 1px solid #9bb89a; }")
        box = QVBoxLayout(total_box)
        box.setContentsMargins(8, 4, 8, 4)
        box.setSpacing(0)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.total_caption)
        caption_row.addStretch(1)
        caption_row.addWidget(self.count_label)
        box.addLayout(caption_row)
        box.addWidget(self.total_label)

        self.picker = ProductPicker(till, self)
        self.picker.picked.connect(self.add)
        # What tests, benchmarks and the window reach through the screen.
        self.search = self.picker.search
        self._search_timer = self.picker.search_timer
        self.categories_button = self.picker.categories_button
        self.products_title = self.picker.products_title
        self.focus_search = self.picker.focus_search
        self.clear_search = self.picker.clear_search
        self.search_now = self.picker.search_now
        self.show_categories = self.picker.show_categories
        self.show_category = self.picker.show_category
        self.cart_view.clicked.connect(lambda _index: self.search.setFocus())

        self.park_button = keyed_button(self, "F8", self.park)
        self.recall_button = keyed_button(self, "F9", self.recall)
        self.reprint_button = keyed_button(self, "Ctrl+P", self.reprint)
        self.refund_button = keyed_button(self, "F11", lambda: self.go.emit("refund"))
        self.pay_button = keyed_button(self, "F12", self.pay, object_name="pay")
        self.pay_button.setMinimumHeight(72)
        self.pay_button.setStyleSheet("#pay { background: #1b5e20; color: white; font-size: 20pt;"
                                      " font-weight: bold; }")
        bottom = QGridLayout()
        for i, button in enumerate((self.park_button, self.recall_button,
                                    self.reprint_button, self.refund_button)):
            bottom.addWidget(button, i // 2, i % 2)
        bottom.addWidget(self.pay_button, 2, 0, 1, 2)
        bottom.setSpacing(4)

        right = QVBoxLayout()
        right.addWidget(total_box)
        right.addWidget(self.picker, 1)
        right.addLayout(bottom)

        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(self.message)
        outer.addLayout(columns, 1)

        notices().fault.connect(self._notice_fault)
        # "Sale … recorded. Change to give: …" stays until the next scan: the cashier is counting coins.
        notices().info.connect(self._lasting_info)
        self.retranslate()

    @property
    def category(self) -> str | None:
        """The category the picker shows; None: the category tiles or search results."""
        return self.picker.category

    @property
    def results(self) -> list[Product]:
        """The products the picker shows."""
        return self.picker.results

    @property
    def product_buttons(self) -> list[QPushButton]:
        """The tiles of the products shown (none while the categories are shown)."""
        return self.picker.product_buttons

    # -- texts ----------------------------------------------------------------------------------

    def _lasting_info(self, text: str) -> None:
        self.message.show_info(text, seconds=0)

    def _notice_fault(self, error: PossoukError) -> None:
        # A receipt kept in the print queue must not hide the change still to be given.
        self.message.show_error(error, below=self.message.kind == "info")

    def retranslate(self) -> None:
        self.plus_button.setText(key_text("+", _("One more")))
        self.minus_button.setText(key_text("−", _("One less")))
        self.quantity_button.setText(key_text("F3", _("Quantity")))
        self.weight_button.setText(key_text("F4", _("Weight")))
        self.discount_button.setText(key_text("F5", _("Discount")))
        self.price_button.setText(key_text("F6", _("Price")))
        self.ticket_button.setText(key_text("F7", _("Sale discount")))
        self.remove_button.setText(key_text("Del", _("Remove")))
        self.park_button.setText(key_text("F8", _("Park")))
        self.recall_button.setText(key_text("F9", _("Recall")))
        self.reprint_button.setText(key_text("Ctrl+P", _("Reprint")))
        self.refund_button.setText(key_text("F11", _("Refund")))
        self.pay_button.setText(key_text("F12", _("Pay")))
        self.cash_button.setText(key_text("Ctrl+E", _("Cash in or out")))
        self.x_button.setText(key_text("Ctrl+R", _("X report")))
        self.close_register_button.setText(key_text("Ctrl+K", _("Close register")))
        self.total_caption.setText(_("Total"))
        self.refresh()
        self.picker.retranslate()

    def activated(self) -> None:
        self.refresh()
        if self.category is None and not self.search.text():
            self.show_categories()
        self.search.setFocus()

    def refresh(self, select: int | None = None) -> None:
        """Show the cart again (after any change), selecting line ``select``."""
        previous = self.cart_view.current_row()
        self.cart_view.refresh()
        cart = self.till.cart
        self.total_label.setText(format_money(cart.total, current_language()))
        self.count_label.setText(_articles(cart.piece_count))
        row = select if select is not None else min(previous, len(cart.items) - 1)
        self.cart_view.select_row(row if row >= 0 else len(cart.items) - 1)
        self.changed.emit()

    def _cooperative_name(self, cooperative_id: int) -> str:
        coop = self.till.cooperative(cooperative_id)
        return coop.name_ar if current_language() == "ar" else coop.name_fr

    # -- adding ---------------------------------------------------------------------------------

    def scanned(self, code: str) -> bool:
        """Add the scanned product; a weighed one scanned by its own barcode is weighed at once."""
        lines = len(self.till.cart.items)
        try:
            row = self.till.scan(code)
        except UserError as refused:
            self.message.show_error(refused)
            return True
        self.message.clear_message()
        self.refresh(select=row)
        item = self.till.cart.items[row]
        if (len(self.till.cart.items) > lines and not item.product.unit.whole
                and isinstance(parse_scan(code, get_scale_rules(self.till.db)), str)
                and not self.weigh(row)):
            self.till.cart.remove(row)  # no weight, no line: 1 kg was only a placeholder
            self.refresh()
        return True

    def add(self, product: Product) -> None:
        """Add a product picked on a tile or in the search; a weighed one is weighed at once."""
        try:
            row = self.till.add_product(product)
        except UserError as refused:
            self.message.show_error(refused)
            return
        self.message.clear_message()
        self.refresh(select=row)
        if not product.unit.whole and not self.weigh(row):
            self.till.cart.remove(row)
            self.refresh()

    # -- the selected line ----------------------------------------------------------------------

    def ask_value(self, title: str, prompt: str, initial: str = "", *, decimal: bool = True,
                  keypad: bool = True) -> str | None:
        """Ask one value on a keypad; None when cancelled (tests replace this)."""
        return KeypadDialog.ask(self, title, prompt, initial, decimal=decimal, keypad=keypad)

    def ask_supervisor(self, reason: str) -> tuple[str, str] | None:
        """Ask a supervisor's (login, PIN); None when cancelled (tests replace this)."""
        return PinDialog.ask(self, self.till.supervisors(), reason)

    def ask_choice(self, title: str, lines: list[str]) -> int | None:
        """Pick one of ``lines``; None when cancelled (tests replace this)."""
        return ChoiceDialog.ask(self, title, lines)

    def _row(self) -> int | None:
        row = self.cart_view.current_row()
        if row < 0:
            self.message.show_error(UserError(N_("Choose a line of the cart first.")))
            return None
        return row

    def _change(self, change: Callable[[], object], row: int | None = None) -> bool:
        """Make a change to the cart; when it needs a supervisor who does not approve, undo it."""
        cart = self.till.cart
        before_items, before_discount = list(cart.items), cart.ticket_discount
        try:
            change()
            needed = self.till.needs_approval()
            if needed and not approve(self.till, needed, self.ask_supervisor, self.message):
                cart.items[:] = before_items
                cart.ticket_discount = before_discount
                self.refresh(select=row)
                return False
        except UserError as refused:
            self.message.show_error(refused)
            return False
        self.message.clear_message()
        self.refresh(select=row)
        return True

    def step(self, pieces: int) -> None:
        row = self._row()
        if row is not None:
            remaining = len(self.till.cart.items)
            self._change(lambda: self.till.cart.step(row, pieces),
                         row if len(self.till.cart.items) == remaining else None)

    def set_quantity(self) -> None:
        row = self._row()
        if row is None:
            return
        item = self.till.cart.items[row]
        if not item.product.unit.whole:
            self.weigh(row)
            return
        text = self.ask_value(_("Quantity"), product_names(item.product)[0],
                              str(item.quantity // 1000), decimal=False)
        if text is not None:
            self._change(lambda: self.till.cart.set_quantity(row, parse_quantity(text, whole=True)), row)

    def weigh(self, row: int | None = None) -> bool:
        """Type the weight (or volume) of a line sold by the kg or litre; True when set."""
        row = self._row() if row is None else row
        if row is None:
            return False
        item = self.till.cart.items[row]
        if item.product.unit.whole:
            self.message.show_error(UserError(N_("{name} is sold by the piece: change its quantity."),
                                              name=product_names(item.product)[0]))
            return False
        # Translators: the prompt of the weight dialog; {unit} is "kg" or "l"
        prompt = _("{name}: weight or volume in {unit}").format(
            name=product_names(item.product)[0], unit=unit_label(item.product.unit, current_language()))
        text = self.ask_value(_("Weight"), prompt)
        if text is None:
            return False
        return self._change(lambda: self.till.cart.set_quantity(row, parse_quantity(text)), row)

    def remove(self) -> None:
        row = self._row()
        if row is not None:
            self._change(lambda: self.till.cart.remove(row))

    def line_discount(self) -> None:
        row = self._row()
        if row is None:
            return
        item = self.till.cart.items[row]
        text = self.ask_value(_("Discount"), _("Discount on {name}, in dirhams").format(
            name=product_names(item.product)[0]))
        if text is not None:
            self._change(lambda: self.till.cart.set_discount(row, parse_amount(text)), row)

    def override_price(self, text: str | None = None) -> bool:
        """Change the selected line's unit price; a supervisor approves when the cashier may not."""
        row = self._row()
        if row is None:
            return False
        item = self.till.cart.items[row]
        if text is None:
            text = self.ask_value(_("Price"), _("New unit price of {name}, in dirhams").format(
                name=product_names(item.product)[0]))
        if text is None:
            return False
        return self._change(lambda: self.till.cart.set_price(row, parse_amount(text)), row)

    def ticket_discount(self) -> None:
        text = self.ask_value(_("Sale discount"), _("Discount on the whole sale, in dirhams"))
        if text is not None:
            self._change(lambda: self.till.cart.set_ticket_discount(parse_amount(text)))

    # -- the whole cart -------------------------------------------------------------------------

    def park(self) -> None:
        try:
            self.till.park()
        except PossoukError as refused:  # an empty cart, or the database busy: nothing changed
            self.message.show_error(refused)
            return
        self.refresh()
        self.message.show_info(_("The cart is parked: recall it with F9."))

    def recall(self, index: int | None = None) -> None:
        if not self.till.parked:
            self.message.show_error(UserError(N_("No cart is parked.")))
            return
        if index is None:
            lang = current_language()
            lines = [
                # Translators: a parked cart in the list to recall: when, how many articles, total
                _("{time} — {articles} — {total} — {cashier}").format(
                    time=isolate(format_datetime(datetime.fromtimestamp(p.parked_at, UTC), lang)),
                    articles=_articles(p.cart.piece_count), total=format_money(p.cart.total, lang),
                    cashier=p.cashier)
                for p in self.till.parked
            ]
            index = self.ask_choice(_("Recall a parked cart"), lines)
            if index is None:
                return
        try:
            self.till.recall(index)
        except PossoukError as refused:
            self.message.show_error(refused)
            return
        self.message.clear_message()
        self.refresh(select=len(self.till.cart.items) - 1)

    def reprint(self, reference: str | None = None) -> None:
        """Print a receipt again (DUPLICATA): the last one, or any by its number."""
        if reference is None:
            reference = self.ask_value(_("Reprint a receipt"), _("Receipt number"),
                                       self.till.last_reference or "", keypad=False)
        if not reference:
            return
        number = reference.strip().upper()
        self.message.show_info(_("Printing {reference}…").format(reference=number))
        run_in_background(lambda: self.till.print_receipt(number, reprint=True), self._printed)

    def _printed(self, done: Done) -> None:
        said = print_message(done)
        if isinstance(said, PossoukError):
            self.message.show_error(said)
        else:
            self.message.show_info(said)

    def pay(self) -> None:
        """Go to the payment screen once the cart is ready (a supervisor approves what needs it)."""
        try:
            if not self.till.cart.items:
                raise UserError(N_("The cart is empty: scan or pick a product first."))
            needed = self.till.needs_approval()
        except UserError as refused:
            self.message.show_error(refused)
            return
        if needed and not approve(self.till, needed, self.ask_supervisor, self.message):
            return
        self.message.clear_message()
        self.go.emit("payment")

    def select_line(self, row: int) -> None:
        self.cart_view.select_row(row)


    # -- the cash session -----------------------------------------------------------------------

    def ask_cash_move(self) -> CashMoveRequest | None:
        """Which way, why, how much; None when cancelled (tests replace this)."""
        return CashMoveDialog.ask(self)

    def cash_move(self, request: CashMoveRequest | None = None) -> bool:
        """Put cash in or take it out of the drawer; a supervisor approves for a cashier who may
        not. The slip prints (and the drawer opens) off the GUI thread. True when recorded."""
        try:
            user = self.till.require_user()
        except UserError as refused:
            self.message.show_error(refused)
            return False
        if request is None:
            request = self.ask_cash_move()
        if request is None:
            return False
        approver = None
        if not allows(user, Permission.MOVE_CASH):
            answer = self.ask_supervisor(_("A supervisor must approve a cash movement."))
            if answer is None:
                self.message.show_error(UserError(N_("Not done: a supervisor did not approve it.")))
                return False
            try:
                approver = self.till.authorize(answer[0], answer[1], [Permission.MOVE_CASH])
            except PossoukError as refused:
                self.message.show_error(refused)
                return False
        try:
            movement = self.till.move_cash(request.kind, request.reason, request.amount,
                                           request.note, approver=approver)
        except PossoukError as refused:
            self.message.show_error(refused)
            return False
        recorded = (N_("Cash in no. {number} recorded: {amount} ({reason}).")
                    if movement.kind is MoveKind.IN
                    else N_("Cash out no. {number} recorded: {amount} ({reason})."))
        self.message.show_info(render_message(recorded, {
            "number": movement.number, "amount": format_money(movement.amount, current_language()),
            "reason": _(MOVE_REASON_LABELS[movement.reason])}), seconds=0)
        number = movement.number
        run_in_background(lambda: self.till.print_cash_movement(number), self._printed)
        self.changed.emit()
        return True

    def show_x_report(self) -> XReportDialog | None:
        """The X report of the open session, in a dialog (nothing is written)."""
        try:
            session, figures = self.till.figures()
        except PossoukError as refused:
            self.message.show_error(refused)
            return None
        if self.x_dialog is not None:
            self.x_dialog.close()
            self.x_dialog.deleteLater()
        self.x_dialog = XReportDialog(self.till, session, figures, self)
        self.x_dialog.open()
        return self.x_dialog
