"""The cart as a table: product (both languages, cooperative), quantity, unit price, line total."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from possouk.domain.model import Product
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_money, format_quantity, format_unit_price
from possouk.services.cart import Cart, CartItem

__all__ = ["CartModel", "CartView", "product_names"]

SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the other language's name · the cooperative

_Index = QModelIndex | QPersistentModelIndex


def product_names(product: Product, lang: str | None = None) -> tuple[str, str]:
    """(name in ``lang``, name in the other language): Arabic first in Arabic, else French."""
    if (lang or current_language()) == "ar":
        return product.name_ar, product.name_fr
    return product.name_fr, product.name_ar


class CartModel(QAbstractTableModel):
    """Reads the till's current cart (``cart()``: the cart is replaced on pay, park, recall)."""

    PRODUCT, QUANTITY, PRICE, TOTAL = range(4)

    def __init__(self, cart: Callable[[], Cart], cooperative_name: Callable[[int], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cart = cart
        self._cooperative_name = cooperative_name

    @property
    def cart(self) -> Cart:
        return self._cart()

    def refresh(self) -> None:
        """The cart changed (or the language): show it again."""
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.cart.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else 4

    def item(self, row: int) -> CartItem:
        return self.cart.items[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cart.items):
            return None
        item = self.cart.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PRODUCT:
                return product_names(item.product)[0]
            if column == self.QUANTITY:
                return format_quantity(item.quantity, item.product.unit, current_language())
            if column == self.PRICE:
                return format_unit_price(item.unit_price, item.product.unit, current_language())
            nets = self.cart.nets()
            return format_money(nets[index.row()], current_language())
        if role == SECONDARY_ROLE and column == self.PRODUCT:
            other = product_names(item.product)[1]
            return f"{other} · {self._cooperative_name(item.product.cooperative_id)}"
        if role == SECONDARY_ROLE and column == self.TOTAL and item.discount:
            # Translators: under a cart line's total: the discount given on that line
            return _("discount {amount}").format(amount=format_money(item.discount, current_language()))
        if role == SECONDARY_ROLE and column == self.PRICE and item.overridden:
            # Translators: under a changed unit price in the cart: the catalog price
            return _("was {price}").format(price=format_money(item.product.price, current_language()))
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.PRODUCT:
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignTrailing)
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
        rect: QRect = opt.rect.adjusted(6, 2, -6, -2)
        align = opt.displayAlignment
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        font = QFont(opt.font)
        painter.setFont(font)
        painter.setPen(opt.palette.color(group))
        top = QRect(rect.x(), rect.y(), rect.width(), rect.height() * 3 // 5)
        horizontal = align & ~Qt.AlignmentFlag.AlignVertical_Mask
        painter.drawText(top, int(horizontal | Qt.AlignmentFlag.AlignBottom), main)
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(small)
        painter.setPen(opt.palette.color(group) if selected else opt.palette.color(
            QPalette.ColorRole.PlaceholderText))
        bottom = QRect(rect.x(), top.bottom(), rect.width(), rect.height() - top.height())
        painter.drawText(bottom, int(horizontal | Qt.AlignmentFlag.AlignTop), str(secondary))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height() * 2 + 8, 52))


class CartView(QTableView):
    """The cart table: one line selected at a time; large rows for a finger."""

    def __init__(self, model: CartModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("cart")
        self.setItemDelegate(_TwoLineDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the search box and shortcuts
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(CartModel.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column in (CartModel.QUANTITY, CartModel.PRICE, CartModel.TOTAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def current_row(self) -> int:
        """The selected line, or -1."""
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        model = self.model()
        if 0 <= row < model.rowCount():
            self.selectRow(row)
            self.scrollTo(model.index(row, 0))
        else:
            self.clearSelection()
