"""Documents printed from the ledger: deposit and return slips as PDF bytes."""

from __future__ import annotations

import re

from possouk.domain.errors import N_, UserError
from possouk.domain.model import StockKind
from possouk.hardware.receipt import Receipt
from possouk.hardware.slip_receipt import slip_receipt
from possouk.reports import deposit_slip as slip_report
from possouk.reports.deposit_slip import DepositSlipData
from possouk.storage.uow import Database, UnitOfWork

__all__ = ["deposit_slip_data", "deposit_slip_pdf", "deposit_slip_receipt"]

_KINDS = {"D": StockKind.INTAKE, "R": StockKind.RETURN}
_REFERENCE = re.compile(r"^\s*(?P<site>[^-\s]+)-(?P<kind>[DRdr])-(?P<number>\d+)\s*$")


def _doc_id(uow: UnitOfWork, reference_or_doc_id: str | int) -> int:
    if isinstance(reference_or_doc_id, int):
        return reference_or_doc_id
    text = reference_or_doc_id.strip()
    if text.isdigit():
        return int(text)
    match = _REFERENCE.match(text)
    site = uow.store.site_by_code(match["site"].upper()) if match else None
    doc_id = None
    if match and site is not None:
        doc_id = uow.ledger.stock_doc_id(site.id, _KINDS[match["kind"].upper()], int(match["number"]))
    if doc_id is None:
        raise UserError(N_("No deposit or return slip {reference}."), reference=text)
    return doc_id


def deposit_slip_data(db: Database, reference_or_doc_id: str | int) -> DepositSlipData:
    """The plain data of the slip of an intake or return, by reference ("MEK-D-00001") or id."""
    with db.read() as uow:
        doc_id = _doc_id(uow, reference_or_doc_id)
        doc = uow.ledger.stock_doc(doc_id) if uow.ledger.has_stock_doc(doc_id) else None
        if doc is None or doc.kind not in _KINDS.values() or doc.cooperative_id is None:
            raise UserError(N_("No deposit or return slip {reference}."), reference=str(reference_or_doc_id))
        products = uow.catalog.products_by_ids({line.product_id for line in doc.lines})
        return DepositSlipData.build(doc, uow.store.store(), uow.store.site(doc.site_id),
                                     uow.catalog.cooperative(doc.cooperative_id), products)


def deposit_slip_pdf(db: Database, reference_or_doc_id: str | int) -> bytes:
    """The slip of an intake (deposit slip) or a return (return slip) as PDF bytes.

    Raises :class:`UserError` when no intake or return has that reference or id.
    """
    return slip_report.deposit_slip_pdf(deposit_slip_data(db, reference_or_doc_id))


def deposit_slip_receipt(db: Database, reference_or_doc_id: str | int) -> Receipt:
    """The slip of an intake or return laid out for the receipt printer (render and print it as a receipt).

    Raises :class:`UserError` when no intake or return has that reference or id.
    """
    return slip_receipt(deposit_slip_data(db, reference_or_doc_id))
