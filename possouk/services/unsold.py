"""The unsold stock of each cooperative at the end of an edition, and handing it back.

See :mod:`possouk.domain.unsold` for the statement's figures. Handing the goods back
records one return slip per cooperative of what remains on hand at the site *now*
(whatever the period looked at), so the slip never gives back more than the shelves
hold; the statement and the slip are both printed for the cooperative to sign.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from possouk.domain.calendar import day_start, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import StockDocument, StockKind, User
from possouk.domain.permissions import Permission, require
from possouk.domain.unsold import UnsoldStock
from possouk.services.catalog import require_cooperative
from possouk.services.setup import require_site
from possouk.services.stock import StockInput, record_stock_document
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

__all__ = ["hand_back", "unsold_pdf", "unsold_stock", "unsold_stocks"]


def _check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise UserError(N_("The period ends before it starts ({start} to {end})."),
                        start=start.isoformat(), end=end.isoformat())


def _bounds(uow: UnitOfWork, start: date | None, end: date | None) -> tuple[str | None, str | None]:
    """The period's business days as UTC text bounds: [first moment of start, of end + 1)."""
    cutoff = uow.store.store().day_cutoff_minutes
    return (utc_text(day_start(start, cutoff)) if start else None,
            utc_text(day_start(end + timedelta(days=1), cutoff)) if end else None)


def unsold_stocks(db: Database, site_code: str, start: date | None = None,
                  end: date | None = None, cooperative_code: str | None = None) -> list[UnsoldStock]:
    """The unsold stock statement of every cooperative whose goods moved at the site (or of
    the one given), in code order."""
    _check_period(start, end)
    with db.read() as uow:
        site = require_site(uow, site_code)
        only = require_cooperative(uow, cooperative_code).id if cooperative_code else None
        start_at, end_at = _bounds(uow, start, end)
        found = uow.reports.unsold(site.id, only, start_at, end_at)
        return [UnsoldStock(c.code, site.code, start, end, tuple(found[c.id]))
                for c in sorted(uow.catalog.cooperatives(), key=lambda c: c.code)
                if c.id in found]


def unsold_stock(db: Database, cooperative_code: str, site_code: str, start: date | None = None,
                 end: date | None = None) -> UnsoldStock:
    """One cooperative's statement (empty when none of its goods ever moved at the site)."""
    found = unsold_stocks(db, site_code, start, end, cooperative_code)
    if found:
        return found[0]
    with db.read() as uow:
        code = require_cooperative(uow, cooperative_code).code
    return UnsoldStock(code, site_code.strip().upper(), start, end, ())


def hand_back(db: Database, user: User, cooperative_code: str, site_code: str, *,
              at: datetime | None = None) -> StockDocument:
    """Record the return slip of everything of the cooperative still on hand at the site."""
    require(user, Permission.MANAGE_STOCK)
    with db.write() as uow:
        site = require_site(uow, site_code)
        cooperative = require_cooperative(uow, cooperative_code)
        rows = uow.reports.unsold(site.id, cooperative.id, None, None).get(cooperative.id, [])
        lines = [StockInput(p.sku, p.to_return) for p in rows if p.to_return > 0]
        if not lines:
            raise UserError(N_("Nothing of {code} remains at site {site}: there is nothing to "
                               "hand back."), code=cooperative.code, site=site.code)
        doc_id = record_stock_document(uow, user, StockKind.RETURN, site.code, cooperative.code,
                                       lines, at=at or utc_now())
        doc = uow.ledger.stock_doc(doc_id)
        uow.commit()
        return doc


def unsold_pdf(db: Database, stock: UnsoldStock, *, printed_at: datetime | None = None) -> bytes:
    """The statement as a bilingual A4 PDF."""
    from possouk.reports.unsold_stock import unsold_stock_pdf  # reportlab loads on first use

    with db.read() as uow:
        store = uow.store.store()
        site = require_site(uow, stock.site_code)
        cooperative = require_cooperative(uow, stock.cooperative_code)
    return unsold_stock_pdf(stock, store, site, cooperative, printed_at or utc_now())
