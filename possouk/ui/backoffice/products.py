"""The back office's products: the whole catalog in a table, a product's form, its price
history, and a cooperative's prices changed at once.

The table never holds the catalog: :class:`ProductTableModel` asks
:func:`possouk.services.product_admin.product_page` for a page at a time (off the GUI
thread), the next one when the view scrolls to the end (Qt's ``canFetchMore`` /
``fetchMore``), and again from the first when a header is clicked (the database sorts) or
the cooperative, category or search changes. 300,000 products show as fast as 40.

Every field of the form is checked as it is typed (:func:`product_admin.check_field`, the
rules saving applies), its problem in red under it; saving is refused while one is wrong,
and whatever the service refuses (a sold product's cooperative or unit) is said in the
message bar. Supervisors see everything and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError, UserError
from possouk.domain.model import Cooperative, Unit, User
from possouk.domain.money import format_plain, format_rate_plain
from possouk.domain.permissions import Permission
from possouk.i18n import current_language, is_rtl, ngettext, render_error, render_message
from possouk.i18n import gettext as _
from possouk.i18n.categories import CATEGORY_LABELS, category_label
from possouk.i18n.formatting import format_datetime, format_quantity, format_rate, unit_label
from possouk.services import catalog, product_admin
from possouk.services.catalog import ProductDraft
from possouk.services.product_admin import (
    BulkChange,
    BulkKind,
    PriceChange,
    PriceChangeLine,
    ProductDetail,
    ProductPage,
    ProductRecord,
)
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar, money_text, select_row
from possouk.ui.workers import Done, run_in_background

__all__ = ["COLUMNS", "BulkPriceDialog", "ProductTableModel", "ProductsSection"]

Index = QModelIndex | QPersistentModelIndex
_LRI, _PDI = "\u2066", "\u2069"
_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
MUTED = QColor("#9a9fa4")
SEARCH_DELAY_MS = 250


def _ltr(text: str) -> str:
    """A figure kept left to right inside Arabic."""
    return f"{_LRI}{text}{_PDI}" if text and is_rtl() else text


def _quantity(milli: int, unit: Unit) -> str:
    return _ltr(format_quantity(milli, unit.value, current_language()))


def _rate(rate: int) -> str:
    return _ltr(format_rate(rate, current_language()))


def plural(one: str, many: str, n: int, **params: object) -> str:
    """``ngettext`` filled in; a translation that cannot be filled gives the English."""
    try:
        return ngettext(one, many, n).format(**params)
    except (KeyError, IndexError, ValueError):
        return (one if n == 1 else many).format(**params)


def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


@dataclass(frozen=True)
class TableColumn:
    key: str  # also the sort of product_admin.product_page
    heading: str  # msgid
    text: Callable[[ProductRecord], str]
    numeric: bool = False


COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("sku", N_("SKU"), lambda r: r.sku),
    TableColumn("barcode", N_("Barcode"), lambda r: r.barcode),
    TableColumn("name_fr", N_("French name"), lambda r: r.name_fr),
    TableColumn("name_ar", N_("Arabic name"), lambda r: r.name_ar),
    TableColumn("cooperative", N_("Cooperative"), lambda r: r.cooperative_code),
    TableColumn("category", N_("Category"), lambda r: category_label(r.category)),
    TableColumn("unit", N_("Unit"), lambda r: unit_label(r.unit.value, current_language())),
    TableColumn("price", N_("Price"), lambda r: money_text(r.price, currency=False), True),
    # Translators: products table and form: the lowest price a supervisor may sell at
    TableColumn("min_price", N_("Minimum price"),
                lambda r: "" if r.min_price is None else money_text(r.min_price, currency=False),
                True),
    # Translators: products table and form: the VAT rate of the product (a column heading)
    TableColumn("vat", N_("VAT"), lambda r: _rate(r.vat), True),
    TableColumn("on_hand", N_("On hand"), lambda r: _quantity(r.on_hand, r.unit), True),
    TableColumn("active", N_("Active"), lambda r: _("yes") if r.active else _("no")),
)

UNIT_NAMES: dict[Unit, str] = {
    # Translators: product form: the product is sold by the piece
    Unit.PIECE: N_("Piece"),
    # Translators: product form: the product is sold by weight, in kilograms
    Unit.KG: N_("Kilogram"),
    # Translators: product form: the product is sold by volume, in litres
    Unit.LITRE: N_("Litre"),
}


class ProductTableModel(QAbstractTableModel):
    """The products matching a filter, a page at a time, sorted by the database."""

    page_loaded = Signal(bool)  # a page arrived (True: the first of a new question)
    failed = Signal(object)  # a PossoukError reading a page

    def __init__(self, db: Database, page_size: int = product_admin.PAGE_SIZE) -> None:
        super().__init__()
        self.db = db
        self.page_size = page_size
        self.records: list[ProductRecord] = []
        self.after: tuple[Any, int] | None = None
        self.total: int | None = None
        self.query, self.cooperative, self.category = "", "", ""
        self.sort_key, self.descending = "sku", False
        self.fetching = False
        self._generation = 0

    # -- asking ---------------------------------------------------------------------------------
    def set_filter(self, query: str, cooperative: str, category: str) -> None:
        if (query, cooperative, category) != (self.query, self.cooperative, self.category):
            self.query, self.cooperative, self.category = query, cooperative, category
            self.reload()

    def reload(self) -> None:
        """Ask again from the first page (the rows shown stay until it arrives)."""
        self._generation += 1
        self._load(None)

    def _load(self, after: tuple[Any, int] | None) -> None:
        self.fetching = True
        generation = self._generation
        db, size = self.db, self.page_size
        query, cooperative, category = self.query, self.cooperative or None, self.category or None
        sort, descending, first = self.sort_key, self.descending, after is None

        def work() -> ProductPage:
            return product_admin.product_page(db, query, cooperative, category, sort, descending,
                                              limit=size, after=after, count=first)

        run_in_background(work, lambda done: self._arrived(generation, first, done))

    def _arrived(self, generation: int, first: bool, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.fetching = False
        try:
            page = done.result()
        except PossoukError as error:
            self.failed.emit(error)
            self.page_loaded.emit(first)
            return
        assert isinstance(page, ProductPage)
        if first:
            self.beginResetModel()
            self.records = list(page.records)
            self.total = page.total
            self.endResetModel()
        elif page.records:
            start = len(self.records)
            self.beginInsertRows(QModelIndex(), start, start + len(page.records) - 1)
            self.records.extend(page.records)
            self.endInsertRows()
        self.after = page.after
        self.page_loaded.emit(first)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's names
        return not parent.isValid() and self.after is not None and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(self.after)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()

    # -- rows -----------------------------------------------------------------------------------
    def record(self, row: int) -> ProductRecord:
        return self.records[row]

    def row_of(self, sku: str) -> int | None:
        return next((i for i, r in enumerate(self.records) if r.sku == sku), None)

    def replace_record(self, record: ProductRecord) -> None:
        """Show a product's new values where it is listed."""
        row = next((i for i, r in enumerate(self.records) if r.id == record.id), None)
        if row is not None:
            self.records[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self.records[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.UserRole:
            return record.sku
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_NUMERIC if column.numeric else _TEXT)
        if role == Qt.ItemDataRole.ForegroundRole and not record.active:
            return QBrush(MUTED)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section].heading)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(COLUMNS) - 1))


_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#title { font-size: 16pt; font-weight: bold; }
QLabel#heading { font-size: 13pt; font-weight: 600; }
QLabel#field_error { color: #b00020; font-size: 9pt; }
QLabel#fixed_note { color: #8a4b00; }
QTableView { font-size: 11pt; }
QHeaderView::section { font-size: 10pt; font-weight: 600; padding: 4px; }
QLineEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 3px 8px; min-height: 30px; }
QLineEdit[wrong="true"] { border: 2px solid #b00020; }
QLineEdit:read-only { background: #f1eee7; }
QPushButton { min-height: 40px; padding: 0 14px; }
"""

# (key, label msgid) of the form's typed fields, in order
FIELDS: tuple[tuple[str, str], ...] = (
    ("sku", N_("SKU")),
    ("name_fr", N_("French name")),
    ("name_ar", N_("Arabic name")),
    ("price", N_("Price")),
    ("min_price", N_("Minimum price")),
    ("vat", N_("VAT")),
    ("barcode", N_("Barcode")),
)

HISTORY_COLUMNS: tuple[Column[PriceChange], ...] = (
    Column("date", N_("Date"), lambda h: _ltr(format_datetime(h.changed_at, current_language())),
           sort=lambda h: h.changed_at),
    Column("price", N_("Price"), lambda h: money_text(h.price, currency=False), numeric=True),
    Column("min_price", N_("Minimum price"),
           lambda h: "" if h.min_price is None else money_text(h.min_price, currency=False),
           numeric=True),
    Column("user", N_("By"), lambda h: h.user),
)

PREVIEW_COLUMNS: tuple[Column[PriceChangeLine], ...] = (
    Column("sku", N_("SKU"), lambda p: p.sku),
    Column("name", N_("Product"), lambda p: _name(p.name_ar, p.name_fr)),
    # Translators: bulk price change preview: the price now
    Column("old_price", N_("Old price"), lambda p: money_text(p.old_price, currency=False),
           numeric=True),
    # Translators: bulk price change preview: the price once applied
    Column("new_price", N_("New price"), lambda p: money_text(p.new_price, currency=False),
           numeric=True),
)


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    return view


class ProductsSection(Section):
    """The catalog: filter, search, sort; a product's form and price history; bulk prices."""

    TITLE = N_("Products")
    PERMISSION = Permission.VIEW_REPORTS

    detail_loaded = Signal()  # the selected product's form and history are shown
    saved = Signal()  # a save, a (de)activation was tried (its outcome is in the message bar)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setObjectName("products_section")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.may_edit = self.may(Permission.MANAGE_CATALOG)
        self.cooperatives: list[Cooperative] = []
        self.category_keys: list[str] = []
        self.detail: ProductDetail | None = None
        self.editing: str | None = None  # the sku of the product in the form; None: a new one
        self.errors: dict[str, str] = {}
        self._generation = 0
        self._detail_generation = 0
        self.bulk: BulkPriceDialog | None = None

        # -- filters ----------------------------------------------------------------------------
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.cooperative_filter = QComboBox(self)
        self.cooperative_filter.setObjectName("cooperative_filter")
        self.cooperative_filter.setMinimumWidth(180)
        self.category_filter = QComboBox(self)
        self.category_filter.setObjectName("category_filter")
        self.category_filter.setMinimumWidth(150)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_product")
        self.bulk_button = QPushButton(self)
        self.bulk_button.setObjectName("bulk_prices")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.cooperative_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.category_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.new_button.clicked.connect(self.new_product)
        self.bulk_button.clicked.connect(self.open_bulk)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.bulk_button)
        filters = QHBoxLayout()
        self.cooperative_caption, self.category_caption = QLabel(self), QLabel(self)
        filters.addWidget(self.cooperative_caption)
        filters.addWidget(self.cooperative_filter)
        filters.addSpacing(12)
        filters.addWidget(self.category_caption)
        filters.addWidget(self.category_filter)
        filters.addSpacing(12)
        filters.addWidget(self.search, 1)
        self.message = MessageBar(self)

        # -- the table --------------------------------------------------------------------------
        self.model = ProductTableModel(db)
        self.table = _table(self, "products")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # a click asks the database (ProductTableModel.sort)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in zip(range(len(COLUMNS)),
                                 (90, 135, 190, 170, 70, 100, 50, 80, 80, 60, 80, 50), strict=True):
            self.table.setColumnWidth(column, width)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.failed.connect(self.message.show_error)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        # -- the form ---------------------------------------------------------------------------
        self.form = QFrame(self)
        self.form.setObjectName("card")
        self.heading = QLabel(self.form)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.fixed_note = QLabel(self.form)
        self.fixed_note.setObjectName("fixed_note")
        self.fixed_note.setWordWrap(True)
        self.fixed_note.hide()
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.error_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        row = 0
        self.cooperative = QComboBox(self.form)
        self.cooperative.setObjectName("cooperative")
        self.category = QComboBox(self.form)
        self.category.setObjectName("category")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit = QComboBox(self.form)
        self.unit.setObjectName("unit")
        for unit in Unit:
            self.unit.addItem("", unit.value)
        combos: dict[str, QComboBox] = {"cooperative": self.cooperative,
                                        "category": self.category, "unit": self.unit}
        order = ["cooperative", "sku", "name_fr", "name_ar", "category", "unit", "price",
                 "min_price", "vat", "barcode"]
        for key in order:
            label = QLabel(self.form)
            self.labels[key] = label
            widget: QWidget
            if key in combos:
                widget = combos[key]
            else:
                edit = QLineEdit(self.form)
                edit.setObjectName(key)
                edit.textChanged.connect(lambda _text, k=key: self.check(k))
                self.edits[key] = edit
                widget = edit
            if key == "name_ar":
                widget.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            if key in ("name_fr", "price", "min_price", "vat", "barcode", "sku"):
                widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            error = QLabel(self.form)
            error.setObjectName("field_error")
            error.setWordWrap(True)
            error.hide()
            self.error_labels[key] = error
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(error, row + 1, 1)
            row += 2
        # checked when the person types or picks a category, not when the form is filled
        category_edit = self.category.lineEdit()
        if category_edit is not None:
            category_edit.textEdited.connect(lambda _text: self.check("category"))
        self.category.activated.connect(lambda _index: self.check("category"))
        grid.setColumnStretch(1, 1)
        self.save_button = QPushButton(self.form)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.active_button = QPushButton(self.form)
        self.active_button.setObjectName("active")
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.active_button)
        buttons.addStretch(1)
        # the selected product's prices, under the table (the form keeps the height)
        self.history_box = QFrame(self)
        self.history_box.setObjectName("card")
        self.history_heading = QLabel(self.history_box)
        self.history_heading.setObjectName("heading")
        self.history_model: RecordsModel[PriceChange] = RecordsModel(HISTORY_COLUMNS)
        self.history = _table(self.history_box, "price_history")
        self.history.setModel(self.history_model)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setMinimumHeight(90)
        history = QVBoxLayout(self.history_box)
        history.setContentsMargins(10, 4, 10, 6)
        history.addWidget(self.history_heading)
        history.addWidget(self.history, 1)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(12, 8, 12, 8)
        form.addWidget(self.heading)
        form.addLayout(buttons)  # above the fields: in reach whatever the height of the window
        form.addWidget(self.fixed_note)
        form.addLayout(grid)
        form.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(360)

        listing = QSplitter(Qt.Orientation.Vertical, self)
        listing.setChildrenCollapsible(False)
        listing.addWidget(self.table)
        listing.addWidget(self.history_box)
        listing.setStretchFactor(0, 4)
        listing.setStretchFactor(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setChildrenCollapsible(False)
        body.addWidget(listing)
        body.addWidget(scroll)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([620, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)

        for button in (self.new_button, self.bulk_button, self.save_button, self.active_button):
            button.setEnabled(self.may_edit)
        for edit in self.edits.values():
            edit.setReadOnly(not self.may_edit)
        for combo in combos.values():
            combo.setEnabled(self.may_edit)
        self.retranslate()
        self._clear_form()

    # -- words ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.title.setText(_(self.TITLE))
        self.cooperative_caption.setText(_("Cooperative"))
        self.category_caption.setText(_("Category"))
        # Translators: products: the placeholder of the search box
        self.search.setPlaceholderText(_("Search: name in Arabic or French, SKU, barcode"))
        # Translators: products: button that empties the form to create a product
        self.new_button.setText(_("New product"))
        # Translators: products: button that opens the bulk price change of a cooperative
        self.bulk_button.setText(_("Change a cooperative's prices…"))
        self.save_button.setText(_("Save"))
        # Translators: products: heading of the selected product's price history
        self.history_heading.setText(_("Price history"))
        labels = dict(FIELDS) | {"cooperative": N_("Cooperative"), "category": N_("Category"),
                                 "unit": N_("Unit")}
        for key, label in self.labels.items():
            label.setText(_(labels[key]))
        for index in range(self.unit.count()):
            self.unit.setItemText(index, _(UNIT_NAMES[Unit(self.unit.itemData(index))]))
        if not self.may_edit:
            # Translators: products: why the buttons are greyed out
            tip = _("Changing the catalog needs an organizer.")
            for button in (self.new_button, self.bulk_button, self.save_button, self.active_button):
                button.setToolTip(tip)
        self._fill_combos()
        # Translators: products form: shown for a product already sold or moved in stock
        self.fixed_note.setText(_("Sold or moved in stock: its cooperative, unit and SKU can no "
                                  "longer change."))
        self._show_count()
        self.retranslate_form()
        for key in list(self.errors):
            self.check(key)
        self.model.retranslate()
        self.history_model.retranslate()
        if self.bulk is not None:
            self.bulk.retranslate()

    def _show_count(self) -> None:
        total = self.model.total
        if total is None:
            self.count_label.setText("")
            return
        figure = _ltr(format_quantity(total * 1000, Unit.PIECE.value, current_language()))
        # Translators: products: how many products match the filter and the search
        self.count_label.setText(plural("{count} product", "{count} products", total, count=figure))

    def _show_heading(self) -> None:
        if self.editing is None:
            # Translators: products form: heading while a new product is typed
            self.heading.setText(_("New product"))
            self.active_button.setText(_("Deactivate"))
            self.active_button.setEnabled(False)
            return
        record = self.detail.record if self.detail is not None else None
        name = _name(record.name_ar, record.name_fr) if record is not None else ""
        self.heading.setText(f"{self.editing} – {name}" if name else self.editing)
        active = record is None or record.active
        # Translators: products form: button taking a product off sale (kept with its history)
        self.active_button.setText(_("Deactivate") if active else _("Reactivate"))
        self.active_button.setEnabled(self.may_edit and record is not None)

    def _fill_combos(self) -> None:
        """The cooperatives and categories in the filters and the form, choices kept."""
        def fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(chosen)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

        names = [(f"{c.code} – {_name(c.name_ar, c.name_fr)}", c.code) for c in self.cooperatives]
        fill(self.cooperative_filter, [(_("All cooperatives"), ""), *names])
        categories = [(category_label(k), k) for k in self.category_keys]
        # Translators: products: the category filter's first choice
        fill(self.category_filter, [(_("All categories"), ""), *categories])
        typed, key = self.category.currentText(), self.category_key()  # before the labels change
        fill(self.cooperative, [(n, code) for n, code in names
                                if any(c.code == code and c.active for c in self.cooperatives)
                                or code == (self.detail.record.cooperative_code
                                            if self.detail is not None else None)])
        fill(self.category, categories)
        found = self.category.findData(key) if key else -1
        self.category.setEditText(self.category.itemText(found) if found >= 0 else typed)

    # -- loading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The cooperatives and categories again, then the first page of the table."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db = self.db

        def work() -> tuple[list[Cooperative], list[str]]:
            keys = set(product_admin.categories(db)) | set(CATEGORY_LABELS)
            return catalog.cooperatives(db), sorted(keys, key=lambda k: category_label(k).casefold())

        run_in_background(work, lambda done: self._lists_arrived(generation, done))

    def _lists_arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        try:
            self.cooperatives, self.category_keys = done.result()
        except PossoukError as error:
            self.loading = False
            self.message.show_error(error)
            self.loaded.emit()
            return
        self._fill_combos()
        self.model.reload()

    def apply_filter(self) -> None:
        """Ask the table again for the cooperative, category and search now chosen."""
        self._search_timer.stop()
        self.loading = True
        before = (self.model.query, self.model.cooperative, self.model.category)
        wanted = (self.search.text().strip(), str(self.cooperative_filter.currentData() or ""),
                  str(self.category_filter.currentData() or ""))
        if wanted == before:
            self.loading = self.model.fetching
            return
        self.model.set_filter(*wanted)

    def _page_loaded(self, first: bool) -> None:
        if not first:
            return
        self.loading = False
        self._show_count()
        if self.editing is not None:
            row = self.model.row_of(self.editing)
            if row is not None:
                self._select_row(row, load=False)
        self.loaded.emit()

    def _select_row(self, row: int, *, load: bool = True) -> None:
        selection = self.table.selectionModel()
        if not load:
            selection.blockSignals(True)
        select_row(self.table, row)
        if not load:
            selection.blockSignals(False)

    def select(self, sku: str) -> None:
        """Show product ``sku`` of the table in the form (tests)."""
        row = self.model.row_of(sku)
        if row is None:
            raise KeyError(sku)
        self._select_row(row)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.load_detail(self.model.record(current.row()).sku)

    def load_detail(self, sku: str) -> None:
        """Read product ``sku`` for the form (off the GUI thread); :attr:`detail_loaded` follows."""
        self._detail_generation += 1
        generation = self._detail_generation
        db = self.db
        run_in_background(lambda: product_admin.product_detail(db, sku),
                          lambda done: self._detail_arrived(generation, done))

    def _detail_arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._detail_generation:
            return
        try:
            detail = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.detail_loaded.emit()
            return
        assert isinstance(detail, ProductDetail)
        self._show_detail(detail)
        self.detail_loaded.emit()

    # -- the form -------------------------------------------------------------------------------
    def _clear_form(self) -> None:
        self.editing, self.detail = None, None
        for edit in self.edits.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.edits["vat"].setText("0")
        self.unit.setCurrentIndex(0)
        self.category.setEditText("")
        self.history_model.set_records([])
        self._set_fixed(False)
        self._clear_errors()
        self.retranslate_form()

    def retranslate_form(self) -> None:
        self.edits["barcode"].setPlaceholderText(
            # Translators: products form: the barcode field of a new product
            _("Scan or type it; empty: possouk makes one") if self.editing is None else "")
        self._show_heading()

    def _clear_errors(self) -> None:
        self.errors.clear()
        for key, label in self.error_labels.items():
            label.clear()
            label.hide()
            if key in self.edits:
                self._mark(self.edits[key], False)

    @staticmethod
    def _mark(edit: QLineEdit, wrong: bool) -> None:
        edit.setProperty("wrong", wrong)
        edit.style().unpolish(edit)
        edit.style().polish(edit)

    def _set_fixed(self, fixed: bool) -> None:
        """A product sold or moved keeps its cooperative, unit and sku (the service refuses too)."""
        for widget in (self.cooperative, self.unit):
            widget.setEnabled(self.may_edit and not fixed)
        self.edits["sku"].setReadOnly(not self.may_edit or fixed)
        self.fixed_note.setVisible(fixed)

    def _show_detail(self, detail: ProductDetail) -> None:
        record = detail.record
        self.detail, self.editing = detail, record.sku
        self._fill_combos()
        values = {
            "sku": record.sku, "name_fr": record.name_fr, "name_ar": record.name_ar,
            "price": format_plain(record.price),
            "min_price": "" if record.min_price is None else format_plain(record.min_price),
            "vat": format_rate_plain(record.vat), "barcode": record.barcode,
        }
        for key, value in values.items():
            edit = self.edits[key]
            edit.blockSignals(True)
            edit.setText(value)
            edit.setCursorPosition(0)  # a long name shows its beginning
            edit.blockSignals(False)
        self.cooperative.setCurrentIndex(max(self.cooperative.findData(record.cooperative_code), 0))
        self.unit.setCurrentIndex(max(self.unit.findData(record.unit.value), 0))
        found = self.category.findData(record.category)
        self.category.setEditText(self.category.itemText(found) if found >= 0 else record.category)
        self.history_model.set_records(detail.history)
        self._clear_errors()
        self._set_fixed(detail.fixed)
        self.retranslate_form()

    def new_product(self) -> None:
        """Empty the form to type a new product."""
        self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        self.table.selectionModel().blockSignals(False)
        self._clear_form()
        filtered = self.cooperative_filter.currentData()
        if filtered:
            self.cooperative.setCurrentIndex(max(self.cooperative.findData(filtered), 0))
        self.edits["sku"].setFocus()

    def category_key(self) -> str:
        """The category chosen (its key) or typed (as typed)."""
        typed = self.category.currentText().strip()
        found = self.category.findText(typed, Qt.MatchFlag.MatchFixedString)
        if found < 0:  # a key typed as such ("honey" in an Arabic window)
            found = self.category.findData(typed.casefold())
        return str(self.category.itemData(found)) if found >= 0 else typed

    def _typed(self, key: str) -> str:
        return self.category_key() if key == "category" else self.edits[key].text()

    def check(self, key: str) -> object:
        """Check one field as typed; its problem, if any, in red under it. Returns its value."""
        price: int | None = None
        if key == "min_price" and "price" not in self.errors:
            try:
                value = product_admin.check_field("price", self.edits["price"].text())
                price = value if isinstance(value, int) else None
            except UserError:
                price = None
        try:
            value = product_admin.check_field(key, self._typed(key), price=price)
        except UserError as error:
            self.errors[key] = render_error(error)
            self.error_labels[key].setText(self.errors[key])
            self.error_labels[key].show()
            if key in self.edits:
                self._mark(self.edits[key], True)
            return None
        if self.errors.pop(key, None) is not None:
            self.error_labels[key].clear()
            self.error_labels[key].hide()
            if key in self.edits:
                self._mark(self.edits[key], False)
        if key == "price" and (self.edits["min_price"].text() or "min_price" in self.errors):
            self.check("min_price")
        return value

    def draft(self) -> ProductDraft | None:
        """The product as typed; None (each problem shown) when a field is wrong."""
        values = {key: self.check(key) for key in
                  ("sku", "name_fr", "name_ar", "category", "price", "vat", "barcode")}
        values["min_price"] = self.check("min_price")
        if self.errors:
            return None
        price, vat, minimum = values["price"], values["vat"], values["min_price"]
        assert isinstance(price, int) and isinstance(vat, int)
        assert minimum is None or isinstance(minimum, int)
        return ProductDraft(
            cooperative_code=str(self.cooperative.currentData() or ""), sku=str(values["sku"]),
            name_ar=str(values["name_ar"]), name_fr=str(values["name_fr"]),
            category=str(values["category"]), unit=Unit(str(self.unit.currentData())),
            price=price, barcode=str(values["barcode"]), min_price=minimum, vat=vat)

    def save(self) -> None:
        """Create the product typed, or save the changes of the one shown."""
        if not self.may_edit:
            return
        draft = self.draft()
        if draft is None:
            # Translators: products form: saving refused while a field shows a problem
            self.message.show_error(UserError(N_("Correct the fields in red first: nothing was saved.")))
            self.saved.emit()
            return
        try:
            if self.editing is None:
                record = product_admin.create_product(self.db, self.user, draft)
            else:
                record = product_admin.update_product(self.db, self.user, self.editing, draft)
        except PossoukError as error:
            self.message.show_error(error)
            self.saved.emit()
            return
        # Translators: products: a product was created or changed
        self.message.show_info(render_message(N_("Product {sku} saved."), {"sku": record.sku}))
        self.editing = record.sku
        self.model.replace_record(record)
        self.load_detail(record.sku)
        self.loading = True
        self.model.reload()
        self.saved.emit()

    def toggle_active(self) -> None:
        """Take the product shown off sale (after a question), or put it back."""
        if not self.may_edit or self.detail is None:
            return
        record = self.detail.record
        if record.active and not self.ask_confirm(render_message(
                # Translators: products: question before deactivating a product
                N_("Deactivate {sku}? It will no longer be sold; its history is kept and it "
                   "can be reactivated."), {"sku": record.sku})):
            return
        try:
            changed = product_admin.set_active(self.db, self.user, record.sku, not record.active)
        except PossoukError as error:
            self.message.show_error(error)
            self.saved.emit()
            return
        self.model.replace_record(changed)
        self.detail = ProductDetail(changed, self.detail.has_sales, self.detail.has_movements,
                                    self.detail.history)
        self.message.show_info(render_message(
            # Translators: products: a product was taken off sale
            N_("{sku} deactivated.") if not changed.active
            # Translators: products: a product was put back on sale
            else N_("{sku} reactivated."), {"sku": changed.sku}))
        self._show_heading()
        self.saved.emit()

    # -- bulk prices ----------------------------------------------------------------------------
    def open_bulk(self) -> BulkPriceDialog | None:
        """The bulk price change of a cooperative (the one filtered, if any)."""
        if not self.may_edit:
            return None
        if self.bulk is None:
            self.bulk = BulkPriceDialog(self.db, self.user, self.cooperatives, self)
            self.bulk.applied.connect(self.model.reload)
        chosen = self.cooperative_filter.currentData()
        if chosen:
            self.bulk.cooperative.setCurrentIndex(max(self.bulk.cooperative.findData(chosen), 0))
        self.bulk.show()
        self.bulk.raise_()
        return self.bulk


class BulkPriceDialog(QDialog):
    """A cooperative's prices up or down by a percentage or an amount: previewed, then applied
    in one transaction."""

    previewed = Signal()
    applied = Signal()

    def __init__(self, db: Database, user: User, cooperatives: list[Cooperative],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_prices")
        self.setStyleSheet(_STYLE)
        self.db, self.user = db, user
        self.preview: list[PriceChangeLine] = []
        self.change: BulkChange | None = None
        self.previewed_code = ""
        self.cooperatives = [c for c in cooperatives if c.active]
        self.cooperative_caption = QLabel(self)
        self.cooperative = QComboBox(self)
        self.cooperative.setObjectName("cooperative")
        for c in self.cooperatives:
            self.cooperative.addItem("", c.code)
        self.percent = QRadioButton(self)
        self.percent.setObjectName("percent")
        self.amount = QRadioButton(self)
        self.amount.setObjectName("amount")
        group = QButtonGroup(self)
        group.addButton(self.percent)
        group.addButton(self.amount)
        self.percent.setChecked(True)
        self.direction = QComboBox(self)
        self.direction.setObjectName("direction")
        self.direction.addItem("", "up")
        self.direction.addItem("", "down")
        self.value = QLineEdit(self)
        self.value.setObjectName("value")
        self.value.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.value.setMaximumWidth(120)
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("preview")
        self.preview_button.clicked.connect(self.make_preview)
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("apply")
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(False)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.message = MessageBar(self)
        self.model: RecordsModel[PriceChangeLine] = RecordsModel(PREVIEW_COLUMNS)
        self.table = _table(self, "preview")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for widget in (self.cooperative, self.direction, self.value):
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i: self._forget())
        self.value.textChanged.connect(lambda _t: self._forget())
        self.percent.toggled.connect(lambda _c: self._forget())

        choice = QHBoxLayout()
        choice.addWidget(self.cooperative_caption)
        choice.addWidget(self.cooperative, 1)
        how = QHBoxLayout()
        how.addWidget(self.percent)
        how.addWidget(self.amount)
        how.addSpacing(16)
        how.addWidget(self.direction)
        how.addWidget(self.value)
        how.addWidget(self.preview_button)
        how.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.apply_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addLayout(how)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(760, 560)
        self.retranslate()

    def retranslate(self) -> None:
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        # Translators: title of the bulk price change dialog
        self.setWindowTitle(_("Change a cooperative's prices"))
        self.cooperative_caption.setText(_("Cooperative"))
        for index, c in enumerate(self.cooperatives):
            self.cooperative.setItemText(index, f"{c.code} – {_name(c.name_ar, c.name_fr)}")
        # Translators: bulk price change: change every price by a percentage
        self.percent.setText(_("By a percentage"))
        # Translators: bulk price change: change every price by the same amount of dirhams
        self.amount.setText(_("By an amount"))
        # Translators: bulk price change: the prices go up
        self.direction.setItemText(0, _("Up"))
        # Translators: bulk price change: the prices go down
        self.direction.setItemText(1, _("Down"))
        # Translators: bulk price change: button computing the new prices without writing them
        self.preview_button.setText(_("Preview"))
        # Translators: bulk price change: button writing the previewed prices
        self.apply_button.setText(_("Apply"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()

    def _forget(self) -> None:
        """What was previewed no longer matches what is asked."""
        self.preview, self.change = [], None
        self.model.set_records([])
        self.apply_button.setEnabled(False)

    def make_preview(self) -> None:
        """The new prices, in the table; nothing is written."""
        code = str(self.cooperative.currentData() or "")
        kind = BulkKind.PERCENT if self.percent.isChecked() else BulkKind.AMOUNT
        try:
            change = BulkChange.parse(kind, self.value.text(), down=self.direction.currentData() == "down")
            lines = product_admin.bulk_price_preview(self.db, code, change)
        except PossoukError as error:
            self._forget()
            self.message.show_error(error)
            self.previewed.emit()
            return
        self.preview, self.change, self.previewed_code = lines, change, code
        self.model.set_records(lines)
        self.apply_button.setEnabled(bool(lines))
        if lines:
            # Translators: bulk price change: under the preview, before applying
            self.message.show_info(plural(
                "{count} price will change. Check it, then apply.",
                "{count} prices will change. Check them, then apply.", len(lines),
                count=len(lines)), seconds=0)
        else:
            self.message.show_error(UserError(N_("No price would change.")))
        self.previewed.emit()

    def apply(self) -> None:
        """Write the previewed prices (after a question), in one transaction."""
        if self.change is None or not self.preview:
            return
        count = len(self.preview)
        # Translators: bulk price change: the question before the prices are written
        question = plural("Change {count} price of {code}? The change is kept in the price history.",
                           "Change {count} prices of {code}? Each change is kept in the price "
                           "history.", count, count=count, code=_ltr(self.previewed_code))
        if not self.ask_confirm(question):
            return
        try:
            count = product_admin.bulk_price_apply(self.db, self.user, self.previewed_code,
                                                   self.change, self.preview)
        except PossoukError as error:
            self.message.show_error(error)
            return
        self._forget()
        # Translators: bulk price change: the prices were written
        self.message.show_info(plural("{count} price changed.", "{count} prices changed.", count,
                                       count=count), seconds=0)
        self.applied.emit()

    def ask_confirm(self, question: str) -> bool:
        """A yes/no question (tests replace it)."""
        answer = QMessageBox.question(self, self.windowTitle() or " ", question)
        return answer == QMessageBox.StandardButton.Yes
