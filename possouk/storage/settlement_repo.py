"""Settlements: unsettled lines and cost shares, statements, shared costs and payouts.

A sale line is settled when a ``statement_lines`` row names it, a cost share when a
``statement_costs`` row does; both columns are unique, so the database itself refuses
to settle anything twice. Statements, costs and payouts are chained in the journal.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, select

from possouk.domain.model import Unit
from possouk.domain.settlement import (
    CostRule,
    CostShare,
    Payout,
    PayoutMethod,
    SharedCost,
    Statement,
    StatementPart,
)
from possouk.storage import journal
from possouk.storage.ledger_repo import LedgerRepo
from possouk.storage.money_sql import line_commission
from possouk.storage.rows import new_id, parse_utc
from possouk.storage.schema import (
    cash_movements,
    cooperatives,
    cost_shares,
    payouts,
    registers,
    sale_lines,
    sales,
    shared_costs,
    sites,
    statement_costs,
    statement_lines,
    statements,
)

__all__ = ["SettlementRepo"]

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


class SettlementRepo:
    def __init__(self, conn: Connection, ledger: LedgerRepo) -> None:
        self.conn = conn
        self.ledger = ledger

    # -- lines ----------------------------------------------------------------------------------
    def _parts(self, where: Any, *, by_day: bool) -> dict[int, list[StatementPart]]:
        """Lines summed per cooperative, product, unit price and sale/refund, in one GROUP BY.

        The names and unit come from each group's last line (a second look-up by primary key).
        """
        line = sale_lines.c
        refund = line.refund_of_line_id.is_not(None)
        source = sale_lines.join(sales, sales.c.id == line.sale_id) if by_day else sale_lines
        groups = (
            select(line.cooperative_id.label("cooperative_id"), line.unit_price.label("unit_price"),
                   refund.label("refund"), func.count().label("lines"),
                   func.sum(line.quantity).label("quantity"), func.sum(line.gross).label("gross"),
                   func.sum(line.line_discount + line.ticket_discount).label("discount"),
                   func.sum(line.net).label("net"),
                   func.sum(line_commission(line.net, line.commission_bp)).label("commission"),
                   func.max(line.id).label("last_id"))
            .select_from(source).where(where)
            .group_by(line.cooperative_id, line.product_id, line.unit_price, refund)
        ).subquery("groups")
        last = sale_lines.alias("last")
        rows = self.conn.execute(
            select(groups, last.c.sku, last.c.name_ar, last.c.name_fr, last.c.unit)
            .join(last, last.c.id == groups.c.last_id)
            .order_by(groups.c.cooperative_id, last.c.sku, groups.c.unit_price, groups.c.refund))
        found: dict[int, list[StatementPart]] = {}
        for r in rows:
            found.setdefault(int(r.cooperative_id), []).append(StatementPart(
                sku=r.sku, name_ar=r.name_ar, name_fr=r.name_fr, unit=Unit(r.unit),
                unit_price=int(r.unit_price), refund=bool(r.refund), lines=int(r.lines),
                quantity=int(r.quantity), gross=int(r.gross), discount=int(r.discount),
                net=int(r.net), commission=int(r.commission)))
        return found

    @staticmethod
    def _unsettled(cooperative_id: int | None, start: date | None, end: date | None) -> Any:
        where = ~exists().where(statement_lines.c.sale_line_id == sale_lines.c.id)
        if cooperative_id is not None:
            where = and_(where, sale_lines.c.cooperative_id == cooperative_id)
        if start is not None:
            where = and_(where, sales.c.business_day >= start.isoformat())
        if end is not None:
            where = and_(where, sales.c.business_day <= end.isoformat())
        return where

    def unsettled_parts(self, cooperative_id: int | None, start: date | None,
                        end: date | None) -> dict[int, list[StatementPart]]:
        """Per cooperative (or only the one given): its lines no statement settled, summed."""
        by_day = start is not None or end is not None
        return self._parts(self._unsettled(cooperative_id, start, end), by_day=by_day)

    def unsettled_line_rows(self, cooperative_id: int, start: date | None,
                            end: date | None) -> list[tuple[int, int, int]]:
        """(sale line id, net, commission) of each line a statement would settle, by id."""
        line = sale_lines.c
        query = (select(line.id, line.net, line_commission(line.net, line.commission_bp))
                 .where(self._unsettled(cooperative_id, start, end)).order_by(line.id))
        if start is not None or end is not None:
            query = query.select_from(sale_lines.join(sales, sales.c.id == line.sale_id))
        return [(int(i), int(n), int(c)) for i, n, c in self.conn.execute(query)]

    def settled_parts(self, statement_id: int) -> list[StatementPart]:
        settled = select(statement_lines.c.sale_line_id).where(
            statement_lines.c.statement_id == statement_id)
        found = self._parts(sale_lines.c.id.in_(settled), by_day=False)
        return [part for parts in found.values() for part in parts]

    def settled_line_ids(self, statement_id: int) -> list[int]:
        return [int(i) for i in self.conn.scalars(
            select(statement_lines.c.sale_line_id)
            .where(statement_lines.c.statement_id == statement_id).order_by(statement_lines.c.id))]

    # -- shared costs -------------------------------------------------------------------------
    def _shares(self, where: Any) -> list[CostShare]:
        rows = self.conn.execute(
            select(cost_shares, shared_costs.c.number, shared_costs.c.label, shared_costs.c.rule,
                   cooperatives.c.code)
            .join(shared_costs, shared_costs.c.id == cost_shares.c.cost_id)
            .join(cooperatives, cooperatives.c.id == cost_shares.c.cooperative_id)
            .where(where).order_by(shared_costs.c.number))
        return [CostShare(id=r.id, cost_id=r.cost_id, cost_number=r.number, label=r.label,
                          rule=CostRule(r.rule), cooperative_code=r.code, amount=r.amount)
                for r in rows]

    def unsettled_costs(self, cooperative_id: int | None, start: date | None,
                        end: date | None) -> dict[str, list[CostShare]]:
        """Per cooperative code (or only the one given): its cost shares no statement settled,
        whose cost's period meets the days."""
        where = ~exists().where(statement_costs.c.cost_share_id == cost_shares.c.id)
        if cooperative_id is not None:
            where = and_(where, cost_shares.c.cooperative_id == cooperative_id)
        if start is not None:
            where = and_(where, shared_costs.c.end >= start.isoformat())
        if end is not None:
            where = and_(where, shared_costs.c.start <= end.isoformat())
        found: dict[str, list[CostShare]] = {}
        for share in self._shares(where):
            found.setdefault(share.cooperative_code, []).append(share)
        return found

    def settled_costs(self, statement_id: int) -> list[CostShare]:
        settled = select(statement_costs.c.cost_share_id).where(
            statement_costs.c.statement_id == statement_id)
        return self._shares(cost_shares.c.id.in_(settled))

    def sales_for_split(self, site_id: int, start: date, end: date) -> dict[int, tuple[int, int]]:
        """Per cooperative that sold at the site in the period: (net sales, quantity sold)."""
        in_site = select(registers.c.id).where(registers.c.site_id == site_id)
        return {int(c): (int(n or 0), int(q or 0)) for c, n, q in self.conn.execute(
            select(sale_lines.c.cooperative_id, func.sum(sale_lines.c.net),
                   func.sum(sale_lines.c.quantity))
            .join(sales, sales.c.id == sale_lines.c.sale_id)
            .where(sales.c.register_id.in_(in_site), sales.c.business_day >= start.isoformat(),
                   sales.c.business_day <= end.isoformat())
            .group_by(sale_lines.c.cooperative_id).order_by(sale_lines.c.cooperative_id))}

    def append_cost(self, row: dict[str, Any], shares: list[dict[str, Any]]) -> int:
        last, prev = self.ledger.take_chain(journal.COSTS_CHAIN)
        row = {**row, "number": last + 1, "prev_hash": prev}
        row["hash"] = journal.chain_hash(prev, journal.cost_payload(row, shares))
        cost_id = new_id(self.conn.execute(insert(shared_costs).values(**row)))
        self.conn.execute(insert(cost_shares), [{**s, "cost_id": cost_id} for s in shares])
        self.ledger.advance_chain(journal.COSTS_CHAIN, row["number"], row["hash"])
        return cost_id

    def cost(self, cost_id: int) -> SharedCost:
        r = self.conn.execute(
            select(shared_costs, sites.c.code.label("site_code"))
            .join(sites, sites.c.id == shared_costs.c.site_id).where(shared_costs.c.id == cost_id)
        ).one()
        return SharedCost(id=r.id, number=r.number, site_code=r.site_code, label=r.label,
                          amount=r.amount, rule=CostRule(r.rule), start=date.fromisoformat(r.start),
                          end=date.fromisoformat(r.end), created_at=parse_utc(r.created_at))

    def cost_ids(self) -> list[int]:
        return [int(i) for i in self.conn.scalars(select(shared_costs.c.id).order_by(shared_costs.c.number))]

    def shares_of(self, cost_id: int) -> list[CostShare]:
        return self._shares(cost_shares.c.cost_id == cost_id)

    # -- money owed and paid --------------------------------------------------------------------
    def payable_by_cooperative(self) -> dict[int, int]:
        """Every issued statement's net payable, per cooperative."""
        return {int(c): int(n) for c, n in self.conn.execute(
            select(statements.c.cooperative_id, func.sum(statements.c.net_payable))
            .group_by(statements.c.cooperative_id))}

    def paid_by_cooperative(self) -> dict[int, int]:
        """Every payout, per cooperative."""
        return {int(c): int(n) for c, n in self.conn.execute(
            select(payouts.c.cooperative_id, func.sum(payouts.c.amount))
            .group_by(payouts.c.cooperative_id))}

    def payable(self, cooperative_id: int) -> int:
        """Every issued statement's net payable."""
        return int(self.conn.scalar(select(func.coalesce(func.sum(statements.c.net_payable), 0))
                                    .where(statements.c.cooperative_id == cooperative_id)) or 0)

    def paid(self, cooperative_id: int) -> int:
        """Every payout."""
        return int(self.conn.scalar(select(func.coalesce(func.sum(payouts.c.amount), 0))
                                    .where(payouts.c.cooperative_id == cooperative_id)) or 0)

    # -- statements -----------------------------------------------------------------------------
    def append_statement(self, row: dict[str, Any], content: dict[str, Any],
                         lines: list[tuple[int, int, int]], costs: list[CostShare]) -> int:
        """Number, hash and insert a statement with the lines (sale line id, net, commission)
        and the cost shares it settles."""
        last, prev = self.ledger.take_chain(journal.STATEMENTS_CHAIN)
        row = {**row, "number": last + 1, "content": _ENCODE(content), "prev_hash": prev}
        line_rows = [{"sale_line_id": i, "net": n, "commission": c} for i, n, c in lines]
        cost_rows = [{"cost_share_id": c.id, "amount": c.amount} for c in costs]
        row["hash"] = journal.chain_hash(prev, journal.statement_payload(row, line_rows, cost_rows))
        statement_id = new_id(self.conn.execute(insert(statements).values(**row)))
        if line_rows:
            self.conn.execute(insert(statement_lines),
                              [{**r, "statement_id": statement_id} for r in line_rows])
        if cost_rows:
            self.conn.execute(insert(statement_costs),
                              [{**r, "statement_id": statement_id} for r in cost_rows])
        self.ledger.advance_chain(journal.STATEMENTS_CHAIN, row["number"], row["hash"])
        return statement_id

    def statement_id(self, number: int) -> int | None:
        return self.conn.scalar(select(statements.c.id).where(statements.c.number == number))

    def statement_ids(self, cooperative_id: int | None = None) -> list[int]:
        query = select(statements.c.id).order_by(statements.c.number)
        if cooperative_id is not None:
            query = query.where(statements.c.cooperative_id == cooperative_id)
        return [int(i) for i in self.conn.scalars(query)]

    def statement(self, statement_id: int) -> Statement:
        r = self.conn.execute(
            select(statements, cooperatives.c.code)
            .join(cooperatives, cooperatives.c.id == statements.c.cooperative_id)
            .where(statements.c.id == statement_id)).one()
        return Statement(
            cooperative_id=r.cooperative_id, cooperative_code=r.code,
            start=date.fromisoformat(r.start) if r.start else None,
            end=date.fromisoformat(r.end) if r.end else None,
            parts=tuple(self.settled_parts(statement_id)),
            costs=tuple(self.settled_costs(statement_id)), already_paid=r.already_paid,
            previously_payable=r.previously_payable, number=r.number,
            issued_at=parse_utc(r.issued_at), hash=r.hash,
        )

    # -- payouts --------------------------------------------------------------------------------
    def append_payout(self, row: dict[str, Any]) -> int:
        last, prev = self.ledger.take_chain(journal.PAYOUTS_CHAIN)
        row = {**row, "number": last + 1, "prev_hash": prev}
        row["hash"] = journal.chain_hash(prev, journal.payout_payload(row))
        payout_id = new_id(self.conn.execute(insert(payouts).values(**row)))
        self.ledger.advance_chain(journal.PAYOUTS_CHAIN, row["number"], row["hash"])
        return payout_id

    def payouts(self, cooperative_id: int | None = None) -> list[Payout]:
        query = (select(payouts, cooperatives.c.code)
                 .join(cooperatives, cooperatives.c.id == payouts.c.cooperative_id)
                 .order_by(payouts.c.number))
        if cooperative_id is not None:
            query = query.where(payouts.c.cooperative_id == cooperative_id)
        return [Payout(id=r.id, number=r.number, cooperative_code=r.code, amount=r.amount,
                       method=PayoutMethod(r.method), reference=r.reference,
                       paid_at=parse_utc(r.paid_at), user_id=r.user_id)
                for r in self.conn.execute(query)]

    def payout_id(self, number: int) -> int | None:
        return self.conn.scalar(select(payouts.c.id).where(payouts.c.number == number))

    def payout_site_id(self, payout_id: int) -> int | None:
        """The site of the register whose drawer paid a cash payout (None for the others)."""
        return self.conn.scalar(
            select(registers.c.site_id)
            .join(cash_movements, cash_movements.c.register_id == registers.c.id)
            .join(payouts, payouts.c.cash_movement_id == cash_movements.c.id)
            .where(payouts.c.id == payout_id))

    def due_after_payout(self, payout_id: int) -> int:
        """What the cooperative was still owed just after this payout: its statements issued
        until then minus its payouts up to this one."""
        paid = self.conn.execute(select(payouts.c.cooperative_id, payouts.c.number,
                                        payouts.c.paid_at).where(payouts.c.id == payout_id)).one()
        payable = self.conn.scalar(
            select(func.coalesce(func.sum(statements.c.net_payable), 0))
            .where(statements.c.cooperative_id == paid.cooperative_id,
                   statements.c.issued_at <= paid.paid_at))
        done = self.conn.scalar(
            select(func.coalesce(func.sum(payouts.c.amount), 0))
            .where(payouts.c.cooperative_id == paid.cooperative_id,
                   payouts.c.number <= paid.number))
        return int(payable or 0) - int(done or 0)

    def cooperatives_with_unsettled(self, start: date | None, end: date | None) -> list[int]:
        """Cooperatives having a sale line or a cost share that no statement settled."""
        lines = (select(sale_lines.c.cooperative_id).join(sales, sales.c.id == sale_lines.c.sale_id)
                 .where(~exists().where(statement_lines.c.sale_line_id == sale_lines.c.id)))
        if start is not None:
            lines = lines.where(sales.c.business_day >= start.isoformat())
        if end is not None:
            lines = lines.where(sales.c.business_day <= end.isoformat())
        shares = select(cost_shares.c.cooperative_id).where(
            ~exists().where(statement_costs.c.cost_share_id == cost_shares.c.id))
        found = set(self.conn.scalars(lines.distinct())) | set(self.conn.scalars(shares.distinct()))
        return sorted(int(i) for i in found)

