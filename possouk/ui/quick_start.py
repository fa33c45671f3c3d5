"""The window's quick start: the login screen painted first, the rest of possouk loaded behind it.

Importing SQLAlchemy, the services and the sale screens takes most of a second
on a small machine, three times what Qt takes to show a window. So when the
database is a plain SQLite file at the current schema with people to log in
(:func:`~possouk.storage.entrance.read_entrance`), the window opens at once on
its login screen, read with the standard library; a thread imports the rest
meanwhile, and the main thread then opens the database and gives the window its
till (:func:`possouk.ui.opening.attach_database`). A cashier can touch a tile and
type a PIN from the first frame; a PIN confirmed before the till is there is
checked as soon as it is.

Anything else (a new database, an older schema, PostgreSQL, a damaged file)
returns None: the caller opens the window the plain way, which explains.

This module and what it imports at the top stay light: Qt, the login screen,
the standard library.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from possouk.domain.errors import N_, EnvironmentFault, PossoukError
from possouk.i18n import language_from_env, render_error, render_message
from possouk.storage.entrance import read_entrance
from possouk.ui import machine
from possouk.ui.app import apply_language, create_application, pick_register
from possouk.ui.crash import install_exception_hook, write_crash_report
from possouk.ui.main_window import MainWindow

__all__ = ["EXIT_BUG", "EXIT_ENVIRONMENT", "EXIT_REFUSED", "run_quickly"]

EXIT_REFUSED, EXIT_ENVIRONMENT, EXIT_BUG = 1, 2, 3  # as the command line's
_POLL_MS = 15
_HEAVY_MODULE = "possouk.ui.opening"


class _Loader:
    """Imports the rest of the window in a thread; the main thread polls :attr:`done`."""

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="possouk-loader", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def _load(self) -> None:
        try:
            importlib.import_module(_HEAVY_MODULE)
        except BaseException as error:  # reported by the main thread, in the window
            self.error = error


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, after the window's first paint (the loader must not slow it)."""

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has been drawn
        return False


def run_quickly(location: str | None, register: str | None, language: str | None, *,
                log_path: Path, config_folder: str | os.PathLike[str] | None = None) -> int | None:
    """Open the window the quick way and run it until it is closed; its exit code.

    None when the quick way does not apply (nothing was shown; open it the plain way).
    """
    entrance = read_entrance(location)
    if entrance is None:
        return None
    app = create_application()
    settings = machine.load(config_folder)
    apply_language(app, language or settings.language or language_from_env())
    code = pick_register(register, settings.register, entrance.register_codes)
    window = MainWindow.opening(entrance, code, log_path=log_path, config_folder=config_folder)
    restore = install_exception_hook(window, log_path, window.crash_dialogs)
    loader = _Loader()
    poll = QTimer(window)
    poll.setInterval(_POLL_MS)

    def stop(exit_code: int, text: str) -> None:
        QMessageBox.critical(window, "possouk", text)
        app.exit(exit_code)

    def finish() -> None:
        if not loader.done:
            return
        poll.stop()
        if loader.error is not None:
            error = loader.error
            written = write_crash_report(log_path, type(error), error, error.__traceback__)
            message = (N_("possouk met a bug while opening. The details were written to {path}; "
                          "please send that file to whoever looks after possouk.") if written else
                       N_("possouk met a bug ({error}), and its report could not be written "
                          "to {path}."))
            stop(EXIT_BUG, render_message(message, {"path": str(log_path),
                                                    "error": type(error).__name__}))
            return
        opening = importlib.import_module(_HEAVY_MODULE)
        try:
            opening.attach_database(window, location, settings)
        except PossoukError as problem:  # an older schema meanwhile, busy, not possouk's
            stop(EXIT_ENVIRONMENT if isinstance(problem, EnvironmentFault) else EXIT_REFUSED,
                 render_error(problem))

    def load() -> None:
        loader.start()
        poll.start()

    poll.timeout.connect(finish)
    _AfterFirstPaint(window, load)
    try:
        window.show()
        return app.exec()
    finally:
        restore()

