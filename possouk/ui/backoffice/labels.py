"""The back office's **Labels**: barcode labels for the products chosen, on A4 sheets or on
the receipt printer.

The products on sale are listed (searched in Arabic or French, by sku or barcode, and
filtered by cooperative); those chosen go to the list *to print*, each with its number of
copies. The list becomes a PDF of A4 label sheets (:func:`possouk.services.labels
.render_labels`, on one of the sheets it knows), written under a temporary name and
renamed once complete, off the GUI thread; or single labels printed on the receipt
printer through the print queue (:func:`possouk.services.printing.print_labels`), whose
outcome — printed, or kept in the queue with the reason — shows in the message bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, EnvironmentFault, PossoukError
from possouk.domain.model import Cooperative, Product, User
from possouk.domain.permissions import Permission
from possouk.i18n import current_language, is_rtl, ngettext, render_error, render_message
from possouk.i18n import gettext as _
from possouk.services import catalog
from possouk.services.files import write_atomically
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.widgets import MessageBar, money_text
from possouk.ui.workers import Done, run_in_background

if TYPE_CHECKING:
    from possouk.services.printing import PrintOutcome

__all__ = [
    "GRID_CHOICES", "MAX_COPIES", "LabelsData", "LabelsSection", "SheetResult", "grid_text",
    "load_labels", "print_entries", "sheet_pdf",
]

MAX_COPIES = 100  # possouk.services.labels.MAX_COPIES (named here: reportlab loads on first use)

# The sheets of possouk.reports.labels.GRIDS: (name, columns, rows, label width × height in
# tenths of a millimetre). Named here so that showing the section does not load reportlab;
# a test checks they agree.
GRID_CHOICES: tuple[tuple[str, int, int, int, int], ...] = (
    ("3x8", 3, 8, 700, 360),
    ("4x10", 4, 10, 485, 254),
)


def _per_sheet(grid: str) -> int:
    return next(columns * rows for name, columns, rows, _w, _h in GRID_CHOICES if name == grid)


def _millimetres(tenths: int) -> str:
    whole, tenth = divmod(tenths, 10)
    mark = "." if current_language() == "en" else ","
    return f"{whole}{mark}{tenth}" if tenth else str(whole)


def grid_text(grid: str) -> str:
    """A sheet of labels as the list of sheets shows it: "3 × 8 – 24 labels of 70 × 36 mm"."""
    _grid, columns, rows, width, height = next(g for g in GRID_CHOICES if g[0] == grid)
    count = columns * rows
    # Translators: labels: a kind of A4 sheet of sticky labels; {grid} is like "3 × 8" (columns ×
    # rows), {size} like "70 × 36" (width × height of one label in millimetres)
    template = ngettext("{grid} – {count} label of {size} mm", "{grid} – {count} labels of {size} mm",
                        count)
    # Not isolated: in Arabic "3 × 8" then reads from the right as written, like any product
    # of numbers in Arabic text (the command line's help says it so too).
    shape, size = f"{columns} × {rows}", f"{_millimetres(width)} × {_millimetres(height)}"
    try:
        return template.format(grid=shape, count=count, size=size)
    except (KeyError, IndexError, ValueError):  # a broken translation
        return f"{shape} – {count} – {size}"

_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#heading { font-size: 14pt; font-weight: 600; }
QLabel#section_title { font-size: 16pt; font-weight: bold; }
QLabel#summary { font-size: 12pt; }
QTableView, QTableWidget { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QLineEdit, QComboBox, QSpinBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 4px 8px; min-height: 36px; }
QPushButton { min-height: 40px; padding: 0 14px; }
"""


def _name(product: Product) -> str:
    if current_language() == "ar" and product.name_ar:
        return product.name_ar
    return product.name_fr or product.name_ar


PRODUCT_COLUMNS: tuple[Column[Product], ...] = (
    Column("sku", N_("SKU"), lambda p: p.sku),
    # the name in the language shown; the search finds either name
    Column("name", N_("Product"), _name),
    Column("cooperative", N_("Cooperative"), lambda p: p.cooperative_code),
    Column("price", N_("Price"), lambda p: money_text(p.price), sort=lambda p: p.price, numeric=True),
)

# the list to print: (key, heading)
CHOSEN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", N_("SKU")),
    ("name", N_("Product")),
    # Translators: labels: column of the number of labels to print for a product
    ("copies", N_("Copies")),
)


@dataclass(frozen=True)
class LabelsData:
    """What the section lists: the products on sale and the cooperatives (read off the GUI thread)."""

    products: list[Product]
    cooperatives: list[Cooperative]


def load_labels(db: Database) -> LabelsData:
    """The products on sale (sku order) and the active cooperatives."""
    products = sorted((p for p in catalog.products(db) if p.active), key=lambda p: p.sku)
    cooperatives = sorted((c for c in catalog.cooperatives(db) if c.active), key=lambda c: c.code)
    return LabelsData(products, cooperatives)


@dataclass(frozen=True)
class SheetResult:
    """A label sheet PDF written: where, how many labels, on how many sheets."""

    path: Path
    labels: int
    sheets: int


def _runs(entries: list[tuple[str, int]]) -> list[tuple[list[str], int]]:
    """The entries as runs of neighbours with the same number of copies, in order."""
    runs: list[tuple[list[str], int]] = []
    for sku, copies in entries:
        if runs and runs[-1][1] == copies:
            runs[-1][0].append(sku)
        else:
            runs.append(([sku], copies))
    return runs


def sheet_pdf(db: Database, entries: list[tuple[str, int]], grid: str, outline: bool) -> bytes:
    """A4 label sheets holding ``copies`` labels of each (sku, copies) in turn, as PDF bytes."""
    from possouk.services import labels  # reportlab: loaded on first use

    data = {label.sku: label for label in labels.label_data(db, skus=[sku for sku, _n in entries])}
    chosen = [data[sku] for sku, copies in entries for _copy in range(copies)]
    return labels.render_labels(chosen, grid=grid, copies=1, outline=outline)


def print_entries(db: Database, entries: list[tuple[str, int]]) -> list[PrintOutcome]:
    """Print each (sku, copies) on the receipt printer, through the print queue, in order.

    Every product is queued, even after a fault: what is not printed waits in the queue.
    """
    from possouk.services import printing  # the printer stack loads on first use

    outcomes: list[PrintOutcome] = []
    for skus, copies in _runs(entries):
        outcomes.extend(printing.print_labels(db, skus=skus, copies=copies))
    return outcomes


class LabelsSection(Section):
    """Choose products, then save their A4 label sheets as a PDF or print single labels."""

    TITLE = N_("Labels")
    PERMISSION = Permission.MANAGE_STOCK
    saved = Signal()  # the label sheet PDF was written, or could not be (the message says which)
    printed = Signal()  # the labels were printed or queued (the message says which)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setObjectName("labels_section")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.data: LabelsData | None = None
        self._generation = 0
        self._products: dict[str, Product] = {}
        self.working = False

        self.title = QLabel(self)
        self.title.setObjectName("section_title")
        self.message = MessageBar(self)

        # -- the products on sale --------------------------------------------------------------
        self.catalog_card = QFrame(self)
        self.catalog_card.setObjectName("card")
        self.catalog_heading = QLabel(self.catalog_card)
        self.catalog_heading.setObjectName("heading")
        self.search = QLineEdit(self.catalog_card)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.cooperative = QComboBox(self.catalog_card)
        self.cooperative.setObjectName("cooperative")
        self.cooperative.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cooperative.setMinimumContentsLength(18)
        self.cooperative.addItem("", None)
        self.cooperative.currentIndexChanged.connect(lambda _index: self._filter())
        self.model: RecordsModel[Product] = RecordsModel(
            PRODUCT_COLUMNS,
            search_text=lambda p: f"{p.sku} {p.barcode} {p.name_ar} {p.name_fr} {p.category}")
        self.proxy = RecordFilter(self.model)
        self.table = QTableView(self.catalog_card)
        self.table.setObjectName("products")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._double_clicked)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.shown_count = QLabel(self.catalog_card)
        self.add_button = QPushButton(self.catalog_card)
        self.add_button.setObjectName("add_selected")
        self.add_button.clicked.connect(self.add_selected)
        self.add_all_button = QPushButton(self.catalog_card)
        self.add_all_button.setObjectName("add_shown")
        self.add_all_button.clicked.connect(self.add_shown)
        heading = QHBoxLayout()
        heading.addWidget(self.catalog_heading, 1)
        heading.addWidget(self.shown_count)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.cooperative)
        adding = QHBoxLayout()
        adding.addStretch(1)
        adding.addWidget(self.add_all_button)
        adding.addWidget(self.add_button)
        left = QVBoxLayout(self.catalog_card)
        left.setContentsMargins(12, 8, 12, 8)
        left.addLayout(heading)
        left.addLayout(filters)
        left.addWidget(self.table, 1)
        left.addLayout(adding)

        # -- the list to print -----------------------------------------------------------------
        self.chosen_card = QFrame(self)
        self.chosen_card.setObjectName("card")
        self.chosen_heading = QLabel(self.chosen_card)
        self.chosen_heading.setObjectName("heading")
        self.chosen = QTableWidget(self.chosen_card)
        self.chosen.setObjectName("to_print")
        self.chosen.setColumnCount(len(CHOSEN_COLUMNS))
        self.chosen.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.chosen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.chosen.verticalHeader().setVisible(False)
        self.chosen.verticalHeader().setDefaultSectionSize(44)  # room for the copies' spin boxes
        self.chosen.setWordWrap(False)
        chosen_header = self.chosen.horizontalHeader()
        chosen_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        chosen_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton(self.chosen_card)
        self.remove_button.setObjectName("remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.chosen_card)
        self.clear_button.setObjectName("clear")
        self.clear_button.clicked.connect(self.clear_chosen)
        self.grid_label = QLabel(self.chosen_card)
        self.grid = QComboBox(self.chosen_card)
        self.grid.setObjectName("grid")
        self.grid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.grid.setMinimumContentsLength(20)
        for name, *_shape in GRID_CHOICES:
            self.grid.addItem("", name)
        self.grid.currentIndexChanged.connect(lambda _index: self._update_summary())
        self.outline = QCheckBox(self.chosen_card)
        self.outline.setObjectName("outline")
        self.summary = QLabel(self.chosen_card)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(self.chosen_card)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.ask_save_pdf)
        self.print_button = QPushButton(self.chosen_card)
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_chosen)
        editing = QHBoxLayout()
        editing.addStretch(1)
        editing.addWidget(self.remove_button)
        editing.addWidget(self.clear_button)
        right = QVBoxLayout(self.chosen_card)
        right.setContentsMargins(12, 8, 12, 8)
        right.addWidget(self.chosen_heading)
        right.addWidget(self.chosen, 1)
        right.addLayout(editing)
        right.addWidget(self.grid_label)
        right.addWidget(self.grid)
        right.addWidget(self.outline)
        right.addWidget(self.summary)
        right.addWidget(self.save_button)
        right.addWidget(self.print_button)

        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setChildrenCollapsible(False)
        body.addWidget(self.catalog_card)
        body.addWidget(self.chosen_card)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([600, 440])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.title.setText(_(self.TITLE))
        # Translators: labels: heading of the list of products on sale to choose from
        self.catalog_heading.setText(_("Products on sale"))
        # Translators: labels: the search box; it finds Arabic or French names, skus and barcodes
        self.search.setPlaceholderText(_("Search by name (Arabic or French), sku or barcode"))
        self.cooperative.setItemText(0, _("All cooperatives"))
        if self.data is not None:
            for index, cooperative in enumerate(self.data.cooperatives, start=1):
                self.cooperative.setItemText(index, self._cooperative_text(cooperative))
        # Translators: labels: button adding the products selected in the list to the list to print
        self.add_button.setText(_("Add the selection"))
        # Translators: labels: button adding every product the search and filter show to the list
        # to print
        self.add_all_button.setText(_("Add all shown"))
        # Translators: labels: heading of the list of products whose labels are to be printed
        self.chosen_heading.setText(_("To print"))
        self.chosen.setHorizontalHeaderLabels([_(heading) for _key, heading in CHOSEN_COLUMNS])
        for row in range(self.chosen.rowCount()):
            item = self.chosen.item(row, 0)
            product = self._products.get(item.text()) if item is not None else None
            name = self.chosen.item(row, 1)
            if product is not None and name is not None:
                name.setText(_name(product))
        self.remove_button.setText(_("Remove"))
        # Translators: labels: button emptying the list to print
        self.clear_button.setText(_("Empty the list"))
        # Translators: labels: the kind of A4 sheet of sticky labels
        self.grid_label.setText(_("Label sheet"))
        for index, (grid, *_shape) in enumerate(GRID_CHOICES):
            self.grid.setItemText(index, grid_text(grid))
        # Translators: labels: option to draw a frame round each label, to cut it out of plain paper
        self.outline.setText(_("Outline each label (plain paper)"))
        # Translators: labels: button saving the A4 label sheets of the list as a PDF (a dialog follows)
        self.save_button.setText(_("Save label sheet PDF…"))
        # Translators: labels: button printing single labels of the list on the receipt printer
        self.print_button.setText(_("Print on the receipt printer"))
        self.model.retranslate()
        self._update_counts()
        self._update_summary()

    @staticmethod
    def _cooperative_text(cooperative: Cooperative) -> str:
        name = cooperative.name_ar if current_language() == "ar" and cooperative.name_ar \
            else cooperative.name_fr
        return f"{cooperative.code} – {name}"

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, prepare = self.db, self.model.preparer()  # nothing of Qt goes to the worker

        def work() -> tuple[LabelsData, tuple[list[Product], list[str]]]:
            data = load_labels(db)
            return data, prepare(data.products)

        run_in_background(work, lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        try:
            data, prepared = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        assert isinstance(data, LabelsData)
        self.data = data
        self._products = {p.sku: p for p in data.products}
        chosen_code = self.cooperative.currentData()
        self.cooperative.blockSignals(True)
        while self.cooperative.count() > 1:
            self.cooperative.removeItem(1)
        for cooperative in data.cooperatives:
            self.cooperative.addItem(self._cooperative_text(cooperative), cooperative.code)
        index = self.cooperative.findData(chosen_code) if chosen_code else 0
        self.cooperative.setCurrentIndex(max(0, index))
        self.cooperative.blockSignals(False)
        self.model.set_records(prepared)
        self._filter()
        # products no longer on sale leave the list to print
        for row in reversed(range(self.chosen.rowCount())):
            if self._row_sku(row) not in self._products:
                self.chosen.removeRow(row)
        self._update_summary()
        self.loaded.emit()

    # -- the products shown -----------------------------------------------------------------------

    def _filter(self) -> None:
        code = self.cooperative.currentData()
        self.proxy.set_accept((lambda p: p.cooperative_code == code) if code else None)
        self.proxy.set_query(self.search.text())
        self._update_counts()

    def _update_counts(self) -> None:
        shown = self.proxy.rowCount()
        # Translators: labels: how many products the search and the filter show
        self.shown_count.setText(ngettext("{n} product shown", "{n} products shown", shown)
                                 .format(n=shown))
        self.add_all_button.setEnabled(shown > 0)

    def shown_skus(self) -> list[str]:
        """The skus of the products shown, in the order shown (for tests)."""
        return [self.proxy.record_at(row).sku for row in range(self.proxy.rowCount())]

    def set_cooperative(self, code: str | None) -> None:
        """Show only the products of the cooperative ``code`` (None: every cooperative)."""
        self.cooperative.setCurrentIndex(max(0, self.cooperative.findData(code)) if code else 0)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.add([self.proxy.record_at(index.row()).sku])

    def add_selected(self) -> None:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        self.add([self.proxy.record_at(row).sku for row in rows])

    def add_shown(self) -> None:
        self.add(self.shown_skus())

    # -- the list to print ------------------------------------------------------------------------

    def add(self, skus: list[str], copies: int = 1) -> None:
        """Put the products ``skus`` on the list to print (one already there gets ``copies`` more)."""
        for sku in skus:
            product = self._products.get(sku)
            if product is None:
                continue
            row = self._chosen_row(sku)
            if row is not None:
                spin = self._spin(row)
                spin.setValue(min(MAX_COPIES, spin.value() + copies))
                continue
            row = self.chosen.rowCount()
            self.chosen.insertRow(row)
            self.chosen.setItem(row, 0, QTableWidgetItem(sku))
            self.chosen.setItem(row, 1, QTableWidgetItem(_name(product)))
            spin = QSpinBox(self.chosen)
            spin.setRange(1, MAX_COPIES)
            spin.setValue(max(1, min(MAX_COPIES, copies)))
            spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            spin.valueChanged.connect(lambda _value: self._update_summary())
            self.chosen.setCellWidget(row, 2, spin)
        self._update_summary()

    def _row_sku(self, row: int) -> str:
        item = self.chosen.item(row, 0)
        return item.text() if item is not None else ""

    def _chosen_row(self, sku: str) -> int | None:
        return next((r for r in range(self.chosen.rowCount()) if self._row_sku(r) == sku), None)

    def _spin(self, row: int) -> QSpinBox:
        spin = self.chosen.cellWidget(row, 2)
        assert isinstance(spin, QSpinBox)
        return spin

    def set_copies(self, sku: str, copies: int) -> None:
        """The number of labels of ``sku`` to print (the product must be on the list)."""
        row = self._chosen_row(sku)
        if row is None:
            raise KeyError(sku)
        self._spin(row).setValue(copies)

    def entries(self) -> list[tuple[str, int]]:
        """The list to print: (sku, copies), in order."""
        return [(self._row_sku(r), self._spin(r).value()) for r in range(self.chosen.rowCount())]

    def remove_selected(self) -> None:
        for index in sorted((i.row() for i in self.chosen.selectionModel().selectedRows()),
                            reverse=True):
            self.chosen.removeRow(index)
        self._update_summary()

    def clear_chosen(self) -> None:
        self.chosen.setRowCount(0)
        self._update_summary()

    def grid_name(self) -> str:
        return str(self.grid.currentData())

    def set_grid(self, name: str) -> None:
        self.grid.setCurrentIndex(self.grid.findData(name))

    def _update_summary(self) -> None:
        entries = self.entries()
        count = sum(copies for _sku, copies in entries)
        sheets = -(-count // _per_sheet(self.grid_name()))
        if not entries:
            # Translators: labels: shown while the list to print is empty
            self.summary.setText(_("Add products to the list: double-click one, or select some and "
                                   "add them."))
        else:
            # Translators: labels: how many labels the list makes (copies included)
            labels_text = ngettext("{n} label", "{n} labels", count).format(n=count)
            # Translators: labels: how many A4 sheets of the chosen kind they take
            sheets_text = ngettext("{n} A4 sheet", "{n} A4 sheets", sheets).format(n=sheets)
            self.summary.setText(f"{labels_text} – {sheets_text}")
        for button in (self.save_button, self.print_button, self.clear_button, self.remove_button):
            button.setEnabled(bool(entries) and not self.working)

    def _busy(self, working: bool) -> None:
        self.working = working
        self._update_summary()

    # -- asking (tests replace it) ----------------------------------------------------------------

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save the label sheets (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where the label sheets are saved
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the label sheets"),
                                                      str(suggested), "*.pdf")
        return Path(chosen) if chosen else None

    # -- the sheets -------------------------------------------------------------------------------

    def ask_save_pdf(self) -> None:
        """Save the A4 label sheets of the list as a PDF, where the user says."""
        entries = self.entries()
        if not entries:
            return
        path = self.ask_path(Path.home() / "labels.pdf")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        db, grid, outline = self.db, self.grid_name(), self.outline.isChecked()
        per_sheet = _per_sheet(grid)
        count = sum(copies for _sku, copies in entries)

        def work() -> SheetResult:
            write_atomically(path, sheet_pdf(db, entries, grid, outline))
            return SheetResult(path, count, -(-count // per_sheet))

        self._busy(True)
        run_in_background(work, self._written)

    def _written(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy(False)
        try:
            result = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            assert isinstance(result, SheetResult)
            written = ngettext("{n} label written to {path}.", "{n} labels written to {path}.",
                               result.labels).format(n=result.labels, path=str(result.path))
            sheets = ngettext("{n} A4 sheet to print.", "{n} A4 sheets to print.",
                              result.sheets).format(n=result.sheets)
            self.message.show_info(f"{written} {sheets}", seconds=0)
        self.saved.emit()

    # -- the receipt printer ----------------------------------------------------------------------

    def print_chosen(self) -> None:
        """Print single labels of the list on the receipt printer, through the print queue."""
        entries = self.entries()
        if not entries:
            return
        db = self.db
        self._busy(True)
        run_in_background(lambda: print_entries(db, entries), self._print_done)

    def _print_done(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy(False)
        try:
            outcomes = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.printed.emit()
            return
        printed = [o.reference for o in outcomes if o.printed]
        kept = [o.reference for o in outcomes if not o.printed]
        fault = next((o.fault for o in outcomes if o.fault is not None), None)
        self.message.clear_message()
        if printed:
            # Translators: labels: the labels of these products came out of the receipt printer
            self.message.show_info(render_message(
                N_("Labels printed: {skus}."), {"skus": ", ".join(printed)}), seconds=0)
        if kept:
            reason = render_error(fault) if fault is not None else ""
            # Translators: labels: the labels could not be printed now; {reason} says why
            self.message.show_error(EnvironmentFault(
                N_("Labels of {skus} kept in the print queue: {reason}"),
                skus=", ".join(kept), reason=reason), below=True)
        self.printed.emit()
