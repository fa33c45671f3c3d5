"""The reports' sums, one GROUP BY each, over the sale lines of a period (see possouk.domain.report).

Rows come back keyed and split by commission rate and by kind (sale or refund),
so that the service computes the commission once per rate, as closings do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, case, distinct, func, literal, select

from possouk.domain.model import SaleKind, StockKind, Unit
from possouk.domain.money import line_total
from possouk.domain.report import Dimension, StockRow
from possouk.domain.unsold import UnsoldProduct
from possouk.storage.money_sql import line_commission
from possouk.storage.schema import (
    cooperatives,
    products,
    registers,
    sale_lines,
    sales,
    sites,
    stock_movements,
    summary_categories,
    summary_cooperatives,
    summary_products,
    summary_receipts,
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

    def add(self, kind: str, receipts: Any, quantity: Any, net: Any, commission: Any) -> None:
        """Add one grouped row of sales or refunds (SQL sums: None for nothing)."""
        self.quantity += int(quantity or 0)  # refund lines are negative: what came back
        if kind == SaleKind.SALE.value:
            self.receipts += int(receipts or 0)
            self.sales += int(net or 0)
            self.sales_commission += int(commission or 0)
        else:
            self.refunds -= int(net or 0)
            self.refunds_commission -= int(commission or 0)


def _period(start: date, end: date, site_id: int | None) -> ColumnElement[bool]:
    where = and_(sales.c.business_day >= start.isoformat(), sales.c.business_day <= end.isoformat())
    if site_id is not None:
        where = and_(where, sales.c.register_id.in_(
            select(registers.c.id).where(registers.c.site_id == site_id)))
    return where


def _summary_period(table: Table, start: date, end: date, site_id: int | None) -> ColumnElement[bool]:
    condition = and_(table.c.business_day >= start.isoformat(), table.c.business_day <= end.isoformat())
    if site_id is not None:
        condition = and_(condition, table.c.register_id.in_(
            select(registers.c.id).where(registers.c.site_id == site_id)))
    return condition


class ReportQueries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def sales_by(self, dimension: Dimension, start: date, end: date,
                 site_id: int | None) -> dict[str, Grouped]:
        """Sums per key of ``dimension``: from the running sums (possouk.storage.summary_repo),
        by product from the sale lines themselves. The hour is the store's local hour ("09")."""
        if dimension is Dimension.PRODUCT:
            return self._products(start, end, site_id)
        return self._sales_by_summary(dimension, start, end, site_id)

    def _products(self, start: date, end: date, site_id: int | None) -> dict[str, Grouped]:
        table = summary_products
        by_id: dict[int, Grouped] = {}
        for product_id, kind, receipts, quantity, net, commission in self.conn.execute(
                select(table.c.product_id, table.c.kind, func.sum(table.c.receipts),
                       func.sum(table.c.quantity), func.sum(table.c.net),
                       func.sum(table.c.commission))
                .where(_summary_period(table, start, end, site_id))
                .group_by(table.c.product_id, table.c.kind)):
            by_id.setdefault(int(product_id), Grouped()).add(kind, receipts, quantity, net, commission)
        grouped: dict[str, Grouped] = {}
        if by_id:
            for product_id, sku, name_ar, name_fr in self.conn.execute(
                    select(products.c.id, products.c.sku, products.c.name_ar, products.c.name_fr)
                    .where(products.c.id.in_(list(by_id)))):
                row = by_id[int(product_id)]
                row.name_ar, row.name_fr = str(name_ar), str(name_fr)
                grouped[str(sku)] = row
        return grouped

    def _names(self, dimension: Dimension) -> dict[Any, tuple[str, str, str]] | None:
        if dimension is Dimension.COOPERATIVE:
            return {i: (str(c), str(a), str(f)) for i, c, a, f in self.conn.execute(
                select(cooperatives.c.id, cooperatives.c.code, cooperatives.c.name_ar,
                       cooperatives.c.name_fr))}
        if dimension is Dimension.SITE:
            return {i: (str(c), str(a), str(f)) for i, c, a, f in self.conn.execute(
                select(sites.c.id, sites.c.code, sites.c.name_ar, sites.c.name_fr))}
        if dimension is Dimension.REGISTER:
            return {i: (str(c), str(c), str(c)) for i, c in self.conn.execute(
                select(registers.c.id, registers.c.code))}
        if dimension is Dimension.CASHIER:
            return {i: (str(c), str(n), str(n)) for i, c, n in self.conn.execute(
                select(users.c.id, users.c.login, users.c.display_name))}
        return None

    def _sales_by_summary(self, dimension: Dimension, start: date, end: date,
                          site_id: int | None) -> dict[str, Grouped]:
        money = summary_categories if dimension is Dimension.CATEGORY else summary_cooperatives

        def where(table: Table) -> ColumnElement[bool]:
            return _summary_period(table, start, end, site_id)

        def key_of(table: Table) -> Any:
            return {Dimension.COOPERATIVE: table.c.get("cooperative_id"),
                    Dimension.CATEGORY: table.c.get("category"),
                    Dimension.SITE: registers.c.site_id, Dimension.REGISTER: table.c.register_id,
                    Dimension.CASHIER: table.c.cashier_id, Dimension.DAY: table.c.business_day,
                    Dimension.HOUR: table.c.hour}[dimension]

        def source(table: Table) -> Any:
            if dimension is Dimension.SITE:
                return table.join(registers, registers.c.id == table.c.register_id)
            return table

        by_key: dict[Any, Grouped] = {}
        key = key_of(money)
        for k, kind, receipts, net, commission in self.conn.execute(
                select(key, money.c.kind, func.sum(money.c.receipts), func.sum(money.c.net),
                       func.sum(money.c.commission))
                .select_from(source(money)).where(where(money)).group_by(key, money.c.kind)):
            by_key.setdefault(k, Grouped()).add(kind, receipts, 0, net, commission)
        if dimension not in (Dimension.COOPERATIVE, Dimension.CATEGORY):
            # a receipt holds several cooperatives' goods: its own count, once
            for row in by_key.values():
                row.receipts = 0
            key = key_of(summary_receipts)
            for k, receipts in self.conn.execute(
                    select(key, func.sum(summary_receipts.c.receipts))
                    .select_from(source(summary_receipts))
                    .where(where(summary_receipts), summary_receipts.c.kind == SaleKind.SALE.value)
                    .group_by(key)):
                by_key.setdefault(k, Grouped()).receipts = int(receipts or 0)
        names = self._names(dimension)
        grouped: dict[str, Grouped] = {}
        for k, row in by_key.items():
            text = f"{k:02d}" if dimension is Dimension.HOUR else str(k)
            code, row.name_ar, row.name_fr = names[k] if names else (text, text, text)
            grouped[code] = row
        return grouped

    def sales_by_lines(self, dimension: Dimension, start: date, end: date,
                       site_id: int | None) -> dict[str, Grouped]:
        """Sums per key of ``dimension`` read from the sale lines (for HOUR the key is the UTC
        hour "2026-05-11T09"): the product report, and the check of the running sums.

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
            by_key.setdefault(k, Grouped()).add(kind, receipts, quantity, net, commission)
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
        return sum(self.receipts_per_day(start, end, site_id).values())

    def receipts_per_day(self, start: date, end: date, site_id: int | None) -> dict[str, int]:
        table = summary_receipts
        return {str(d): int(n) for d, n in self.conn.execute(
            select(table.c.business_day, func.sum(table.c.receipts))
            .where(_summary_period(table, start, end, site_id), table.c.kind == SaleKind.SALE.value)
            .group_by(table.c.business_day).order_by(table.c.business_day))}

    def products_sold(self, start: date, end: date, site_id: int | None) -> int:
        table = summary_products
        return int(self.conn.scalar(
            select(func.count(distinct(table.c.product_id)))
            .where(_summary_period(table, start, end, site_id),
                   table.c.kind == SaleKind.SALE.value)) or 0)

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

    def unsold(self, site_id: int, cooperative_id: int | None, start_at: str | None,
               end_at: str | None) -> dict[int, list[UnsoldProduct]]:
        """Per cooperative (or only the one given): its products' stock movements at the site
        before ``end_at`` (UTC text, excluded), summed per kind; those before ``start_at`` make
        the opening quantity. Products without any movement there are left out."""
        move = stock_movements.c
        bucket = move.kind if start_at is None else case(
            (move.created_at < start_at, literal("opening")), else_=move.kind)
        query = (select(products.c.cooperative_id, move.product_id, bucket.label("bucket"),
                        func.sum(move.quantity))
                 .join(products, products.c.id == move.product_id)
                 .where(move.site_id == site_id)
                 .group_by(products.c.cooperative_id, move.product_id, bucket))
        if cooperative_id is not None:
            query = query.where(products.c.cooperative_id == cooperative_id)
        if end_at is not None:
            query = query.where(move.created_at < end_at)
        sums: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
        for coop, product, kind, quantity in self.conn.execute(query):
            sums[(int(coop), int(product))][str(kind)] = int(quantity)
        if not sums:
            return {}
        names = {int(r.id): r for r in self.conn.execute(
            select(products.c.id, products.c.sku, products.c.name_ar, products.c.name_fr,
                   products.c.unit, products.c.price)
            .where(products.c.id.in_({p for _c, p in sums})))}
        found: dict[int, list[UnsoldProduct]] = defaultdict(list)
        for (coop, product), kinds in sums.items():
            r = names[product]
            found[coop].append(UnsoldProduct(
                sku=r.sku, name_ar=r.name_ar, name_fr=r.name_fr, unit=Unit(r.unit), price=r.price,
                opening=kinds.get("opening", 0), deposited=kinds.get(StockKind.INTAKE.value, 0),
                sold=-kinds.get(StockKind.SALE.value, 0) - kinds.get(StockKind.REFUND.value, 0),
                returned=-kinds.get(StockKind.RETURN.value, 0),
                adjusted=kinds.get(StockKind.ADJUSTMENT.value, 0)))
        return {coop: sorted(rows, key=lambda p: p.sku) for coop, rows in found.items()}
