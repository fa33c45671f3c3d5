"""Bar charts for the organizers' dashboard (QtCharts), mirrored in right-to-left languages.

A :class:`BarChart` keeps one series, one bar set and its two axes for its whole
life; :meth:`BarChart.show_bars` replaces the bars, labels and titles. Amounts come
in as centimes and are drawn in dirhams (a picture, not a sum: the exact amount is
in the bar's tooltip and in the dashboard's table).

In Arabic the charts read from the right: the first day stands on the right, the
value axis is on the right, and horizontal bars grow from right to left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from possouk.i18n import current_language
from possouk.i18n.formatting import format_money

__all__ = ["CHART_LOCALES", "Bar", "BarChart", "dirhams", "unique_labels"]

CHART_LOCALES: dict[str, QLocale] = {
    # Morocco's Arabic writes Latin digits, as the receipts do.
    "ar": QLocale(QLocale.Language.Arabic, QLocale.Country.Morocco),
    "fr": QLocale(QLocale.Language.French, QLocale.Country.France),  # 20 000 like Babel's fr_MA
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}

_LABEL_POINTS = 9
_TITLE_POINTS = 11


@dataclass(frozen=True)
class Bar:
    """One bar: its label (already translated) and its amount in centimes."""

    label: str
    centimes: int


def dirhams(centimes: int) -> float:
    """The height of a bar: centimes as dirhams, for drawing only."""
    return centimes / 100


def unique_labels(labels: Sequence[str]) -> list[str]:
    """The labels made distinct (a category axis drops repeated ones) with invisible marks."""
    seen: set[str] = set()
    result: list[str] = []
    for label in labels:
        text = label
        while text in seen:
            text += "\u200b"  # ZERO WIDTH SPACE: draws nothing
        seen.add(text)
        result.append(text)
    return result


class BarChart(QChartView):
    """A titled bar chart of amounts: vertical bars (days, hours) or horizontal (names)."""

    def __init__(self, colour: str, *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(280, 200)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        chart.setBackgroundRoundness(8)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setLocalizeNumbers(True)
        self.series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
        self.series.setBarWidth(0.7)
        self.bar_set = QBarSet("")
        self.bar_set.setColor(QColor(colour))
        self.bar_set.setBorderColor(QColor(colour))
        self.bar_set.hovered.connect(self._hovered)
        self.series.append(self.bar_set)
        chart.addSeries(self.series)
        self.category_axis = QBarCategoryAxis()
        self.value_axis = QValueAxis()
        self.value_axis.setLabelFormat("%.0f")
        self.value_axis.setMinorTickCount(0)
        font = QFont(self.font())
        font.setPointSize(_LABEL_POINTS)
        title_font = QFont(font)
        title_font.setPointSize(_TITLE_POINTS)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        for axis in (self.category_axis, self.value_axis):
            axis.setLabelsFont(font)
            axis.setGridLineVisible(axis is self.value_axis)
        self.label_font = font
        self._amounts: list[int] = []
        self._labels: list[str] = []
        self._rtl: bool | None = None
        self._flipped = False
        self.setChart(chart)

    # -- for tests and the dashboard ---------------------------------------------------------

    def values(self) -> list[float]:
        """The bars' heights (dirhams) read back from the bar set, in the order given to
        :meth:`show_bars`."""
        drawn = [self.bar_set.at(i) for i in range(self.bar_set.count())]
        return drawn[::-1] if self._flipped else drawn

    def labels(self) -> list[str]:
        """The labels as given (before shortening), in the same order."""
        return self._labels[::-1] if self._flipped else list(self._labels)

    # -- filling -----------------------------------------------------------------------------

    def _place_axes(self, rtl: bool) -> None:
        """Put the axes on the reading side: in Arabic the values on the right."""
        if rtl == self._rtl:
            return
        chart = self.chart()
        for axis in (self.category_axis, self.value_axis):
            if axis in chart.axes():
                self.series.detachAxis(axis)
                chart.removeAxis(axis)
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        if self.horizontal:
            chart.addAxis(self.category_axis, side)
            chart.addAxis(self.value_axis, Qt.AlignmentFlag.AlignBottom)
            self.value_axis.setReverse(rtl)  # in Arabic the bars grow from the right
        else:
            chart.addAxis(self.category_axis, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(self.value_axis, side)
        self.series.attachAxis(self.category_axis)
        self.series.attachAxis(self.value_axis)
        self._rtl = rtl

    def show_bars(self, title: str, bars: Sequence[Bar], *, rtl: bool) -> None:
        """Replace the bars (in reading order: first day, best seller first) and the title."""
        chart = self.chart()
        chart.setTitle(title)
        chart.setLocale(CHART_LOCALES.get(current_language(), CHART_LOCALES["en"]))
        self._place_axes(rtl)
        # Qt draws the first category at the bottom (horizontal bars) or on the left: the best
        # seller goes on top, and in Arabic the first day on the right.
        self._flipped = self.horizontal or rtl
        drawn = list(reversed(bars)) if self._flipped else list(bars)
        self._amounts = [bar.centimes for bar in drawn]
        self._labels = [bar.label for bar in drawn]
        if self.bar_set.count():
            self.bar_set.remove(0, self.bar_set.count())
        self.bar_set.append([dirhams(bar.centimes) for bar in drawn])
        self.category_axis.clear()
        self.category_axis.append(unique_labels([bar.label for bar in drawn]))
        many = not self.horizontal and len(bars) > 14
        self.category_axis.setLabelsAngle(-90 if many else 0)
        top = max([0, *self._amounts])
        low = min([0, *self._amounts])
        self.value_axis.setRange(dirhams(low), dirhams(top) if top > low else 1)
        self.value_axis.applyNiceNumbers()

    def _hovered(self, status: bool, index: int) -> None:
        if status and 0 <= index < len(self._amounts):
            text = f"{self._labels[index]}\n{format_money(self._amounts[index], current_language())}"
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()
