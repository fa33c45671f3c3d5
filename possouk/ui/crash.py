"""What no screen caught while the window runs: a message to retry, a refusal, or a bug report.

A fault (printer, database) shows a message to retry; a refusal a screen missed
shows its sentence; anything else is a bug: written to the log file and shown in
a crash dialog naming that file — never a silent exit.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from possouk import __version__
from possouk.domain.errors import N_, EnvironmentFault, PossoukError
from possouk.i18n import _, render_error, render_message

__all__ = ["install_exception_hook", "write_crash_report"]


def write_crash_report(log_path: Path, exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> bool:
    """Append the traceback to the log file (the same one as the command's); False if impossible."""
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8") as handle:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            handle.write(f"--- {stamp} possouk {__version__}: window\n")
            handle.write("".join(traceback.format_exception(exc_type, exc, tb)))
    except OSError:
        return False
    return True


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_exception_hook(window: QWidget, log_path: Path,
                           dialogs: list[QMessageBox]) -> Callable[[], None]:
    """Catch what no screen caught while ``window`` runs; returns a function that undoes it.

    ``dialogs`` holds the dialog shown (one at a time), for the window and for tests.
    """
    previous: ExceptHook = sys.excepthook

    def show(icon: QMessageBox.Icon, title: str, text: str) -> None:
        if any(d.isVisible() for d in dialogs):  # one at a time: a timer must not pile them up
            return
        dialogs.clear()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        dialogs.append(box)
        box.open()

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            if isinstance(exc, EnvironmentFault):
                show(QMessageBox.Icon.Warning, _("Please try again"),
                     render_message(N_("{problem}\n\nNothing was lost: try again once this is "
                                       "fixed."), {"problem": render_error(exc)},
                                    plain=frozenset({"problem"})))
            elif isinstance(exc, PossoukError):
                show(QMessageBox.Icon.Information, _("Refused"), render_error(exc))
            else:
                written = write_crash_report(log_path, exc_type, exc, tb)
                message = (N_("possouk met a bug. The details were written to {path}; please send "
                              "that file to whoever looks after possouk. The cart is kept: you "
                              "can go on.") if written else
                           N_("possouk met a bug ({error}), and its report could not be written "
                              "to {path}."))
                show(QMessageBox.Icon.Critical, _("possouk met a bug"),
                     render_message(message, {"path": str(log_path), "error": exc_type.__name__}))
        except Exception:  # the dialog itself failed: at least the terminal hears of both
            previous(exc_type, exc, tb)
            failure = sys.exc_info()
            if failure[0] is not None and failure[1] is not None:
                sys.__excepthook__(failure[0], failure[1], failure[2])

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore
