"""Stock as documents: deposit slips (intake), return slips, adjustments with a reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from possouk.domain import text
from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import AdjustmentReason, StockDocument, StockKind, StockLevel, User
from possouk.domain.money import Milli, format_quantity_plain
from possouk.domain.permissions import Permission, require
from possouk.services.catalog import require_cooperative, require_product_sku
from possouk.services.events import actor_id, log_event
from possouk.services.setup import require_site
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork


@dataclass(frozen=True)
class StockInput:
    sku: str
    quantity: Milli  # positive; for adjustments the sign says up (+) or down (−)


def record_stock_document(
    uow: UnitOfWork, actor: User, kind: StockKind, site_code: str, cooperative_code: str | None,
    lines: Sequence[StockInput], reason: str = "", note: str = "", at: datetime | None = None,
) -> int:
    """Check and write one stock document in the caller's transaction; returns its id."""
    require(actor, Permission.MANAGE_STOCK)
    if kind not in (StockKind.INTAKE, StockKind.RETURN, StockKind.ADJUSTMENT):
        raise ValueError(kind)
    site = require_site(uow, site_code)
    cooperative = require_cooperative(uow, cooperative_code) if cooperative_code else None
    if kind is not StockKind.ADJUSTMENT and cooperative is None:
        raise UserError(N_("Say which cooperative the goods belong to."))
    if kind is StockKind.ADJUSTMENT:
        try:
            reason = AdjustmentReason(reason).value
        except ValueError as exc:
            raise UserError(N_("An adjustment needs a reason: damaged, lost or count.")) from exc
    if not lines:
        raise UserError(N_("The document has no lines."))
    rows: list[dict[str, Any]] = []
    returning: dict[int, int] = {}
    for number, item in enumerate(lines, start=1):
        product = require_product_sku(uow, item.sku)
        if cooperative is not None and product.cooperative_id != cooperative.id:
            raise UserError(N_("{sku} does not belong to the cooperative {code}."),
                            sku=product.sku, code=cooperative.code)
        if item.quantity == 0 or (item.quantity < 0 and kind is not StockKind.ADJUSTMENT):
            raise UserError(N_("Line {line}: the quantity must be more than zero."), line=number)
        if product.unit.whole and item.quantity % 1000:
            raise UserError(N_("{name} is counted by the piece: the quantity must be whole."),
                            name=product.name_fr)
        if kind is StockKind.RETURN:
            returning[product.id] = returning.get(product.id, 0) + item.quantity
        rows.append({"line_no": number, "product_id": product.id, "sku": product.sku,
                     "quantity": item.quantity, "unit_price": product.price})
    if returning:
        on_hand = uow.ledger.stock_on_hand(returning, site.id)
        for pid, qty in returning.items():
            if qty > on_hand[pid]:
                raise UserError(N_("Only {available} of this product are on hand to return."),
                                available=format_quantity_plain(max(on_hand[pid], 0)))
    doc = {
        "kind": kind.value, "site_id": site.id,
        "cooperative_id": cooperative.id if cooperative else None,
        "created_at": utc_text(at or utc_now()), "user_id": actor_id(actor), "reason": reason,
        "note": text.clean_optional(note, field="note"),
    }
    doc_id = uow.ledger.append_stock_doc(doc, rows)
    log_event(uow, actor, f"stock_{kind.value}", site=site.code, lines=len(rows),
              cooperative=cooperative.code if cooperative else None, reason=reason)
    return doc_id


def record(
    db: Database, actor: User, kind: StockKind, site_code: str, cooperative_code: str | None,
    lines: Sequence[StockInput], reason: str = "", note: str = "",
) -> StockDocument:
    """Record a deposit slip, a return slip or an adjustment, and return it numbered."""
    with db.write() as uow:
        doc_id = record_stock_document(uow, actor, kind, site_code, cooperative_code, lines,
                                       reason, note)
        doc = uow.ledger.stock_doc(doc_id)
        uow.commit()
    return doc


def levels(db: Database, site_code: str | None = None) -> list[StockLevel]:
    """Stock on hand per site and product."""
    with db.read() as uow:
        site_id = require_site(uow, site_code).id if site_code else None
        return uow.queries.stock_levels(site_id)
