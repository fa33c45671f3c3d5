"""The organizers' reports as plain data: sales by one dimension, the impact view, stock left.

Amounts are centimes. ``sales`` and ``refunds`` are the net of the lines sold and
given back (refunds positive); the store's commission is the sum of the lines'
(:func:`possouk.domain.closing.line_commission`), so every dimension adds up to the
same totals, and what remains is the cooperatives' share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from possouk.domain.money import Centimes, Milli

__all__ = [
    "Dimension", "ImpactReport", "ProvinceImpact", "SalesReport", "SalesRow", "StockRow",
    "share_bp",
]


class Dimension(StrEnum):
    COOPERATIVE = "cooperative"
    PRODUCT = "product"
    CATEGORY = "category"
    SITE = "site"
    REGISTER = "register"
    CASHIER = "cashier"
    HOUR = "hour"
    DAY = "day"


@dataclass(frozen=True)
class SalesRow:
    key: str  # code, sku, category key, register code, login, "09" (hour), "2026-05-11"
    name_ar: str
    name_fr: str
    receipts: int  # sales (not refunds) with at least one line in this row
    quantity: Milli | None  # only by product: the units are the product's
    sales: Centimes
    refunds: Centimes
    commission: Centimes

    @property
    def net(self) -> Centimes:
        return self.sales - self.refunds

    @property
    def cooperative_share(self) -> Centimes:
        return self.net - self.commission


@dataclass(frozen=True)
class SalesReport:
    start: date
    end: date
    dimension: Dimension
    site_code: str | None
    rows: tuple[SalesRow, ...]
    receipts: int  # every sale of the period (a receipt counts once, whatever its rows)

    @property
    def sales(self) -> Centimes:
        return sum(r.sales for r in self.rows)

    @property
    def refunds(self) -> Centimes:
        return sum(r.refunds for r in self.rows)

    @property
    def net(self) -> Centimes:
        return self.sales - self.refunds

    @property
    def commission(self) -> Centimes:
        return sum(r.commission for r in self.rows)

    @property
    def cooperative_share(self) -> Centimes:
        return self.net - self.commission


def share_bp(part: int, whole: int) -> int:
    """``part`` of ``whole`` in basis points (10,000 = all), rounded half up; 0 of nothing."""
    if whole <= 0:
        return 0
    return (2 * part * 10_000 + whole) // (2 * whole)


@dataclass(frozen=True)
class ProvinceImpact:
    province: str
    cooperatives: int  # with sales in the period
    net: Centimes
    owed: Centimes  # the cooperatives' share


@dataclass(frozen=True)
class ImpactReport:
    """What the period brought to the cooperatives, for the region and the ministry."""

    start: date
    end: date
    site_code: str | None
    net: Centimes
    owed: Centimes  # the cooperatives' share of the net (earned in the period)
    cooperatives: int  # cooperatives with goods sold
    cooperatives_listed: int  # cooperatives in the store (active)
    products: int  # different products sold
    women_led_owed: Centimes
    youth_led_owed: Centimes
    by_province: tuple[ProvinceImpact, ...]
    visitors_per_day: dict[date, int] = field(default_factory=dict)  # receipts per day

    @property
    def women_led_share_bp(self) -> int:
        return share_bp(self.women_led_owed, self.owed)

    @property
    def youth_led_share_bp(self) -> int:
        return share_bp(self.youth_led_owed, self.owed)

    @property
    def visitors(self) -> int:
        return sum(self.visitors_per_day.values())


@dataclass(frozen=True)
class StockRow:
    """What is left of one cooperative's goods (at a site, or everywhere)."""

    code: str
    name_ar: str
    name_fr: str
    products: int  # products with stock left
    value: Centimes  # at today's shelf prices
