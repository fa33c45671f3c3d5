"""Receipts straight from the ledger: a sale's printed number in, a receipt (data, PNG, ESC/POS) out.

Everything a receipt shows is read back from the committed sale, so a reprint
says exactly what the ledger holds. Files are written atomically: a temporary
file next to the target, then a rename, so a failure never leaves half a file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from possouk.domain.model import Cooperative, User
from possouk.domain.permissions import Permission, require
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.receipt import LANGUAGES, Receipt, build_receipt
from possouk.hardware.receipt_image import WIDTH_80MM, render_receipt
from possouk.services.events import log_event
from possouk.services.files import write_atomically
from possouk.services.refunds import find_sale
from possouk.storage.uow import Database

__all__ = ["GROUP_BY_COOPERATIVE", "receipt_escpos", "receipt_for", "receipt_png", "set_receipt_grouping",
           "write_atomically", "write_escpos", "write_png"]

# Store setting: list a receipt's lines under one heading per cooperative.
GROUP_BY_COOPERATIVE = "receipt_group_by_cooperative"


def set_receipt_grouping(db: Database, actor: User, on: bool) -> None:
    """Turn grouping of receipt lines by cooperative on or off (a logged store setting)."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.write() as uow:
        uow.store.set_setting(GROUP_BY_COOPERATIVE, bool(on))
        log_event(uow, actor, "settings_changed", changes={GROUP_BY_COOPERATIVE: str(bool(on))})
        uow.commit()


def receipt_for(
    db: Database,
    reference: str,
    *,
    duplicate_count: int = 0,
    languages: Sequence[str] = LANGUAGES,
) -> Receipt:
    """The laid-out receipt of the sale or refund printed as ``reference`` (e.g. ``MEK1-000042``).

    ``duplicate_count`` > 0 marks a reprint (DUPLICATA and its count). Raises
    :class:`~possouk.domain.errors.UserError` when the reference is malformed or unknown.
    """
    sale = find_sale(db, reference)
    with db.read() as uow:
        store = uow.store.store()
        site = uow.store.site(sale.site_id)
        cooperatives: dict[int, Cooperative] = {
            cid: uow.catalog.cooperative(cid) for cid in {line.cooperative_id for line in sale.lines}
        }
        cashier = uow.users.get(sale.cashier_id)
        original = uow.ledger.sale(sale.refund_of_sale_id) if sale.refund_of_sale_id is not None else None
        grouped = bool(uow.store.get_setting(GROUP_BY_COOPERATIVE) or False)
    return build_receipt(
        sale, store, site=site, cooperatives=cooperatives, cashier_name=cashier.display_name,
        original=original, duplicate_count=duplicate_count, languages=languages,
        group_by_cooperative=grouped,
    )


def write_png(receipt: Receipt, path: Path, width: int = WIDTH_80MM) -> None:
    """Draw ``receipt`` ``width`` dots wide and write it to ``path`` as a 1-bit PNG."""
    buffer = io.BytesIO()
    render_receipt(receipt, width).save(buffer, format="PNG", optimize=True)
    write_atomically(path, buffer.getvalue())


def write_escpos(receipt: Receipt, path: Path, width: int = WIDTH_80MM, open_drawer: bool = False) -> None:
    """Write the ESC/POS bytes of ``receipt`` (raster image, cut, drawer kick if asked) to ``path``."""
    write_atomically(path, receipt_bytes(render_receipt(receipt, width), open_drawer=open_drawer))


def receipt_png(
    db: Database, reference: str, path: Path, width: int = WIDTH_80MM, duplicate_count: int = 0,
) -> Receipt:
    """Write the receipt of ``reference`` to ``path`` as a 1-bit PNG ``width`` dots wide."""
    receipt = receipt_for(db, reference, duplicate_count=duplicate_count)
    write_png(receipt, path, width)
    return receipt


def receipt_escpos(
    db: Database, reference: str, path: Path, width: int = WIDTH_80MM, open_drawer: bool = False,
    duplicate_count: int = 0,
) -> Receipt:
    """Write the raw ESC/POS bytes of the receipt of ``reference`` (raster image, cut) to ``path``."""
    receipt = receipt_for(db, reference, duplicate_count=duplicate_count)
    write_escpos(receipt, path, width, open_drawer)
    return receipt
