"""Refunds: whole or partial, never more than sold, supervisor, stock back, chained."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, Sale, SaleKind
from possouk.services import audit, stock
from possouk.services.refunds import RefundLine, RefundRequest, find_sale, refund
from tests.conftest import Market


def do_refund(market: Market, sale_id: int, lines: list[RefundLine], key: str = "r1",
              **extra: object) -> Sale:
    req = RefundRequest(key, "MEK1", extra.pop("cashier", market.supervisor),  # type: ignore[arg-type]
                        sale_id, lines, **extra)  # type: ignore[arg-type]
    return refund(market.db, req)


def on_hand(market: Market, sku: str) -> int:
    return {lv.sku: lv.on_hand for lv in stock.levels(market.db)}[sku]


def test_whole_refund_brings_stock_back_and_is_numbered(market: Market) -> None:
    sale = market.sell([(market.honey, 2000), (market.figs, 750)])
    result = do_refund(market, sale.id, [])
    assert result.kind is SaleKind.REFUND
    assert result.number == 2
    assert result.total == -sale.total
    assert result.refund_of_sale_id == sale.id
    assert on_hand(market, "HON-1") == 20_000 and on_hand(market, "FIG-1") == 10_000
    assert audit.verify(market.db).ok


def test_partial_refunds_add_up_exactly(market: Market) -> None:
    sale = market.sell([(market.figs, 1000)], [(PaymentMethod.CASH, 4500)])
    line = sale.lines[0].id
    parts = [333, 333, 334]
    totals = [do_refund(market, sale.id, [RefundLine(line, q)], key=f"r{i}").total
              for i, q in enumerate(parts)]
    assert sum(totals) == -4500
    with pytest.raises(UserError, match="already refunded"):
        do_refund(market, sale.id, [], key="r-again")


def test_cannot_refund_more_than_sold(market: Market) -> None:
    sale = market.sell([(market.honey, 2000)])
    do_refund(market, sale.id, [RefundLine(sale.lines[0].id, 1000)], key="a")
    with pytest.raises(UserError, match="can still be refunded"):
        do_refund(market, sale.id, [RefundLine(sale.lines[0].id, 2000)], key="b")


def test_refund_needs_a_supervisor(market: Market) -> None:
    sale = market.sell([(market.soap, 1000)])
    with pytest.raises(PermissionDenied):
        do_refund(market, sale.id, [], cashier=market.cashier)
    done = do_refund(market, sale.id, [], cashier=market.cashier, approver=market.supervisor)
    assert done.approved_by_id == market.supervisor.id


def test_refund_of_a_refund_refused(market: Market) -> None:
    sale = market.sell([(market.soap, 1000)])
    first = do_refund(market, sale.id, [])
    with pytest.raises(UserError, match="cannot itself"):
        do_refund(market, first.id, [], key="r2")


def test_refund_keeps_discount_share(market: Market) -> None:
    from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
    sale = checkout(market.db, CheckoutRequest(
        "disc", "MEK1", market.supervisor,
        [CartLine(market.honey.id, 1000), CartLine(market.oil.id, 1000)],
        [PaymentInput(PaymentMethod.CARD, 19000)], ticket_discount=1000))
    back = do_refund(market, sale.id, [RefundLine(sale.lines[0].id, 1000)])
    assert back.total == -11400  # 120.00 less its 6.00 share


def test_find_sale_by_reference(market: Market) -> None:
    sale = market.sell([(market.soap, 1000)])
    assert find_sale(market.db, "MEK1-000001").id == sale.id
    with pytest.raises(UserError):
        find_sale(market.db, "MEK1-000099")
    with pytest.raises(UserError):
        find_sale(market.db, "garbage")


def test_double_submit_refund_records_one(market: Market) -> None:
    sale = market.sell([(market.soap, 2000)])
    a = do_refund(market, sale.id, [RefundLine(sale.lines[0].id, 1000)], key="same")
    b = do_refund(market, sale.id, [RefundLine(sale.lines[0].id, 1000)], key="same")
    assert a.id == b.id
    assert on_hand(market, "SOAP-1") == 49_000
