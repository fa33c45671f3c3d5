"""The back office's stock documents: deposits, returns to the cooperative, adjustments, counts.

Choose what to record (a deposit, a return to the cooperative, an adjustment with its
reason, or a stock count), the site and the cooperative, then scan barcodes into the scan
box (a scanner types the code and Enter) or search products by name, and type the
quantities: kilograms and litres with up to three decimals, pieces whole. Each line says
what is wrong with it in red; **Record** writes one document through
:func:`possouk.services.stock_admin.record_document` and the slip of a deposit or a return
can then be saved as an A4 PDF and printed on the receipt printer.

A **stock count** lists the products of the site (of one cooperative, or all) with what the
ledger says is on hand; type what is on the shelf (or scan each item: one more piece per
scan), the differences show as they are typed, and **Post N adjustments** records one
adjustment (reason *count*) of the differences only, after one question.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, EnvironmentFault, PossoukError, UserError
from possouk.domain.model import (
    AdjustmentReason,
    Cooperative,
    Product,
    Site,
    StockDocument,
    StockKind,
    User,
)
from possouk.domain.money import Milli, format_quantity_plain, line_total
from possouk.domain.permissions import Permission
from possouk.domain.text import search_key
from possouk.i18n import current_language, is_rtl, isolate, ngettext, render_error, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import unit_label
from possouk.services import catalog, maintenance, stock_admin
from possouk.services.files import write_atomically
from possouk.services.stock import StockInput
from possouk.services.stock_admin import CountLine
from possouk.storage.uow import Database
from possouk.ui.backoffice.section import Section
from possouk.ui.unsold_dialog import quantity_text
from possouk.ui.widgets import MessageBar, money_text, select_row
from possouk.ui.workers import Done, run_in_background

if TYPE_CHECKING:
    from possouk.services.printing import PrintOutcome

__all__ = ["COUNT", "COUNT_COLUMNS", "KIND_LABELS", "LINE_COLUMNS", "StockDocumentsSection"]

COUNT = "count"  # the fourth mode, beside the three kinds of documents

KIND_LABELS: dict[str, str] = {
    # Translators: stock documents: goods a cooperative brings to the store (a deposit slip)
    StockKind.INTAKE.value: N_("Deposit"),
    # Translators: stock documents: goods handed back to their cooperative (a return slip)
    StockKind.RETURN.value: N_("Return to the cooperative"),
    # Translators: stock documents: goods taken out of the stock (damaged or lost)
    StockKind.ADJUSTMENT.value: N_("Adjustment"),
    # Translators: stock documents: counting what is on the shelves
    COUNT: N_("Stock count"),
}

REASON_LABELS: dict[AdjustmentReason, str] = {
    # Translators: reason of a stock adjustment
    AdjustmentReason.DAMAGED: N_("Damaged"),
    # Translators: reason of a stock adjustment
    AdjustmentReason.LOST: N_("Lost"),
}

LINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", N_("SKU")),
    ("name", N_("Product")),
    ("on_hand", N_("On hand")),
    ("quantity", N_("Quantity")),
    ("unit", N_("Unit")),
    ("value", N_("Value")),
)

COUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", N_("SKU")),
    ("name", N_("Product")),
    ("cooperative", N_("Cooperative")),
    # Translators: stock count: what the ledger says is on the shelf
    ("expected", N_("Expected")),
    # Translators: stock count: what was found on the shelf (typed)
    ("counted", N_("Counted")),
    ("difference", N_("Difference")),
)

RECORDED = {
    StockKind.INTAKE: N_("Deposit slip {reference} recorded."),
    StockKind.RETURN: N_("Return slip {reference} recorded."),
    StockKind.ADJUSTMENT: N_("Adjustment {reference} recorded."),
}
NEEDS_STOCK_RIGHT = N_("Recording stock needs a supervisor or an organizer.")
EMPTY_DOCUMENT = N_("Scan or pick a product first: the document has no lines.")

_STYLE = """
QLabel#heading { font-size: 14pt; font-weight: 700; }
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLineEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px;
    padding: 4px 8px; min-height: 32px; }
QLineEdit#scan { border: 2px solid #2f6f4f; font-size: 13pt; }
QTableWidget, QListWidget { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QPushButton { min-height: 40px; padding: 0 14px; }
QPushButton#record, QPushButton#post { font-weight: 700; }
QLabel#total { font-size: 12pt; font-weight: 600; }
"""

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RED = QColor("#b00020")
_GREEN = QColor("#1b5e20")
_BAD_BACKGROUND = QColor("#fde7e9")
_EDITABLE_BACKGROUND = QColor("#fffbe6")


def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


@dataclass
class DocumentLine:
    """A line of the document being typed: the product, the quantity as typed, what is on hand."""

    product: Product
    text: str
    on_hand: Milli | None = None


@dataclass
class CountEntry:
    """A product of the count sheet and the quantity typed for it ("" when not counted yet)."""

    line: CountLine
    text: str = ""


@dataclass(frozen=True)
class LoadedData:
    sites: list[Site]
    cooperatives: list[Cooperative]
    sheet: list[CountLine] | None  # the count sheet, in count mode
    on_hand: dict[int, Milli]  # of the products on the document's lines


@dataclass(frozen=True)
class SlipResult:
    reference: str
    path: Path | None = None
    outcome: PrintOutcome | None = None
    error: PossoukError | None = None


class StockDocumentsSection(Section):
    """Deposits, returns, adjustments and stock counts, scanned or picked, typed and recorded."""

    TITLE = N_("Stock intake and returns")
    PERMISSION = Permission.MANAGE_STOCK
    slip_done = Signal()  # a slip's PDF was written or its print job handled (or refused)

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setStyleSheet(_STYLE)
        self.can_record = self.may(Permission.MANAGE_STOCK)
        self.lines: list[DocumentLine] = []
        self.entries: list[CountEntry] = []
        self.last_document: StockDocument | None = None
        self.recorded = ""  # the sentence saying what was recorded last
        self._sites: list[Site] = []
        self._cooperatives: list[Cooperative] = []
        self._generation = 0
        self._filling = False

        # -- what, where, whose ----------------------------------------------------------------
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.kind_label, self.reason_label = QLabel(self), QLabel(self)
        self.site_label, self.cooperative_label = QLabel(self), QLabel(self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for key in KIND_LABELS:
            self.kind.addItem("", key)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        for reason in REASON_LABELS:
            self.reason.addItem("", reason.value)
        self.site = QComboBox(self)
        self.site.setObjectName("site")
        self.site.setMinimumWidth(180)
        self.cooperative = QComboBox(self)
        self.cooperative.setObjectName("cooperative")
        self.cooperative.setMinimumWidth(260)
        for combo, letters in ((self.kind, 12), (self.reason, 8), (self.site, 10), (self.cooperative, 18)):
            # long names must not widen the section beyond the window: the list shows them whole
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.cooperative.currentIndexChanged.connect(self._cooperative_changed)
        choose = QHBoxLayout()
        for label, widget in ((self.kind_label, self.kind), (self.reason_label, self.reason),
                              (self.site_label, self.site), (self.cooperative_label, self.cooperative)):
            choose.addWidget(label)
            choose.addWidget(widget)
            choose.addSpacing(12)
        choose.addStretch(1)

        # -- scanning and searching ------------------------------------------------------------
        self.scan_label = QLabel(self)
        self.scan = QLineEdit(self)
        self.scan.setObjectName("scan")
        self.scan.setMinimumWidth(300)
        self.scan.returnPressed.connect(self._scan_entered)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._pick_first)
        self.results = QListWidget(self)
        self.results.setObjectName("results")
        self.results.itemActivated.connect(self._picked)
        self.results.hide()
        find = QHBoxLayout()
        find.addWidget(self.scan_label)
        find.addWidget(self.scan, 1)
        find.addSpacing(12)
        find.addWidget(self.search, 1)

        self.message = MessageBar(self)

        # -- the document's lines --------------------------------------------------------------
        self.pages = QStackedWidget(self)
        self.document_page = QFrame(self)
        self.document_page.setObjectName("card")
        self.table = QTableWidget(self.document_page)
        self.table.setObjectName("lines")
        self.table.setColumnCount(len(LINE_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._line_edited)
        self.remove_button = QPushButton(self.document_page)
        self.remove_button.setObjectName("remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.document_page)
        self.clear_button.setObjectName("clear")
        self.clear_button.clicked.connect(self.clear_lines)
        self.total = QLabel(self.document_page)
        self.total.setObjectName("total")
        self.record_button = QPushButton(self.document_page)
        self.record_button.setObjectName("record")
        self.record_button.clicked.connect(self.record)
        self.slip_label = QLabel(self.document_page)
        self.slip_label.setObjectName("slip")
        self.slip_label.setWordWrap(True)
        self.save_slip_button = QPushButton(self.document_page)
        self.save_slip_button.setObjectName("save_slip")
        self.save_slip_button.clicked.connect(self.save_slip)
        self.print_slip_button = QPushButton(self.document_page)
        self.print_slip_button.setObjectName("print_slip")
        self.print_slip_button.clicked.connect(self.print_slip)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        actions.addWidget(self.total)
        actions.addSpacing(12)
        actions.addWidget(self.record_button)
        slip = QHBoxLayout()
        slip.addWidget(self.slip_label, 1)
        slip.addWidget(self.save_slip_button)
        slip.addWidget(self.print_slip_button)
        page = QVBoxLayout(self.document_page)
        page.addWidget(self.table, 1)
        page.addLayout(actions)
        page.addLayout(slip)

        # -- the count -------------------------------------------------------------------------
        self.count_page = QFrame(self)
        self.count_page.setObjectName("card")
        self.sheet = QTableWidget(self.count_page)
        self.sheet.setObjectName("sheet")
        self.sheet.setColumnCount(len(COUNT_COLUMNS))
        self.sheet.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sheet.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheet.verticalHeader().setVisible(False)
        self.sheet.setWordWrap(False)
        self.sheet.itemChanged.connect(self._count_edited)
        self.reload_button = QPushButton(self.count_page)
        self.reload_button.setObjectName("reload")
        self.reload_button.clicked.connect(self.refresh)
        self.count_summary = QLabel(self.count_page)
        self.count_summary.setObjectName("total")
        self.post_button = QPushButton(self.count_page)
        self.post_button.setObjectName("post")
        self.post_button.clicked.connect(self.post_count)
        count_actions = QHBoxLayout()
        count_actions.addWidget(self.reload_button)
        count_actions.addStretch(1)
        count_actions.addWidget(self.count_summary)
        count_actions.addSpacing(12)
        count_actions.addWidget(self.post_button)
        count_layout = QVBoxLayout(self.count_page)
        count_layout.addWidget(self.sheet, 1)
        count_layout.addLayout(count_actions)

        self.pages.addWidget(self.document_page)
        self.pages.addWidget(self.count_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(choose)
        layout.addLayout(find)
        layout.addWidget(self.results)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self._kind_changed()
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.heading.setText(_(self.TITLE))
        # Translators: stock documents: what is recorded (a deposit, a return, an adjustment, a count)
        self.kind_label.setText(_("Operation"))
        self.reason_label.setText(_("Reason"))
        self.site_label.setText(_("Site"))
        self.cooperative_label.setText(_("Cooperative"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, _(KIND_LABELS[str(self.kind.itemData(index))]))
        for index in range(self.reason.count()):
            self.reason.setItemText(index, _(REASON_LABELS[AdjustmentReason(self.reason.itemData(index))]))
        self._fill_choices()
        # Translators: stock documents: the box a barcode scanner types into
        self.scan_label.setText(_("Scan"))
        # Translators: stock documents: placeholder of the scan box
        self.scan.setPlaceholderText(_("Scan a barcode or type a SKU, then Enter"))
        self.search.setPlaceholderText(_("Search a product by name"))
        self.table.setHorizontalHeaderLabels([_(h) for _k, h in LINE_COLUMNS])
        self.sheet.setHorizontalHeaderLabels([_(h) for _k, h in COUNT_COLUMNS])
        # Translators: stock documents: remove the selected line of the document
        self.remove_button.setText(_("Remove line"))
        # Translators: stock documents: empty the document being typed
        self.clear_button.setText(_("Clear"))
        self.record_button.setText(_("Record"))
        # Translators: stock documents: save the last deposit or return slip as a PDF
        self.save_slip_button.setText(_("Save the slip as PDF…"))
        # Translators: stock documents: print the last deposit or return slip on the receipt printer
        self.print_slip_button.setText(_("Print the slip"))
        # Translators: stock count: read the expected quantities again
        self.reload_button.setText(_("Reload the sheet"))
        tip = "" if self.can_record else _(NEEDS_STOCK_RIGHT)
        for button in (self.record_button, self.post_button, self.save_slip_button, self.print_slip_button):
            button.setToolTip(tip)
        self._show_lines()
        self._show_sheet()
        self._show_slip()

    def _fill_choices(self) -> None:
        """The sites and cooperatives in the combo boxes, named in the language now chosen."""
        for combo, items in ((self.site, [(s.code, _name(s.name_ar, s.name_fr)) for s in self._sites]),
                             (self.cooperative, [(c.code, _name(c.name_ar, c.name_fr))
                                                 for c in self._cooperatives if c.active])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if combo is self.cooperative:
                # Translators: stock count: count the products of every cooperative
                combo.addItem(_("All cooperatives"), "")
            for code, name in items:
                combo.addItem(f"{code} – {name}", code)
            index = combo.findData(chosen)
            if index < 0 and combo is self.cooperative and self.mode != COUNT and combo.count() > 1:
                index = 1  # a document is a cooperative's: the first one, not "all"
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    # -- what is chosen ---------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """"intake", "return", "adjustment" or "count"."""
        return str(self.kind.currentData() or StockKind.INTAKE.value)

    def kind_chosen(self) -> StockKind | None:
        return None if self.mode == COUNT else StockKind(self.mode)

    def site_code(self) -> str | None:
        code = self.site.currentData()
        return code if isinstance(code, str) and code else None

    def cooperative_code(self) -> str | None:
        """The cooperative chosen; None for "all" and for adjustments (any cooperative's goods)."""
        if self.mode == StockKind.ADJUSTMENT.value:
            return None
        code = self.cooperative.currentData()
        return code if isinstance(code, str) and code else None

    def choose(self, mode: str, *, site: str | None = None, cooperative: str | None = None,
               reason: str | None = None) -> None:
        """Choose the mode, the site, the cooperative ("" for all) and the reason (for tests)."""
        self.kind.setCurrentIndex(self.kind.findData(mode))
        if site is not None:
            self.site.setCurrentIndex(self.site.findData(site))
        if cooperative is not None:
            self.cooperative.setCurrentIndex(self.cooperative.findData(cooperative))
        if reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(reason))

    def _kind_changed(self) -> None:
        mode = self.mode
        adjustment = mode == StockKind.ADJUSTMENT.value
        self.reason_label.setVisible(adjustment)
        self.reason.setVisible(adjustment)
        self.cooperative_label.setVisible(not adjustment)
        self.cooperative.setVisible(not adjustment)
        if mode != COUNT and not self.cooperative.currentData() and self.cooperative.count() > 1:
            self.cooperative.blockSignals(True)
            self.cooperative.setCurrentIndex(1)
            self.cooperative.blockSignals(False)
        self.pages.setCurrentWidget(self.count_page if mode == COUNT else self.document_page)
        self.results.hide()
        self.message.clear_message()
        if mode == COUNT:
            self.refresh()
        else:
            self._show_lines()

    def _site_changed(self) -> None:
        self.refresh()

    def _cooperative_changed(self) -> None:
        if self.mode == COUNT:
            self.refresh()
        else:
            self._show_lines()
            self._search_changed(self.search.text())

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the sites, the cooperatives, what is on hand of the lines and, when counting, the
        count sheet again (off the GUI thread); :attr:`loaded` follows."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, site, cooperative = self.db, self.site_code(), self.cooperative_code()
        counting = self.mode == COUNT
        product_ids = [line.product.id for line in self.lines]

        def work() -> LoadedData:
            sites = maintenance.sites(db)
            where = site or (sites[0].code if sites else None)
            sheet = stock_admin.count_sheet(db, where, cooperative) if counting and where else None
            have = stock_admin.on_hand(db, where, product_ids) if where and product_ids else {}
            return LoadedData(sites, catalog.cooperatives(db), sheet, have)

        run_in_background(work, _weakly(self, lambda section, done: section._arrived(generation, done)))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        try:
            data = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        assert isinstance(data, LoadedData)
        self._sites, self._cooperatives = data.sites, data.cooperatives
        self._fill_choices()
        for line in self.lines:
            line.on_hand = data.on_hand.get(line.product.id, line.on_hand)
        if data.sheet is not None:
            typed = {e.line.sku: e.text for e in self.entries}
            self.entries = [CountEntry(line, typed.get(line.sku, "")) for line in data.sheet]
        self._show_lines()
        self._show_sheet()
        self.loaded.emit()

    # -- scanning and picking ---------------------------------------------------------------------

    def _scan_entered(self) -> None:
        code = self.scan.text()
        self.scan.clear()
        if code.strip():
            self.scanned(code)

    def scanned(self, code: str) -> bool:
        """A barcode scanned (or a sku typed): one more of it on the document, or on the count."""
        counting = self.mode == COUNT
        cooperative = self.cooperative_code()
        try:
            found = stock_admin.find_product(self.db, code, cooperative)
            if self.site_code() is None:
                raise UserError(N_("Choose a site first."))
        except UserError as refused:
            self.message.show_error(refused)
            return True
        self.message.clear_message()
        if counting:
            self._count_scanned(found.product, found.quantity)
        else:
            self.add_product(found.product, found.quantity)
        return True

    def add_product(self, product: Product, quantity: Milli | None = None) -> None:
        """Add ``product`` to the document (one more piece, a scale label's weight, or a line
        whose quantity is to type), or count it up when it is already there."""
        one = 1000 if product.unit.whole else None
        added = quantity if quantity is not None else one
        row = next((i for i, line in enumerate(self.lines) if line.product.id == product.id), None)
        if row is None:
            have = None
            site = self.site_code()
            if site is not None:
                try:
                    have = stock_admin.on_hand(self.db, site, [product.id]).get(product.id)
                except PossoukError as error:
                    self.message.show_error(error)
            self.lines.append(DocumentLine(product, _plain(added) if added else "", have))
            row = len(self.lines) - 1
        elif added:
            line = self.lines[row]
            try:
                before = stock_admin.parse_line_quantity(line.text, product.unit)
            except UserError:
                before = 0
            line.text = _plain(before + added)
        self._show_lines()
        select_row(self.table, row)
        if not added:  # weighed goods without a label: type the weight
            item = self.table.item(row, _column(LINE_COLUMNS, "quantity"))
            if item is not None:
                self.table.setCurrentItem(item)
                self.table.editItem(item)

    def _count_scanned(self, product: Product, quantity: Milli | None) -> None:
        row = next((i for i, e in enumerate(self.entries) if e.line.product_id == product.id), None)
        if row is None:
            site = self.site_code()
            assert site is not None
            try:
                line = stock_admin.count_line(self.db, site, product)
            except PossoukError as error:
                self.message.show_error(error)
                return
            self.entries.append(CountEntry(line))
            row = len(self.entries) - 1
        entry = self.entries[row]
        added = quantity if quantity is not None else (1000 if product.unit.whole else None)
        if added:
            try:
                before = stock_admin.parse_counted(entry.text, product.unit) or 0
            except UserError:
                before = 0
            entry.text = _plain(before + added)
        self._show_sheet()
        select_row(self.sheet, row)
        if not added:
            item = self.sheet.item(row, _column(COUNT_COLUMNS, "counted"))
            if item is not None:
                self.sheet.setCurrentItem(item)
                self.sheet.editItem(item)

    def _search_changed(self, text: str) -> None:
        if self.mode == COUNT:
            self._filter_sheet(text)
            return
        self.results.clear()
        if len(text.strip()) < 2:
            self.results.hide()
            return
        cooperative = self.cooperative_code()
        try:
            found = catalog.search(self.db, text, limit=30)
        except PossoukError as error:
            self.message.show_error(error)
            return
        for product in found:
            if cooperative and product.cooperative_code != cooperative:
                continue
            item = QListWidgetItem(f"{product.sku} — {_name(product.name_ar, product.name_fr)}"
                                   f"  ({product.cooperative_code})")
            item.setData(Qt.ItemDataRole.UserRole, product)
            self.results.addItem(item)
        shown = self.results.count()
        if shown:
            rows = min(shown, 4)
            self.results.setFixedHeight(rows * max(self.results.sizeHintForRow(0), 20)
                                        + 2 * self.results.frameWidth() + 4)
        self.results.setVisible(shown > 0)

    def _pick_first(self) -> None:
        if self.mode == COUNT:
            return
        item = self.results.item(0)
        if item is not None:
            self._picked(item)

    def _picked(self, item: QListWidgetItem) -> None:
        product = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(product, Product):
            self.message.clear_message()
            self.add_product(product)

    def search_results(self) -> list[str]:
        """The skus offered by the search (for tests)."""
        found = (self.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.results.count()))
        return [p.sku for p in found if isinstance(p, Product)]

    # -- the document's lines ---------------------------------------------------------------------

    def line_error(self, line: DocumentLine) -> UserError | None:
        """What is wrong with a line, or None."""
        product = line.product
        cooperative = self.cooperative_code()
        if cooperative and product.cooperative_code != cooperative:
            return UserError(N_("{sku} does not belong to the cooperative {code}."),
                             sku=product.sku, code=cooperative)
        try:
            quantity = stock_admin.parse_line_quantity(line.text, product.unit)
        except UserError as wrong:
            return _kept(wrong)
        taking = self.mode == StockKind.RETURN.value or self.mode == StockKind.ADJUSTMENT.value
        if taking and line.on_hand is not None and quantity > line.on_hand:
            if self.mode == StockKind.RETURN.value:
                return UserError(N_("Only {available} of this product are on hand to return."),
                                 available=format_quantity_plain(max(line.on_hand, 0)))
            return UserError(stock_admin.NOT_ON_HAND, available=format_quantity_plain(max(line.on_hand, 0)),
                             name=product.name_fr)
        return None

    def _show_lines(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.lines))
        total = 0
        bad = 0
        for r, line in enumerate(self.lines):
            product = line.product
            error = self.line_error(line)
            try:
                quantity = stock_admin.parse_line_quantity(line.text, product.unit)
                total += line_total(quantity, product.price)
            except UserError:
                quantity = 0
            values = {
                "sku": product.sku,
                "name": _name(product.name_ar, product.name_fr),
                "on_hand": "" if line.on_hand is None else quantity_text(line.on_hand, product.unit.value),
                "quantity": line.text,
                "unit": unit_label(product.unit.value),
                "value": money_text(line_total(quantity, product.price), currency=False) if quantity else "",
            }
            for c, (key, _heading) in enumerate(LINE_COLUMNS):
                item = QTableWidgetItem(values[key])
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if key == "quantity":
                    flags |= Qt.ItemFlag.ItemIsEditable
                    item.setBackground(QBrush(_EDITABLE_BACKGROUND))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                item.setFlags(flags)
                if key in ("on_hand", "quantity", "value"):
                    item.setTextAlignment(_NUMERIC)
                if error is not None and key in ("quantity", "sku"):
                    item.setForeground(QBrush(_RED))
                    item.setBackground(QBrush(_BAD_BACKGROUND))
                    item.setToolTip(render_error(error))
                self.table.setItem(r, c, item)
            bad += error is not None
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_column(LINE_COLUMNS, "name"), QHeaderView.ResizeMode.Stretch)
        self._filling = False
        count = len(self.lines)
        # Translators: stock documents: under the lines; {count} lines, {amount} their value at shelf prices
        self.total.setText(_plural(ngettext("{count} line · {amount}", "{count} lines · {amount}", count),
                                   count, amount=money_text(total)) if count else "")
        self.record_button.setEnabled(self.can_record and count > 0)
        self.remove_button.setEnabled(count > 0)
        self.clear_button.setEnabled(count > 0)

    def _line_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != _column(LINE_COLUMNS, "quantity"):
            return
        row = item.row()
        if not 0 <= row < len(self.lines):
            return
        self.lines[row].text = item.text().strip()
        error = self.line_error(self.lines[row])
        if error is not None:
            self.message.show_error(error)
        else:
            self.message.clear_message()
        self._show_lines()

    def set_quantity(self, row: int, text: str) -> None:
        """Type ``text`` as the quantity of line ``row`` (as if typed in its cell)."""
        item = self.table.item(row, _column(LINE_COLUMNS, "quantity"))
        assert item is not None
        item.setText(text)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.table.currentRow()
        if 0 <= row < len(self.lines):
            del self.lines[row]
            self._show_lines()

    def clear_lines(self) -> None:
        self.lines.clear()
        self._show_lines()

    def record(self) -> StockDocument | None:
        """Record the document typed: every line checked, nothing written on a refusal."""
        kind, site = self.kind_chosen(), self.site_code()
        if kind is None or not self.can_record:
            return None
        if not self.lines:
            self.message.show_error(UserError(EMPTY_DOCUMENT))
            return None
        if site is None:
            self.message.show_error(UserError(N_("Choose a site first.")))
            return None
        cooperative = self.cooperative_code()
        if kind is not StockKind.ADJUSTMENT and cooperative is None:
            self.message.show_error(UserError(N_("Say which cooperative the goods belong to.")))
            return None
        inputs = []
        for number, line in enumerate(self.lines, start=1):
            error = self.line_error(line)
            if error is not None:
                select_row(self.table, number - 1)
                self.message.show_error(error)
                return None
            inputs.append(StockInput(line.product.sku,
                                     stock_admin.parse_line_quantity(line.text, line.product.unit)))
        reason = str(self.reason.currentData()) if kind is StockKind.ADJUSTMENT else ""
        try:
            doc = stock_admin.record_document(self.db, self.user, kind, site, cooperative, inputs, reason)
        except PossoukError as error:
            self.message.show_error(error)
            return None
        self.last_document = doc if kind is not StockKind.ADJUSTMENT else None
        self.recorded = render_message(RECORDED[kind], {"reference": doc.reference})
        self.message.show_info(self.recorded, seconds=0)
        self.lines.clear()
        self._show_lines()
        self._show_slip()
        self.refresh()
        return doc

    # -- the slip ---------------------------------------------------------------------------------

    def _show_slip(self) -> None:
        doc = self.last_document
        on = doc is not None and self.can_record
        self.save_slip_button.setEnabled(on)
        self.print_slip_button.setEnabled(on)
        if doc is None:
            # Translators: stock documents: where the last slip is offered, before any was recorded
            self.slip_label.setText(_("The slip of a deposit or a return can be saved and printed once "
                                      "it is recorded."))
        else:
            # Translators: stock documents: the slip just recorded; {reference} is like MEK-D-00003
            self.slip_label.setText(render_message(N_("Slip {reference}:"), {"reference": doc.reference}))

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save the slip's PDF (a file dialog; tests replace it); None when cancelled."""
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the PDF"), str(suggested), "*.pdf")
        return Path(chosen) if chosen else None

    def save_slip(self) -> None:
        """Save the last slip recorded as an A4 PDF, where asked."""
        doc = self.last_document
        if doc is None or not self.can_record:
            return
        reference = doc.reference
        path = self.ask_path(Path.home() / f"{reference}.pdf")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        db = self.db

        def work() -> SlipResult:
            from possouk.services import documents  # reportlab loads on first use, off the GUI thread

            try:
                write_atomically(path, documents.deposit_slip_pdf(db, reference))
            except PossoukError as error:
                return SlipResult(reference, error=error)
            return SlipResult(reference, path=path)

        run_in_background(work, _weakly(self, lambda section, done: section._slip_handled(done)))

    def print_slip(self) -> None:
        """Print the last slip recorded on the receipt printer (through the print queue)."""
        doc = self.last_document
        if doc is None or not self.can_record:
            return
        reference, db = doc.reference, self.db

        def work() -> SlipResult:
            from possouk.services import printing

            try:
                return SlipResult(reference, outcome=printing.print_slip(db, reference))
            except PossoukError as error:
                return SlipResult(reference, error=error)

        run_in_background(work, _weakly(self, lambda section, done: section._slip_handled(done)))

    def _slip_handled(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        result = done.result()
        assert isinstance(result, SlipResult)
        lines = [self.recorded] if self.recorded else []
        if result.path is not None:
            lines.append(render_message(N_("Slip {reference} written to {path}."),
                                        {"reference": result.reference, "path": str(result.path)}))
        outcome = result.outcome
        problem: PossoukError | None = result.error
        if outcome is not None and outcome.printed:
            lines.append(render_message(N_("Slip {reference} printed."), {"reference": result.reference}))
        elif outcome is not None:
            reason = render_error(outcome.fault) if outcome.fault else ""
            problem = EnvironmentFault(N_("Slip {reference} kept in the print queue: {reason}"),
                                       reference=result.reference, reason=reason)
        self.message.show_info("\n".join(lines), seconds=0)
        if problem is not None:
            self.message.show_error(problem, below=True)
        self.slip_done.emit()

    # -- the count --------------------------------------------------------------------------------

    def counted(self) -> dict[str, Milli]:
        """The quantities counted so far (sku → thousandths); lines typed wrong are left out."""
        found: dict[str, Milli] = {}
        for entry in self.entries:
            try:
                quantity = stock_admin.parse_counted(entry.text, entry.line.unit)
            except UserError:
                continue
            if quantity is not None:
                found[entry.line.sku] = quantity
        return found

    def differences(self) -> dict[str, Milli]:
        """The differences of the products counted: counted minus expected, the non-zero ones."""
        expected = {e.line.sku: e.line.expected for e in self.entries}
        return {sku: q - expected[sku] for sku, q in self.counted().items() if q != expected[sku]}

    def count_errors(self) -> list[UserError]:
        errors = []
        for entry in self.entries:
            try:
                stock_admin.parse_counted(entry.text, entry.line.unit)
            except UserError as wrong:
                errors.append(_kept(wrong))
        return errors

    def _show_sheet(self) -> None:
        self._filling = True
        self.sheet.setRowCount(len(self.entries))
        for r, entry in enumerate(self.entries):
            line = entry.line
            unit = line.unit.value
            error: UserError | None = None
            try:
                counted = stock_admin.parse_counted(entry.text, line.unit)
            except UserError as wrong:
                counted, error = None, _kept(wrong)
            difference = None if counted is None else counted - line.expected
            values = {
                "sku": line.sku,
                "name": _name(line.name_ar, line.name_fr),
                "cooperative": line.cooperative_code,
                "expected": quantity_text(line.expected, unit),
                "counted": entry.text,
                "difference": ("?" if error is not None else "" if difference is None
                               else quantity_text(difference, unit, signed=True)),
            }
            for c, (key, _heading) in enumerate(COUNT_COLUMNS):
                item = QTableWidgetItem(values[key])
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if key == "counted":
                    flags |= Qt.ItemFlag.ItemIsEditable
                    item.setBackground(QBrush(_EDITABLE_BACKGROUND))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    if error is not None:
                        item.setForeground(QBrush(_RED))
                        item.setBackground(QBrush(_BAD_BACKGROUND))
                        item.setToolTip(render_error(error))
                item.setFlags(flags)
                if key in ("expected", "counted", "difference"):
                    item.setTextAlignment(_NUMERIC)
                if key == "difference" and difference:
                    item.setForeground(QBrush(_RED if difference < 0 else _GREEN))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.sheet.setItem(r, c, item)
        header = self.sheet.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_column(COUNT_COLUMNS, "name"), QHeaderView.ResizeMode.Stretch)
        self._filling = False
        self._filter_sheet(self.search.text() if self.mode == COUNT else "")
        self._show_count_summary()

    def _show_count_summary(self) -> None:
        differing = len(self.differences())
        counted = len(self.counted())
        errors = self.count_errors()
        # Translators: stock count: the button posting one adjustment of the differences
        self.post_button.setText(_plural(
            ngettext("Post {count} adjustment", "Post {count} adjustments", differing), differing))
        self.post_button.setEnabled(self.can_record and differing > 0 and not errors)
        total = len(self.entries)
        # Translators: stock count: under the sheet; {counted} of {count} products counted so far
        self.count_summary.setText(_plural(ngettext("{counted} of {count} product counted",
                                                    "{counted} of {count} products counted", total),
                                           total, counted=counted) if total else "")

    def _count_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != _column(COUNT_COLUMNS, "counted"):
            return
        row = item.row()
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        entry.text = item.text().strip()
        try:
            stock_admin.parse_counted(entry.text, entry.line.unit)
            self.message.clear_message()
        except UserError as wrong:
            self.message.show_error(wrong)
        self._show_sheet()

    def set_counted(self, sku: str, text: str) -> None:
        """Type ``text`` as the quantity counted of ``sku`` (as if typed in its cell)."""
        row = next(i for i, e in enumerate(self.entries) if e.line.sku == sku)
        item = self.sheet.item(row, _column(COUNT_COLUMNS, "counted"))
        assert item is not None
        item.setText(text)

    def sheet_cell(self, sku: str, key: str) -> str:
        """The text shown for ``sku`` in the count's column ``key`` (for tests)."""
        row = next(i for i, e in enumerate(self.entries) if e.line.sku == sku)
        item = self.sheet.item(row, _column(COUNT_COLUMNS, key))
        return item.text() if item is not None else ""

    def _filter_sheet(self, text: str) -> None:
        words = search_key(text).split()
        for r, entry in enumerate(self.entries):
            line = entry.line
            folded = search_key(" ".join((line.sku, line.barcode, line.name_ar, line.name_fr,
                                          line.cooperative_code)))
            self.sheet.setRowHidden(r, not all(word in folded for word in words))

    def post_count(self) -> StockDocument | None:
        """Post the differences counted as one adjustment (reason count), after one question."""
        site = self.site_code()
        if site is None or not self.can_record:
            return None
        errors = self.count_errors()
        if errors:
            self.message.show_error(errors[0])
            return None
        differing = self.differences()
        if not differing:
            # Translators: stock count: nothing typed differs from what was expected
            self.message.show_info(_("Every product counted matches the stock: there is nothing to post."))
            return None
        count = len(differing)
        # Translators: stock count: confirmation before posting the differences; {site} is its code
        question = _plural(ngettext(
            "Post {count} adjustment at site {site}? The stock of the product counted becomes what "
            "was found on the shelf.",
            "Post {count} adjustments at site {site}? The stock of the products counted becomes what "
            "was found on the shelf.", count), count, site=site)
        if not self.ask_confirm(question):
            return None
        counted = {sku: q for sku, q in self.counted().items() if sku in differing}
        try:
            doc = stock_admin.post_count(self.db, self.user, site, counted, self.cooperative_code())
        except PossoukError as error:
            self.message.show_error(error)
            return None
        if doc is None:
            self.message.show_info(_("Every product counted matches the stock: there is nothing to post."))
        else:
            # Translators: stock count: posted; {reference} is the adjustment's, like MEK-A-00002
            self.message.show_info(_plural(ngettext(
                "Adjustment {reference} posted: {count} difference.",
                "Adjustment {reference} posted: {count} differences.", len(doc.lines)),
                len(doc.lines), reference=doc.reference), seconds=0)
            for entry in self.entries:
                entry.text = ""
        self.refresh()
        return doc


def _kept(error: UserError) -> UserError:
    """A refusal to keep beyond its ``except``: without its traceback, whose frames hold the
    section (a cycle the garbage collector could break in a worker thread)."""
    return error.with_traceback(None)


def _column(columns: tuple[tuple[str, str], ...], key: str) -> int:
    return [k for k, _h in columns].index(key)


def _plural(template: str, count: int, **params: object) -> str:
    """A message of :func:`ngettext` filled in with ``count`` and ``params``, text isolated in
    Arabic (as :func:`possouk.i18n.render_message` does for the others)."""
    rtl = is_rtl()
    values = {key: isolate(value) if rtl and isinstance(value, str) else value
              for key, value in params.items()}
    try:
        return template.format(count=count, **values)
    except (KeyError, IndexError, ValueError):  # a broken translation: its words, unfilled
        return template


def _plain(quantity: Milli) -> str:
    """A quantity as it would be typed: ``3``, ``1.25``."""
    return format_quantity_plain(quantity)


def _weakly(section: StockDocumentsSection,
            deliver: Callable[[StockDocumentsSection, Done], None]) -> Callable[[Done], None]:
    """A job's callback that does not keep the section alive: the job is let go in the pool's
    thread, and the last reference to a widget must not go with it (a widget destroyed off
    the GUI thread crashes). A section gone meanwhile gets nothing."""
    ref = weakref.ref(section)

    def done(outcome: Done) -> None:
        target = ref()
        if target is not None and shiboken6.isValid(target):
            deliver(target, outcome)

    return done
