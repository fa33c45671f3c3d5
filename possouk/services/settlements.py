"""Statements for the cooperatives, shared costs, and payouts (see possouk.domain.settlement).

Rules, checked here:

- a statement settles every line and cost share not yet settled (within a period when
  one is given); issuing it fixes them for ever (the database refuses a second
  settlement), numbers it, chains it; an empty statement is not issued;
- a refund of a line already settled is a line of its own, unsettled: it falls into
  the cooperative's next statement, negative;
- a shared cost is split when it is entered, between the cooperatives that sold at its
  site in its period: equally, pro rata of net sales, or pro rata of quantities, exactly
  (largest remainder: the shares add up to the cost);
- a payout never exceeds the balance due, is at least the cooperative's minimum unless
  it pays the whole balance, needs the RIB on file for a transfer and a reference for a
  transfer or a cheque; a cash payout leaves an open register's drawer (a cash movement).

Issuing, costs and payouts need :attr:`Permission.SETTLE` (organizers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from possouk.domain.calendar import utc_now
from possouk.domain.cash import MoveKind, MoveReason
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Cooperative, User
from possouk.domain.money import MAX_AMOUNT, Centimes, allocate, format_plain
from possouk.domain.permissions import Permission, require
from possouk.domain.settlement import (
    CostRule,
    CostShare,
    Payout,
    PayoutMethod,
    SharedCost,
    Statement,
)
from possouk.domain.text import clean_name, clean_optional
from possouk.services.events import log_event
from possouk.services.exchange import refuse_settling_at_a_site
from possouk.services.sessions import record_move
from possouk.services.setup import require_site
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "Balance", "add_cost", "balance", "balances", "cooperatives_to_settle", "costs", "draft",
    "drafts", "issue", "pay", "payouts", "statement", "statements",
]

_REFERENCE = re.compile(r"^(?:REL-)?0*(\d{1,9})$", re.IGNORECASE)


def _cooperative(uow: UnitOfWork, code: str) -> Cooperative:
    found = uow.catalog.cooperative_by_code(code.strip())
    if found is None:
        raise UserError(N_("There is no cooperative with the code {code}."), code=code)
    return found


def _check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise UserError(N_("The period ends before it starts ({start} to {end})."),
                        start=start.isoformat(), end=end.isoformat())


def _draft(uow: UnitOfWork, cooperative: Cooperative, start: date | None,
           end: date | None) -> Statement:
    repo = uow.settlements
    return Statement(
        cooperative_id=cooperative.id, cooperative_code=cooperative.code, start=start, end=end,
        parts=tuple(repo.unsettled_parts(cooperative.id, start, end).get(cooperative.id, [])),
        costs=tuple(repo.unsettled_costs(cooperative.id, start, end).get(cooperative.code, [])),
        already_paid=repo.paid(cooperative.id), previously_payable=repo.payable(cooperative.id),
    )


def draft(db: Database, cooperative_code: str, start: date | None = None,
          end: date | None = None) -> Statement:
    """What a statement of the cooperative would settle now (nothing is written)."""
    _check_period(start, end)
    with db.read() as uow:
        return _draft(uow, _cooperative(uow, cooperative_code), start, end)


def drafts(db: Database, start: date | None = None, end: date | None = None) -> list[Statement]:
    """The draft statement of every cooperative with something unsettled (in the period), in
    code order: one pass over the lines for all of them."""
    _check_period(start, end)
    with db.read() as uow:
        repo = uow.settlements
        parts = repo.unsettled_parts(None, start, end)
        costs = repo.unsettled_costs(None, start, end)
        payable, paid = repo.payable_by_cooperative(), repo.paid_by_cooperative()
        return [
            Statement(cooperative_id=c.id, cooperative_code=c.code, start=start, end=end,
                      parts=tuple(parts.get(c.id, [])), costs=tuple(costs.get(c.code, [])),
                      already_paid=paid.get(c.id, 0), previously_payable=payable.get(c.id, 0))
            for c in sorted(uow.catalog.cooperatives(), key=lambda c: c.code)
            if c.id in parts or c.code in costs
        ]


def issue(db: Database, user: User, cooperative_code: str, start: date | None = None,
          end: date | None = None, *, at: datetime | None = None) -> Statement:
    """Issue the cooperative's statement: number it, settle its lines and costs, chain it."""
    require(user, Permission.SETTLE)
    _check_period(start, end)
    moment = at or utc_now()
    with db.write() as uow:
        refuse_settling_at_a_site(uow)
        cooperative = _cooperative(uow, cooperative_code)
        statement = _draft(uow, cooperative, start, end)
        if statement.empty:
            raise UserError(N_("Nothing to settle for {code} in this period: no statement was "
                               "issued."), code=cooperative.code)
        content = {
            "gross_sales": statement.gross_sales, "discounts": statement.discounts,
            "sales": statement.sales, "refunds": statement.refunds,
            "commission": statement.commission, "shared_costs": statement.shared_costs,
            "lines": statement.line_count, "costs": len(statement.costs),
        }
        lines = uow.settlements.unsettled_line_rows(cooperative.id, start, end)
        if len(lines) != statement.line_count:  # the same transaction reads the same lines
            raise RuntimeError("statement lines changed while the statement was issued")
        statement_id = uow.settlements.append_statement({
            "cooperative_id": cooperative.id,
            "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
            "issued_at": utc_text(moment), "user_id": user.id,
            "net_payable": statement.net_payable,
            "previously_payable": statement.previously_payable,
            "already_paid": statement.already_paid,
        }, content, lines, list(statement.costs))
        issued = uow.settlements.statement(statement_id)
        log_event(uow, user, "statement", at=moment, cooperative=cooperative.code,
                  statement=issued.reference, net_payable=format_plain(issued.net_payable))
        uow.commit()
        return issued


def statement(db: Database, reference: str) -> Statement:
    """The issued statement ``REL-000012`` (or ``12``)."""
    found = _REFERENCE.match(reference.strip())
    if found is None:
        raise UserError(N_("{reference} is not a statement number (like REL-000012)."),
                        reference=reference)
    with db.read() as uow:
        statement_id = uow.settlements.statement_id(int(found.group(1)))
        if statement_id is None:
            raise UserError(N_("There is no statement {reference}."), reference=reference)
        return uow.settlements.statement(statement_id)


def statements(db: Database, cooperative_code: str | None = None) -> list[Statement]:
    """Issued statements (of one cooperative), oldest first."""
    with db.read() as uow:
        cooperative_id = _cooperative(uow, cooperative_code).id if cooperative_code else None
        return [uow.settlements.statement(i) for i in uow.settlements.statement_ids(cooperative_id)]


def cooperatives_to_settle(db: Database, start: date | None = None,
                           end: date | None = None) -> list[str]:
    """The codes of the cooperatives with something unsettled (in the period)."""
    _check_period(start, end)
    with db.read() as uow:
        ids = set(uow.settlements.cooperatives_with_unsettled(start, end))
        return sorted(c.code for c in uow.catalog.cooperatives() if c.id in ids)


@dataclass(frozen=True)
class Balance:
    cooperative_code: str
    payable: Centimes  # every issued statement's net payable
    paid: Centimes  # every payout

    @property
    def due(self) -> Centimes:
        return self.payable - self.paid


def balances(db: Database) -> list[Balance]:
    """Every cooperative's balance (code order)."""
    with db.read() as uow:
        payable, paid = uow.settlements.payable_by_cooperative(), uow.settlements.paid_by_cooperative()
        return [Balance(c.code, payable.get(c.id, 0), paid.get(c.id, 0))
                for c in sorted(uow.catalog.cooperatives(), key=lambda c: c.code)]


def balance(db: Database, cooperative_code: str) -> Balance:
    with db.read() as uow:
        cooperative = _cooperative(uow, cooperative_code)
        return Balance(cooperative.code, uow.settlements.payable(cooperative.id),
                       uow.settlements.paid(cooperative.id))


# -- shared costs ---------------------------------------------------------------------------------


def _split(amount: Centimes, rule: CostRule, sold: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    ids = list(sold)
    if rule is CostRule.EQUAL:
        weights = [1] * len(ids)
    elif rule is CostRule.SALES:
        weights = [max(sold[i][0], 0) for i in ids]
    else:
        weights = [max(sold[i][1], 0) for i in ids]
    if not any(weights):
        raise UserError(N_("Nothing was sold in this period to split the cost by."))
    return [(i, share) for i, share in zip(ids, allocate(amount, weights), strict=True) if share]


def add_cost(db: Database, user: User, site_code: str, label: str, amount: Centimes,
             rule: CostRule, start: date, end: date, *,
             at: datetime | None = None) -> tuple[SharedCost, list[CostShare]]:
    """Enter a shared cost and split it now between the cooperatives that sold in its period."""
    require(user, Permission.SETTLE)
    text = clean_name(label, field=N_("label"))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(N_("The amount must be more than zero."))
    if amount > MAX_AMOUNT:
        raise UserError(N_("This amount is too large."))
    _check_period(start, end)
    moment = at or utc_now()
    with db.write() as uow:
        refuse_settling_at_a_site(uow)
        site = require_site(uow, site_code)
        sold = uow.settlements.sales_for_split(site.id, start, end)
        if not sold:
            raise UserError(N_("No cooperative sold at site {site} from {start} to {end}: there "
                               "is nobody to share the cost."), site=site.code,
                            start=start.isoformat(), end=end.isoformat())
        shares = [{"cooperative_id": c, "amount": a} for c, a in _split(amount, rule, sold)]
        cost_id = uow.settlements.append_cost({
            "site_id": site.id, "label": text, "amount": amount, "rule": rule.value,
            "start": start.isoformat(), "end": end.isoformat(), "created_at": utc_text(moment),
            "user_id": user.id,
        }, shares)
        cost = uow.settlements.cost(cost_id)
        split = uow.settlements.shares_of(cost_id)
        log_event(uow, user, "shared_cost", at=moment, cost=cost.number, label=text,
                  amount=format_plain(amount), rule=rule.value,
                  shares={s.cooperative_code: format_plain(s.amount) for s in split})
        uow.commit()
        return cost, split


def costs(db: Database) -> list[tuple[SharedCost, list[CostShare]]]:
    with db.read() as uow:
        return [(uow.settlements.cost(i), uow.settlements.shares_of(i))
                for i in uow.settlements.cost_ids()]


# -- payouts --------------------------------------------------------------------------------------


def pay(db: Database, user: User, cooperative_code: str, amount: Centimes, method: PayoutMethod,
        reference: str = "", *, register_code: str | None = None,
        at: datetime | None = None) -> Payout:
    """Pay the cooperative ``amount`` of its balance due."""
    require(user, Permission.SETTLE)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(N_("The amount must be more than zero."))
    note = clean_optional(reference, field=N_("reference"))
    if method in (PayoutMethod.TRANSFER, PayoutMethod.CHEQUE) and not note:
        raise UserError(N_("Give the transfer's reference or the cheque's number."))
    if len(note) > 60:
        raise UserError(N_("The reference is too long (at most {count} characters)."), count=60)
    moment = at or utc_now()
    with db.write() as uow:
        refuse_settling_at_a_site(uow)
        cooperative = _cooperative(uow, cooperative_code)
        due = uow.settlements.payable(cooperative.id) - uow.settlements.paid(cooperative.id)
        if amount > due:
            raise UserError(N_("{code} is owed {due}: a payout of {amount} is more than that."),
                            code=cooperative.code, due=format_plain(due), amount=format_plain(amount))
        if amount < min(cooperative.minimum_payout, due):
            raise UserError(N_("The smallest payout to {code} is {minimum} (or the whole balance)."),
                            code=cooperative.code, minimum=format_plain(cooperative.minimum_payout))
        if method is PayoutMethod.TRANSFER and not cooperative.rib:
            raise UserError(N_("{code} has no RIB on file: record it before paying by transfer."),
                            code=cooperative.code)
        movement_id: int | None = None
        if method is PayoutMethod.CASH:
            if not register_code:
                raise UserError(N_("Say from which register's drawer the cash is paid."))
            movement = record_move(uow, user, register_code, MoveKind.OUT,
                                   MoveReason.COOPERATIVE_PAYOUT, amount, cooperative.code,
                                   at=moment, payout=True)
            movement_id = movement.id
            note = note or f"{movement.register_code}-C{movement.number:04d}"
        payout_id = uow.settlements.append_payout({
            "cooperative_id": cooperative.id, "amount": amount, "method": method.value,
            "reference": note, "paid_at": utc_text(moment), "user_id": user.id,
            "cash_movement_id": movement_id,
        })
        done = next(p for p in uow.settlements.payouts(cooperative.id) if p.id == payout_id)
        log_event(uow, user, "payout", at=moment, cooperative=cooperative.code,
                  payout=done.document, amount=format_plain(amount), method=method.value,
                  reference=note)
        uow.commit()
        return done


def payouts(db: Database, cooperative_code: str | None = None) -> list[Payout]:
    with db.read() as uow:
        cooperative_id = _cooperative(uow, cooperative_code).id if cooperative_code else None
        return uow.settlements.payouts(cooperative_id)

