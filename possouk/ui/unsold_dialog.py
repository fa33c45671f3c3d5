"""The unsold stock at the end of an edition: what each cooperative left at a site, handed back.

A dialog of the organizers' settlements window. Pick a site and a period (everything up
to now, or two dates): the cooperatives whose goods moved at the site are listed with
the number of products they have to take back, the value of what remains at the catalog
price and the products sold beyond the recorded stock. Selecting one previews its
products (opening stock, deposited, sold, returned, adjusted, remaining, value). Its
statement is saved as a PDF (one, or every one in a folder: ``unsold-CODE.pdf``), and
its goods are handed back: :func:`possouk.services.unsold.hand_back` records the return
slip of what is on hand now, whose PDF is then saved and printed if asked.

Every figure comes from :mod:`possouk.services.unsold`, read off the GUI thread
(:func:`possouk.ui.workers.run_in_background`) with a generation counter, as in
:mod:`possouk.ui.settlement_window`; :attr:`UnsoldDialog.loaded` says when the list is
shown. Refusals are the services' sentences, shown in the message bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, EnvironmentFault, PossoukError, UserError
from possouk.domain.model import Cooperative, Site, User
from possouk.domain.permissions import Permission, allows
from possouk.domain.unsold import UnsoldProduct, UnsoldStock
from possouk.i18n import current_language, is_rtl, render_error, render_message
from possouk.i18n import gettext as _
from possouk.i18n.formatting import format_quantity
from possouk.services import catalog, maintenance, setup, unsold
from possouk.services.files import write_atomically, write_fault
from possouk.storage.uow import Database
from possouk.ui.period import PeriodPicker
from possouk.ui.widgets import MessageBar, money_text, select_row
from possouk.ui.workers import Done, run_in_background

if TYPE_CHECKING:
    from possouk.services.printing import PrintOutcome

__all__ = [
    "LIST_COLUMNS", "PRODUCT_COLUMNS", "SlipResult", "UnsoldData", "UnsoldDialog", "UnsoldRow",
    "load_unsold", "quantity_text",
]

# (key, heading) of the list of cooperatives
LIST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", N_("Code")),
    ("name", N_("Cooperative")),
    # Translators: unsold stock: column of the number of products of the cooperative that moved at the site
    ("products", N_("Products")),
    # Translators: unsold stock: column of the number of products with something left to give back
    ("to_return", N_("To hand back")),
    ("value", N_("Value")),
    # Translators: unsold stock: column of the number of products sold beyond the recorded stock
    ("oversold", N_("Oversold")),
)

# (key, heading) of the preview's products (the same words as the statement's PDF)
PRODUCT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", N_("SKU")),
    ("name", N_("Product")),
    ("opening", N_("Opening stock")),
    ("deposited", N_("Deposited")),
    ("sold", N_("Sold")),
    ("returned", N_("Returned")),
    ("adjusted", N_("Adjusted")),
    ("remaining", N_("Remaining")),
    ("value", N_("Value")),
)

# the statement's words (possouk.reports.unsold_stock)
TITLE = N_("Unsold stock at the end of the edition")
EVERYTHING_UP_TO_NOW = N_("Everything up to now")
TOTAL = N_("Value of the goods to hand back")
OVERSOLD_NOTE = N_("Sold beyond the recorded stock: nothing can be handed back for these "
                   "products, and their remaining value counts as zero.")
# the service's sentence (possouk.services.unsold.hand_back), said before asking anything
NOTHING_TO_HAND_BACK = N_("Nothing of {code} remains at site {site}: there is nothing to "
                          "hand back.")

_STYLE = """
QDialog { background: #f6f3ec; }
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#title { font-size: 16pt; font-weight: bold; }
QLabel#heading { font-size: 14pt; font-weight: 600; }
QLabel#empty { font-size: 14pt; color: #5b5f63; }
QLabel#oversold_note { color: #b00020; }
QTableWidget { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QDateEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3;
    border-radius: 6px; padding: 4px 8px; min-height: 36px; }
QPushButton { min-height: 40px; padding: 0 14px; }
"""

_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_RED = QColor("#b00020")
_OVERSOLD_BACKGROUND = QColor("#fde7e9")
_LRI, _PDI = "\u2066", "\u2069"


@dataclass(frozen=True)
class UnsoldRow:
    """One cooperative of the list: its unsold stock statement for the period."""

    cooperative: Cooperative
    stock: UnsoldStock


@dataclass(frozen=True)
class UnsoldData:
    site_code: str | None
    start: date | None
    end: date | None
    today: date
    rows: list[UnsoldRow]

    def row(self, code: str) -> UnsoldRow | None:
        return next((r for r in self.rows if r.cooperative.code == code), None)


def load_unsold(db: Database, site_code: str | None, start: date | None,
                end: date | None) -> UnsoldData:
    """Every cooperative's unsold stock at the site for the period (runs off the GUI thread)."""
    today = business_day(utc_now(), setup.get_store(db).day_cutoff_minutes)
    if not site_code:
        return UnsoldData(site_code, start, end, today, [])
    stocks = unsold.unsold_stocks(db, site_code, start, end)
    cooperatives = {c.code: c for c in catalog.cooperatives(db)}
    rows = [UnsoldRow(cooperatives[s.cooperative_code], s) for s in stocks
            if s.cooperative_code in cooperatives]
    return UnsoldData(site_code, start, end, today, rows)


@dataclass(frozen=True)
class SlipResult:
    """What became of a return slip's PDF and print, asked once the slip was recorded."""

    reference: str
    path: Path | None = None  # the PDF written
    pdf_error: PossoukError | None = None
    outcome: PrintOutcome | None = None
    print_error: PossoukError | None = None


def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


def quantity_text(milli: int, unit: str, *, signed: bool = False) -> str:
    """A quantity for a table cell; in Arabic its number (and sign) is kept left to right, its
    unit after it, read from the right."""
    text = format_quantity(milli, unit, current_language())
    number, space, label = text.rpartition("\u00a0") if "\u00a0" in text else (text, "", "")
    if signed and milli > 0:
        number = f"+{number}"
    if is_rtl():
        number = f"{_LRI}{number}{_PDI}"
    return f"{number}{space}{label}"


class UnsoldDialog(QDialog):
    """The end of an edition: each cooperative's unsold stock at a site, its PDF, its hand-back."""

    loaded = Signal()  # the list of the last site and period asked is shown (tests wait for it)
    saved = Signal()  # a statement's PDF or the folder was written, or could not be
    slip_done = Signal()  # the return slip's PDF and print, when asked, are done

    def __init__(self, db: Database, parent: QWidget | None = None, *, user: User | None = None,
                 start: date | None = None, end: date | None = None) -> None:
        """``user``: who hands the goods back (needs :attr:`Permission.MANAGE_STOCK`);
        ``start``–``end``: the period first shown (both None: everything up to now)."""
        super().__init__(parent)
        self.setObjectName("unsold_dialog")
        self.setStyleSheet(_STYLE)
        self.db = db
        self.user = user
        self.data: UnsoldData | None = None
        self.start: date | None = start if start is not None and end is not None else None
        self.end: date | None = end if start is not None and end is not None else None
        self.selected: str | None = None
        self.recorded = ""  # the sentence saying which return slip was recorded last
        self._generation = 0
        self.loading = False
        self._sites: dict[str, Site] = {s.code: s for s in maintenance.sites(db)}

        # -- the site and the period -----------------------------------------------------------
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.message = MessageBar(self)
        self.save_all_button = QPushButton(self)
        self.save_all_button.setObjectName("save_all")
        self.save_all_button.clicked.connect(self.ask_save_all)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.save_all_button)

        self.site_label = QLabel(self)
        self.site = QComboBox(self)
        self.site.setObjectName("site")
        for code in self._sites:
            self.site.addItem("", code)
        self.site.currentIndexChanged.connect(lambda _index: self.refresh())
        self.period = PeriodPicker(self, EVERYTHING_UP_TO_NOW, start=self.start, end=self.end)
        self.period.chosen.connect(self.set_period)
        self.everything, self.dates = self.period.everything, self.period.dates
        self.from_date, self.to_date = self.period.from_date, self.period.to_date
        self.show_button = self.period.show_button
        period = QHBoxLayout()
        period.addWidget(self.site_label)
        period.addWidget(self.site)
        period.addSpacing(24)
        period.addWidget(self.period)
        period.addStretch(1)

        # -- the list of cooperatives ----------------------------------------------------------
        self.table = QTableWidget(self)
        self.table.setObjectName("cooperatives")
        self.table.setColumnCount(len(LIST_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        # -- the selected cooperative's products -----------------------------------------------
        self.preview = QFrame(self)
        self.preview.setObjectName("card")
        self.heading = QLabel(self.preview)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.save_button = QPushButton(self.preview)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.ask_save_pdf)
        self.hand_back_button = QPushButton(self.preview)
        self.hand_back_button.setObjectName("hand_back")
        self.hand_back_button.clicked.connect(self.hand_back_selected)
        self.products = QTableWidget(self.preview)
        self.products.setObjectName("products")
        self.products.setColumnCount(len(PRODUCT_COLUMNS))
        self.products.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.products.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.products.verticalHeader().setVisible(False)
        self.products.setWordWrap(False)
        self.products.setMinimumHeight(110)
        self.total_caption = QLabel(self.preview)
        self.total_value = QLabel(self.preview)
        self.total_value.setObjectName("total_value")
        bold = QFont(self.font())
        bold.setPointSize(12)
        bold.setBold(True)
        self.total_caption.setFont(bold)
        self.total_value.setFont(bold)
        self.oversold_note = QLabel(self.preview)
        self.oversold_note.setObjectName("oversold_note")
        self.oversold_note.setWordWrap(True)
        self.oversold_note.hide()
        heading = QHBoxLayout()
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.save_button)
        heading.addWidget(self.hand_back_button)
        total = QHBoxLayout()
        total.addWidget(self.total_caption)
        total.addSpacing(12)
        total.addWidget(self.total_value)
        total.addStretch(1)
        preview = QVBoxLayout(self.preview)
        preview.setContentsMargins(12, 8, 12, 8)
        preview.addLayout(heading)
        preview.addWidget(self.products, 1)
        preview.addLayout(total)
        preview.addWidget(self.oversold_note)

        self.may_hand_back = user is not None and allows(user, Permission.MANAGE_STOCK)
        self.hand_back_button.setEnabled(self.may_hand_back)

        listing = QWidget(self)
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addWidget(self.empty, 1)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.setObjectName("split")
        body.setChildrenCollapsible(False)
        body.addWidget(listing)
        body.addWidget(self.preview)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 2)
        body.setSizes([200, 420])

        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(period)
        layout.addWidget(self.message)  # across the dialog: a slip's outcome takes a few lines
        layout.addWidget(body, 1)
        layout.addLayout(bottom)

        self.resize(1200, 720)
        self.retranslate()
        self.refresh()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the current language, the layout mirrored in Arabic, the figures redrawn."""
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.period.retranslate()
        self.setWindowTitle(_(TITLE))
        self.title.setText(_(TITLE))
        # Translators: unsold stock button: save the statement of every cooperative listed in a folder
        self.save_all_button.setText(_("Save all PDFs"))
        self.site_label.setText(_("Site"))
        for index in range(self.site.count()):
            site = self._sites[str(self.site.itemData(index))]
            self.site.setItemText(index, f"{site.code} – {_name(site.name_ar, site.name_fr)}")
        self.save_button.setText(_("Save PDF"))
        # Translators: unsold stock button: record the return slip of the selected cooperative's
        # goods still on hand (a question follows)
        self.hand_back_button.setText(_("Hand back the goods…"))
        self.hand_back_button.setToolTip(
            "" if self.may_hand_back
            # Translators: unsold stock: why the hand-back button is greyed out
            else _("Handing the goods back needs a supervisor or an organizer."))
        self.close_button.setText(_("Close"))
        self.table.setHorizontalHeaderLabels([_(heading) for _key, heading in LIST_COLUMNS])
        self.products.setHorizontalHeaderLabels([_(heading) for _key, heading in PRODUCT_COLUMNS])
        self.total_caption.setText(_(TOTAL))
        self.oversold_note.setText(_(OVERSOLD_NOTE))
        # Translators: unsold stock: shown instead of the list when no goods moved at the site
        self.empty.setText(_("No goods of any cooperative moved at this site in this period."))
        if self.data is not None:
            self._show(self.data)
        else:
            self._show_selected()

    # -- the site and the period ----------------------------------------------------------------

    def site_code(self) -> str | None:
        """The site chosen (None when the store has no site)."""
        code = self.site.currentData()
        return code if isinstance(code, str) else None

    def set_period(self, start: date | None, end: date | None) -> None:
        """Show the stock moved from ``start`` to ``end`` (business days), or everything (None)."""
        self.period.show_period(start, end)
        self.start, self.end = self.period.start, self.period.end
        self.refresh()

    def refresh(self) -> None:
        """Read the list again (after a hand-back, another site or period)."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, site, start, end = self.db, self.site_code(), self.start, self.end
        run_in_background(lambda: load_unsold(db, site, start, end),
                          lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the dialog closed, or a newer question was asked meanwhile
        self.loading = False
        try:
            data = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.loaded.emit()
            return
        assert isinstance(data, UnsoldData)
        self.data = data
        self._show(data)
        self.loaded.emit()

    # -- showing --------------------------------------------------------------------------------

    def _show(self, data: UnsoldData) -> None:
        if data.start is None:
            self.period.offer_dates_from(data.today)
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            stock = row.stock
            oversold = len(stock.oversold)
            values = {
                "code": row.cooperative.code,
                "name": _name(row.cooperative.name_ar, row.cooperative.name_fr),
                "products": str(len(stock.products)),
                "to_return": str(len(stock.to_return)),
                "value": money_text(stock.value, currency=False),
                "oversold": str(oversold),
            }
            for c, (key, _heading) in enumerate(LIST_COLUMNS):
                item = QTableWidgetItem(values[key])
                if key not in ("code", "name"):
                    item.setTextAlignment(_NUMERIC)
                if key == "oversold" and oversold:
                    item.setForeground(QBrush(_RED))
                    item.setBackground(QBrush(_OVERSOLD_BACKGROUND))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setData(Qt.ItemDataRole.UserRole, row.cooperative.code)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        codes = [row.cooperative.code for row in data.rows]
        if self.selected not in codes:
            self.selected = codes[0] if codes else None
        if self.selected is not None:
            self._select_row(codes.index(self.selected))
        self.table.blockSignals(False)
        self.table.setVisible(bool(data.rows))
        self.empty.setVisible(not data.rows)
        self.save_all_button.setEnabled(bool(data.rows))
        self._show_selected()

    def codes(self) -> list[str]:
        """The codes of the cooperatives listed, in order (for tests)."""
        return [] if self.data is None else [row.cooperative.code for row in self.data.rows]

    def cell(self, code: str, key: str) -> str:
        """The text shown for cooperative ``code`` in the column ``key`` (for tests)."""
        row = self.codes().index(code)
        column = [k for k, _h in LIST_COLUMNS].index(key)
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def product_cell(self, sku: str, key: str) -> str:
        """The text shown in the preview for product ``sku`` in the column ``key`` (for tests)."""
        column = [k for k, _h in PRODUCT_COLUMNS].index(key)
        for row in range(self.products.rowCount()):
            item = self.products.item(row, 0)
            if item is not None and item.text() == sku:
                found = self.products.item(row, column)
                return found.text() if found is not None else ""
        raise KeyError(sku)

    def select(self, code: str) -> None:
        """Select the cooperative ``code`` of the list (its products show)."""
        self._select_row(self.codes().index(code))

    def _select_row(self, row: int) -> None:
        select_row(self.table, row)  # not QTableView.selectRow: see select_row

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(code, str):
                self.selected = code
        self._show_selected()

    def selected_row(self) -> UnsoldRow | None:
        if self.data is None or self.selected is None:
            return None
        return self.data.row(self.selected)

    def _show_selected(self) -> None:
        row = self.selected_row()
        self.preview.setEnabled(row is not None)
        if row is None:
            self.heading.setText(_("Choose a cooperative of the list."))
            self.products.setRowCount(0)
            self.total_value.setText("")
            self.oversold_note.hide()
            return
        name = _name(row.cooperative.name_ar, row.cooperative.name_fr)
        # Translators: unsold stock: heading of the preview; {code} and {name} are the cooperative's
        self.heading.setText(render_message(N_("Unsold stock of {code} – {name}"),
                                            {"code": row.cooperative.code, "name": name}))
        products = row.stock.products
        self.products.setRowCount(len(products))
        for r, product in enumerate(products):
            self._product_row(r, product)
        header = self.products.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.total_value.setText(money_text(row.stock.value))
        self.oversold_note.setVisible(bool(row.stock.oversold))

    def _product_row(self, r: int, product: UnsoldProduct) -> None:
        unit = product.unit.value
        values = {
            "sku": product.sku,
            "name": _name(product.name_ar, product.name_fr),
            "opening": quantity_text(product.opening, unit),
            "deposited": quantity_text(product.deposited, unit),
            "sold": quantity_text(product.sold, unit),
            "returned": quantity_text(product.returned, unit),
            "adjusted": quantity_text(product.adjusted, unit, signed=True),
            "remaining": quantity_text(product.remaining, unit),
            "value": money_text(product.value, currency=False),
        }
        for c, (key, _heading) in enumerate(PRODUCT_COLUMNS):
            item = QTableWidgetItem(values[key])
            if key not in ("sku", "name"):
                item.setTextAlignment(_NUMERIC)
            if key == "remaining":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                if product.remaining < 0:
                    item.setForeground(QBrush(_RED))
            self.products.setItem(r, c, item)

    # -- asking (tests replace these) -------------------------------------------------------------

    def ask_confirm(self, question: str) -> bool:
        """Ask yes or no (a dialog; tests replace it)."""
        answer = QMessageBox.question(self, _(TITLE), question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save a PDF (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where an unsold stock statement or a return slip is saved
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the PDF"), str(suggested), "*.pdf")
        return Path(chosen) if chosen else None

    def ask_folder(self, suggested: Path) -> Path | None:
        """The folder for every statement (a folder dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where the folder of every unsold stock statement is chosen
        chosen = QFileDialog.getExistingDirectory(
            self, _("Save the unsold stock statements in a folder"), str(suggested))
        return Path(chosen) if chosen else None

    # -- saving the statements --------------------------------------------------------------------

    def ask_save_pdf(self) -> None:
        """Save the selected cooperative's unsold stock statement as a PDF."""
        row = self.selected_row()
        if row is None:
            return
        path = self.ask_path(Path.home() / f"unsold-{row.cooperative.code}.pdf")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        db, stock = self.db, row.stock

        def work() -> Path:
            write_atomically(path, unsold.unsold_pdf(db, stock))
            return path

        run_in_background(work, self._written)

    def ask_save_all(self) -> None:
        """Save every listed cooperative's statement in a folder: ``unsold-CODE.pdf`` each."""
        if self.data is None or not self.data.rows:
            return
        folder = self.ask_folder(Path.home())
        if folder is None:
            return
        db, stocks = self.db, [row.stock for row in self.data.rows]

        def work() -> Path:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_fault(folder, exc) from exc
            for stock in stocks:
                write_atomically(folder / f"unsold-{stock.cooperative_code}.pdf",
                                 unsold.unsold_pdf(db, stock))
            return folder

        run_in_background(work, self._written)

    def _written(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        try:
            path = done.result()
        except PossoukError as error:
            self.message.show_error(error)
        else:
            self.message.show_info(render_message(N_("Saved to {path}."), {"path": str(path)}))
        self.saved.emit()

    # -- handing the goods back -------------------------------------------------------------------

    def hand_back_selected(self) -> None:
        """Record the return slip of the selected cooperative's goods on hand at the site, after a
        confirmation; then save its PDF and print it, if asked."""
        row, site = self.selected_row(), self.data.site_code if self.data is not None else None
        if row is None or site is None or self.user is None or not self.may_hand_back:
            return
        code = row.cooperative.code
        assert self.data is not None
        if not row.stock.to_return and (self.data.end is None or self.data.end >= self.data.today):
            # the list shows what is on hand now, and nothing to hand back: say so without asking
            self.message.show_error(UserError(NOTHING_TO_HAND_BACK, code=code, site=site))
            return
        name = _name(row.cooperative.name_ar, row.cooperative.name_fr)
        # Translators: unsold stock: confirmation before recording a return slip; {amount} is the
        # value at the catalog price of what remains
        question = render_message(
            N_("Hand back the goods of {code} – {name}, worth {amount}? A return slip is recorded "
               "for everything of theirs still on hand at site {site}."),
            {"code": code, "name": name, "amount": money_text(row.stock.value), "site": site})
        if not self.ask_confirm(question):
            return
        try:
            slip = unsold.hand_back(self.db, self.user, code, site)
        except PossoukError as error:
            self.message.show_error(error)
            return
        reference = slip.reference
        # Translators: unsold stock: the goods were handed back; {reference} is like MEK-R-00003
        self.recorded = render_message(N_("Return slip {reference} recorded."), {"reference": reference})
        self.message.show_info(self.recorded, seconds=0)
        self.refresh()
        path = self.ask_path(Path.home() / f"{reference}.pdf")
        if path is not None and not path.suffix:
            path = path.with_suffix(".pdf")
        # Translators: unsold stock: question once a return slip is recorded
        to_print = self.ask_confirm(render_message(
            N_("Print the return slip {reference} on the receipt printer?"), {"reference": reference}))
        if path is None and not to_print:
            self.slip_done.emit()
            return
        db = self.db

        def work() -> SlipResult:
            # the slip's PDF and the printer stack load on first use, off the GUI thread
            from possouk.services import documents, printing

            written, pdf_error, outcome, print_error = None, None, None, None
            if path is not None:
                try:
                    write_atomically(path, documents.deposit_slip_pdf(db, reference))
                    written = path
                except PossoukError as error:
                    pdf_error = error
            if to_print:
                try:
                    outcome = printing.print_slip(db, reference)
                except PossoukError as error:
                    print_error = error
            return SlipResult(reference, written, pdf_error, outcome, print_error)

        run_in_background(work, self._slip_handled)

    def _slip_handled(self, done: Done) -> None:
        if not shiboken6.isValid(self):
            return
        result = done.result()  # the job catches what it expects: anything else is a bug
        assert isinstance(result, SlipResult)
        lines = [self.recorded]
        problems: list[PossoukError] = []
        if result.path is not None:
            lines.append(render_message(N_("Slip {reference} written to {path}."),
                                        {"reference": result.reference, "path": str(result.path)}))
        if result.pdf_error is not None:
            problems.append(result.pdf_error)
        outcome = result.outcome
        if outcome is not None and outcome.printed:
            lines.append(render_message(N_("Slip {reference} printed."), {"reference": result.reference}))
        elif outcome is not None:
            reason = render_error(outcome.fault) if outcome.fault else ""
            # Translators: unsold stock: the return slip could not be printed now; {reason} says why
            problems.append(EnvironmentFault(N_("Slip {reference} kept in the print queue: {reason}"),
                                             reference=result.reference, reason=reason))
        if result.print_error is not None:
            problems.append(result.print_error)
        self.message.show_info("\n".join(lines), seconds=0)
        for problem in problems:
            self.message.show_error(problem, below=True)
        self.slip_done.emit()
