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
    "StatementLine",
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
class StatementLine:
    """One settled sale or refund line (refunds have negative quantities and amounts)."""

    sale_line_id: int
    receipt: str  # MEK1-000042
    business_day: date
    product_id: int
    sku: str
    name_ar: str
    name_fr: str
    unit: Unit
    quantity: Milli
    unit_price: Centimes
    gross: Centimes
    discount: Centimes  # line discount + its share of the ticket discount
    net: Centimes
    commission_bp: int
    commission: Centimes
    refund: bool


@dataclass(frozen=True)
class StatementProduct:
    """The statement's lines of one product, summed (the table of the document)."""

    sku: str
    name_ar: str
    name_fr: str
    unit: Unit
    unit_price: Centimes  # the catalog's price when sold (the last line's)
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
    lines: tuple[StatementLine, ...]
    costs: tuple[CostShare, ...]
    already_paid: Centimes  # every payout to the cooperative so far
    previously_payable: Centimes  # every earlier issued statement's net payable
    number: int = 0
    issued_at: datetime | None = None
    hash: str = ""

    @property
    def products(self) -> tuple[StatementProduct, ...]:
        """The lines summed per product (sku order): the document's table."""
        found: dict[str, list[StatementLine]] = {}
        for line in self.lines:
            found.setdefault(line.sku, []).append(line)
        return tuple(
            StatementProduct(
                sku=sku, name_ar=lines[-1].name_ar, name_fr=lines[-1].name_fr, unit=lines[-1].unit,
                unit_price=lines[-1].unit_price, quantity=sum(li.quantity for li in lines),
                gross=sum(li.gross for li in lines), discount=sum(li.discount for li in lines),
                net=sum(li.net for li in lines), commission=sum(li.commission for li in lines))
            for sku, lines in sorted(found.items()))

    @property
    def reference(self) -> str:
        return f"REL-{self.number:06d}" if self.number else ""

    @property
    def issued(self) -> bool:
        return self.number > 0

    @property
    def gross_sales(self) -> Centimes:
        """What the goods sold came to before discounts (refunds excluded)."""
        return sum(line.gross for line in self.lines if not line.refund)

    @property
    def discounts(self) -> Centimes:
        return sum(line.discount for line in self.lines if not line.refund)

    @property
    def sales(self) -> Centimes:
        return sum(line.net for line in self.lines if not line.refund)

    @property
    def refunds(self) -> Centimes:
        """Given back to customers (positive)."""
        return -sum(line.net for line in self.lines if line.refund)

    @property
    def commission(self) -> Centimes:
        return sum(line.commission for line in self.lines)

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
        return not self.lines and not self.costs


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
