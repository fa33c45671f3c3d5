"""The organizers' dashboard: a period's sales, what the cooperatives earned, in charts and a table.

A window of its own (the main window opens it): pick a period of business days
(today, this week, this month, the whole edition, or two dates) and a site; the
headline figures, four charts and the table of one dimension follow. Every number
comes from :mod:`possouk.services.analytics`, read off the GUI thread
(:func:`possouk.ui.workers.run_in_background`), so the window paints at once and
fills itself when the figures arrive (:attr:`DashboardWindow.loaded`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import PossoukError
from possouk.domain.model import Site, User
from possouk.domain.permissions import Permission, allows
from possouk.domain.report import Dimension, ImpactReport, SalesReport, SalesRow
from possouk.i18n import N_, current_language, is_rtl, render_message
from possouk.i18n import gettext as _
from possouk.i18n.categories import category_label
from possouk.i18n.formatting import format_date, format_money, format_quantity, format_rate
from possouk.services import analytics, maintenance, report_files, setup
from possouk.storage.uow import Database
from possouk.ui.charts import CHART_LOCALES, Bar, BarChart
from possouk.ui.widgets import MessageBar
from possouk.ui.workers import Done, run_in_background

__all__ = ["DIMENSION_LABELS", "DashboardData", "DashboardWindow", "Preset", "Query", "load_dashboard"]

TOP_COOPERATIVES = 10
EXPORT_KINDS = ("csv", "xlsx", "pdf")
_EDITION_LOOKBACK = analytics.MAX_DAYS - 30  # "the whole edition" looks this far back for sales


class Preset(StrEnum):
    """The quick periods; ``DATES`` is the two date fields as typed."""

    TODAY = "today"
    WEEK = "week"
    MONTH = "month"
    EDITION = "edition"
    DATES = "dates"


PRESET_LABELS: dict[Preset, str] = {
    # Translators: dashboard button: the current business day
    Preset.TODAY: N_("Today"),
    # Translators: dashboard button: from Monday of this week to today
    Preset.WEEK: N_("This week"),
    # Translators: dashboard button: from the first of this month to today
    Preset.MONTH: N_("This month"),
    # Translators: dashboard button: every day with sales, first to last
    Preset.EDITION: N_("Whole edition"),
}

DIMENSION_LABELS: dict[Dimension, str] = {
    Dimension.COOPERATIVE: N_("Cooperative"),
    Dimension.PRODUCT: N_("Product"),
    # Translators: a product category (honey, figs…), a column and a choice of the dashboard
    Dimension.CATEGORY: N_("Category"),
    Dimension.SITE: N_("Site"),
    Dimension.REGISTER: N_("Register"),
    Dimension.CASHIER: N_("Cashier"),
    # Translators: the hour of day (10:00, 11:00…), a column and a choice of the dashboard
    Dimension.HOUR: N_("Hour of day"),
    # Translators: a business day, a column and a choice of the dashboard
    Dimension.DAY: N_("Day"),
}


@dataclass(frozen=True)
class Query:
    """What to show: a quick period (resolved against today) or two dates, a site or all."""

    preset: Preset
    start: date | None = None
    end: date | None = None
    site_code: str | None = None
    dimension: Dimension = Dimension.COOPERATIVE


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard shows for one :class:`Query`, read in one go."""

    query: Query
    start: date
    end: date
    today: date
    sites: list[Site]
    impact: ImpactReport
    by_day: SalesReport
    by_hour: SalesReport
    by_category: SalesReport
    by_cooperative: SalesReport
    table: SalesReport

    @property
    def empty(self) -> bool:
        """Nothing sold nor given back in the period."""
        return not self.by_day.rows


def _period(db: Database, query: Query, today: date) -> tuple[date, date]:
    if query.preset is Preset.TODAY:
        return today, today
    if query.preset is Preset.WEEK:
        return today - timedelta(days=today.weekday()), today
    if query.preset is Preset.MONTH:
        return today.replace(day=1), today
    if query.preset is Preset.EDITION:
        days = analytics.sales_report(db, today - timedelta(days=_EDITION_LOOKBACK),
                                      today + timedelta(days=7), Dimension.DAY,
                                      site_code=query.site_code).rows
        if not days:
            return today, today
        return date.fromisoformat(days[0].key), date.fromisoformat(days[-1].key)
    assert query.start is not None and query.end is not None
    return query.start, query.end


def load_dashboard(db: Database, query: Query) -> DashboardData:
    """The figures of ``query`` (runs off the GUI thread: plain services, no Qt)."""
    today = business_day(utc_now(), setup.get_store(db).day_cutoff_minutes)
    start, end = _period(db, query, today)
    site = query.site_code

    def report(dimension: Dimension) -> SalesReport:
        return analytics.sales_report(db, start, end, dimension, site_code=site)

    by_cooperative = report(Dimension.COOPERATIVE)
    return DashboardData(
        query=query, start=start, end=end, today=today, sites=maintenance.sites(db),
        impact=analytics.impact(db, start, end, site_code=site),
        by_day=report(Dimension.DAY), by_hour=report(Dimension.HOUR),
        by_category=report(Dimension.CATEGORY), by_cooperative=by_cooperative,
        table=by_cooperative if query.dimension is Dimension.COOPERATIVE else report(query.dimension),
    )


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _name(row: SalesRow) -> str:
    return row.name_ar if current_language() == "ar" and row.name_ar else row.name_fr or row.name_ar


def row_label(dimension: Dimension, row: SalesRow) -> str:
    """What a row is called in the current language: a name, a category, a date, an hour."""
    if dimension is Dimension.CATEGORY:
        return category_label(row.key)
    if dimension is Dimension.DAY:
        return format_date(date.fromisoformat(row.key), current_language())
    if dimension is Dimension.HOUR:
        return f"{row.key}:00"
    if dimension is Dimension.REGISTER:
        return row.key
    return _name(row) or row.key


def _day_bars(report: SalesReport) -> list[Bar]:
    """One bar per day from the first day with sales to the last, quiet days included."""
    if not report.rows:
        return []
    net = {row.key: row.net for row in report.rows}
    first, last = date.fromisoformat(report.rows[0].key), date.fromisoformat(report.rows[-1].key)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [Bar(day.strftime("%d/%m"), net.get(day.isoformat(), 0)) for day in days]


def _hour_bars(report: SalesReport) -> list[Bar]:
    """One bar per local hour from the first hour with sales to the last."""
    if not report.rows:
        return []
    net = {int(row.key): row.net for row in report.rows}
    return [Bar(f"{hour:02d}", net.get(hour, 0)) for hour in range(min(net), max(net) + 1)]


_GENERIC_WORDS = ("coopérative ", "cooperative ", "تعاونية ")


def short_name(name: str) -> str:
    """A cooperative's name without the word "cooperative" it starts with, for a chart's narrow
    axis ("Coopérative Al Amal d'apiculture" → "Al Amal d'apiculture"); the table has it whole."""
    for word in _GENERIC_WORDS:
        if name.casefold().startswith(word) and len(name) > len(word):
            rest = name[len(word):].strip()
            return rest[:1].upper() + rest[1:]
    return name


def _ranked_bars(report: SalesReport, limit: int | None = None) -> list[Bar]:
    rows = sorted(report.rows, key=lambda r: (-r.net, r.key))[:limit]
    label = short_name if report.dimension is Dimension.COOPERATIVE else str
    return [Bar(label(row_label(report.dimension, row)), row.net) for row in rows]


class _Figure(QFrame):
    """A headline figure: a big number over its caption."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.value = QLabel(self)
        self.value.setObjectName(f"figure_{name}")
        big = QFont(self.font())
        big.setPointSize(18)
        big.setBold(True)
        self.value.setFont(big)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        small = QFont(self.font())
        small.setPointSize(11)
        self.caption.setFont(small)
        self.caption.setStyleSheet("color: #5b5f63;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


_STYLE = """
QFrame#card { background: #ffffff; border: 1px solid #d8d1c2; border-radius: 8px; }
QLabel#empty { font-size: 18pt; color: #5b5f63; }
QTableWidget { font-size: 12pt; }
QHeaderView::section { font-size: 11pt; font-weight: 600; padding: 4px; }
QTabBar::tab { padding: 6px 18px; font-size: 12pt; }
QDateEdit { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px;
    padding: 4px 8px; min-height: 40px; }
"""

_AMOUNT_COLUMNS = ("sales", "refunds", "net", "commission", "cooperative_share")


class DashboardWindow(QWidget):
    """The organizers' window: period, site, headline figures, charts, table."""

    loaded = Signal()  # the figures of the last query are shown (tests wait for it)
    exported = Signal()  # a table was saved, or could not be (the message says which)

    def __init__(self, db: Database, parent: QWidget | None = None, *, user: User | None = None) -> None:
        """``user``: who looks; with the import/export permission the table can be saved as a
        CSV, XLSX or PDF file (without a user there are no export buttons)."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.db = db
        self.user = user
        self.data: DashboardData | None = None
        self.query = Query(Preset.EDITION)
        self._generation = 0
        self.loading = False

        # -- the period and the site -----------------------------------------------------------
        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.site_label = QLabel(self)
        self.site = QComboBox(self)
        self.site.setObjectName("site")
        self.site.setMinimumWidth(280)
        self.site.addItem("", None)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.presets: dict[Preset, QPushButton] = {}
        for preset in PRESET_LABELS:
            button = QPushButton(self)
            button.setObjectName(f"preset_{preset.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, p=preset: self.choose(p))
            self.presets[preset] = button
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.from_date, self.to_date = QDateEdit(self), QDateEdit(self)
        self._typing = QTimer(self)  # wait for the last keystroke before reading the dates
        self._typing.setSingleShot(True)
        self._typing.setInterval(400)
        self._typing.timeout.connect(self._dates_changed)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setMinimumWidth(150)
            edit.dateChanged.connect(lambda _day: self._typing.start())
        self.from_date.setObjectName("from_date")
        self.to_date.setObjectName("to_date")

        self.export_label = QLabel(self)
        self.exports: dict[str, QPushButton] = {}
        for kind in EXPORT_KINDS:
            button = QPushButton(kind.upper(), self)
            button.setObjectName(f"export_{kind}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, k=kind: self.ask_export(k))
            self.exports[kind] = button
        can_export = user is not None and allows(user, Permission.IMPORT_EXPORT)
        self.export_label.setVisible(can_export)
        for button in self.exports.values():
            button.setVisible(can_export)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.export_label)
        for button in self.exports.values():
            top.addWidget(button)
        top.addSpacing(16)
        top.addWidget(self.site_label)
        top.addWidget(self.site)
        period = QHBoxLayout()
        for button in self.presets.values():
            period.addWidget(button)
        period.addSpacing(16)
        period.addWidget(self.from_label)
        period.addWidget(self.from_date)
        period.addWidget(self.to_label)
        period.addWidget(self.to_date)
        period.addStretch(1)

        # -- headline figures ------------------------------------------------------------------
        self.figures = {name: _Figure(name, self)
                        for name in ("net", "receipts", "owed", "cooperatives", "women")}
        figures = QHBoxLayout()
        for figure in self.figures.values():
            figures.addWidget(figure)
        self.message = MessageBar(self)
        self.message.hide()  # takes room only to say something

        # -- charts and table ------------------------------------------------------------------
        self.day_chart = BarChart("#1f6f4a")
        self.hour_chart = BarChart("#d9a441")
        self.category_chart = BarChart("#2b6f8f", horizontal=True)
        self.cooperative_chart = BarChart("#8a4b6f", horizontal=True)
        self.charts_page = QWidget()
        grid = QGridLayout(self.charts_page)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setSpacing(8)
        # The named bars need the whole height: Qt drops a name taller than its slot, and an
        # Arabic line is tall (ten cooperatives need about 400 pixels).
        grid.addWidget(self.day_chart, 0, 0)
        grid.addWidget(self.hour_chart, 1, 0)
        grid.addWidget(self.category_chart, 0, 1, 2, 1)
        grid.addWidget(self.cooperative_chart, 0, 2, 2, 1)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 4)

        self.table_page = QWidget()
        self.dimension_label = QLabel(self.table_page)
        self.dimension = QComboBox(self.table_page)
        self.dimension.setObjectName("dimension")
        for dimension in DIMENSION_LABELS:
            self.dimension.addItem("", dimension.value)
        self.dimension.currentIndexChanged.connect(self._dimension_changed)
        self.amounts_note = QLabel(self.table_page)
        self.table = QTableWidget(0, 0, self.table_page)
        self.table.setObjectName("dashboard_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        choose = QHBoxLayout()
        choose.addWidget(self.dimension_label)
        choose.addWidget(self.dimension)
        choose.addStretch(1)
        choose.addWidget(self.amounts_note)
        table_layout = QVBoxLayout(self.table_page)
        table_layout.setContentsMargins(0, 4, 0, 0)
        table_layout.addLayout(choose)
        table_layout.addWidget(self.table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.charts_page, "")
        self.tabs.addTab(self.table_page, "")
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(period)
        layout.addLayout(figures)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)

        self.resize(1280, 800)
        self.retranslate()
        self.refresh()

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the current language, the layout mirrored in Arabic, the figures redrawn."""
        rtl = is_rtl()
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        locale = CHART_LOCALES.get(current_language(), CHART_LOCALES["en"])
        # A date reads 17/05/2026 in Arabic too; Qt lays a date's parts out backwards when the
        # application is right to left, so the format is written backwards then.
        backwards = QGuiApplication.isRightToLeft()
        for edit in (self.from_date, self.to_date):
            edit.setLocale(locale)
            edit.setDisplayFormat("yyyy/MM/dd" if backwards else "dd/MM/yyyy")
        # Translators: title of the organizers' window (sales and cooperatives' income in charts)
        self.setWindowTitle(_("Dashboard"))
        self.title.setText(_("Dashboard"))
        self.site_label.setText(_("Site"))
        self.site.setItemText(0, _("All sites"))
        for preset, button in self.presets.items():
            button.setText(_(PRESET_LABELS[preset]))
        # Translators: dashboard: before the buttons that save the table as CSV, XLSX or PDF
        self.export_label.setText(_("Save the table as"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        captions = {
            # Translators: dashboard figure: sales minus refunds over the period
            "net": _("Net sales"),
            # Translators: dashboard figure: the number of sales (receipts) of the period
            "receipts": _("Visitors served (receipts)"),
            # Translators: dashboard figure: the cooperatives' share of the net sales
            "owed": _("Owed to the cooperatives"),
            # Translators: dashboard figure: how many cooperatives sold something in the period
            "cooperatives": _("Cooperatives with sales"),
            # Translators: dashboard figure: part of what is owed that goes to women-led cooperatives
            "women": _("Share owed to women-led cooperatives"),
        }
        for name, figure in self.figures.items():
            figure.caption.setText(captions[name])
        self.tabs.setTabText(0, _("Charts"))
        # Translators: dashboard tab: the figures as a table, one row per cooperative, day…
        self.tabs.setTabText(1, _("Table"))
        # Translators: dashboard: choose what the table has one row per (cooperative, day…)
        self.dimension_label.setText(_("One row per"))
        for index, dimension in enumerate(DIMENSION_LABELS):
            self.dimension.setItemText(index, _(DIMENSION_LABELS[dimension]))
        # Translators: dashboard: a note above the table
        self.amounts_note.setText(_("Amounts in dirhams (MAD)"))
        # Translators: dashboard: shown instead of the charts when the period has no sale
        self.empty.setText(_("No sales in this period."))
        if self.data is not None:
            self._show(self.data)
        else:
            for figure in self.figures.values():
                figure.value.setText("…")

    # -- asking -----------------------------------------------------------------------------------

    def choose(self, preset: Preset) -> None:
        """A quick period button: today, this week, this month, the whole edition."""
        self._ask(Query(preset, site_code=self.query.site_code, dimension=self.query.dimension))

    def set_period(self, start: date, end: date) -> None:
        """Show the business days ``start`` to ``end`` (both included)."""
        self._ask(Query(Preset.DATES, start, end, self.query.site_code, self.query.dimension))

    def set_site(self, code: str | None) -> None:
        """Show one site (its code) or every site (None)."""
        index = self.site.findData(code)
        if index < 0:
            self.site.addItem(code or "", code)
            index = self.site.count() - 1
        self.site.setCurrentIndex(index)  # _site_changed asks

    def set_dimension(self, dimension: Dimension) -> None:
        """The table's rows: one per cooperative, product, category, site, register, cashier…"""
        self.dimension.setCurrentIndex(self.dimension.findData(dimension.value))

    def refresh(self) -> None:
        """Read the figures again for the period and site shown (a sale may have come in)."""
        self._ask(self.query)

    def _site_changed(self, index: int) -> None:
        code = self.site.itemData(index)
        self._ask(replace(self.query, site_code=code if code else None))

    def _dimension_changed(self, index: int) -> None:
        dimension = Dimension(self.dimension.itemData(index))
        self._ask(replace(self.query, dimension=dimension))

    def _dates_changed(self) -> None:
        self.set_period(_from_qdate(self.from_date.date()), _from_qdate(self.to_date.date()))

    def _ask(self, query: Query) -> None:
        self.query = query
        self._typing.stop()
        for preset, button in self.presets.items():
            button.setChecked(preset is query.preset)
        self._generation += 1
        generation = self._generation
        self.loading = True
        db = self.db
        run_in_background(lambda: load_dashboard(db, query),
                          lambda done: self._arrived(generation, done))

    def _arrived(self, generation: int, done: Done) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the window closed, or a newer question was asked meanwhile
        self.loading = False
        try:
            data = done.result()
        except PossoukError as error:
            self.message.show_error(error)
            self.message.show()
            self.loaded.emit()
            return
        assert isinstance(data, DashboardData)
        self.message.clear_message()
        self.message.hide()
        self.data = data
        self._show(data)
        self.loaded.emit()

    # -- saving the table -------------------------------------------------------------------------

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save the table (a file dialog; tests replace it); None when cancelled."""
        # Translators: title of the dialog where the dashboard's table is saved
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the table"), str(suggested),
                                                      f"*{suggested.suffix}")
        return Path(chosen) if chosen else None

    def ask_export(self, kind: str) -> None:
        """Save the table shown as a ``kind`` (csv, xlsx, pdf) file, asking where."""
        if self.data is None or self.user is None:
            return
        report = self.data.table
        name = f"possouk-{report.dimension.value}-{report.start.isoformat()}-{report.end.isoformat()}"
        if report.site_code:
            name += f"-{report.site_code}"
        path = self.ask_path(Path.home() / f"{name}.{kind}")
        if path is not None:
            if not path.suffix:
                path = path.with_suffix(f".{kind}")
            self.export(path)

    def export(self, path: Path) -> None:
        """Write the table shown to ``path`` (its suffix picks CSV, XLSX or PDF) off the GUI thread."""
        if self.data is None or self.user is None:
            return
        db, user, report, lang = self.db, self.user, self.data.table, current_language()

        def written(done: Done) -> None:
            if not shiboken6.isValid(self):
                return
            try:
                done.result()
            except PossoukError as error:
                self.message.show_error(error)
            else:
                # Translators: dashboard: the table was saved; {path} is the file
                self.message.show_info(render_message(N_("Table saved to {path}."), {"path": str(path)}))
            self.message.show()
            QTimer.singleShot(7_000, self._hide_empty_message)  # a note fades after 6 s
            self.exported.emit()

        run_in_background(lambda: report_files.write_report(db, user, path, report, lang=lang), written)

    def _hide_empty_message(self) -> None:
        if shiboken6.isValid(self) and not self.message.text():
            self.message.hide()

    # -- showing ----------------------------------------------------------------------------------

    def _show(self, data: DashboardData) -> None:
        lang = current_language()
        for edit, day in ((self.from_date, data.start), (self.to_date, data.end)):
            edit.blockSignals(True)
            edit.setDate(_to_qdate(day))
            edit.blockSignals(False)
        self._fill_sites(data.sites)
        impact = data.impact
        self.figures["net"].value.setText(format_money(impact.net, lang))
        self.figures["receipts"].value.setText(str(data.by_day.receipts))
        self.figures["owed"].value.setText(format_money(impact.owed, lang))
        self.figures["cooperatives"].value.setText(
            render_message(N_("{count} of {listed}"),
                           {"count": str(impact.cooperatives), "listed": str(impact.cooperatives_listed)},
                           plain=frozenset({"count", "listed"})))
        self.figures["women"].value.setText(format_rate(impact.women_led_share_bp, lang))
        self.pages.setCurrentWidget(self.empty if data.empty else self.tabs)
        rtl = is_rtl()
        # Translators: dashboard chart titles (amounts in dirhams)
        self.day_chart.show_bars(_("Net sales per day (MAD)"), _day_bars(data.by_day), rtl=rtl)
        self.hour_chart.show_bars(_("Net sales per hour of day (MAD)"), _hour_bars(data.by_hour), rtl=rtl)
        self.category_chart.show_bars(_("Net sales per category (MAD)"), _ranked_bars(data.by_category),
                                      rtl=rtl)
        self.cooperative_chart.show_bars(
            render_message(N_("Top {count} cooperatives by net sales (MAD)"), {"count": TOP_COOPERATIVES}),
            _ranked_bars(data.by_cooperative, TOP_COOPERATIVES), rtl=rtl)
        self._fill_table(data.table)
        self.dimension.blockSignals(True)
        self.dimension.setCurrentIndex(self.dimension.findData(data.table.dimension.value))
        self.dimension.blockSignals(False)

    def _fill_sites(self, sites: list[Site]) -> None:
        self.site.blockSignals(True)
        while self.site.count() > 1:
            self.site.removeItem(1)
        ar = current_language() == "ar"
        for site in sites:
            self.site.addItem(f"{site.code} – {site.name_ar if ar else site.name_fr}", site.code)
        index = self.site.findData(self.query.site_code) if self.query.site_code else 0
        self.site.setCurrentIndex(max(index, 0))
        self.site.blockSignals(False)

    def _columns(self, dimension: Dimension) -> list[tuple[str, str]]:
        """(key, heading) of the table's columns for ``dimension``."""
        columns = [("label", _(DIMENSION_LABELS[dimension]))]
        if dimension in (Dimension.COOPERATIVE, Dimension.PRODUCT, Dimension.SITE, Dimension.CASHIER):
            columns.insert(0, ("key", _("Code")))
        # Translators: dashboard column: how many sales (receipts) have this row
        columns.append(("receipts", _("Receipts")))
        if dimension is Dimension.PRODUCT:
            columns.append(("quantity", _("Quantity")))
        columns += [("sales", _("Sales")), ("refunds", _("Refunds")), ("net", _("Net")),
                    ("commission", _("Commission")),
                    # Translators: dashboard column: net minus the store's commission
                    ("cooperative_share", _("Cooperatives' share"))]
        return columns

    def _fill_table(self, report: SalesReport) -> None:
        dimension = report.dimension
        columns = self._columns(dimension)
        lang = current_language()
        if dimension in (Dimension.DAY, Dimension.HOUR):
            rows = list(report.rows)
        else:
            rows = sorted(report.rows, key=lambda r: (-r.net, r.key))
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setRowCount(len(rows) + (1 if rows else 0))
        self.table.setHorizontalHeaderLabels([heading for _key, heading in columns])
        numeric = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, (key, _heading) in enumerate(columns):
                if key == "key":
                    text = row.key
                elif key == "label":
                    text = row_label(dimension, row)
                elif key == "receipts":
                    text = str(row.receipts)
                elif key == "quantity":
                    text = format_quantity(row.quantity or 0, "piece", lang)
                else:
                    text = format_money(getattr(row, key), lang, currency=False)
                item = QTableWidgetItem(text)
                if key not in ("key", "label"):
                    item.setTextAlignment(numeric)
                self.table.setItem(r, c, item)
        if rows:
            total = len(rows)
            label_column = [key for key, _h in columns].index("label")
            item = QTableWidgetItem(_("Total"))
            item.setFont(bold)
            self.table.setItem(total, label_column, item)
            sums = {"receipts": str(report.receipts)}
            sums.update({key: format_money(getattr(report, key), lang, currency=False)
                         for key in _AMOUNT_COLUMNS})
            for c, (key, _heading) in enumerate(columns):
                if key in sums:
                    item = QTableWidgetItem(sums[key])
                    item.setTextAlignment(numeric)
                    item.setFont(bold)
                    self.table.setItem(total, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode([key for key, _h in columns].index("label"),
                                    QHeaderView.ResizeMode.Stretch)
