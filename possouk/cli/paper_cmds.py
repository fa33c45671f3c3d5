"""Paper from the ledger: ``receipt`` (PNG preview or raw ESC/POS bytes) and ``slip`` (PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from possouk.app import App
from possouk.cli import printing_cmds
from possouk.cli.common import Subparsers, add_command
from possouk.cli.output import say
from possouk.domain.errors import N_, UserError
from possouk.hardware.printers import PAPER_WIDTHS, WIDTH_80MM
from possouk.i18n import _


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the ``receipt`` and ``slip`` sub-commands."""
    cmd = add_command(subparsers, "receipt", _("draw the receipt of a sale or refund as a PNG "
                                               "image or as printer bytes"), common, receipt_command)
    cmd.add_argument("reference", metavar="REFERENCE", help=_("the receipt number, e.g. MEK1-000042"))
    cmd.add_argument("--png", metavar="FILE", type=Path, help=_("write the receipt as a PNG image"))
    cmd.add_argument("--escpos", metavar="FILE", type=Path,
                     help=_("write the raw ESC/POS bytes a receipt printer takes"))
    cmd.add_argument("--width", type=int, choices=PAPER_WIDTHS, default=WIDTH_80MM,
                     help=_("the paper width in dots: 576 for 80 mm paper, 384 for 58 mm"))
    cmd.add_argument("--duplicata", metavar="N", type=int, default=0,
                     help=_("mark the receipt as reprint number N (DUPLICATA)"))

    cmd = add_command(subparsers, "slip", _("write the deposit or return slip of a stock "
                                            "document as a PDF, or print it on the receipt printer"),
                      common, slip_command)
    cmd.add_argument("reference", metavar="REFERENCE",
                     help=_("the slip number, e.g. MEK-D-00001 (deposit) or MEK-R-00001 (return)"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path, help=_("the PDF file to write"))
    cmd.add_argument("--print", dest="to_printer", action="store_true",
                     help=_("print the slip on the receipt printer (through the print queue)"))


def receipt_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import receipts  # paper loads on first use

    if args.png is None and args.escpos is None:
        raise UserError(N_("Say where to write the receipt: --png FILE, --escpos FILE, or both."))
    if args.duplicata < 0:
        raise UserError(N_("The reprint count cannot be negative."))
    # Laid out once: both files show the same receipt.
    receipt = receipts.receipt_for(app.db, args.reference, duplicate_count=args.duplicata)
    if args.png is not None:
        receipts.write_png(receipt, args.png, args.width)
        say(N_("Receipt {reference} written to {path}."), reference=receipt.reference, path=str(args.png))
    if args.escpos is not None:
        receipts.write_escpos(receipt, args.escpos, args.width)
        say(N_("Receipt {reference} written to {path}."), reference=receipt.reference,
            path=str(args.escpos))
    return 0


def slip_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import documents, printing, receipts  # paper loads on first use

    if args.pdf is None and not args.to_printer:
        raise UserError(N_("Say what to do with the slip: --pdf FILE, --print, or both."))
    if args.pdf is not None:
        pdf = documents.deposit_slip_pdf(app.db, args.reference)
        receipts.write_atomically(args.pdf, pdf)
        say(N_("Slip {reference} written to {path}."), reference=args.reference.strip(),
            path=str(args.pdf))
    if args.to_printer:
        return printing_cmds.report(printing.print_slip(app.db, args.reference))
    return 0
