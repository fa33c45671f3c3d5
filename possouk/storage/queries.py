"""Read-side queries that return plain rows for listings, exports and summaries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from possouk.domain.model import StockLevel, Unit
from possouk.storage.schema import (
    cooperatives,
    products,
    registers,
    sales,
    sites,
    stock_movements,
    users,
)


class Queries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def stock_levels(self, site_id: int | None = None) -> list[StockLevel]:
        """On-hand quantity per site and product (products with any movement)."""
        totals = (
            select(
                stock_movements.c.site_id,
                stock_movements.c.product_id,
                func.sum(stock_movements.c.quantity).label("on_hand"),
            )
            .group_by(stock_movements.c.site_id, stock_movements.c.product_id)
        )
        if site_id is not None:
            totals = totals.where(stock_movements.c.site_id == site_id)
        sub = totals.subquery()
        query = (
            select(
                sites.c.code.label("site_code"), products.c.id, products.c.sku,
                products.c.name_ar, products.c.name_fr, products.c.unit,
                cooperatives.c.code.label("cooperative_code"), sub.c.on_hand,
            )
            .join(products, products.c.id == sub.c.product_id)
            .join(sites, sites.c.id == sub.c.site_id)
            .join(cooperatives, cooperatives.c.id == products.c.cooperative_id)
            .order_by(sites.c.code, cooperatives.c.code, products.c.sku)
        )
        return [
            StockLevel(r.site_code, r.id, r.sku, r.name_ar, r.name_fr, r.cooperative_code,
                       Unit(r.unit), int(r.on_hand))
            for r in self.conn.execute(query)
        ]

    def counts(self) -> dict[str, int]:
        """How many rows of each main kind the ledger holds (for the status summary)."""
        def count(table: Any) -> int:
            return int(self.conn.scalar(select(func.count()).select_from(table)) or 0)

        return {
            "sites": count(sites), "registers": count(registers),
            "cooperatives": count(cooperatives), "products": count(products),
            "users": count(users),
            "sales": int(self.conn.scalar(
                select(func.count()).select_from(sales).where(sales.c.kind == "sale")) or 0),
            "refunds": int(self.conn.scalar(
                select(func.count()).select_from(sales).where(sales.c.kind == "refund")) or 0),
        }
