"""Importing cooperatives, products, deposits and paper sales from CSV or XLSX files.

All or nothing: every row is checked first and every problem is collected with
its row and column; then everything is written in one transaction, or nothing
at all (:class:`~possouk.domain.errors.FileRefused`). Cells are parsed in plain
Python before the write transaction opens, so the write lock is held only for
the database checks and the writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from possouk.domain import identifiers
from possouk.domain.calendar import local_to_utc, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Product, StockKind, Unit, User
from possouk.domain.money import div_round_half_up, line_total, parse_quantity
from possouk.domain.permissions import Permission, allows, require
from possouk.services import catalog
from possouk.services.catalog import CooperativeDraft
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, record_sale
from possouk.services.events import log_event
from possouk.services.import_cells import (
    NAME_AR,
    NAME_FR,
    Problems,
    RowCheck,
    Rows,
    cycle_collector_paused,
    first_seen,
    optional_amount,
    optional_rate,
    parse_bool,
    parse_code,
    parse_local_datetime,
    parse_manual_ref,
    parse_optional_text,
    parse_payment,
    product_parsers,
    rows_of_width,
    search_terms,
)
from possouk.services.stock import StockInput, record_stock_document
from possouk.services.tabular import check_header, read_table
from possouk.storage.uow import Database, UnitOfWork

HEADERS: dict[str, tuple[str, ...]] = {
    "cooperatives": ("code", "name_ar", "name_fr", "registration", "ice", "province", "phone",
                     "rib", "commission_pct", "women_led", "youth_led"),
    "products": ("cooperative_code", "sku", "barcode", "name_ar", "name_fr", "category", "unit",
                 "price", "min_price", "vat_pct"),
    "intake": ("site", "cooperative_code", "sku", "quantity"),
    "sales": ("ref", "datetime", "site", "register", "cashier", "sku", "quantity", "unit_price",
              "payment"),
}
PRODUCT_EXPORT_EXTRA = ("scale_code", "active")
"""Columns a products export adds; an import accepts them so an export can be re-imported."""

_FUTURE_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: its data rows, and the deposit slips or sales it recorded."""

    kind: str
    rows: int
    documents: int


def import_file(db: Database, actor: User, kind: str, path: Path, *,
                dry_run: bool = False) -> ImportResult:
    """Import ``path`` (CSV or XLSX) as ``kind``: cooperatives, products, intake or sales.

    Raises :class:`FileRefused` listing every problem (nothing is written), or
    :class:`UserError` for an unknown kind or file type. A ``dry_run`` runs every
    check and every write of the import in its transaction, then rolls it back
    instead of committing: the same problems, or the same result, and nothing written
    (nor logged).
    """
    require(actor, Permission.IMPORT_EXPORT)
    importer = _IMPORTERS.get(kind)
    if importer is None:
        raise UserError(N_("possouk imports cooperatives, products, intake or sales, not “{kind}”."),
                        kind=kind)
    with cycle_collector_paused():
        table = read_table(path)
        expected = HEADERS[kind]
        check_header(table, expected, PRODUCT_EXPORT_EXTRA if kind == "products" else ())
        problems = Problems()
        rows = rows_of_width(table, problems)
        documents = importer(db, actor, rows, problems, len(table.header) > len(expected),
                             dry_run)
    return ImportResult(kind, len(table.rows), documents)


def _write(problems: Problems, write: Callable[..., object], *args: Any) -> None:
    """Run a write that checks again what was checked here; a refusal refuses the file."""
    try:
        write(*args)
    except UserError as err:
        problems.error(1, "", err)


def _finish(uow: UnitOfWork, actor: User, problems: Problems, kind: str, rows: int,
            documents: int, dry_run: bool) -> int:
    problems.raise_if_any()
    if dry_run:  # not committed: leaving the unit of work rolls every write back
        return documents
    log_event(uow, actor, "import", imported=kind, rows=rows, documents=documents)
    uow.commit()
    return documents


# --- cooperatives ------------------------------------------------------------------------


def _import_cooperatives(db: Database, actor: User, rows: Rows, problems: Problems,
                         _extended: bool, dry_run: bool) -> int:
    drafts: list[tuple[int, CooperativeDraft]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        check = RowCheck(problems, number)
        code = check("code", parse_code("code"), cells[0], "")
        draft = CooperativeDraft(
            code=code,
            name_ar=check("name_ar", NAME_AR, cells[1], ""),
            name_fr=check("name_fr", NAME_FR, cells[2], ""),
            registration=check("registration", parse_optional_text("registration"), cells[3], ""),
            ice=check("ice", identifiers.validate_ice, cells[4], ""),
            province=check("province", parse_optional_text("province"), cells[5], ""),
            phone=check("phone", identifiers.validate_phone, cells[6], ""),
            rib=check("rib", identifiers.validate_rib, cells[7], ""),
            commission=check("commission_pct", optional_rate, cells[8], None),
            women_led=check("women_led", parse_bool, cells[9], False),
            youth_led=check("youth_led", parse_bool, cells[10], False),
        )
        if code:
            first_seen(seen, code, check, "code")
        if check.ok:
            drafts.append((number, draft))
    with db.write() as uow:
        existing = uow.catalog.cooperative_codes()
        for number, draft in drafts:
            if draft.code in existing:
                problems.add(number, "code", N_("A cooperative with the code {code} already exists."),
                             code=draft.code)
        if not problems.items:
            _write(problems, catalog.add_cooperatives, uow, actor, [draft for _, draft in drafts])
        return _finish(uow, actor, problems, "cooperatives", len(rows), 0, dry_run)


# --- products ----------------------------------------------------------------------------


def _import_products(db: Database, actor: User, rows: Rows, problems: Problems,
                     extended: bool, dry_run: bool) -> int:
    parsed: list[tuple[dict[str, Any], set[str]]] = []
    references: list[tuple[int, str, dict[str, Any] | None]] = []  # row, cooperative, product
    skus: dict[str, int] = {}
    codes: dict[str, int] = {}
    scale_codes: dict[str, int] = {}
    words: dict[str, frozenset[str]] = {}
    parsers = product_parsers(extended)
    # Called one by one, not in a loop over the columns: a quarter faster on 3 million cells.
    p_sku, p_code, p_ar, p_fr, p_category, p_unit, p_price, p_min, p_vat = (
        parse for _, parse, _ in parsers[:9])
    extra = [parse for _, parse, _ in parsers[9:]]  # scale_code and active, in an extended file
    unit_text = {unit: unit.value for unit in Unit}  # Enum.value is a slow property
    for number, cells in rows:
        check = RowCheck(problems, number)
        try:  # the common case, every cell right, without noting anything
            sku, code, name_ar, name_fr, category, unit, price, min_price, vat = (
                p_sku(cells[1]), p_code(cells[2]), p_ar(cells[3]), p_fr(cells[4]),
                p_category(cells[5]), p_unit(cells[6]), p_price(cells[7]), p_min(cells[8]),
                p_vat(cells[9]))
            scale_code, active = (extra[0](cells[10]), extra[1](cells[11])) if extended else (None, True)
        except UserError:  # parse again, noting each problem with its column
            values = [check(column, parse, cell, default)
                      for (column, parse, default), cell in zip(parsers, cells[1:], strict=True)]
            sku, code, name_ar, name_fr, category, unit, price, min_price, vat = values[:9]
            scale_code, active = values[9:] if extended else (None, True)
        if min_price is not None and price and not min_price <= price:
            check.add("min_price", N_("The minimum price must be between zero and the price."))
        if scale_code is not None and unit is Unit.PIECE:
            check.add("scale_code", N_("Only products sold by weight or volume have a scale code."))
        # setdefault first: most values are new, and then no call is needed
        if sku and skus.setdefault(sku, number) != number:
            first_seen(skus, sku, check, "sku")
        if code and codes.setdefault(code, number) != number:
            first_seen(codes, code, check, "barcode")
        if scale_code is not None:
            first_seen(scale_codes, str(scale_code), check, "scale_code")
        row: dict[str, Any] | None = None
        if check.ok:
            row = {
                "cooperative_id": 0, "sku": sku, "barcode": code, "name_ar": name_ar,
                "name_fr": name_fr, "category": category, "unit": unit_text[unit], "price": price,
                "min_price": min_price, "vat_bp": vat or 0, "active": active,
                "scale_code": scale_code,
            }
            parsed.append((row, search_terms(words, name_ar, name_fr, category)))
        references.append((number, cells[0].strip(), row))
    with db.write() as uow:
        _resolve_cooperatives(uow, references, problems)
        for sku in uow.catalog.existing_skus(skus):
            problems.add(skus[sku], "sku", N_("The sku {sku} already exists."), sku=sku)
        for code in uow.catalog.existing_barcodes(codes):
            problems.add(codes[code], "barcode",
                         N_("The barcode {barcode} already belongs to another product."),
                         barcode=code)
        _check_scale_codes(uow, scale_codes, problems)
        if not problems.items:
            _write(problems, catalog.insert_products, uow, actor, [p[0] for p in parsed],
                   [p[1] for p in parsed])
        return _finish(uow, actor, problems, "products", len(rows), 0, dry_run)


def _resolve_cooperatives(uow: UnitOfWork, references: list[tuple[int, str, dict[str, Any] | None]],
                          problems: Problems) -> None:
    """Set each product's cooperative id from its code; an unknown or inactive one is a problem."""
    cooperatives = {c.code: c for c in uow.catalog.cooperatives()}
    for number, code, row in references:
        cooperative = cooperatives.get(code)
        if cooperative is None:
            problems.add(number, "cooperative_code",
                         N_("There is no cooperative with the code {code}."), code=code)
        elif not cooperative.active:
            problems.add(number, "cooperative_code",
                         N_("The cooperative {code} is no longer active."), code=code)
        elif row is not None:
            row["cooperative_id"] = cooperative.id


def _check_scale_codes(uow: UnitOfWork, given: dict[str, int], problems: Problems) -> None:
    highest = uow.catalog.max_scale_code()
    for code, number in given.items():
        if int(code) <= highest and uow.catalog.product_by_scale_code(int(code)) is not None:
            problems.add(number, "scale_code",
                         N_("The scale code {code} already belongs to another product."), code=code)


# --- intake ------------------------------------------------------------------------------


def _import_intake(db: Database, actor: User, rows: Rows, problems: Problems,
                   _extended: bool, dry_run: bool) -> int:
    with db.write() as uow:
        products = uow.catalog.sku_ids(cells[2].strip() for _, cells in rows)
        sites = {s.code for s in uow.store.sites()}
        cooperatives = {c.code: c for c in uow.catalog.cooperatives()}
        slips: dict[tuple[str, str], list[tuple[int, StockInput]]] = {}
        for number, cells in rows:
            check = RowCheck(problems, number)
            site, cooperative_code, sku = (c.strip() for c in cells[:3])
            if site not in sites:
                check.add("site", N_("There is no site with the code {code}."), code=site)
            cooperative = cooperatives.get(cooperative_code)
            if cooperative is None:
                check.add("cooperative_code", N_("There is no cooperative with the code {code}."),
                          code=cooperative_code)
            product = _product(check, products, sku)
            if product and cooperative and product.cooperative_id != cooperative.id:
                check.add("sku", N_("{sku} does not belong to the cooperative {code}."),
                          sku=sku, code=cooperative_code)
            whole = product is not None and product.unit.whole
            quantity = check("quantity", partial(parse_quantity, whole=whole), cells[3], 0)
            if check.ok:
                slips.setdefault((site, cooperative_code), []).append(
                    (number, StockInput(sku, quantity)))
        for (site, cooperative_code), lines in slips.items():
            try:
                record_stock_document(uow, actor, StockKind.INTAKE, site, cooperative_code,
                                      [line for _, line in lines])
            except UserError as err:
                problems.error(lines[0][0], "", err)
        return _finish(uow, actor, problems, "intake", len(rows), len(slips), dry_run)


def _product(check: RowCheck, products: dict[str, Product], sku: str) -> Product | None:
    product = products.get(sku)
    if product is None:
        check.add("sku", N_("There is no product with the sku {sku}."), sku=sku)
    return product


# --- paper sales -------------------------------------------------------------------------


@dataclass
class _PaperSale:
    ref: str
    rows: list[int]
    head: list[str]  # datetime, site, register, cashier, payment as written on its first row
    at: datetime
    payment: PaymentMethod
    lines: list[tuple[str, str, int | None]] = field(default_factory=list)  # sku, quantity, price
    ok: bool = True


def paper_sale_key(register_code: str, ref: str) -> str:
    """The checkout key of a paper sale: the same file imported twice gives the same keys."""
    digest = hashlib.sha256(f"{register_code}\x1f{ref}".encode()).hexdigest()
    return f"paper:{digest[:58]}"


def _import_sales(db: Database, actor: User, rows: Rows, problems: Problems,
                  _extended: bool, dry_run: bool) -> int:
    sales = _group_paper_sales(rows, problems)
    with db.write() as uow:
        products = uow.catalog.sku_ids(cells[5].strip() for _, cells in rows)
        requests: list[tuple[_PaperSale, CheckoutRequest]] = []
        for sale in sales.values():
            request = _paper_request(uow, actor, sale, products, problems)
            if request is not None:
                requests.append((sale, request))
        for sale, request in sorted(requests, key=lambda item: (item[0].at, item[0].ref)):
            try:
                record_sale(uow, request)
            except UserError as err:
                problems.error(sale.rows[0], "", err)
        return _finish(uow, actor, problems, "sales", len(rows), len(requests), dry_run)


_HEAD_COLUMNS = ("datetime", "site", "register", "cashier", "payment")


def _group_paper_sales(rows: Rows, problems: Problems) -> dict[str, _PaperSale]:
    """Rows sharing a ref are one sale: they must agree on its time, place, cashier and payment."""
    sales: dict[str, _PaperSale] = {}
    now = utc_now()
    for number, cells in rows:
        check = RowCheck(problems, number)
        ref = check("ref", parse_manual_ref, cells[0], "")
        head = [cells[1].strip(), *(c.strip() for c in cells[2:5]), cells[8].strip()]
        sale = sales.get(ref) if ref else None
        if sale is None:
            when = check("datetime", parse_local_datetime, cells[1], datetime(2000, 1, 1))
            at = local_to_utc(when)
            if at > now + _FUTURE_TOLERANCE:
                check.add("datetime", N_("The date {text} is in the future."), text=head[0])
            payment = check("payment", parse_payment, cells[8], PaymentMethod.CASH)
            sale = _PaperSale(ref, [number], head, at, payment)
            if ref:
                sales[ref] = sale
        else:
            sale.rows.append(number)
            for column, mine, first in zip(_HEAD_COLUMNS, head, sale.head, strict=True):
                if mine != first:
                    check.add(column, N_("Rows of the sale {ref} must have the same {field} as "
                                         "row {first}."), ref=ref, field=column, first=sale.rows[0])
        price = check("unit_price", optional_amount, cells[7], None)
        if price is not None and price <= 0:
            check.add("unit_price", N_("The price must be more than zero."))
        sale.lines.append((cells[5].strip(), cells[6], price))
        sale.ok = sale.ok and check.ok
    return sales


def _paper_request(uow: UnitOfWork, actor: User, sale: _PaperSale, products: dict[str, Product],
                   problems: Problems) -> CheckoutRequest | None:
    """Check a paper sale's references and build its checkout request (None if refused)."""
    check = RowCheck(problems, sale.rows[0])
    _, site_code, register_code, login, _ = sale.head
    register = uow.store.register_by_code(register_code)
    if uow.store.site_by_code(site_code) is None:
        check.add("site", N_("There is no site with the code {code}."), code=site_code)
    elif register is not None and register.site_code != site_code:
        check.add("register", N_("The register {register} is not at the site {site}."),
                  register=register_code, site=site_code)
    if register is None:
        check.add("register", N_("There is no register with the code {code}."), code=register_code)
    cashier = uow.users.by_login(login)
    if cashier is None:
        check.add("cashier", N_("There is no user with the login {login}."), login=login)
    elif not allows(cashier, Permission.SELL):
        check.add("cashier", N_("{login} may not sell: the account is inactive or locked."),
                  login=login)
    cart: list[CartLine] = []
    total = 0
    for number, (sku, quantity_text, price) in zip(sale.rows, sale.lines, strict=True):
        line = RowCheck(problems, number)
        product = _product(line, products, sku)
        whole = product is not None and product.unit.whole
        quantity = line("quantity", partial(parse_quantity, whole=whole), quantity_text, 0)
        if product is not None and line.ok:
            cart.append(CartLine(product.id, quantity, price))  # None: the product's price
            total += line_total(quantity, product.price if price is None else price)
        check.ok = check.ok and line.ok
    key = paper_sale_key(register_code, sale.ref)
    done = uow.ledger.sale_id_by_client_key(key)
    if done is not None:
        check.add("ref", N_("The paper sale {ref} was already entered, as receipt {reference}."),
                  ref=sale.ref, reference=uow.ledger.sale(done).reference)
    if not (check.ok and sale.ok) or cashier is None or register is None:
        return None
    rounding = uow.store.store().cash_rounding
    if sale.payment is PaymentMethod.CASH and rounding > 1:  # as checkout rounds a cash total
        total = div_round_half_up(total, rounding) * rounding
    return CheckoutRequest(
        client_key=key, register_code=register_code, cashier=cashier, lines=cart,
        payments=[PaymentInput(sale.payment, total)], approver=actor, at=sale.at,
        manual_ref=sale.ref,
    )


_Importer = Callable[[Database, User, Rows, Problems, bool, bool], int]
_IMPORTERS: dict[str, _Importer] = {
    "cooperatives": _import_cooperatives,
    "products": _import_products,
    "intake": _import_intake,
    "sales": _import_sales,
}
