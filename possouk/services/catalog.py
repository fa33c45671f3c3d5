"""Cooperatives and products: creation with validation, price changes, search, scans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from possouk.domain import barcode as barcodes
from possouk.domain import identifiers, text
from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Cooperative, Product, Unit, User
from possouk.domain.money import BasisPoints, Centimes, Milli
from possouk.domain.permissions import Permission, require
from possouk.services.events import actor_id, log_event
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

SEARCH_LIMIT = 50
MAX_SCALE_CODE = 99_999
SCALE_RULES_KEY = "scale_rules"


@dataclass(frozen=True)
class CooperativeDraft:
    code: str
    name_ar: str
    name_fr: str
    registration: str = ""
    ice: str = ""
    province: str = ""
    phone: str = ""
    contact: str = ""
    rib: str = ""
    commission: BasisPoints | None = None  # None: the store's default
    minimum_payout: Centimes = 0
    women_led: bool = False
    youth_led: bool = False


@dataclass(frozen=True)
class ProductDraft:
    cooperative_code: str
    sku: str
    name_ar: str
    name_fr: str
    category: str
    unit: Unit
    price: Centimes
    barcode: str = ""  # empty: an internal EAN-13 is assigned
    min_price: Centimes | None = None
    vat: BasisPoints = 0


def cooperative_row(draft: CooperativeDraft, default_commission: BasisPoints) -> dict[str, object]:
    """Validate a cooperative and return its table row; raises UserError on the first problem."""
    commission = default_commission if draft.commission is None else draft.commission
    if not 0 <= commission <= 10_000:
        raise UserError(N_("A commission must be between 0 and 100 %."))
    if draft.minimum_payout < 0:
        raise UserError(N_("The minimum payout must not be negative."))
    return {
        "code": identifiers.validate_code(draft.code, field="code"),
        "name_ar": text.clean_name(draft.name_ar, field="name_ar"),
        "name_fr": text.clean_name(draft.name_fr, field="name_fr"),
        "registration": text.clean_optional(draft.registration, field="registration"),
        "ice": identifiers.validate_ice(draft.ice),
        "province": text.clean_optional(draft.province, field="province"),
        "phone": identifiers.validate_phone(draft.phone),
        "contact": text.clean_optional(draft.contact, field="contact"),
        "rib": identifiers.validate_rib(draft.rib),
        "commission_bp": commission,
        "minimum_payout": draft.minimum_payout,
        "women_led": draft.women_led,
        "youth_led": draft.youth_led,
        "active": True,
    }


def add_cooperatives(uow: UnitOfWork, actor: User, drafts: Sequence[CooperativeDraft]) -> None:
    """Add validated cooperatives in the caller's transaction."""
    require(actor, Permission.MANAGE_CATALOG)
    default = uow.store.store().default_commission
    rows = [cooperative_row(d, default) for d in drafts]
    existing = uow.catalog.cooperative_codes()
    seen: set[str] = set()
    for row in rows:
        code = str(row["code"])
        if code in existing or code in seen:
            raise UserError(N_("A cooperative with the code {code} already exists."), code=code)
        seen.add(code)
    uow.catalog.add_cooperatives(rows)
    log_event(uow, actor, "cooperatives_added", count=len(rows))


def add_cooperative(db: Database, actor: User, draft: CooperativeDraft) -> Cooperative:
    with db.write() as uow:
        add_cooperatives(uow, actor, [draft])
        cooperative = uow.catalog.cooperative_by_code(draft.code.strip())
        assert cooperative is not None
        uow.commit()
    return cooperative


def product_row(draft: ProductDraft, cooperative_id: int) -> tuple[dict[str, object], set[str]]:
    """Validate a product; return its row (barcode may be empty) and its search terms."""
    sku = identifiers.validate_code(draft.sku, field="sku")
    name_ar = text.clean_name(draft.name_ar, field="name_ar")
    name_fr = text.clean_name(draft.name_fr, field="name_fr")
    category = text.clean_name(draft.category, field="category")
    code = barcodes.validate_barcode(draft.barcode) if draft.barcode.strip() else ""
    if draft.price <= 0:
        raise UserError(N_("The price must be more than zero."))
    if draft.min_price is not None and not 0 <= draft.min_price <= draft.price:
        raise UserError(N_("The minimum price must be between zero and the price."))
    if not 0 <= draft.vat <= 10_000:
        raise UserError(N_("A VAT rate must be between 0 and 100 %."))
    row: dict[str, object] = {
        "cooperative_id": cooperative_id, "sku": sku, "barcode": code, "name_ar": name_ar,
        "name_fr": name_fr, "category": category, "unit": Unit(draft.unit).value,
        "price": draft.price, "min_price": draft.min_price, "vat_bp": draft.vat,
        "active": True, "scale_code": None,
    }
    return row, text.search_terms(name_ar, name_fr, category)  # skus: by prefix, see search


def insert_products(
    uow: UnitOfWork, actor: User, rows: list[dict[str, object]], terms: list[set[str]]
) -> list[int]:
    """Insert validated product rows: assign internal barcodes and scale codes, check
    uniqueness, record the first price in the history. Raises UserError on a clash."""
    require(actor, Permission.MANAGE_CATALOG)
    skus = [str(r["sku"]) for r in rows]
    if len(set(skus)) != len(skus):
        raise UserError(N_("The same sku appears twice."))
    taken = uow.catalog.existing_skus(skus)
    if taken:
        raise UserError(N_("The sku {sku} already exists."), sku=sorted(taken)[0])
    given = [str(r["barcode"]) for r in rows if r["barcode"]]
    if len(set(given)) != len(given):
        raise UserError(N_("The same barcode appears twice."))
    clash = uow.catalog.existing_barcodes(given)
    if clash:
        raise UserError(N_("The barcode {barcode} already belongs to another product."),
                        barcode=sorted(clash)[0])
    _assign_internal_barcodes(uow, rows, set(given))
    _assign_scale_codes(uow, rows)
    with uow.catalog.bulk_writes(len(rows)):
        ids = uow.catalog.add_products(rows, terms)
        now = utc_text(utc_now())
        user = actor_id(actor)
        uow.catalog.add_price_history([
            {"product_id": pid, "price": r["price"], "min_price": r["min_price"],
             "changed_at": now, "user_id": user}
            for pid, r in zip(ids, rows, strict=True)
        ])
    log_event(uow, actor, "products_added", count=len(rows))
    return ids


def _assign_internal_barcodes(uow: UnitOfWork, rows: list[dict[str, object]], given: set[str]) -> None:
    needing = [r for r in rows if not r["barcode"]]
    while needing:
        first = uow.store.take_block("internal_ean", len(needing))
        codes = [barcodes.internal_ean13(first + i) for i in range(len(needing))]
        clash = uow.catalog.existing_barcodes(codes) | (given & set(codes))
        still: list[dict[str, object]] = []
        for row, code in zip(needing, codes, strict=True):
            if code in clash:
                still.append(row)
            else:
                row["barcode"] = code
        needing = still


def _assign_scale_codes(uow: UnitOfWork, rows: list[dict[str, object]]) -> None:
    """Weighed products get the next free 5-digit code to program into the label scale.

    A row that already has one (an imported export: the scales are programmed with it)
    keeps it; the caller has checked it is free.
    """
    piece = Unit.PIECE.value
    weighed = [r for r in rows if r["unit"] != piece and r["scale_code"] is None]
    given = [int(str(r["scale_code"])) for r in rows if r["scale_code"] is not None]
    next_code = max([uow.catalog.max_scale_code(), *given]) + 1
    for row in weighed:
        if next_code > MAX_SCALE_CODE:
            break
        row["scale_code"] = next_code
        next_code += 1


def add_product(db: Database, actor: User, draft: ProductDraft) -> Product:
    with db.write() as uow:
        cooperative = require_cooperative(uow, draft.cooperative_code)
        row, terms = product_row(draft, cooperative.id)
        [product_id] = insert_products(uow, actor, [row], [terms])
        product = uow.catalog.product(product_id)
        uow.commit()
    return product


def require_cooperative(uow: UnitOfWork, code: str) -> Cooperative:
    cooperative = uow.catalog.cooperative_by_code(code.strip())
    if cooperative is None:
        raise UserError(N_("There is no cooperative with the code {code}."), code=code)
    if not cooperative.active:
        raise UserError(N_("The cooperative {code} is no longer active."), code=code)
    return cooperative


def change_price(db: Database, actor: User, sku: str, price: Centimes,
                 min_price: Centimes | None = None) -> Product:
    """Set a new price (old sales keep theirs: prices are snapshotted on sale lines)."""
    with db.write() as uow:
        product = record_price_change(uow, actor, require_product_sku(uow, sku), price, min_price)
        uow.commit()
    return product


def record_price_change(uow: UnitOfWork, actor: User, product: Product, price: Centimes,
                        min_price: Centimes | None = None) -> Product:
    """Write a new price and minimum in the caller's transaction, kept in the price history
    and logged; returns the product as it now is."""
    require(actor, Permission.MANAGE_CATALOG)
    if price <= 0:
        raise UserError(N_("The price must be more than zero."))
    if min_price is not None and not 0 <= min_price <= price:
        raise UserError(N_("The minimum price must be between zero and the price."))
    uow.catalog.update_product(product.id, {"price": price, "min_price": min_price})
    uow.catalog.add_price_history([{
        "product_id": product.id, "price": price, "min_price": min_price,
        "changed_at": utc_text(utc_now()), "user_id": actor_id(actor),
    }])
    log_event(uow, actor, "price_changed", sku=product.sku, old=product.price, new=price)
    return uow.catalog.product(product.id)


def require_product_sku(uow: UnitOfWork, sku: str) -> Product:
    product = uow.catalog.product_by_sku(sku.strip())
    if product is None:
        raise UserError(N_("There is no product with the sku {sku}."), sku=sku)
    return product


def scale_rules(uow: UnitOfWork) -> tuple[barcodes.ScaleRule, ...]:
    """The label-scale barcode rules of this store (defaults when never set)."""
    stored = uow.store.get_setting(SCALE_RULES_KEY)
    if stored is None:
        return barcodes.DEFAULT_SCALE_RULES
    return barcodes.rules_from_json(stored)


def get_scale_rules(db: Database) -> tuple[barcodes.ScaleRule, ...]:
    with db.read() as uow:
        return scale_rules(uow)


def set_scale_rules(db: Database, actor: User, rules_json: str) -> tuple[barcodes.ScaleRule, ...]:
    """Replace the label-scale barcode rules (JSON, see docs/scale-barcodes.md); logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    rules = barcodes.rules_from_json(rules_json)
    with db.write() as uow:
        uow.store.set_setting(SCALE_RULES_KEY, barcodes.rules_to_json(rules))
        log_event(uow, actor, "settings_changed", scale_rules=barcodes.rules_to_json(rules))
        uow.commit()
    return rules


@dataclass(frozen=True)
class ScanResult:
    """What a scanned code means: a product, and for scale labels a weight or a price."""

    product: Product
    quantity: Milli | None = None  # from a weight-embedded label
    price: Centimes | None = None  # from a price-embedded label: the line's total


def scan(db: Database, code: str) -> ScanResult:
    """Resolve a scanned barcode (product barcodes and label-scale barcodes)."""
    with db.read() as uow:
        return scan_in(uow, code)


def scan_in(uow: UnitOfWork, code: str) -> ScanResult:
    parsed = barcodes.parse_scan(code, scale_rules(uow))
    if isinstance(parsed, str):
        product = uow.catalog.product_by_barcode(parsed)
        if product is None:
            raise UserError(N_("No product has the barcode {code}."), code=parsed)
    else:
        found = uow.catalog.product_by_scale_code(parsed.item_code)
        if found is None:
            raise UserError(N_("No weighed product has the scale code {code}."), code=parsed.item_code)
        product = found
    if not product.active:
        raise UserError(N_("The product {name} is no longer sold."), name=product.name_fr)
    if isinstance(parsed, str):
        return ScanResult(product)
    return ScanResult(product, quantity=parsed.weight, price=parsed.price)


def search(db: Database, query: str, *, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Find products by barcode, sku prefix, or words of their Arabic or French names.

    Matching ignores case, French accents, Arabic diacritics and letter variants;
    each word of the query must start a word of the product's names or category,
    stop words and single characters aside (:func:`text.query_terms`). A query of
    one word also finds the skus it starts, typed in any one case ("c051-0", "C051-0");
    a word inside a sku ("048" of "C051-048") does not find it.
    """
    query = query.strip()
    with db.read() as uow:
        results: list[Product] = []
        if query.isdigit() and len(query) in (8, 12, 13):
            exact = uow.catalog.product_by_barcode(query)
            if exact is not None and exact.active:
                results.append(exact)
        shown = {p.id for p in results}  # by id: comparing whole dataclasses cost ~1 ms per search
        if query and " " not in query:
            # A sku prefix, through the sku index: as typed, in capitals, in lower case. Skus
            # are not among the search words (text.search_terms): matching their parts as
            # words ("C051" and "048") scanned thousands of candidates, and wrote two rows
            # more per product.
            for prefix in dict.fromkeys((query, query.upper(), query.lower())):
                for product in uow.catalog.products_by_sku_prefix(prefix, limit=limit):
                    if product.active and product.id not in shown:
                        results.append(product)
                        shown.add(product.id)
        if len(results) < limit:
            for product in uow.catalog.search(text.query_terms(query), limit=limit):
                if product.id not in shown:
                    results.append(product)
    return results[:limit]


def products(db: Database, cooperative_code: str | None = None) -> list[Product]:
    with db.read() as uow:
        if cooperative_code is None:
            return uow.catalog.products()
        return uow.catalog.products(cooperative_id=require_cooperative(uow, cooperative_code).id)


def cooperatives(db: Database) -> list[Cooperative]:
    with db.read() as uow:
        return uow.catalog.cooperatives()
