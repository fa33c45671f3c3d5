"""Cash sessions: the float counted by denomination, cash in and out, the X and Z reports.

A cash session is one register's drawer from opening (the float counted) to
closing (the cash counted, the Z report). The figures of a session are plain
data here; :mod:`possouk.services.sessions` computes and records them.

Expected cash, the one formula of a closing::

    opening float + cash received − change given − cash refunded + cash in − cash out

Cash received counts what customers handed over; the change given back is taken
off once, so a sale paid 100 DH for 45 DH adds 45 DH, never 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.money import MAX_AMOUNT, Centimes

__all__ = [
    "COINS", "DENOMINATIONS", "NOTES", "CashCount", "CashMovement", "CashSession", "MoveKind",
    "MoveReason", "SessionFigures", "SessionStatus", "ZReport", "count_from", "pieces_for",
]

NOTES: tuple[Centimes, ...] = (20_000, 10_000, 5_000, 2_000)
"""Moroccan banknotes: 200, 100, 50 and 20 dirhams."""
COINS: tuple[Centimes, ...] = (1_000, 500, 200, 100, 50, 20, 10)
"""Coins: 10, 5, 2 and 1 dirham, 50, 20 and 10 centimes."""
DENOMINATIONS: tuple[Centimes, ...] = NOTES + COINS
MAX_PIECES = 100_000  # of one denomination in one drawer: beyond, a typing mistake


class SessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MoveKind(StrEnum):
    IN = "in"
    OUT = "out"


class MoveReason(StrEnum):
    """Why cash went in or out of the drawer during a session."""

    FLOAT_TOP_UP = "float_top_up"  # in: more change brought to the drawer
    SAFE_DROP = "safe_drop"  # out: notes taken to the safe
    PETTY_EXPENSE = "petty_expense"  # out: paid from the drawer, with its receipt
    OTHER = "other"  # either way, with a note
    COOPERATIVE_PAYOUT = "payout"  # out: a cooperative paid in cash (recorded by its payout)

    def allows(self, kind: MoveKind) -> bool:
        """True when money may move this way for this reason."""
        if self is MoveReason.FLOAT_TOP_UP:
            return kind is MoveKind.IN
        if self in (MoveReason.SAFE_DROP, MoveReason.PETTY_EXPENSE, MoveReason.COOPERATIVE_PAYOUT):
            return kind is MoveKind.OUT
        return True

    @property
    def chosen_by_hand(self) -> bool:
        """False for a payout: it comes with its payout document, never typed alone."""
        return self is not MoveReason.COOPERATIVE_PAYOUT


@dataclass(frozen=True)
class CashCount:
    """Pieces counted per denomination (centimes → number of pieces)."""

    pieces: tuple[tuple[Centimes, int], ...] = ()

    @property
    def total(self) -> Centimes:
        return sum(value * number for value, number in self.pieces)

    def as_dict(self) -> dict[str, int]:
        """For storage: denominations as strings (JSON keys), zeros left out."""
        return {str(value): number for value, number in self.pieces if number}


def count_from(pieces: Mapping[Centimes, int] | Mapping[str, int]) -> CashCount:
    """A :class:`CashCount` from pieces per denomination; refuses an unknown denomination and a
    negative, fractional or absurd number of pieces."""
    counted: dict[Centimes, int] = {}
    for key, number in pieces.items():
        try:
            value = int(key)
        except (TypeError, ValueError):
            raise UserError(N_("{value} is not a Moroccan note or coin."), value=str(key)) from None
        if value not in DENOMINATIONS:
            raise UserError(N_("{value} is not a Moroccan note or coin."), value=str(key))
        if isinstance(number, bool) or not isinstance(number, int):
            raise UserError(N_("The number of pieces must be a whole number."))
        if number < 0:
            raise UserError(N_("The number of pieces cannot be negative."))
        if number > MAX_PIECES:
            raise UserError(N_("{number} pieces of one kind is more than a drawer holds."),
                            number=number)
        counted[value] = counted.get(value, 0) + number
    count = CashCount(tuple((v, counted[v]) for v in DENOMINATIONS if counted.get(v)))
    if count.total > MAX_AMOUNT:
        raise UserError(N_("This amount is too large."))
    return count


def pieces_for(amount: Centimes) -> CashCount:
    """The fewest notes and coins making ``amount`` (less what is under 10 centimes)."""
    left = max(amount, 0)
    pieces: list[tuple[Centimes, int]] = []
    for value in DENOMINATIONS:
        number, left = divmod(left, value)
        if number:
            pieces.append((value, number))
    return CashCount(tuple(pieces))


@dataclass(frozen=True)
class CashSession:
    id: int
    register_id: int
    register_code: str
    number: int  # per register
    business_day: date
    opened_at: datetime
    opened_by_id: int
    opening: CashCount
    status: SessionStatus
    first_sale_number: int  # the register's first receipt number that belongs to it
    closed_at: datetime | None = None
    closed_by_id: int | None = None

    @property
    def reference(self) -> str:
        return f"{self.register_code}-S{self.number:04d}"


@dataclass(frozen=True)
class CashMovement:
    id: int
    session_id: int
    register_code: str
    number: int  # per register
    kind: MoveKind
    reason: MoveReason
    amount: Centimes  # more than zero; ``kind`` says which way
    note: str
    user_id: int
    created_at: datetime

    @property
    def signed(self) -> Centimes:
        return self.amount if self.kind is MoveKind.IN else -self.amount


@dataclass(frozen=True)
class SessionFigures:
    """What a session took, as the X report shows it and the Z report keeps it.

    ``by_method`` is the net taken per payment method (sales minus refunds), cash
    included as the amount applied (received minus change).
    """

    opening_float: Centimes
    sales_count: int
    refunds_count: int
    sales_total: Centimes  # sum of the sales' totals
    refunds_total: Centimes  # sum of the refunds' totals, as a positive amount
    discounts: Centimes  # line and ticket discounts given on the sales
    price_overrides: int  # lines sold at another price than the catalog's
    by_method: dict[PaymentMethod, Centimes]
    cash_received: Centimes  # handed over by customers, before change
    change_given: Centimes
    cash_refunded: Centimes  # positive
    cash_in: Centimes
    cash_out: Centimes  # positive
    first_receipt: int | None
    last_receipt: int | None
    last_hash: str
    manual_entries: int = 0  # paper sales entered during the session (their cash is not in
    manual_total: Centimes = 0  # this drawer): counted in the grand total, not in the cash

    @property
    def net(self) -> Centimes:
        """Sales minus refunds, paper sales included: what the session adds to the grand total."""
        return self.sales_total - self.refunds_total + self.manual_total

    @property
    def expected_cash(self) -> Centimes:
        return (self.opening_float + self.cash_received - self.change_given - self.cash_refunded
                + self.cash_in - self.cash_out)


@dataclass(frozen=True)
class ZReport:
    """The closing of a cash session: a final document, numbered per register and chained."""

    id: int
    register_id: int
    register_code: str
    site_code: str
    number: int
    session_id: int
    session_number: int
    business_day: date
    opened_at: datetime
    created_at: datetime
    opened_by: str  # display names, as they were
    closed_by: str
    approved_by: str | None  # the supervisor who accepted a difference over the tolerance
    reason: str  # why the difference, when there is one
    figures: SessionFigures
    counted: CashCount
    declared: dict[PaymentMethod, Centimes]  # the terminals' slips as entered, card, mobile…
    grand_total: Centimes  # perpetual: every session of the register so far
    previous_grand_total: Centimes
    hash: str = ""
    movements: tuple[CashMovement, ...] = field(default=())

    @property
    def reference(self) -> str:
        return f"{self.register_code}-Z{self.number:04d}"

    @property
    def counted_cash(self) -> Centimes:
        return self.counted.total

    def expected(self, method: PaymentMethod) -> Centimes:
        """What the till says ``method`` should come to (cash: in the drawer)."""
        if method is PaymentMethod.CASH:
            return self.figures.expected_cash
        return self.figures.by_method.get(method, 0)

    def found(self, method: PaymentMethod) -> Centimes:
        """What was counted (cash) or declared from the terminal's slips."""
        if method is PaymentMethod.CASH:
            return self.counted_cash
        return self.declared.get(method, self.expected(method))

    def difference(self, method: PaymentMethod) -> Centimes:
        """Found minus expected: more than zero is a surplus, less a shortage."""
        return self.found(method) - self.expected(method)
