"""Opening a database written by an older possouk: backed up, brought up to date, then opened.

The window does what ``possouk db upgrade`` does (a copy first, then the migrations, then
the running sums filled from the old sales), showing that it is working meanwhile, and then
says where the copy is. The work runs in a thread so the message keeps being drawn; it
holds no Qt object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog

from possouk.domain.errors import N_
from possouk.ui.app import create_application

__all__ = ["UPGRADING", "run_with_progress", "tell"]

T = TypeVar("T")

UPGRADING = N_("This database was written by an older version of possouk. possouk keeps a copy "
               "of it, then brings it up to date. This can take a minute; please wait.")


def tell(text: str) -> None:
    """The notice after the upgrade (tests replace it)."""
    QMessageBox.information(None, "possouk", text)


def run_with_progress(work: Callable[[], T], text: str) -> T:
    """``work()`` in a thread while a busy dialog shows ``text``; its result or its exception."""
    create_application()
    dialog = QProgressDialog()
    label = QLabel(text)
    label.setWordWrap(True)  # a long sentence in a dialog of reasonable width
    dialog.setLabel(label)
    dialog.setRange(0, 0)  # busy: how long the migrations take is not known
    dialog.setWindowTitle("possouk")
    dialog.setCancelButton(None)  # a half-done upgrade is not a choice: it runs to its end
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setFixedWidth(560)
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # given back to the caller on the GUI thread
            errors.append(error)

    thread = threading.Thread(target=run, name="possouk-upgrade", daemon=True)
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(30)
    poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    dialog.show()
    thread.start()
    poll.start()
    loop.exec()
    poll.stop()
    dialog.close()
    dialog.deleteLater()
    if errors:
        raise errors[0]
    return results[0]
