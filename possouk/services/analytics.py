"""The organizers' reports: sales by a dimension over a period, the impact view, stock left.

Periods are business days, both ends included; a site narrows them to its
registers. The hour of day is the store's local hour (Africa/Casablanca). The sums
come from the running sums kept with each sale (possouk.storage.summary_repo), so a
report over a million lines answers at once; by product they are read from the lines.
"""

from __future__ import annotations

from datetime import date

from possouk.domain.errors import N_, UserError
from possouk.domain.report import (
    Dimension,
    ImpactReport,
    ProvinceImpact,
    SalesReport,
    SalesRow,
    StockRow,
)
from possouk.services.setup import require_site
from possouk.storage.report_queries import Grouped
from possouk.storage.uow import Database, UnitOfWork

__all__ = ["MAX_DAYS", "impact", "sales_report", "stock_left", "top_products"]

MAX_DAYS = 3_660  # ten years: beyond, a typing mistake


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise UserError(N_("The period ends before it starts ({start} to {end})."),
                        start=start.isoformat(), end=end.isoformat())
    if (end - start).days > MAX_DAYS:
        raise UserError(N_("The period is too long: at most ten years."))


def _site_id(uow: UnitOfWork, site_code: str | None) -> int | None:
    return require_site(uow, site_code).id if site_code else None


def _row(key: str, group: Grouped, with_quantity: bool) -> SalesRow:
    return SalesRow(key=key, name_ar=group.name_ar, name_fr=group.name_fr,
                    receipts=group.receipts, quantity=group.quantity if with_quantity else None,
                    sales=group.sales, refunds=group.refunds,
                    commission=group.sales_commission - group.refunds_commission)


def sales_report(db: Database, start: date, end: date, dimension: Dimension, *,
                 site_code: str | None = None) -> SalesReport:
    """Sales, refunds, net, commission and the cooperatives' share per ``dimension``."""
    _check_period(start, end)
    with db.read() as uow:
        site_id = _site_id(uow, site_code)
        grouped = uow.reports.sales_by(dimension, start, end, site_id)
        receipts = uow.reports.receipts(start, end, site_id)
    rows = tuple(_row(key, grouped[key], dimension is Dimension.PRODUCT) for key in sorted(grouped))
    return SalesReport(start, end, dimension, site_code, rows, receipts)


def top_products(db: Database, start: date, end: date, *, limit: int = 10,
                 site_code: str | None = None) -> list[SalesRow]:
    """The products that brought the most (net), best first."""
    if limit < 1:
        raise UserError(N_("The number of products must be at least 1."))
    report = sales_report(db, start, end, Dimension.PRODUCT, site_code=site_code)
    return sorted(report.rows, key=lambda r: (-r.net, r.key))[:limit]


def impact(db: Database, start: date, end: date, *, site_code: str | None = None) -> ImpactReport:
    """The period's income for the cooperatives, who they are, and the visitors served."""
    _check_period(start, end)
    with db.read() as uow:
        site_id = _site_id(uow, site_code)
        grouped = uow.reports.sales_by(Dimension.COOPERATIVE, start, end, site_id)
        facts = uow.reports.cooperative_facts()
        products = uow.reports.products_sold(start, end, site_id)
        per_day = uow.reports.receipts_per_day(start, end, site_id)
    rows = [_row(key, group, False) for key, group in sorted(grouped.items())]
    provinces: dict[str, list[int]] = {}
    women = youth = 0
    for row in rows:
        province, women_led, youth_led, _active = facts.get(row.key, ("", False, False, True))
        counts = provinces.setdefault(province, [0, 0, 0])
        counts[0] += 1 if row.sales else 0
        counts[1] += row.net
        counts[2] += row.cooperative_share
        women += row.cooperative_share if women_led else 0
        youth += row.cooperative_share if youth_led else 0
    return ImpactReport(
        start=start, end=end, site_code=site_code, net=sum(r.net for r in rows),
        owed=sum(r.cooperative_share for r in rows),
        cooperatives=sum(1 for r in rows if r.sales),
        cooperatives_listed=sum(1 for f in facts.values() if f[3]), products=products,
        women_led_owed=women, youth_led_owed=youth,
        by_province=tuple(ProvinceImpact(p, c[0], c[1], c[2]) for p, c in sorted(provinces.items())),
        visitors_per_day={date.fromisoformat(d): n for d, n in per_day.items()},
    )


def stock_left(db: Database, *, site_code: str | None = None) -> list[StockRow]:
    """Per cooperative, the goods left on the shelves (of a site) and their value."""
    with db.read() as uow:
        return uow.reports.stock_left(_site_id(uow, site_code))
