"""Files in and out from the command line, and the demo store."""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.cli.conftest import Cli
from tests.conftest import Market

COOPERATIVES = (
    "code,name_ar,name_fr,registration,ice,province,phone,rib,commission_pct,women_led,youth_led\n"
    "AML,تعاونية الأمل,Coopérative Al Amal,2019/12,,Meknès,,,\"12,5\",oui,0\n"
    "NOUR,تعاونية النور,Coopérative Nour,,,El Hajeb,,,10,no,yes\n"
)
PRODUCTS = (
    "cooperative_code,sku,barcode,name_ar,name_fr,category,unit,price,min_price,vat_pct\n"
    "AML,AML-1,,عسل الزعتر,Miel de thym,honey,piece,\"120,50\",100,0\n"
    "NOUR,NOUR-1,,تين مجفف,Figues sèches,figs,kg,45.00,,0\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _count(cli: Cli, table: str) -> int:
    with closing(sqlite3.connect(cli.db_path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _set_up_site(cli: Cli) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    assert cli("register", "add", "MEK1", "--site", "MEK").code == 0


def test_import_cooperatives_products_and_intake(cli: Cli, tmp_path: Path) -> None:
    _set_up_site(cli)
    result = cli("import", "cooperatives", str(_write(tmp_path / "coops.csv", COOPERATIVES)))
    assert result.code == 0, result.err
    assert "2 rows imported" in result.out
    coops = {c["code"]: c for c in cli("cooperative", "list", "--json").json()}
    assert coops["AML"]["commission_pct"] == "12.5" and coops["AML"]["women_led"] is True
    assert coops["NOUR"]["youth_led"] is True

    result = cli("import", "products", str(_write(tmp_path / "products.csv", PRODUCTS)))
    assert result.code == 0, result.err
    products = {p["sku"]: p for p in cli("product", "list", "--json").json()}
    assert products["AML-1"]["price"] == "120.50" and products["AML-1"]["min_price"] == "100.00"
    assert products["NOUR-1"]["unit"] == "kg"

    intake = "site,cooperative_code,sku,quantity\nMEK,AML,AML-1,12\nMEK,NOUR,NOUR-1,\"2,5\"\n"
    result = cli("import", "intake", str(_write(tmp_path / "intake.csv", intake)))
    assert result.code == 0, result.err
    levels = {row["sku"]: row["on_hand"] for row in cli("stock", "--json").json()}
    assert levels == {"AML-1": "12", "NOUR-1": "2.5"}

    assert cli("user", "add", "amina", "--name", "Amina", "--role", "cashier", "--pin", "1234").code == 0
    paper = (
        "ref,datetime,site,register,cashier,sku,quantity,unit_price,payment\n"
        "P-1,2025-05-12 10:30,MEK,MEK1,amina,AML-1,2,\"120,50\",cash\n"
        "P-1,2025-05-12 10:30,MEK,MEK1,amina,NOUR-1,0.5,45,cash\n"
    )
    result = cli("import", "sales", str(_write(tmp_path / "paper.csv", paper)))
    assert result.code == 0, result.err
    assert "2 rows imported" in result.out and "1 document recorded" in result.out
    levels = {row["sku"]: row["on_hand"] for row in cli("stock", "--json").json()}
    assert levels == {"AML-1": "10", "NOUR-1": "2"}
    verified = cli("verify", "--json").json()
    assert verified["ok"] and verified["sales"] == 1


def test_import_refuses_the_whole_file_and_lists_each_problem(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", "cooperatives", str(_write(tmp_path / "coops.csv", COOPERATIVES))).code == 0
    bad = (
        "cooperative_code,sku,barcode,name_ar,name_fr,category,unit,price,min_price,vat_pct\n"
        "AML,AML-1,,عسل,Miel,honey,piece,120,,0\n"
        "GHOST,G-1,,شيء,Chose,misc,piece,10,,0\n"
        "AML,AML-2,,عسل,Miel,honey,piece,douze,,0\n"
    )
    result = cli("import", "products", str(_write(tmp_path / "bad.csv", bad)))
    assert result.code == 1
    lines = result.err.splitlines()
    assert any(line.startswith("row 3") for line in lines), result.err
    assert any(line.startswith("row 4") for line in lines), result.err
    assert "Traceback" not in result.err
    assert _count(cli, "products") == 0


def test_import_refuses_a_bidi_control_in_a_name(cli: Cli, tmp_path: Path) -> None:
    text = COOPERATIVES.replace("Coopérative Nour", "Coopérative \u202eNour")
    result = cli("import", "cooperatives", str(_write(tmp_path / "coops.csv", text)))
    assert result.code == 1
    assert "U+202E" in result.err and "row 3" in result.err
    assert _count(cli, "cooperatives") == 0


def test_import_of_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "products", str(tmp_path / "nowhere.csv"))
    assert result.code == 1
    assert "There is no file" in result.err


def test_export_cooperatives_and_products(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", "cooperatives", str(_write(tmp_path / "coops.csv", COOPERATIVES))).code == 0
    assert cli("import", "products", str(_write(tmp_path / "products.csv", PRODUCTS))).code == 0
    target = tmp_path / "out" / "cooperatives.csv"
    target.parent.mkdir()
    result = cli("export", "cooperatives", str(target))
    assert result.code == 0, result.err
    assert "2 rows written" in result.out
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["code"] for row in rows} == {"AML", "NOUR"}

    xlsx = tmp_path / "out" / "products.xlsx"
    result = cli("export", "products", str(xlsx))
    assert result.code == 0, result.err
    assert xlsx.stat().st_size > 0


def test_export_refuses_reversed_dates(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", "sales", str(tmp_path / "s.csv"), "--from", "2025-05-17", "--to", "2025-05-10")
    assert result.code == 1
    assert "before the first day" in result.err


def test_demo_prints_the_pins_and_refuses_a_second_run(cli: Cli) -> None:
    result = cli("demo", "--sales", "8", "--seed", "3")
    assert result.code == 0, result.err
    assert "Demo store ready: 2 sites" in result.out
    for role in ("cashier", "supervisor", "organizer"):
        assert role in result.out
    pins = [line.split()[-1] for line in result.out.splitlines()
            if line.split() and line.split()[-1].isdigit() and len(line.split()) == 3]
    assert len(pins) == 3
    assert cli("verify").code == 0

    again = cli("demo", "--sales", "8")
    assert again.code == 1
    assert "Traceback" not in again.err


def test_export_sales_of_a_period_and_stock(market: Market, cli: Cli, tmp_path: Path) -> None:
    sale = market.sell([(market.honey, 1000), (market.figs, 500)])
    day = sale.business_day.isoformat()
    result = cli("export", "sales", str(tmp_path / "sales.csv"), "--from", day, "--to", day)
    assert result.code == 0, result.err
    assert (tmp_path / "sales.csv").is_file()
    assert int(result.out.split()[0]) >= 1
    before = cli("export", "sales", str(tmp_path / "none.csv"), "--to", "2000-01-01")
    assert before.code == 0 and before.out.startswith("0 rows written")
    stock = cli("export", "stock", str(tmp_path / "stock.xlsx"))
    assert stock.code == 0, stock.err
    assert (tmp_path / "stock.xlsx").stat().st_size > 0
