"""Setting a store up without the window: ``store``, ``site``, ``register`` and ``user``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from possouk.app import App
from possouk.cli.common import (
    Subparsers,
    add_command,
    add_group,
    add_json_option,
    parse_day,
    parse_time_of_day,
    time_of_day,
)
from possouk.cli.output import amount, emit_json, fields, role_label, say, table, yes_no
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Role, Store
from possouk.domain.money import format_rate_plain, parse_amount, parse_rate
from possouk.i18n import _
from possouk.i18n.formatting import format_date, format_money, format_rate
from possouk.services import maintenance, setup, users
from possouk.services.events import COMMAND_LINE

# --option → Store field, for the free-text settings of ``store set``.
_STORE_TEXT_OPTIONS = {
    "name_ar": "name_ar", "name_fr": "name_fr", "address": "address", "ice": "ice",
    "if_number": "if_number", "rc": "rc", "phone": "phone", "footer": "receipt_footer",
}


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the setup sub-commands."""
    store = add_group(subparsers, "store", _("the store's identity and defaults"), common)
    cmd = add_command(store, "set", _("change the store's identity or defaults"), common, store_set)
    cmd.add_argument("--name-ar", help=_("name in Arabic"))
    cmd.add_argument("--name-fr", help=_("name in French"))
    cmd.add_argument("--address", help=_("postal address"))
    cmd.add_argument("--ice", help=_("ICE (15 digits)"))
    cmd.add_argument("--if", dest="if_number", metavar="IF", help=_("IF (tax identifier)"))
    cmd.add_argument("--rc", help=_("RC (trade register number)"))
    cmd.add_argument("--phone", help=_("phone number"))
    cmd.add_argument("--footer", help=_("text printed at the foot of receipts"))
    cmd.add_argument("--commission", metavar="PCT",
                     help=_("default commission kept by the store, in percent (e.g. 10)"))
    cmd.add_argument("--day-cutoff", metavar="HH:MM",
                     help=_("local time at which a business day ends (e.g. 04:00)"))
    cmd.add_argument("--cash-rounding", metavar="AMOUNT",
                     help=_("round cash totals to this amount (e.g. 0.10); 0 for none"))
    cmd.add_argument("--cash-tolerance", metavar="AMOUNT",
                     help=_("a closing's difference beyond this amount needs a supervisor "
                            "(e.g. 2.00)"))
    cmd.add_argument("--group-receipts", choices=("yes", "no"),
                     help=_("list receipt lines under one heading per cooperative"))
    cmd = add_command(store, "show", _("show the store's identity and defaults"), common, store_show)
    add_json_option(cmd)

    site = add_group(subparsers, "site", _("market sites"), common)
    cmd = add_command(site, "add", _("add a market site"), common, site_add)
    cmd.add_argument("code", help=_("short code of the site, e.g. MEK"))
    cmd.add_argument("--name-ar", required=True, help=_("name in Arabic"))
    cmd.add_argument("--name-fr", required=True, help=_("name in French"))
    cmd.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    cmd.add_argument("--to", dest="date_to", metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    cmd.add_argument("--allow-oversell", action="store_true",
                     help=_("let cashiers sell beyond the stock on hand (such lines are flagged)"))
    cmd = add_command(site, "list", _("list the sites"), common, site_list)
    add_json_option(cmd)

    register = add_group(subparsers, "register", _("registers (tills) of the sites"), common)
    cmd = add_command(register, "add", _("add a register to a site"), common, register_add)
    cmd.add_argument("code", help=_("code of the register; it prefixes its receipt numbers"))
    cmd.add_argument("--site", required=True, metavar="SITE_CODE", help=_("the site's code"))
    cmd = add_command(register, "list", _("list the registers"), common, register_list)
    add_json_option(cmd)

    user = add_group(subparsers, "user", _("the people who use possouk"), common)
    cmd = add_command(user, "add", _("add a user"), common, user_add)
    cmd.add_argument("login", help=_("the login"))
    cmd.add_argument("--name", required=True, help=_("the name shown on screen and receipts"))
    cmd.add_argument("--role", required=True, choices=[r.value for r in Role], help=_("the role"))
    cmd.add_argument("--pin", help=_("4 to 12 digits; without it, the PIN is read from standard "
                                     "input (safer: a PIN typed here stays in the shell history)"))
    cmd = add_command(user, "list", _("list the users"), common, user_list)
    add_json_option(cmd)
    cmd = add_command(user, "unlock", _("unlock a user locked out after wrong PINs"), common, user_unlock)
    cmd.add_argument("login", help=_("the login"))


def store_set(app: App, args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {
        field: getattr(args, option) for option, field in _STORE_TEXT_OPTIONS.items()
        if getattr(args, option) is not None
    }
    if args.commission is not None:
        changes["default_commission"] = parse_rate(args.commission)
    if args.day_cutoff is not None:
        changes["day_cutoff_minutes"] = parse_time_of_day(args.day_cutoff)
    if args.cash_rounding is not None:
        changes["cash_rounding"] = parse_amount(args.cash_rounding)
    if args.cash_tolerance is not None:
        changes["cash_tolerance"] = parse_amount(args.cash_tolerance)
    grouping = getattr(args, "group_receipts", None)
    if not changes and grouping is None:
        raise UserError(N_("Nothing to change: give at least one option (see possouk store set --help)."))
    if changes:
        setup.update_store(app.db, COMMAND_LINE, **changes)
    if grouping is not None:
        from possouk.services import receipts  # the receipt stack loads on first use

        receipts.set_receipt_grouping(app.db, COMMAND_LINE, grouping == "yes")
    say(N_("The store settings were saved."))
    return 0


def store_json(store: Store) -> dict[str, Any]:
    return {
        "name_ar": store.name_ar, "name_fr": store.name_fr, "address": store.address,
        "ice": store.ice, "if": store.if_number, "rc": store.rc, "phone": store.phone,
        "footer": store.receipt_footer,
        "commission_pct": format_rate_plain(store.default_commission),
        "day_cutoff": time_of_day(store.day_cutoff_minutes),
        "cash_rounding": amount(store.cash_rounding), "cash_tolerance": amount(store.cash_tolerance),
        "currency": store.currency,
    }


def store_show(app: App, args: argparse.Namespace) -> int:
    store = setup.get_store(app.db)
    if args.json:
        emit_json(store_json(store))
        return 0
    fields([
        (_("Name (Arabic)"), store.name_ar), (_("Name (French)"), store.name_fr),
        (_("Address"), store.address), (_("ICE"), store.ice), (_("IF"), store.if_number),
        (_("RC"), store.rc), (_("Phone"), store.phone), (_("Receipt footer"), store.receipt_footer),
        (_("Default commission"), format_rate(store.default_commission)),
        (_("Business day ends at"), time_of_day(store.day_cutoff_minutes)),
        (_("Cash rounding"), format_money(store.cash_rounding) if store.cash_rounding else _("none")),
        (_("Tolerance at closing"), format_money(store.cash_tolerance)),
        (_("Currency"), store.currency),
    ])
    return 0


def site_add(app: App, args: argparse.Namespace) -> int:
    site = setup.add_site(
        app.db, COMMAND_LINE, args.code, args.name_ar, args.name_fr,
        starts_on=parse_day(args.date_from), ends_on=parse_day(args.date_to),
        allow_oversell=args.allow_oversell,
    )
    say(N_("Site {code} added: {name_fr} / {name_ar}."),
        code=site.code, name_fr=site.name_fr, name_ar=site.name_ar)
    return 0


def site_list(app: App, args: argparse.Namespace) -> int:
    sites = maintenance.sites(app.db)
    if args.json:
        emit_json([
            {"code": s.code, "name_ar": s.name_ar, "name_fr": s.name_fr,
             "from": s.starts_on.isoformat() if s.starts_on else None,
             "to": s.ends_on.isoformat() if s.ends_on else None,
             "allow_oversell": s.allow_oversell}
            for s in sites
        ])
        return 0
    if not sites:
        say(N_("No site yet: add one with possouk site add."))
        return 0
    table(
        [_("Code"), _("French name"), _("Arabic name"), _("From"), _("To"), _("Oversell")],
        [[s.code, s.name_fr, s.name_ar, format_date(s.starts_on) if s.starts_on else "",
          format_date(s.ends_on) if s.ends_on else "", yes_no(s.allow_oversell)] for s in sites],
    )
    return 0


def register_add(app: App, args: argparse.Namespace) -> int:
    register = setup.add_register(app.db, COMMAND_LINE, args.code, args.site)
    say(N_("Register {code} added at site {site}."), code=register.code, site=register.site_code)
    return 0


def register_list(app: App, args: argparse.Namespace) -> int:
    registers = maintenance.registers(app.db)
    if args.json:
        emit_json([{"code": r.code, "site": r.site_code} for r in registers])
        return 0
    if not registers:
        say(N_("No register yet: add one with possouk register add."))
        return 0
    table([_("Code"), _("Site")], [[r.code, r.site_code] for r in registers])
    return 0


def read_pin(given: str | None) -> str:
    """The PIN from ``--pin``, else from standard input: asked twice on a terminal,
    one line when piped."""
    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(_("PIN: "))
        second = getpass.getpass(_("The same PIN again: "))
        if first != second:
            raise UserError(N_("The two PINs differ; nothing was changed."))
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line.strip():
        raise UserError(N_("No PIN was given: use --pin, or write the PIN on standard input."))
    return line.strip()


def user_add(app: App, args: argparse.Namespace) -> int:
    user = users.add_user(app.db, COMMAND_LINE, args.login, args.name, args.role, read_pin(args.pin))
    say(N_("User {login} ({name}) added as {role}."),
        login=user.login, name=user.display_name, role=role_label(user.role))
    return 0


def user_list(app: App, args: argparse.Namespace) -> int:
    people = users.users(app.db)
    if args.json:
        emit_json([
            {"login": u.login, "name": u.display_name, "role": u.role.value,
             "active": u.active, "locked": u.locked}
            for u in people
        ])
        return 0
    if not people:
        say(N_("No user yet: add one with possouk user add."))
        return 0
    table(
        [_("Login"), _("Name"), _("Role"), _("Active"), _("Locked")],
        [[u.login, u.display_name, role_label(u.role), yes_no(u.active), yes_no(u.locked)] for u in people],
    )
    return 0


def user_unlock(app: App, args: argparse.Namespace) -> int:
    users.unlock(app.db, COMMAND_LINE, args.login)
    say(N_("User {login} is unlocked."), login=args.login)
    return 0
