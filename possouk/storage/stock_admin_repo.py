"""The back office's stock queries: each product's movements at each site, summed per kind.

One grouped query over ``stock_movements`` (by site, product and kind), joined to the
products, their cooperatives and the sites; the services turn the sums into what is on
hand, deposited, sold, returned and adjusted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from possouk.domain.model import Unit
from possouk.storage.schema import cooperatives, products, sites, stock_movements

__all__ = ["ProductMoves", "StockAdminRepo"]


@dataclass
class ProductMoves:
    """One product at one site: its names, price, cooperative and its movements per kind
    (signed sums in thousandths, keyed by the movement's kind: intake, sale, return…)."""

    site_code: str
    site_name_ar: str
    site_name_fr: str
    cooperative_code: str
    cooperative_name_ar: str
    cooperative_name_fr: str
    product_id: int
    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    unit: Unit
    price: int
    active: bool
    sums: dict[str, int] = field(default_factory=dict)


class StockAdminRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def moves(self, site_id: int | None = None, cooperative_id: int | None = None) -> list[ProductMoves]:
        """Every product with a movement at the site (or at any site), of the cooperative (or of
        any), with its sums per kind; in site, cooperative and sku order."""
        move = stock_movements.c
        totals = (select(move.site_id, move.product_id, move.kind, func.sum(move.quantity).label("qty"))
                  .group_by(move.site_id, move.product_id, move.kind))
        if site_id is not None:
            totals = totals.where(move.site_id == site_id)
        if cooperative_id is not None:
            totals = totals.join(products, products.c.id == move.product_id).where(
                products.c.cooperative_id == cooperative_id)
        sub = totals.subquery()
        query = (
            select(sites.c.code.label("site_code"), sites.c.name_ar.label("site_ar"),
                   sites.c.name_fr.label("site_fr"), cooperatives.c.code.label("coop_code"),
                   cooperatives.c.name_ar.label("coop_ar"), cooperatives.c.name_fr.label("coop_fr"),
                   products.c.id, products.c.sku, products.c.barcode, products.c.name_ar,
                   products.c.name_fr, products.c.unit, products.c.price, products.c.active,
                   sub.c.kind, sub.c.qty)
            .join(products, products.c.id == sub.c.product_id)
            .join(sites, sites.c.id == sub.c.site_id)
            .join(cooperatives, cooperatives.c.id == products.c.cooperative_id)
            .order_by(sites.c.code, cooperatives.c.code, products.c.sku)
        )
        found: dict[tuple[str, int], ProductMoves] = {}
        sums: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
        for r in self.conn.execute(query):
            key = (str(r.site_code), int(r.id))
            if key not in found:
                found[key] = ProductMoves(
                    r.site_code, r.site_ar, r.site_fr, r.coop_code, r.coop_ar, r.coop_fr, int(r.id),
                    r.sku, r.barcode or "", r.name_ar, r.name_fr, Unit(r.unit), int(r.price),
                    bool(r.active))
            sums[key][str(r.kind)] = sums[key].get(str(r.kind), 0) + int(r.qty or 0)
        for key, moves in found.items():
            moves.sums = sums[key]
        return list(found.values())
