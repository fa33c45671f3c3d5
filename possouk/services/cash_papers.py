"""The papers of the cash drawer: Z and X reports and cash-movement slips, for the receipt
printer, and the Z report as an A4 PDF kept in the documents folder.

``POSSOUK_DOCUMENTS_DIR`` names that folder (tests, a shop keeping its papers on a
shared drive); by default it is ``possouk`` in the user's documents folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, UserError
from possouk.hardware.receipt import Receipt
from possouk.hardware.z_receipt import cash_movement_receipt, payout_receipt, x_receipt, z_receipt
from possouk.services import sessions
from possouk.services.files import write_atomically, write_fault
from possouk.services.setup import require_register
from possouk.storage.uow import Database

__all__ = ["cash_movement_paper", "documents_folder", "payout_paper", "save_z_pdf", "x_paper",
           "z_paper", "z_pdf"]

_PAYOUT = re.compile(r"^(?:PAY-)?0*(\d{1,9})$", re.IGNORECASE)


def documents_folder() -> Path:
    """Where possouk keeps the documents it saves (Z reports…)."""
    chosen = os.environ.get("POSSOUK_DOCUMENTS_DIR")
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_documents_dir()) / "possouk"


def z_paper(db: Database, reference: str) -> Receipt:
    """The Z report ``reference`` laid out for the receipt printer."""
    report = sessions.z_report(db, reference)
    with db.read() as uow:
        store = uow.store.store()
        site = uow.store.site(require_register(uow, report.register_code).site_id)
    return z_receipt(report, store, site)


def x_paper(db: Database, register_code: str) -> Receipt:
    """The X report of the register's open session, as it stands now."""
    session, figures = sessions.figures(db, register_code)
    with db.read() as uow:
        store = uow.store.store()
        site = uow.store.site(require_register(uow, register_code).site_id)
        opener = uow.users.get(session.opened_by_id).display_name
    return x_receipt(figures, session, store, site, utc_now(), opener)


def payout_paper(db: Database, document: str) -> Receipt:
    """The paper of the payout ``PAY-000012`` (or ``12``), for the cooperative's representative
    to sign; a cash payout names the site of the register whose drawer paid it."""
    found = _PAYOUT.match(document.strip())
    if found is None:
        raise UserError(N_("{document} is not a payout number (like PAY-000012)."),
                        document=document)
    with db.read() as uow:
        payout_id = uow.settlements.payout_id(int(found.group(1)))
        if payout_id is None:
            raise UserError(N_("There is no payout {document}."), document=document)
        payout = next(p for p in uow.settlements.payouts() if p.id == payout_id)
        cooperative = uow.catalog.cooperative_by_code(payout.cooperative_code)
        assert cooperative is not None  # a payout's cooperative is never deleted
        site_id = uow.settlements.payout_site_id(payout_id)
        site = uow.store.site(site_id) if site_id is not None else None
        paid_by = uow.users.get(payout.user_id).display_name
        return payout_receipt(payout, uow.store.store(), cooperative, site, paid_by,
                              uow.settlements.due_after_payout(payout_id))


def cash_movement_paper(db: Database, register_code: str, number: int) -> Receipt:
    """The slip of the register's cash movement ``number``."""
    with db.read() as uow:
        register = require_register(uow, register_code)
        store = uow.store.store()
        site = uow.store.site(register.site_id)
        found = uow.sessions.movement_by_number(register.id, number)
        if found is None:
            raise UserError(N_("There is no cash movement {number} at register {register}."),
                            number=number, register=register.code)
        session = uow.sessions.session(found.session_id)
        who = uow.users.get(found.user_id).display_name
    return cash_movement_receipt(found, session, store, site, who)


def z_pdf(db: Database, reference: str) -> bytes:
    """The Z report ``reference`` as an A4 PDF."""
    from possouk.reports.z_report import z_report_pdf  # reportlab: loaded on first use

    report = sessions.z_report(db, reference)
    with db.read() as uow:
        store = uow.store.store()
        site = uow.store.site(require_register(uow, report.register_code).site_id)
    return z_report_pdf(report, store, site)


def save_z_pdf(db: Database, reference: str, folder: Path | None = None) -> Path:
    """Write the Z report's PDF to ``folder/Z/REFERENCE.pdf`` (default: the documents
    folder); the path. Raises a fault with a sentence when the disk refuses."""
    data = z_pdf(db, reference)
    report_reference = sessions.z_report(db, reference).reference
    path = (folder or documents_folder()) / "Z" / f"{report_reference}.pdf"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_fault(path, exc) from exc
    write_atomically(path, data)
    return path
