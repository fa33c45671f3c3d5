"""Refunds: whole or partial, referencing the original lines, never more than was sold.

A refund is a sale document of kind ``refund`` in the register's numbering, with
negative quantities and amounts; its stock moves bring the goods back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Sale, SaleKind, SaleLine, User
from possouk.domain.money import Milli, div_round_half_up, format_plain, format_quantity_plain, vat_included
from possouk.domain.permissions import Permission, allows, require
from possouk.services.closings import refuse_closed_day
from possouk.services.events import actor_id, log_event
from possouk.services.sessions import require_open_session
from possouk.services.setup import require_register
from possouk.storage.ledger_repo import Refunded
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork


@dataclass(frozen=True)
class RefundLine:
    original_line_id: int
    quantity: Milli


@dataclass(frozen=True)
class RefundRequest:
    client_key: str
    register_code: str
    cashier: User
    original_sale_id: int
    lines: Sequence[RefundLine]  # empty: everything not yet refunded
    method: PaymentMethod = PaymentMethod.CASH
    approver: User | None = None
    at: datetime | None = None


def refund(db: Database, request: RefundRequest) -> Sale:
    """Record a refund; a repeated ``client_key`` returns the first one."""
    with db.write() as uow:
        sale_id = uow.ledger.sale_id_by_client_key(request.client_key)
        if sale_id is None:
            sale_id = record_refund(uow, request)
            uow.commit()
        return uow.ledger.sale(sale_id)


def find_sale(db: Database, reference: str) -> Sale:
    """A sale by its printed number, e.g. ``MEK1-000042``."""
    register_code, _, number = reference.strip().rpartition("-")
    if not register_code or not number.isdigit():
        raise UserError(N_("“{reference}” is not a receipt number."), reference=reference)
    with db.read() as uow:
        register = uow.store.register_by_code(register_code)
        sale_id = uow.ledger.sale_id_by_number(register.id, int(number)) if register else None
        if sale_id is None:
            raise UserError(N_("There is no receipt {reference}."), reference=reference)
        return uow.ledger.sale(sale_id)


def refundable(db: Database, sale: Sale) -> dict[int, Milli]:
    """For each line of ``sale``: the quantity not refunded yet (zero when all came back)."""
    with db.read() as uow:
        done = uow.ledger.refunded(line.id for line in sale.lines)
    return {line.id: line.quantity - done.get(line.id, Refunded()).quantity for line in sale.lines}


def _share(amount: int, part: int, whole: int, already: int, last: bool) -> int:
    """The share of ``amount`` for ``part`` of ``whole``; the last part takes what is left,
    so that all refunds of a line add up exactly to the line."""
    if last:
        return amount - already
    return div_round_half_up(amount * part, whole)


def record_refund(uow: UnitOfWork, request: RefundRequest) -> int:
    """Check and write a refund in the caller's transaction; returns its id."""
    if allows(request.cashier, Permission.REFUND):
        approver = request.cashier
    elif request.approver is not None and allows(request.approver, Permission.REFUND):
        approver = request.approver
    else:
        require(request.approver or request.cashier, Permission.REFUND)
        raise AssertionError("unreachable")
    register = require_register(uow, request.register_code)
    original = uow.ledger.sale(request.original_sale_id)
    if original.kind is not SaleKind.SALE:
        raise UserError(N_("A refund cannot itself be refunded."))
    by_id = {line.id: line for line in original.lines}
    done = uow.ledger.refunded(by_id)
    wanted = _wanted_quantities(request, original, by_id, done)

    rows: list[dict[str, Any]] = []
    for number, (line, quantity) in enumerate(wanted, start=1):
        before = done.get(line.id, Refunded())
        last = before.quantity + quantity == line.quantity
        gross = _share(line.gross, quantity, line.quantity, before.gross, last)
        line_discount = _share(line.line_discount, quantity, line.quantity, before.line_discount, last)
        net = _share(line.net, quantity, line.quantity, before.net, last)
        rows.append({
            "line_no": number, "product_id": line.product_id, "cooperative_id": line.cooperative_id,
            "sku": line.sku, "name_ar": line.name_ar, "name_fr": line.name_fr,
            "unit": line.unit.value, "quantity": -quantity, "unit_price": line.unit_price,
            "gross": -gross, "line_discount": -line_discount,
            "ticket_discount": -(gross - line_discount - net), "net": -net,
            "vat_bp": line.vat_rate, "vat_amount": -vat_included(net, line.vat_rate),
            "commission_bp": line.commission_rate, "refund_of_line_id": line.id,
            "price_overridden": line.price_overridden, "oversold": False,
        })
    total = sum(int(r["net"]) for r in rows)
    store = uow.store.store()
    at = request.at or utc_now()
    session = require_open_session(uow, register, at)
    refuse_closed_day(uow, register.site_id, register.site_code,
                      business_day(at, store.day_cutoff_minutes))
    if request.method is PaymentMethod.CASH:
        in_drawer = uow.sessions.figures(session).expected_cash
        if -total > in_drawer:
            raise UserError(N_("The drawer should hold only {amount}: refund by another method, "
                               "or put cash in first."), amount=format_plain(in_drawer))
    sale_row = {
        "client_key": request.client_key, "kind": SaleKind.REFUND.value,
        "register_id": register.id, "created_at": utc_text(at),
        "business_day": business_day(at, store.day_cutoff_minutes).isoformat(),
        "cashier_id": request.cashier.id, "approved_by_id": actor_id(approver),
        "refund_of_sale_id": original.id, "manual_ref": None,
        "total": total, "rounding": 0, "change_given": 0,
    }
    pay = [{"seq": 1, "method": request.method.value, "amount": total, "tendered": None}]
    refund_id = uow.ledger.append_sale(sale_row, rows, pay, register.site_id)
    log_event(uow, approver, "refund", at=at, original=original.reference,
              register=register.code, total=format_plain(total), method=request.method.value)
    return refund_id


def _wanted_quantities(
    request: RefundRequest, original: Sale, by_id: dict[int, SaleLine],
    done: dict[int, Refunded],
) -> list[tuple[SaleLine, Milli]]:
    if not request.lines:
        wanted = [(line, line.quantity - done.get(line.id, Refunded()).quantity) for line in original.lines]
        wanted = [(line, qty) for line, qty in wanted if qty > 0]
        if not wanted:
            raise UserError(N_("Everything on receipt {reference} was already refunded."),
                            reference=original.reference)
        return wanted
    result: list[tuple[SaleLine, Milli]] = []
    seen: set[int] = set()
    for item in request.lines:
        line = by_id.get(item.original_line_id)
        if line is None:
            raise UserError(N_("This line is not on receipt {reference}."), reference=original.reference)
        if item.original_line_id in seen:
            raise UserError(N_("The same line is refunded twice in one refund."))
        seen.add(item.original_line_id)
        if item.quantity <= 0:
            raise UserError(N_("The quantity to refund must be more than zero."))
        left = line.quantity - done.get(line.id, Refunded()).quantity
        if item.quantity > left:
            raise UserError(
                N_("Only {left} of {name} can still be refunded."),
                left=format_quantity_plain(left), name=line.name_fr,
            )
        if line.unit.whole and item.quantity % 1000:
            raise UserError(N_("{name} is sold by the piece: the quantity must be whole."),
                            name=line.name_fr)
        result.append((line, item.quantity))
    return result
