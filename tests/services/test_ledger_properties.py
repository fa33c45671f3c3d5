"""Property tests of the ledger: sales balance, numbers stay gapless, refunds never exceed
what was sold, money never goes through float."""

from __future__ import annotations

import ast
import itertools
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from possouk.domain.errors import UserError
from possouk.domain.model import PaymentMethod
from possouk.domain.money import allocate, div_round_half_up, line_total
from possouk.services import audit
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.refunds import RefundLine, RefundRequest, refund
from tests.conftest import Market

FIXTURE = settings(max_examples=40, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
_keys = itertools.count()



cart_lines = st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 5_000), st.integers(0, 500)), min_size=1, max_size=6
)


@FIXTURE
@given(lines=cart_lines, discount_pct=st.integers(0, 100), cash_first=st.booleans(),
       split=st.integers(0, 100), extra_cash=st.integers(0, 20_000))
def test_a_sale_always_balances(market: Market, lines: list[tuple[int, int, int]],
                                discount_pct: int, cash_first: bool, split: int,
                                extra_cash: int) -> None:
    market.allow_oversell()
    products = [market.honey, market.figs, market.oil, market.soap]
    cart = []
    for index, qty, disc in lines:
        product = products[index]
        quantity = qty * 1000 if product.unit.whole else qty
        gross = line_total(quantity, product.price)
        cart.append(CartLine(product.id, quantity, discount=min(disc, gross)))
    after = sum(line_total(c.quantity, products[i].price) - c.discount
                for c, (i, _, _) in zip(cart, lines, strict=True))
    ticket = after * discount_pct // 200
    due = after - ticket
    card = due * split // 100
    payments = [PaymentInput(PaymentMethod.CARD, card)] if card else []
    cash = PaymentInput(PaymentMethod.CASH, due - card + extra_cash)
    if cash.amount:
        payments = [cash, *payments] if cash_first else [*payments, cash]
    if not payments:
        return
    sale = checkout(market.db, CheckoutRequest(
        f"bal-{next(_keys)}", "MEK1", market.supervisor, cart, payments, ticket_discount=ticket))
    assert sum(line.net for line in sale.lines) + sale.rounding == sale.total
    assert sum(p.amount for p in sale.payments) == sale.total
    for line in sale.lines:
        assert line.gross - line.line_discount - line.ticket_discount == line.net
    tendered = sum(p.tendered or 0 for p in sale.payments)
    cash_kept = sum(p.amount for p in sale.payments if p.method is PaymentMethod.CASH)
    assert tendered - cash_kept == sale.change_given


@FIXTURE
@given(actions=st.lists(st.tuples(st.sampled_from(["sell", "bad", "refund"]), st.integers(0, 10**6)),
                        min_size=1, max_size=12))
def test_numbers_stay_gapless_and_refunds_never_exceed_sales(
    market: Market, actions: list[tuple[str, int]]
) -> None:
    market.allow_oversell()
    sold: list[int] = []
    for action, seed in actions:
        try:
            if action == "sell":
                sold.append(market.sell([(market.figs, 1 + seed % 3000)], key=f"s-{next(_keys)}").id)
            elif action == "bad":  # refused attempts must not consume a number
                market.sell([(market.honey, 1000)], [(PaymentMethod.CASH, 1)], key=f"b-{next(_keys)}")
            elif sold:
                sale_id = sold[seed % len(sold)]
                refund(market.db, RefundRequest(
                    f"r-{next(_keys)}", "MEK1", market.supervisor, sale_id,
                    [RefundLine(_line_of(market, sale_id), 1 + seed % 2000)]))
        except UserError:
            pass
    with market.db.read() as uow:
        numbers = [r[0] for r in uow.connection.exec_driver_sql(
            "SELECT number FROM sales ORDER BY number")]
        over = uow.connection.exec_driver_sql(
            "SELECT o.id FROM sale_lines o JOIN sale_lines r ON r.refund_of_line_id = o.id "
            "GROUP BY o.id HAVING SUM(-r.quantity) > o.quantity OR SUM(-r.net) > o.net").all()
    assert numbers == list(range(1, len(numbers) + 1))
    assert over == []
    assert audit.verify(market.db).ok


def _line_of(market: Market, sale_id: int) -> int:
    with market.db.read() as uow:
        return uow.ledger.sale(sale_id).lines[0].id


@given(st.integers(-10**15, 10**15), st.integers(1, 10**6))
def test_rounding_matches_decimal_half_up(numerator: int, denominator: int) -> None:
    expected = (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert div_round_half_up(numerator, denominator) == int(expected)


@given(st.integers(-10**9, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_allocate_is_exact(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)


MONEY_PACKAGES = ("domain", "storage", "services")


def _is_path_join(node: ast.BinOp) -> bool:
    """``folder / "name"``: pathlib's operator, not arithmetic."""
    right = node.right
    return isinstance(right, ast.JoinedStr) or (
        isinstance(right, ast.Constant) and isinstance(right.value, str)
    )


def test_money_never_passes_through_float() -> None:
    """No float literal, float() call or true division in the code that handles money."""
    root = Path(__file__).resolve().parents[2] / "possouk"
    offenders = []
    for package in MONEY_PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, float):
                    offenders.append(f"{path.name}:{node.lineno} float literal")
                elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "float":
                    offenders.append(f"{path.name}:{node.lineno} float()")
                elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                      and not _is_path_join(node)):
                    offenders.append(f"{path.name}:{node.lineno} true division")
    assert offenders == []
