"""Day, month and year closings of a site: the period's totals, frozen in a chained document.

A day closing sums the site's receipts of one business day (every register,
paper sales included) once every register of the site has closed its session;
a month closing sums the month's day closings, a year closing the year's month
closings. The figures are plain data; :mod:`possouk.services.closings` makes them.

The store's share of a cooperative's sales (its commission) is a fact of each
sale line: the line's net times its commission rate, rounded half away from zero
(:func:`line_commission`). Any grouping of lines — a day, a cooperative, a
category, a settlement — sums those, so no two reports disagree by a rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from possouk.domain.model import PaymentMethod
from possouk.domain.money import BasisPoints, Centimes, apply_rate

__all__ = [
    "Closing", "ClosingKind", "CooperativeTotals", "PeriodFigures", "RegisterTotals",
    "line_commission", "merge_figures",
]


class ClosingKind(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def line_commission(net: Centimes, rate: BasisPoints) -> Centimes:
    """The store's commission on one sale line (negative on a refund line)."""
    return apply_rate(net, rate)


@dataclass(frozen=True)
class RegisterTotals:
    sales_count: int = 0
    refunds_count: int = 0
    net: Centimes = 0


@dataclass(frozen=True)
class CooperativeTotals:
    net: Centimes = 0  # sales minus refunds of its goods
    commission: Centimes = 0  # the store's share

    @property
    def owed(self) -> Centimes:
        """What the period's sales owe the cooperative."""
        return self.net - self.commission


@dataclass(frozen=True)
class PeriodFigures:
    """What a site took over a period (sales and refunds of every register, paper included)."""

    sales_count: int = 0
    refunds_count: int = 0
    sales_total: Centimes = 0
    refunds_total: Centimes = 0  # positive
    manual_entries: int = 0
    discounts: Centimes = 0
    price_overrides: int = 0
    by_register: dict[str, RegisterTotals] = field(default_factory=dict)
    by_method: dict[PaymentMethod, Centimes] = field(default_factory=dict)
    by_cooperative: dict[str, CooperativeTotals] = field(default_factory=dict)
    by_category: dict[str, Centimes] = field(default_factory=dict)
    cash_differences: dict[str, Centimes] = field(default_factory=dict)  # Z report → difference
    periods: tuple[str, ...] = ()  # the days (of a month) or months (of a year) it sums

    @property
    def net(self) -> Centimes:
        return self.sales_total - self.refunds_total

    @property
    def commission(self) -> Centimes:
        return sum(c.commission for c in self.by_cooperative.values())

    @property
    def owed_to_cooperatives(self) -> Centimes:
        return sum(c.owed for c in self.by_cooperative.values())


def _add(target: dict[str, Centimes], source: Mapping[str, Centimes]) -> None:
    for key, value in source.items():
        target[key] = target.get(key, 0) + value


def merge_figures(parts: Iterable[tuple[str, PeriodFigures]]) -> PeriodFigures:
    """The sum of several periods' figures (``(period, figures)`` pairs, in order)."""
    registers: dict[str, RegisterTotals] = {}
    methods: dict[PaymentMethod, Centimes] = {}
    cooperatives: dict[str, CooperativeTotals] = {}
    categories: dict[str, Centimes] = {}
    differences: dict[str, Centimes] = {}
    periods: list[str] = []
    counts = [0, 0, 0, 0, 0, 0, 0]
    for period, part in parts:
        periods.append(period)
        for i, value in enumerate((part.sales_count, part.refunds_count, part.sales_total,
                                   part.refunds_total, part.manual_entries, part.discounts,
                                   part.price_overrides)):
            counts[i] += value
        for code, totals in part.by_register.items():
            was = registers.get(code, RegisterTotals())
            registers[code] = RegisterTotals(was.sales_count + totals.sales_count,
                                             was.refunds_count + totals.refunds_count,
                                             was.net + totals.net)
        for method, amount in part.by_method.items():
            methods[method] = methods.get(method, 0) + amount
        for code, coop in part.by_cooperative.items():
            had = cooperatives.get(code, CooperativeTotals())
            cooperatives[code] = CooperativeTotals(had.net + coop.net, had.commission + coop.commission)
        _add(categories, part.by_category)
        _add(differences, part.cash_differences)
    return PeriodFigures(
        sales_count=counts[0], refunds_count=counts[1], sales_total=counts[2],
        refunds_total=counts[3], manual_entries=counts[4], discounts=counts[5],
        price_overrides=counts[6], by_register=dict(sorted(registers.items())),
        by_method=dict(sorted(methods.items())), by_cooperative=dict(sorted(cooperatives.items())),
        by_category=dict(sorted(categories.items())), cash_differences=dict(sorted(differences.items())),
        periods=tuple(periods),
    )


@dataclass(frozen=True)
class Closing:
    """A day, month or year closing of a site: a final document, numbered and chained."""

    id: int
    kind: ClosingKind
    site_id: int
    site_code: str
    period: str  # 2026-05-11, 2026-05 or 2026
    number: int  # per site and kind
    created_at: datetime
    closed_by: str
    figures: PeriodFigures
    hash: str = ""

    @property
    def reference(self) -> str:
        letter = {ClosingKind.DAY: "J", ClosingKind.MONTH: "M", ClosingKind.YEAR: "A"}[self.kind]
        return f"{self.site_code}-{letter}{self.number:04d}"

    @property
    def day(self) -> date | None:
        return date.fromisoformat(self.period) if self.kind is ClosingKind.DAY else None
