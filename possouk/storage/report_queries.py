"""The reports' sums, one GROUP BY each, over the sale lines of a period (see possouk.domain.report).

Rows come back keyed and split by commission rate and by kind (sale or refund),
so that the service computes the commission once per rate, as closings do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, distinct, func, select

from possouk.domain.model import SaleKind
from possouk.domain.money import line_total
from possouk.domain.report import Dimension, StockRow
from possouk.storage.money_sql import line_commission
from possouk.storage.schema import (
    cooperatives,
    products,
    registers,
    sale_lines,
    sales,
    sites,
    stock_movements,
    users,
)

__all__ = ["Grouped", "ReportQueries"]


@dataclass
class Grouped:
    """One row's sums: net and commission of the lines sold and of those given back."""

    name_ar: str = ""
    name_fr: str = ""
    receipts: int = 0
    quantity: int = 0
    sales: int = 0
    sales_commission: int = 0
    refunds: int = 0  # positive
    refunds_commission: int = 0  # positive


def _period(start: date, end: date, site_id: int | None) -> ColumnElement[bool]:
    where = and_(sales.c.business_day >= start.isoformat(), sales.c.business_day <= end.isoformat())
    if site_id is not None:
        where = and_(where, sales.c.register_id.in_(
            select(registers.c.id).where(registers.c.site_id == site_id)))
    return where


class ReportQueries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def sales_by(self, dimension: Dimension, start: date, end: date,
                 site_id: int | None) -> dict[str, Grouped]:
        """Sums per key of ``dimension`` (for HOUR the key is the UTC hour "2026-05-11T09").

        Where the key is a row of another table (cooperative, product, register, site,
        cashier) the lines are grouped by its id and the names read apart afterwards: joining
        a million lines to those tables costs more than the sums.
        """
        key: Any
        query_from: Any = sale_lines.join(sales, sales.c.id == sale_lines.c.sale_id)
        names: dict[Any, tuple[str, str, str]] | None = None
        if dimension is Dimension.COOPERATIVE:
            key = sale_lines.c.cooperative_id
            names = {i: (str(c), str(a), str(f)) for i, c, a, f in self.conn.execute(
                select(cooperatives.c.id, cooperatives.c.code, cooperatives.c.name_ar,
                       cooperatives.c.name_fr))}
        elif dimension is Dimension.PRODUCT:
            key = sale_lines.c.product_id
        elif dimension is Dimension.CATEGORY:  # the receipts must count once per category
            query_from = query_from.join(products, products.c.id == sale_lines.c.product_id)
            key = products.c.category
        elif dimension is Dimension.SITE:
            query_from = query_from.join(registers, registers.c.id == sales.c.register_id)
            key = registers.c.site_id
            names = {i: (str(c), str(a), str(f)) for i, c, a, f in self.conn.execute(
                select(sites.c.id, sites.c.code, sites.c.name_ar, sites.c.name_fr))}
        elif dimension is Dimension.REGISTER:
            key = sales.c.register_id
            names = {i: (str(c), str(c), str(c)) for i, c in self.conn.execute(
                select(registers.c.id, registers.c.code))}
        elif dimension is Dimension.CASHIER:
            key = sales.c.cashier_id
            names = {i: (str(c), str(n), str(n)) for i, c, n in self.conn.execute(
                select(users.c.id, users.c.login, users.c.display_name))}
        elif dimension is Dimension.DAY:
            key = sales.c.business_day
        else:  # HOUR: the UTC hour; the service turns it into the store's local hour
            key = func.substr(sales.c.created_at, 1, 13)
        by_key: dict[Any, Grouped] = {}
        statement = (
            select(key, sales.c.kind, func.count(distinct(sales.c.id)),
                   func.sum(sale_lines.c.quantity), func.sum(sale_lines.c.net),
                   func.sum(line_commission(sale_lines.c.net, sale_lines.c.commission_bp)))
            .select_from(query_from).where(_period(start, end, site_id))
            .group_by(key, sales.c.kind)
        )
        for k, kind, receipts, quantity, net, commission in self.conn.execute(statement):
            row = by_key.setdefault(k, Grouped())
            row.quantity += int(quantity or 0)  # refund lines are negative: what came back
            if kind == SaleKind.SALE.value:
                row.receipts += int(receipts)
                row.sales += int(net or 0)
                row.sales_commission += int(commission or 0)
            else:
                row.refunds -= int(net or 0)
                row.refunds_commission -= int(commission or 0)
        if dimension is Dimension.PRODUCT and by_key:
            names = {i: (str(s), str(a), str(f)) for i, s, a, f in self.conn.execute(
                select(products.c.id, products.c.sku, products.c.name_ar, products.c.name_fr)
                .where(products.c.id.in_(list(by_key))))}
        grouped: dict[str, Grouped] = {}
        for k, row in by_key.items():
            code, row.name_ar, row.name_fr = names[k] if names else (str(k), str(k), str(k))
            grouped[code] = row
        return grouped

    def receipts(self, start: date, end: date, site_id: int | None) -> int:
        """The sales (not refunds) of the period."""
        return int(self.conn.scalar(
            select(func.count()).select_from(sales)
            .where(_period(start, end, site_id), sales.c.kind == SaleKind.SALE.value)) or 0)

    def receipts_per_day(self, start: date, end: date, site_id: int | None) -> dict[str, int]:
        return {str(d): int(n) for d, n in self.conn.execute(
            select(sales.c.business_day, func.count()).select_from(sales)
            .where(_period(start, end, site_id), sales.c.kind == SaleKind.SALE.value)
            .group_by(sales.c.business_day).order_by(sales.c.business_day))}

    def products_sold(self, start: date, end: date, site_id: int | None) -> int:
        return int(self.conn.scalar(
            select(func.count(distinct(sale_lines.c.product_id)))
            .select_from(sale_lines.join(sales, sales.c.id == sale_lines.c.sale_id))
            .where(_period(start, end, site_id), sales.c.kind == SaleKind.SALE.value)) or 0)

    def cooperative_facts(self) -> dict[str, tuple[str, bool, bool, bool]]:
        """Per cooperative code: (province, women-led, youth-led, active)."""
        return {str(code): (str(province or ""), bool(women), bool(youth), bool(active))
                for code, province, women, youth, active in self.conn.execute(
                    select(cooperatives.c.code, cooperatives.c.province, cooperatives.c.women_led,
                           cooperatives.c.youth_led, cooperatives.c.active))}

    def stock_left(self, site_id: int | None) -> list[StockRow]:
        """Per cooperative: products with stock left and their value at shelf prices."""
        moves = select(stock_movements.c.product_id,
                       func.sum(stock_movements.c.quantity).label("on_hand"))
        if site_id is not None:
            moves = moves.where(stock_movements.c.site_id == site_id)
        on_hand = moves.group_by(stock_movements.c.product_id).subquery()
        found: dict[str, list[Any]] = defaultdict(lambda: ["", "", 0, 0])
        for code, ar, fr, quantity, price in self.conn.execute(
                select(cooperatives.c.code, cooperatives.c.name_ar, cooperatives.c.name_fr,
                       on_hand.c.on_hand, products.c.price)
                .select_from(on_hand.join(products, products.c.id == on_hand.c.product_id)
                             .join(cooperatives, cooperatives.c.id == products.c.cooperative_id))
                .where(on_hand.c.on_hand > 0)):
            row = found[str(code)]
            row[0], row[1] = str(ar), str(fr)
            row[2] += 1
            row[3] += line_total(int(quantity), int(price))
        return [StockRow(code, r[0], r[1], r[2], r[3]) for code, r in sorted(found.items())]
