"""Cash sessions: open a register with its counted float, move cash in and out, read the
X report, close with the cash counted and the terminals' slips, and keep the Z report.

Rules (checked here, whatever the screen):

- one open session per register; no sale or refund at a register without one
  (paper sales entered afterwards are the exception: see :mod:`possouk.services.checkout`);
- a session belongs to the business day it was opened in; once that day is over
  it must be closed before anything else is sold there (:func:`stale_session`);
- cash in and out need :attr:`Permission.MOVE_CASH`, or a supervisor's approval;
- a cashier closes their own session; someone else's needs
  :attr:`Permission.CLOSE_ANY_SESSION`;
- a difference beyond the store's tolerance, on any payment method, needs a
  supervisor (:attr:`Permission.APPROVE_DIFFERENCE`) and a reason;
- the Z report is a final document, numbered and chained per register, with the
  perpetual grand total, the last receipt number and the last hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.cash import (
    CashCount,
    CashMovement,
    CashSession,
    MoveKind,
    MoveReason,
    SessionFigures,
    ZReport,
)
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Register, User
from possouk.domain.money import MAX_AMOUNT, Centimes, format_plain
from possouk.domain.permissions import Permission, allows, require
from possouk.domain.text import clean_optional
from possouk.services.closings import refuse_closed_day
from possouk.services.events import log_event
from possouk.services.setup import require_register
from possouk.storage.journal import sales_chain
from possouk.storage.rows import utc_text
from possouk.storage.sessions_repo import figures_to_json
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "DECLARED_METHODS", "ClosingCheck", "check_closing", "check_open", "close_session",
    "current_session", "figures", "move_cash", "open_session", "record_close", "record_move", "record_open",
    "require_open_session", "stale_session", "z_report", "z_reports",
]

DECLARED_METHODS = (PaymentMethod.CARD, PaymentMethod.MOBILE, PaymentMethod.TRANSFER)
"""Methods whose totals are checked against the slips of a terminal (or a bank statement)."""


def _register(uow: UnitOfWork, code: str) -> Register:
    return require_register(uow, code)


def current_session(db: Database, register_code: str) -> CashSession | None:
    """The register's open session, or None."""
    with db.read() as uow:
        return uow.sessions.open_session(_register(uow, register_code).id)


def _stale(session: CashSession, at: datetime, cutoff_minutes: int) -> bool:
    return session.business_day < business_day(at, cutoff_minutes)


def stale_session(db: Database, register_code: str, at: datetime | None = None) -> CashSession | None:
    """The register's open session when it belongs to an earlier business day (it must be
    closed before anything else), else None."""
    with db.read() as uow:
        session = uow.sessions.open_session(_register(uow, register_code).id)
        cutoff = uow.store.store().day_cutoff_minutes
    if session is not None and _stale(session, at or utc_now(), cutoff):
        return session
    return None


def check_open(uow: UnitOfWork, register: Register, at: datetime, cutoff_minutes: int) -> None:
    """Refuse a sale or refund at ``register`` without an open session, or with one left open
    from an earlier business day (one indexed read: it runs on every sale)."""
    day = uow.sessions.open_day(register.id)
    if day is None:
        raise UserError(N_("Register {register} is not open: count the float and open it first."),
                        register=register.code)
    if day < business_day(at, cutoff_minutes):
        raise UserError(N_("The session of {day} is still open at register {register}: close it "
                           "before selling."), day=day.isoformat(), register=register.code)


def require_open_session(uow: UnitOfWork, register: Register, at: datetime) -> CashSession:
    """The session a refund or a cash movement at ``register`` goes into (see :func:`check_open`)."""
    check_open(uow, register, at, uow.store.store().day_cutoff_minutes)
    session = uow.sessions.open_session(register.id)
    assert session is not None  # checked just above, in the same transaction
    return session


def open_session(db: Database, user: User, register_code: str, opening: CashCount, *,
                 at: datetime | None = None) -> CashSession:
    """Open ``register_code`` with the float ``opening`` counted by ``user``."""
    with db.write() as uow:
        session = record_open(uow, user, register_code, opening, at=at)
        uow.commit()
        return session


def record_open(uow: UnitOfWork, user: User, register_code: str, opening: CashCount, *,
                at: datetime | None = None) -> CashSession:
    """:func:`open_session` in the caller's transaction."""
    require(user, Permission.SELL)
    moment = at or utc_now()
    register = _register(uow, register_code)
    uow.ledger.refuse_received(sales_chain(register.id))
    existing = uow.sessions.open_session(register.id)
    if existing is not None:
        raise UserError(N_("Register {register} is already open (session {session})."),
                        register=register.code, session=existing.reference)
    store = uow.store.store()
    day = business_day(moment, store.day_cutoff_minutes)
    refuse_closed_day(uow, register.site_id, register.site_code, day)
    first = uow.sessions.last_sale_number(register.id) + 1
    session_id = uow.sessions.insert_session(register.id, day, utc_text(moment), user.id,
                                             opening, first)
    session = uow.sessions.session(session_id)
    log_event(uow, user, "session_open", at=moment, register=register.code,
              session=session.reference, float=format_plain(opening.total),
              count=opening.as_dict())
    return session


def move_cash(db: Database, user: User, register_code: str, kind: MoveKind, reason: MoveReason,
              amount: Centimes, note: str = "", *, approver: User | None = None,
              at: datetime | None = None) -> CashMovement:
    """Put cash in or take it out of the open drawer, with its reason; logged and chained."""
    with db.write() as uow:
        movement = record_move(uow, user, register_code, kind, reason, amount, note,
                               approver=approver, at=at)
        uow.commit()
        return movement


def record_move(uow: UnitOfWork, user: User, register_code: str, kind: MoveKind,
                reason: MoveReason, amount: Centimes, note: str = "", *,
                approver: User | None = None, at: datetime | None = None,
                payout: bool = False) -> CashMovement:
    """:func:`move_cash` in the caller's transaction (``payout``: for
    :func:`possouk.services.settlements.pay` only, the one way to record a payout)."""
    if (reason is MoveReason.COOPERATIVE_PAYOUT) != payout:
        raise UserError(N_("A cooperative is paid with possouk payout, which records the cash "
                           "leaving the drawer."))
    who = user if allows(user, Permission.MOVE_CASH) else approver
    if who is None or not allows(who, Permission.MOVE_CASH):
        require(user, Permission.MOVE_CASH)  # raises with the cashier's name
        raise AssertionError("unreachable")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(N_("The amount must be more than zero."))
    if amount > MAX_AMOUNT:
        raise UserError(N_("This amount is too large."))
    if not reason.allows(kind):
        raise UserError(N_("This reason does not fit money going this way."))
    text = clean_optional(note, field=N_("note"))
    if reason is MoveReason.OTHER and not text:
        raise UserError(N_("Say what the money is for."))
    moment = at or utc_now()
    register = _register(uow, register_code)
    session = require_open_session(uow, register, moment)
    if kind is MoveKind.OUT:
        on_hand = uow.sessions.figures(session).expected_cash
        if amount > on_hand:
            raise UserError(N_("The drawer should hold only {amount}: that much cannot be "
                               "taken out."), amount=format_plain(on_hand))
    movement_id = uow.sessions.append_movement({
        "register_id": register.id, "session_id": session.id, "kind": kind.value,
        "reason": reason.value, "amount": amount, "note": text, "user_id": user.id,
        "created_at": utc_text(moment),
    })
    movement = next(m for m in uow.sessions.movements(session.id) if m.id == movement_id)
    log_event(uow, user, "cash_" + kind.value, at=moment, register=register.code,
              session=session.reference, number=movement.number, reason=reason.value,
              amount=format_plain(amount), approved_by=who.login if who is not user else None)
    return movement


def figures(db: Database, register_code: str) -> tuple[CashSession, SessionFigures]:
    """The X report: the open session and what it took so far (nothing is written)."""
    with db.read() as uow:
        register = _register(uow, register_code)
        session = uow.sessions.open_session(register.id)
        if session is None:
            raise UserError(N_("Register {register} is not open."), register=register.code)
        return session, uow.sessions.figures(session)


@dataclass(frozen=True)
class ClosingCheck:
    """Expected, found and difference per method, before a closing is confirmed."""

    figures: SessionFigures
    expected: dict[PaymentMethod, Centimes]
    found: dict[PaymentMethod, Centimes]
    tolerance: Centimes

    def difference(self, method: PaymentMethod) -> Centimes:
        return self.found[method] - self.expected[method]

    @property
    def over_tolerance(self) -> list[PaymentMethod]:
        """The methods whose difference is beyond the tolerance (a supervisor must accept)."""
        return [m for m in self.found if abs(self.difference(m)) > self.tolerance]


def _check(session_figures: SessionFigures, counted: CashCount,
           declared: Mapping[PaymentMethod, Centimes], tolerance: Centimes) -> ClosingCheck:
    for method, amount in declared.items():
        if method not in DECLARED_METHODS:
            raise UserError(N_("Cash is counted by denomination, not declared."))
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise UserError(N_("The amount must be a number."))
        if amount < 0:
            raise UserError(N_("A slip total cannot be negative."))
        if amount > MAX_AMOUNT:
            raise UserError(N_("This amount is too large."))
    expected = {PaymentMethod.CASH: session_figures.expected_cash}
    found = {PaymentMethod.CASH: counted.total}
    for method in DECLARED_METHODS:
        taken = session_figures.by_method.get(method, 0)
        if taken or method in declared:
            expected[method] = taken
            found[method] = declared.get(method, taken)
    return ClosingCheck(session_figures, expected, found, tolerance)


def check_closing(db: Database, register_code: str, counted: CashCount,
                  declared: Mapping[PaymentMethod, Centimes]) -> ClosingCheck:
    """What a closing with these counts would find (nothing is written)."""
    with db.read() as uow:
        register = _register(uow, register_code)
        session = uow.sessions.open_session(register.id)
        if session is None:
            raise UserError(N_("Register {register} is not open."), register=register.code)
        return _check(uow.sessions.figures(session), counted, declared,
                      uow.store.store().cash_tolerance)


def close_session(db: Database, user: User, register_code: str, counted: CashCount,
                  declared: Mapping[PaymentMethod, Centimes], *, approver: User | None = None,
                  reason: str = "", at: datetime | None = None) -> ZReport:
    """Close the register's open session and write its Z report; returns it.

    ``declared``: the card, mobile and transfer totals from the terminals' slips (a method
    left out is taken as what the till says). Beyond the tolerance, ``approver`` must be a
    supervisor and ``reason`` must say why.
    """
    with db.write() as uow:
        report = record_close(uow, user, register_code, counted, declared, approver=approver,
                              reason=reason, at=at)
        uow.commit()
        return report


def record_close(uow: UnitOfWork, user: User, register_code: str, counted: CashCount,
                 declared: Mapping[PaymentMethod, Centimes], *, approver: User | None = None,
                 reason: str = "", at: datetime | None = None) -> ZReport:
    """:func:`close_session` in the caller's transaction."""
    require(user, Permission.SELL)
    text = clean_optional(reason, field=N_("reason"))
    moment = at or utc_now()
    register = _register(uow, register_code)
    session = uow.sessions.open_session(register.id)
    if session is None:
        raise UserError(N_("Register {register} is not open: there is nothing to close."),
                        register=register.code)
    if session.opened_by_id != user.id:
        require(user, Permission.CLOSE_ANY_SESSION)
    store = uow.store.store()
    last = uow.sessions.last_sale_number(register.id)
    session_figures = uow.sessions.figures(session, last)
    check = _check(session_figures, counted, declared, store.cash_tolerance)
    approved_by: User | None = None
    if check.over_tolerance:
        if approver is None:
            raise UserError(N_("The difference is more than {tolerance}: a supervisor must "
                               "accept it."), tolerance=format_plain(store.cash_tolerance))
        require(approver, Permission.APPROVE_DIFFERENCE)
        if not text:
            raise UserError(N_("Say why the count differs."))
        approved_by = approver
    previous = uow.sessions.last_grand_total(register.id)
    opener = uow.users.get(session.opened_by_id)
    declared_found = {m.value: a for m, a in check.found.items() if m is not PaymentMethod.CASH}
    content = {
        "session_number": session.number, "opened_at": utc_text(session.opened_at),
        "opened_by": opener.display_name, "closed_by": user.display_name,
        "approved_by": approved_by.display_name if approved_by else None,
        "figures": figures_to_json(session_figures), "counted": counted.as_dict(),
        "declared": declared_found, "previous_grand_total": previous,
    }
    z_id = uow.sessions.append_z({
        "register_id": register.id, "session_id": session.id,
        "business_day": session.business_day.isoformat(), "created_at": utc_text(moment),
        "closed_by_id": user.id, "approved_by_id": approved_by.id if approved_by else None,
        "reason": text, "grand_total": previous + session_figures.net,
        "last_receipt_number": last, "last_sale_hash": session_figures.last_hash,
    }, content)
    uow.sessions.mark_closed(session.id, utc_text(moment), user.id)
    report = uow.sessions.z(z_id)
    log_event(uow, user, "session_close", at=moment, register=register.code,
              session=session.reference, z=report.reference,
              expected_cash=format_plain(check.expected[PaymentMethod.CASH]),
              counted_cash=format_plain(counted.total),
              difference=format_plain(check.difference(PaymentMethod.CASH)),
              approved_by=approved_by.login if approved_by else None)
    return report


def z_report(db: Database, reference: str) -> ZReport:
    """The Z report ``REGISTER-Z0001`` (or ``REGISTER-Z1``)."""
    code, _, number = reference.strip().upper().rpartition("-Z")
    if not code or not number.isdigit():
        raise UserError(N_("{reference} is not a Z report number (like MEK1-Z0001)."),
                        reference=reference)
    with db.read() as uow:
        register = _register(uow, code)
        z_id = uow.sessions.z_id(register.id, int(number))
        if z_id is None:
            raise UserError(N_("There is no Z report {reference}."), reference=reference)
        return uow.sessions.z(z_id)


def z_reports(db: Database, register_code: str | None = None) -> list[ZReport]:
    """Every Z report (of one register), oldest first."""
    with db.read() as uow:
        register_id = _register(uow, register_code).id if register_code else None
        return [uow.sessions.z(i) for i in uow.sessions.z_ids(register_id)]
