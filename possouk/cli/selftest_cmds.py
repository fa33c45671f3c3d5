"""``possouk selftest``: does this installation have everything it needs? A line per check."""

from __future__ import annotations

import argparse
from pathlib import Path

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_json_option
from possouk.cli.output import emit, emit_json, say
from possouk.domain.errors import N_
from possouk.i18n import _
from possouk.services.files import write_atomically

__all__ = ["add_commands"]


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    cmd = add_command(subparsers, "selftest", _("check this installation: translations, fonts, "
                                                "migrations, the database, documents, the printer "
                                                "settings and the window"), common, selftest)
    cmd.add_argument("--report", metavar="FILE", type=Path, help=_("also write the report to FILE"))
    cmd.add_argument("--no-window", action="store_true",
                     help=_("leave out the window's check (Qt)"))
    add_json_option(cmd)


def selftest(app: App, args: argparse.Namespace) -> int:
    """Exit 0 when everything is there, 1 when a check failed (the report says which)."""
    from possouk.services import selftest as checks

    found = checks.run_checks(app.location)
    if not args.no_window:
        from possouk.ui.selftest import check_window

        found.append(check_window())
    text = checks.report_text(found)
    if args.report is not None:
        write_atomically(args.report, text.encode("utf-8"))
    if args.json:
        emit_json({"ok": all(c.ok for c in found),
                   "checks": [{"name": c.name, "ok": c.ok, "warning": c.warning, "detail": c.detail}
                              for c in found]})
    else:
        emit(text.rstrip("\n"))
        if args.report is not None:
            say(N_("Report written to {path}."), path=str(args.report))
    return 0 if all(c.ok for c in found) else 1
