"""``possouk close-day``, ``close-month``, ``close-year`` and ``closings``: a site's periods.

An organizer closes (``--user LOGIN``, PIN from ``--pin`` or standard input).
``close-day --preview`` shows what the closing would freeze without writing it.
"""

from __future__ import annotations

import argparse
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_json_option, parse_day
from possouk.cli.output import emit, emit_json, fields, say, table
from possouk.cli.session_cmds import authenticated
from possouk.domain.closing import Closing, ClosingKind, PeriodFigures
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.money import format_plain
from possouk.i18n import _
from possouk.i18n.categories import category_label
from possouk.i18n.formatting import format_datetime, format_money
from possouk.services import closings

__all__ = ["add_commands", "closing_json"]

_METHODS = {PaymentMethod.CASH: N_("Cash"), PaymentMethod.CARD: N_("Card"),
            PaymentMethod.MOBILE: N_("Mobile payment"), PaymentMethod.TRANSFER: N_("Bank transfer")}
_KIND_TITLES = {ClosingKind.DAY: N_("Day closing {reference} of {period} at site {site}"),
                ClosingKind.MONTH: N_("Month closing {reference} of {period} at site {site}"),
                ClosingKind.YEAR: N_("Year closing {reference} of {period} at site {site}")}


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register ``close-day``, ``close-month``, ``close-year`` and ``closings``."""
    cmd = add_command(subparsers, "close-day", _("close a business day at a site, once every "
                                                 "register there is closed"), common, close_day)
    _site_and_user(cmd)
    cmd.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the business day"))
    cmd.add_argument("--preview", action="store_true",
                     help=_("show the day's figures without closing it"))
    add_json_option(cmd)

    cmd = add_command(subparsers, "close-month", _("close a month at a site from its day closings"),
                      common, close_month)
    _site_and_user(cmd)
    cmd.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month"))
    add_json_option(cmd)

    cmd = add_command(subparsers, "close-year", _("close a year at a site from its month closings"),
                      common, close_year)
    _site_and_user(cmd)
    cmd.add_argument("--year", required=True, metavar="YYYY", help=_("the year"))
    add_json_option(cmd)

    cmd = add_command(subparsers, "closings", _("list the closings, or show one"), common,
                      closings_command)
    cmd.add_argument("--kind", choices=[k.value for k in ClosingKind], default=ClosingKind.DAY.value,
                     help=_("day, month or year closings (default: day)"))
    cmd.add_argument("--site", metavar="CODE", help=_("only this site's closings"))
    cmd.add_argument("--period", metavar="PERIOD",
                     help=_("show the closing of this day, month or year (needs --site)"))
    add_json_option(cmd)


def _site_and_user(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--site", required=True, metavar="CODE", help=_("the site's code"))
    cmd.add_argument("--user", metavar="LOGIN", help=_("the organizer who closes"))
    cmd.add_argument("--pin", help=_("their PIN (else read from standard input)"))


def figures_json(figures: PeriodFigures) -> dict[str, Any]:
    return {
        "sales": figures.sales_count, "refunds": figures.refunds_count,
        "sales_total": format_plain(figures.sales_total),
        "refunds_total": format_plain(figures.refunds_total), "net": format_plain(figures.net),
        "manual_entries": figures.manual_entries, "discounts": format_plain(figures.discounts),
        "price_overrides": figures.price_overrides,
        "commission": format_plain(figures.commission),
        "owed_to_cooperatives": format_plain(figures.owed_to_cooperatives),
        "by_register": {k: {"sales": v.sales_count, "refunds": v.refunds_count,
                            "net": format_plain(v.net)} for k, v in figures.by_register.items()},
        "by_method": {m.value: format_plain(a) for m, a in figures.by_method.items()},
        "by_cooperative": {k: {"net": format_plain(v.net), "commission": format_plain(v.commission),
                               "owed": format_plain(v.owed)}
                           for k, v in figures.by_cooperative.items()},
        "by_category": {k: format_plain(v) for k, v in figures.by_category.items()},
        "cash_differences": {k: format_plain(v) for k, v in figures.cash_differences.items()},
        "periods": list(figures.periods),
    }


def closing_json(done: Closing) -> dict[str, Any]:
    return {"reference": done.reference, "kind": done.kind.value, "site": done.site_code,
            "period": done.period, "closed_at": done.created_at.isoformat(),
            "closed_by": done.closed_by, "hash": done.hash, **figures_json(done.figures)}


def _show(figures: PeriodFigures) -> None:
    fields([
        (_("Number of sales"), str(figures.sales_count)),
        (_("Number of refunds"), str(figures.refunds_count)),
        (_("Sales"), format_money(figures.sales_total)),
        (_("Refunds"), format_money(figures.refunds_total)),
        (_("Net"), format_money(figures.net)),
        (_("Discounts"), format_money(figures.discounts)),
        (_("Price overrides"), str(figures.price_overrides)),
        (_("Manual entries"), str(figures.manual_entries)),
        (_("Store's commission"), format_money(figures.commission)),
        (_("Owed to the cooperatives"), format_money(figures.owed_to_cooperatives)),
    ])
    if figures.by_register:
        emit()
        table([_("Register"), _("Sales"), _("Refunds"), _("Net")],
              [[code, str(t.sales_count), str(t.refunds_count), format_money(t.net)]
               for code, t in figures.by_register.items()])
    if figures.by_method:
        emit()
        table([_("Method"), _("Amount")],
              [[_(_METHODS[m]), format_money(a)] for m, a in figures.by_method.items()])
    if figures.by_cooperative:
        emit()
        table([_("Cooperative"), _("Net"), _("Store's commission"), _("Owed")],
              [[code, format_money(c.net), format_money(c.commission), format_money(c.owed)]
               for code, c in figures.by_cooperative.items()])
    if figures.by_category:
        emit()
        table([_("Category"), _("Net")],
              [[category_label(c), format_money(n)] for c, n in figures.by_category.items()])
    if figures.cash_differences:
        emit()
        table([_("Z report"), _("Cash difference")],
              [[z, format_money(d)] for z, d in figures.cash_differences.items()])


def _done(args: argparse.Namespace, done: Closing) -> int:
    if args.json:
        emit_json(closing_json(done))
        return 0
    say(_KIND_TITLES[done.kind], reference=done.reference, period=done.period, site=done.site_code)
    say(N_("Closed by {name} at {time}."), name=done.closed_by, time=format_datetime(done.created_at))
    _show(done.figures)
    return 0


def close_day(app: App, args: argparse.Namespace) -> int:
    day = parse_day(args.date)
    assert day is not None
    if args.preview:
        site, figures = closings.day_figures(app.db, args.site, day)
        if args.json:
            emit_json({"site": site.code, "period": day.isoformat(), **figures_json(figures)})
            return 0
        say(N_("The figures of {day} at site {site} (not closed)."), day=day.isoformat(),
            site=site.code)
        _show(figures)
        return 0
    return _done(args, closings.close_day(app.db, _organizer(app, args), args.site, day))


def _organizer(app: App, args: argparse.Namespace) -> Any:
    if not args.user:
        raise UserError(N_("Say who closes: --user LOGIN (an organizer)."))
    return authenticated(app, args.user, args.pin)


def close_month(app: App, args: argparse.Namespace) -> int:
    return _done(args, closings.close_month(app.db, _organizer(app, args), args.site, args.month))


def close_year(app: App, args: argparse.Namespace) -> int:
    return _done(args, closings.close_year(app.db, _organizer(app, args), args.site, args.year))


def closings_command(app: App, args: argparse.Namespace) -> int:
    kind = ClosingKind(args.kind)
    if args.period:
        if not args.site:
            raise UserError(N_("Say which site: --site CODE."))
        return _done(args, closings.closing(app.db, args.site, kind, args.period))
    found = closings.closings(app.db, kind, args.site)
    if args.json:
        emit_json([closing_json(c) for c in found])
        return 0
    if not found:
        say(N_("No closing yet."))
        return 0
    table([_("Closing"), _("Site"), _("Period"), _("Net"), _("Closed by")],
          [[c.reference, c.site_code, c.period, format_money(c.figures.net), c.closed_by]
           for c in found])
    return 0
