"""The drawer counted by denomination: a row per note and coin, the pieces, the line amount and
a large running total. The opening (the float) and the closing (the cash in the drawer) use it.

What is typed is read by :meth:`CountWidget.count`, which raises the sentence to show
(letters, a negative or absurd number of pieces) and names the row; the widget shows it
in its own message line, next to the rows, and nothing is written anywhere.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.cash import COINS, NOTES, CashCount, count_from
from possouk.domain.errors import N_, UserError
from possouk.hardware.z_receipt import denomination_label
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.ui.widgets import MessageBar, money_text, touch_button

__all__ = ["CountWidget", "parse_pieces"]

ROW_HEIGHT = 40
_BAD_STYLE = "border: 2px solid #b00020;"
# Denser than the window's touch sizes: eleven rows and the total fit on a 800-pixel screen.
_STYLE = """
QPushButton { min-height: 30px; padding: 2px 4px; font-size: 17pt; }
QLineEdit { min-height: 28px; padding: 2px 4px; }
"""


def parse_pieces(text: str) -> int:
    """A number of pieces as typed: digits (Arabic-Indic ones too), empty for none.

    A minus sign gives a negative number, which :func:`count_from` refuses with its sentence.
    """
    typed = text.strip()
    if not typed:
        return 0
    sign, digits = (-1, typed[1:].strip()) if typed[0] in "-−" else (1, typed)
    if not digits or not all(c.isdigit() for c in digits):
        raise UserError(N_("“{text}” is not a number of pieces: type digits only."), text=typed)
    return sign * int("".join(str(unicodedata.digit(c)) for c in digits))


class _Row:
    """One denomination: its name, −, the pieces, +, the amount."""

    def __init__(self, widget: CountWidget, value: int, grid: QGridLayout, row: int) -> None:
        self.value = value
        self.name = QLabel(widget)
        self.minus = self._button(widget, "−", -1)
        self.edit = QLineEdit(widget)
        self.edit.setObjectName(f"pieces_{value}")
        self.edit.setMinimumHeight(ROW_HEIGHT - 4)
        self.edit.setMinimumWidth(56)
        self.edit.setMaximumWidth(90)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setPlaceholderText("0")
        self.edit.textChanged.connect(lambda _text: widget.refresh())
        self.plus = self._button(widget, "+", 1)
        self.amount = QLabel(widget)
        small = QFont(self.amount.font())
        small.setPointSize(12)
        self.amount.setFont(small)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column, item in enumerate((self.name, self.minus, self.edit, self.plus, self.amount)):
            grid.addWidget(item, row, column)

    def _button(self, widget: CountWidget, text: str, step: int) -> QPushButton:
        button = touch_button(widget)
        button.setText(text)
        button.setMinimumHeight(ROW_HEIGHT)
        button.setFixedWidth(ROW_HEIGHT + 4)
        button.clicked.connect(lambda _=False: self.step(step))
        return button

    def step(self, step: int) -> None:
        try:
            pieces = parse_pieces(self.edit.text())
        except UserError:
            pieces = 0
        number = max(pieces + step, 0)
        self.edit.setText(str(number) if number else "")


class CountWidget(QWidget):
    """Notes on one side, coins on the other, the total under them (``changed`` on each edit)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[int, _Row] = {}
        self.setStyleSheet(_STYLE)
        columns = QHBoxLayout()
        self.notes_title = QLabel(self)
        self.coins_title = QLabel(self)
        for title, values in ((self.notes_title, NOTES), (self.coins_title, COINS)):
            grid = QGridLayout()
            grid.setHorizontalSpacing(6)
            grid.setVerticalSpacing(4)
            title.setStyleSheet("font-weight: 600;")
            grid.addWidget(title, 0, 0, 1, 5)
            for index, value in enumerate(values):
                self.rows[value] = _Row(self, value, grid, index + 1)
            grid.setRowStretch(len(values) + 1, 1)
            grid.setColumnStretch(4, 1)  # the controls stay next to their name
            column = QVBoxLayout()
            column.addLayout(grid)
            column.addStretch(1)
            columns.addLayout(column, 1)
            if title is self.notes_title:
                line = QFrame(self)
                line.setFrameShape(QFrame.Shape.VLine)
                columns.addWidget(line)

        self.total_caption = QLabel(self)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("count_total")
        big = QFont(self.font())
        big.setPointSize(24)
        big.setBold(True)
        self.total_label.setFont(big)
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_caption)
        total_row.addStretch(1)
        total_row.addWidget(self.total_label)
        self.message = MessageBar(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addLayout(total_row)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.notes_title.setText(_("Notes"))
        self.coins_title.setText(_("Coins"))
        self.total_caption.setText(_("Total counted"))
        for value, row in self.rows.items():
            row.name.setText(denomination_label(value, lang))
            row.minus.setToolTip(_("One piece less"))
            row.plus.setToolTip(_("One piece more"))
        self.refresh()

    # -- reading what was typed ----------------------------------------------------------------

    def _pieces(self) -> dict[int, int]:
        pieces: dict[int, int] = {}
        for value, row in self.rows.items():
            number = parse_pieces(row.edit.text())
            count_from({value: number})  # the row's own sentence: negative, absurd…
            pieces[value] = number
        return pieces

    def count(self) -> CashCount:
        """The count typed; raises :class:`UserError` with the sentence to show."""
        return count_from(self._pieces())

    def try_count(self) -> CashCount | None:
        """The count typed, or None after showing why it cannot be read (under the rows)."""
        try:
            count = self.count()
        except UserError as refused:
            self.message.show_error(refused)
            return None
        self.message.clear_message()
        return count

    def set_pieces(self, pieces: dict[int, int]) -> None:
        """Fill the rows (a picture, a test); the others are emptied."""
        for value, row in self.rows.items():
            number = pieces.get(value, 0)
            row.edit.blockSignals(True)  # one refresh for all the rows, below
            row.edit.setText(str(number) if number else "")
            row.edit.blockSignals(False)
        self.refresh()

    def set_text(self, value: int, text: str) -> None:
        """Type ``text`` in the row of ``value`` (tests)."""
        self.rows[value].edit.setText(text)

    def clear(self) -> None:
        self.set_pieces({})

    def refresh(self) -> None:
        """The line amounts and the total again; a row that cannot be read is framed in red."""
        total = 0
        problem: UserError | None = None
        for value, row in self.rows.items():
            try:
                number = parse_pieces(row.edit.text())
                count_from({value: number})
            except UserError as refused:
                problem = problem or refused
                row.edit.setStyleSheet(_BAD_STYLE)
                row.amount.setText("—")
                continue
            row.edit.setStyleSheet("")
            total += value * number
            row.amount.setText(money_text(value * number) if number else "")
        if problem is None:
            try:
                count_from({v: parse_pieces(r.edit.text()) for v, r in self.rows.items()})
            except UserError as refused:
                problem = refused
        if problem is not None:
            self.message.show_error(problem)
            self.total_label.setText("—")
        else:
            self.message.clear_message()
            self.total_label.setText(money_text(total))
        self.changed.emit()
