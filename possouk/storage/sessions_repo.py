"""Cash sessions, cash movements and Z reports: rows in, plain data out.

Cash movements and Z reports are numbered and chained per register (see
:mod:`possouk.storage.journal`); a Z report keeps its figures as canonical JSON
in ``content``, hashed with the rest, so the report can be printed again exactly.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, select, update

from possouk.domain.cash import (
    CashCount,
    CashMovement,
    CashSession,
    MoveKind,
    MoveReason,
    SessionFigures,
    SessionStatus,
    ZReport,
    count_from,
)
from possouk.domain.model import PaymentMethod, SaleKind
from possouk.storage import journal
from possouk.storage.engine import Prepared
from possouk.storage.ledger_repo import LedgerRepo
from possouk.storage.rows import new_id, parse_utc
from possouk.storage.schema import (
    cash_movements,
    cash_sessions,
    payments,
    registers,
    sale_lines,
    sales,
    sites,
    z_reports,
)

__all__ = ["SessionsRepo", "figures_from_json", "figures_to_json"]

# Read on every sale: prepared once (see possouk.storage.engine.Prepared).
_OPEN_DAY = Prepared(
    select(cash_sessions.c.business_day).where(
        cash_sessions.c.register_id == bindparam("register_id"),
        cash_sessions.c.status == bindparam("status"))
)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def figures_to_json(figures: SessionFigures) -> dict[str, Any]:
    return {
        "opening_float": figures.opening_float, "sales_count": figures.sales_count,
        "refunds_count": figures.refunds_count, "sales_total": figures.sales_total,
        "refunds_total": figures.refunds_total, "discounts": figures.discounts,
        "price_overrides": figures.price_overrides,
        "by_method": {m.value: a for m, a in sorted(figures.by_method.items())},
        "cash_received": figures.cash_received, "change_given": figures.change_given,
        "cash_refunded": figures.cash_refunded, "cash_in": figures.cash_in,
        "cash_out": figures.cash_out, "first_receipt": figures.first_receipt,
        "last_receipt": figures.last_receipt, "last_hash": figures.last_hash,
        "manual_entries": figures.manual_entries, "manual_total": figures.manual_total,
    }


def figures_from_json(data: dict[str, Any]) -> SessionFigures:
    values = dict(data)
    values["by_method"] = {PaymentMethod(m): int(a) for m, a in data["by_method"].items()}
    return SessionFigures(**values)


class SessionsRepo:
    def __init__(self, conn: Connection, ledger: LedgerRepo) -> None:
        self.conn = conn
        self.ledger = ledger

    # sessions -------------------------------------------------------------
    def _session(self, where: Any) -> CashSession | None:
        row = self.conn.execute(
            select(cash_sessions, registers.c.code.label("register_code"))
            .join(registers, registers.c.id == cash_sessions.c.register_id).where(where)
        ).first()
        if row is None:
            return None
        r = row._mapping
        return CashSession(
            id=r["id"], register_id=r["register_id"], register_code=r["register_code"],
            number=r["number"], business_day=date.fromisoformat(r["business_day"]),
            opened_at=parse_utc(r["opened_at"]), opened_by_id=r["opened_by_id"],
            opening=count_from(json.loads(r["opening_count"])),
            status=SessionStatus(r["status"]), first_sale_number=r["first_sale_number"],
            closed_at=parse_utc(r["closed_at"]) if r["closed_at"] else None,
            closed_by_id=r["closed_by_id"],
        )

    def open_day(self, register_id: int) -> date | None:
        """The business day of the register's open session; None when it is closed."""
        day = _OPEN_DAY.scalar(self.conn, {"register_id": register_id,
                                           "status": SessionStatus.OPEN.value})
        return None if day is None else date.fromisoformat(day)

    def open_session(self, register_id: int) -> CashSession | None:
        """The register's open session, if any (there is at most one)."""
        return self._session(and_(cash_sessions.c.register_id == register_id,
                                  cash_sessions.c.status == SessionStatus.OPEN.value))

    def session(self, session_id: int) -> CashSession:
        found = self._session(cash_sessions.c.id == session_id)
        if found is None:
            raise LookupError(session_id)
        return found

    def session_by_number(self, register_id: int, number: int) -> CashSession | None:
        return self._session(and_(cash_sessions.c.register_id == register_id,
                                  cash_sessions.c.number == number))

    def open_sessions(self) -> list[CashSession]:
        """Every open session of the store, by register."""
        ids = self.conn.scalars(
            select(cash_sessions.c.id).where(cash_sessions.c.status == SessionStatus.OPEN.value)
            .order_by(cash_sessions.c.register_id))
        return [self.session(i) for i in list(ids)]

    def insert_session(self, register_id: int, business_day: date, opened_at: str,
                       opened_by_id: int, opening: CashCount, first_sale_number: int) -> int:
        number = 1 + int(self.conn.scalar(
            select(func.coalesce(func.max(cash_sessions.c.number), 0))
            .where(cash_sessions.c.register_id == register_id)) or 0)
        return new_id(self.conn.execute(insert(cash_sessions).values(
            register_id=register_id, number=number, business_day=business_day.isoformat(),
            opened_at=opened_at, opened_by_id=opened_by_id,
            opening_count=_ENCODE(opening.as_dict()), opening_float=opening.total,
            first_sale_number=first_sale_number, status=SessionStatus.OPEN.value)))

    def mark_closed(self, session_id: int, closed_at: str, closed_by_id: int) -> None:
        self.conn.execute(update(cash_sessions).where(cash_sessions.c.id == session_id).values(
            status=SessionStatus.CLOSED.value, closed_at=closed_at, closed_by_id=closed_by_id))

    def last_sale_number(self, register_id: int) -> int:
        """The register's newest receipt number (0 before the first)."""
        return int(self.conn.scalar(
            select(func.coalesce(func.max(sales.c.number), 0))
            .where(sales.c.register_id == register_id)) or 0)

    # cash movements -------------------------------------------------------
    def append_movement(self, row: dict[str, Any]) -> int:
        """Number, hash and insert a cash movement (``row`` without number and hashes)."""
        chain = journal.cash_chain(row["register_id"])
        last, prev = self.ledger.take_chain(chain)
        row = {**row, "number": last + 1, "prev_hash": prev}
        row["hash"] = journal.chain_hash(prev, journal.cash_move_payload(row))
        movement_id = new_id(self.conn.execute(insert(cash_movements).values(**row)))
        self.ledger.advance_chain(chain, row["number"], row["hash"])
        return movement_id

    def movements(self, session_id: int) -> list[CashMovement]:
        return self._movements(cash_movements.c.session_id == session_id)

    def movement_by_number(self, register_id: int, number: int) -> CashMovement | None:
        found = self._movements(and_(cash_movements.c.register_id == register_id,
                                     cash_movements.c.number == number))
        return found[0] if found else None

    def _movements(self, where: Any) -> list[CashMovement]:
        rows = self.conn.execute(
            select(cash_movements, registers.c.code.label("register_code"))
            .join(registers, registers.c.id == cash_movements.c.register_id)
            .where(where).order_by(cash_movements.c.number))
        return [
            CashMovement(id=r.id, session_id=r.session_id, register_code=r.register_code,
                         number=r.number, kind=MoveKind(r.kind), reason=MoveReason(r.reason),
                         amount=r.amount, note=r.note, user_id=r.user_id,
                         created_at=parse_utc(r.created_at))
            for r in rows
        ]

    # figures ----------------------------------------------------------------
    def figures(self, session: CashSession, last_number: int | None = None) -> SessionFigures:
        """What ``session`` took: the register's receipts from its first number to
        ``last_number`` (default: the newest), its cash movements, its float."""
        last = self.last_sale_number(session.register_id) if last_number is None else last_number
        in_session = and_(sales.c.register_id == session.register_id,
                          sales.c.number >= session.first_sale_number, sales.c.number <= last)
        manual = sales.c.manual_ref.is_not(None)
        counts: dict[tuple[str, bool], tuple[int, int, int]] = {}
        for kind, is_manual, number, total, change in self.conn.execute(
                select(sales.c.kind, manual, func.count(), func.sum(sales.c.total),
                       func.sum(sales.c.change_given))
                .where(in_session).group_by(sales.c.kind, manual)):
            counts[(kind, bool(is_manual))] = (int(number), int(total or 0), int(change or 0))
        sale = SaleKind.SALE.value
        refund = SaleKind.REFUND.value
        by_method: dict[PaymentMethod, int] = {}
        cash_received = cash_refunded = 0
        for kind, method, amount, tendered in self.conn.execute(
                select(sales.c.kind, payments.c.method, func.sum(payments.c.amount),
                       func.sum(func.coalesce(payments.c.tendered, payments.c.amount)))
                .join(sales, sales.c.id == payments.c.sale_id)
                .where(in_session, sales.c.manual_ref.is_(None))
                .group_by(sales.c.kind, payments.c.method)):
            method_ = PaymentMethod(method)
            by_method[method_] = by_method.get(method_, 0) + int(amount or 0)
            if method_ is PaymentMethod.CASH:
                if kind == refund:
                    cash_refunded -= int(amount or 0)
                else:
                    cash_received += int(tendered or 0)
        discounts, overrides = self.conn.execute(
            select(func.coalesce(func.sum(sale_lines.c.line_discount + sale_lines.c.ticket_discount), 0),
                   func.coalesce(func.sum(case((sale_lines.c.price_overridden, 1), else_=0)), 0))
            .join(sales, sales.c.id == sale_lines.c.sale_id)
            .where(in_session, sales.c.kind == sale, sales.c.manual_ref.is_(None))).one()
        cash_in, cash_out = self.conn.execute(
            select(func.coalesce(func.sum(case((cash_movements.c.kind == MoveKind.IN.value,
                                                cash_movements.c.amount), else_=0)), 0),
                   func.coalesce(func.sum(case((cash_movements.c.kind == MoveKind.OUT.value,
                                                cash_movements.c.amount), else_=0)), 0))
            .where(cash_movements.c.session_id == session.id)).one()
        numbers = self.conn.execute(
            select(func.min(sales.c.number), func.max(sales.c.number)).where(in_session)).one()
        last_hash = journal.GENESIS
        if numbers[1] is not None:
            last_hash = str(self.conn.scalar(select(sales.c.hash).where(
                sales.c.register_id == session.register_id, sales.c.number == numbers[1])))
        else:
            before = self.conn.scalar(select(sales.c.hash).where(
                sales.c.register_id == session.register_id,
                sales.c.number == session.first_sale_number - 1))
            last_hash = str(before) if before else journal.GENESIS
        sales_ = counts.get((sale, False), (0, 0, 0))
        refunds_ = counts.get((refund, False), (0, 0, 0))
        manual_sales = counts.get((sale, True), (0, 0, 0))
        manual_refunds = counts.get((refund, True), (0, 0, 0))
        return SessionFigures(
            opening_float=session.opening.total, sales_count=sales_[0], refunds_count=refunds_[0],
            sales_total=sales_[1], refunds_total=-refunds_[1], discounts=int(discounts),
            price_overrides=int(overrides), by_method=by_method, cash_received=cash_received,
            change_given=sales_[2], cash_refunded=cash_refunded, cash_in=int(cash_in),
            cash_out=int(cash_out),
            first_receipt=int(numbers[0]) if numbers[0] is not None else None,
            last_receipt=int(numbers[1]) if numbers[1] is not None else None,
            last_hash=last_hash, manual_entries=manual_sales[0] + manual_refunds[0],
            manual_total=manual_sales[1] + manual_refunds[1],
        )

    # Z reports --------------------------------------------------------------
    def last_grand_total(self, register_id: int) -> int:
        """The perpetual grand total of the register's newest Z report (0 before the first)."""
        value = self.conn.scalar(
            select(z_reports.c.grand_total).where(z_reports.c.register_id == register_id)
            .order_by(z_reports.c.number.desc()).limit(1))
        return int(value or 0)

    def append_z(self, row: dict[str, Any], content: dict[str, Any]) -> int:
        """Number, hash and insert a Z report (``row`` without number, content and hashes)."""
        chain = journal.z_chain(row["register_id"])
        last, prev = self.ledger.take_chain(chain)
        row = {**row, "number": last + 1, "content": _ENCODE(content), "prev_hash": prev}
        row["hash"] = journal.chain_hash(prev, journal.z_payload(row))
        z_id = new_id(self.conn.execute(insert(z_reports).values(**row)))
        self.ledger.advance_chain(chain, row["number"], row["hash"])
        return z_id

    def z_id(self, register_id: int, number: int) -> int | None:
        return self.conn.scalar(select(z_reports.c.id).where(
            z_reports.c.register_id == register_id, z_reports.c.number == number))

    def z_ids(self, register_id: int | None = None) -> list[int]:
        query = select(z_reports.c.id).order_by(z_reports.c.register_id, z_reports.c.number)
        if register_id is not None:
            query = query.where(z_reports.c.register_id == register_id)
        return [int(i) for i in self.conn.scalars(query)]

    def z(self, z_id: int) -> ZReport:
        row = self.conn.execute(
            select(z_reports, registers.c.code.label("register_code"),
                   sites.c.code.label("site_code"))
            .join(registers, registers.c.id == z_reports.c.register_id)
            .join(sites, sites.c.id == registers.c.site_id).where(z_reports.c.id == z_id)
        ).one()._mapping
        content = json.loads(row["content"])
        return ZReport(
            id=row["id"], register_id=row["register_id"], register_code=row["register_code"],
            site_code=row["site_code"], number=row["number"], session_id=row["session_id"],
            session_number=content["session_number"],
            business_day=date.fromisoformat(row["business_day"]),
            opened_at=parse_utc(content["opened_at"]), created_at=parse_utc(row["created_at"]),
            opened_by=content["opened_by"], closed_by=content["closed_by"],
            approved_by=content["approved_by"], reason=row["reason"],
            figures=figures_from_json(content["figures"]),
            counted=count_from(content["counted"]),
            declared={PaymentMethod(m): int(a) for m, a in content["declared"].items()},
            grand_total=row["grand_total"], previous_grand_total=content["previous_grand_total"],
            hash=row["hash"], movements=tuple(self.movements(row["session_id"])),
        )
