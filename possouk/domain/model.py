"""Plain data passed between the layers: what the ledger holds, as frozen dataclasses.

Amounts are centimes, quantities thousandths, rates basis points (see money.py).
Times are timezone-aware UTC ``datetime`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from possouk.domain.money import BasisPoints, Centimes, Milli
from possouk.domain.people import Role as Role
from possouk.domain.people import User as User
from possouk.domain.people import login_tiles as login_tiles


class Unit(StrEnum):
    PIECE = "piece"
    KG = "kg"
    LITRE = "l"

    @property
    def whole(self) -> bool:
        """True when the unit is only sold in whole numbers."""
        return self is Unit.PIECE


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    MOBILE = "mobile"
    TRANSFER = "transfer"


class SaleKind(StrEnum):
    SALE = "sale"
    REFUND = "refund"


class StockKind(StrEnum):
    INTAKE = "intake"
    RETURN = "return"
    ADJUSTMENT = "adjustment"
    SALE = "sale"
    REFUND = "refund"


class AdjustmentReason(StrEnum):
    DAMAGED = "damaged"
    LOST = "lost"
    COUNT = "count"


@dataclass(frozen=True)
class Store:
    name_ar: str = ""
    name_fr: str = ""
    address: str = ""
    ice: str = ""
    if_number: str = ""
    rc: str = ""
    phone: str = ""
    receipt_footer: str = ""
    default_commission: BasisPoints = 1000
    day_cutoff_minutes: int = 240  # a business day ends at 04:00 local time
    currency: str = "MAD"
    cash_rounding: Centimes = 0  # 0: no rounding line; 10: round cash totals to 10 centimes
    cash_tolerance: Centimes = 200  # a closing's difference beyond this needs a supervisor


@dataclass(frozen=True)
class Site:
    id: int
    code: str
    name_ar: str
    name_fr: str
    starts_on: date | None = None
    ends_on: date | None = None
    allow_oversell: bool = False


@dataclass(frozen=True)
class Register:
    id: int
    code: str
    site_id: int
    site_code: str


@dataclass(frozen=True)
class Cooperative:
    id: int
    code: str
    name_ar: str
    name_fr: str
    registration: str = ""
    ice: str = ""
    province: str = ""
    phone: str = ""
    contact: str = ""
    rib: str = ""
    commission: BasisPoints = 1000
    minimum_payout: Centimes = 0
    women_led: bool = False
    youth_led: bool = False
    active: bool = True


@dataclass(frozen=True)
class Product:
    id: int
    cooperative_id: int
    cooperative_code: str
    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    category: str
    unit: Unit
    price: Centimes
    min_price: Centimes | None = None
    vat: BasisPoints = 0
    active: bool = True
    scale_code: int | None = None


@dataclass(frozen=True)
class SaleLine:
    id: int
    line_no: int
    product_id: int
    sku: str
    cooperative_id: int
    name_ar: str
    name_fr: str
    unit: Unit
    quantity: Milli
    unit_price: Centimes
    gross: Centimes
    line_discount: Centimes
    ticket_discount: Centimes
    net: Centimes
    vat_rate: BasisPoints
    vat_amount: Centimes
    commission_rate: BasisPoints
    refund_of_line_id: int | None = None
    price_overridden: bool = False
    oversold: bool = False


@dataclass(frozen=True)
class Payment:
    method: PaymentMethod
    amount: Centimes
    tendered: Centimes | None = None


@dataclass(frozen=True)
class Sale:
    id: int
    kind: SaleKind
    register_id: int
    register_code: str
    site_id: int
    number: int
    created_at: datetime
    business_day: date
    cashier_id: int
    client_key: str
    total: Centimes
    rounding: Centimes
    change_given: Centimes
    lines: tuple[SaleLine, ...]
    payments: tuple[Payment, ...]
    refund_of_sale_id: int | None = None
    manual_ref: str | None = None
    hash: str = ""
    approved_by_id: int | None = None

    @property
    def reference(self) -> str:
        """The printed receipt number, e.g. ``MEK1-000042``."""
        return f"{self.register_code}-{self.number:06d}"


@dataclass(frozen=True)
class StockLine:
    product_id: int
    sku: str
    quantity: Milli
    unit_price: Centimes


@dataclass(frozen=True)
class StockDocument:
    id: int
    kind: StockKind
    site_id: int
    site_code: str
    cooperative_id: int | None
    number: int
    created_at: datetime
    user_id: int | None
    reason: str
    lines: tuple[StockLine, ...] = field(default_factory=tuple)
    hash: str = ""

    @property
    def reference(self) -> str:
        prefix = {StockKind.INTAKE: "D", StockKind.RETURN: "R", StockKind.ADJUSTMENT: "A"}
        return f"{self.site_code}-{prefix.get(self.kind, 'S')}-{self.number:05d}"


@dataclass(frozen=True)
class StockLevel:
    site_code: str
    product_id: int
    sku: str
    name_ar: str
    name_fr: str
    cooperative_code: str
    unit: Unit
    on_hand: Milli
