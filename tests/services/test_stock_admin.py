"""The back office's stock service: documents typed line by line, counts, the overview."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from pypdf import PdfReader

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import StockKind, Unit
from possouk.services import stock, stock_admin
from possouk.services.documents import deposit_slip_pdf
from possouk.services.stock import StockInput
from tests.conftest import Market


def read_back(pdf: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def levels(market: Market) -> dict[str, int]:
    return {level.sku: level.on_hand for level in stock.levels(market.db, "MEK")}


def count_events(market: Market) -> list[dict[str, object]]:
    with market.db.read() as uow:
        rows = uow.ledger.events(kind="stock_adjustment")
    return [json.loads(str(r["detail"])) for r in rows]


def test_an_intake_of_three_products_updates_the_stock_and_its_slip_names_the_cooperative(
        market: Market) -> None:
    before = levels(market)
    doc = stock_admin.record_document(
        market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP2",
        [StockInput("OIL-1", 2_500), StockInput("SOAP-1", 12_000)])
    assert doc.reference == "MEK-D-00003"
    doc = stock_admin.record_document(
        market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
        [StockInput("HON-1", 5_000), StockInput("FIG-1", 1_250)])
    after = levels(market)
    assert after["HON-1"] - before["HON-1"] == 5_000
    assert after["FIG-1"] - before["FIG-1"] == 1_250
    assert after["OIL-1"] - before["OIL-1"] == 2_500
    text = read_back(deposit_slip_pdf(market.db, doc.reference))
    assert "تعاونية النحل" in text and "Coopérative des abeilles" in text and "COOP1" in text


def test_an_adjustment_takes_goods_away_but_never_more_than_is_on_hand(market: Market) -> None:
    doc = stock_admin.record_document(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                                      [StockInput("SOAP-1", 3_000)], reason="damaged")
    assert [line.quantity for line in doc.lines] == [-3_000]
    assert levels(market)["SOAP-1"] == 47_000
    with pytest.raises(UserError) as refused:
        stock_admin.record_document(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                                    [StockInput("SOAP-1", 48_000)], reason="lost")
    assert refused.value.message == stock_admin.NOT_ON_HAND
    with pytest.raises(UserError):
        stock_admin.record_document(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                                    [StockInput("SOAP-1", 1_000)], reason="")
    assert levels(market)["SOAP-1"] == 47_000


def test_bad_documents_write_nothing(market: Market) -> None:
    before = levels(market)
    with pytest.raises(UserError):  # a product of another cooperative
        stock_admin.record_document(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                                    [StockInput("OIL-1", 1_000)])
    with pytest.raises(UserError):  # zero
        stock_admin.record_document(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                                    [StockInput("HON-1", 0)])
    with pytest.raises(UserError):  # a return above what is on hand
        stock_admin.record_document(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP1",
                                    [StockInput("HON-1", 21_000)])
    assert levels(market) == before


def test_scans_are_found_or_refused(market: Market) -> None:
    assert stock_admin.find_product(market.db, market.honey.barcode, "COOP1").product.sku == "HON-1"
    assert stock_admin.find_product(market.db, "soap-1").product.sku == "SOAP-1"  # a sku typed in full
    with pytest.raises(UserError):
        stock_admin.find_product(market.db, "0000000000000")
    with pytest.raises(UserError) as other:
        stock_admin.find_product(market.db, market.oil.barcode, "COOP1")
    assert other.value.params["sku"] == "OIL-1"


def test_typed_quantities_are_integers(market: Market) -> None:
    assert stock_admin.parse_line_quantity("1,250", Unit.KG) == 1_250
    assert stock_admin.parse_line_quantity("3", Unit.PIECE) == 3_000
    for bad in ("0", "-2", "abc", "1.5"):
        with pytest.raises(UserError):
            stock_admin.parse_line_quantity(bad, Unit.PIECE)
    assert stock_admin.parse_counted("", Unit.PIECE) is None
    assert stock_admin.parse_counted("0", Unit.PIECE) == 0
    assert stock_admin.parse_counted("0,5", Unit.KG) == 500
    for bad in ("-1", "x", "2.5"):
        with pytest.raises(UserError):
            stock_admin.parse_counted(bad, Unit.PIECE)


def test_a_count_with_one_difference_posts_one_adjustment_and_logs_it(market: Market) -> None:
    sheet = {line.sku: line.expected for line in stock_admin.count_sheet(market.db, "MEK")}
    assert sheet == {"HON-1": 20_000, "FIG-1": 10_000, "OIL-1": 30_000, "SOAP-1": 50_000}
    assert [c.sku for c in stock_admin.count_sheet(market.db, "MEK", "COOP2")] == ["OIL-1", "SOAP-1"]
    events_before = len(count_events(market))
    counted = dict(sheet, **{"FIG-1": 9_400})
    doc = stock_admin.post_count(market.db, market.supervisor, "MEK", counted)
    assert doc is not None and doc.kind is StockKind.ADJUSTMENT and doc.reason == "count"
    assert [(line.sku, line.quantity) for line in doc.lines] == [("FIG-1", -600)]
    assert levels(market)["FIG-1"] == 9_400
    events = count_events(market)
    assert len(events) == events_before + 1 and events[0]["reason"] == "count"
    # counted again, the same: nothing differs, nothing is posted
    assert stock_admin.post_count(market.db, market.supervisor, "MEK", {"FIG-1": 9_400}) is None
    assert len(count_events(market)) == events_before + 1


def test_a_cashier_may_not_post(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        stock_admin.post_count(market.db, market.cashier, "MEK", {"FIG-1": 1_000})
    with pytest.raises(PermissionDenied):
        stock_admin.record_document(market.db, market.cashier, StockKind.INTAKE, "MEK", "COOP1",
                                    [StockInput("HON-1", 1_000)])
    assert levels(market)["FIG-1"] == 10_000


def test_the_overview(market: Market) -> None:
    market.sell([(market.honey, 2_000)])
    stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP2",
                 [StockInput("SOAP-1", 5_000)])
    rows = {r.sku: r for r in stock_admin.overview(market.db, "MEK")}
    honey, soap = rows["HON-1"], rows["SOAP-1"]
    assert (honey.deposited, honey.sold, honey.returned, honey.on_hand) == (20_000, 2_000, 0, 18_000)
    assert honey.value == 18 * 12000
    assert (soap.returned, soap.on_hand, soap.value) == (5_000, 45_000, 45 * 1250)
    assert honey.cooperative_name_ar == "تعاونية النحل"
    assert [r.sku for r in stock_admin.overview(market.db, None, "COOP1")] == ["FIG-1", "HON-1"]
    with pytest.raises(UserError):
        stock_admin.overview(market.db, "NOPE")
