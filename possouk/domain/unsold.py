"""The goods a cooperative left at a site, at the end of a market edition.

At the end of an edition each cooperative takes back what was not sold. Its
**unsold stock statement** lists, per product, at one site and over the edition's
days: what was on hand when the edition began (goods left from an earlier one),
what was deposited, sold (refunds taken off), returned to the cooperative, adjusted
(damaged, lost, recounted) and what remains:

    remaining = opening + deposited − sold − returned + adjusted

Every figure is a sum of stock movements, so the remaining quantity is the stock on
hand at the end of the period. A negative remaining quantity means the site sold
goods it had not recorded (an oversell): nothing can be handed back for it, and the
statement says so. The goods remaining are handed back with a return slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from possouk.domain.model import Unit
from possouk.domain.money import Centimes, Milli, line_total

__all__ = ["UnsoldProduct", "UnsoldStock"]


@dataclass(frozen=True)
class UnsoldProduct:
    sku: str
    name_ar: str
    name_fr: str
    unit: Unit
    price: Centimes  # the catalog's price today, to value what remains
    opening: Milli  # on hand before the first day (0 without a start)
    deposited: Milli
    sold: Milli  # sold minus refunded
    returned: Milli
    adjusted: Milli  # signed: + found or recounted up, − damaged, lost or recounted down

    @property
    def remaining(self) -> Milli:
        return self.opening + self.deposited - self.sold - self.returned + self.adjusted

    @property
    def to_return(self) -> Milli:
        """What can be handed back: the remaining quantity, never below zero."""
        return max(self.remaining, 0)

    @property
    def value(self) -> Centimes:
        """The remaining goods at the catalog price (nothing for an oversold product)."""
        return line_total(self.to_return, self.price)


@dataclass(frozen=True)
class UnsoldStock:
    cooperative_code: str
    site_code: str
    start: date | None  # None: from the first movement
    end: date | None  # None: up to now
    products: tuple[UnsoldProduct, ...]  # sku order; products never moved at the site left out

    @property
    def to_return(self) -> tuple[UnsoldProduct, ...]:
        return tuple(p for p in self.products if p.to_return > 0)

    @property
    def oversold(self) -> tuple[UnsoldProduct, ...]:
        return tuple(p for p in self.products if p.remaining < 0)

    @property
    def value(self) -> Centimes:
        return sum(p.value for p in self.products)

    @property
    def empty(self) -> bool:
        return not self.products
