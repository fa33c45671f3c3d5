"""What the back office shows of each cooperative beyond its record: sales so far, history."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from possouk.domain.money import line_total
from possouk.storage.schema import (
    products,
    sale_lines,
    stock_docs,
    stock_movements,
    summary_cooperatives,
)

__all__ = ["CooperativeAdminRepo"]


class CooperativeAdminRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def net_sales(self) -> dict[int, int]:
        """Per cooperative: sales minus refunds so far (the running sums kept with each sale)."""
        return {int(c): int(n) for c, n in self.conn.execute(
            select(summary_cooperatives.c.cooperative_id, func.sum(summary_cooperatives.c.net))
            .group_by(summary_cooperatives.c.cooperative_id))}

    def product_counts(self) -> dict[int, int]:
        return {int(c): int(n) for c, n in self.conn.execute(
            select(products.c.cooperative_id, func.count()).group_by(products.c.cooperative_id))}

    def has_history(self, cooperative_id: int) -> bool:
        """Whether anything was sold or deposited for the cooperative (it can never be deleted)."""
        sold = self.conn.scalar(select(sale_lines.c.id)
                                .where(sale_lines.c.cooperative_id == cooperative_id).limit(1))
        moved = self.conn.scalar(select(stock_docs.c.id)
                                 .where(stock_docs.c.cooperative_id == cooperative_id).limit(1))
        return sold is not None or moved is not None

    def on_shelves(self) -> dict[int, tuple[int, int]]:
        """Per cooperative: the products with goods on a site's shelves and their value at
        today's prices, site by site (what a site oversold never hides what another holds)."""
        per_site = (
            select(stock_movements.c.site_id, stock_movements.c.product_id,
                   func.sum(stock_movements.c.quantity).label("on_hand"))
            .group_by(stock_movements.c.site_id, stock_movements.c.product_id)
        ).subquery()
        found: dict[int, tuple[int, int]] = {}
        for coop, quantity, price in self.conn.execute(
                select(products.c.cooperative_id, per_site.c.on_hand, products.c.price)
                .join(products, products.c.id == per_site.c.product_id)
                .where(per_site.c.on_hand > 0)):
            count, value = found.get(int(coop), (0, 0))
            found[int(coop)] = (count + 1, value + line_total(int(quantity), int(price)))
        return found
