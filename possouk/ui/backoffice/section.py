"""What every screen of the back office is: a widget with a title, the permission that shows
it, a way to read its data again, and its words in the language now chosen.

A section reads and writes only through :mod:`possouk.services` (the same checks as the
command line), loads what it shows off the GUI thread
(:func:`possouk.ui.workers.run_in_background`) and says what happened in its
:class:`~possouk.ui.widgets.MessageBar` — never in a modal box, but for a question.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from possouk.domain.model import User
from possouk.domain.permissions import Permission, allows
from possouk.storage.uow import Database

__all__ = ["Section"]


class Section(QWidget):
    """A screen of the back office. Subclasses set :attr:`TITLE` (a msgid), :attr:`PERMISSION`
    (needed to see it) and implement :meth:`retranslate` and :meth:`refresh`."""

    TITLE = ""
    PERMISSION = Permission.MANAGE_SETTINGS
    loaded = Signal()  # what the section shows was read again (tests wait for it)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.loading = False

    def may(self, permission: Permission) -> bool:
        return allows(self.user, permission)

    def retranslate(self) -> None:
        """Every word again in the language now chosen."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Read what the section shows again (off the GUI thread), then emit :attr:`loaded`."""
        raise NotImplementedError

    def ask_confirm(self, question: str) -> bool:
        """A yes/no question (tests replace it)."""
        answer = QMessageBox.question(self, self.windowTitle() or " ", question)
        return answer == QMessageBox.StandardButton.Yes
