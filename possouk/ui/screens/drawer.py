"""The opening screen: the cashier counts the float, note by note and coin by coin, and opens
the register. Selling starts only then (the services refuse a sale without an open session).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from possouk.domain.errors import N_, PossoukError, UserError
from possouk.i18n import current_language, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_money
from possouk.ui.count_widget import CountWidget
from possouk.ui.dialogs import key_text, keyed_button
from possouk.ui.screens.base import Screen
from possouk.ui.till import Till
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import notices

__all__ = ["OpenScreen"]


class OpenScreen(Screen):
    """Count the float, then "Open the register": the sale screen."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setObjectName("open")
        self.heading = QLabel(self)
        self.heading.setObjectName("title")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.message = MessageBar(self)
        self.counter = CountWidget(self)
        self.open_button = keyed_button(self, "F12", self.open_register, object_name="primary")
        self.open_button.setMinimumHeight(64)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.message)
        # A small screen scrolls the rows rather than growing the window past it.
        rows = QScrollArea(self)
        rows.setWidgetResizable(True)
        rows.setFrameShape(QFrame.Shape.NoFrame)
        rows.setWidget(self.counter)
        layout.addWidget(rows, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(render_message(N_("Open register {register}"),
                                            {"register": self.till.register_code}))
        self.explanation.setText(_("Count the float in the drawer: type how many notes and coins "
                                   "of each kind, or touch + and −. The register opens with this "
                                   "amount."))
        self.open_button.setText(key_text("F12", _("Open the register")))
        self.counter.retranslate()

    def activated(self) -> None:
        self.heading.setText(render_message(N_("Open register {register}"),
                                            {"register": self.till.register_code}))
        self.message.clear_message()
        self.counter.clear()
        first = self.counter.rows[max(self.counter.rows)].edit
        first.setFocus()

    def scanned(self, code: str) -> bool:
        """A barcode scanned here would land in a count: it is swallowed, with the reason."""
        self.message.show_error(UserError(
            N_("Register {register} is not open: count the float and open it first."),
            register=self.till.register_code))
        return True

    def open_register(self) -> None:
        """Open the session with the float counted; refused input is shown, nothing written."""
        count = self.counter.try_count()
        if count is None:
            return
        try:
            session = self.till.open_session(count)
        except PossoukError as refused:
            self.message.show_error(refused)
            return
        self.message.clear_message()
        notices().info.emit(render_message(
            N_("Register {register} is open (session {session}) with a float of {amount}."),
            {"register": session.register_code, "session": session.reference,
             "amount": format_money(session.opening.total, current_language())}))
        self.changed.emit()
        self.go.emit("sale")
