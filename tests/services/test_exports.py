"""Exports of sales, stock, cooperatives and products; export → import round trips; a failed
write leaves no file behind."""

from __future__ import annotations

import csv
import errno
import sqlite3
from contextlib import closing
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest
from openpyxl import load_workbook

from possouk.domain.errors import EnvironmentFault, PermissionDenied, UserError
from possouk.domain.model import PaymentMethod
from possouk.services import catalog, exports, refunds
from possouk.services.events import COMMAND_LINE
from possouk.services.exports import SALES_HEADER, export_file
from possouk.services.imports import HEADERS, import_file
from possouk.services.refunds import RefundRequest
from possouk.storage.uow import Database, open_database
from tests.conftest import Market

FIXTURES = Path(__file__).parent / "fixtures"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def read_xlsx(path: Path) -> list[list[Any]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def without_ids(items: list[Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in asdict(item).items() if k not in ("id", "cooperative_id")}
            for item in items]


@pytest.fixture
def other_db(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "other.sqlite3")
    yield database
    database.close()


# --- round trips -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cooperatives_and_products_round_trip(
    market: Market, other_db: Database, tmp_path: Path, suffix: str,
) -> None:
    import_file(market.db, COMMAND_LINE, "cooperatives", FIXTURES / "cooperatives.csv")
    import_file(market.db, COMMAND_LINE, "products", FIXTURES / "products.csv")
    catalog.change_price(market.db, COMMAND_LINE, "SOAP-1", 1300)
    coops_file, products_file = tmp_path / f"coops{suffix}", tmp_path / f"products{suffix}"
    assert export_file(market.db, COMMAND_LINE, "cooperatives", coops_file) == 5
    assert export_file(market.db, COMMAND_LINE, "products", products_file) == 8

    import_file(other_db, COMMAND_LINE, "cooperatives", coops_file)
    import_file(other_db, COMMAND_LINE, "products", products_file)
    assert without_ids(catalog.cooperatives(other_db)) == without_ids(catalog.cooperatives(market.db))
    assert without_ids(catalog.products(other_db)) == without_ids(catalog.products(market.db))


def test_an_inactive_product_stays_inactive(market: Market, other_db: Database, tmp_path: Path) -> None:
    with market.db.write() as uow:
        uow.catalog.update_product(market.soap.id, {"active": False})
        uow.commit()
    export_file(market.db, COMMAND_LINE, "cooperatives", tmp_path / "c.csv")
    export_file(market.db, COMMAND_LINE, "products", tmp_path / "p.csv")
    import_file(other_db, COMMAND_LINE, "cooperatives", tmp_path / "c.csv")
    import_file(other_db, COMMAND_LINE, "products", tmp_path / "p.csv")
    with other_db.read() as uow:
        soap = uow.catalog.product_by_sku("SOAP-1")
    assert soap is not None and not soap.active


def test_exported_columns_and_formats(market: Market, tmp_path: Path) -> None:
    export_file(market.db, COMMAND_LINE, "products", tmp_path / "p.csv")
    export_file(market.db, COMMAND_LINE, "cooperatives", tmp_path / "c.csv")
    products = read_csv(tmp_path / "p.csv")
    assert list(products[0]) == [*HEADERS["products"], "scale_code", "active"]
    figs = next(p for p in products if p["sku"] == "FIG-1")
    honey = next(p for p in products if p["sku"] == "HON-1")
    assert (figs["price"], figs["min_price"], figs["vat_pct"], figs["active"]) == ("45.00", "", "0.00", "1")
    assert figs["scale_code"] == str(market.figs.scale_code) and honey["scale_code"] == ""
    assert (honey["min_price"], honey["barcode"]) == ("100.00", market.honey.barcode)
    coops = read_csv(tmp_path / "c.csv")
    assert list(coops[0]) == list(HEADERS["cooperatives"])
    assert [(c["code"], c["commission_pct"], c["women_led"]) for c in coops] == [
        ("COOP1", "10.00", "0"), ("COOP2", "15.00", "0")]


def test_xlsx_keeps_codes_as_text_and_amounts_as_numbers(market: Market, tmp_path: Path) -> None:
    catalog.add_product(market.db, COMMAND_LINE, catalog.ProductDraft(
        "COOP1", "00123", "=1+1", "=HYPERLINK(\"x\")", "honey", market.honey.unit, 995))
    export_file(market.db, COMMAND_LINE, "products", tmp_path / "p.xlsx")
    header, *rows = read_xlsx(tmp_path / "p.xlsx")
    assert header == [*HEADERS["products"], "scale_code", "active"]
    odd = next(r for r in rows if r[1] == "00123")
    assert odd[3:5] == ["=1+1", "=HYPERLINK(\"x\")"]  # text, never formulas
    assert odd[7] == pytest.approx(9.95) and isinstance(odd[7], float)
    assert odd[2].startswith("200")


# --- sales and stock ---------------------------------------------------------------------


def _sales_with_a_refund(market: Market) -> None:
    market.sell([(market.honey, 2000), (market.figs, 750)],
                [(PaymentMethod.CARD, 10_000), (PaymentMethod.CASH, 20_000)])
    sold = market.sell([(market.soap, 3000)])
    refunds.refund(market.db, RefundRequest("refund-1", "MEK1", market.supervisor, sold.id, []))


def test_sales_export_has_a_row_per_line_with_refunds(market: Market, tmp_path: Path) -> None:
    _sales_with_a_refund(market)
    assert export_file(market.db, COMMAND_LINE, "sales", tmp_path / "sales.csv") == 4
    rows = read_csv(tmp_path / "sales.csv")
    assert list(rows[0]) == list(SALES_HEADER)
    honey, figs, soap, back = rows
    assert (honey["receipt"], honey["kind"], honey["register"], honey["site"], honey["cashier"]) == (
        "MEK1-000001", "sale", "MEK1", "MEK", "amina")
    assert (honey["quantity"], honey["unit_price"], honey["gross"], honey["net"]) == (
        "2.000", "120.00", "240.00", "240.00")
    assert (figs["quantity"], figs["gross"], figs["commission_pct"], figs["cooperative_code"]) == (
        "0.750", "33.75", "10.00", "COOP1")
    assert honey["payment"] == "card+cash" and soap["payment"] == "cash"
    assert (back["kind"], back["receipt"], back["quantity"], back["net"], back["sku"]) == (
        "refund", "MEK1-000003", "-3.000", "-37.50", "SOAP-1")
    assert len(honey["date"]) == len("2026-05-14 10:32:00")


def test_sales_export_by_business_day(market: Market, tmp_path: Path) -> None:
    import_file(market.db, COMMAND_LINE, "sales", FIXTURES / "sales.csv")
    count = export_file(market.db, COMMAND_LINE, "sales", tmp_path / "day.csv",
                        date(2024, 5, 14), date(2024, 5, 14))
    rows = read_csv(tmp_path / "day.csv")
    assert count == 3 == len(rows)
    assert [r["manual_ref"] for r in rows] == ["P-001", "P-001", "P-002"]
    assert rows[0]["date"] == "2024-05-14 10:32:00"  # local time, as written on paper
    assert export_file(market.db, COMMAND_LINE, "sales", tmp_path / "later.xlsx",
                       date_from=date(2024, 5, 15)) == 1
    assert export_file(market.db, COMMAND_LINE, "sales", tmp_path / "none.csv",
                       date_to=date(2024, 5, 13)) == 0
    assert read_csv(tmp_path / "none.csv") == []


def test_stock_export(market: Market, tmp_path: Path) -> None:
    market.sell([(market.figs, 750)])
    assert export_file(market.db, COMMAND_LINE, "stock", tmp_path / "stock.csv") == 4
    rows = {r["sku"]: r for r in read_csv(tmp_path / "stock.csv")}
    assert rows["FIG-1"]["on_hand"] == "9.250" and rows["FIG-1"]["site"] == "MEK"
    assert rows["HON-1"]["on_hand"] == "20.000" and rows["HON-1"]["unit"] == "piece"


def test_an_export_is_logged(market: Market, tmp_path: Path) -> None:
    export_file(market.db, market.organizer, "stock", tmp_path / "stock.xlsx")
    with market.db.read() as uow:
        [event] = uow.ledger.events(kind="export")
    assert event["user_id"] == market.organizer.id
    assert '"exported": "stock"' in event["detail"] and '"rows": 4' in event["detail"]


# --- refusals and failures ---------------------------------------------------------------


def test_refused_requests(market: Market, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(UserError):
        export_file(market.db, COMMAND_LINE, "sales", tmp_path / "sales.pdf")
    with pytest.raises(UserError):
        export_file(market.db, COMMAND_LINE, "users", tmp_path / "users.csv")
    with pytest.raises(UserError):
        export_file(market.db, COMMAND_LINE, "stock", tmp_path / "s.csv", date(2024, 1, 1))
    with pytest.raises(UserError):
        export_file(market.db, COMMAND_LINE, "sales", tmp_path / "s.csv", date(2024, 2, 1),
                    date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        export_file(market.db, market.cashier, "products", tmp_path / "p.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_environment_fault(market: Market, tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFault):
        export_file(market.db, COMMAND_LINE, "products", tmp_path / "nowhere" / "p.csv")


def _events(db: Database) -> int:
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM events WHERE kind = 'export'").fetchone()[0])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_full_disk_leaves_no_half_file(
    market: Market, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"products{suffix}"
    target.write_text("the previous export")
    real = exports.write_table

    def fill_the_disk(out: IO[bytes], *args: Any) -> int:
        out.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports, "write_table", fill_the_disk)
    with pytest.raises(EnvironmentFault) as caught:
        export_file(market.db, COMMAND_LINE, "products", target)
    assert "disk is full" in caught.value.message
    assert target.read_text() == "the previous export"
    assert [p.name for p in folder.iterdir()] == [target.name]
    assert _events(market.db) == 0

    monkeypatch.setattr(exports, "write_table", real)
    assert export_file(market.db, COMMAND_LINE, "products", target) == 4
    assert _events(market.db) == 1


def test_exported_products_are_in_sku_order(market: Market, tmp_path: Path) -> None:
    export_file(market.db, COMMAND_LINE, "products", tmp_path / "p.csv")
    assert [r["sku"] for r in read_csv(tmp_path / "p.csv")] == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]


def test_a_csv_export_opens_in_a_spreadsheet_with_its_arabic(market: Market, tmp_path: Path) -> None:
    """The file starts with UTF-8's byte order mark: Excel then reads it as UTF-8 and shows
    the Arabic names (without the mark it guesses a Windows code page and scrambles them);
    possouk's own import reads it back as before."""
    export_file(market.db, COMMAND_LINE, "cooperatives", tmp_path / "c.csv")
    data = (tmp_path / "c.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcode,")
    assert "تعاونية النحل".encode() in data
