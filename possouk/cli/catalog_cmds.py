"""Looking at the catalog and the stock: ``cooperative list``, ``product list|search``, ``stock``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from possouk.app import App
from possouk.cli.common import Subparsers, add_command, add_group, add_json_option
from possouk.cli.output import amount, emit_json, quantity, say, table, yes_no
from possouk.domain.barcode import ScaleRule, rules_to_json
from possouk.domain.errors import N_
from possouk.domain.model import Cooperative, Product, StockLevel
from possouk.domain.money import format_rate_plain
from possouk.i18n import _
from possouk.i18n.formatting import format_money, format_quantity, format_rate, unit_label
from possouk.services import catalog, stock
from possouk.services.events import COMMAND_LINE


def add_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Register the catalog and stock sub-commands."""
    group = add_group(subparsers, "cooperative", _("the cooperatives whose goods are sold"), common)
    cmd = add_command(group, "list", _("list the cooperatives"), common, cooperative_list)
    add_json_option(cmd)

    group = add_group(subparsers, "product", _("the products in the catalog"), common)
    cmd = add_command(group, "list", _("list the products"), common, product_list)
    cmd.add_argument("--cooperative", metavar="CODE", help=_("only this cooperative's products"))
    add_json_option(cmd)
    cmd = add_command(group, "search", _("find products by barcode, sku, or a name in Arabic "
                                         "or French"), common, product_search)
    cmd.add_argument("query", help=_("a barcode, the start of a sku, or words of a name"))
    add_json_option(cmd)

    group = add_group(subparsers, "scale-rules", _("how label-scale barcodes are read"), common)
    cmd = add_command(group, "show", _("show the label-scale barcode rules"), common, scale_rules_show)
    add_json_option(cmd)
    cmd = add_command(group, "set", _("replace the label-scale barcode rules"), common, scale_rules_set)
    cmd.add_argument("rules", metavar="JSON",
                     help=_("the rules as JSON, see docs/scale-barcodes.md"))

    cmd = add_command(subparsers, "stock", _("stock on hand per site and product"), common, stock_levels)
    cmd.add_argument("--site", metavar="CODE", help=_("only this site"))
    add_json_option(cmd)


def cooperative_json(c: Cooperative) -> dict[str, Any]:
    return {
        "code": c.code, "name_ar": c.name_ar, "name_fr": c.name_fr,
        "registration": c.registration, "ice": c.ice, "province": c.province, "phone": c.phone,
        "contact": c.contact, "rib": c.rib, "commission_pct": format_rate_plain(c.commission),
        "minimum_payout": amount(c.minimum_payout), "women_led": c.women_led,
        "youth_led": c.youth_led, "active": c.active,
    }


def cooperative_list(app: App, args: argparse.Namespace) -> int:
    cooperatives = catalog.cooperatives(app.db)
    if args.json:
        emit_json([cooperative_json(c) for c in cooperatives])
        return 0
    if not cooperatives:
        say(N_("No cooperative yet: import them with possouk import cooperatives FILE."))
        return 0
    table(
        [_("Code"), _("French name"), _("Arabic name"), _("Province"), _("Commission"), _("Active")],
        [[c.code, c.name_fr, c.name_ar, c.province, format_rate(c.commission), yes_no(c.active)]
         for c in cooperatives],
        right_aligned=[4],
    )
    return 0


def product_json(p: Product) -> dict[str, Any]:
    return {
        "sku": p.sku, "barcode": p.barcode, "cooperative": p.cooperative_code,
        "name_ar": p.name_ar, "name_fr": p.name_fr, "category": p.category, "unit": p.unit.value,
        "price": amount(p.price), "min_price": amount(p.min_price),
        "vat_pct": format_rate_plain(p.vat), "active": p.active, "scale_code": p.scale_code,
    }


def _print_products(products: list[Product], json_output: bool) -> None:
    if json_output:
        emit_json([product_json(p) for p in products])
        return
    table(
        [_("SKU"), _("Barcode"), _("French name"), _("Arabic name"), _("Cooperative"), _("Price"),
         _("Unit"), _("Scale code")],
        [[p.sku, p.barcode, p.name_fr, p.name_ar, p.cooperative_code, format_money(p.price),
          unit_label(p.unit), "" if p.scale_code is None else str(p.scale_code)] for p in products],
        right_aligned=[5],
    )


def product_list(app: App, args: argparse.Namespace) -> int:
    products = catalog.products(app.db, args.cooperative)
    if not products and not args.json:
        say(N_("No product yet: import them with possouk import products FILE."))
        return 0
    _print_products(products, args.json)
    return 0


def product_search(app: App, args: argparse.Namespace) -> int:
    products = catalog.search(app.db, args.query)
    if not products and not args.json:
        say(N_("No product matches “{query}”."), query=args.query)
        return 0
    _print_products(products, args.json)
    return 0


def _print_rules(rules: tuple[ScaleRule, ...], json_output: bool) -> None:
    if json_output:
        emit_json(json.loads(rules_to_json(rules)))
        return
    kinds = {"weight": _("weight in grams"), "price": _("price in centimes")}
    table(
        [_("Prefix"), _("Holds"), _("Scale code digits"), _("Value digits")],
        [[r.prefix, kinds[r.kind], str(r.item_digits), str(r.value_digits)] for r in rules],
    )


def scale_rules_show(app: App, args: argparse.Namespace) -> int:
    _print_rules(catalog.get_scale_rules(app.db), args.json)
    return 0


def scale_rules_set(app: App, args: argparse.Namespace) -> int:
    rules = catalog.set_scale_rules(app.db, COMMAND_LINE, args.rules)
    say(N_("The label-scale rules are saved."))
    _print_rules(rules, False)
    return 0


def stock_json(level: StockLevel) -> dict[str, Any]:
    return {
        "site": level.site_code, "sku": level.sku, "cooperative": level.cooperative_code,
        "name_ar": level.name_ar, "name_fr": level.name_fr, "unit": level.unit.value,
        "on_hand": quantity(level.on_hand),
    }


def stock_levels(app: App, args: argparse.Namespace) -> int:
    levels = stock.levels(app.db, args.site)
    if args.json:
        emit_json([stock_json(level) for level in levels])
        return 0
    if not levels:
        say(N_("No stock yet: record deposits with possouk import intake FILE."))
        return 0
    table(
        [_("Site"), _("SKU"), _("French name"), _("Arabic name"), _("Cooperative"), _("On hand")],
        [[v.site_code, v.sku, v.name_fr, v.name_ar, v.cooperative_code,
          format_quantity(v.on_hand, v.unit)] for v in levels],
        right_aligned=[5],
    )
    return 0
