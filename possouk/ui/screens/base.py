"""What every screen of the window shares: the till, retranslation, a place for messages.

A screen sets its texts in :meth:`Screen.retranslate`, never only in
``__init__``: the language switches at run time and the window calls
``retranslate`` on every screen. A screen asks the window to show another one
by emitting :attr:`Screen.go` with that screen's name (see
:data:`SCREEN_NAMES`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

SCREEN_NAMES = ("setup", "login", "sale", "payment", "refund", "open", "closing")


class Screen(QWidget):
    """A page of the window's stack; most work on the window's till (``self.till``)."""

    go = Signal(str)  # the name of the screen to show next
    changed = Signal()  # the till changed (cart, user): the status bar and customer display follow

    def retranslate(self) -> None:
        """Set every visible text in the current language (called again on a language switch)."""

    def activated(self) -> None:
        """Called each time the screen is shown: refresh what it shows, put the focus in place."""

    def scanned(self, code: str) -> bool:
        """A barcode scanner typed ``code`` (digits then Enter) while this screen was shown.

        Return True when the screen used it; the window then swallows the keystrokes.
        """
        return False
