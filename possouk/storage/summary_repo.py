"""Running sums of the receipts, for reports that must answer at once over millions of lines.

Every sale and refund adds itself to three small tables in its own transaction
(:meth:`SummaryRepo.add_sale`, called by the ledger when it writes a sale):

- ``summary_receipts``: receipts per business day, register, local hour, cashier and kind;
- ``summary_cooperatives``: per the same key and cooperative, the receipts holding its
  goods, the net of its lines and the store's commission on them;
- ``summary_categories``: the same per category (the product's category when sold);
- ``summary_products``: per business day, register, kind and product, the receipts holding
  it, the quantity, the net and the commission (no hour: products are many).

A receipt belongs to one day, register, hour and cashier, so summing receipts over those
keys is exact. The sums are derived data: :meth:`SummaryRepo.rebuild` makes them again
from the sales (after an upgrade, or for data written without possouk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, delete, distinct, func, insert, select, true
from sqlalchemy.dialects import postgresql, sqlite

from possouk.domain.calendar import STORE_TIMEZONE
from possouk.domain.closing import line_commission
from possouk.storage.engine import Prepared, numbered, numbered_values
from possouk.storage.money_sql import line_commission as line_commission_sql
from possouk.storage.rows import parse_utc
from possouk.storage.schema import (
    products,
    sale_lines,
    sales,
    summary_categories,
    summary_cooperatives,
    summary_products,
    summary_receipts,
)

__all__ = ["SummaryRepo", "local_hour"]

_KEY = ("business_day", "register_id", "hour", "cashier_id", "kind")


def local_hour(created_at: str) -> int:
    """The store's local hour of day of a stored UTC time."""
    return parse_utc(created_at).astimezone(STORE_TIMEZONE).hour


def _local_hour_of(utc_hour: str) -> int:
    """``2026-05-11T09`` (a UTC hour) → the store's local hour of day."""
    return datetime.fromisoformat(utc_hour + ":00:00+00:00").astimezone(STORE_TIMEZONE).hour


@lru_cache(maxsize=16)
def _upsert(table_name: str, dialect_name: str) -> Prepared:
    """Insert a summary row, or add its sums to the row already there for the same key."""
    table = {t.name: t for t in (summary_receipts, summary_cooperatives, summary_categories,
                                 summary_products)}[table_name]
    statement: Any = (postgresql.insert(table) if dialect_name == "postgresql"
                      else sqlite.insert(table))
    sums = [c for c in ("receipts", "quantity", "net", "commission") if c in table.c]
    statement = statement.on_conflict_do_update(
        index_elements=[c.name for c in table.c if c.name not in sums],
        set_={name: table.c[name] + statement.excluded[name] for name in sums})
    return Prepared(statement, [c.name for c in table.c])


@lru_cache(maxsize=64)
def _categories(count: int) -> Prepared:
    return Prepared(select(products.c.id, products.c.category)
                    .where(products.c.id.in_(numbered("product", count))))


class SummaryRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _add(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            _upsert(table.name, self.conn.dialect.name).many(self.conn, rows)

    def add_sale(self, sale: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> None:
        """Count one sale or refund just written (``sale`` and ``lines`` as stored)."""
        key = {"business_day": sale["business_day"], "register_id": sale["register_id"],
               "hour": local_hour(sale["created_at"]), "cashier_id": sale["cashier_id"],
               "kind": sale["kind"]}
        self._add(summary_receipts, [{**key, "receipts": 1}])
        ids = sorted({int(line["product_id"]) for line in lines})
        categories = {int(i): str(c) for i, c in _categories(len(ids)).all(
            self.conn, numbered_values("product", ids))} if ids else {}
        by_coop: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_product: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        for line in lines:
            net, rate = int(line["net"]), int(line["commission_bp"])
            commission = line_commission(net, rate)
            for sums in (by_coop[int(line["cooperative_id"])],
                         by_category[categories.get(int(line["product_id"]), "")]):
                sums[0] += net
                sums[1] += commission
            product = by_product[int(line["product_id"])]
            product[0] += net
            product[1] += commission
            product[2] += int(line["quantity"])
        self._add(summary_cooperatives,
                  [{**key, "cooperative_id": c, "receipts": 1, "net": s[0], "commission": s[1]}
                   for c, s in by_coop.items()])
        self._add(summary_categories,
                  [{**key, "category": c, "receipts": 1, "net": s[0], "commission": s[1]}
                   for c, s in by_category.items()])
        self._add(summary_products,
                  [{"business_day": key["business_day"], "register_id": key["register_id"],
                    "kind": key["kind"], "product_id": p, "receipts": 1, "quantity": s[2],
                    "net": s[0], "commission": s[1]} for p, s in by_product.items()])

    def rebuild(self, register_ids: Collection[int] | None = None) -> None:
        """Make the tables again from every sale and refund in the ledger (of the registers
        ``register_ids`` only, when given: a site's sales just imported)."""
        only: Any = sales.c.register_id.in_(sorted(register_ids)) if register_ids else true()
        for table in (summary_receipts, summary_cooperatives, summary_categories, summary_products):
            self.conn.execute(delete(table).where(
                table.c.register_id.in_(sorted(register_ids)) if register_ids else true()))
        utc_hour = func.substr(sales.c.created_at, 1, 13)
        key = (sales.c.business_day, sales.c.register_id, utc_hour, sales.c.cashier_id, sales.c.kind)
        receipts = self.conn.execute(select(*key, func.count()).where(only).group_by(*key))
        self._insert_folded(summary_receipts, ("receipts",), receipts)
        of_lines = sale_lines.join(sales, sales.c.id == sale_lines.c.sale_id)
        sums = (func.count(distinct(sales.c.id)), func.sum(sale_lines.c.net),
                func.sum(line_commission_sql(sale_lines.c.net, sale_lines.c.commission_bp)))
        coops = self.conn.execute(
            select(*key, sale_lines.c.cooperative_id, *sums).select_from(of_lines).where(only)
            .group_by(*key, sale_lines.c.cooperative_id))
        self._insert_folded(summary_cooperatives, ("cooperative_id", "receipts", "net", "commission"),
                            coops)
        categories = self.conn.execute(
            select(*key, products.c.category, *sums)
            .select_from(of_lines.join(products, products.c.id == sale_lines.c.product_id))
            .where(only).group_by(*key, products.c.category))
        self._insert_folded(summary_categories, ("category", "receipts", "net", "commission"),
                            categories)
        product_key = (sales.c.business_day, sales.c.register_id, sales.c.kind,
                       sale_lines.c.product_id)
        rows = [
            {"business_day": day, "register_id": register_id, "kind": kind, "product_id": product,
             "receipts": int(receipts), "quantity": int(quantity or 0), "net": int(net or 0),
             "commission": int(commission or 0)}
            for day, register_id, kind, product, receipts, quantity, net, commission
            in self.conn.execute(select(*product_key, sums[0], func.sum(sale_lines.c.quantity),
                                        *sums[1:]).select_from(of_lines).where(only)
                                        .group_by(*product_key))
        ]
        for start in range(0, len(rows), 5_000):
            self.conn.execute(insert(summary_products), rows[start:start + 5_000])

    def _insert_folded(self, table: Table, rest: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert grouped rows keyed by UTC hour, folded into the store's local hours."""
        summed = ("receipts", "net", "commission")
        folded: dict[tuple[Any, ...], dict[str, Any]] = {}
        hours: dict[str, int] = {}
        for row in rows:
            day, register_id, utc, cashier_id, kind, *values = row
            hour = hours.get(utc)
            if hour is None:
                hour = hours[utc] = _local_hour_of(utc)
            record = dict(zip(rest, values, strict=True))
            group = (day, register_id, hour, cashier_id, kind,
                     *(record[n] for n in rest if n not in summed))
            into = folded.get(group)
            if into is None:
                folded[group] = {"business_day": day, "register_id": register_id, "hour": hour,
                                 "cashier_id": cashier_id, "kind": kind,
                                 **{n: (int(v or 0) if n in summed else v) for n, v in record.items()}}
            else:
                for name in summed:
                    if name in into:
                        into[name] += int(record[name] or 0)
        batch = list(folded.values())
        for start in range(0, len(batch), 5_000):
            self.conn.execute(insert(table), batch[start:start + 5_000])
