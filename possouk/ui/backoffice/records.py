"""A table model over plain records (dataclasses from the services), sorted and filtered by a
proxy, for every table of the back office.

The model holds the records as given and formats a cell only when Qt paints it: nothing
per cell until it is seen. Sorting compares each column's *sort key* (a number for
figures, the text case-folded for names), never the formatted text: "9,00" sorts before
"10,00". Filtering matches a query against each record's search text in the form of
:func:`possouk.domain.text.search_key` (accents, case and Arabic vowel marks ignored),
computed once per record by the function :meth:`RecordsModel.preparer` gives — in the
worker thread that loaded the records, not while the window waits. (That function holds
no Qt object: a model last referenced from a worker would be destroyed in that thread.)
Meant for tables of up to some thousands of rows (cooperatives, users, a cooperative's
products); the whole catalog pages from the database instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from possouk.domain.text import search_key
from possouk.i18n import gettext as _

__all__ = ["Column", "RecordFilter", "RecordsModel"]

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
_MUTED = QBrush(QColor("#7a7f84"))
_ALERT = QBrush(QColor("#b00020"))


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its key, its heading (a msgid, translated when shown), the text of a cell,
    and how the column sorts (default: the text folded)."""

    key: str
    heading: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    numeric: bool = False  # figures: right-aligned, left to right in Arabic too
    alert: Callable[[R], bool] | None = None  # a cell to draw in red (low stock, negative)


class RecordsModel(QAbstractTableModel, Generic[R]):
    """Records as rows, columns as given; ``muted(record)`` greys a row (deactivated)."""

    def __init__(self, columns: Sequence[Column[R]], *,
                 muted: Callable[[R], bool] | None = None,
                 search_text: Callable[[R], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[R] = []
        self._muted = muted
        self._search_text = search_text
        self._folded: list[str] = []

    # -- data -------------------------------------------------------------------------------------
    def preparer(self) -> Callable[[Sequence[R]], tuple[list[R], list[str]]]:
        """A function giving records with their search texts: plain Python holding nothing of
        Qt, to call in a worker thread."""
        search = self._search_text

        def prepare(records: Sequence[R]) -> tuple[list[R], list[str]]:
            return list(records), [search_key(search(r)) for r in records] if search else []

        return prepare

    def prepare(self, records: Sequence[R]) -> tuple[list[R], list[str]]:
        """The records with their search texts (on the GUI thread; see :meth:`preparer`)."""
        return self.preparer()(records)

    def set_records(self, records: Sequence[R] | tuple[list[R], list[str]]) -> None:
        """Show ``records`` (or what :meth:`prepare` made of them)."""
        prepared = records if isinstance(records, tuple) else self.prepare(records)
        self.beginResetModel()
        self.records, self._folded = prepared
        self.endResetModel()

    def record(self, row: int) -> R:
        return self.records[row]

    def folded(self, row: int) -> str:
        return self._folded[row] if self._folded else ""

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # -- Qt ---------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's names
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self.records[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            return column.sort(record) if column.sort is not None else column.text(record).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_NUMERIC if column.numeric else _TEXT)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.alert is not None and column.alert(record):
                return _ALERT
            if self._muted is not None and self._muted(record):
                return _MUTED
        if role == Qt.ItemDataRole.FontRole and column.alert is not None and column.alert(record):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].heading)
        return None

    def retranslate(self) -> None:
        """Headings and cells again in the language now chosen."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.records:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.records) - 1, len(self.columns) - 1))


class RecordFilter(QSortFilterProxyModel):
    """Sorts by each column's sort key; keeps the rows whose search text holds every word of
    the query (as search keys: case, accents, Arabic vowel marks ignored) and that ``accept``
    lets through (a cooperative, a category, only the active ones…)."""

    def __init__(self, source: RecordsModel[Any]) -> None:
        super().__init__(source)  # owned by its model: they live and die together
        self.setSourceModel(source)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.source = source
        self._words: list[str] = []
        self._accept: Callable[[Any], bool] | None = None

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._words = search_key(query).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_accept(self, accept: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._accept = accept
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        """Apply the filters again (what ``accept`` looks at changed)."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._accept is not None and not self._accept(self.source.record(source_row)):
            return False
        if not self._words:
            return True
        text = self.source.folded(source_row)
        return all(word in text for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        try:
            return bool(a < b)
        except TypeError:  # None among numbers: it goes first
            return a is None and b is not None

    def record_at(self, proxy_row: int) -> Any:
        return self.source.record(self.mapToSource(self.index(proxy_row, 0)).row())
