"""Importing cooperatives, products, deposits and paper sales: clean files in CSV and XLSX,
and bad files refused whole, with nothing written and each problem's row and column."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from possouk.domain import barcode, text
from possouk.domain.errors import FileRefused, PermissionDenied, Problem, UserError
from possouk.domain.model import PaymentMethod, SaleKind, Unit
from possouk.services import audit, catalog, stock
from possouk.services.catalog import ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.services.import_cells import (
    clean_name,
    memo,
    parse_barcode,
    parse_bool,
    parse_local_datetime,
    product_parsers,
    search_terms,
)
from possouk.services.imports import HEADERS, ImportResult, import_file, paper_sale_key
from possouk.storage.uow import Database
from tests.conftest import Market

FIXTURES = Path(__file__).parent / "fixtures"


# --- helpers -----------------------------------------------------------------------------


def write_csv(path: Path, rows: Sequence[Sequence[str]], *, bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8")
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def fixture_as(kind: str, tmp_path: Path, fmt: str) -> Path:
    """A fixture file as CSV (as is) or XLSX (numbers and dates as Excel would type them)."""
    source = FIXTURES / f"{kind}.csv"
    if fmt == "csv":
        return source
    rows: list[list[object]] = [list(r) for r in read_csv(source)]
    header = rows[0]
    for row in rows[1:]:
        for i, name in enumerate(header):
            cell = row[i]
            if name in ("price", "min_price", "quantity", "unit_price") and cell.replace(".", "").isdigit():
                row[i] = Decimal(cell) if "." in cell else int(cell)  # a number cell, as typed
            elif name == "datetime" and cell.startswith("2024-05-14 "):
                row[i] = datetime.strptime(cell, "%Y-%m-%d %H:%M")  # a date cell
    return write_xlsx(tmp_path / f"{kind}.xlsx", rows)


def table_counts(db: Database) -> dict[str, int]:
    """Rows in every table: what "nothing was written" is checked against."""
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def refused(db: Database, kind: str, path: Path) -> list[Problem]:
    """Import a bad file: it must be refused whole, with nothing written."""
    before = table_counts(db)
    with pytest.raises(FileRefused) as caught:
        import_file(db, COMMAND_LINE, kind, path)
    assert table_counts(db) == before
    assert caught.value.problems
    return caught.value.problems


def where(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in problems]


PRODUCT_HEADER = list(HEADERS["products"])
GOOD_PRODUCT = ["COOP1", "NEW-1", "", "عسل", "Miel", "honey", "piece", "10.00", "", "0"]


def product_file(tmp_path: Path, *rows: list[str]) -> Path:
    return write_csv(tmp_path / "products.csv", [PRODUCT_HEADER, *rows])


# --- clean files -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_cooperatives(db: Database, tmp_path: Path, fmt: str) -> None:
    result = import_file(db, COMMAND_LINE, "cooperatives", fixture_as("cooperatives", tmp_path, fmt))
    assert result == ImportResult("cooperatives", 3, 0)
    coops = {c.code: c for c in catalog.cooperatives(db)}
    azrou, hajeb, meknes = coops["AZR01"], coops["HAJ02"], coops["MKN03"]
    assert (azrou.name_ar, azrou.commission, azrou.women_led, azrou.youth_led) == (
        "تعاونية أزرو للعسل", 1250, True, False)
    assert (azrou.phone, azrou.ice, azrou.rib) == (
        "+212612345678", "001234567000089", "011519000001205000534921")
    assert (hajeb.commission, hajeb.women_led, hajeb.phone, hajeb.rib) == (1000, False, "", "")
    assert (meknes.name_fr, meknes.commission, meknes.youth_led) == ("Coopérative Meknès, tissage",
                                                                      1500, True)
    with db.read() as uow:
        [event] = uow.ledger.events(kind="import")
    assert '"imported": "cooperatives"' in event["detail"] and '"rows": 3' in event["detail"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_products(market: Market, tmp_path: Path, fmt: str) -> None:
    result = import_file(market.db, COMMAND_LINE, "products", fixture_as("products", tmp_path, fmt))
    assert result == ImportResult("products", 4, 0)
    with market.db.read() as uow:
        products = {p.sku: p for p in uow.catalog.products()}
        history = uow.catalog.price_history(products["AMLOU-1"].id)
    jujube, amlou, oil, herb = (products[s] for s in ("HON-2", "AMLOU-1", "OIL-5L", "HERB-1"))
    assert (jujube.barcode, jujube.price, jujube.min_price) == ("6111234567895", 18000, 15000)
    assert (amlou.price, amlou.min_price, amlou.vat) == (6550, 5000, 0)
    assert amlou.barcode.startswith("200") and len(amlou.barcode) == 13  # internal EAN-13
    assert (oil.barcode, oil.unit, oil.vat, oil.min_price) == ("61112346", Unit.LITRE, 2000, None)
    assert herb.price == 9050 and herb.scale_code is not None  # weighed: a label-scale code
    assert [h["price"] for h in history] == [6550]
    # Search terms are written as catalog writes them: Arabic without its article, French words.
    assert [p.sku for p in catalog.search(market.db, "زيتون لتر")] == ["OIL-5L"]
    assert [p.sku for p in catalog.search(market.db, "amandes")] == ["AMLOU-1"]
    assert catalog.scan(market.db, "61112346").product.sku == "OIL-5L"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_intake_makes_one_slip_per_site_and_cooperative(
    market: Market, tmp_path: Path, fmt: str,
) -> None:
    before = {level.sku: level.on_hand for level in stock.levels(market.db, "MEK")}
    result = import_file(market.db, COMMAND_LINE, "intake", fixture_as("intake", tmp_path, fmt))
    assert result == ImportResult("intake", 3, 2)
    after = {level.sku: level.on_hand for level in stock.levels(market.db, "MEK")}
    assert after["HON-1"] - before["HON-1"] == 10_000
    assert after["OIL-1"] - before["OIL-1"] == 2_500
    assert after["FIG-1"] - before["FIG-1"] == 1_250
    assert audit.verify(market.db).ok


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_paper_sales_as_manual_entries(market: Market, tmp_path: Path, fmt: str) -> None:
    earlier = market.sell([(market.honey, 1000)])
    result = import_file(market.db, COMMAND_LINE, "sales", fixture_as("sales", tmp_path, fmt))
    assert result == ImportResult("sales", 4, 3)
    with market.db.read() as uow:
        register = uow.store.register_by_code("MEK1")
        assert register is not None
        last = uow.ledger.last_sale_id(register.id)
        assert last is not None
        sales = [uow.ledger.sale(i) for i in range(earlier.id + 1, last + 1)]
        overrides = uow.ledger.events(kind="price_override")
    # Gapless numbers after the sales already made, in the order the paper says.
    assert [s.number for s in sales] == [earlier.number + 1, earlier.number + 2, earlier.number + 3]
    assert [s.manual_ref for s in sales] == ["P-001", "P-002", "P-003"]
    first, second, third = sales
    assert first.created_at == datetime.fromisoformat("2024-05-14T09:32:00+00:00")  # UTC+1 then
    assert first.business_day.isoformat() == "2024-05-14"
    assert first.approved_by_id is None  # the importing actor is the command line here
    assert [(ln.sku, ln.quantity, ln.unit_price) for ln in first.lines] == [
        ("HON-1", 2000, 12000), ("FIG-1", 750, 4500)]
    assert first.total == 24000 + 3375 and first.payments[0].method is PaymentMethod.CASH
    assert second.lines[0].price_overridden and second.total == 3300
    assert second.payments[0].method is PaymentMethod.CARD and second.payments[0].amount == 3300
    assert third.lines[0].unit_price == market.oil.price and third.cashier_id == market.supervisor.id
    assert len(overrides) == 1
    assert all(s.kind is SaleKind.SALE for s in sales)
    assert audit.verify(market.db).ok


def test_reimporting_paper_sales_is_refused_per_sale(market: Market) -> None:
    import_file(market.db, COMMAND_LINE, "sales", FIXTURES / "sales.csv")
    problems = refused(market.db, "sales", FIXTURES / "sales.csv")
    assert where(problems) == [(2, "ref"), (4, "ref"), (5, "ref")]
    assert problems[0].params == {"ref": "P-001", "reference": "MEK1-000001"}


def test_paper_sale_keys_are_deterministic_and_fit_the_column() -> None:
    key = paper_sale_key("MEK1", "P-001")
    assert key == paper_sale_key("MEK1", "P-001") != paper_sale_key("MEK2", "P-001")
    assert len(key) <= 64


def test_the_approver_of_paper_sales_is_the_importing_organizer(market: Market, tmp_path: Path) -> None:
    import_file(market.db, market.organizer, "sales", FIXTURES / "sales.csv")
    with market.db.read() as uow:
        [override] = uow.ledger.events(kind="price_override")
        sale_id = uow.ledger.sale_id_by_client_key(paper_sale_key("MEK1", "P-002"))
        assert sale_id is not None
        assert uow.ledger.sale(sale_id).approved_by_id == market.organizer.id
    assert override["user_id"] == market.organizer.id


def test_csv_with_bom_semicolons_and_blank_rows(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text(";".join(PRODUCT_HEADER) + "\r\n\r\n"
                    "COOP1;NEW-1;;عسل;Miel;honey;piece;10,50;;0\r\n;;;;;;;;;\r\n", encoding="utf-8-sig")
    assert import_file(market.db, COMMAND_LINE, "products", path).rows == 1
    assert catalog.search(market.db, "NEW-1")[0].price == 1050


def test_products_export_columns_are_accepted(market: Market, tmp_path: Path) -> None:
    header = [*PRODUCT_HEADER, "scale_code", "active"]
    path = write_csv(tmp_path / "p.csv", [header, ["COOP1", "W-1", "", "تمر", "Dattes", "dates", "kg",
                                                  "30", "", "0", "777", "0"]])
    import_file(market.db, COMMAND_LINE, "products", path)
    with market.db.read() as uow:
        dates = uow.catalog.product_by_sku("W-1")
    assert dates is not None and (dates.scale_code, dates.active) == (777, False)


# --- bad files ---------------------------------------------------------------------------


def test_wrong_header_names_the_expected_and_found_columns(market: Market, tmp_path: Path) -> None:
    header = ["cooperative_code", "sku", "ean", *PRODUCT_HEADER[3:]]
    [problem] = refused(market.db, "products", write_csv(tmp_path / "p.csv", [header, GOOD_PRODUCT]))
    assert (problem.row, problem.column) == (1, "barcode")
    assert problem.params["expected"] == ",".join(PRODUCT_HEADER)
    assert problem.params["found"] == ",".join(header)


def test_bad_number(market: Market, tmp_path: Path) -> None:
    bad = ["COOP1", "NEW-2", *GOOD_PRODUCT[2:7], "12.5.0", *GOOD_PRODUCT[8:]]
    [problem] = refused(market.db, "products", product_file(tmp_path, GOOD_PRODUCT, bad))
    assert (problem.row, problem.column, problem.params) == (3, "price", {"text": "12.5.0"})


def test_unknown_cooperative(market: Market, tmp_path: Path) -> None:
    problems = refused(market.db, "products", product_file(tmp_path, ["NOPE", *GOOD_PRODUCT[1:]]))
    assert where(problems) == [(2, "cooperative_code")]
    assert problems[0].params == {"code": "NOPE"}


def test_duplicate_sku_in_the_file_and_in_the_store(market: Market, tmp_path: Path) -> None:
    again = ["COOP2", *GOOD_PRODUCT[1:]]
    known = ["COOP1", "HON-1", *GOOD_PRODUCT[2:]]
    problems = refused(market.db, "products", product_file(tmp_path, GOOD_PRODUCT, again, known))
    assert where(problems) == [(3, "sku"), (4, "sku")]
    assert problems[0].params == {"value": "NEW-1", "first": 2}
    assert problems[1].params == {"sku": "HON-1"}


def test_duplicate_and_wrong_barcodes(market: Market, tmp_path: Path) -> None:
    first = [*GOOD_PRODUCT[:2], "6111234567895", *GOOD_PRODUCT[3:]]
    same = ["COOP1", "NEW-2", "6111234567895", *GOOD_PRODUCT[3:]]
    wrong_check = ["COOP1", "NEW-3", "6111234567890", *GOOD_PRODUCT[3:]]
    taken = ["COOP1", "NEW-4", market.honey.barcode, *GOOD_PRODUCT[3:]]
    problems = refused(market.db, "products", product_file(tmp_path, first, same, wrong_check, taken))
    assert where(problems) == [(3, "barcode"), (4, "barcode"), (5, "barcode")]


@pytest.mark.parametrize("column", ["name_ar", "name_fr", "category"])
def test_name_carrying_a_bidi_override(market: Market, tmp_path: Path, column: str) -> None:
    row = list(GOOD_PRODUCT)
    row[PRODUCT_HEADER.index(column)] = "Miel \u202edehcac"
    [problem] = refused(market.db, "products", product_file(tmp_path, row))
    assert (problem.row, problem.column, problem.params["char"]) == (2, column, "U+202E")


def test_cooperative_name_carrying_a_bidi_override(db: Database, tmp_path: Path) -> None:
    rows = read_csv(FIXTURES / "cooperatives.csv")
    rows[2][1] = "تعاونية\u202e"
    [problem] = refused(db, "cooperatives", write_csv(tmp_path / "c.csv", rows))
    assert (problem.row, problem.column, problem.params["char"]) == (3, "name_ar", "U+202E")


@pytest.mark.parametrize("content", [b"", b"\n\n", "\ufeff".encode()])
def test_empty_file(market: Market, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert where(refused(market.db, "products", path)) == [(1, "")]


def test_header_only_file(market: Market, tmp_path: Path) -> None:
    [problem] = refused(market.db, "products", product_file(tmp_path))
    assert (problem.row, problem.column) == (1, "")
    [problem] = refused(market.db, "products", write_xlsx(tmp_path / "p.xlsx", [PRODUCT_HEADER]))
    assert (problem.row, problem.column) == (1, "")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082")


@pytest.mark.parametrize(("name", "content"), [
    ("random.csv", bytes(range(255, -1, -1)) * 4),
    ("image.csv", PNG),
    ("nul.csv", b"code,name\x00,x\n1,2,3\n"),
    ("latin1.csv", "code,name_ar\nA,Coopérative\n".encode("latin-1")),
    ("image.xlsx", PNG),
    ("notes.xlsx", b"code,name\n1,2\n"),
])
def test_binary_or_undecodable_file(market: Market, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = refused(market.db, "products", path)
    assert problem.column == ""
    assert problem.row == (2 if name == "latin1.csv" else 1)


def test_zip_that_is_not_a_workbook(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert where(refused(market.db, "products", path)) == [(1, "")]


def test_workbook_named_csv(market: Market, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [PRODUCT_HEADER, GOOD_PRODUCT])
    disguised = tmp_path / "p.csv"
    disguised.write_bytes(path.read_bytes())
    assert where(refused(market.db, "products", disguised)) == [(1, "")]


def test_wrong_column_count(market: Market, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(",".join(PRODUCT_HEADER) + "\n" + ",".join(GOOD_PRODUCT[:8]) + "\n"
                    + ",".join([*GOOD_PRODUCT, "extra"]) + "\n"
                    + ",".join([*GOOD_PRODUCT[:1], "OK-2", *GOOD_PRODUCT[2:], "", ""]) + "\n",
                    encoding="utf-8")
    problems = refused(market.db, "products", path)
    assert where(problems) == [(2, ""), (3, "")]
    assert problems[0].params == {"found": 8, "expected": 10}


def test_every_problem_of_every_row_is_listed(market: Market, tmp_path: Path) -> None:
    rows = [
        ["COOP1", "bad sku", "123", "", "Miel", "honey", "box", "-1", "x", "200"],
        ["COOP9", "OK-1", "", "عسل", "Miel", "honey", "piece", "10", "20", "0"],
    ]
    problems = refused(market.db, "products", product_file(tmp_path, *rows))
    assert where(problems) == [
        (2, "sku"), (2, "barcode"), (2, "name_ar"), (2, "unit"), (2, "price"), (2, "min_price"),
        (2, "vat_pct"), (3, "min_price"), (3, "cooperative_code"),
    ]


def test_bad_intake_rows(market: Market, tmp_path: Path) -> None:
    rows = [list(HEADERS["intake"]), ["XXX", "COOP1", "HON-1", "1"], ["MEK", "COOP2", "HON-1", "1"],
            ["MEK", "COOP1", "NOPE", "1"], ["MEK", "COOP1", "HON-1", "1.5"], ["MEK", "COOP1", "FIG-1", "0"]]
    problems = refused(market.db, "intake", write_csv(tmp_path / "i.csv", rows))
    assert where(problems) == [(2, "site"), (3, "sku"), (4, "sku"), (5, "quantity"), (6, "quantity")]


def test_bad_paper_sales(market: Market, tmp_path: Path) -> None:
    market_site = ["MEK", "MEK1", "amina"]
    rows = [
        list(HEADERS["sales"]),
        ["A", "2024-05-14 10:00", "ELH", "MEK1", "amina", "HON-1", "1", "", "cash"],
        ["B", "2024-05-14 10:00", "MEK", "MEK1", "nobody", "HON-1", "1", "", "cash"],
        ["C", "2024-13-14 10:00", *market_site, "HON-1", "1", "", "cheque"],
        ["D", "2024-05-14 10:00", *market_site, "HON-1", "1", "", "cash"],
        ["D", "2024-05-14 10:01", *market_site, "HON-1", "1", "", "card"],
        ["E", "2999-01-01 10:00", *market_site, "HON-1", "1", "0", "cash"],
    ]
    problems = refused(market.db, "sales", write_csv(tmp_path / "s.csv", rows))
    assert where(problems) == [
        (2, "site"), (3, "cashier"), (4, "datetime"), (4, "payment"), (6, "datetime"),
        (6, "payment"), (7, "datetime"), (7, "unit_price"),
    ]


def test_a_paper_sale_short_of_stock_refuses_the_file_at_its_row(market: Market, tmp_path: Path) -> None:
    rows = [
        list(HEADERS["sales"]),
        ["A", "2024-05-14 10:00", "MEK", "MEK1", "amina", "SOAP-1", "1", "", "cash"],
        ["B", "2024-05-14 11:00", "MEK", "MEK1", "amina", "HON-1", "15", "", "cash"],
        ["C", "2024-05-14 12:00", "MEK", "MEK1", "amina", "HON-1", "10", "", "cash"],
    ]
    [problem] = refused(market.db, "sales", write_csv(tmp_path / "s.csv", rows))
    assert (problem.row, problem.column) == (4, "")  # the third sale: 15 + 10 > the 20 on hand
    assert problem.params["available"] == "5"


def test_cash_rounding_of_paper_sales(market: Market, tmp_path: Path) -> None:
    from possouk.services import setup

    setup.update_store(market.db, COMMAND_LINE, cash_rounding=50)
    rows = [list(HEADERS["sales"]), ["A", "2024-05-14 10:00", "MEK", "MEK1", "amina", "FIG-1", "0.333", "",
                                     "cash"]]
    import_file(market.db, COMMAND_LINE, "sales", write_csv(tmp_path / "s.csv", rows))
    with market.db.read() as uow:
        sale_id = uow.ledger.sale_id_by_client_key(paper_sale_key("MEK1", "A"))
        assert sale_id is not None
        sale = uow.ledger.sale(sale_id)
    assert (sale.lines[0].net, sale.total, sale.change_given) == (1499, 1500, 0)


def test_existing_cooperative_code_and_a_bad_rib(market: Market, tmp_path: Path) -> None:
    rows = [list(HEADERS["cooperatives"]),
            ["COOP1", "أ", "A", "", "", "", "", "", "", "", ""],
            ["NEW", "ب", "B", "", "12", "", "0512", "011519000001205000534922", "101", "peut-être", ""]]
    problems = refused(market.db, "cooperatives", write_csv(tmp_path / "c.csv", rows))
    assert where(problems) == [(2, "code"), (3, "ice"), (3, "phone"), (3, "rib"), (3, "commission_pct"),
                               (3, "women_led")]


def test_unknown_kind_and_file_type_are_user_errors(market: Market, tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        import_file(market.db, COMMAND_LINE, "users", FIXTURES / "products.csv")
    assert not isinstance(caught.value, FileRefused)
    path = tmp_path / "products.ods"
    path.write_bytes(b"x")
    with pytest.raises(UserError) as caught:
        import_file(market.db, COMMAND_LINE, "products", path)
    assert not isinstance(caught.value, FileRefused)
    with pytest.raises(UserError):
        import_file(market.db, COMMAND_LINE, "products", tmp_path / "missing.csv")


def test_a_cashier_may_not_import(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        import_file(market.db, market.cashier, "products", FIXTURES / "products.csv")


# --- the fast paths give what the domain gives ---------------------------------------------


_TEXT = st.text(st.sampled_from(list("abcdelAZ éèÉçœ'-.,/09٣أإآاةهىيالعسلزيتفمنوب\u064e\u0640 \t\u00a0")),
                max_size=30)  # with letters of stop words (de, la, le, l, d, في, من, و, ب)


@given(_TEXT, _TEXT, _TEXT)
def test_search_terms_match_the_domain(a: str, b: str, c: str) -> None:
    cache: dict[str, frozenset[str]] = {}
    assert search_terms(cache, a, b, c) == text.search_terms(a, b, c)
    assert search_terms(cache, c, b, a) == text.search_terms(c, b, a)  # from the cache


@given(st.text(st.sampled_from("0123456789"), min_size=7, max_size=14)
       | st.text(st.sampled_from("0123456789 ٣&é-"), max_size=15) | st.text(max_size=14))
def test_barcodes_match_the_domain(cell: str) -> None:
    try:
        expected: str | None = barcode.validate_barcode(cell) if cell.strip() else ""
    except UserError:
        expected = None
    try:
        got: str | None = parse_barcode(cell)
    except UserError:
        got = None
    assert got == expected


@given(st.integers(0, 10**12 - 1), st.sampled_from([7, 11, 12]))
def test_every_check_digit_is_checked(number: int, length: int) -> None:
    body = str(number).zfill(length)[-length:]
    right = barcode.ean_check_digit(body)
    for digit in range(10):
        code = f"{body}{digit}"
        if digit == right:
            assert parse_barcode(code) == code
        else:
            with pytest.raises(UserError):
                parse_barcode(code)


def test_memo_remembers_results_and_refuses_again() -> None:
    calls: list[str] = []

    def parse(cell: str) -> str:
        calls.append(cell)
        if cell == "bad":
            raise UserError("bad cell")
        return cell.upper()

    once = memo(parse)
    assert [once("a"), once("a"), once("b")] == ["A", "A", "B"]
    for _ in range(2):
        with pytest.raises(UserError):
            once("bad")
    assert calls == ["a", "b", "bad", "bad"]


@given(st.text(max_size=40) | _TEXT)
def test_clean_matches_the_domain(value: str) -> None:
    try:
        expected: str | None = text.clean_name(value, field="name_ar")
    except UserError:
        expected = None
    try:
        got: str | None = clean_name(value, "name_ar")
    except UserError:
        got = None
    assert got == expected


def test_product_rows_match_what_catalog_builds() -> None:
    cells = ["HON-9", "6111234567895", "عسل الزعتر", "Miel de thym", "honey", "kg", "12,50", "10", "20"]
    values = [parse(cell) for (_, parse, _), cell in zip(product_parsers(False), cells, strict=True)]
    draft = ProductDraft("COOP1", "HON-9", "عسل الزعتر", "Miel de thym", "honey", Unit.KG, 1250,
                         "6111234567895", 1000, 2000)
    row, terms = catalog.product_row(draft, 7)
    assert values == [row["sku"], row["barcode"], row["name_ar"], row["name_fr"], row["category"],
                      Unit(row["unit"]), row["price"], row["min_price"], row["vat_bp"]]
    assert search_terms({}, "عسل الزعتر", "Miel de thym", "honey") == terms  # no sku: by prefix


# --- cells -------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "value"), [
    ("1", True), ("yes", True), ("TRUE", True), ("Oui", True), (" 0 ", False), ("no", False),
    ("false", False), ("NON", False), ("", False),
])
def test_booleans(cell: str, value: bool) -> None:
    assert parse_bool(cell) is value


@pytest.mark.parametrize(("cell", "value"), [
    ("2026-05-14 10:32", datetime(2026, 5, 14, 10, 32)),
    ("2026-05-14T10:32", datetime(2026, 5, 14, 10, 32)),
    ("2026-05-14T10:32:07", datetime(2026, 5, 14, 10, 32, 7)),
    ("14/05/2026 10:32", datetime(2026, 5, 14, 10, 32)),
    (" 4/5/2026 9:05:30 ", datetime(2026, 5, 4, 9, 5, 30)),
])
def test_local_datetimes(cell: str, value: datetime) -> None:
    assert parse_local_datetime(cell) == value


@pytest.mark.parametrize("cell", ["2026-05-14", "31/02/2026 10:00", "10:32", "2026-05-14 25:00", "demain"])
def test_bad_local_datetimes(cell: str) -> None:
    with pytest.raises(UserError):
        parse_local_datetime(cell)
