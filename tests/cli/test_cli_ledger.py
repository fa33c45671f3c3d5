"""Listings and integrity from the command line: cooperatives, products, stock, verify."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from tests.cli.conftest import Cli
from tests.conftest import Market


def test_cooperative_list(market: Market, cli: Cli) -> None:
    data = cli("cooperative", "list", "--json").json()
    assert [c["code"] for c in data] == ["COOP1", "COOP2"]
    assert data[0] == {
        "code": "COOP1", "name_ar": "تعاونية النحل", "name_fr": "Coopérative des abeilles",
        "registration": "", "ice": "", "province": "", "phone": "", "contact": "", "rib": "",
        "commission_pct": "10", "minimum_payout": "0.00", "women_led": False, "youth_led": False,
        "active": True,
    }
    human = cli("cooperative", "list")
    assert human.code == 0
    assert "Coopérative des abeilles" in human.out and "15%" in human.out


def test_product_list_and_search(market: Market, cli: Cli) -> None:
    products = cli("product", "list", "--json").json()
    honey = next(p for p in products if p["sku"] == "HON-1")
    assert honey == {
        "sku": "HON-1", "barcode": market.honey.barcode, "cooperative": "COOP1",
        "name_ar": "عسل الزعتر", "name_fr": "Miel de thym", "category": "honey", "unit": "piece",
        "price": "120.00", "min_price": "100.00", "vat_pct": "0", "active": True, "scale_code": None,
    }
    assert {p["sku"] for p in cli("product", "list", "--cooperative", "COOP2", "--json").json()} == {
        "OIL-1", "SOAP-1"}
    assert cli("product", "list", "--cooperative", "NOPE").code == 1

    found = cli("product", "search", "miel", "--json").json()
    assert [p["sku"] for p in found] == ["HON-1"]
    assert [p["sku"] for p in cli("product", "search", "زيت", "--json").json()] == ["OIL-1"]
    assert [p["sku"] for p in cli("product", "search", market.figs.barcode, "--json").json()] == ["FIG-1"]
    human = cli("product", "search", "figues")
    assert "Figues sèches" in human.out and "45.00" in human.out
    assert "No product matches" in cli("product", "search", "caviar").out


def test_stock_levels(market: Market, cli: Cli) -> None:
    market.sell([(market.figs, 750), (market.honey, 2000)])
    levels = {row["sku"]: row for row in cli("stock", "--json").json()}
    assert levels["FIG-1"] == {
        "site": "MEK", "sku": "FIG-1", "cooperative": "COOP1", "name_ar": "تين مجفف",
        "name_fr": "Figues sèches", "unit": "kg", "on_hand": "9.25",
    }
    assert levels["HON-1"]["on_hand"] == "18"
    human = cli("stock", "--site", "MEK")
    assert human.code == 0
    assert "9.250" in human.out and "Huile d'olive" in human.out


def test_verify_clean_ledger(market: Market, cli: Cli) -> None:
    market.sell([(market.honey, 1000)])
    market.sell([(market.soap, 2000)])
    result = cli("verify")
    assert result.code == 0, result.out + result.err
    assert result.out.count("\n") == 1
    assert result.out.startswith("2 sales, 2 stock documents, ")
    assert result.out.rstrip().endswith("every chain holds.")
    data = cli("verify", "--json").json()
    assert data["ok"] is True and data["sales"] == 2 and data["findings"] == []


def test_verify_after_tampering(market: Market, cli: Cli) -> None:
    first = market.sell([(market.honey, 1000), (market.figs, 500)])
    market.sell([(market.soap, 2000)])
    with closing(sqlite3.connect(cli.db_path)) as conn:
        conn.execute("DROP TRIGGER possouk_final_sale_lines_update")
        conn.execute("UPDATE sale_lines SET unit_price = unit_price - 100 WHERE id = ?",
                     (first.lines[1].id,))
        conn.commit()

    result = cli("verify")
    assert result.code == 1
    assert "register MEK1 no. 1: its content does not match its hash" in result.out.splitlines()
    assert any("possouk_final_sale_lines_update" in line for line in result.out.splitlines())
    assert "ledger does not hold" in result.err
    assert "Traceback" not in result.err

    data = cli("verify", "--json").json()
    assert data["ok"] is False
    assert {"chain": "register MEK1", "number": 1, "kind": "altered",
            "message": "its content does not match its hash"} in data["findings"]
    assert {f["kind"] for f in data["findings"]} >= {"altered", "unprotected"}
