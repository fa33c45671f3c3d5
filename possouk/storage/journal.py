"""Hash chains over final documents.

Each document's hash is SHA-256 of the previous document's hash followed by the
canonical JSON of every fiscal value of the document (its row, its lines, its
payments). The same functions build the payload when a document is written and
when ``verify`` recomputes it from the stored rows, so the two cannot drift.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any, Protocol

GENESIS = "0" * 64

SALE_FIELDS = (
    "kind", "register_id", "number", "created_at", "business_day", "cashier_id",
    "approved_by_id", "refund_of_sale_id", "manual_ref", "client_key", "total",
    "rounding", "change_given",
)
SALE_LINE_FIELDS = (
    "line_no", "product_id", "cooperative_id", "sku", "name_ar", "name_fr", "unit",
    "quantity", "unit_price", "gross", "line_discount", "ticket_discount", "net",
    "vat_bp", "vat_amount", "commission_bp", "refund_of_line_id", "price_overridden",
    "oversold",
)
PAYMENT_FIELDS = ("seq", "method", "amount", "tendered")
STOCK_DOC_FIELDS = (
    "kind", "site_id", "cooperative_id", "number", "created_at", "user_id", "reason", "note",
)
STOCK_LINE_FIELDS = ("line_no", "product_id", "sku", "quantity", "unit_price")
EVENT_FIELDS = ("seq", "at", "user_id", "kind", "detail")
CASH_MOVE_FIELDS = (
    "register_id", "number", "session_id", "kind", "reason", "amount", "note", "user_id",
    "created_at",
)
COST_FIELDS = ("number", "site_id", "label", "amount", "rule", "start", "end", "created_at", "user_id")
COST_SHARE_FIELDS = ("cooperative_id", "amount")
STATEMENT_FIELDS = (
    "number", "cooperative_id", "start", "end", "issued_at", "user_id", "net_payable",
    "previously_payable", "already_paid", "content",
)
STATEMENT_LINE_FIELDS = ("sale_line_id", "net", "commission")
STATEMENT_COST_FIELDS = ("cost_share_id", "amount")
PAYOUT_FIELDS = (
    "number", "cooperative_id", "amount", "method", "reference", "paid_at", "user_id",
    "cash_movement_id",
)
CLOSING_FIELDS = ("site_id", "kind", "period", "number", "created_at", "closed_by_id", "content")
Z_FIELDS = (
    "register_id", "number", "session_id", "business_day", "created_at", "closed_by_id",
    "approved_by_id", "reason", "content", "grand_total", "last_receipt_number", "last_sale_hash",
)


class Fields(Protocol):
    """A row by column name: a dict being written or a RowMapping read back."""

    def __getitem__(self, key: str, /) -> Any: ...


# One C-level getter per field list: verify picks millions of values (see bench/bench_verify.py).
_GETTERS = {
    fields: itemgetter(*fields)
    for fields in (SALE_FIELDS, SALE_LINE_FIELDS, PAYMENT_FIELDS, STOCK_DOC_FIELDS,
                   STOCK_LINE_FIELDS, EVENT_FIELDS, CASH_MOVE_FIELDS, Z_FIELDS,
                   CLOSING_FIELDS, COST_FIELDS, COST_SHARE_FIELDS, STATEMENT_FIELDS,
                   STATEMENT_LINE_FIELDS, STATEMENT_COST_FIELDS, PAYOUT_FIELDS)
}
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def _pick(row: Fields, fields: Sequence[str]) -> list[Any]:
    getter = _GETTERS.get(fields) if isinstance(fields, tuple) else None
    values = getter(row) if getter is not None else tuple(row[f] for f in fields)
    # Booleans come back from SQLite as 0/1: hash them as integers either way.
    return [int(v) if v.__class__ is bool else v for v in values]


def chain_hash(prev_hash: str, payload: Any) -> str:
    """SHA-256 of ``prev_hash`` followed by the canonical JSON of ``payload``."""
    return hashlib.sha256((prev_hash + _ENCODE(payload)).encode("utf-8")).hexdigest()


def sale_payload(
    sale: Fields,
    lines: Iterable[Fields],
    payments: Iterable[Fields],
) -> list[Any]:
    """Every fiscal value of a sale or refund, in a fixed order."""
    return picked_sale_payload(
        sale,
        [_pick(line, SALE_LINE_FIELDS) for line in lines],
        [_pick(p, PAYMENT_FIELDS) for p in payments],
    )


def picked_sale_payload(
    sale: Fields,
    line_values: Sequence[Sequence[Any]],
    payment_values: Sequence[Sequence[Any]],
) -> list[Any]:
    """:func:`sale_payload` from lines and payments already read as their values in
    ``SALE_LINE_FIELDS`` and ``PAYMENT_FIELDS`` order, booleans as 0/1 (as ``verify`` reads
    them: tuples hash as lists do)."""
    return [_pick(sale, SALE_FIELDS), line_values, payment_values]


def stock_doc_payload(
    doc: Fields, lines: Iterable[Fields]
) -> list[Any]:
    """Every value of a deposit slip, return slip or adjustment."""
    return [_pick(doc, STOCK_DOC_FIELDS), [_pick(line, STOCK_LINE_FIELDS) for line in lines]]


def event_payload(event: Fields) -> list[Any]:
    """Every value of an event-log entry."""
    return _pick(event, EVENT_FIELDS)


def cash_move_payload(move: Fields) -> list[Any]:
    """Every value of a cash movement (cash in or out of a drawer)."""
    return _pick(move, CASH_MOVE_FIELDS)


def z_payload(report: Fields) -> list[Any]:
    """Every value of a Z report; ``content`` is its figures as canonical JSON text."""
    return _pick(report, Z_FIELDS)


def closing_payload(closing: Fields) -> list[Any]:
    """Every value of a day, month or year closing."""
    return _pick(closing, CLOSING_FIELDS)


def cost_payload(cost: Fields, shares: Iterable[Fields]) -> list[Any]:
    """Every value of a shared cost and its split between the cooperatives."""
    return [_pick(cost, COST_FIELDS), [_pick(share, COST_SHARE_FIELDS) for share in shares]]


def statement_payload(statement: Fields, lines: Iterable[Fields], costs: Iterable[Fields]) -> list[Any]:
    """Every value of a settlement statement, the lines and cost shares it settles included."""
    return [_pick(statement, STATEMENT_FIELDS), [_pick(line, STATEMENT_LINE_FIELDS) for line in lines],
            [_pick(cost, STATEMENT_COST_FIELDS) for cost in costs]]


def payout_payload(payout: Fields) -> list[Any]:
    """Every value of a payout to a cooperative."""
    return _pick(payout, PAYOUT_FIELDS)


COSTS_CHAIN = "costs"
STATEMENTS_CHAIN = "statements"
PAYOUTS_CHAIN = "payouts"


def closing_chain(site_id: int, kind: str) -> str:
    return f"closing:{site_id}:{kind}"


def cash_chain(register_id: int) -> str:
    return f"cash:{register_id}"


def z_chain(register_id: int) -> str:
    return f"z:{register_id}"


def sales_chain(register_id: int) -> str:
    return f"sales:{register_id}"


def stock_chain(site_id: int, kind: str) -> str:
    return f"stock:{site_id}:{kind}"


EVENTS_CHAIN = "events"
