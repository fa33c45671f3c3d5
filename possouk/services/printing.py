"""Printing receipts through a persistent queue: the sale is committed first, paper comes after.

Each print becomes a job holding the exact ESC/POS bytes, committed as
"queued" *before* the printer is tried. When the printer is off, out of paper
or fails mid-job, the job stays queued with the fault's message and
:func:`retry_pending` sends it later, unchanged; nothing is lost across a
restart. A job is marked printed once :func:`possouk.hardware.printers.send`
returned; if the database cannot record that, the job may print twice — a
duplicate receipt is better than a lost one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import User
from possouk.domain.permissions import Permission, require
from possouk.hardware import printers
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.label_receipt import label_receipt
from possouk.hardware.printers import PrinterConfig
from possouk.hardware.receipt import Receipt, Row, RowKind
from possouk.hardware.receipt_image import WIDTH_80MM, render_receipt
from possouk.i18n import translator
from possouk.services import setup
from possouk.services.cash_papers import cash_movement_paper, payout_paper, x_paper, z_paper
from possouk.services.events import log_event
from possouk.services.receipts import receipt_for
from possouk.storage.print_repo import PrintJob
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database

__all__ = [
    "NO_PRINTER",
    "PRINTER_KEY",
    "PrintJob",
    "PrintOutcome",
    "pending",
    "print_cash_movement",
    "print_labels",
    "print_payout",
    "print_receipt",
    "print_test_page",
    "print_x",
    "print_z",
    "printer_config",
    "printer_test_page",
    "retry_pending",
    "set_printer",
]

PRINTER_KEY = "printer"
RECEIPT, TEST, SLIP, LABEL = "receipt", "test", "slip", "label"
Z_REPORT, X_REPORT, CASH_MOVE, PAYOUT = "z", "x", "cash", "payout"
TEST_REFERENCE = "TEST"
NO_PRINTER = N_("No receipt printer is set up: the receipt is kept in the print queue. Set one up "
                "with “possouk printer set”, then print the queue again.")


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one print job: printed, or kept in the queue with the reason (``fault``)."""

    job_id: int
    kind: str
    reference: str
    copy: int
    printed: bool
    fault: PossoukError | None = None


def printer_config(db: Database) -> PrinterConfig | None:
    """The receipt printer's settings, or None when none was set up."""
    with db.read() as uow:
        stored = uow.store.get_setting(PRINTER_KEY)
    return None if stored is None else PrinterConfig.from_dict(stored)


def set_printer(db: Database, actor: User, config: PrinterConfig) -> PrinterConfig:
    """Save the receipt printer's settings (already validated by :class:`PrinterConfig`); logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    with db.write() as uow:
        uow.store.set_setting(PRINTER_KEY, config.to_dict())
        log_event(uow, actor, "settings_changed", printer=config.to_dict())
        setup.note_step_done(uow, actor, "printer")
        uow.commit()
    return config


def print_receipt(
    db: Database, reference: str, *, reprint: bool = False, open_drawer: bool = False,
    actor: User | None = None,
) -> PrintOutcome:
    """Queue the receipt of the committed sale ``reference``, then try to print it.

    A first print is the original (copy 0); a ``reprint`` says DUPLICATA with
    the next count and is logged as a "reprint" event. A printer fault does not
    raise: the job stays queued and the outcome carries the fault to show.
    Raises :class:`UserError` for an unknown or malformed reference.
    """
    config = printer_config(db)
    width = config.width_dots if config else WIDTH_80MM
    with db.read() as uow:
        earlier = uow.printing.count_for(reference.strip(), RECEIPT)
    # Two tills reprinting at once could take the same count: recount under the
    # write lock and lay out again in that rare case.
    for _attempt in range(3):
        copy = max(1, earlier) if reprint else 0
        receipt = receipt_for(db, reference, duplicate_count=copy)
        data = _bytes(receipt, config, width, open_drawer)
        with db.write() as uow:
            now = uow.printing.count_for(receipt.reference, RECEIPT)
            if now != earlier and reprint:
                earlier = now
                continue
            job_id = uow.printing.add(utc_text(utc_now()), RECEIPT, receipt.reference, copy, data)
            if reprint:
                log_event(uow, actor, "reprint", reference=receipt.reference, copy=copy)
            uow.commit()
        break
    else:  # pragma: no cover - needs three reprints of one receipt racing
        raise UserError(N_("The receipt {reference} is being reprinted elsewhere; try again."),
                        reference=reference)
    with db.read() as uow:
        job = uow.printing.get(job_id)
    return _send(db, config, job)


def _queue_and_send(db: Database, kind: str, receipt: Receipt, *,
                    open_drawer: bool = False) -> PrintOutcome:
    """Queue ``receipt`` as one job of ``kind``, then try to print it."""
    config = printer_config(db)
    width = config.width_dots if config else WIDTH_80MM
    data = _bytes(receipt, config, width, open_drawer)
    with db.write() as uow:
        job_id = uow.printing.add(utc_text(utc_now()), kind, receipt.reference, 0, data)
        uow.commit()
    with db.read() as uow:
        job = uow.printing.get(job_id)
    return _send(db, config, job)


def print_test_page(db: Database) -> PrintOutcome:
    """Print a test page (Arabic, French, a barcode) and open the drawer, through the queue."""
    return _queue_and_send(db, TEST, printer_test_page(), open_drawer=True)


def print_slip(db: Database, reference: str) -> PrintOutcome:
    """Print a deposit or return slip on the receipt printer, through the queue."""
    from possouk.services.documents import deposit_slip_receipt  # reportlab: loaded on first use

    return _queue_and_send(db, SLIP, deposit_slip_receipt(db, reference))


def print_z(db: Database, reference: str) -> PrintOutcome:
    """Print the Z report ``reference`` (e.g. MEK1-Z0003), through the queue."""
    return _queue_and_send(db, Z_REPORT, z_paper(db, reference))


def print_x(db: Database, register_code: str) -> PrintOutcome:
    """Print the X report of the register's open session (its figures now), through the queue."""
    return _queue_and_send(db, X_REPORT, x_paper(db, register_code))


def print_cash_movement(db: Database, register_code: str, number: int, *,
                        open_drawer: bool = True) -> PrintOutcome:
    """Print the slip of the register's cash movement ``number`` and open the drawer."""
    return _queue_and_send(db, CASH_MOVE, cash_movement_paper(db, register_code, number),
                           open_drawer=open_drawer)


def print_payout(db: Database, document: str, *, open_drawer: bool = False) -> PrintOutcome:
    """Print the paper of the payout ``document`` (PAY-000012) for the cooperative's
    representative to sign; ``open_drawer`` for a cash payout, paid from the drawer."""
    return _queue_and_send(db, PAYOUT, payout_paper(db, document), open_drawer=open_drawer)


def print_labels(db: Database, *, cooperative_code: str | None = None, skus: Sequence[str] = (),
                 copies: int = 1) -> list[PrintOutcome]:
    """Print single product labels on the receipt printer, ``copies`` of each, cut one by one.

    The products are chosen as for label sheets (:func:`possouk.services.labels.label_data`).
    Every product becomes one queued job holding all its copies, so a job printed
    twice after a fault never mixes products. Jobs are queued before any is
    sent; sending stops at the first fault, the rest stay queued (their
    outcomes say not printed, with no fault). Raises
    :class:`UserError` for unknown products or a number of copies outside 1–100.
    """
    from possouk.services.labels import label_data, sheet_grid  # reportlab: loaded on first use

    sheet_grid("3x8", copies)  # the same bounds on copies as the sheets
    labels = label_data(db, cooperative_code=cooperative_code, skus=skus)
    config = printer_config(db)
    width = config.width_dots if config else WIDTH_80MM
    jobs = []
    for label in labels:
        image = render_receipt(label_receipt(label), width)
        jobs.append((label.sku, receipt_bytes(image) * copies))
    with db.write() as uow:
        ids = [uow.printing.add(utc_text(utc_now()), LABEL, sku, 0, data) for sku, data in jobs]
        uow.commit()
    outcomes: list[PrintOutcome] = []
    for job_id, (sku, _data) in zip(ids, jobs, strict=True):
        if outcomes and not outcomes[-1].printed:  # not tried: it waits behind the failed one
            outcomes.append(PrintOutcome(job_id, LABEL, sku, 0, False))
            continue
        with db.read() as uow:
            job = uow.printing.get(job_id)
        outcomes.append(_send(db, config, job))
    return outcomes


def printer_test_page() -> Receipt:
    """The test page's layout: a title in both languages, sample Arabic and French, a barcode."""
    title = N_("Printer test page")
    fr, ar = translator("fr").gettext(title), translator("ar").gettext(title)
    rows = (
        Row(fr=fr, ar=ar if ar != fr else "", bold=True, big=True, center=True),
        Row(kind=RowKind.RULE),
        # Sample text, not messages: letters that must join (Arabic) and accents (French).
        Row(ar="العربية: تعاونية النحل — عسل الزعتر ١٢٠ درهم", center=True),
        Row(fr="Français : Coopérative des abeilles — miel de thym, 120,00 MAD", center=True),
        Row(fr="0123456789 ÀÂÇÉÈÊËÎÏÔÙÛÜ àâçéèêëîïôùûü", center=True),
        Row(kind=RowKind.RULE),
        Row(kind=RowKind.BARCODE, value="POSSOUK-TEST"),
        Row(value="POSSOUK-TEST", center=True),
    )
    return Receipt(reference=TEST_REFERENCE, integrity="", rows=rows)


def retry_pending(db: Database) -> list[PrintOutcome]:
    """Send the queued jobs, oldest first, each at most once; stop at the first that fails.

    Stopping keeps receipts in order and does not wait out the printer's
    timeout once for every job when it is off. Returns one outcome for each job tried.
    """
    config = printer_config(db)
    outcomes: list[PrintOutcome] = []
    for job in pending(db):
        outcome = _send(db, config, job)
        outcomes.append(outcome)
        if not outcome.printed:
            break
    return outcomes


def pending(db: Database) -> list[PrintJob]:
    """The jobs still waiting for the printer, oldest first."""
    with db.read() as uow:
        return uow.printing.queued()


def _bytes(receipt: Receipt, config: PrinterConfig | None, width: int, open_drawer: bool) -> bytes:
    pin, pulse = (config.drawer_pin, config.drawer_pulse_ms) if config else (2, 100)
    return receipt_bytes(render_receipt(receipt, width), open_drawer=open_drawer, drawer_pin=pin,
                         drawer_pulse_ms=pulse)


def _job_name(job: PrintJob) -> str:
    return job.reference if job.copy == 0 else f"{job.reference}-duplicata-{job.copy}"


def _send(db: Database, config: PrinterConfig | None, job: PrintJob) -> PrintOutcome:
    """Try the printer once for ``job``; record the result in its own transaction."""
    if config is None:
        with db.write() as uow:
            uow.printing.mark_failed(job.id, NO_PRINTER, attempted=False)
            uow.commit()
        return PrintOutcome(job.id, job.kind, job.reference, job.copy, False, UserError(NO_PRINTER))
    try:
        printers.send(config, job.data, job_name=_job_name(job))
    # A transport fault, or a missing optional package: either way not printed, kept queued.
    except PossoukError as fault:
        with db.write() as uow:
            uow.printing.mark_failed(job.id, fault.message)
            uow.commit()
        return PrintOutcome(job.id, job.kind, job.reference, job.copy, False, fault)
    with db.write() as uow:
        uow.printing.mark_printed(job.id, utc_text(utc_now()))
        uow.commit()
    return PrintOutcome(job.id, job.kind, job.reference, job.copy, True)
