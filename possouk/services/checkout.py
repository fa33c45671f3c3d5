"""Checkout: a sale with its lines, payments, stock moves, number, hash and event, at once.

The request is plain data built by the cashier's screen (or an import of paper
sales). Everything is checked before anything is written; the write is one
transaction; the same ``client_key`` twice records one sale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Product, Register, Sale, SaleKind, User
from possouk.domain.money import (
    Centimes,
    Milli,
    allocate,
    div_round_half_up,
    format_plain,
    format_quantity_plain,
    line_total,
    vat_included,
)
from possouk.domain.permissions import Permission, allows, require
from possouk.services.catalog import ScanResult
from possouk.services.closings import refuse_closed_day
from possouk.services.events import actor_id, log_event
from possouk.services.sessions import check_open
from possouk.services.setup import require_register
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

MAX_LINES = 500


@dataclass(frozen=True)
class CartLine:
    product_id: int
    quantity: Milli
    unit_price: Centimes | None = None  # None: the product's current price
    discount: Centimes = 0  # a line discount, as an amount
    label_total: Centimes | None = None  # the price printed by a label scale: the line's gross


def cart_line_for(scan: ScanResult) -> CartLine:
    """The cart line a scan stands for: one piece, a weighed quantity, or a priced label.

    A price-embedded label fixes the line's total; the quantity shown is worked out
    from the product's price per unit (rounded to the gram).
    """
    product = scan.product
    if scan.price is not None:
        quantity = max(1, div_round_half_up(scan.price * 1000, product.price))
        return CartLine(product.id, quantity, label_total=scan.price)
    if scan.quantity is not None:
        return CartLine(product.id, scan.quantity)
    return CartLine(product.id, 1000)


@dataclass(frozen=True)
class PaymentInput:
    """A payment as entered: for cash, ``amount`` is what the customer handed over."""

    method: PaymentMethod
    amount: Centimes


@dataclass(frozen=True)
class CheckoutRequest:
    client_key: str
    register_code: str
    cashier: User
    lines: Sequence[CartLine]
    payments: Sequence[PaymentInput]
    ticket_discount: Centimes = 0
    approver: User | None = None  # a supervisor who entered their PIN for this sale
    at: datetime | None = None  # set for sales written on paper and entered afterwards
    manual_ref: str | None = None


def checkout(db: Database, request: CheckoutRequest) -> Sale:
    """Record a sale durably and return it; a repeated ``client_key`` returns the first sale."""
    with db.write() as uow:
        sale_id = uow.ledger.sale_id_by_client_key(request.client_key)
        if sale_id is not None:
            return uow.ledger.sale(sale_id)
        # The sale as written, not read back: the rows are in memory (the same values,
        # tests/services/test_checkout_written.py checks it); a read costs half a millisecond.
        sale = write_sale(uow, request)
        uow.commit()
        return sale


def _authority(request: CheckoutRequest, permission: Permission) -> User:
    """The person whose rights cover ``permission``: the cashier, else the approver."""
    if allows(request.cashier, permission):
        return request.cashier
    if request.approver is not None and allows(request.approver, permission):
        return request.approver
    require(request.cashier, permission)  # raises with the cashier's name
    raise AssertionError("unreachable")


def record_sale(uow: UnitOfWork, request: CheckoutRequest) -> int:
    """Check and write a sale in the caller's transaction; returns its id."""
    return write_sale(uow, request).id


def write_sale(uow: UnitOfWork, request: CheckoutRequest) -> Sale:
    """Check and write a sale in the caller's transaction; returns it as stored."""
    require(request.cashier, Permission.SELL)
    if not request.client_key or len(request.client_key) > 64:
        raise UserError(N_("The sale has no valid key."))
    register = require_register(uow, request.register_code)
    lines = list(request.lines)
    if not lines:
        raise UserError(N_("The cart is empty."))
    if len(lines) > MAX_LINES:
        raise UserError(N_("A sale can have at most {count} lines."), count=MAX_LINES)
    products = uow.catalog.products_by_ids(line.product_id for line in lines)
    store = uow.store.store()
    site = uow.store.site(register.site_id)
    at = request.at or utc_now()
    created_at = utc_text(at)
    if request.manual_ref is None:  # a paper sale's cash was counted on its own day
        check_open(uow, register, at, store.day_cutoff_minutes)
    refuse_closed_day(uow, site.id, site.code, business_day(at, store.day_cutoff_minutes))

    commissions = uow.catalog.commissions({p.cooperative_id for p in products.values()})
    rows, events = _price_lines(request, lines, products, commissions)
    _check_stock(uow, rows, products, register, site.allow_oversell)

    subtotal = sum(int(r["net"]) for r in rows)
    methods = {p.method for p in request.payments}
    rounding = 0
    if store.cash_rounding > 1 and methods == {PaymentMethod.CASH}:
        rounding = div_round_half_up(subtotal, store.cash_rounding) * store.cash_rounding - subtotal
    total = subtotal + rounding
    pay_rows, change = _settle_payments(request.payments, total)

    authority_id = actor_id(request.approver) if request.approver else None
    sale_row = {
        "client_key": request.client_key, "kind": SaleKind.SALE.value,
        "register_id": register.id, "created_at": created_at,
        "business_day": business_day(at, store.day_cutoff_minutes).isoformat(),
        "cashier_id": request.cashier.id, "approved_by_id": authority_id,
        "refund_of_sale_id": None, "manual_ref": request.manual_ref,
        "total": total, "rounding": rounding, "change_given": change,
    }
    sale = uow.ledger.write_sale(sale_row, rows, pay_rows, register)
    for who, kind, detail in events:
        log_event(uow, who, kind, at=at, client_key=request.client_key, **detail)
    log_event(uow, request.cashier, "manual_sale" if request.manual_ref else "sale", at=at,
              register=register.code, client_key=request.client_key, total=format_plain(total))
    return sale


def _price_lines(
    request: CheckoutRequest, lines: list[CartLine], products: dict[int, Product],
    commissions: dict[int, int],
) -> tuple[list[dict[str, Any]], list[tuple[User, str, dict[str, Any]]]]:
    """Snapshot each line: price, discounts, VAT, commission; collect what must be logged."""
    events: list[tuple[User, str, dict[str, Any]]] = []
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        product = products.get(line.product_id)
        if product is None:
            raise UserError(N_("Line {line}: this product does not exist."), line=number)
        if not product.active:
            raise UserError(N_("{name} is no longer sold."), name=product.name_fr)
        if line.quantity <= 0:
            raise UserError(N_("Line {line}: the quantity must be more than zero."), line=number)
        if product.unit.whole and line.quantity % 1000:
            raise UserError(N_("{name} is sold by the piece: the quantity must be whole."),
                            name=product.name_fr)
        unit_price = product.price if line.unit_price is None else line.unit_price
        if unit_price <= 0:
            raise UserError(N_("Line {line}: the price must be more than zero."), line=number)
        overridden = unit_price != product.price
        if overridden:
            who = _authority(request, Permission.PRICE_OVERRIDE)
            events.append((who, "price_override", {"sku": product.sku, "from": product.price,
                                                  "to": unit_price}))
        gross = line_total(line.quantity, unit_price) if line.label_total is None else line.label_total
        if gross <= 0:
            raise UserError(N_("Line {line}: the price must be more than zero."), line=number)
        if not 0 <= line.discount <= gross:
            raise UserError(N_("Line {line}: the discount must be between zero and the line total."),
                            line=number)
        if line.discount:
            who = _authority(request, Permission.LINE_DISCOUNT)
            events.append((who, "discount", {"sku": product.sku, "amount": line.discount}))
        rows.append({
            "line_no": number, "product_id": product.id, "cooperative_id": product.cooperative_id,
            "sku": product.sku, "name_ar": product.name_ar, "name_fr": product.name_fr,
            "unit": product.unit.value, "quantity": line.quantity, "unit_price": unit_price,
            "gross": gross, "line_discount": line.discount, "ticket_discount": 0,
            "commission_bp": 0, "refund_of_line_id": None, "price_overridden": overridden,
            "oversold": False, "vat_bp": product.vat,
        })
    after_lines = [int(r["gross"]) - int(r["line_discount"]) for r in rows]
    if not 0 <= request.ticket_discount <= sum(after_lines):
        raise UserError(N_("The discount must be between zero and the total."))
    if request.ticket_discount:
        who = _authority(request, Permission.TICKET_DISCOUNT)
        events.append((who, "discount", {"ticket": request.ticket_discount}))
    shares = allocate(request.ticket_discount, after_lines)
    for row, amount, share in zip(rows, after_lines, shares, strict=True):
        product = products[row["product_id"]]
        net = amount - share
        row["ticket_discount"] = share
        row["net"] = net
        row["vat_amount"] = vat_included(net, product.vat)
        row["commission_bp"] = commissions[product.cooperative_id]
        if product.min_price is not None and net < line_total(row["quantity"], product.min_price):
            who = _authority(request, Permission.PRICE_UNDER_MINIMUM)
            events.append((who, "price_under_minimum", {"sku": product.sku, "net": net}))
    return rows, events


def _check_stock(
    uow: UnitOfWork, rows: list[dict[str, Any]], products: dict[int, Product],
    register: Register, allow_oversell: bool,
) -> None:
    wanted: dict[int, int] = defaultdict(int)
    for row in rows:
        wanted[int(row["product_id"])] += int(row["quantity"])
    on_hand = uow.ledger.stock_on_hand(wanted, register.site_id)
    short = {pid for pid, qty in wanted.items() if qty > on_hand[pid]}
    if not short:
        return
    if not allow_oversell:
        pid = min(short)
        product = products[pid]
        raise UserError(
            N_("Not enough {name} in stock at this site: {available} left, {wanted} asked."),
            name=product.name_fr, available=format_quantity_plain(max(on_hand[pid], 0)),
            wanted=format_quantity_plain(wanted[pid]),
        )
    for row in rows:
        if row["product_id"] in short:
            row["oversold"] = True


def _settle_payments(
    payments: Sequence[PaymentInput], total: Centimes
) -> tuple[list[dict[str, Any]], Centimes]:
    """Turn entered payments into stored ones; returns them and the change given."""
    if not payments:
        raise UserError(N_("Add a payment."))
    for p in payments:
        if p.amount <= 0:
            raise UserError(N_("A payment must be more than zero."))
    paid = sum(p.amount for p in payments)
    if paid < total:
        raise UserError(N_("{missing} is still to be paid."), missing=format_plain(total - paid))
    cash = sum(p.amount for p in payments if p.method is PaymentMethod.CASH)
    change = paid - total
    if change > cash:
        raise UserError(N_("Card, mobile and transfer payments cannot exceed what is due."))
    rows: list[dict[str, Any]] = []
    change_left = change
    for seq, p in enumerate(payments, start=1):
        amount = p.amount
        tendered: int | None = None
        if p.method is PaymentMethod.CASH:
            tendered = p.amount
            taken = min(change_left, amount)
            amount -= taken
            change_left -= taken
        rows.append({"seq": seq, "method": p.method.value, "amount": amount, "tendered": tendered})
    return rows, change
