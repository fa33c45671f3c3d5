"""The cart the screen shows asks for exactly what checkout records; refusals change nothing."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from possouk.domain.errors import UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.permissions import Permission
from possouk.services import setup
from possouk.services.cart import Cart
from possouk.services.catalog import ScanResult
from possouk.services.checkout import CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market

FIXTURE = settings(max_examples=40, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
_keys = itertools.count()



@FIXTURE
@given(lines=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5_000), st.integers(0, 100),
                                st.booleans()), min_size=1, max_size=6),
       ticket_pct=st.integers(0, 100), rounding=st.sampled_from([0, 10, 50, 100]),
       all_cash=st.booleans())
def test_the_cart_total_is_what_checkout_records(
    market: Market, lines: list[tuple[int, int, int, bool]], ticket_pct: int, rounding: int,
    all_cash: bool,
) -> None:
    market.allow_oversell()
    setup.update_store(market.db, COMMAND_LINE, cash_rounding=rounding)
    products = [market.honey, market.figs, market.oil, market.soap]
    cart = Cart(client_key=f"cart-{next(_keys)}")
    for index, qty, discount_pct, label in lines:
        product = products[index]
        if product.unit.whole:
            at = cart.add_scan(ScanResult(product))
            cart.set_quantity(at, (qty % 20 + 1) * 1000)
        elif label:  # a price-embedded scale label
            at = cart.add_scan(ScanResult(product, price=qty * 7 + 1))
        else:
            at = cart.add_scan(ScanResult(product, quantity=qty))
        cart.set_discount(at, cart.items[at].gross * discount_pct // 200)
    cart.set_ticket_discount(cart.subtotal_before_ticket * ticket_pct // 300)
    methods = [PaymentMethod.CASH] if all_cash else [PaymentMethod.CARD, PaymentMethod.CASH]
    due = cart.due(rounding, methods)
    if due <= 0:
        return  # everything discounted away: checkout refuses a zero payment, as it should
    payments = ([PaymentInput(PaymentMethod.CASH, due)] if all_cash
                else [PaymentInput(PaymentMethod.CARD, due // 2), PaymentInput(PaymentMethod.CASH,
                                                                              due - due // 2)]
                if due >= 2 else [PaymentInput(PaymentMethod.CARD, due)])
    sale = checkout(market.db, CheckoutRequest(cart.client_key, "MEK1", market.supervisor,
                                               cart.cart_lines(), payments, cart.ticket_discount))
    assert sale.total == due
    assert sale.change_given == 0
    assert [line.net for line in sale.lines] == cart.nets()
    assert sale.rounding == cart.rounding(rounding, methods if all_cash or due >= 2
                                          else [PaymentMethod.CARD])


def test_one_more_piece_adds_to_the_last_line_weighed_goods_do_not(market: Market) -> None:
    cart = Cart()
    assert cart.add_product(market.honey) == 0
    assert cart.add_product(market.honey) == 0
    assert cart.items[0].quantity == 2000
    assert cart.add_scan(ScanResult(market.figs, quantity=750)) == 1
    assert cart.add_scan(ScanResult(market.figs, quantity=750)) == 2
    cart.set_discount(0, 1000)
    assert cart.add_product(market.honey) == 3  # a discounted line stays as it is
    assert cart.piece_count == 2 + 1 + 1 + 1


@pytest.mark.parametrize("change, message", [
    (lambda c: c.set_quantity(0, 0), "more than zero"),
    (lambda c: c.set_quantity(0, -1000), "more than zero"),
    (lambda c: c.set_quantity(0, 1500), "sold by the piece"),
    (lambda c: c.set_quantity(0, 10**9), "too large"),
    (lambda c: c.set_discount(0, 12001), "between zero and the line total"),
    (lambda c: c.set_discount(0, -1), "between zero and the line total"),
    (lambda c: c.set_price(0, 0), "more than zero"),
    (lambda c: c.set_ticket_discount(999_999), "between zero and the total"),
    (lambda c: c.remove(5), "Choose a line"),
    (lambda c: c.step(1, 1), "weighed"),
])
def test_refusals_leave_the_cart_unchanged(market: Market, change: object, message: str) -> None:
    cart = Cart()
    cart.add_product(market.honey)
    cart.add_scan(ScanResult(market.figs, quantity=500))
    before = (list(cart.items), cart.ticket_discount)
    with pytest.raises(UserError) as refused:
        change(cart)  # type: ignore[operator]
    assert message in str(refused.value)
    assert (cart.items, cart.ticket_discount) == before


def test_stepping_to_zero_removes_the_line(market: Market) -> None:
    cart = Cart()
    cart.add_product(market.soap)
    cart.step(0, 1)
    assert cart.items[0].quantity == 2000
    cart.step(0, -2)
    assert cart.items == []


def test_who_must_approve(market: Market) -> None:
    cart = Cart()
    cart.add_product(market.honey)  # 120.00, minimum 100.00
    assert cart.needs_approval(market.cashier) == set()
    cart.set_price(0, 11000)
    assert cart.needs_approval(market.cashier) == {Permission.PRICE_OVERRIDE}
    assert cart.needs_approval(market.cashier, market.supervisor) == set()
    cart.set_price(0, 9000)
    assert cart.needs_approval(market.cashier) == {Permission.PRICE_OVERRIDE,
                                                   Permission.PRICE_UNDER_MINIMUM}
    cart.set_price(0, 12000)
    cart.set_discount(0, 3000)  # the cashier may discount a line, but not under the minimum
    assert cart.needs_approval(market.cashier) == {Permission.PRICE_UNDER_MINIMUM}
    cart.set_discount(0, 0)
    cart.set_ticket_discount(500)
    assert cart.needs_approval(market.cashier) == {Permission.TICKET_DISCOUNT}


def test_a_smaller_cart_shrinks_the_ticket_discount(market: Market) -> None:
    cart = Cart()
    cart.add_product(market.honey)
    cart.add_product(market.soap)
    cart.set_ticket_discount(13000)
    cart.remove(0)
    assert cart.ticket_discount == 1250 and cart.total == 0
