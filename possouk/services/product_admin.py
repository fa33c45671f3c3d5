"""The back office's products: the whole catalog a page at a time, a product's form, its price
history, deactivation, and a cooperative's prices changed at once.

Reading pages from the database (never the 300,000 products at once): :func:`product_page`
filters by cooperative, category and a query (Arabic and French words of the names, a sku
prefix, a barcode), sorts in SQL by any column and continues *after* the last row shown.

Editing reuses :mod:`possouk.services.catalog`: a product is validated by
:func:`catalog.product_row` (the same rules as creation and imports), created by
:func:`catalog.add_product`, and its price changed by :func:`catalog.change_price` (so the
price history and the event log keep it). What would break history is refused with the
reason: a product sold or moved in stock keeps its cooperative, unit and sku; a product is
deactivated, never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from possouk.domain import barcode as barcodes
from possouk.domain import identifiers, text
from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Product, Unit, User
from possouk.domain.money import BasisPoints, Centimes, Milli, apply_rate, parse_amount, parse_rate
from possouk.domain.permissions import Permission, require
from possouk.services import catalog
from possouk.services.catalog import ProductDraft
from possouk.services.events import actor_id, log_event
from possouk.storage.product_admin_repo import SORT_KEYS, PageFilter, ProductAdminRepo
from possouk.storage.rows import parse_utc, utc_text
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "PAGE_SIZE", "SORTS", "BulkChange", "BulkKind", "PriceChange", "PriceChangeLine",
    "ProductDetail", "ProductPage", "ProductRecord", "bulk_new_prices", "bulk_price_apply",
    "bulk_price_preview", "categories", "check_field", "create_product", "price_history",
    "product_detail", "product_page", "set_active", "update_product",
]

PAGE_SIZE = 200
SORTS: tuple[str, ...] = tuple(SORT_KEYS)
"""The columns a page sorts by: sku, barcode, name_fr, name_ar, cooperative, category, unit,
price, min_price, vat, on_hand, active."""

MAX_SCALE_CODE = catalog.MAX_SCALE_CODE


@dataclass(frozen=True)
class ProductRecord:
    """One row of the products table."""

    id: int
    sku: str
    barcode: str
    name_fr: str
    name_ar: str
    cooperative_code: str
    category: str
    unit: Unit
    price: Centimes
    min_price: Centimes | None
    vat: BasisPoints
    on_hand: Milli  # every site together
    active: bool


@dataclass(frozen=True)
class ProductPage:
    records: list[ProductRecord]
    after: tuple[Any, int] | None  # to ask for the next page; None: this one was the last
    total: int | None = None  # how many products match (asked with ``count=True``)


@dataclass(frozen=True)
class PriceChange:
    """One price of a product's history."""

    changed_at: datetime
    price: Centimes
    min_price: Centimes | None
    user: str  # who set it ("" for the command line or an import)


@dataclass(frozen=True)
class ProductDetail:
    record: ProductRecord
    has_sales: bool
    has_movements: bool
    history: list[PriceChange]

    @property
    def fixed(self) -> bool:
        """Its cooperative, unit and sku can no longer change."""
        return self.has_sales or self.has_movements


def _record(product: Product, on_hand: Milli) -> ProductRecord:
    return ProductRecord(
        id=product.id, sku=product.sku, barcode=product.barcode, name_fr=product.name_fr,
        name_ar=product.name_ar, cooperative_code=product.cooperative_code,
        category=product.category, unit=product.unit, price=product.price,
        min_price=product.min_price, vat=product.vat, on_hand=on_hand, active=product.active,
    )


# -- reading ------------------------------------------------------------------------------------

def _page_filter(uow: UnitOfWork, query: str, cooperative: str | None,
                 category: str | None) -> PageFilter:
    cooperative_id = None
    if cooperative:
        found = uow.catalog.cooperative_by_code(cooperative.strip())
        if found is None:
            raise UserError(N_("There is no cooperative with the code {code}."), code=cooperative)
        cooperative_id = found.id
    query = query.strip()
    if not query:
        return PageFilter(cooperative_id=cooperative_id, category=category or None)
    one_word = " " not in query
    prefixes = (query, query.upper(), query.lower()) if one_word else ()
    barcode = query if query.isascii() and query.isdigit() and len(query) in (8, 12, 13) else ""
    return PageFilter(terms=text.query_terms(query), sku_prefixes=prefixes, barcode=barcode,
                      searching=True, cooperative_id=cooperative_id, category=category or None)


def product_page(db: Database, query: str = "", cooperative: str | None = None,
                 category: str | None = None, sort: str = "sku", descending: bool = False,
                 offset: int = 0, limit: int = PAGE_SIZE, *, after: tuple[Any, int] | None = None,
                 count: bool = False) -> ProductPage:
    """One page of the products matching ``query`` (words of the Arabic or French names or the
    category, a sku prefix, a barcode), of ``cooperative`` (a code) and ``category`` (a key),
    sorted by ``sort`` (one of :data:`SORTS`; ties by id): the ``limit`` rows after ``after``
    (the ``after`` of the page before), or from row ``offset``. Inactive products included."""
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort {sort!r}")
    with db.read() as uow:
        wanted = _page_filter(uow, query, cooperative, category)
        repo = ProductAdminRepo(uow.connection)
        keys = repo.page_ids(wanted, sort, descending=descending, after=after,
                             offset=max(0, offset), limit=limit + 1)
        more = len(keys) > limit
        keys = keys[:limit]
        ids = [pid for pid, _value in keys]
        found = repo.products(ids)
        on_hand = repo.on_hand(ids)
        total = repo.count(wanted) if count else None
    records = [_record(found[pid], on_hand.get(pid, 0)) for pid in ids]
    last = keys[-1] if more and keys else None
    return ProductPage(records, (last[1], last[0]) if last else None, total)


def product_record(db: Database, sku: str) -> ProductRecord:
    with db.read() as uow:
        product = catalog.require_product_sku(uow, sku)
        on_hand = ProductAdminRepo(uow.connection).on_hand([product.id]).get(product.id, 0)
    return _record(product, on_hand)


def _history(repo: ProductAdminRepo, product_id: int) -> list[PriceChange]:
    return [PriceChange(parse_utc(r["changed_at"]), int(r["price"]),
                        None if r["min_price"] is None else int(r["min_price"]),
                        str(r["display_name"] or ""))
            for r in repo.price_history(product_id)]


def price_history(db: Database, sku: str) -> list[PriceChange]:
    """The prices of product ``sku``, newest first."""
    with db.read() as uow:
        product = catalog.require_product_sku(uow, sku)
        return _history(ProductAdminRepo(uow.connection), product.id)


def product_detail(db: Database, sku: str) -> ProductDetail:
    """Product ``sku`` for its form: its row, whether it was sold or moved, its prices."""
    with db.read() as uow:
        product = catalog.require_product_sku(uow, sku)
        repo = ProductAdminRepo(uow.connection)
        on_hand = repo.on_hand([product.id]).get(product.id, 0)
        return ProductDetail(_record(product, on_hand), repo.has_sales(product.id),
                             repo.has_movements(product.id), _history(repo, product.id))


def categories(db: Database) -> list[str]:
    """Every category key the products have, sorted."""
    with db.read() as uow:
        return ProductAdminRepo(uow.connection).categories()


# -- the form's fields --------------------------------------------------------------------------

def check_field(key: str, value: str, *, price: Centimes | None = None) -> object:
    """Validate one field of the product form as typed; return its value, or raise the
    :class:`UserError` saying what is wrong (the same rules as saving: see
    :func:`catalog.product_row`). ``price``: the price typed, for the minimum price."""
    if key == "sku":
        return identifiers.validate_code(value, field="sku")
    if key in ("name_ar", "name_fr", "category"):
        return text.clean_name(value, field=key)
    if key == "barcode":
        return barcodes.validate_barcode(value) if value.strip() else ""
    if key == "price":
        amount = parse_amount(value)
        if amount <= 0:
            raise UserError(N_("The price must be more than zero."))
        return amount
    if key == "min_price":
        if not value.strip():
            return None
        minimum = parse_amount(value)
        if price is not None and minimum > price:
            raise UserError(N_("The minimum price must be between zero and the price."))
        return minimum
    if key == "vat":
        return parse_rate(value)
    raise ValueError(f"unknown field {key!r}")


# -- writing ------------------------------------------------------------------------------------

def create_product(db: Database, actor: User, draft: ProductDraft) -> ProductRecord:
    """A new product (empty barcode: an internal EAN-13), its first price in the history."""
    return _record(catalog.add_product(db, actor, draft), 0)


def update_product(db: Database, actor: User, sku: str, changes: ProductDraft) -> ProductRecord:
    """Give product ``sku`` the values of ``changes`` (an empty barcode keeps the current one).

    Validated as a new product is (:func:`catalog.product_row`). Refused, with the reason,
    when it would rewrite history: the cooperative, unit or sku of a product already sold or
    moved in stock. A new price or minimum is kept in the price history
    (:func:`catalog.record_price_change`), in the same transaction as the other changes,
    which are logged as ``product_changed``.
    """
    require(actor, Permission.MANAGE_CATALOG)
    with db.write() as uow:
        product = catalog.require_product_sku(uow, sku)
        if changes.cooperative_code.strip() == product.cooperative_code:
            cooperative_id = product.cooperative_id
        else:
            cooperative_id = catalog.require_cooperative(uow, changes.cooperative_code).id
        draft = changes if changes.barcode.strip() else replace(changes, barcode=product.barcode)
        row, terms = catalog.product_row(draft, cooperative_id)
        repo = ProductAdminRepo(uow.connection)
        sold = repo.has_sales(product.id)
        moved = sold or repo.has_movements(product.id)
        if row["cooperative_id"] != product.cooperative_id and moved:
            raise UserError(_HISTORY[sold, "cooperative"], sku=product.sku)
        if row["unit"] != product.unit.value and moved:
            raise UserError(_HISTORY[sold, "unit"], sku=product.sku)
        if row["sku"] != product.sku and moved:
            raise UserError(_HISTORY[sold, "sku"], sku=product.sku)
        if row["sku"] != product.sku and uow.catalog.existing_skus([str(row["sku"])]):
            raise UserError(N_("The sku {sku} already exists."), sku=row["sku"])
        if row["barcode"] != product.barcode and uow.catalog.existing_barcodes([str(row["barcode"])]):
            raise UserError(N_("The barcode {barcode} already belongs to another product."),
                            barcode=row["barcode"])
        current = {"cooperative_id": product.cooperative_id, "sku": product.sku,
                   "barcode": product.barcode, "name_ar": product.name_ar,
                   "name_fr": product.name_fr, "category": product.category,
                   "unit": product.unit.value, "vat_bp": product.vat}
        values = {k: row[k] for k in current if row[k] != current[k]}
        if "unit" in values:
            values["scale_code"] = _scale_code(uow, product, Unit(str(row["unit"])))
        if values:
            uow.catalog.update_product(product.id, values)
            if {"name_ar", "name_fr", "category"} & values.keys():
                uow.catalog.set_terms(product.id, terms)
            detail: dict[str, Any] = {"fields": sorted(k for k in values if k != "scale_code")}
            if "sku" in values:
                detail["new_sku"] = row["sku"]
            log_event(uow, actor, "product_changed", sku=product.sku, **detail)
        if draft.price != product.price or draft.min_price != product.min_price:
            catalog.record_price_change(uow, actor, uow.catalog.product(product.id), draft.price,
                                        draft.min_price)
        uow.commit()  # the fields and the price together, or neither
    return product_record(db, str(row["sku"]))


_HISTORY: dict[tuple[bool, str], str] = {
    (True, "cooperative"): N_("{sku} has been sold: its cooperative can no longer change "
                              "(its sales and statements name it). Create a new product instead."),
    (False, "cooperative"): N_("{sku} has stock movements: its cooperative can no longer change "
                               "(its deposits and returns name it). Create a new product instead."),
    (True, "unit"): N_("{sku} has been sold: its unit can no longer change (its sales are "
                       "counted in it). Create a new product instead."),
    (False, "unit"): N_("{sku} has stock movements: its unit can no longer change (its stock is "
                        "counted in it). Create a new product instead."),
    (True, "sku"): N_("{sku} has been sold: its sku can no longer change (its receipts "
                      "and statements show it)."),
    (False, "sku"): N_("{sku} has stock movements: its sku can no longer change (its stock "
                       "documents show it)."),
}


def _scale_code(uow: UnitOfWork, product: Product, unit: Unit) -> int | None:
    """The scale code of a product whose unit changes: none by the piece; weighed, its own or
    the next free one (as :func:`catalog.insert_products` gives)."""
    if unit is Unit.PIECE:
        return None
    if product.scale_code is not None:
        return product.scale_code
    following = uow.catalog.max_scale_code() + 1
    return following if following <= MAX_SCALE_CODE else None


def set_active(db: Database, actor: User, sku: str, active: bool) -> ProductRecord:
    """Deactivate a product (no longer sold, kept with its history) or put it back on sale."""
    require(actor, Permission.MANAGE_CATALOG)
    with db.write() as uow:
        product = catalog.require_product_sku(uow, sku)
        if product.active != active:
            uow.catalog.update_product(product.id, {"active": active})
            log_event(uow, actor, "product_reactivated" if active else "product_deactivated",
                      sku=product.sku)
            uow.commit()
    return product_record(db, sku)


# -- a cooperative's prices at once -------------------------------------------------------------

class BulkKind(StrEnum):
    PERCENT = "percent"  # value: basis points, signed (+500: 5 % more)
    AMOUNT = "amount"  # value: centimes, signed (-200: 2 dirhams less)


@dataclass(frozen=True)
class BulkChange:
    kind: BulkKind
    value: int

    @classmethod
    def parse(cls, kind: BulkKind, typed: str, *, down: bool) -> BulkChange:
        """The change typed in a form: a percentage (0–100) or an amount, up or down."""
        magnitude = parse_rate(typed) if kind is BulkKind.PERCENT else parse_amount(typed)
        return cls(kind, -magnitude if down else magnitude)

    def apply(self, amount: Centimes) -> Centimes:
        """``amount`` changed, rounded half up to the centime."""
        if self.kind is BulkKind.PERCENT:
            return amount + apply_rate(amount, self.value)
        return amount + self.value


@dataclass(frozen=True)
class PriceChangeLine:
    """One product of a bulk price change, as previewed."""

    sku: str
    name_fr: str
    name_ar: str
    unit: Unit
    old_price: Centimes
    new_price: Centimes
    old_min: Centimes | None
    new_min: Centimes | None


def bulk_new_prices(products: Sequence[Product], change: BulkChange) -> list[PriceChangeLine]:
    """What ``change`` makes of each product's price and minimum (clamped between zero and
    the new price); refused when a price would not stay above zero."""
    lines: list[PriceChangeLine] = []
    for product in sorted(products, key=lambda p: p.sku):
        price = change.apply(product.price)
        if price <= 0:
            raise UserError(N_("The new price of {sku} would not be more than zero. "
                               "Choose a smaller decrease."), sku=product.sku)
        minimum = product.min_price
        if minimum is not None:
            minimum = min(max(change.apply(minimum), 0), price)
        if price == product.price and minimum == product.min_price:
            continue
        lines.append(PriceChangeLine(product.sku, product.name_fr, product.name_ar, product.unit,
                                     product.price, price, product.min_price, minimum))
    return lines


def _on_sale(uow: UnitOfWork, cooperative_code: str) -> list[Product]:
    cooperative = catalog.require_cooperative(uow, cooperative_code)
    return [p for p in uow.catalog.products(cooperative_id=cooperative.id) if p.active]


def bulk_price_preview(db: Database, cooperative_code: str, change: BulkChange) -> list[PriceChangeLine]:
    """The prices ``change`` would give the products on sale of a cooperative (nothing written)."""
    with db.read() as uow:
        return bulk_new_prices(_on_sale(uow, cooperative_code), change)


def bulk_price_apply(db: Database, actor: User, cooperative_code: str, change: BulkChange,
                     preview: Sequence[PriceChangeLine]) -> int:
    """Write the prices of ``preview`` in one transaction, each in the price history and the
    event log (``price_changed``, as :func:`catalog.change_price` logs). Refused when the
    prices changed since the preview was made. Returns how many prices changed."""
    require(actor, Permission.MANAGE_CATALOG)
    with db.write() as uow:
        on_sale = _on_sale(uow, cooperative_code)
        lines = bulk_new_prices(on_sale, change)
        if not lines:
            raise UserError(N_("No price would change."))
        if lines != list(preview):
            raise UserError(N_("The prices of {code} changed since the preview. "
                               "Look at the preview again before applying it."),
                            code=cooperative_code)
        ids = {p.sku: p.id for p in on_sale}
        now, user = utc_text(utc_now()), actor_id(actor)
        for line in lines:
            uow.catalog.update_product(ids[line.sku], {"price": line.new_price,
                                                       "min_price": line.new_min})
        uow.catalog.add_price_history([
            {"product_id": ids[line.sku], "price": line.new_price, "min_price": line.new_min,
             "changed_at": now, "user_id": user} for line in lines])
        for line in lines:
            log_event(uow, actor, "price_changed", sku=line.sku, old=line.old_price,
                      new=line.new_price, bulk=True)
        uow.commit()
    return len(lines)
