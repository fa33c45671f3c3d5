"""The cart as a table: product (both languages, cooperative), quantity, unit price, line total.

A scan must show its line within a frame, so the table never measures its cells: rows have a
fixed height (two lines of text), the number columns a width worked out once per language (and
widened when a line does not fit), and each line's texts are formatted once when it changes.
A change to the cart updates or inserts only the lines that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from possouk.domain.model import Product, Unit
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_money, format_quantity, format_unit_price
from possouk.services.cart import Cart, CartItem

__all__ = ["CartModel", "CartView", "product_names"]

SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the other language's name · the cooperative

_Index = QModelIndex | QPersistentModelIndex
_TRAILING = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignTrailing)
_PADDING = 6  # the delegate's margin on each side of a cell's text
SMALL_FONT_RATIO = 0.8  # the secondary line's font, relative to the table's


def product_names(product: Product, lang: str | None = None) -> tuple[str, str]:
    """(name in ``lang``, name in the other language): Arabic first in Arabic, else French."""
    if (lang or current_language()) == "ar":
        return product.name_ar, product.name_fr
    return product.name_fr, product.name_ar


def small_font(font: QFont) -> QFont:
    """The font of a cell's second line."""
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * SMALL_FONT_RATIO))
    return small


def _discount_text(amount: int, lang: str) -> str:
    # Translators: under a cart line's total: the discount given on that line
    return _("discount {amount}").format(amount=format_money(amount, lang))


def _catalog_price_text(price: int, lang: str) -> str:
    # Translators: under a changed unit price in the cart: the catalog price
    return _("was {price}").format(price=format_money(price, lang))


class _Line(NamedTuple):
    """One cart line as shown: the main text and the second line of each column."""

    key: tuple[CartItem, int, str]  # (item, its net total, language): same key, same texts
    texts: tuple[str, str, str, str]
    secondary: tuple[str | None, str | None, str | None, str | None]


class CartModel(QAbstractTableModel):
    """Reads the till's current cart (``cart()``: the cart is replaced on pay, park, recall)."""

    PRODUCT, QUANTITY, PRICE, TOTAL = range(4)

    def __init__(self, cart: Callable[[], Cart], cooperative_name: Callable[[int], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cart = cart
        self._cooperative_name = cooperative_name
        self._lines: list[_Line] = []
        self._lang = current_language()

    @property
    def cart(self) -> Cart:
        return self._cart()

    def refresh(self) -> list[int]:
        """The cart changed (or the language): show it again; returns the rows that changed.

        Lines are formatted again only when they changed; a line added at the end is inserted
        and a changed one updated, without resetting the table (a removal resets it).
        """
        cart = self.cart
        lang = current_language()
        old = self._lines
        nets = cart.nets()  # once: every line's net depends on the ticket discount
        new = [self._line(item, net, lang, old[row] if row < len(old) else None)
               for row, (item, net) in enumerate(zip(cart.items, nets, strict=True))]
        if lang != self._lang:
            self._lang = lang
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if len(new) < len(old):
            self.beginResetModel()
            self._lines = new
            self.endResetModel()
            return list(range(len(new)))
        changed = [row for row in range(len(old)) if new[row] is not old[row]]
        if len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._lines = new
            self.endInsertRows()
        else:
            self._lines = new
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0),
                                  self.index(changed[-1], self.columnCount() - 1))
        return changed + list(range(len(old), len(new)))

    def _line(self, item: CartItem, net: int, lang: str, before: _Line | None) -> _Line:
        key = (item, net, lang)
        if before is not None and before.key == key:
            return before
        product = item.product
        main, other = product_names(product, lang)
        texts = (main, format_quantity(item.quantity, product.unit, lang),
                 format_unit_price(item.unit_price, product.unit, lang), format_money(net, lang))
        secondary = (f"{other} · {self._cooperative_name(product.cooperative_id)}", None,
                     _catalog_price_text(product.price, lang) if item.overridden else None,
                     _discount_text(item.discount, lang) if item.discount else None)
        return _Line(key, texts, secondary)

    def line_texts(self, row: int) -> tuple[tuple[str, str, str, str],
                                            tuple[str | None, str | None, str | None, str | None]]:
        """The texts shown on line ``row``: the main ones and the second lines, by column."""
        line = self._lines[row]
        return line.texts, line.secondary

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 4

    def item(self, row: int) -> CartItem:
        return self.cart.items[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._lines[index.row()].texts[column]
        if role == SECONDARY_ROLE:
            return self._lines[index.row()].secondary[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.PRODUCT:
            return _TRAILING
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Product"), _("Quantity"), _("Unit price"), _("Total"))[section]


class _TwoLineDelegate(QStyledItemDelegate):
    """The main text, and under it in a smaller grey font the secondary one."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        secondary = index.data(SECONDARY_ROLE)
        if not secondary:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        main = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect: QRect = opt.rect.adjusted(_PADDING, 2, -_PADDING, -2)
        align = opt.displayAlignment
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        font = QFont(opt.font)
        painter.setFont(font)
        painter.setPen(opt.palette.color(group))
        top = QRect(rect.x(), rect.y(), rect.width(), rect.height() * 3 // 5)
        horizontal = align & ~Qt.AlignmentFlag.AlignVertical_Mask
        elide = Qt.TextElideMode.ElideRight  # a long name ends in "…" rather than cut off
        painter.drawText(top, int(horizontal | Qt.AlignmentFlag.AlignBottom),
                         QFontMetrics(font).elidedText(main, elide, top.width()))
        small = small_font(font)
        painter.setFont(small)
        painter.setPen(opt.palette.color(group) if selected else opt.palette.color(
            QPalette.ColorRole.PlaceholderText))
        bottom = QRect(rect.x(), top.bottom(), rect.width(), rect.height() - top.height())
        painter.drawText(bottom, int(horizontal | Qt.AlignmentFlag.AlignTop),
                         QFontMetrics(small).elidedText(str(secondary), elide, bottom.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height() * 2 + 8, 52))


class CartView(QTableView):
    """The cart table: one line selected at a time; large rows for a finger."""

    NUMBER_COLUMNS = (CartModel.QUANTITY, CartModel.PRICE, CartModel.TOTAL)

    def __init__(self, model: CartModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self._fitted: tuple[str, str] | None = None  # (language, font) the widths were fitted to
        self.setObjectName("cart")
        self.setItemDelegate(_TwoLineDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the search box and shortcuts
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(CartModel.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column in self.NUMBER_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange)
                and hasattr(self, "_model")):  # not while the view is being built
            self._fitted = None
            self.fit_columns()

    def refresh(self) -> None:
        """Show the cart again: only changed lines are formatted, measured and repainted."""
        changed = self._model.refresh()
        self.fit_columns(changed)

    def fit_columns(self, rows: Iterable[int] = ()) -> None:
        """Size rows and number columns for this language and font, then widen for ``rows``.

        Widths come from the headings and wide sample amounts, worked out again only when the
        language or the font changes; a line whose text still does not fit widens its column.
        """
        font = self.font()
        fitted = (current_language(), font.key())
        if fitted != self._fitted:
            self._fitted = fitted
            main, small = QFontMetrics(font), QFontMetrics(small_font(font))
            self.verticalHeader().setDefaultSectionSize(
                max(main.lineSpacing() + small.lineSpacing() + 20, 52))
            self._set_base_widths(main, small)
            rows = range(self._model.rowCount())
        self._widen(rows)

    def _set_base_widths(self, main: QFontMetrics, small: QFontMetrics) -> None:
        lang = current_language()
        samples = {
            # Amounts of a market stall; a wider one widens its column when it comes (_widen).
            CartModel.QUANTITY: ([format_quantity(9_999, Unit.KG, lang), "99"], []),
            CartModel.PRICE: ([format_money(999_99, lang)], [_catalog_price_text(999_99, lang)]),
            CartModel.TOTAL: ([format_money(9_999_99, lang)], [_discount_text(99_99, lang)]),
        }
        header = self.horizontalHeader()
        for column, (texts, seconds) in samples.items():
            width = max([header.sectionSizeHint(column)]
                        + [self._room(main, text) for text in texts]
                        + [self._room(small, text) for text in seconds])
            header.resizeSection(column, width)

    def _widen(self, rows: Iterable[int]) -> None:
        header = self.horizontalHeader()
        main, small = QFontMetrics(self.font()), QFontMetrics(small_font(self.font()))
        for row in rows:
            texts, seconds = self._model.line_texts(row)
            for column in self.NUMBER_COLUMNS:
                second = seconds[column]
                width = max(self._room(main, texts[column]),
                            self._room(small, second) if second else 0)
                if width > header.sectionSize(column):
                    header.resizeSection(column, width)

    @staticmethod
    def _room(metrics: QFontMetrics, text: str) -> int:
        return metrics.horizontalAdvance(text) + 2 * _PADDING + 6

    def current_row(self) -> int:
        """The selected line, or -1."""
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select line ``row`` (or nothing when there is no such line), in either direction."""
        model = self.model()
        selection = self.selectionModel()
        if 0 <= row < model.rowCount():
            index = model.index(row, 0)
            selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(index)
        else:
            selection.clearSelection()
