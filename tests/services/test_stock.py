"""Stock documents: deposit slips, returns, adjustments; on hand = sum of movements."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import StockKind
from possouk.services import audit, stock
from possouk.services.stock import StockInput
from tests.conftest import Market


def on_hand(market: Market) -> dict[str, int]:
    return {lv.sku: lv.on_hand for lv in stock.levels(market.db, "MEK")}


def test_deposit_slips_are_numbered_per_site(market: Market) -> None:
    doc = stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                       [StockInput("HON-1", 5000)])
    assert doc.reference == "MEK-D-00003"
    assert doc.lines[0].unit_price == 12000
    assert on_hand(market)["HON-1"] == 25_000


def test_return_to_cooperative(market: Market) -> None:
    doc = stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP2",
                       [StockInput("SOAP-1", 10_000)])
    assert doc.reference == "MEK-R-00001"
    assert on_hand(market)["SOAP-1"] == 40_000
    with pytest.raises(UserError, match="on hand"):
        stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP2",
                     [StockInput("SOAP-1", 41_000)])


def test_adjustment_needs_a_reason_and_may_go_down(market: Market) -> None:
    with pytest.raises(UserError, match="reason"):
        stock.record(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                     [StockInput("FIG-1", -500)])
    stock.record(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                 [StockInput("FIG-1", -500)], reason="damaged")
    assert on_hand(market)["FIG-1"] == 9_500


def test_refusals(market: Market) -> None:
    with pytest.raises(UserError, match="does not belong"):
        stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP2",
                     [StockInput("HON-1", 1000)])
    with pytest.raises(UserError, match="more than zero"):
        stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                     [StockInput("HON-1", -1000)])
    with pytest.raises(UserError, match="piece"):
        stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                     [StockInput("HON-1", 1500)])
    with pytest.raises(UserError, match="site"):
        stock.record(market.db, market.supervisor, StockKind.INTAKE, "XXX", "COOP1",
                     [StockInput("HON-1", 1000)])
    with pytest.raises(PermissionDenied):
        stock.record(market.db, market.cashier, StockKind.INTAKE, "MEK", "COOP1",
                     [StockInput("HON-1", 1000)])
    assert on_hand(market)["HON-1"] == 20_000


def test_on_hand_is_the_sum_of_movements(market: Market) -> None:
    market.sell([(market.honey, 2000), (market.figs, 1250)])
    with market.db.read() as uow:
        sums = dict(uow.connection.exec_driver_sql(
            "SELECT p.sku, SUM(m.quantity) FROM stock_movements m JOIN products p "
            "ON p.id = m.product_id GROUP BY p.sku").all())
    assert sums == on_hand(market)
    assert audit.verify(market.db).ok
