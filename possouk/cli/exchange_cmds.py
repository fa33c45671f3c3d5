"""Journals and catalog between sites and head office on a file: ``possouk exchange …``."""

from __future__ import annotations

import argparse
from pathlib import Path

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group
from possouk.cli.output import emit, plural, say, table
from possouk.domain.errors import N_
from possouk.i18n import _
from possouk.i18n.formatting import format_utc_text
from possouk.services.events import COMMAND_LINE


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``exchange export``, ``import``, ``export-catalog``, ``import-catalog``, ``status``."""
    group = add_group(subparsers, "exchange", _("exchange journals and catalog between sites and "
                                                "head office on a file"), common)
    cmd = add_command(group, "export", _("at a site: write what head office has not acknowledged "
                                         "into a signed bundle"), common, export_command)
    cmd.add_argument("--out", required=True, metavar="FILE", help=_("the bundle to write"))
    which = cmd.add_mutually_exclusive_group()
    which.add_argument("--since-last", action="store_true",
                       help=_("only what head office has not acknowledged (the default)"))
    which.add_argument("--all", action="store_true", dest="everything",
                       help=_("every document of this database, from the first"))
    cmd = add_command(group, "import", _("at head office: import a site's bundle (whole or not at "
                                         "all; twice changes nothing)"), common, import_command)
    cmd.add_argument("file", help=_("the bundle written by the site"))
    cmd.add_argument("--accept-new-site", action="store_true",
                     help=_("the first bundle of a site: trust its key (compare it with "
                            "“possouk exchange status” at the site)"))
    cmd.add_argument("--preview", action="store_true",
                     help=_("check the bundle and say what it would import, importing nothing"))
    cmd = add_command(group, "export-catalog", _("at head office: write the catalog, users, store "
                                                 "settings and what was received, for the sites"),
                      common, export_catalog_command)
    cmd.add_argument("--out", required=True, metavar="FILE", help=_("the bundle to write"))
    cmd = add_command(group, "import-catalog", _("at a site: take head office's catalog in (no "
                                                 "document of the site is touched)"),
                      common, import_catalog_command)
    cmd.add_argument("file", help=_("the bundle written by head office"))
    cmd.add_argument("--accept-new-office", action="store_true",
                     help=_("the first catalog: trust head office's key (compare it with "
                            "“possouk exchange status” there)"))
    cmd.add_argument("--preview", action="store_true",
                     help=_("check the bundle and say what it would change, changing nothing"))
    add_command(group, "status", _("this database's key, the databases it exchanges with, and "
                                   "what waits to be sent"), common, status_command)


def _kind_label(kind: str) -> str:
    return {
        "sales": _("sales and refunds"), "stock_documents": _("stock documents"),
        "cash_movements": _("cash in and out"), "z_reports": _("Z reports"),
        "closings": _("closings"), "events": _("event log entries"),
    }[kind]


def export_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import exchange

    done = exchange.export_journal(app.db, COMMAND_LINE, Path(args.out), everything=args.everything)
    if not done.documents:
        say(N_("Nothing new since head office's last acknowledgement: {file} holds no document."),
            file=str(done.path))
    else:
        emit(plural("{n} document written to {file}.", "{n} documents written to {file}.",
                    done.documents, file=str(done.path)))
        table([_("what"), _("documents")],
              [[_kind_label(k), str(v)] for k, v in sorted(done.counts.items())], right_aligned=(1,))
    say(N_("Signed by this database, key {key}."), key=done.fingerprint)
    return 0


def import_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import exchange

    got = exchange.import_journal(app.db, COMMAND_LINE, Path(args.file),
                                  accept_new_site=args.accept_new_site, preview=args.preview)
    done = got.imported
    if args.preview:
        say(N_("Preview of the bundle of {name} (key {key}), written {at}: nothing was imported."),
            name=got.origin_name, key=got.fingerprint, at=format_utc_text(got.written_at))
        if got.new_origin:
            say(N_("This database has never received a bundle from it: import it with "
                   "--accept-new-site once its key is checked."))
    elif got.new_origin:
        say(N_("New site accepted: {name}, key {key}."), name=got.origin_name, key=got.fingerprint)
    rows = [[_kind_label(k), str(getattr(done, k))] for k in
            ("sales", "stock_documents", "cash_movements", "z_reports", "closings", "events")
            if getattr(done, k)]
    if rows:
        table([_("what"), _("new documents")], rows, right_aligned=(1,))
    elif not args.preview:
        say(N_("Nothing new: every document of the bundle was already here."))
    if done.already_here:
        emit(plural("{n} document of the bundle was already here.",
                    "{n} documents of the bundle were already here.", done.already_here))
    for what, names in (("products", done.new_products), ("cooperatives", done.new_cooperatives),
                        ("users", done.new_users)):
        if names:
            say({"products": N_("Products added, made at the site: {names}"),
                 "cooperatives": N_("Cooperatives added, made at the site: {names}"),
                 "users": N_("Users added, without a PIN here: {names}")}[what],
                names=", ".join(names))
    return 0


def export_catalog_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import exchange

    size = exchange.export_catalog(app.db, COMMAND_LINE, Path(args.out))
    say(N_("Catalog written to {file} ({size} kB), signed with key {key}."), file=args.out,
        size=max(1, size // 1024), key=exchange.identity(app.db).fingerprint)
    return 0


def import_catalog_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import exchange

    got = exchange.import_catalog(app.db, COMMAND_LINE, Path(args.file),
                                  accept_new_office=args.accept_new_office, preview=args.preview)
    if args.preview:
        say(N_("Preview of the catalog of {name} (key {key}): nothing was changed."),
            name=got.origin_name, key=got.fingerprint)
    elif got.new_origin:
        say(N_("Head office accepted: {name}, key {key}."), name=got.origin_name, key=got.fingerprint)
    changes = got.changes
    if changes.empty:
        say(N_("The catalog here is already head office's."))
    labels = {"sites": _("sites"), "registers": _("registers"), "cooperatives": _("cooperatives"),
              "products": _("products"), "users": _("users"), "settings": _("settings")}
    rows = [[labels[k], str(len(changes.added.get(k, []))), str(len(changes.changed.get(k, [])))]
            for k in labels if changes.added.get(k) or changes.changed.get(k)]
    if rows:
        table([_("what"), _("added"), _("changed")], rows, right_aligned=(1, 2))
    if changes.prices:
        emit(plural("{n} price changed.", "{n} prices changed.", changes.prices))
    emit(plural("Head office holds {n} document of this database.",
                "Head office holds {n} documents of this database.", got.acknowledged))
    return 0


def status_command(app: App, args: argparse.Namespace) -> int:
    from possouk.services import exchange

    state = exchange.status(app.db)
    say(N_("This database's key: {key}"), key=state.identity.fingerprint)
    if state.offices:
        office = state.offices[0]
        say(N_("Head office: {name} (key {key}), last catalog taken in {at}."),
            name=office.origin.name, key=office.fingerprint,
            at=format_utc_text(office.origin.last_import_at))
    if state.sites:
        table([_("site"), _("key"), _("last import"), _("bundles"), _("documents")],
              [[s.origin.name, s.fingerprint, format_utc_text(s.origin.last_import_at),
                str(s.origin.bundles), str(s.documents)] for s in state.sites],
              right_aligned=(3, 4))
    if state.pending:
        emit(_("Not yet acknowledged by head office:"))
        table([_("what"), _("documents")],
              [[_kind_label(k), str(v)] for k, v in sorted(state.pending.items())],
              right_aligned=(1,))
    elif state.offices:
        say(N_("Head office has acknowledged every document of this database."))
    return 0
