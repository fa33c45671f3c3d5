"""The sale checkout returns is built from the rows it has just written, not read back
(bench/bench_checkout.py): it must equal, field for field, what the ledger reads back."""

from __future__ import annotations

import itertools
from datetime import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from possouk.domain.calendar import STORE_TIMEZONE
from possouk.domain.model import PaymentMethod, Sale
from possouk.domain.money import line_total
from possouk.services import setup
from possouk.services.checkout import (
    CartLine,
    CheckoutRequest,
    PaymentInput,
    checkout,
    record_sale,
)
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market

CASH, CARD, MOBILE = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE
_keys = itertools.count()


def _read_back(market: Market, sale: Sale) -> Sale:
    with market.db.read() as uow:
        return uow.ledger.sale(sale.id)


def _request(market: Market, lines: list[CartLine], pay: list[tuple[PaymentMethod, int]],
             **extra: object) -> CheckoutRequest:
    return CheckoutRequest(
        client_key=f"written-{next(_keys)}", register_code="MEK1", cashier=market.cashier,
        lines=lines, payments=[PaymentInput(m, a) for m, a in pay], **extra,  # type: ignore[arg-type]
    )



def test_plain_cash_sale_equals_its_read_back(market: Market) -> None:
    sale = market.sell([(market.honey, 2000), (market.figs, 750), (market.oil, 1500)],
                       [(CASH, 50000)])
    assert sale == _read_back(market, sale)
    assert sale.change_given > 0 and len(sale.lines) == 3 and sale.hash


def test_every_optional_value_survives(market: Market) -> None:
    """Approver, discounts, price override under the minimum, split payment, a manual
    entry at a local time, a priced label: each field as the ledger holds it."""
    at = datetime(2026, 11, 29, 1, 30, 15, 123456, tzinfo=STORE_TIMEZONE)  # business day: the 28th
    lines = [
        CartLine(market.honey.id, 1000, unit_price=9000),
        CartLine(market.figs.id, 750, discount=375),
        CartLine(market.soap.id, 2000),
        CartLine(market.figs.id, 760, label_total=3400),
    ]
    sale = checkout(market.db, _request(
        market, lines, [(CARD, 5000), (MOBILE, 2000), (CASH, 20000)], ticket_discount=999,
        approver=market.supervisor, at=at, manual_ref="paper-7",
    ))
    assert sale == _read_back(market, sale)
    assert sale.approved_by_id == market.supervisor.id and sale.manual_ref == "paper-7"
    assert sale.lines[0].price_overridden and sale.lines[1].line_discount == 375
    assert str(sale.business_day) == "2026-11-28"


def test_oversold_and_rounded_sale(market: Market) -> None:
    market.allow_oversell()
    setup.update_store(market.db, COMMAND_LINE, cash_rounding=50)
    sale = market.sell([(market.figs, 10_333)], [(CASH, 50000)])
    assert sale.lines[0].oversold and sale.rounding
    assert sale == _read_back(market, sale)


def test_a_repeated_key_returns_the_same_sale(market: Market) -> None:
    first = market.sell([(market.soap, 1000)], key="twice")
    again = market.sell([(market.soap, 1000)], key="twice")  # read back this time
    assert first == again


def test_record_sale_in_an_outer_transaction(market: Market) -> None:
    with market.db.write() as uow:
        ids = [record_sale(uow, _request(market, [CartLine(market.soap.id, 1000)], [(CASH, 1250)]))
               for _ in range(3)]
        uow.commit()
    with market.db.read() as uow:
        assert [uow.ledger.sale(i).number for i in ids] == [1, 2, 3]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4_000), st.integers(0, 300)),
                   min_size=1, max_size=5),
    ticket_pct=st.integers(0, 50), card_pct=st.integers(0, 100), extra=st.integers(0, 5_000),
)
def test_any_sale_equals_its_read_back(market: Market, lines: list[tuple[int, int, int]],
                                       ticket_pct: int, card_pct: int, extra: int) -> None:
    market.allow_oversell()
    products = [market.honey, market.figs, market.oil, market.soap]
    cart = []
    for index, qty, discount in lines:
        product = products[index]
        quantity = qty * 1000 if product.unit.whole else qty
        cart.append(CartLine(product.id, quantity,
                             discount=min(discount, line_total(quantity, product.price))))
    after = sum(line_total(c.quantity, products[i].price) - c.discount
                for c, (i, _, _) in zip(cart, lines, strict=True))
    ticket = after * ticket_pct // 100
    assume(after - ticket > 0)
    card = (after - ticket) * card_pct // 100
    cash = after - ticket - card + extra
    pay = ([(CARD, card)] if card else []) + ([(CASH, cash)] if cash else [])
    sale = checkout(market.db, _request(market, cart, pay, ticket_discount=ticket,
                                        approver=market.supervisor))
    assert sale == _read_back(market, sale)
