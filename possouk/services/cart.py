"""The cart a cashier builds before checkout: lines, discounts, totals — plain data, no database.

The totals follow the same rules as :func:`possouk.services.checkout.checkout`
(line total rounded half-up, line discount, ticket discount spread exactly over
the lines, cash rounding when everything is paid in cash), so the amount the
screen asks for is the amount the ledger records; ``tests/services/test_cart.py``
checks the two agree on random carts. The cart also says which lines need a
supervisor (price override, price under the minimum) before the sale is tried.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Product, User
from possouk.domain.money import Centimes, Milli, allocate, div_round_half_up, line_total
from possouk.domain.permissions import Permission, allows
from possouk.services.catalog import ScanResult
from possouk.services.checkout import MAX_LINES, CartLine, cart_line_for

__all__ = ["Cart", "CartItem", "cart_from_data", "cart_to_data", "new_client_key"]

MAX_QUANTITY: Milli = 10_000_000  # 10,000 pieces or kg on one line: beyond is a typing slip


def new_client_key() -> str:
    """A fresh idempotency key: the same key twice records one sale."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class CartItem:
    """One line of the cart with the product it was rung up from (names, unit, prices)."""

    product: Product
    quantity: Milli
    unit_price: Centimes
    discount: Centimes = 0
    label_total: Centimes | None = None  # fixed by a price-embedded scale label

    @property
    def gross(self) -> Centimes:
        """Quantity × unit price, or the price printed by the scale."""
        return line_total(self.quantity, self.unit_price) if self.label_total is None else self.label_total

    @property
    def after_discount(self) -> Centimes:
        return self.gross - self.discount

    @property
    def overridden(self) -> bool:
        """The cashier changed the price."""
        return self.unit_price != self.product.price

    def as_cart_line(self) -> CartLine:
        price = None if not self.overridden else self.unit_price
        return CartLine(self.product.id, self.quantity, price, self.discount, self.label_total)


@dataclass
class Cart:
    """The lines of the sale being rung up, its ticket discount and its idempotency key."""

    items: list[CartItem] = field(default_factory=list)
    ticket_discount: Centimes = 0
    client_key: str = field(default_factory=new_client_key)

    # -- changing the cart; every refusal leaves it as it was ------------------------------

    def add_scan(self, scan: ScanResult) -> int:
        """Add what a scan stands for; returns the index of the line that changed.

        One more piece of the last product scanned adds to its line (when nothing
        set that line apart: a price change or a discount); weighed goods and
        scale labels always make a line of their own.
        """
        line = cart_line_for(scan)
        item = CartItem(scan.product, line.quantity, scan.product.price, label_total=line.label_total)
        if (self.items and item.label_total is None and scan.quantity is None
                and scan.product.unit.whole):
            last = self.items[-1]
            if (last.product.id == item.product.id and last.label_total is None
                    and not last.overridden and not last.discount):
                self.set_quantity(len(self.items) - 1, last.quantity + item.quantity)
                return len(self.items) - 1
        if len(self.items) >= MAX_LINES:
            raise UserError(N_("A sale can have at most {count} lines."), count=MAX_LINES)
        self.items.append(item)
        return len(self.items) - 1

    def add_product(self, product: Product) -> int:
        """Add one piece (or, for weighed goods, 1 kg / 1 l until weighed) of ``product``."""
        return self.add_scan(ScanResult(product))

    def _item(self, index: int) -> CartItem:
        if not 0 <= index < len(self.items):
            raise UserError(N_("Choose a line of the cart first."))
        return self.items[index]

    def set_quantity(self, index: int, quantity: Milli) -> None:
        """Set a line's quantity (thousandths); whole for goods sold by the piece."""
        item = self._item(index)
        if quantity <= 0:
            raise UserError(N_("The quantity must be more than zero."))
        if quantity > MAX_QUANTITY:
            raise UserError(N_("The quantity {quantity} is too large for one line."),
                            quantity=quantity // 1000)
        if item.product.unit.whole and quantity % 1000:
            raise UserError(N_("{name} is sold by the piece: the quantity must be whole."),
                            name=item.product.name_fr)
        # A scale label's price is for the weight it printed: a new quantity prices by weight.
        changed = replace(item, quantity=quantity, label_total=None)
        if changed.discount > changed.gross:
            changed = replace(changed, discount=0)
        self.items[index] = changed
        self._fit_ticket_discount()

    def step(self, index: int, pieces: int) -> None:
        """+1 / −1 on a line sold by the piece; reaching zero removes the line."""
        item = self._item(index)
        if not item.product.unit.whole:
            raise UserError(N_("{name} is weighed: type its weight instead."), name=item.product.name_fr)
        quantity = item.quantity + pieces * 1000
        if quantity <= 0:
            self.remove(index)
        else:
            self.set_quantity(index, quantity)

    def remove(self, index: int) -> None:
        self._item(index)
        del self.items[index]
        self._fit_ticket_discount()

    def set_discount(self, index: int, amount: Centimes) -> None:
        """A discount on one line, as an amount between zero and the line total."""
        item = self._item(index)
        if not 0 <= amount <= item.gross:
            raise UserError(N_("The discount must be between zero and the line total."))
        self.items[index] = replace(item, discount=amount)
        self._fit_ticket_discount()

    def set_price(self, index: int, unit_price: Centimes) -> None:
        """Override a line's unit price (checked against permissions at checkout)."""
        item = self._item(index)
        if unit_price <= 0:
            raise UserError(N_("The price must be more than zero."))
        changed = replace(item, unit_price=unit_price, label_total=None)
        if changed.discount > changed.gross:
            changed = replace(changed, discount=0)
        self.items[index] = changed
        self._fit_ticket_discount()

    def set_ticket_discount(self, amount: Centimes) -> None:
        if not 0 <= amount <= self.subtotal_before_ticket:
            raise UserError(N_("The discount must be between zero and the total."))
        self.ticket_discount = amount

    def _fit_ticket_discount(self) -> None:
        self.ticket_discount = min(self.ticket_discount, self.subtotal_before_ticket)

    # -- amounts ---------------------------------------------------------------------------

    @property
    def subtotal_before_ticket(self) -> Centimes:
        return sum(item.after_discount for item in self.items)

    def nets(self) -> list[Centimes]:
        """Each line's amount after its own discount and its share of the ticket discount."""
        after = [item.after_discount for item in self.items]
        shares = allocate(self.ticket_discount, after) if after else []
        return [a - s for a, s in zip(after, shares, strict=True)]

    @property
    def total(self) -> Centimes:
        """What the customer owes before any cash rounding."""
        return self.subtotal_before_ticket - self.ticket_discount

    def rounding(self, cash_rounding: Centimes, methods: Iterable[PaymentMethod]) -> Centimes:
        """The rounding line checkout adds when every payment is cash."""
        if cash_rounding <= 1 or set(methods) != {PaymentMethod.CASH}:
            return 0
        return div_round_half_up(self.total, cash_rounding) * cash_rounding - self.total

    def due(self, cash_rounding: Centimes, methods: Iterable[PaymentMethod]) -> Centimes:
        return self.total + self.rounding(cash_rounding, methods)

    @property
    def piece_count(self) -> int:
        """Articles in the cart: pieces counted, each weighed line counts once."""
        return sum(i.quantity // 1000 if i.product.unit.whole else 1 for i in self.items)

    # -- who must approve ------------------------------------------------------------------

    def permissions_needed(self) -> set[Permission]:
        """What this cart asks beyond selling: discounts, price overrides, prices under minimum."""
        needed: set[Permission] = set()
        for item, net in zip(self.items, self.nets(), strict=True):
            if item.discount:
                needed.add(Permission.LINE_DISCOUNT)
            if item.overridden:
                needed.add(Permission.PRICE_OVERRIDE)
            minimum = item.product.min_price
            if minimum is not None and net < line_total(item.quantity, minimum):
                needed.add(Permission.PRICE_UNDER_MINIMUM)
        if self.ticket_discount:
            needed.add(Permission.TICKET_DISCOUNT)
        return needed

    def needs_approval(self, cashier: User, approver: User | None = None) -> set[Permission]:
        """The permissions neither ``cashier`` nor ``approver`` has: ask a supervisor's PIN."""
        return {p for p in self.permissions_needed()
                if not allows(cashier, p) and not (approver is not None and allows(approver, p))}

    def cart_lines(self) -> Sequence[CartLine]:
        return [item.as_cart_line() for item in self.items]


def cart_to_data(cart: Cart) -> dict[str, Any]:
    """The cart as plain JSON-able data (product ids, not products), to keep it aside."""
    return {
        "client_key": cart.client_key,
        "ticket_discount": cart.ticket_discount,
        "items": [{"product_id": i.product.id, "quantity": i.quantity, "discount": i.discount,
                   "label_total": i.label_total,
                   # An unchanged price follows the catalogue; a changed one was approved as typed.
                   "price": i.unit_price if i.overridden else None} for i in cart.items],
    }


def cart_from_data(data: dict[str, Any], products: dict[int, Product]) -> Cart:
    """The cart :func:`cart_to_data` kept, with today's products; lines of vanished products drop."""
    items = []
    for line in data.get("items", []):
        product = products.get(int(line["product_id"]))
        if product is None:
            continue
        price = product.price if line.get("price") is None else int(line["price"])
        items.append(CartItem(product, int(line["quantity"]), price, int(line.get("discount", 0)),
                              None if line.get("label_total") is None else int(line["label_total"])))
    cart = Cart(items=items, client_key=str(data.get("client_key") or new_client_key()))
    cart.ticket_discount = min(int(data.get("ticket_discount", 0)), cart.subtotal_before_ticket)
    return cart
