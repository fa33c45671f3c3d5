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


class _Relay(QObject):
    """Lives on the GUI thread; its signal, emitted from the pool, is queued to it."""

    finished = Signal(object)

    def __init__(self, done: Callable[[Done], None]) -> None:
        super().__init__()
        self._done = done
        self.finished.connect(self._deliver)

    @Slot(object)
    def _deliver(self, outcome: object) -> None:
        _running.discard(self)
        assert isinstance(outcome, Done)
        self._done(outcome)


_running: set[_Relay] = set()  # keeps relays alive until their job reports


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            outcome = Done(value=self._work())
        except BaseException as error:  # handed to the GUI thread, which re-raises bugs
            outcome = Done(error=error)
        try:
            self._relay.finished.emit(outcome)
        except RuntimeError:  # the application was torn down meanwhile: nobody to tell
            _running.discard(self._relay)


def run_in_background(work: Callable[[], Any], done: Callable[[Done], None]) -> None:
    """Run ``work()`` in the thread pool; ``done(Done(...))`` follows on the GUI thread."""
    relay = _Relay(done)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))


def pending_jobs() -> int:
    """Jobs started whose result has not reached the GUI thread yet (tests wait on it)."""
    return len(_running)


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
