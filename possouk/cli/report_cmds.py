"""The organizers' reports: ``possouk report sales|impact|stock``.

``report sales --by cooperative|product|category|site|register|cashier|hour|day``
sums the sales, refunds, net, the store's commission and the cooperatives'
share of a period; ``report impact`` is the view for the region and the
ministry; ``report stock`` the goods left per cooperative. The period is given
in business days with ``--from`` and ``--to`` (both included); without them it
is the current month so far: ``--to`` defaults to today's business day and
``--from`` to the first day of ``--to``'s month.

Without an output option the report is printed as a table; ``--json`` prints it
for programs; ``--csv FILE``, ``--xlsx FILE`` and ``--pdf FILE`` write files
(several may be given at once). Everything is checked before anything is
written, and every file is written whole or not at all.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group, add_json_option, parse_day
from possouk.cli.output import amount, emit, emit_json, fields, plural, quantity, say, table
from possouk.domain.errors import N_, UserError
from possouk.domain.report import Dimension, ImpactReport, SalesReport, share_bp
from possouk.i18n import _, current_language
from possouk.services.events import COMMAND_LINE

__all__ = ["add_commands"]

_OUTPUTS = (("csv", ".csv"), ("xlsx", ".xlsx"), ("pdf", ".pdf"))


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``report sales``, ``report impact`` and ``report stock``."""
    group = add_group(subparsers, "report", _("the organizers' reports: sales, impact, stock left"),
                      common)

    cmd = add_command(group, "sales", _("sales, refunds, commission and the cooperatives' share "
                                        "of a period, by one dimension"), common, report_sales)
    _period_options(cmd)
    cmd.add_argument("--by", default=Dimension.COOPERATIVE.value, metavar="DIMENSION",
                     help=_("cooperative, product, category, site, register, cashier, hour or day "
                            "(default: cooperative)"))
    _site_option(cmd)
    cmd.add_argument("--top", metavar="N",
                     help=_("with --by product: only the N best products by net"))
    _output_options(cmd)

    cmd = add_command(group, "impact", _("what a period brought to the cooperatives, who they are, "
                                         "and the visitors served"), common, report_impact)
    _period_options(cmd)
    _site_option(cmd)
    _output_options(cmd)

    cmd = add_command(group, "stock", _("the goods left on the shelves per cooperative, at shelf "
                                        "prices"), common, report_stock)
    _site_option(cmd)
    _output_options(cmd)


def _top(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        number = int(text.strip())
    except ValueError:
        number = 0
    if number < 1:
        raise UserError(N_("--top needs a whole number of at least 1, not “{text}”."), text=text)
    return number


def _period_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                     help=_("first business day (default: the first day of --to's month)"))
    cmd.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                     help=_("last business day (default: today's business day)"))


def _site_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--site", metavar="CODE", help=_("only this site (default: every site)"))


def _output_options(cmd: argparse.ArgumentParser) -> None:
    add_json_option(cmd)
    cmd.add_argument("--csv", metavar="FILE", type=Path,
                     help=_("write the report to a CSV file (UTF-8)"))
    cmd.add_argument("--xlsx", metavar="FILE", type=Path,
                     help=_("write the report to an Excel workbook"))
    cmd.add_argument("--pdf", metavar="FILE", type=Path,
                     help=_("write the report as a bilingual A4 PDF"))


# --- checks ------------------------------------------------------------------------------


def _period(app: App, args: argparse.Namespace) -> tuple[date, date]:
    first, last = parse_day(args.date_from), parse_day(args.date_to)
    if last is None:
        from possouk.services.report_files import today

        last = today(app.db)
        if first is not None and first > last:
            last = first  # a period starting after today is asked for on purpose: that day only
    if first is None:
        first = last.replace(day=1)
    if last < first:
        raise UserError(N_("The period ends before it starts ({start} to {end})."),
                        start=first.isoformat(), end=last.isoformat())
    return first, last


def _files(args: argparse.Namespace) -> list[Path]:
    """The files asked for, their suffixes checked, before anything is computed or written."""
    files: list[Path] = []
    for option, suffix in _OUTPUTS:
        path: Path | None = getattr(args, option)
        if path is None:
            continue
        if path.suffix.lower() != suffix:
            raise UserError(N_("The file of --{option} must end in {suffix}, not “{name}”."),
                            option=option, suffix=suffix, name=path.name)
        files.append(path)
    if len(set(files)) < len(files):
        raise UserError(N_("Give each output a file of its own."))
    return files


def _dimension(text: str) -> Dimension:
    try:
        return Dimension(text.strip().lower())
    except ValueError:
        raise UserError(N_("Reports are by cooperative, product, category, site, register, "
                           "cashier, hour or day, not “{by}”."), by=text) from None


def _write(app: App, args: argparse.Namespace, files: list[Path], report: Any,
           top: int | None = None) -> None:
    from possouk.services import report_files

    for path in files:
        rows = report_files.write_report(app.db, COMMAND_LINE, path, report,
                                         lang=current_language(), top=top)
        emit(plural("{n} row written to {file}.", "{n} rows written to {file}.", rows,
                    file=str(path)))


# --- sales -------------------------------------------------------------------------------


def _sales_json(report: SalesReport, top: int | None) -> dict[str, Any]:
    product = report.dimension is Dimension.PRODUCT
    return {
        "from": report.start.isoformat(), "to": report.end.isoformat(),
        "by": report.dimension.value, "site": report.site_code, "top": top,
        "receipts": report.receipts,
        "rows": [{
            "key": r.key, "name_fr": r.name_fr, "name_ar": r.name_ar, "receipts": r.receipts,
            **({"quantity": quantity(r.quantity or 0)} if product else {}),
            "sales": amount(r.sales), "refunds": amount(r.refunds), "net": amount(r.net),
            "commission": amount(r.commission), "cooperative_share": amount(r.cooperative_share),
        } for r in report.rows],
        "totals": {"sales": amount(report.sales), "refunds": amount(report.refunds),
                   "net": amount(report.net), "commission": amount(report.commission),
                   "cooperative_share": amount(report.cooperative_share)},
    }


def report_sales(app: App, args: argparse.Namespace) -> int:
    dimension = _dimension(args.by)
    top = _top(args.top)
    if top is not None and dimension is not Dimension.PRODUCT:
        raise UserError(N_("--top goes with --by product only."))
    start, end = _period(app, args)
    files = _files(args)
    from dataclasses import replace

    from possouk.services import analytics, report_files

    report = analytics.sales_report(app.db, start, end, dimension, site_code=args.site)
    if top is not None:
        best = analytics.top_products(app.db, start, end, limit=top, site_code=args.site)
        report = replace(report, rows=tuple(best))
    if args.json:
        emit_json(_sales_json(report, top))
    if files:
        _write(app, args, files, report, top)
    if args.json or files:
        return 0
    lang = current_language()
    grid = report_files.sales_grid(report, lang, top=top)
    _heading(_(report_files.SALES_TITLES[dimension]), start, end, args.site)
    if not report.rows:
        say(report_files.NO_SALES)
        return 0
    _print_grid(report_files.terminal_grid(grid, lang), lang)
    return 0


# --- impact ------------------------------------------------------------------------------


def _impact_json(report: ImpactReport) -> dict[str, Any]:
    return {
        "from": report.start.isoformat(), "to": report.end.isoformat(), "site": report.site_code,
        "net": amount(report.net), "owed": amount(report.owed),
        "cooperatives": report.cooperatives, "cooperatives_listed": report.cooperatives_listed,
        "products": report.products,
        "women_led_owed": amount(report.women_led_owed),
        "women_led_share_pct": amount(report.women_led_share_bp),
        "youth_led_owed": amount(report.youth_led_owed),
        "youth_led_share_pct": amount(report.youth_led_share_bp),
        "visitors": report.visitors,
        "by_province": [{"province": p.province, "cooperatives": p.cooperatives,
                         "net": amount(p.net), "owed": amount(p.owed),
                         "share_pct": amount(share_bp(p.owed, report.owed))}
                        for p in report.by_province],
        "visitors_per_day": {d.isoformat(): n for d, n in sorted(report.visitors_per_day.items())},
    }


def report_impact(app: App, args: argparse.Namespace) -> int:
    start, end = _period(app, args)
    files = _files(args)
    from possouk.services import analytics, report_files

    report = analytics.impact(app.db, start, end, site_code=args.site)
    if args.json:
        emit_json(_impact_json(report))
    if files:
        _write(app, args, files, report)
    if args.json or files:
        return 0
    lang = current_language()
    summary, provinces, days = report_files.impact_grids(report, lang)
    _heading(_(report_files.IMPACT_TITLE), start, end, args.site)
    fields([(str(label), str(value)) for label, value in summary.rows[1:]])
    if report.by_province:
        emit()
        emit(_(provinces.heading))
        _print_grid(provinces, lang)
    if report.visitors_per_day:
        emit()
        emit(_(days.heading))
        _print_grid(days, lang)
    return 0


# --- stock -------------------------------------------------------------------------------


def report_stock(app: App, args: argparse.Namespace) -> int:
    files = _files(args)
    from possouk.services import report_files

    report = report_files.stock_report(app.db, site_code=args.site)
    if args.json:
        emit_json({"as_of": report.as_of.isoformat(), "site": report.site_code,
                   "value": amount(report.value),
                   "rows": [{"code": r.code, "name_fr": r.name_fr, "name_ar": r.name_ar,
                             "products": r.products, "value": amount(r.value)}
                            for r in report.rows]})
    if files:
        _write(app, args, files, report)
    if args.json or files:
        return 0
    lang = current_language()
    emit(_(report_files.STOCK_TITLE))
    say(report_files.AS_OF_LINE, day=report.as_of.isoformat())
    _site_line(args.site)
    if not report.rows:
        say(report_files.NO_STOCK)
        return 0
    emit()
    _print_grid(report_files.terminal_grid(report_files.stock_grid(report.rows, lang), lang), lang)
    return 0


# --- terminal ----------------------------------------------------------------------------


def _heading(title: str, start: date, end: date, site: str | None) -> None:
    from possouk.services import report_files

    emit(title)
    say(report_files.PERIOD_LINE, start=start.isoformat(), end=end.isoformat())
    _site_line(site)
    say(report_files.AMOUNTS_LINE)
    emit()


def _site_line(site: str | None) -> None:
    from possouk.services import report_files

    if site:
        say(report_files.SITE_LINE, site=site)
    else:
        say(report_files.ALL_SITES)


def _print_grid(grid: Any, lang: str) -> None:
    from possouk.services import report_files

    header, rows, numeric = report_files.grid_texts(grid, lang)
    table(header, rows, numeric)
