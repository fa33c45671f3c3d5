"""Slow work (printing, opening the drawer) off the GUI thread, its result back on it.

:func:`run_in_background` runs a plain function in Qt's thread pool and calls
``done`` on the GUI thread with a :class:`Done`: the value, or the exception
the function raised (never swallowed: the caller decides; a bug re-raises).

:func:`notices` is the window's one place for messages that outlive the screen
that caused them — a receipt that could not be printed after the payment
screen already went back to the sale: the sale screen shows them.

:func:`print_message` turns a print job's :class:`Done` into what to tell the cashier.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from possouk.domain.errors import N_, EnvironmentFault, PossoukError
from possouk.i18n import gettext as _
from possouk.i18n import render_error

__all__ = [
    "Done", "Notices", "notices", "pending_jobs", "print_message", "run_in_background", "wait_for_jobs",
]


@dataclass(frozen=True)
class Done:
    """How a background job ended: ``value`` when it returned, ``error`` when it raised."""

    value: Any = None
    error: BaseException | None = None

    def result(self) -> Any:
        """The value, or raise the job's exception here (on the GUI thread)."""
        if self.error is not None:
            raise self.error
        return self.value


class _Hub(QObject):
    """Lives on the GUI thread for the whole run; jobs report to it by number.

    The callbacks stay here, on the GUI thread: a job running in the pool holds only its
    number, so a callback — often a bound method of a widget — is never let go in the
    pool's thread (a widget destroyed off the GUI thread crashes the program).
    """

    finished = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.callbacks: dict[int, Callable[[Done], None]] = {}
        self.next_key = 0
        self.finished.connect(self._deliver)

    @Slot(int, object)
    def _deliver(self, key: int, outcome: object) -> None:
        done = self.callbacks.pop(key, None)
        assert isinstance(outcome, Done)
        if done is not None:
            done(outcome)


_hub: _Hub | None = None


def _the_hub() -> _Hub:
    global _hub
    if _hub is None:
        _hub = _Hub()
    return _hub


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], hub: _Hub, key: int) -> None:
        super().__init__()
        self._work: Callable[[], Any] | None = work
        self._hub = hub
        self._key = key

    def run(self) -> None:
        work, self._work = self._work, None
        assert work is not None
        try:
            outcome = Done(value=work())
        except BaseException as error:  # handed to the GUI thread, which re-raises bugs
            outcome = Done(error=error)
        del work
        with contextlib.suppress(RuntimeError):  # the application was torn down: nobody to tell
            self._hub.finished.emit(self._key, outcome)


def run_in_background(work: Callable[[], Any], done: Callable[[Done], None]) -> None:
    """Run ``work()`` in the thread pool; ``done(Done(...))`` follows on the GUI thread.

    ``work`` is let go in the pool's thread: it must hold plain data and services (the
    database, a path…), never a widget or a Qt model; ``done`` may (it stays on the GUI
    thread). Call from the GUI thread.
    """
    hub = _the_hub()
    key = hub.next_key = hub.next_key + 1
    hub.callbacks[key] = done
    QThreadPool.globalInstance().start(_Job(work, hub, key))


def pending_jobs() -> int:
    """Jobs started whose result has not reached the GUI thread yet (tests wait on it)."""
    return len(_hub.callbacks) if _hub is not None else 0


def wait_for_jobs(msecs: int = 30_000) -> bool:
    """Block until the pool is idle (tests and shutdown); results arrive with the next events."""
    return QThreadPool.globalInstance().waitForDone(msecs)


class Notices(QObject):
    """Messages for the cashier from work that finished after its screen was left."""

    fault = Signal(object)  # a PossoukError to show (the printer is off…)
    info = Signal(str)  # a sentence already translated


_notices: Notices | None = None


def notices() -> Notices:
    """The window's notice board (created on first use, on the GUI thread)."""
    global _notices
    if _notices is None:
        _notices = Notices()
    return _notices


def print_message(done: Done) -> PossoukError | str:
    """What to tell the cashier about a print job: a fault, or a sentence."""
    try:
        outcome = done.result()
    except PossoukError as error:
        return error
    from possouk.services.printing import PrintOutcome  # loaded by the worker that printed

    assert isinstance(outcome, PrintOutcome)
    if outcome.printed:
        return _("Receipt {reference} printed.").format(reference=outcome.reference)
    reason = render_error(outcome.fault) if outcome.fault else ""
    return EnvironmentFault(N_("Receipt {reference} kept in the print queue: {reason}"),
                            reference=outcome.reference, reason=reason)
