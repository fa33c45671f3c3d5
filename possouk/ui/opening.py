"""Opening the window over a database: the first screen, the register, the till, the scanner.

Two ways in. :func:`run` is the plain one: the database is opened, then the
window. :func:`attach_database` finishes a window that :mod:`possouk.ui.quick_start`
showed before the database was opened (its login screen already painted).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from possouk.i18n import current_language
from possouk.services import maintenance, setup
from possouk.storage.uow import Database, open_database
from possouk.ui import machine
from possouk.ui.app import apply_language, create_application, pick_register
from possouk.ui.crash import install_exception_hook
from possouk.ui.main_window import MainWindow
from possouk.ui.scanner import install_scanner
from possouk.ui.till import Till

__all__ = ["attach_database", "choose_register", "first_screen", "run"]


def first_screen(db: Database) -> str:
    """``setup`` on a database without a register or a user, or while the first run's steps
    are left (the printer, the backups: see :func:`possouk.services.setup.setup_steps_left`);
    else ``login``."""
    status = maintenance.status(db)
    if not status.registers or not status.counts.get("users", 0) or setup.setup_steps_left(db):
        return "setup"
    return "login"


def choose_register(db: Database, asked: str | None, remembered: str | None) -> str:
    """The register of this window: the one asked, else the machine's, else the only one.

    "" when none is known yet (several registers: the login screen asks).
    """
    return pick_register(asked, remembered, [r.code for r in maintenance.registers(db)])


def _finish(app: QApplication, window: MainWindow, settings: machine.MachineSettings) -> None:
    install_scanner(app, window.route_scan)
    if settings.customer_display:
        window.set_customer_display(True)


def attach_database(window: MainWindow, location: str | None,
                    settings: machine.MachineSettings) -> None:
    """Open the database at ``location`` (``--db``) and give ``window`` its till.

    Raises what opening the database raises (an older schema, busy, not a possouk file).
    """
    db = open_database(location, upgrade=False)
    window.attach(Till(db, window.login_screen.register_code), first_screen(db))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        _finish(app, window, settings)


def run(db: Database, register_code: str | None, language: str | None, *, log_path: Path,
        config_folder: str | os.PathLike[str] | None = None) -> int:
    """Open the cashier's window over ``db`` and run until it is closed; the exit code.

    ``language`` None: the one this machine last used, else the current one.
    """
    app = create_application()
    settings = machine.load(config_folder)
    apply_language(app, language or settings.language or current_language())
    till = Till(db, choose_register(db, register_code, settings.register))
    window = MainWindow(till, log_path=log_path, config_folder=config_folder,
                        start=first_screen(db))
    restore = install_exception_hook(window, log_path, window.crash_dialogs)
    try:
        window.show()
        _finish(app, window, settings)
        return app.exec()
    finally:
        restore()
