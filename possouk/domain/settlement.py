"""Settlements with the cooperatives: what their goods earned, exactly once, and what was paid.

A **statement** gathers, for one cooperative, every sale line and refund line of its
goods not yet settled (optionally within a period), and the shares of shared costs
allocated to it and not yet settled. Issuing it fixes those lines: each sale line and
each cost share is settled by exactly one statement, ever. Per line:

- its net is the amount after its line discount and its share of any ticket discount
  (the ticket discount is spread over the sale's lines pro rata at checkout, so the
  cooperatives whose goods were on the ticket bear it in proportion);
- the store's commission is the line's net times the line's snapshotted rate, rounded
  half away from zero (:func:`possouk.domain.closing.line_commission`), then summed.

Net payable = sales − refunds − commission − shared costs. The cooperative's balance is
every issued statement's net payable minus every payout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from possouk.domain.model import Unit
from possouk.domain.money import Centimes, Milli

__all__ = [
    "CostRule",
    "CostShare",
    "Payout",
    "PayoutMethod",
    "SharedCost",
    "Statement",
    "StatementPart",
    "StatementProduct",
]


class CostRule(StrEnum):
    EQUAL = "equal"  # the same share for every cooperative that sold in the period
    SALES = "sales"  # pro rata of each one's net sales
    QUANTITY = "quantity"  # pro rata of the quantities sold (pieces, kilograms, litres)


class PayoutMethod(StrEnum):
    CASH = "cash"  # from an open register's drawer, against a signed receipt
    TRANSFER = "transfer"  # to the RIB on file, with the bank's reference
    CHEQUE = "cheque"  # with the cheque's number


@dataclass(frozen=True)
class SharedCost:
    id: int
    number: int
    site_code: str
    label: str
    amount: Centimes
    rule: CostRule
    start: date
    end: date
    created_at: datetime


@dataclass(frozen=True)
class CostShare:
    id: int
    cost_id: int
    cost_number: int
    label: str
    rule: CostRule
    cooperative_code: str
    amount: Centimes


@dataclass(frozen=True)
class StatementPart:
    """The sale lines (or the refund lines) of one product at one unit price, summed.

    Refund parts have negative quantities and amounts. Commission is the sum of each
    line's own rounded commission, never a rate applied to the sum.
    """

    sku: str
    name_ar: str  # as on the part's last line
    name_fr: str
    unit: Unit
    unit_price: Centimes
    refund: bool
    lines: int
    quantity: Milli
    gross: Centimes
    discount: Centimes  # line discounts + their shares of ticket discounts
    net: Centimes
    commission: Centimes


@dataclass(frozen=True)
class StatementProduct:
    """One row of the document's table: a product at one unit price, refunds taken off."""

    sku: str
    name_ar: str
    name_fr: str
    unit: Unit
    unit_price: Centimes
    quantity: Milli  # sold minus returned
    gross: Centimes
    discount: Centimes
    net: Centimes
    commission: Centimes


@dataclass(frozen=True)
class Statement:
    """A cooperative's statement: a draft (``number`` 0, nothing written) or an issued one."""

    cooperative_id: int
    cooperative_code: str
    start: date | None  # None: from the first unsettled line
    end: date | None  # None: up to the last one
    parts: tuple[StatementPart, ...]  # its lines summed per product, price and sale/refund
    costs: tuple[CostShare, ...]
    already_paid: Centimes  # every payout to the cooperative so far
    previously_payable: Centimes  # every earlier issued statement's net payable
    number: int = 0
    issued_at: datetime | None = None
    hash: str = ""

    @property
    def products(self) -> tuple[StatementProduct, ...]:
        """The table of the document: one row per product and unit price (sku order)."""
        found: dict[tuple[str, Centimes], list[StatementPart]] = {}
        for part in self.parts:
            found.setdefault((part.sku, part.unit_price), []).append(part)
        rows = []
        for (sku, price), parts in sorted(found.items()):
            named = next((p for p in parts if not p.refund), parts[0])
            rows.append(StatementProduct(
                sku=sku, name_ar=named.name_ar, name_fr=named.name_fr, unit=named.unit,
                unit_price=price, quantity=sum(p.quantity for p in parts),
                gross=sum(p.gross for p in parts), discount=sum(p.discount for p in parts),
                net=sum(p.net for p in parts), commission=sum(p.commission for p in parts)))
        return tuple(rows)

    @property
    def line_count(self) -> int:
        """How many sale and refund lines the statement settles."""
        return sum(part.lines for part in self.parts)

    @property
    def has_refunds(self) -> bool:
        return any(part.refund for part in self.parts)

    @property
    def reference(self) -> str:
        return f"REL-{self.number:06d}" if self.number else ""

    @property
    def issued(self) -> bool:
        return self.number > 0

    @property
    def gross_sales(self) -> Centimes:
        """What the goods sold came to before discounts (refunds excluded)."""
        return sum(p.gross for p in self.parts if not p.refund)

    @property
    def discounts(self) -> Centimes:
        return sum(p.discount for p in self.parts if not p.refund)

    @property
    def sales(self) -> Centimes:
        return sum(p.net for p in self.parts if not p.refund)

    @property
    def refunds(self) -> Centimes:
        """Given back to customers (positive)."""
        return -sum(p.net for p in self.parts if p.refund)

    @property
    def commission(self) -> Centimes:
        return sum(p.commission for p in self.parts)

    @property
    def shared_costs(self) -> Centimes:
        return sum(cost.amount for cost in self.costs)

    @property
    def net_payable(self) -> Centimes:
        return self.sales - self.refunds - self.commission - self.shared_costs

    @property
    def balance_due(self) -> Centimes:
        """What the store owes the cooperative once this statement counts."""
        return self.previously_payable + self.net_payable - self.already_paid

    @property
    def empty(self) -> bool:
        return not self.parts and not self.costs


@dataclass(frozen=True)
class Payout:
    id: int
    number: int
    cooperative_code: str
    amount: Centimes
    method: PayoutMethod
    reference: str  # the transfer's reference, the cheque's number, the cash movement's
    paid_at: datetime
    user_id: int

    @property
    def document(self) -> str:
        return f"PAY-{self.number:06d}"
