"""The back office's cooperatives: the list with their figures, edits, deactivation.

A cooperative is created as on the command line (:func:`possouk.services.catalog.add_cooperative`,
the same validation). Editing validates every field the same way
(:func:`possouk.services.catalog.cooperative_row`). Its code names it on every document
printed so far, so it never changes; a cooperative is never deleted either: one whose
goods were all sold or handed back is **deactivated** — nothing more can be deposited for
it, its history and statements stay, and it can be brought back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from possouk.domain.errors import N_, UserError
from possouk.domain.model import Cooperative, User
from possouk.domain.money import Centimes
from possouk.domain.permissions import Permission, require
from possouk.services.catalog import CooperativeDraft, cooperative_row
from possouk.services.events import log_event
from possouk.storage.cooperative_admin_repo import CooperativeAdminRepo
from possouk.storage.uow import Database, UnitOfWork

__all__ = ["CooperativeFigures", "draft_of", "overview", "set_active", "update_cooperative"]


@dataclass(frozen=True)
class CooperativeFigures:
    """A cooperative with what the back office's table shows beside it."""

    cooperative: Cooperative
    products: int
    stock_value: Centimes  # its goods on the shelves of every site, at today's prices
    net_sales: Centimes  # sold minus refunded, so far


def overview(db: Database) -> list[CooperativeFigures]:
    """Every cooperative (active or not) with its figures, in code order."""
    with db.read() as uow:
        extra = CooperativeAdminRepo(uow.connection)
        sales, counts, shelves = extra.net_sales(), extra.product_counts(), extra.on_shelves()
        return [CooperativeFigures(c, counts.get(c.id, 0), shelves.get(c.id, (0, 0))[1],
                                   sales.get(c.id, 0))
                for c in uow.catalog.cooperatives()]


def draft_of(cooperative: Cooperative) -> CooperativeDraft:
    """The cooperative as a form's content."""
    return CooperativeDraft(
        code=cooperative.code, name_ar=cooperative.name_ar, name_fr=cooperative.name_fr,
        registration=cooperative.registration, ice=cooperative.ice, province=cooperative.province,
        phone=cooperative.phone, contact=cooperative.contact, rib=cooperative.rib,
        commission=cooperative.commission, minimum_payout=cooperative.minimum_payout,
        women_led=cooperative.women_led, youth_led=cooperative.youth_led)


def _cooperative(uow: UnitOfWork, code: str) -> Cooperative:
    found = uow.catalog.cooperative_by_code(code.strip())
    if found is None:
        raise UserError(N_("There is no cooperative with the code {code}."), code=code)
    return found


def update_cooperative(db: Database, actor: User, code: str, draft: CooperativeDraft) -> Cooperative:
    """Replace the cooperative's details by ``draft``'s, validated as on creation. The code
    stays; a new commission rate counts for the lines sold from now on (each line keeps the
    rate it was sold at)."""
    require(actor, Permission.MANAGE_CATALOG)
    with db.write() as uow:
        current = _cooperative(uow, code)
        if draft.code.strip() != current.code:
            raise UserError(N_("The code of a cooperative never changes: it is printed on its "
                               "documents. Create another cooperative instead."))
        row = cooperative_row(replace(draft, code=current.code),
                              uow.store.store().default_commission)
        row.pop("active")
        row.pop("code")
        uow.catalog.update_cooperative(current.id, row)
        changed = sorted(k for k, v in row.items()
                         if v != getattr(current, "commission" if k == "commission_bp" else k))
        log_event(uow, actor, "cooperative_changed", cooperative=current.code, fields=changed)
        updated = uow.catalog.cooperative(current.id)
        uow.commit()
        return updated


def set_active(db: Database, actor: User, code: str, active: bool) -> Cooperative:
    """Deactivate (or bring back) a cooperative. Refused while goods of it are still on the
    shelves of a site: they are handed back first (``possouk unsold --hand-back``)."""
    require(actor, Permission.MANAGE_CATALOG)
    with db.write() as uow:
        current = _cooperative(uow, code)
        if not active:
            left = CooperativeAdminRepo(uow.connection).on_shelves().get(current.id)
            if left is not None:
                raise UserError(N_("{code} still has {count} products on the shelves: hand its "
                                   "goods back before deactivating it."),
                                code=current.code, count=left[0])
        uow.catalog.update_cooperative(current.id, {"active": active})
        log_event(uow, actor, "cooperative_activated" if active else "cooperative_deactivated",
                  cooperative=current.code)
        updated = uow.catalog.cooperative(current.id)
        uow.commit()
        return updated
