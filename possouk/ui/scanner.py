"""A barcode scanner is a keyboard that types fast: tell its bursts from a person's typing.

:class:`ScannerFilter` is an event filter on the whole application. Printable
keystrokes are held back for a moment; when they come in a fast burst (each
less than ``gap_ms`` after the previous one) and Enter ends a burst of at least
``min_length`` characters, the burst is a scan: the text goes to ``callback``
(the shown screen's ``scanned(code)``) and, when the callback takes it, the
keystrokes are swallowed. Anything else — slow typing, a burst without Enter,
a scan no screen wants — is handed to the focused widget unchanged, so typing
in a search box still works. Keystrokes with Ctrl or Alt are never held.

Install it once, on the application::

    scanner = install_scanner(app, lambda code: window.current_screen().scanned(code))

While a modal dialog is open (a PIN, a weight) keys go straight to the dialog.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["DEFAULT_GAP_MS", "MIN_LENGTH", "ScannerFilter", "install_scanner"]

DEFAULT_GAP_MS = 35.0  # a scanner types a character every 2–15 ms; a fast typist every 80 ms
MIN_LENGTH = 4  # shorter bursts are keys pressed together, not a barcode

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_HOLDING_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)


@dataclass(frozen=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    target: QObject


class ScannerFilter(QObject):
    """Reads scanner bursts out of the application's keystrokes (see the module's notes).

    ``callback(code)`` returns True when it used the code. ``gap_ms`` is the
    longest pause between two keystrokes of one burst; ``clock`` returns seconds
    (tests pass a fake one to decide what is fast without real timing).
    Held keys go to the focused widget ``hold_ms`` after the last one (default
    ``gap_ms``); tests set it long and call :meth:`flush` themselves.
    """

    def __init__(
        self,
        callback: Callable[[str], bool],
        *,
        gap_ms: float = DEFAULT_GAP_MS,
        min_length: int = MIN_LENGTH,
        clock: Callable[[], float] = time.monotonic,
        hold_ms: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.callback = callback
        self.gap_ms = gap_ms
        self.min_length = min_length
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._last = 0.0
        self._replaying = False
        self.hold_ms = gap_ms if hold_ms is None else hold_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    @property
    def held(self) -> str:
        """The text held back so far (a burst in progress)."""
        return "".join(k.text for k in self._held)

    # -- the filter ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(event, QKeyEvent) or QApplication.activeModalWidget() is not None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            # Keep the characters of a burst away from shortcuts ("-" in "MEK1-000042");
            # a lone "+" or "-" outside a burst stays a shortcut.
            if self._holdable(event) and (self._held or event.text().isalnum()):
                event.accept()
                return True
            return False
        if event.isAutoRepeat():
            self.flush()
            return False
        now = self._clock()
        fast = bool(self._held) and (now - self._last) * 1000 < self.gap_ms
        if self._held and not fast:
            self.flush()  # a pause: what was held was typed by a person
        if event.key() in _ENTER_KEYS and not event.modifiers() & _HOLDING_MODIFIERS:
            if fast and len(self._held) >= self.min_length:
                return self._finish()
            self.flush()
            return False
        if not self._holdable(event):
            self.flush()
            return False
        self._held.append(_HeldKey(event.key(), event.modifiers(), event.text(), watched))
        self._last = now
        self._timer.start(max(1, int(self.hold_ms)))
        return True

    @staticmethod
    def _holdable(event: QKeyEvent) -> bool:
        text = event.text()
        return (len(text) == 1 and text.isprintable() and not text.isspace()
                and not event.modifiers() & _HOLDING_MODIFIERS)

    def _finish(self) -> bool:
        code = self.held
        self._timer.stop()
        used = self.callback(code)
        if used:
            self._held.clear()
            return True
        self.flush()  # nobody wanted it: the keys (then Enter) go where they were typed
        return False

    # -- handing keys back --------------------------------------------------------------------

    def flush(self) -> None:
        """Hand every held keystroke to the focused widget, as typed."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for key in held:
                target: QObject = QApplication.focusWidget() or key.target
                if isinstance(target, QWidget) and not target.isVisible():
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key.key, key.modifiers, key.text))
        finally:
            self._replaying = False


def install_scanner(app: QApplication, callback: Callable[[str], bool], **options: float) -> ScannerFilter:
    """Make ``callback`` receive every scan typed anywhere in ``app``; returns the filter.

    ``options`` are :class:`ScannerFilter`'s ``gap_ms`` and ``min_length``. The
    filter is parented to the application, so it lives as long as it does;
    ``app.removeEventFilter(scanner)`` turns it off.
    """
    gap = float(options.get("gap_ms", DEFAULT_GAP_MS))
    length = int(options.get("min_length", MIN_LENGTH))
    scanner = ScannerFilter(callback, gap_ms=gap, min_length=length, parent=app)
    app.installEventFilter(scanner)
    return scanner
