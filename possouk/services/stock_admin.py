"""The back office's stock: deposit and return slips and adjustments typed line by line, stock
counts, and the stock on hand per site, cooperative and product.

Every document is written by :func:`possouk.services.stock.record` (the same checks and the
same event as the command line); this module adds what a screen needs before that: finding
a scanned product of the right cooperative, reading typed quantities (never floats), refusing
an adjustment that would take away more than is on hand, and turning a count into one
adjustment (reason *count*) of the differences only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from possouk.domain.errors import N_, UserError
from possouk.domain.model import AdjustmentReason, Product, StockDocument, StockKind, Unit, User
from possouk.domain.money import Centimes, Milli, format_quantity_plain, line_total, parse_quantity
from possouk.domain.permissions import Permission, require
from possouk.services.catalog import ScanResult, require_cooperative, scan_in
from possouk.services.setup import require_site
from possouk.services.stock import StockInput, record_stock_document
from possouk.storage.stock_admin_repo import ProductMoves, StockAdminRepo
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "DOCUMENT_KINDS", "DOWN_REASONS", "CountLine", "StockRow", "count_sheet", "find_product",
    "on_hand", "overview", "parse_counted", "parse_line_quantity", "post_count", "record_document",
]

DOCUMENT_KINDS = (StockKind.INTAKE, StockKind.RETURN, StockKind.ADJUSTMENT)
DOWN_REASONS = (AdjustmentReason.DAMAGED, AdjustmentReason.LOST)
"""The reasons of an adjustment typed as a document: goods taken away (a count posts its own)."""

NOT_ON_HAND = N_("Only {available} of {name} are on hand at this site: the adjustment cannot take "
                 "away more.")
NEGATIVE_COUNT = N_("A counted quantity cannot be negative: {text}")


# -- reading what is typed or scanned -------------------------------------------------------------

def parse_line_quantity(text: str, unit: Unit) -> Milli:
    """A quantity typed on a line: more than zero, whole for pieces, at most three decimals."""
    return parse_quantity(text, whole=unit.whole)


def parse_counted(text: str, unit: Unit) -> Milli | None:
    """A quantity counted on the shelf: None when nothing was typed (not counted), zero allowed."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite():
        if number < 0:
            raise UserError(NEGATIVE_COUNT, text=cleaned)
        if number == 0:
            return 0
    return parse_quantity(cleaned, whole=unit.whole)


def find_product(db: Database, code: str, cooperative_code: str | None = None) -> ScanResult:
    """The product of a scanned barcode (or scale label, or a sku typed in full), refused when it
    is not sold any more or belongs to another cooperative than ``cooperative_code``."""
    code = code.strip()
    if not code:
        raise UserError(N_("No product has the barcode {code}."), code=code)
    with db.read() as uow:
        try:
            found = scan_in(uow, code)
        except UserError as unknown:
            product = uow.catalog.product_by_sku(code) or uow.catalog.product_by_sku(code.upper())
            if product is None:
                raise unknown from None
            if not product.active:
                raise UserError(N_("The product {name} is no longer sold."), name=product.name_fr) from None
            found = ScanResult(product)
        if cooperative_code:
            cooperative = require_cooperative(uow, cooperative_code)
            if found.product.cooperative_id != cooperative.id:
                raise UserError(N_("{sku} does not belong to the cooperative {code}."),
                                sku=found.product.sku, code=cooperative.code)
    return found


def on_hand(db: Database, site_code: str, product_ids: Sequence[int]) -> dict[int, Milli]:
    """Stock on hand now of each product at the site."""
    with db.read() as uow:
        site = require_site(uow, site_code)
        return uow.ledger.stock_on_hand(product_ids, site.id)


# -- documents ------------------------------------------------------------------------------------

def record_document(db: Database, actor: User, kind: StockKind, site_code: str,
                    cooperative_code: str | None, lines: Sequence[StockInput],
                    reason: str = "") -> StockDocument:
    """Record a deposit slip, a return slip or an adjustment typed in the back office.

    Quantities are typed positive; an adjustment (damaged or lost goods) takes them away, and
    never more than is on hand. Everything else is checked by :func:`stock.record`.
    """
    require(actor, Permission.MANAGE_STOCK)
    if kind not in DOCUMENT_KINDS:
        raise ValueError(kind)
    for number, line in enumerate(lines, start=1):
        if line.quantity <= 0:
            raise UserError(N_("Line {line}: the quantity must be more than zero."), line=number)
    down = False
    if kind is StockKind.ADJUSTMENT:
        try:
            down = AdjustmentReason(reason) in DOWN_REASONS
        except ValueError as exc:
            raise UserError(N_("An adjustment needs a reason: damaged, lost or count.")) from exc
        cooperative_code = cooperative_code or None
    with db.write() as uow:  # what is on hand is read in the transaction that takes it away
        if down and lines:
            _check_on_hand(uow, site_code, lines)
            lines = [StockInput(line.sku, -line.quantity) for line in lines]
        doc_id = record_stock_document(uow, actor, kind, site_code, cooperative_code, lines,
                                       reason=reason)
        doc = uow.ledger.stock_doc(doc_id)
        uow.commit()
    return doc


def _check_on_hand(uow: UnitOfWork, site_code: str, lines: Sequence[StockInput]) -> None:
    site = require_site(uow, site_code)
    wanted: dict[str, Milli] = {}
    for line in lines:
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    found: dict[str, Product] = {}
    for sku in wanted:
        product = uow.catalog.product_by_sku(sku.strip())
        if product is None:
            raise UserError(N_("There is no product with the sku {sku}."), sku=sku)
        found[sku] = product
    have = uow.ledger.stock_on_hand([p.id for p in found.values()], site.id)
    for sku, quantity in wanted.items():
        product = found[sku]
        if quantity > have[product.id]:
            raise UserError(NOT_ON_HAND, available=format_quantity_plain(max(have[product.id], 0)),
                            name=product.name_fr)


# -- counts ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CountLine:
    """A product to count at a site, with what the ledger says is on hand."""

    product_id: int
    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    cooperative_code: str
    unit: Unit
    price: Centimes
    expected: Milli


def count_sheet(db: Database, site_code: str, cooperative_code: str | None = None) -> list[CountLine]:
    """The products to count at the site (of the cooperative, or of all), in cooperative and
    sku order: every product whose goods ever moved there, but those no longer sold with
    nothing on hand."""
    rows = overview(db, site_code, cooperative_code)
    return [CountLine(r.product_id, r.sku, r.barcode, r.name_ar, r.name_fr, r.cooperative_code,
                      r.unit, r.price, r.on_hand)
            for r in rows if r.active or r.on_hand]


def count_line(db: Database, site_code: str, product: Product) -> CountLine:
    """A product not on the sheet (scanned during the count), with what is on hand of it."""
    with db.read() as uow:
        site = require_site(uow, site_code)
        expected = uow.ledger.stock_on_hand([product.id], site.id)[product.id]
    return CountLine(product.id, product.sku, product.barcode, product.name_ar, product.name_fr,
                     product.cooperative_code, product.unit, product.price, expected)


def post_count(db: Database, actor: User, site_code: str, counted: Mapping[str, Milli],
               cooperative_code: str | None = None) -> StockDocument | None:
    """Post a stock count: one adjustment (reason *count*) bringing each product counted (sku →
    quantity found) to what was found, with the differences only; None when nothing differs.

    The differences are taken against the stock on hand when posting, in the same transaction.
    """
    require(actor, Permission.MANAGE_STOCK)
    for sku, quantity in counted.items():
        if quantity < 0:
            raise UserError(NEGATIVE_COUNT, text=f"{sku} {format_quantity_plain(quantity)}")
    with db.write() as uow:
        site = require_site(uow, site_code)
        products: dict[str, Product] = {}
        for sku in counted:
            product = uow.catalog.product_by_sku(sku.strip())
            if product is None:
                raise UserError(N_("There is no product with the sku {sku}."), sku=sku)
            products[sku] = product
        have = uow.ledger.stock_on_hand([p.id for p in products.values()], site.id)
        lines = [StockInput(product.sku, counted[sku] - have[product.id])
                 for sku, product in sorted(products.items(), key=lambda item: item[1].sku)
                 if counted[sku] != have[product.id]]
        if not lines:
            return None
        doc_id = record_stock_document(uow, actor, StockKind.ADJUSTMENT, site.code, cooperative_code,
                                       lines, reason=AdjustmentReason.COUNT.value)
        doc = uow.ledger.stock_doc(doc_id)
        uow.commit()
    return doc


# -- the overview ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StockRow:
    """One product at one site: what came in and went out, what is on hand and its value."""

    site_code: str
    site_name_ar: str
    site_name_fr: str
    cooperative_code: str
    cooperative_name_ar: str
    cooperative_name_fr: str
    product_id: int
    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    unit: Unit
    price: Centimes
    active: bool
    deposited: Milli
    sold: Milli  # sold minus refunded
    returned: Milli  # handed back to the cooperative
    adjusted: Milli  # signed

    @property
    def on_hand(self) -> Milli:
        return self.deposited - self.sold - self.returned + self.adjusted

    @property
    def value(self) -> Centimes:
        """What is on hand at the catalog price (nothing when oversold)."""
        return line_total(max(self.on_hand, 0), self.price)


def _row(moves: ProductMoves) -> StockRow:
    sums = moves.sums
    return StockRow(
        moves.site_code, moves.site_name_ar, moves.site_name_fr, moves.cooperative_code,
        moves.cooperative_name_ar, moves.cooperative_name_fr, moves.product_id, moves.sku,
        moves.barcode, moves.name_ar, moves.name_fr, moves.unit, moves.price, moves.active,
        deposited=sums.get(StockKind.INTAKE.value, 0),
        sold=-sums.get(StockKind.SALE.value, 0) - sums.get(StockKind.REFUND.value, 0),
        returned=-sums.get(StockKind.RETURN.value, 0),
        adjusted=sums.get(StockKind.ADJUSTMENT.value, 0))


def overview(db: Database, site_code: str | None = None,
             cooperative_code: str | None = None) -> list[StockRow]:
    """Per site, cooperative and product (those whose goods moved there): deposited, sold,
    returned, adjusted, on hand and its value; in site, cooperative and sku order."""
    with db.read() as uow:
        site_id = require_site(uow, site_code).id if site_code else None
        cooperative_id = (uow.catalog.cooperative_by_code(cooperative_code.strip())
                          if cooperative_code else None)
        if cooperative_code and cooperative_id is None:
            raise UserError(N_("There is no cooperative with the code {code}."), code=cooperative_code)
        moves = StockAdminRepo(uow.connection).moves(
            site_id, cooperative_id.id if cooperative_id is not None else None)
    return [_row(m) for m in moves]
