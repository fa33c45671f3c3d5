"""Looking after the database: ``backup``, ``restore``, ``db upgrade``, and the status
shown by ``possouk status`` (and by ``possouk`` alone when there is no display)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from possouk import __version__
from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group
from possouk.cli.output import say
from possouk.domain.errors import N_, UserError
from possouk.i18n import _, render_message
from possouk.services import maintenance

_YES_WORDS = frozenset({"y", "yes", "o", "oui", "ن", "نعم"})


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the database sub-commands."""
    cmd = add_command(subparsers, "backup", _("back the database up (a checked copy)"), common,
                      backup_command)
    cmd.add_argument("dest", nargs="?", metavar="DEST",
                     help=_("a file or a folder (default: the backups folder next to the "
                            "database, where only the newest copies are kept)"))

    cmd = add_command(subparsers, "restore", _("replace the database with a backup (the current "
                                               "one is kept aside)"), common, restore_command)
    cmd.add_argument("source", metavar="SRC", help=_("the backup file"))
    cmd.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))

    group = add_group(subparsers, "db", _("the database's schema"), common)
    add_command(group, "upgrade", _("bring the database to this version of possouk (after a "
                                    "backup)"), common, upgrade_command)


def backup_command(app: App, args: argparse.Namespace) -> int:
    path = maintenance.backup_database(app.location, Path(args.dest) if args.dest else None)
    say(N_("Backup written to {path}."), path=str(path))
    return 0


def _confirmed(question: str) -> bool:
    if sys.stdin is None or not sys.stdin.isatty():
        return False
    try:
        answer = input(question + " ")
    except EOFError:
        return False
    return answer.strip().lower() in _YES_WORDS | {_("y"), _("yes")}


def restore_command(app: App, args: argparse.Namespace) -> int:
    source = Path(args.source)
    target = maintenance.database_file(app.location)
    maintenance.check_backup(source)
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise UserError(N_("Restoring replaces the database {path}; add --yes to confirm."),
                            path=str(target))
        question = render_message(
            N_("Replace the database {path} with {source}? The current one is kept aside. [y/N]"),
            {"path": str(target), "source": str(source)},
        )
        if not _confirmed(question):
            say(N_("Nothing was changed."))
            return 1
    kept = maintenance.restore_database(app.location, source)
    say(N_("The database {path} was restored from {source}."), path=str(target), source=str(source))
    if kept is not None:
        say(N_("The database it replaced was kept at {path}."), path=str(kept))
    return 0


def upgrade_command(app: App, args: argparse.Namespace) -> int:
    report = maintenance.upgrade_database(app.location)
    if report.before is None:
        say(N_("A new database was created with schema {revision}."), revision=report.after)
    elif not report.changed:
        say(N_("The database is up to date (schema {revision})."), revision=report.after)
    else:
        say(N_("The database was upgraded from schema {before} to {after}."),
            before=report.before, after=report.after)
        if report.backup is not None:
            say(N_("A copy from before the upgrade was kept at {path}."), path=str(report.backup))
    return 0


def show_status(app: App, args: argparse.Namespace) -> int:
    """What ``possouk`` alone prints: which database, which store, how much it holds."""
    status = maintenance.status(app.db)
    say(N_("possouk {version}, database {location}"), version=__version__, location=status.location)
    store = status.store
    names = " / ".join(n for n in (store.name_fr, store.name_ar) if n)
    if names:
        say(N_("Store: {name}"), name=names)
    else:
        say(N_("Store: not named yet (possouk store set --name-fr … --name-ar …)"))
    if status.sites:
        say(N_("Sites: {sites}"), sites=", ".join(f"{s.code} ({s.name_fr})" for s in status.sites))
    else:
        say(N_("Sites: none yet"))
    if status.registers:
        say(N_("Registers: {registers}"),
            registers=", ".join(f"{r.code} ({r.site_code})" for r in status.registers))
    else:
        say(N_("Registers: none yet"))
    counts = status.counts
    say(N_("Cooperatives: {cooperatives}, products: {products}, users: {users}, sales: {sales}, "
           "refunds: {refunds}"),
        cooperatives=counts.get("cooperatives", 0), products=counts.get("products", 0),
        users=counts.get("users", 0), sales=counts.get("sales", 0), refunds=counts.get("refunds", 0))
    if status.empty:
        say(N_("This database is empty. Run “possouk demo” to build a demo store, "
               "or “possouk --help” to see every command."))
    else:
        say(N_("Run “possouk --help” to see every command."))
    return 0
