"""The organizers' reports as tables: for the terminal, CSV and XLSX files, and A4 PDFs.

The figures come from :mod:`possouk.services.analytics`; this module only lays
them out. Each report is a few :class:`Grid` (typed columns: text, counts,
amounts in centimes, quantities in thousandths, rates in basis points), turned
into

* file cells (:func:`grid_cells`): amounts as exact :class:`~decimal.Decimal`
  (``12.50``), numbers Excel can sum in an XLSX, the same text in a CSV;
* terminal text (:func:`grid_texts`): amounts formatted for the language;
* a bilingual PDF section (:mod:`possouk.reports.table_report`).

:func:`write_report` writes a report to a ``.csv``, ``.xlsx`` or ``.pdf`` file
(chosen by the suffix) through a temporary file, logs an ``export`` event, and
renames the file into place: a full disk leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import IO, Any

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Store, User
from possouk.domain.permissions import Permission, require
from possouk.domain.report import Dimension, ImpactReport, SalesReport, SalesRow, StockRow, share_bp
from possouk.i18n import translator
from possouk.i18n.categories import CATEGORY_LABELS
from possouk.i18n.formatting import format_date, format_money, format_quantity, format_rate
from possouk.reports.document import Column
from possouk.reports.table_report import ReportSection, TableDocument, table_report_pdf
from possouk.services import analytics, setup
from possouk.services.events import log_event
from possouk.services.exports import amount, percent, quantity
from possouk.services.files import temporary_path, write_fault
from possouk.services.tabular import Cell, write_table
from possouk.storage.uow import Database

__all__ = [
    "Grid", "Kind", "Report", "StockReport", "grid_cells", "grid_texts", "impact_document",
    "impact_grids", "impact_tables", "report_document", "sales_document", "sales_grid",
    "sales_table", "stock_document", "stock_grid", "stock_report", "stock_table", "terminal_grid", "today",
    "write_report",
]

# --- column titles -----------------------------------------------------------------------

KEY_TITLES: dict[Dimension, str] = {
    # Translators: column heading of a report: a cooperative's code
    Dimension.COOPERATIVE: N_("Code"),
    Dimension.PRODUCT: N_("SKU"),
    Dimension.CATEGORY: N_("Category"),
    Dimension.SITE: N_("Site"),
    Dimension.REGISTER: N_("Register"),
    Dimension.CASHIER: N_("Cashier"),
    # Translators: column heading of a report: an hour of the day, e.g. 10:00–10:59
    Dimension.HOUR: N_("Hour"),
    Dimension.DAY: N_("Business day"),
}
SALES_TITLES: dict[Dimension, str] = {
    # Translators: title of a report (PDF) and of the table of `possouk report sales`
    Dimension.COOPERATIVE: N_("Sales by cooperative"),
    Dimension.PRODUCT: N_("Sales by product"),
    Dimension.CATEGORY: N_("Sales by category"),
    Dimension.SITE: N_("Sales by site"),
    Dimension.REGISTER: N_("Sales by register"),
    Dimension.CASHIER: N_("Sales by cashier"),
    Dimension.HOUR: N_("Sales by hour of the day"),
    Dimension.DAY: N_("Sales by business day"),
}
NAME_FR = N_("Name (French)")
NAME_AR = N_("Name (Arabic)")
# Translators: column heading of a report: sales (not refunds) with a line in this row
RECEIPTS = N_("Receipts")
QUANTITY = N_("Quantity")
# Translators: column heading of a report: what was sold, before refunds (MAD)
SALES = N_("Sales")
# Translators: column heading of a report: what was given back (MAD)
REFUNDS = N_("Refunds")
# Translators: sales minus refunds
NET = N_("Net")
# Translators: the store's commission on the sales (sum of each line's commission)
COMMISSION = N_("Store's commission")
# Translators: net minus the store's commission: what the cooperatives earned
COOPERATIVE_SHARE = N_("Cooperatives' share")
# Translators: short column heading (PDF) of the store's commission
COMMISSION_SHORT = N_("Commission")
# Translators: short column heading (PDF) of the cooperatives' share
SHARE_SHORT = N_("To cooperatives")
TOTAL = N_("Total")
# Translators: the totals row of a report limited to the best N products
TOTAL_SHOWN = N_("Total of these products")

# Translators: title of the impact report (for the region and the ministry)
IMPACT_TITLE = N_("Impact report")
# Translators: column heading of the summary table of the impact report (CSV/XLSX)
FIGURE = N_("Figure")
VALUE = N_("Value")
PERIOD = N_("Period")
# Translators: impact report: net sales of the period
NET_SALES = N_("Net sales")
OWED = N_("Owed to the cooperatives")
COOPERATIVES_WITH_SALES = N_("Cooperatives with sales")
COOPERATIVES_LISTED = N_("Cooperatives listed")
PRODUCTS_SOLD = N_("Different products sold")
WOMEN_LED_OWED = N_("Owed to women-led cooperatives")
WOMEN_LED_SHARE = N_("Women-led share of what is owed")
YOUTH_LED_OWED = N_("Owed to youth-led cooperatives")
YOUTH_LED_SHARE = N_("Youth-led share of what is owed")
# Translators: impact report: number of sales (receipts) of the period, one per visitor served
VISITORS = N_("Visitors served")
BY_PROVINCE = N_("By province")
PROVINCE = N_("Province")
# Translators: a cooperative whose province is not recorded
NO_PROVINCE = N_("Province not given")
# Translators: column heading: this province's part of what is owed to the cooperatives
SHARE_OF_OWED = N_("Share of what is owed")
# Translators: short column heading (PDF): this province's part of what is owed
SHARE_OF_OWED_SHORT = N_("Share")
# Translators: short column heading (PDF): cooperatives with sales in a province
COOPERATIVES_SHORT = N_("Cooperatives")
VISITORS_PER_DAY = N_("Visitors per day")
# Translators: column heading: visitors (receipts) of one business day
VISITORS_COLUMN = N_("Visitors")

# Translators: title of the report of the goods left on the shelves, per cooperative
STOCK_TITLE = N_("Stock left by cooperative")
# Translators: column heading: products of a cooperative with stock left
PRODUCTS_IN_STOCK = N_("Products in stock")
# Translators: column heading: stock left at today's shelf prices (MAD)
STOCK_VALUE = N_("Value at shelf prices")
COOPERATIVES_WITH_STOCK = N_("Cooperatives with stock")

PERIOD_LINE = N_("From {start} to {end}")
SITE_LINE = N_("Site: {site}")
ALL_SITES = N_("All sites")
AS_OF_LINE = N_("On {day}")
TOP_LINE = N_("The {n} best products by net")
# Translators: under a report's title: the amounts of its tables are in dirhams
AMOUNTS_LINE = N_("Amounts in dirhams (MAD)")
NO_SALES = N_("No sales in this period.")
NO_STOCK = N_("No stock left.")

# --- typed tables ------------------------------------------------------------------------


class Kind(Enum):
    TEXT = "text"
    ARABIC = "arabic"  # text, right-to-left in a PDF
    COUNT = "count"
    AMOUNT = "amount"  # centimes
    QUANTITY = "quantity"  # thousandths
    RATE = "rate"  # basis points


Value = str | int | None


@dataclass(frozen=True)
class Field:
    title: str  # msgid
    kind: Kind
    weight: int = 100  # its share of a PDF page's width (relative: hundredths of a column)
    short: str = ""  # msgid of a shorter title for a PDF column ("": the title)


@dataclass(frozen=True)
class Grid:
    """One table of a report: typed columns, rows, and an optional totals row."""

    heading: str  # msgid ("": none in a PDF, the report's title says it)
    fields: tuple[Field, ...]
    rows: tuple[tuple[Value, ...], ...]
    totals: tuple[Value, ...] | None = None
    empty: str = ""  # msgid said in a PDF instead of an empty table


def _cell(value: Value, kind: Kind) -> Cell:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if kind is Kind.AMOUNT:
        return amount(value)
    if kind is Kind.QUANTITY:
        return quantity(value)
    if kind is Kind.RATE:
        return percent(value)
    return Decimal(value)


def _text(value: Value, kind: Kind, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind is Kind.AMOUNT:
        return format_money(value, lang, currency=False)
    if kind is Kind.QUANTITY:
        return format_quantity(value, "piece", lang)  # a plain number: the products' units differ
    if kind is Kind.RATE:
        return format_rate(value, lang)
    return str(value)


def _title(message: str, lang: str) -> str:
    return translator(lang).gettext(message)


def grid_cells(grid: Grid, lang: str) -> tuple[list[str], list[list[Cell]]]:
    """Header (translated) and rows for a file, totals last; numbers as :class:`Decimal`."""
    kinds = [f.kind for f in grid.fields]
    rows = [[_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in grid.rows]
    if grid.totals is not None:
        rows.append([_cell(v, k) for v, k in zip(grid.totals, kinds, strict=True)])
    return [_title(f.title, lang) for f in grid.fields], rows


def grid_texts(grid: Grid, lang: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows (totals last) as text in ``lang``, and the indexes of numeric columns."""
    kinds = [f.kind for f in grid.fields]
    rows = [[_text(v, k, lang) for v, k in zip(row, kinds, strict=True)] for row in grid.rows]
    if grid.totals is not None:
        rows.append([_text(v, k, lang) for v, k in zip(grid.totals, kinds, strict=True)])
    numeric = [i for i, k in enumerate(kinds) if k not in (Kind.TEXT, Kind.ARABIC)]
    return [_title(f.title, lang) for f in grid.fields], rows, numeric


def _without(grid: Grid, titles: Sequence[str]) -> Grid:
    """``grid`` without the columns titled ``titles`` (msgids)."""
    gone = {i for i, f in enumerate(grid.fields) if f.title in titles}
    if not gone:
        return grid

    def keep(values: tuple[Value, ...]) -> tuple[Value, ...]:
        return tuple(v for i, v in enumerate(values) if i not in gone)

    return replace(grid, fields=tuple(f for i, f in enumerate(grid.fields) if i not in gone),
                   rows=tuple(keep(r) for r in grid.rows),
                   totals=None if grid.totals is None else keep(grid.totals))


def _drop_empty_names(grid: Grid) -> Grid:
    """Without the name columns when no row has a name (hours, days, registers)."""
    names = [i for i, f in enumerate(grid.fields) if f.title in (NAME_FR, NAME_AR)]
    if any(row[i] for row in grid.rows for i in names):
        return grid
    return _without(grid, (NAME_FR, NAME_AR))


def terminal_grid(grid: Grid, lang: str) -> Grid:
    """For a terminal: one name column, in ``lang`` (Arabic names for Arabic, French otherwise)."""
    grid = _drop_empty_names(grid)
    return _without(grid, (NAME_FR,) if lang == "ar" else (NAME_AR,))


# --- sales -------------------------------------------------------------------------------


def _hour(key: str) -> str:
    return f"{key}:00–{key}:59" if key.isdigit() else key


def _category(key: str, lang: str) -> str:
    msgid = CATEGORY_LABELS.get(key.strip().casefold())
    return translator(lang).gettext(msgid) if msgid is not None else key


def _sales_key_and_names(row: SalesRow, dimension: Dimension, lang: str) -> tuple[str, str, str]:
    if dimension is Dimension.CATEGORY:
        return _category(row.key, lang), _category(row.key, "fr"), _category(row.key, "ar")
    if dimension is Dimension.HOUR:
        return _hour(row.key), "", ""
    if dimension in (Dimension.DAY, Dimension.REGISTER):
        return row.key, "", ""
    return row.key, row.name_fr, row.name_ar


def sales_grid(report: SalesReport, lang: str, *, top: int | None = None) -> Grid:
    """The sales report as a typed table; ``top`` when the rows are the best ``top`` products."""
    product = report.dimension is Dimension.PRODUCT
    fields = [
        Field(KEY_TITLES[report.dimension], Kind.TEXT, 145 if product else 120),
        Field(NAME_FR, Kind.TEXT, 185 if product else 200),
        Field(NAME_AR, Kind.ARABIC, 185 if product else 200),
        Field(RECEIPTS, Kind.COUNT, 90),
        *([Field(QUANTITY, Kind.QUANTITY, 90)] if product else []),
        Field(SALES, Kind.AMOUNT, 135),
        Field(REFUNDS, Kind.AMOUNT, 125),
        Field(NET, Kind.AMOUNT, 135),
        Field(COMMISSION, Kind.AMOUNT, 130, COMMISSION_SHORT),
        Field(COOPERATIVE_SHARE, Kind.AMOUNT, 135, SHARE_SHORT),
    ]
    rows = []
    for row in report.rows:
        key, name_fr, name_ar = _sales_key_and_names(row, report.dimension, lang)
        rows.append((key, name_fr, name_ar, row.receipts,
                     *([row.quantity] if product else []),
                     row.sales, row.refunds, row.net, row.commission, row.cooperative_share))
    # A receipt with lines in several rows counts once in the total: every sale of the period.
    receipts: int | None = report.receipts if top is None else None
    label = _title(TOTAL if top is None else TOTAL_SHOWN, lang)
    totals = (label, "", "", receipts, *([None] if product else []), report.sales, report.refunds,
              report.net, report.commission, report.cooperative_share)
    return Grid(SALES_TITLES[report.dimension], tuple(fields), tuple(rows), totals, NO_SALES)


def sales_table(report: SalesReport, lang: str, *,
                top: int | None = None) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows (totals last) of the sales report for a CSV or XLSX file."""
    return grid_cells(sales_grid(report, lang, top=top), lang)


# --- impact ------------------------------------------------------------------------------


def _period_text(start: date, end: date, lang: str) -> str:
    return translator(lang).gettext(PERIOD_LINE).format(start=format_date(start, lang),
                                                        end=format_date(end, lang))


def _figures(report: ImpactReport, lang: str) -> list[tuple[str, Kind, Value]]:
    listed = f"{report.cooperatives} / {report.cooperatives_listed}"
    return [
        (PERIOD, Kind.TEXT, f"{report.start.isoformat()} – {report.end.isoformat()}"),
        (NET_SALES, Kind.AMOUNT, report.net),
        (OWED, Kind.AMOUNT, report.owed),
        (COOPERATIVES_WITH_SALES, Kind.TEXT, listed),
        (PRODUCTS_SOLD, Kind.COUNT, report.products),
        (WOMEN_LED_OWED, Kind.AMOUNT, report.women_led_owed),
        (WOMEN_LED_SHARE, Kind.RATE, report.women_led_share_bp),
        (YOUTH_LED_OWED, Kind.AMOUNT, report.youth_led_owed),
        (YOUTH_LED_SHARE, Kind.RATE, report.youth_led_share_bp),
        (VISITORS, Kind.COUNT, report.visitors),
    ]


def impact_grids(report: ImpactReport, lang: str) -> tuple[Grid, Grid, Grid]:
    """The impact report as three typed tables: summary, by province, visitors per day."""
    summary = Grid(IMPACT_TITLE, (Field(FIGURE, Kind.TEXT, 300), Field(VALUE, Kind.TEXT, 200)),
                   tuple((_title(label, lang), _text(value, kind, lang))
                         for label, kind, value in _figures(report, lang)))
    provinces = Grid(
        BY_PROVINCE,
        (Field(PROVINCE, Kind.TEXT, 250), Field(COOPERATIVES_WITH_SALES, Kind.COUNT, 130,
                                                COOPERATIVES_SHORT),
         Field(NET_SALES, Kind.AMOUNT, 150), Field(OWED, Kind.AMOUNT, 160, SHARE_SHORT),
         Field(SHARE_OF_OWED, Kind.RATE, 110, SHARE_OF_OWED_SHORT)),
        tuple((p.province or _title(NO_PROVINCE, lang), p.cooperatives, p.net, p.owed,
               share_bp(p.owed, report.owed)) for p in report.by_province),
        (_title(TOTAL, lang), report.cooperatives, report.net, report.owed,
         share_bp(report.owed, report.owed)),
        NO_SALES,
    )
    days = Grid(
        VISITORS_PER_DAY, (Field(KEY_TITLES[Dimension.DAY], Kind.TEXT, 200),
                           Field(VISITORS_COLUMN, Kind.COUNT, 120)),
        tuple((d.isoformat(), n) for d, n in sorted(report.visitors_per_day.items())),
        (_title(TOTAL, lang), report.visitors), NO_SALES,
    )
    return summary, provinces, days


def impact_tables(report: ImpactReport,
                  lang: str) -> list[tuple[list[str], list[list[Cell]]]]:
    """Header and rows of each table of the impact report (summary, provinces, days) for a file.

    The summary's values are cells of their kind: amounts as :class:`Decimal`,
    rates as percentages (``12.50``), counts as numbers.
    """
    summary, provinces, days = impact_grids(report, lang)
    figures = [[_title(label, lang), _cell(value, kind)] for label, kind, value in _figures(report, lang)]
    return [([_title(f.title, lang) for f in summary.fields], figures),
            grid_cells(provinces, lang), grid_cells(days, lang)]


# --- stock -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StockReport:
    """The stock left per cooperative on ``as_of`` (a business day), at a site or everywhere."""

    as_of: date
    site_code: str | None
    rows: tuple[StockRow, ...]

    @property
    def value(self) -> int:
        return sum(r.value for r in self.rows)


def today(db: Database) -> date:
    """The store's business day now (a day ends at the store's cut-off, local time)."""
    return business_day(utc_now(), setup.get_store(db).day_cutoff_minutes)


def stock_report(db: Database, *, site_code: str | None = None) -> StockReport:
    """The stock left now, per cooperative."""
    rows = analytics.stock_left(db, site_code=site_code)
    return StockReport(today(db), site_code, tuple(rows))


def stock_grid(rows: Sequence[StockRow], lang: str) -> Grid:
    return Grid(
        STOCK_TITLE,
        (Field(KEY_TITLES[Dimension.COOPERATIVE], Kind.TEXT, 120), Field(NAME_FR, Kind.TEXT, 280),
         Field(NAME_AR, Kind.ARABIC, 280), Field(PRODUCTS_IN_STOCK, Kind.COUNT, 170),
         Field(STOCK_VALUE, Kind.AMOUNT, 190)),
        tuple((r.code, r.name_fr, r.name_ar, r.products, r.value) for r in rows),
        (_title(TOTAL, lang), "", "", sum(r.products for r in rows), sum(r.value for r in rows)),
        NO_STOCK,
    )


def stock_table(rows: Sequence[StockRow], lang: str) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows (totals last) of the stock left for a CSV or XLSX file."""
    return grid_cells(stock_grid(rows, lang), lang)


# --- PDF ---------------------------------------------------------------------------------


def _both(message: str, **params: str) -> tuple[str, str]:
    """``(french, arabic)`` of a msgid, filled in."""
    return (translator("fr").gettext(message).format(**params),
            translator("ar").gettext(message).format(**params))


def _section(grid: Grid) -> ReportSection:
    """A typed table as a bilingual PDF section; the totals say "Total" in both languages."""
    grid = _drop_empty_names(grid)
    columns = []
    for f in grid.fields:
        title_fr, title_ar = _both(f.short or f.title)
        if f.kind is Kind.ARABIC:
            columns.append(Column(title_ar, title_fr, f.weight, "right", rtl=True))
        else:
            columns.append(Column(title_ar, title_fr, f.weight,
                                  "left" if f.kind is Kind.TEXT else "right"))
    kinds = [f.kind for f in grid.fields]
    rows = tuple(tuple(_text(v, k, "fr") for v, k in zip(r, kinds, strict=True)) for r in grid.rows)
    totals = None
    if grid.totals is not None:
        cells = [_text(v, k, "fr") for v, k in zip(grid.totals, kinds, strict=True)]
        for i, kind in enumerate(kinds):
            if kind is Kind.ARABIC and not cells[i]:
                cells[i] = _both(TOTAL)[1]
                break
        totals = tuple(cells)
    heading_fr, heading_ar = _both(grid.heading) if grid.heading else ("", "")
    empty_fr, empty_ar = _both(grid.empty) if grid.empty else ("", "")
    return ReportSection(heading_ar, heading_fr, tuple(columns), rows, totals, empty_ar, empty_fr)


def _figure(message: str, value: str) -> tuple[str, str, str]:
    french, arabic = _both(message)
    return french, value, arabic


def _site_lines(site_code: str | None) -> tuple[str, str]:
    return _both(SITE_LINE, site=site_code) if site_code else _both(ALL_SITES)


def _period_lines(start: date, end: date) -> tuple[str, str]:
    return _period_text(start, end, "fr"), _period_text(start, end, "ar")


def _number(*parts: str | None) -> str:
    return "-".join(p for p in parts if p)


def sales_document(report: SalesReport, *, top: int | None = None) -> TableDocument:
    """The bilingual PDF content of a sales report."""
    grid = sales_grid(report, "fr", top=top)
    period_fr, period_ar = _period_lines(report.start, report.end)
    site_fr, site_ar = _site_lines(report.site_code)
    amounts_fr, amounts_ar = _both(AMOUNTS_LINE)
    subtitle_fr, subtitle_ar = [period_fr, site_fr, amounts_fr], [period_ar, site_ar, amounts_ar]
    if top is not None:
        top_fr, top_ar = _both(TOP_LINE, n=str(top))
        subtitle_fr.append(top_fr)
        subtitle_ar.append(top_ar)
    money = format_money
    summary = (
        _figure(RECEIPTS, str(report.receipts)),
        _figure(SALES, money(report.sales, "fr")),
        _figure(REFUNDS, money(report.refunds, "fr")),
        _figure(NET, money(report.net, "fr")),
        _figure(COMMISSION, money(report.commission, "fr")),
        _figure(COOPERATIVE_SHARE, money(report.cooperative_share, "fr")),
    ) if top is None else ()
    number = _number("RPT", report.start.isoformat(), report.end.isoformat(),
                     report.dimension.value, f"top{top}" if top is not None else None,
                     report.site_code)
    return TableDocument(SALES_TITLES[report.dimension], number, tuple(subtitle_fr),
                         tuple(subtitle_ar), summary, (_section(replace(grid, heading="")),))


def impact_document(report: ImpactReport) -> TableDocument:
    """The bilingual PDF content of the impact report."""
    _summary, provinces, days = impact_grids(report, "fr")
    period_fr, period_ar = _period_lines(report.start, report.end)
    site_fr, site_ar = _site_lines(report.site_code)
    summary = tuple(_figure(label, format_money(value, "fr") if kind is Kind.AMOUNT
                            and isinstance(value, int) else _text(value, kind, "fr"))
                    for label, kind, value in _figures(report, "fr")[1:])
    amounts_fr, amounts_ar = _both(AMOUNTS_LINE)
    number = _number("RPT", report.start.isoformat(), report.end.isoformat(), "impact",
                     report.site_code)
    return TableDocument(IMPACT_TITLE, number, (period_fr, site_fr, amounts_fr),
                         (period_ar, site_ar, amounts_ar), summary,
                         (_section(provinces), _section(days)))


def stock_document(report: StockReport) -> TableDocument:
    """The bilingual PDF content of the stock left."""
    day_fr, day_ar = _both(AS_OF_LINE, day=format_date(report.as_of, "fr"))
    site_fr, site_ar = _site_lines(report.site_code)
    summary = (
        _figure(COOPERATIVES_WITH_STOCK, str(len(report.rows))),
        _figure(STOCK_VALUE, format_money(report.value, "fr")),
    )
    number = _number("STK", report.as_of.isoformat(), report.site_code)
    amounts_fr, amounts_ar = _both(AMOUNTS_LINE)
    return TableDocument(STOCK_TITLE, number, (day_fr, site_fr, amounts_fr),
                         (day_ar, site_ar, amounts_ar), summary,
                         (_section(replace(stock_grid(report.rows, "fr"), heading="")),))


Report = SalesReport | ImpactReport | StockReport


def report_document(report: Report, *, top: int | None = None) -> TableDocument:
    """The bilingual PDF content of any report."""
    if isinstance(report, SalesReport):
        return sales_document(report, top=top)
    if isinstance(report, ImpactReport):
        return impact_document(report)
    return stock_document(report)


# --- files -------------------------------------------------------------------------------


def _tables(report: Report, lang: str,
            top: int | None) -> list[tuple[list[str], list[list[Cell]]]]:
    if isinstance(report, SalesReport):
        return [sales_table(report, lang, top=top)]
    if isinstance(report, ImpactReport):
        return impact_tables(report, lang)
    return [stock_table(report.rows, lang)]


def _write_tables(out: IO[bytes], kind: str,
                  tables: list[tuple[list[str], list[list[Cell]]]]) -> int:
    """One sheet: the first table's header on row 1, each next table after an empty row."""
    header, first = tables[0]
    rows: list[list[Cell]] = list(first)
    for next_header, next_rows in tables[1:]:
        rows.append([])
        rows.append(list(next_header))
        rows.extend(next_rows)
    write_table(out, kind, header, rows)
    return sum(len(r) for _h, r in tables)


def _file_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".pdf"):
        return suffix[1:]
    raise UserError(N_("possouk writes reports as .csv, .xlsx or .pdf files, not “{name}”."),
                    name=path.name)


def _describe(report: Report, top: int | None) -> dict[str, Any]:
    if isinstance(report, SalesReport):
        return {"exported": "sales report", "by": report.dimension.value, "top": top,
                "date_from": report.start.isoformat(), "date_to": report.end.isoformat(),
                "site": report.site_code}
    if isinstance(report, ImpactReport):
        return {"exported": "impact report", "date_from": report.start.isoformat(),
                "date_to": report.end.isoformat(), "site": report.site_code}
    return {"exported": "stock report", "as_of": report.as_of.isoformat(), "site": report.site_code}


def write_report(db: Database, actor: User, path: Path, report: Report, *,
                 lang: str = "fr", top: int | None = None, store: Store | None = None) -> int:
    """Write ``report`` to ``path``: ``.csv``, ``.xlsx`` (headers in ``lang``) or ``.pdf`` (bilingual).

    Returns the number of rows written (totals rows included). Raises
    :class:`UserError` for another suffix (before anything is written),
    :class:`PermissionDenied` without the import/export permission and
    :class:`EnvironmentFault` when the file cannot be written — then nothing is
    left behind, and no event is logged.
    """
    require(actor, Permission.IMPORT_EXPORT)
    file_type = _file_type(path)
    tables = _tables(report, lang, top)
    pdf = b""
    if file_type == "pdf":
        pdf = table_report_pdf(report_document(report, top=top), store or setup.get_store(db))
    temporary = temporary_path(path)
    try:
        with temporary.open("wb") as out:
            if file_type == "pdf":
                out.write(pdf)
                count = sum(len(rows) for _header, rows in tables)
            else:
                count = _write_tables(out, file_type, tables)
            out.flush()
            os.fsync(out.fileno())
        # Logged before the file appears: no export leaves the store unrecorded.
        with db.write() as uow:
            log_event(uow, actor, "export", rows=count, file=path.name, format=file_type,
                      **_describe(report, top))
            uow.commit()
        os.replace(temporary, path)
    except OSError as exc:
        raise write_fault(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):  # an unreachable folder holds no temporary file
            temporary.unlink(missing_ok=True)
    return count
