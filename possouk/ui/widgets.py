"""Small widgets every screen uses: the message line, large touch buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QSizePolicy, QWidget

from possouk.domain.errors import EnvironmentFault, PossoukError
from possouk.i18n import render_error

TOUCH_HEIGHT = 56  # pixels: a finger, not a mouse pointer


class MessageBar(QLabel):
    """A sentence near where something happened: an error in red, a note in green.

    Never a modal box for a user error: the cashier reads it and goes on. Faults
    (printer off, database busy) say what to do and stay until cleared.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumHeight(32)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)
        self.clear_message()

    @property
    def kind(self) -> str:
        """"error", "fault", "info" or "" (nothing shown): tests read it."""
        return str(self.property("kind") or "")

    def _show(self, text: str, kind: str, seconds: float | None) -> None:
        self.setText(text)
        self.setProperty("kind", kind)
        colours = {"error": "#b00020", "fault": "#8a4b00", "info": "#1b5e20"}
        self.setStyleSheet(f"color: {colours[kind]}; font-weight: 600;")
        self._timer.stop()
        if seconds:
            self._timer.start(int(seconds * 1000))

    def show_error(self, error: PossoukError, *, below: bool = False) -> None:
        """A refusal or a fault, in the current language; ``below`` keeps what is shown above it."""
        kind = "fault" if isinstance(error, EnvironmentFault) else "error"
        text = render_error(error)
        if below and self.text():
            text = f"{self.text()}\n{text}"
        self._show(text, kind, None)

    def show_info(self, text: str, seconds: float = 6.0) -> None:
        self._show(text, "info", seconds)

    def clear_message(self) -> None:
        self.setText("")
        self.setProperty("kind", "")
        self.setStyleSheet("")


def touch_button(parent: QWidget | None = None, *, object_name: str = "") -> QPushButton:
    """A button a finger can hit; its text is set by the screen's ``retranslate``."""
    button = QPushButton(parent)
    button.setMinimumHeight(TOUCH_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner and the keyboard keep their focus
    if object_name:
        button.setObjectName(object_name)
    return button


def money_text(centimes: int, *, currency: bool = True) -> str:
    """An amount to show in a label or a table cell: in Arabic it is kept left to right
    (number, then the currency) whatever the direction of the widget around it."""
    from possouk.i18n import current_language, is_rtl
    from possouk.i18n.formatting import format_money

    text = format_money(centimes, current_language(), currency=currency)
    return f"\u2066{text}\u2069" if is_rtl() else text


def select_row(view: QAbstractItemView, row: int) -> None:
    """Select the whole ``row`` of ``view``, make it current and show it.

    ``QTableView.selectRow`` selects nothing when the application lays out right to left
    (Qt 6.11): in Arabic a row chosen by the program (the cooperative being edited, the
    line to refund, a scanned product's row) stayed unselected. The selection model does
    it in both directions.
    """
    index = view.model().index(row, 0)
    if not index.isValid():
        return
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    view.scrollTo(index)

