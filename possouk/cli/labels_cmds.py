"""Barcode labels: ``possouk labels (--cooperative CODE | --sku SKU…) (--out FILE.pdf | --print)``.

``--out`` writes A4 label sheets as a PDF; ``--print`` prints single labels on
the receipt printer, through the print queue.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from possouk.app import App
from possouk.cli.common import Subparsers, add_command
from possouk.cli.output import emit, plural
from possouk.cli.printing_cmds import report
from possouk.domain.errors import N_, UserError
from possouk.i18n import _
from possouk.services.files import write_atomically

# possouk.reports.labels.GRIDS, named here so that building the command line does not load
# reportlab (tests/cli/test_cli_labels.py checks the two agree).
LABEL_GRIDS = ("3x8", "4x10")


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the ``labels`` sub-command."""
    cmd = add_command(subparsers, "labels", _("write A4 sheets of barcode labels for products as a "
                                              "PDF, or print single labels on the receipt printer"),
                      common, labels_command)
    chosen = cmd.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--cooperative", metavar="CODE",
                        help=_("a label for each product on sale of this cooperative"))
    chosen.add_argument("--sku", metavar="SKU", action="append", default=None,
                        help=_("a label for this product (repeat the option for more products)"))
    cmd.add_argument("--out", metavar="FILE", type=Path, help=_("the PDF file of A4 sheets to write"))
    cmd.add_argument("--print", action="store_true", dest="print_labels",
                     help=_("print single labels on the receipt printer (through the print queue)"))
    cmd.add_argument("--grid", choices=LABEL_GRIDS, default="3x8",
                     help=_("the label sheet: 3x8 (70 × 36 mm labels) or 4x10 (48.5 × 25.4 mm)"))
    cmd.add_argument("--copies", metavar="N", type=int, default=1,
                     help=_("how many labels of each product (1 to 100)"))
    cmd.add_argument("--outline", action="store_true",
                     help=_("draw the outline of each label, to cut plain paper"))


def labels_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import printing  # paper loads on first use

    if args.out is None and not args.print_labels:
        raise UserError(N_("Say what to do with the labels: --out FILE.pdf, --print, or both."))
    status = _sheets(app, args) if args.out is not None else 0
    if args.print_labels:
        outcomes = printing.print_labels(app.db, cooperative_code=args.cooperative,
                                         skus=args.sku or (), copies=args.copies)
        for outcome in outcomes:
            status = max(status, report(outcome))
    return status


def _sheets(app: App, args: argparse.Namespace) -> int:
    from possouk.services import labels  # paper loads on first use

    grid = labels.sheet_grid(args.grid, args.copies)
    data = labels.label_data(app.db, cooperative_code=args.cooperative, skus=args.sku or ())
    pdf = labels.render_labels(data, grid=args.grid, copies=args.copies, outline=args.outline)
    write_atomically(args.out, pdf)
    count = len(data) * args.copies
    emit(plural("{n} label written to {path}.", "{n} labels written to {path}.", count,
                path=str(args.out)))
    emit(plural("{n} A4 sheet to print.", "{n} A4 sheets to print.", labels.sheets_needed(count, grid)))
    return 0


