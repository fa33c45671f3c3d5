"""Exporting sales, stock, cooperatives and products to CSV or XLSX files.

Amounts are written as exact decimals (``123.45``), quantities with three
decimals (``0.750``), rates as percentages (``12.50``); in CSV as text, in XLSX
as numbers. The cooperatives and products exports have the columns of their
import, so an export can be imported into another store. A file is written
under a temporary name and renamed when complete: a failure never leaves half
a file. Every export is recorded in the event log.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from possouk.domain.calendar import STORE_TIMEZONE
from possouk.domain.errors import N_, UserError
from possouk.domain.model import User
from possouk.domain.permissions import Permission, require
from possouk.services.events import log_event
from possouk.services.files import temporary_path, write_fault
from possouk.services.imports import HEADERS, PRODUCT_EXPORT_EXTRA
from possouk.services.tabular import Cell, file_kind, write_table
from possouk.storage.uow import Database, UnitOfWork

KINDS = ("sales", "stock", "cooperatives", "products")
"""What :func:`export_file` can write."""

SALES_HEADER = (
    "date", "business_day", "receipt", "kind", "register", "site", "cashier", "manual_ref",
    "sku", "name_ar", "name_fr", "cooperative_code", "quantity", "unit_price", "gross",
    "line_discount", "ticket_discount", "net", "vat_pct", "vat", "commission_pct", "payment",
)
STOCK_HEADER = ("site", "cooperative_code", "sku", "name_ar", "name_fr", "unit", "on_hand")

Rows = Iterable[Sequence[Cell]]


def amount(centimes: int) -> Decimal:
    """Centimes as an exact decimal of dirhams: ``12345`` → ``123.45``."""
    return Decimal(centimes).scaleb(-2)


def quantity(milli: int) -> Decimal:
    """Thousandths as an exact decimal with three places: ``750`` → ``0.750``."""
    return Decimal(milli).scaleb(-3)


def percent(basis_points: int) -> Decimal:
    """Basis points as a percentage with two places: ``1250`` → ``12.50``."""
    return Decimal(basis_points).scaleb(-2)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def export_file(db: Database, actor: User, kind: str, path: Path,
                date_from: date | None = None, date_to: date | None = None) -> int:
    """Write ``kind`` (sales, stock, cooperatives, products) to ``path`` (.csv or .xlsx).

    ``date_from`` and ``date_to`` (inclusive business days) filter the sales.
    Returns the number of rows written. Raises :class:`UserError` for an unknown
    kind, file type or period, :class:`EnvironmentFault` when the file cannot
    be written (nothing is left behind).
    """
    require(actor, Permission.IMPORT_EXPORT)
    table = _TABLES.get(kind)
    if table is None:
        raise UserError(N_("possouk exports sales, stock, cooperatives or products, not “{kind}”."),
                        kind=kind)
    file_type = file_kind(path)
    if kind != "sales" and (date_from or date_to):
        raise UserError(N_("Only the sales export can be limited to a period."))
    if date_from and date_to and date_from > date_to:
        raise UserError(N_("The period ends ({last}) before it starts ({first})."),
                        first=date_from.isoformat(), last=date_to.isoformat())
    temporary = temporary_path(path)
    try:
        with db.read() as uow, temporary.open("wb") as out:
            header, rows = table(uow, date_from, date_to)
            count = write_table(out, file_type, header, rows)
            out.flush()
            os.fsync(out.fileno())
        # Logged before the file appears: no export leaves the store unrecorded.
        with db.write() as uow:
            log_event(uow, actor, "export", exported=kind, rows=count, file=path.name,
                      date_from=date_from.isoformat() if date_from else None,
                      date_to=date_to.isoformat() if date_to else None)
            uow.commit()
        os.replace(temporary, path)
    except OSError as exc:
        raise write_fault(path, exc) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return count


# --- the tables --------------------------------------------------------------------------


def _sales(uow: UnitOfWork, first: date | None, last: date | None) -> tuple[Sequence[str], Rows]:
    methods = uow.exports.payment_methods(first, last)

    def rows() -> Iterator[Sequence[Cell]]:
        for line in uow.exports.sale_lines(first, last):
            yield (
                line.created_at.astimezone(STORE_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S"),
                line.business_day,
                f"{line.register}-{line.number:06d}",  # as printed (Sale.reference)
                line.kind, line.register, line.site, line.cashier, line.manual_ref or "",
                line.sku, line.name_ar, line.name_fr, line.cooperative_code,
                quantity(line.quantity), amount(line.unit_price), amount(line.gross),
                amount(line.line_discount), amount(line.ticket_discount), amount(line.net),
                percent(line.vat_rate), amount(line.vat_amount), percent(line.commission_rate),
                "+".join(methods.get(line.sale_id, ())),
            )

    return SALES_HEADER, rows()


def _stock(uow: UnitOfWork, _first: date | None, _last: date | None) -> tuple[Sequence[str], Rows]:
    return STOCK_HEADER, [
        (level.site_code, level.cooperative_code, level.sku, level.name_ar, level.name_fr,
         level.unit.value, quantity(level.on_hand))
        for level in uow.queries.stock_levels()
    ]


def _cooperatives(uow: UnitOfWork, _first: date | None,
                  _last: date | None) -> tuple[Sequence[str], Rows]:
    return HEADERS["cooperatives"], [
        (c.code, c.name_ar, c.name_fr, c.registration, c.ice, c.province, c.phone, c.rib,
         percent(c.commission), _flag(c.women_led), _flag(c.youth_led))
        for c in uow.catalog.cooperatives()
    ]


def _products(uow: UnitOfWork, _first: date | None, _last: date | None) -> tuple[Sequence[str], Rows]:
    rows = (
        (p.cooperative_code, p.sku, p.barcode, p.name_ar, p.name_fr, p.category, p.unit,
         amount(p.price), None if p.min_price is None else amount(p.min_price),
         percent(p.vat_rate), None if p.scale_code is None else str(p.scale_code), _flag(p.active))
        for p in uow.exports.products()
    )
    return HEADERS["products"] + PRODUCT_EXPORT_EXTRA, rows


_Table = Callable[[UnitOfWork, date | None, date | None], tuple[Sequence[str], Rows]]
_TABLES: dict[str, _Table] = {
    "sales": _sales,
    "stock": _stock,
    "cooperatives": _cooperatives,
    "products": _products,
}
