"""``possouk report sales|impact|stock``: terminal tables, JSON, files, refusals; and on the demo
store, the report's figures checked against the sale lines themselves."""

from __future__ import annotations

import errno
import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from possouk.domain.closing import line_commission
from possouk.domain.model import PaymentMethod
from possouk.services import refunds, report_files
from possouk.services.demo import build_demo
from possouk.services.refunds import RefundRequest
from possouk.storage.uow import open_database
from tests.cli.conftest import Cli
from tests.conftest import Market
from tests.reports.test_deposit_slip import pdf_pages

DIMENSIONS = ("cooperative", "product", "category", "site", "register", "cashier", "hour", "day")
DEMO_FIRST, DEMO_LAST = "2026-05-11", "2026-05-17"


def _sell(market: Market) -> None:
    market.sell([(market.honey, 2000), (market.figs, 750)])
    sold = market.sell([(market.soap, 3000)])
    refunds.refund(market.db, RefundRequest("refund-1", "MEK1", market.supervisor, sold.id, []))
    market.sell([(market.oil, 1500)], [(PaymentMethod.CARD, 12_000)])


# --- on the small market -----------------------------------------------------------------


def test_sales_by_cooperative_as_json(market: Market, cli: Cli) -> None:
    _sell(market)
    result = cli("report", "sales", "--json")  # default: by cooperative, this month so far
    assert result.code == 0, result.err
    data = result.json()
    today = report_files.today(market.db)
    assert (data["from"], data["to"]) == (today.replace(day=1).isoformat(), today.isoformat())
    assert data["by"] == "cooperative" and data["receipts"] == 3
    coop1, coop2 = data["rows"]
    assert (coop1["key"], coop1["net"], coop1["commission"], coop1["cooperative_share"]) == (
        "COOP1", "273.75", "27.38", "246.37")
    assert (coop2["sales"], coop2["refunds"], coop2["net"]) == ("157.50", "37.50", "120.00")
    assert data["totals"]["net"] == "393.75"


def test_sales_table_in_the_terminal(market: Market, cli: Cli) -> None:
    _sell(market)
    result = cli("report", "sales", "--by", "product")
    assert result.code == 0, result.err
    assert "Sales by product" in result.out and "Quantity" in result.out
    assert "HON-1" in result.out and "Miel de thym" in result.out and "273.75" not in result.out
    total = next(line for line in result.out.splitlines() if line.startswith("Total"))
    assert total.split()[-5:] == ["431.25", "37.50", "393.75", "45.38", "348.37"]
    result = cli("report", "sales", "--by", "product", "--top", "1", "--json")
    assert [r["key"] for r in result.json()["rows"]] == ["HON-1"]


@pytest.mark.parametrize("by", DIMENSIONS)
def test_every_dimension_adds_up_to_the_same_totals(market: Market, cli: Cli, by: str) -> None:
    _sell(market)
    data = cli("report", "sales", "--by", by, "--json").json()
    assert sum(Decimal(r["net"]) for r in data["rows"]) == Decimal(data["totals"]["net"]) == Decimal(
        "393.75")
    assert data["totals"]["commission"] == "45.38"
    assert cli("report", "sales", "--by", by).code == 0


def test_impact_and_stock(market: Market, cli: Cli) -> None:
    _sell(market)
    result = cli("report", "impact")
    assert result.code == 0, result.err
    assert "Owed to the cooperatives:" in result.out and "348.37" in result.out
    assert "Visitors per day" in result.out
    data = cli("report", "impact", "--json").json()
    assert (data["owed"], data["visitors"], data["cooperatives"]) == ("348.37", 3, 2)
    result = cli("report", "stock", "--site", "MEK")
    assert result.code == 0 and "COOP1" in result.out and "Value at shelf prices" in result.out
    stock = cli("report", "stock", "--json").json()
    assert Decimal(stock["value"]) == sum(Decimal(r["value"]) for r in stock["rows"])


def test_files(market: Market, cli: Cli, tmp_path: Path) -> None:
    _sell(market)
    out = tmp_path / "out"
    out.mkdir()
    result = cli("report", "sales", "--csv", str(out / "s.csv"), "--xlsx", str(out / "s.xlsx"),
                 "--pdf", str(out / "s.pdf"))
    assert result.code == 0, result.err
    assert result.out.count("rows written to") == 3
    assert (out / "s.csv").read_text(encoding="utf-8").splitlines()[-1].endswith(
        "431.25,37.50,393.75,45.38,348.37")
    workbook = load_workbook(out / "s.xlsx", read_only=True)
    try:
        last = list(workbook.worksheets[0].iter_rows(values_only=True))[-1]
    finally:
        workbook.close()
    assert last[0] == "Total" and last[6] == pytest.approx(393.75)
    (text,) = pdf_pages((out / "s.pdf").read_bytes())
    assert "COOP1" in text and "393,75" in text
    for command in (("impact",), ("stock",)):
        target = out / f"{command[0]}.pdf"
        assert cli("report", *command, "--pdf", str(target)).code == 0
        assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "says"), [
    (("sales", "--by", "week"), "not “week”"),
    (("sales", "--from", "2026-05-17", "--to", "2026-05-11"), "ends before it starts"),
    (("sales", "--from", "2026-13-01"), "is not a date"),
    (("impact", "--to", "2026-02-30"), "is not a date"),
    (("sales", "--csv", "report.doc"), "must end in .csv"),
    (("sales", "--pdf", "report.doc"), "must end in .pdf"),
    (("sales", "--by", "site", "--top", "3"), "--top goes with --by product"),
    (("sales", "--by", "product", "--top", "0"), "at least 1"),
    (("sales", "--site", "NOPE"), "no site with the code NOPE"),
    (("stock", "--site", "NOPE"), "no site with the code NOPE"),
])
def test_bad_input_is_one_sentence(market: Market, cli: Cli, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                   says: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = cli("report", *args, "--xlsx", "report.xlsx")
    assert result.code == 1
    assert says in result.err and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err and result.out == ""
    assert list(folder.iterdir()) == []


def test_a_full_disk_is_a_fault_and_leaves_nothing(market: Market, cli: Cli, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _sell(market)
    folder = tmp_path / "out"
    folder.mkdir()

    def fill_the_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fill_the_disk)
    for option, name in (("--csv", "s.csv"), ("--xlsx", "s.xlsx"), ("--pdf", "s.pdf")):
        result = cli("report", "sales", option, str(folder / name))
        assert result.code == 2
        assert "disk is full" in result.err and len(result.err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


# --- on the demo store -------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Cli, Path]]:
    path = tmp_path / "demo.sqlite3"
    db = open_database(path)
    try:
        build_demo(db, sales=60)
    finally:
        db.close()
    yield Cli(path, capsys, monkeypatch), path


def test_demo_cooperative_totals_equal_the_sale_lines(demo: tuple[Cli, Path]) -> None:
    cli, path = demo
    data = cli("report", "sales", "--by", "cooperative", "--from", DEMO_FIRST, "--to", DEMO_LAST,
               "--json").json()
    net: dict[str, int] = defaultdict(int)
    commission: dict[str, int] = defaultdict(int)
    sales: set[int] = set()
    db = open_database(path)
    try:
        with db.read() as uow:
            for line in uow.exports.sale_lines(date.fromisoformat(DEMO_FIRST),
                                               date.fromisoformat(DEMO_LAST)):
                net[line.cooperative_code] += line.net
                commission[line.cooperative_code] += line_commission(line.net, line.commission_rate)
                if line.kind == "sale":
                    sales.add(line.sale_id)
    finally:
        db.close()
    assert len(data["rows"]) > 10
    assert {r["key"]: Decimal(r["net"]) for r in data["rows"]} == {
        code: Decimal(n).scaleb(-2) for code, n in net.items()}
    assert {r["key"]: Decimal(r["commission"]) for r in data["rows"]} == {
        code: Decimal(c).scaleb(-2) for code, c in commission.items()}
    for row in data["rows"]:
        assert Decimal(row["cooperative_share"]) == Decimal(row["net"]) - Decimal(row["commission"])
    assert data["receipts"] == len(sales)


def test_demo_impact_adds_up(demo: tuple[Cli, Path]) -> None:
    cli, _path = demo
    period = ("--from", DEMO_FIRST, "--to", DEMO_LAST)
    impact = cli("report", "impact", *period, "--json").json()
    sales = cli("report", "sales", "--by", "day", *period, "--json").json()
    owed = Decimal(impact["owed"])
    assert owed > 0 and Decimal(impact["net"]) == Decimal(sales["totals"]["net"])
    assert owed == Decimal(sales["totals"]["cooperative_share"])
    assert Decimal(impact["women_led_owed"]) <= owed and Decimal(impact["youth_led_owed"]) <= owed
    assert sum(Decimal(p["owed"]) for p in impact["by_province"]) == owed
    assert sum(Decimal(p["net"]) for p in impact["by_province"]) == Decimal(impact["net"])
    assert sum(p["cooperatives"] for p in impact["by_province"]) == impact["cooperatives"]
    assert sum(impact["visitors_per_day"].values()) == impact["visitors"] == sales["receipts"]
    assert impact["cooperatives"] <= impact["cooperatives_listed"]


def test_demo_pdfs(demo: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, _path = demo
    period = ("--from", DEMO_FIRST, "--to", DEMO_LAST)
    assert cli("report", "sales", *period, "--pdf", str(tmp_path / "s.pdf")).code == 0
    assert cli("report", "impact", *period, "--pdf", str(tmp_path / "i.pdf")).code == 0
    pages = pdf_pages((tmp_path / "s.pdf").read_bytes())
    assert len(pages) >= 2 and all("RPT-2026-05-11-2026-05-17-cooperative" in p for p in pages)
    assert "المجموع" in pages[-1]
    (impact,) = pdf_pages((tmp_path / "i.pdf").read_bytes())
    assert "RPT-2026-05-11-2026-05-17-impact" in impact
