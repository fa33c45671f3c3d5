"""A period of business days to choose: everything, or between two dates.

The settlements window and the unsold stock dialog ask the same question in the same
words; :class:`PeriodPicker` asks it once. It says what was chosen with
:attr:`PeriodPicker.chosen` — ``(start, end)``, or ``(None, None)`` for everything —
and shows a period set from outside with :meth:`PeriodPicker.show_period`, without
saying anything.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from possouk.i18n import gettext as _

__all__ = ["PeriodPicker", "from_qdate", "to_qdate"]


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """"Everything" (its words given as a msgid) or "Between two dates", From, To, Show."""

    chosen = Signal(object, object)  # start, end (both None: everything)

    def __init__(self, parent: QWidget, everything_text: str, *, start: date | None = None,
                 end: date | None = None) -> None:
        super().__init__(parent)
        self.everything_text = everything_text
        self.start: date | None = start if start is not None and end is not None else None
        self.end: date | None = end if start is not None and end is not None else None
        self.everything = QRadioButton(self)
        self.everything.setObjectName("everything")
        self.dates = QRadioButton(self)
        self.dates.setObjectName("dates")
        group = QButtonGroup(self)
        group.addButton(self.everything)
        group.addButton(self.dates)
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.from_date, self.to_date = QDateEdit(self), QDateEdit(self)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setMinimumWidth(150)
        self.from_date.setObjectName("from_date")
        self.to_date.setObjectName("to_date")
        self.show_button = QPushButton(self)
        self.show_button.setObjectName("show")
        self.show_button.clicked.connect(self._show_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.everything)
        row.addSpacing(16)
        row.addWidget(self.dates)
        row.addWidget(self.from_label)
        row.addWidget(self.from_date)
        row.addWidget(self.to_label)
        row.addWidget(self.to_date)
        row.addWidget(self.show_button)
        self.show_period(self.start, self.end)
        self.everything.toggled.connect(self._mode_changed)

    def show_period(self, start: date | None, end: date | None) -> None:
        """Show ``start``–``end`` (both None: everything) as chosen, saying nothing."""
        everything = start is None or end is None
        for button, checked in ((self.everything, everything), (self.dates, not everything)):
            button.blockSignals(True)
            button.setChecked(checked)
            button.blockSignals(False)
        for edit, day in ((self.from_date, start), (self.to_date, end)):
            edit.setEnabled(not everything)
            if day is not None:
                edit.setDate(to_qdate(day))
        self.start = None if everything else start
        self.end = None if everything else end

    def offer_dates_from(self, today: date) -> None:
        """Dates never chosen yet show ``today`` (not Qt's year 2000) once someone picks them."""
        for edit in (self.from_date, self.to_date):
            if from_qdate(edit.date()) < date(2001, 1, 1):
                edit.setDate(to_qdate(today))

    def _mode_changed(self, everything: bool) -> None:
        for edit in (self.from_date, self.to_date):
            edit.setEnabled(not everything)
        if everything and self.start is not None:
            self.chosen.emit(None, None)

    def _show_clicked(self) -> None:
        if self.everything.isChecked():
            self.chosen.emit(None, None)
        else:
            self.chosen.emit(from_qdate(self.from_date.date()), from_qdate(self.to_date.date()))

    def retranslate(self) -> None:
        backwards = QGuiApplication.isRightToLeft()  # see the dashboard: dates stay day first
        for edit in (self.from_date, self.to_date):
            edit.setDisplayFormat("yyyy/MM/dd" if backwards else "dd/MM/yyyy")
        self.everything.setText(_(self.everything_text))
        # Translators: a period between two dates (followed by From … To …)
        self.dates.setText(_("Between two dates"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        # Translators: read the list again for the period chosen
        self.show_button.setText(_("Show"))
