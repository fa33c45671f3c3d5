"""Files in and out, and the demo store: ``import``, ``export``, ``demo``.

The services behind these commands are imported when the command runs, so
that ``possouk --help`` stays quick and does not load spreadsheet readers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, parse_day
from possouk.cli.output import complain, emit, plural, role_label, say, table
from possouk.domain.errors import N_, UserError
from possouk.i18n import _, render_message
from possouk.services.events import COMMAND_LINE

IMPORT_KINDS = ("cooperatives", "products", "intake", "sales")
EXPORT_KINDS = ("sales", "stock", "cooperatives", "products")
DEMO_SALES = 300
DEMO_SEED = 1


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the import, export and demo sub-commands."""
    cmd = add_command(
        subparsers, "import",
        _("import a CSV (UTF-8, header row) or XLSX file; any problem refuses the whole file"),
        common, import_command,
    )
    cmd.add_argument("kind", choices=IMPORT_KINDS, help=_("what the file holds"))
    cmd.add_argument("file", help=_("the .csv or .xlsx file"))

    cmd = add_command(subparsers, "export", _("export to a CSV or XLSX file (chosen by its extension)"),
                      common, export_command)
    cmd.add_argument("kind", choices=EXPORT_KINDS, help=_("what to export"))
    cmd.add_argument("file", help=_("the .csv or .xlsx file to write"))
    cmd.add_argument("--from", dest="date_from", metavar="DATE",
                     help=_("first business day to include (YYYY-MM-DD)"))
    cmd.add_argument("--to", dest="date_to", metavar="DATE",
                     help=_("last business day to include (YYYY-MM-DD)"))

    cmd = add_command(subparsers, "demo", _("build a demo store (two sites, about 60 cooperatives, "
                                            "sales and refunds) in an empty database"),
                      common, demo_command)
    cmd.add_argument("--sales", type=int, default=DEMO_SALES, metavar="N",
                     help=render_message(N_("how many sales to simulate (default: {n})"), {"n": DEMO_SALES}))
    cmd.add_argument("--seed", type=int, default=DEMO_SEED, metavar="S",
                     help=_("seed of the simulation: the same seed builds the same store"))
    cmd.add_argument("--force", action="store_true",
                     help=_("add the demo even though the database is not empty"))


def import_command(app: App, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UserError(N_("There is no file at {path}."), path=str(path))
    from possouk.services import imports

    result = imports.import_file(app.db, COMMAND_LINE, args.kind, path)
    emit(plural("{n} row imported from {file}.", "{n} rows imported from {file}.",
                result.rows, file=str(path)))
    if result.documents:
        emit(plural("{n} document recorded.", "{n} documents recorded.", result.documents))
    return 0


def export_command(app: App, args: argparse.Namespace) -> int:
    date_from, date_to = parse_day(args.date_from), parse_day(args.date_to)
    if date_from and date_to and date_to < date_from:
        raise UserError(N_("The last day comes before the first day."))
    from possouk.services import exports

    path = Path(args.file)
    count = exports.export_file(app.db, COMMAND_LINE, args.kind, path, date_from, date_to)
    emit(plural("{n} row written to {file}.", "{n} rows written to {file}.", count, file=str(path)))
    return 0


def demo_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import demo

    if args.sales < 0:
        raise UserError(N_("The number of sales must not be negative."))
    complain(N_("Building the demo store…"))
    summary = demo.build_demo(app.db, sales=args.sales, seed=args.seed, force=args.force)
    say(N_("Demo store ready: {sites} sites, {registers} registers, {cooperatives} cooperatives, "
           "{products} products, {deposits} deposit slips, {sales} sales, {refunds} refunds."),
        sites=summary.sites, registers=summary.registers, cooperatives=summary.cooperatives,
        products=summary.products, deposits=summary.deposits, sales=summary.sales,
        refunds=summary.refunds)
    emit()
    say(N_("Users and their PINs (write them down; they are not shown again):"))
    table([_("Login"), _("Role"), _("PIN")],
          [[login, role_label(role), pin] for login, role, pin in summary.users])
    return 0
