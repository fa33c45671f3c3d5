"""The back office's stock: what is on hand per site, cooperative and product, and its value.

One row per product at a site (those whose goods ever moved there): deposited, sold,
returned to the cooperative, on hand (adjustments included) and its value at the catalog price
(:func:`possouk.services.stock_admin.overview`). Filter by site and cooperative (read
again), search by sku, barcode or name, show only the low stock; a product is low when
what is on hand is at most the threshold (2 units unless changed) and is drawn in red.
The totals under the table are those of the rows shown.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.errors import N_, PossoukError
from possouk.domain.model import Cooperative, Site, User
from possouk.domain.money import QTY_ONE, Milli
from possouk.domain.permissions import Permission
from possouk.domain.text import search_key
from possouk.i18n import current_language, is_rtl, isolate, ngettext
from possouk.i18n import gettext as _
from possouk.services import catalog, maintenance, stock_admin
from possouk.services.stock_admin import StockRow
from possouk.storage.uow import Database
from possouk.ui.backoffice.records import Column, RecordFilter, RecordsModel
from possouk.ui.backoffice.section import Section
from possouk.ui.unsold_dialog import quantity_text
from possouk.ui.widgets import MessageBar, money_text
from possouk.ui.workers import Done, run_in_background

__all__ = ["DEFAULT_THRESHOLD", "StockOverviewSection", "columns", "search_text"]

DEFAULT_THRESHOLD = 2  # units (pieces, kilograms or litres): at most this much on hand is low

_STYLE = """
QLabel#heading { font-size: 14pt; font-weight: 700; }
QLineEdit, QComboBox, QSpinBox { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px;
    padding: 4px 8px; min-height: 32px; }
QTableView { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QLabel#totals { font-size: 12pt; font-weight: 600; }
QPushButton { min-height: 40px; padding: 0 14px; }
"""


def _name(name_ar: str, name_fr: str) -> str:
    return name_ar if current_language() == "ar" and name_ar else name_fr or name_ar


def columns(low: Callable[[StockRow], bool]) -> tuple[Column[StockRow], ...]:
    """The table's columns; ``low(row)`` draws the quantity on hand in red."""
    def qty(value: Callable[[StockRow], Milli]) -> Callable[[StockRow], str]:
        return lambda r: quantity_text(value(r), r.unit.value) if value(r) else "–"

    return (
        Column("site", N_("Site"), lambda r: r.site_code),
        Column("cooperative", N_("Cooperative"), lambda r: r.cooperative_code),
        Column("sku", N_("SKU"), lambda r: r.sku),
        Column("name", N_("Product"), lambda r: _name(r.name_ar, r.name_fr)),
        Column("deposited", N_("Deposited"), qty(lambda r: r.deposited), sort=lambda r: r.deposited,
               numeric=True),
        Column("sold", N_("Sold"), qty(lambda r: r.sold), sort=lambda r: r.sold, numeric=True),
        Column("returned", N_("Returned"), qty(lambda r: r.returned), sort=lambda r: r.returned,
               numeric=True),
        Column("on_hand", N_("On hand"), lambda r: quantity_text(r.on_hand, r.unit.value),
               sort=lambda r: r.on_hand,
               numeric=True, alert=low),
        Column("price", N_("Price"), lambda r: money_text(r.price, currency=False), sort=lambda r: r.price,
               numeric=True),
        Column("value", N_("Value"), lambda r: money_text(r.value, currency=False), sort=lambda r: r.value,
               numeric=True),
    )


def search_text(row: StockRow) -> str:
    """What the search box finds a row by: sku, barcode, names, cooperative, site."""
    return " ".join((row.sku, row.barcode, row.name_ar, row.name_fr, row.cooperative_code,
                     row.cooperative_name_ar, row.cooperative_name_fr, row.site_code))


@dataclass(frozen=True)
class OverviewData:
    sites: list[Site]
    cooperatives: list[Cooperative]
    rows: tuple[list[StockRow], list[str]]  # prepared by the model, in the worker


class StockOverviewSection(Section):
    """Stock on hand per site, cooperative and product, with its value and the low stock."""

    TITLE = N_("Stock")
    PERMISSION = Permission.MANAGE_STOCK

    def __init__(self, db: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(db, user, parent)
        self.setStyleSheet(_STYLE)
        self._generation = 0
        self._sites: list[Site] = []
        self._cooperatives: list[Cooperative] = []

        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.site_label, self.cooperative_label = QLabel(self), QLabel(self)
        self.site = QComboBox(self)
        self.site.setObjectName("site")
        self.site.setMinimumWidth(160)
        self.cooperative = QComboBox(self)
        self.cooperative.setObjectName("cooperative")
        self.cooperative.setMinimumWidth(240)
        for combo, letters in ((self.site, 10), (self.cooperative, 18)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
        self.site.currentIndexChanged.connect(self._choice_changed)
        self.cooperative.currentIndexChanged.connect(self._choice_changed)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._query_changed)
        self.threshold_label = QLabel(self)
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("threshold")
        self.threshold.setRange(0, 100_000)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.valueChanged.connect(self._threshold_changed)
        self.low_only = QCheckBox(self)
        self.low_only.setObjectName("low_only")
        self.low_only.toggled.connect(self._low_only_toggled)
        filters = QHBoxLayout()
        filters.addWidget(self.site_label)
        filters.addWidget(self.site)
        filters.addSpacing(12)
        filters.addWidget(self.cooperative_label)
        filters.addWidget(self.cooperative)
        filters.addSpacing(12)
        filters.addWidget(self.search, 1)
        filters2 = QHBoxLayout()
        filters2.addWidget(self.threshold_label)
        filters2.addWidget(self.threshold)
        filters2.addSpacing(12)
        filters2.addWidget(self.low_only)
        filters2.addStretch(1)

        self.message = MessageBar(self)
        # the model must not hold the section (a cycle the garbage collector may break in a
        # worker thread, destroying the widget there): the low-stock test goes through a weak one
        ref = weakref.ref(self)

        def low(row: StockRow) -> bool:
            section = ref()
            return section is not None and section.is_low(row)

        self._low = low
        self.model: RecordsModel[StockRow] = RecordsModel(
            columns(low), muted=lambda r: not r.active, search_text=search_text)
        self.proxy = RecordFilter(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("stock")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # the indicator's room is added to every column's width: sorting by a click on a heading
        # still works without it, and the product's name keeps its room
        header.setSortIndicatorShown(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column_index("name"), QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.totals = QLabel(self)
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addLayout(filters2)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.totals)
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        direction = Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        self.heading.setText(_(self.TITLE))
        self.site_label.setText(_("Site"))
        self.cooperative_label.setText(_("Cooperative"))
        # Translators: stock overview: placeholder of the search box
        self.search.setPlaceholderText(_("Search by SKU, barcode or name"))
        # Translators: stock overview: products with at most this quantity on hand are shown in red
        self.threshold_label.setText(_("Low stock at or below"))
        # Translators: stock overview: show only the products whose stock is low
        self.low_only.setText(_("Low stock only"))
        # Translators: stock overview: shown instead of the table when no product matches
        self.empty.setText(_("No goods have moved here yet."))
        self._fill_choices()
        self.model.retranslate()
        self._show_totals()

    def _fill_choices(self) -> None:
        for combo, items, everything in (
            (self.site, [(s.code, _name(s.name_ar, s.name_fr)) for s in self._sites],
             # Translators: stock overview: every site
             _("All sites")),
            (self.cooperative, [(c.code, _name(c.name_ar, c.name_fr)) for c in self._cooperatives],
             _("All cooperatives")),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for code, name in items:
                combo.addItem(f"{code} – {name}", code)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    # -- filters ----------------------------------------------------------------------------------

    @property
    def threshold_milli(self) -> Milli:
        return self.threshold.value() * QTY_ONE

    def is_low(self, row: StockRow) -> bool:
        """At most the threshold on hand, for a product still sold (one no longer sold is not
        restocked: it is greyed, not flagged)."""
        return row.active and row.on_hand <= self.threshold_milli

    def site_code(self) -> str | None:
        code = self.site.currentData()
        return code if isinstance(code, str) and code else None

    def cooperative_code(self) -> str | None:
        code = self.cooperative.currentData()
        return code if isinstance(code, str) and code else None

    def choose(self, *, site: str | None = None, cooperative: str | None = None) -> None:
        """Choose the site and the cooperative ("" for all; for tests)."""
        if site is not None:
            self.site.setCurrentIndex(self.site.findData(site))
        if cooperative is not None:
            self.cooperative.setCurrentIndex(self.cooperative.findData(cooperative))

    def _choice_changed(self, _index: int) -> None:
        self.refresh()

    def _low_only_toggled(self, _on: bool) -> None:
        self._accept_changed()

    def _query_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._show_totals()

    def _threshold_changed(self, _value: int) -> None:
        self.model.retranslate()  # the red cells again
        self._accept_changed()

    def _accept_changed(self) -> None:
        self.proxy.set_accept(self._low if self.low_only.isChecked() else None)
        self._show_totals()

    # -- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, site, cooperative = self.db, self.site_code(), self.cooperative_code()

        def work() -> OverviewData:
            # what RecordsModel.prepare does, without holding the model: the job is let go in the
            # pool's thread, and a Qt object must not be destroyed there
            rows = stock_admin.overview(db, site, cooperative)
            return OverviewData(maintenance.sites(db), catalog.cooperatives(db),
                                (rows, [search_key(search_text(r)) for r in rows]))

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
        assert isinstance(data, OverviewData)
        self._sites, self._cooperatives = data.sites, data.cooperatives
        self._fill_choices()
        # one site, or one chosen: its column says nothing
        self.table.setColumnHidden(self.model.column_index("site"),
                                   len(self._sites) <= 1 or self.site_code() is not None)
        self.model.set_records(data.rows)
        self._show_totals()
        self.loaded.emit()

    # -- what is shown ----------------------------------------------------------------------------

    def shown(self) -> list[StockRow]:
        """The rows shown, in the order shown."""
        return [self.proxy.record_at(r) for r in range(self.proxy.rowCount())]

    def cell(self, sku: str, key: str, site: str | None = None) -> str:
        """The text shown for ``sku`` (at ``site``) in the column ``key`` (for tests)."""
        column = self.model.column_index(key)
        for r in range(self.proxy.rowCount()):
            row = self.proxy.record_at(r)
            if row.sku == sku and (site is None or row.site_code == site):
                return str(self.proxy.index(r, column).data())
        raise KeyError(sku)

    def cell_is_alert(self, sku: str, key: str) -> bool:
        column = self.model.column_index(key)
        for r in range(self.proxy.rowCount()):
            if self.proxy.record_at(r).sku == sku:
                return self.proxy.index(r, column).data(Qt.ItemDataRole.ForegroundRole) is not None
        raise KeyError(sku)

    def _show_totals(self) -> None:
        rows = self.shown()
        self.table.setVisible(bool(self.model.records))
        self.empty.setVisible(not self.model.records and not self.loading)
        value = sum(r.value for r in rows)
        low = sum(1 for r in rows if self.is_low(r))
        rtl = is_rtl()
        amount = money_text(value)
        # Translators: stock overview: the totals under the table; {count} products shown, {amount}
        # the value of what they have on hand, {low} how many are low
        template = ngettext("{count} product · value on hand {amount} · low stock: {low}",
                            "{count} products · value on hand {amount} · low stock: {low}", len(rows))
        try:
            text = template.format(count=len(rows), amount=isolate(amount) if rtl else amount, low=low)
        except (KeyError, IndexError, ValueError):
            text = template
        self.totals.setText(text)


def _weakly(section: StockOverviewSection,
            deliver: Callable[[StockOverviewSection, Done], None]) -> Callable[[Done], None]:
    """A job's callback that does not keep the section alive: the job is let go in the pool's
    thread, and the last reference to a widget must not go with it (a widget destroyed off
    the GUI thread crashes). A section gone meanwhile gets nothing."""
    ref = weakref.ref(section)

    def done(outcome: Done) -> None:
        target = ref()
        if target is not None and shiboken6.isValid(target):
            deliver(target, outcome)

    return done
