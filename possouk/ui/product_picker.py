"""The product picker of the sale screen: a search box, the category tiles and the product tiles.

Typing in the box searches after a short pause (Enter searches at once and picks
the first result); with the box empty the tiles show the categories, a category
tile shows its products. Picking a product emits :attr:`ProductPicker.picked`;
the sale screen adds it to the cart.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.model import Product
from possouk.i18n import current_language
from possouk.i18n import gettext as _
from possouk.i18n.categories import category_label
from possouk.i18n.formatting import format_unit_price
from possouk.ui.cart_view import product_names
from possouk.ui.dialogs import key_text, keyed_button
from possouk.ui.till import Till
from possouk.ui.widgets import touch_button

__all__ = ["GRID_COLUMNS", "SEARCH_DELAY_MS", "ProductPicker"]

SEARCH_DELAY_MS = 150
GRID_COLUMNS = 3


class _SearchEdit(QLineEdit):
    """The search box; when empty it leaves Del, + and − to the cart's shortcuts."""

    _CART_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Plus, Qt.Key.Key_Minus)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and not self.text() and event.key() in self._CART_KEYS):
            event.ignore()
            return True
        return super().event(event)


class ProductPicker(QWidget):
    """Search or browse the catalogue; ``picked(product)`` when the cashier chooses one."""

    picked = Signal(object)  # a Product

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.category: str | None = None  # the category shown, None: the tiles
        self.results: list[Product] = []
        self.product_buttons: list[QPushButton] = []
        # The tiles are kept and reused (texts changed, extra ones hidden): rebuilding them on
        # every key of a search cost more than the search. A tile's click runs its action.
        self._tiles: list[tuple[QPushButton, QLabel]] = []
        self._tile_actions: list[Callable[[], None]] = []

        self.search = _SearchEdit(self)
        self.search.setObjectName("search")
        self.search.setMinimumHeight(44)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_later)
        self.search.returnPressed.connect(self._add_first_result)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.search_now)
        self.search_key = keyed_button(self, "F2", self.focus_search)
        self.search_key.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.categories_button = touch_button(self)
        self.categories_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.categories_button.clicked.connect(self.show_categories)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_key)
        self.products_title = QLabel(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.products_title, 1)
        title_row.addWidget(self.categories_button)

        self.grid_holder = QWidget(self)
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        for column in range(GRID_COLUMNS):
            self.grid.setColumnStretch(column, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.grid_holder)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.escape = keyed_button(self, "Esc", self.clear_search)
        self.escape.hide()  # Esc only clears the search: no button needed

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addLayout(title_row)
        layout.addWidget(scroll, 1)

    def retranslate(self) -> None:
        self.search_key.setText(key_text("F2", _("Search")))
        self.search.setPlaceholderText(_("Name, sku or barcode"))
        self.categories_button.setText(_("Categories"))
        self._show_products()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()
        self.search_timer.stop()  # clear() started it: the categories are shown now, once
        self.show_categories()

    def _search_later(self, _text: str) -> None:
        self.search_timer.start()

    def search_now(self, text: str | None = None) -> list[Product]:
        """Search at once (the box waits 150 ms after the last key); returns what is shown."""
        self.search_timer.stop()
        if text is not None and text != self.search.text():
            self.search.blockSignals(True)
            self.search.setText(text)
            self.search.blockSignals(False)
        query = self.search.text()
        if not query.strip():
            self.show_categories()
            return []
        self.category = None
        self.results = self.till.search(query)
        self._show_products()
        return self.results

    def _add_first_result(self) -> None:
        self.search_now()
        if self.results:
            self.picked.emit(self.results[0])

    def show_categories(self) -> None:
        self.category = None
        self.results = []
        self._show_products()

    def show_category(self, key: str) -> None:
        self.category = key
        self.results = self.till.products_in(key)
        self._show_products()

    def _show_products(self) -> None:
        lang = current_language()
        if self.category is None and not self.search.text().strip():
            self.products_title.setText(_("Categories"))
            self.categories_button.hide()
            keys = self.till.categories()
            self._fill_tiles([category_label(key) for key in keys],
                             [partial(self.show_category, key) for key in keys])
            self.product_buttons = []
            return
        self.categories_button.show()
        if self.category is not None:
            self.products_title.setText(category_label(self.category))
        elif self.results:
            self.products_title.setText(_("Found"))
        else:
            self.products_title.setText(_("Nothing found: try another word, the sku or the barcode."))
        texts = [f"{product_names(p, lang)[0]}\n{format_unit_price(p.price, p.unit, lang)}"
                 for p in self.results]
        self._fill_tiles(texts, [partial(self.picked.emit, product) for product in self.results])
        self.product_buttons = [tile for tile, _label in self._tiles[:len(texts)]]

    def _fill_tiles(self, texts: list[str], actions: list[Callable[[], None]]) -> None:
        """Show one tile per text, in rows of GRID_COLUMNS; a click on tile i runs ``actions[i]``."""
        self._tile_actions = actions
        while len(self._tiles) < len(texts):
            self._tiles.append(self._tile(len(self._tiles)))
        for i, (tile, label) in enumerate(self._tiles):
            if i < len(texts):
                if label.text() != texts[i]:
                    label.setText(texts[i])
                    tile.setAccessibleName(texts[i])
                else:
                    tile.update()  # the same text, new results: painted again like the others
                tile.show()
            elif not tile.isHidden():
                tile.hide()

    def _tile_clicked(self, i: int) -> None:
        if i < len(self._tile_actions):
            self._tile_actions[i]()

    def _tile(self, i: int) -> tuple[QPushButton, QLabel]:
        """Tile ``i`` of the grid: a large button whose text wraps to the column's width.

        A button's own text never wraps, so the text is a word-wrapping label inside it.
        """
        tile = touch_button(self.grid_holder, object_name="tile")
        # Ignored: the column decides the width, so long names wrap instead of widening the grid.
        tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        label = QLabel(tile)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inside = QVBoxLayout(tile)
        inside.setContentsMargins(4, 2, 4, 2)
        inside.addWidget(label)
        tile.clicked.connect(lambda _=False: self._tile_clicked(i))
        self.grid.addWidget(tile, i // GRID_COLUMNS, i % GRID_COLUMNS)
        return tile, label
