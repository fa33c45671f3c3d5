"""Opening the cashier's window (``possouk gui``, or ``possouk`` alone) and ``possouk status``.

Qt is imported only when the window opens, so the other commands stay quick.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from possouk.app import App, log_file
from possouk.cli.admin_cmds import show_status
from possouk.cli.common import Subparsers, add_command
from possouk.cli.output import say
from possouk.domain.errors import N_, EnvironmentFault, OlderSchema, PossoukError
from possouk.i18n import _, current_language, render_error, render_message
from possouk.services import maintenance
from possouk.ui.display import display_available
from possouk.ui.system_libraries import MISSING, missing_libraries, missing_params, qt_platform

__all__ = ["SCREENS", "add_commands", "display_available", "gui_command"]

# The screens ``--screenshot`` can draw (possouk.ui.screenshot.SCREENS, kept here so that
# building the command line does not load Qt).
SCREENS = ("login", "setup", "sale", "payment", "refund", "customer", "open", "closing",
           "cooperatives", "products", "intake", "stock", "labels", "data", "users", "settings")


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``gui`` and ``status``."""
    cmd = add_command(subparsers, "gui", _("open the cashier's window (what possouk does "
                                           "without a command)"), common, gui_command)
    cmd.add_argument("--register", metavar="CODE",
                     help=_("the register this machine is (default: the one it was last time, "
                            "else the only one)"))
    cmd.add_argument("--screenshot", metavar="FILE.png",
                     help=_("draw a screen to a PNG file instead of opening the window"))
    cmd.add_argument("--screen", choices=SCREENS, default="login",
                     help=_("the screen to draw with --screenshot (default: login)"))
    add_command(subparsers, "status", _("show the state of the database: store, sites, "
                                        "registers and counts"), common, show_status)


def _require_system_libraries() -> None:
    """Refuse, naming the Debian packages, when Qt could not load its platform here."""
    missing = missing_libraries(qt_platform())
    if missing:
        raise EnvironmentFault(MISSING, **missing_params(missing))


def gui_command(app: App, args: argparse.Namespace) -> int:
    """Open the window; draw one screen to a file with ``--screenshot``."""
    register: str | None = getattr(args, "register", None)
    picture: str | None = getattr(args, "screenshot", None)
    if picture is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a picture needs no display
    if picture is not None or display_available():
        _require_system_libraries()
    if picture is not None:
        from possouk.ui.screenshot import screenshot

        path = Path(picture)
        screenshot(app.db, register, path, current_language(), getattr(args, "screen", "login"))
        say(N_("Picture written to {path}."), path=str(path))
        return 0
    if not display_available():
        say(N_("No display is available here (no DISPLAY or WAYLAND_DISPLAY), so the window "
               "cannot open. Here is the state of the database instead."))
        return show_status(app, args)
    from possouk.ui.app import show_startup_problem
    from possouk.ui.opening import run

    try:
        try:
            db = app.db
        except OlderSchema:
            _upgrade_in_window(app)
            db = app.db
    except PossoukError as problem:  # not a possouk database, a newer schema, database busy…
        # Started from a desktop icon there is no terminal: say it in a window too.
        show_startup_problem(render_error(problem))
        raise
    return run(db, register, getattr(args, "lang", None), log_path=log_file())


def _upgrade_in_window(app: App) -> None:
    """An older SQLite database: backed up and brought up to date, as ``possouk db upgrade``
    does, while the window says so. A server's schema is its administrator's
    to upgrade (every register shares it): refused, as before."""
    from possouk.ui.upgrade import UPGRADING, run_with_progress, tell

    if not maintenance.is_sqlite_file(app.location):
        raise OlderSchema(N_("The database needs an upgrade: run “possouk db upgrade”."))
    report = run_with_progress(lambda: maintenance.upgrade_database(app.location), _(UPGRADING))
    lines = [render_message(N_("The database was upgraded from schema {before} to {after}."),
                            {"before": report.before or "", "after": report.after})]
    if report.backup is not None:
        lines.append(render_message(N_("A copy from before the upgrade was kept at {path}."),
                                    {"path": str(report.backup)}))
    tell("\n".join(lines))
