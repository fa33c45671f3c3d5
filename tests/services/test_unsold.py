"""The unsold stock statement at the end of an edition, and handing the goods back."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, StockKind
from possouk.services import audit, refunds, stock, unsold
from possouk.services.stock import StockInput, record_stock_document
from possouk.storage.uow import open_database
from tests.conftest import Market, build_market


def _rows(found: unsold.UnsoldStock) -> dict[str, tuple[int, int, int, int, int, int]]:
    return {p.sku: (p.opening, p.deposited, p.sold, p.returned, p.adjusted, p.remaining)
            for p in found.products}


def test_what_was_deposited_sold_returned_adjusted_and_remains(market: Market) -> None:
    sale = market.sell([(market.honey, 3000), (market.figs, 1250)])
    honey_line = next(line for line in sale.lines if line.sku == "HON-1")
    refunds.refund(market.db, refunds.RefundRequest(
        "r1", "MEK1", market.supervisor, sale.id, [refunds.RefundLine(honey_line.id, 1000)],
        method=PaymentMethod.CASH))
    stock.record(market.db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                 [StockInput("HON-1", -1000)], reason="damaged")
    stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP1",
                 [StockInput("FIG-1", 3000)])
    found = unsold.unsold_stock(market.db, "COOP1", "MEK")
    # honey: 20 deposited, 3 sold and 1 brought back (2), 1 damaged → 17 left
    # figs: 10 kg deposited, 1,250 kg sold, 3 kg taken back → 5,750 kg left
    assert _rows(found) == {"HON-1": (0, 20000, 2000, 0, -1000, 17000),
                            "FIG-1": (0, 10000, 1250, 3000, 0, 5750)}
    assert [p.sku for p in found.products] == ["FIG-1", "HON-1"]
    assert found.value == 17 * 12000 + 5750 * 4500 // 1000
    assert not found.oversold
    # the remaining quantities are the stock on hand
    on_hand = {lvl.sku: lvl.on_hand for lvl in stock.levels(market.db, "MEK")}
    assert all(on_hand[p.sku] == p.remaining for p in found.products)
    everyone = unsold.unsold_stocks(market.db, "MEK")
    assert [s.cooperative_code for s in everyone] == ["COOP1", "COOP2"]
    assert everyone[0] == found


def test_a_period_counts_what_was_there_before_as_opening(market: Market) -> None:
    now = utc_now()
    today = business_day(now, 240)
    market.sell([(market.honey, 2000)], manual_ref="P1", at=now - timedelta(days=3))
    market.sell([(market.honey, 1000)], manual_ref="P2", at=now - timedelta(days=1))
    with market.db.write() as uow:
        record_stock_document(uow, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                              [StockInput("HON-1", 5000)], at=now - timedelta(days=1))
        uow.commit()
    # The period: the day before yesterday and yesterday. The first sale (paper, three days
    # ago) came before it: the opening is −2; the fixture's intake (today) after it.
    edition = unsold.unsold_stock(market.db, "COOP1", "MEK", today - timedelta(days=2),
                                  today - timedelta(days=1))
    honey = next(p for p in edition.products if p.sku == "HON-1")
    assert (honey.opening, honey.deposited, honey.sold, honey.remaining) == (-2000, 5000, 1000, 2000)
    # up to today: the fixture's 20 in, 3 sold in all
    now_on = unsold.unsold_stock(market.db, "COOP1", "MEK", today - timedelta(days=2))
    honey = next(p for p in now_on.products if p.sku == "HON-1")
    assert (honey.opening, honey.deposited, honey.sold, honey.remaining) == (-2000, 25000, 1000, 22000)
    # a period that ends before the intake and the sales of the fixture's day
    early = unsold.unsold_stock(market.db, "COOP1", "MEK", None, today - timedelta(days=4))
    assert early.empty and early.products == ()


def test_handing_back_records_a_return_slip_of_what_remains(market: Market) -> None:
    market.sell([(market.oil, 2500)])
    doc = unsold.hand_back(market.db, market.supervisor, "COOP2", "MEK")
    assert doc.kind is StockKind.RETURN and doc.reference.startswith("MEK-R-")
    assert {(line.sku, line.quantity) for line in doc.lines} == {("OIL-1", 27500),
                                                                ("SOAP-1", 50000)}
    after = unsold.unsold_stock(market.db, "COOP2", "MEK")
    assert all(p.remaining == 0 and p.returned == p.deposited - p.sold for p in after.products)
    assert after.value == 0 and not after.to_return
    with pytest.raises(UserError, match="nothing to hand back"):
        unsold.hand_back(market.db, market.supervisor, "COOP2", "MEK")
    assert audit.verify(market.db).ok


def test_an_oversold_product_is_shown_and_not_handed_back(market: Market) -> None:
    market.allow_oversell()
    market.sell([(market.honey, 22000)])  # 20 on hand
    found = unsold.unsold_stock(market.db, "COOP1", "MEK")
    honey = next(p for p in found.products if p.sku == "HON-1")
    assert (honey.remaining, honey.to_return, honey.value) == (-2000, 0, 0)
    assert found.oversold == (honey,)
    doc = unsold.hand_back(market.db, market.supervisor, "COOP1", "MEK")
    assert [(line.sku, line.quantity) for line in doc.lines] == [("FIG-1", 10000)]


def test_bad_requests_are_refused_and_nothing_is_written(market: Market) -> None:
    today = business_day(utc_now(), 240)
    with pytest.raises(UserError, match="ends before it starts"):
        unsold.unsold_stock(market.db, "COOP1", "MEK", today, today - timedelta(days=1))
    with pytest.raises(UserError, match="no cooperative"):
        unsold.unsold_stock(market.db, "NOPE", "MEK")
    with pytest.raises(UserError, match="no site"):
        unsold.unsold_stocks(market.db, "XXX")
    with pytest.raises(PermissionDenied):
        unsold.hand_back(market.db, market.cashier, "COOP1", "MEK")
    assert all(p.returned == 0 for p in unsold.unsold_stock(market.db, "COOP1", "MEK").products)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sell", "return", "adjust", "intake"]),
                          st.sampled_from(["honey", "soap"]), st.integers(1, 4)), max_size=10))
def test_what_remains_is_always_the_stock_on_hand(moves: list[tuple[str, str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "u.sqlite3")
        try:
            market = build_market(db)
            market.allow_oversell()
            for kind, name, count in moves:
                product = getattr(market, name)
                coop = "COOP1" if name == "honey" else "COOP2"
                try:
                    if kind == "sell":
                        market.sell([(product, count * 1000)])
                    elif kind == "adjust":
                        stock.record(db, market.supervisor, StockKind.ADJUSTMENT, "MEK", None,
                                     [StockInput(product.sku, -count * 1000)], reason="lost")
                    else:
                        stock.record(db, market.supervisor,
                                     StockKind.RETURN if kind == "return" else StockKind.INTAKE,
                                     "MEK", coop, [StockInput(product.sku, count * 1000)])
                except UserError:  # returning more than is on hand is refused
                    pass
            on_hand = {lvl.sku: lvl.on_hand for lvl in stock.levels(db, "MEK")}
            for found in unsold.unsold_stocks(db, "MEK"):
                for p in found.products:
                    assert p.remaining == on_hand[p.sku]
        finally:
            db.close()
