"""The customer's screen: what is being rung up and the total, in Arabic and French.

It does not follow the cashier's language: a customer reads Arabic or French
whatever the cashier chose, so every text shows in both. French sits on the
left and Arabic on the right, whatever the window's direction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError
from possouk.domain.model import Store
from possouk.i18n import translator
from possouk.i18n.formatting import format_money, format_quantity
from possouk.ui.till import Till

__all__ = ["CustomerDisplay"]

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def _both(message: str) -> tuple[str, str]:
    """``message`` in French and in Arabic."""
    return translator("fr").gettext(message), translator("ar").gettext(message)


def _item(text: str, align: Qt.AlignmentFlag) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(align)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


class CustomerDisplay(QWidget):
    """A second window facing the customer; :meth:`refresh` after every change of the cart."""

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.till = till
        self.setObjectName("customerDisplay")
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # French left, Arabic right, always
        self.setStyleSheet("QWidget#customerDisplay { background: #fbfaf6; }")
        self.resize(1024, 600)

        self.store_fr = QLabel()
        self.store_ar = QLabel()
        self.store_ar.setAlignment(_RIGHT)
        heading = QHBoxLayout()
        heading.addWidget(self.store_fr)
        heading.addStretch(1)
        heading.addWidget(self.store_ar)

        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.welcome = QLabel()
        self.welcome.setAlignment(_CENTER)
        self.welcome.setStyleSheet("font-size: 28pt; color: #2b3a42;")

        self.total_caption = QLabel()
        self.total_amount = QLabel()
        big = QFont(self.font())
        big.setPointSize(34)
        big.setBold(True)
        self.total_amount.setFont(big)
        self.total_caption.setStyleSheet("font-size: 22pt;")
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_caption)
        total_row.addStretch(1)
        total_row.addWidget(self.total_amount)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.welcome, 1)
        layout.addLayout(total_row)
        self.refresh()

    def place_on_second_screen(self) -> None:
        """Full screen on the second monitor when there is one, else a window beside the till's."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setScreen(screens[1])
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.show()

    def retranslate(self) -> None:
        """Nothing follows the cashier's language here; texts are bilingual already."""
        self.refresh()

    def _store(self) -> Store | None:
        try:
            return self.till.place.store
        except PossoukError:  # no register chosen yet: show the rest anyway
            return None

    def refresh(self) -> None:
        """Show the cart as it is now."""
        fr, ar = _both(N_("Total"))
        self.setWindowTitle(f"possouk — {fr} / {ar}")
        store = self._store()
        self.store_fr.setText(store.name_fr if store else "")
        self.store_ar.setText(store.name_ar if store else "")
        product_fr, product_ar = _both(N_("Product"))
        quantity_fr, quantity_ar = _both(N_("Quantity"))
        amount_fr, amount_ar = _both(N_("Amount"))
        self.table.setHorizontalHeaderLabels([
            product_fr, f"{quantity_fr}\n{quantity_ar}", f"{amount_fr}\n{amount_ar}", product_ar,
        ])
        items = self.till.cart.items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            product = item.product
            coop_fr = coop_ar = ""
            try:
                coop = self.till.cooperative(product.cooperative_id)
                coop_fr, coop_ar = coop.name_fr, coop.name_ar
            except (KeyError, PossoukError):  # a cooperative added since: its name shows next time
                pass
            self.table.setItem(row, 0, _item(f"{product.name_fr}\n{coop_fr}", _LEFT))
            self.table.setItem(row, 1, _item(format_quantity(item.quantity, product.unit, "fr"), _CENTER))
            self.table.setItem(row, 2, _item(format_money(item.after_discount, "fr"), _RIGHT))
            self.table.setItem(row, 3, _item(f"{product.name_ar}\n{coop_ar}", _RIGHT))
        self.table.resizeRowsToContents()
        if items:
            self.table.scrollToBottom()
        self.table.setVisible(bool(items))
        welcome_fr, welcome_ar = _both(N_("Welcome"))
        self.welcome.setText(f"{welcome_ar}\n{welcome_fr}")
        self.welcome.setVisible(not items)
        total_fr, total_ar = _both(N_("Total"))
        self.total_caption.setText(f"{total_fr} / {total_ar}")
        self.total_amount.setText(format_money(self.till.cart.total, "fr"))

    def shown_text(self) -> str:
        """Everything the display shows, one piece a line (for tests and screen readers)."""
        pieces = [self.store_fr.text(), self.store_ar.text(), self.total_caption.text(),
                  self.total_amount.text()]
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                cell = self.table.item(row, column)
                if cell is not None:
                    pieces.append(cell.text())
        return "\n".join(pieces)
