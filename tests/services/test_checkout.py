"""Checkout: snapshots, balance, discounts, permissions, stock, idempotency."""

from __future__ import annotations

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, SaleKind
from possouk.services import catalog, setup, stock
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market

CASH, CARD, MOBILE = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE


def request(market: Market, lines: list[CartLine], pay: list[tuple[PaymentMethod, int]],
            **extra: object) -> CheckoutRequest:
    return CheckoutRequest(
        client_key=str(extra.pop("key", "key-1")), register_code="MEK1",
        cashier=extra.pop("cashier", market.cashier),  # type: ignore[arg-type]
        lines=lines, payments=[PaymentInput(m, a) for m, a in pay], **extra,  # type: ignore[arg-type]
    )


def stock_of(market: Market, sku: str) -> int:
    return {lv.sku: lv.on_hand for lv in stock.levels(market.db, "MEK")}[sku]


def test_sale_snapshots_prices_commission_and_balances(market: Market) -> None:
    sale = market.sell([(market.honey, 2000), (market.figs, 750)], [(CASH, 30000)])
    assert sale.reference == "MEK1-000001"
    assert sale.kind is SaleKind.SALE
    honey, figs = sale.lines
    assert (honey.gross, honey.net, honey.commission_rate) == (24000, 24000, 1000)
    assert (figs.quantity, figs.gross) == (750, 3375)  # 0.750 kg × 45.00 = 33.75
    assert sale.total == 27375
    assert sale.change_given == 30000 - 27375
    assert sale.payments[0].amount == 27375 and sale.payments[0].tendered == 30000
    # a later price change does not touch the sale
    catalog.change_price(market.db, COMMAND_LINE, "HON-1", 13000)
    again = market.sell([(market.soap, 1000)])
    assert again.number == 2
    from possouk.services.refunds import find_sale
    assert find_sale(market.db, "MEK1-000001").lines[0].unit_price == 12000


def test_line_total_rounds_half_up_per_line(market: Market) -> None:
    sale = market.sell([(market.figs, 333)], [(CASH, 1500)])  # 0.333 × 45.00 = 14.985 → 14.99
    assert sale.lines[0].gross == 1499


def test_stock_moves_with_the_sale(market: Market) -> None:
    before = stock_of(market, "HON-1")
    market.sell([(market.honey, 3000)])
    assert stock_of(market, "HON-1") == before - 3000


def test_split_payment_cash_and_card(market: Market) -> None:
    sale = market.sell([(market.oil, 2000)], [(CARD, 10000), (CASH, 10000)])
    assert sale.total == 16000
    assert [(p.method, p.amount) for p in sale.payments] == [(CARD, 10000), (CASH, 6000)]
    assert sale.change_given == 4000


def test_card_cannot_overpay(market: Market) -> None:
    with pytest.raises(UserError, match="cannot exceed"):
        market.sell([(market.soap, 1000)], [(CARD, 2000)])


def test_underpayment_refused(market: Market) -> None:
    with pytest.raises(UserError, match="still to be paid"):
        market.sell([(market.honey, 1000)], [(CASH, 5000)])


def test_double_submit_records_one_sale(market: Market) -> None:
    first = market.sell([(market.honey, 1000)], key="same-key")
    second = market.sell([(market.honey, 1000)], key="same-key")
    assert first.id == second.id
    assert stock_of(market, "HON-1") == 19000


def test_out_of_stock_refused_unless_site_allows(market: Market) -> None:
    with pytest.raises(UserError, match="Not enough"):
        market.sell([(market.figs, 10_001)], [(CASH, 100000)])
    assert stock_of(market, "FIG-1") == 10_000
    with market.db.write() as uow:
        uow.store.update_site(uow.store.site_by_code("MEK").id, allow_oversell=True)  # type: ignore[union-attr]
        uow.commit()
    sale = market.sell([(market.figs, 10_500)], [(CASH, 100000)])
    assert sale.lines[0].oversold


def test_piece_products_need_whole_quantities(market: Market) -> None:
    with pytest.raises(UserError, match="by the piece"):
        market.sell([(market.honey, 1500)])


@pytest.mark.parametrize("quantity", [0, -1000])
def test_non_positive_quantity_refused(market: Market, quantity: int) -> None:
    with pytest.raises(UserError, match="more than zero"):
        market.sell([(market.honey, quantity)], [(CASH, 1000)])


def test_empty_cart_refused(market: Market) -> None:
    with pytest.raises(UserError, match="empty"):
        checkout(market.db, request(market, [], [(CASH, 100)]))


def test_ticket_discount_spread_pro_rata_and_needs_permission(market: Market) -> None:
    lines = [CartLine(market.honey.id, 1000), CartLine(market.oil.id, 1000)]
    with pytest.raises(PermissionDenied):
        checkout(market.db, request(market, lines, [(CASH, 19000)], ticket_discount=1000))
    sale = checkout(market.db, request(market, lines, [(CASH, 19000)], ticket_discount=1000,
                                       approver=market.supervisor))
    assert [line.ticket_discount for line in sale.lines] == [600, 400]  # 120 : 80
    assert sale.total == 19000
    assert sale.approved_by_id == market.supervisor.id


def test_under_minimum_price_needs_a_supervisor(market: Market) -> None:
    cheap = [CartLine(market.honey.id, 1000, unit_price=9000)]
    with pytest.raises(PermissionDenied):
        checkout(market.db, request(market, cheap, [(CASH, 9000)]))
    sale = checkout(market.db, request(market, cheap, [(CASH, 9000)], approver=market.supervisor))
    assert sale.lines[0].price_overridden
    with market.db.read() as uow:
        kinds = [e["kind"] for e in uow.ledger.events(limit=10)]
    assert "price_under_minimum" in kinds and "price_override" in kinds


def test_a_cashier_approver_does_not_count(market: Market) -> None:
    cheap = [CartLine(market.honey.id, 1000, unit_price=9000)]
    with pytest.raises(PermissionDenied):
        checkout(market.db, request(market, cheap, [(CASH, 9000)], approver=market.cashier))


def test_line_discount_bounded(market: Market) -> None:
    with pytest.raises(UserError, match="discount"):
        checkout(market.db, request(market, [CartLine(market.soap.id, 1000, discount=2000)],
                                    [(CASH, 1000)]))


def test_cash_rounding_line(market: Market) -> None:
    setup.update_store(market.db, COMMAND_LINE, cash_rounding=50)
    sale = market.sell([(market.figs, 333)], [(CASH, 1500)])  # 14.99 → 15.00
    assert (sale.rounding, sale.total) == (1, 1500)
    card = market.sell([(market.figs, 333)], [(CARD, 1499)])
    assert card.rounding == 0


def test_unknown_register_refused(market: Market) -> None:
    bad = CheckoutRequest("k", "NOPE", market.cashier, [CartLine(market.soap.id, 1000)],
                          [PaymentInput(CASH, 1250)])
    with pytest.raises(UserError, match="register"):
        checkout(market.db, bad)


def test_inactive_product_refused(market: Market) -> None:
    with market.db.write() as uow:
        uow.catalog.update_product(market.soap.id, {"active": False})
        uow.commit()
    with pytest.raises(UserError, match="no longer sold"):
        market.sell([(market.soap, 1000)])


def test_sale_is_logged(market: Market) -> None:
    market.sell([(market.soap, 1000)], key="logged")
    with market.db.read() as uow:
        last = uow.ledger.events(limit=1)[0]
    assert last["kind"] == "sale" and "logged" in last["detail"]


def test_weighed_lines_from_scale_labels(market: Market) -> None:
    from possouk.domain.barcode import DEFAULT_SCALE_RULES, scale_barcode
    from possouk.services.checkout import cart_line_for
    weight, price = DEFAULT_SCALE_RULES
    code = market.figs.scale_code
    assert code is not None
    by_weight = cart_line_for(catalog.scan(market.db, scale_barcode(weight, code, 750)))
    by_price = cart_line_for(catalog.scan(market.db, scale_barcode(price, code, 3376)))
    piece = cart_line_for(catalog.scan(market.db, market.honey.barcode))
    sale = checkout(market.db, request(market, [by_weight, by_price, piece], [(CASH, 20000)]))
    assert [(line.quantity, line.gross) for line in sale.lines] == [
        (750, 3375), (750, 3376), (1000, 12000)]
    assert sale.total == 3375 + 3376 + 12000
