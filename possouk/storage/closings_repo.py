"""Day, month and year closings: the period's figures summed in SQL, and the chained documents."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, select

from possouk.domain.closing import (
    Closing,
    ClosingKind,
    CooperativeTotals,
    PeriodFigures,
    RegisterTotals,
)
from possouk.domain.model import PaymentMethod, SaleKind
from possouk.storage import journal
from possouk.storage.engine import Prepared
from possouk.storage.ledger_repo import LedgerRepo
from possouk.storage.money_sql import line_commission
from possouk.storage.rows import new_id, parse_utc
from possouk.storage.schema import (
    closings,
    cooperatives,
    payments,
    products,
    registers,
    sale_lines,
    sales,
    sites,
    users,
    z_reports,
)
from possouk.storage.sessions_repo import SessionsRepo

__all__ = ["ClosingsRepo", "figures_from_json", "figures_to_json"]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode

# Read on every paper sale and every opening: prepared once.
_CLOSED = Prepared(
    select(closings.c.id).where(closings.c.site_id == bindparam("site_id"),
                                closings.c.kind == bindparam("kind"),
                                closings.c.period == bindparam("period"))
)


def figures_to_json(figures: PeriodFigures) -> dict[str, Any]:
    return {
        "sales_count": figures.sales_count, "refunds_count": figures.refunds_count,
        "sales_total": figures.sales_total, "refunds_total": figures.refunds_total,
        "manual_entries": figures.manual_entries, "discounts": figures.discounts,
        "price_overrides": figures.price_overrides,
        "by_register": {k: [v.sales_count, v.refunds_count, v.net]
                        for k, v in figures.by_register.items()},
        "by_method": {m.value: a for m, a in figures.by_method.items()},
        "by_cooperative": {k: [v.net, v.commission] for k, v in figures.by_cooperative.items()},
        "by_category": figures.by_category, "cash_differences": figures.cash_differences,
        "periods": list(figures.periods),
    }


def figures_from_json(data: dict[str, Any]) -> PeriodFigures:
    return PeriodFigures(
        sales_count=data["sales_count"], refunds_count=data["refunds_count"],
        sales_total=data["sales_total"], refunds_total=data["refunds_total"],
        manual_entries=data["manual_entries"], discounts=data["discounts"],
        price_overrides=data["price_overrides"],
        by_register={k: RegisterTotals(*v) for k, v in data["by_register"].items()},
        by_method={PaymentMethod(m): a for m, a in data["by_method"].items()},
        by_cooperative={k: CooperativeTotals(*v) for k, v in data["by_cooperative"].items()},
        by_category=dict(data["by_category"]), cash_differences=dict(data["cash_differences"]),
        periods=tuple(data["periods"]),
    )


class ClosingsRepo:
    def __init__(self, conn: Connection, ledger: LedgerRepo, sessions: SessionsRepo) -> None:
        self.conn = conn
        self.ledger = ledger
        self.sessions = sessions

    def is_closed(self, site_id: int, kind: ClosingKind, period: str) -> bool:
        return _CLOSED.first(self.conn, {"site_id": site_id, "kind": kind.value,
                                         "period": period}) is not None

    def day_figures(self, site_id: int, day: date) -> PeriodFigures:
        """The site's receipts of business day ``day``, every register, paper sales included."""
        in_site = select(registers.c.id).where(registers.c.site_id == site_id)
        of_day = and_(sales.c.register_id.in_(in_site), sales.c.business_day == day.isoformat())
        sale, refund = SaleKind.SALE.value, SaleKind.REFUND.value
        by_register: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        counts = {sale: [0, 0], refund: [0, 0]}
        manual = 0
        for code, kind, is_manual, number, total in self.conn.execute(
                select(registers.c.code, sales.c.kind, sales.c.manual_ref.is_not(None),
                       func.count(), func.sum(sales.c.total))
                .join(registers, registers.c.id == sales.c.register_id).where(of_day)
                .group_by(registers.c.code, sales.c.kind, sales.c.manual_ref.is_not(None))):
            row = by_register[code]
            row[0 if kind == sale else 1] += int(number)
            row[2] += int(total or 0)
            counts[kind][0] += int(number)
            counts[kind][1] += int(total or 0)
            manual += int(number) if is_manual else 0
        by_method = {PaymentMethod(m): int(a or 0) for m, a in self.conn.execute(
            select(payments.c.method, func.sum(payments.c.amount))
            .join(sales, sales.c.id == payments.c.sale_id).where(of_day)
            .group_by(payments.c.method).order_by(payments.c.method))}
        # One pass over the day's lines (the heavy part: a million lines on a busy day), grouped
        # by product: joining the products table for their category costs more than the pass
        # itself, so the categories are read apart (a covering index) and folded here.
        coops: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        by_product: dict[int, int] = defaultdict(int)
        discounts = overrides = 0
        for coop_id, product_id, kind, net, commission, discount, overridden in self.conn.execute(
                select(sale_lines.c.cooperative_id, sale_lines.c.product_id, sales.c.kind,
                       func.sum(sale_lines.c.net),
                       func.sum(line_commission(sale_lines.c.net, sale_lines.c.commission_bp)),
                       func.sum(sale_lines.c.line_discount + sale_lines.c.ticket_discount),
                       func.sum(case((sale_lines.c.price_overridden, 1), else_=0)))
                .select_from(sale_lines.join(sales, sales.c.id == sale_lines.c.sale_id))
                .where(of_day)
                .group_by(sale_lines.c.cooperative_id, sale_lines.c.product_id, sales.c.kind)):
            totals = coops[int(coop_id)]
            totals[0] += int(net or 0)
            totals[1] += int(commission or 0)
            by_product[int(product_id)] += int(net or 0)
            if kind == sale:
                discounts += int(discount or 0)
                overrides += int(overridden or 0)
        by_category: dict[str, int] = defaultdict(int)
        if by_product:
            for product_id, category in self.conn.execute(select(products.c.id, products.c.category)):
                if product_id in by_product:
                    by_category[str(category)] += by_product[product_id]
        codes = dict(self.conn.execute(select(cooperatives.c.id, cooperatives.c.code)).all())
        by_cooperative = {str(codes[i]): CooperativeTotals(t[0], t[1])
                          for i, t in sorted(coops.items(), key=lambda item: str(codes[item[0]]))}
        differences: dict[str, int] = {}
        for z_id in self.conn.scalars(
                select(z_reports.c.id).where(z_reports.c.register_id.in_(in_site),
                                             z_reports.c.business_day == day.isoformat())
                .order_by(z_reports.c.register_id, z_reports.c.number)):
            report = self.sessions.z(int(z_id))
            differences[report.reference] = report.difference(PaymentMethod.CASH)
        return PeriodFigures(
            sales_count=counts[sale][0], refunds_count=counts[refund][0],
            sales_total=counts[sale][1], refunds_total=-counts[refund][1], manual_entries=manual,
            discounts=int(discounts), price_overrides=int(overrides),
            by_register={k: RegisterTotals(*v) for k, v in sorted(by_register.items())},
            by_method=by_method, by_cooperative=by_cooperative,
            by_category=dict(sorted(by_category.items())),
            cash_differences=differences, periods=(day.isoformat(),),
        )

    def append(self, row: dict[str, Any], figures: PeriodFigures) -> int:
        """Number, hash and insert a closing (``row`` without number, content and hashes)."""
        chain = journal.closing_chain(row["site_id"], row["kind"])
        last, prev = self.ledger.take_chain(chain)
        row = {**row, "number": last + 1, "content": _ENCODE(figures_to_json(figures)),
               "prev_hash": prev}
        row["hash"] = journal.chain_hash(prev, journal.closing_payload(row))
        closing_id = new_id(self.conn.execute(insert(closings).values(**row)))
        self.ledger.advance_chain(chain, row["number"], row["hash"])
        return closing_id

    def ids(self, site_id: int | None, kind: ClosingKind, prefix: str = "") -> list[int]:
        """The closings of ``kind`` (of one site), whose period starts with ``prefix``, in order."""
        query = (select(closings.c.id).where(closings.c.kind == kind.value)
                 .order_by(closings.c.site_id, closings.c.period))
        if site_id is not None:
            query = query.where(closings.c.site_id == site_id)
        if prefix:
            query = query.where(closings.c.period.like(prefix + "%"))
        return [int(i) for i in self.conn.scalars(query)]

    def id_of(self, site_id: int, kind: ClosingKind, period: str) -> int | None:
        found = _CLOSED.first(self.conn, {"site_id": site_id, "kind": kind.value, "period": period})
        return None if found is None else int(found[0])

    def get(self, closing_id: int) -> Closing:
        row = self.conn.execute(
            select(closings, sites.c.code.label("site_code"),
                   users.c.display_name.label("closed_by"))
            .join(sites, sites.c.id == closings.c.site_id)
            .join(users, users.c.id == closings.c.closed_by_id)
            .where(closings.c.id == closing_id)).one()._mapping
        return Closing(
            id=row["id"], kind=ClosingKind(row["kind"]), site_id=row["site_id"],
            site_code=row["site_code"], period=row["period"], number=row["number"],
            created_at=parse_utc(row["created_at"]), closed_by=row["closed_by"],
            figures=figures_from_json(json.loads(row["content"])), hash=row["hash"],
        )

    def sale_days(self, site_id: int, prefix: str) -> list[str]:
        """The business days (starting with ``prefix``) on which the site recorded receipts."""
        in_site = select(registers.c.id).where(registers.c.site_id == site_id)
        return [str(d) for d in self.conn.scalars(
            select(sales.c.business_day).distinct()
            .where(sales.c.register_id.in_(in_site), sales.c.business_day.like(prefix + "%"))
            .order_by(sales.c.business_day))]
