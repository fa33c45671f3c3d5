"""Read-side queries for exports: plain rows streamed from the tables, in a stable order.

Exports can hold every sale line of a market edition or 300,000 products, so
rows are yielded as the database returns them instead of being built into
dataclasses first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, select

from possouk.storage.schema import (
    cooperatives,
    payments,
    products,
    registers,
    sale_lines,
    sales,
    sites,
    users,
)

_BATCH = 2000


@dataclass(frozen=True)
class SaleLineRow:
    """One sale or refund line with what identifies its sale (amounts as stored: refunds negative)."""

    sale_id: int
    created_at: datetime  # UTC
    business_day: str
    register: str
    number: int
    kind: str
    site: str
    cashier: str
    manual_ref: str | None
    sku: str
    name_ar: str
    name_fr: str
    cooperative_code: str
    quantity: int
    unit_price: int
    gross: int
    line_discount: int
    ticket_discount: int
    net: int
    vat_rate: int
    vat_amount: int
    commission_rate: int


@dataclass(frozen=True)
class ProductRow:
    cooperative_code: str
    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    category: str
    unit: str
    price: int
    min_price: int | None
    vat_rate: int
    scale_code: int | None
    active: bool


def _days(query: Select[Any], first: date | None, last: date | None) -> Select[Any]:
    if first is not None:
        query = query.where(sales.c.business_day >= first.isoformat())
    if last is not None:
        query = query.where(sales.c.business_day <= last.isoformat())
    return query


class ExportQueries:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def sale_lines(self, first: date | None = None, last: date | None = None) -> Iterator[SaleLineRow]:
        """Every sale and refund line whose business day is within [first, last], oldest first."""
        query = _days(
            select(
                sales.c.id, sales.c.created_at, sales.c.business_day, registers.c.code,
                sales.c.number, sales.c.kind, sites.c.code, users.c.login, sales.c.manual_ref,
                sale_lines.c.sku, sale_lines.c.name_ar, sale_lines.c.name_fr, cooperatives.c.code,
                sale_lines.c.quantity, sale_lines.c.unit_price, sale_lines.c.gross,
                sale_lines.c.line_discount, sale_lines.c.ticket_discount, sale_lines.c.net,
                sale_lines.c.vat_bp, sale_lines.c.vat_amount, sale_lines.c.commission_bp,
            )
            .join(sales, sales.c.id == sale_lines.c.sale_id)
            .join(registers, registers.c.id == sales.c.register_id)
            .join(sites, sites.c.id == registers.c.site_id)
            .join(users, users.c.id == sales.c.cashier_id)
            .join(cooperatives, cooperatives.c.id == sale_lines.c.cooperative_id),
            first, last,
        ).order_by(sales.c.created_at, registers.c.code, sales.c.number, sale_lines.c.line_no)
        for row in self.conn.execute(query.execution_options(yield_per=_BATCH)):
            # Stored times are "…Z" UTC text; fromisoformat reads them far faster than strptime.
            yield SaleLineRow(row[0], datetime.fromisoformat(row[1]), *row[2:])

    def payment_methods(self, first: date | None = None, last: date | None = None) -> dict[int, list[str]]:
        """The payment methods of each sale in the period, in the order they were entered."""
        query = _days(
            select(payments.c.sale_id, payments.c.method)
            .join(sales, sales.c.id == payments.c.sale_id),
            first, last,
        ).order_by(payments.c.sale_id, payments.c.seq)
        methods: dict[int, list[str]] = {}
        for sale_id, method in self.conn.execute(query):
            found = methods.setdefault(sale_id, [])
            if method not in found:
                found.append(method)
        return methods

    def products(self) -> Iterator[ProductRow]:
        """Every product with its cooperative's code, by sku."""
        query = (
            select(
                cooperatives.c.code, products.c.sku, products.c.barcode, products.c.name_ar,
                products.c.name_fr, products.c.category, products.c.unit, products.c.price,
                products.c.min_price, products.c.vat_bp, products.c.scale_code, products.c.active,
            )
            .join(cooperatives, cooperatives.c.id == products.c.cooperative_id)
            .order_by(products.c.sku)
        )
        for (cooperative_code, sku, barcode, name_ar, name_fr, category, unit, price, min_price,
             vat_rate, scale_code, active) in self.conn.execute(
                 query.execution_options(yield_per=_BATCH)):
            yield ProductRow(cooperative_code, sku, barcode, name_ar, name_fr, category, unit, price,
                             min_price, vat_rate, scale_code, bool(active))
