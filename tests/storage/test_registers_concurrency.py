"""Several registers on one PostgreSQL server: 8 processes × 300 sales on 4 registers.

No gap and no duplicate in any register's numbers, the stock never below zero where the
site does not allow it (the last jars of honey: one sale gets them, the other is told),
the stock equal to the sum of its movements, and every chain verifies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from possouk.domain.cash import count_from
from possouk.domain.model import StockKind
from possouk.services import audit, sessions, setup, stock
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import open_database
from tests import postgres
from tests.conftest import build_market

needs_pg = pytest.mark.skipif(not postgres.available(),
                              reason="needs a PostgreSQL test server (scripts/pg-test-server)")


@pytest.mark.skipif(postgres.available(), reason="the server is here")
def test_ci_does_not_skip_postgresql() -> None:
    assert not os.environ.get("POSSOUK_REQUIRE_PG"), "POSSOUK_REQUIRE_PG is set, no server"

ROOT = Path(__file__).resolve().parents[2]
REGISTERS = ("MEK1", "MEK2", "MEK3", "MEK4")
PROCESSES, SALES = 8, 300


@needs_pg
def test_eight_registers_processes_sell_at_once_without_gap_or_oversell() -> None:
    url = postgres.new_database()
    try:
        db = open_database(url)
        market = build_market(db)  # MEK1 open; honey: 20 pieces
        for code in REGISTERS[1:]:
            setup.add_register(db, COMMAND_LINE, code, "MEK")
            sessions.open_session(db, market.cashier, code, count_from({10_000: 1}))
        stock.record(db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                     [StockInput("FIG-1", 10_000_000)])
        stock.record(db, market.supervisor, StockKind.INTAKE, "MEK", "COOP2",
                     [StockInput("OIL-1", 10_000_000), StockInput("SOAP-1", 10_000_000)])
        db.close()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        workers = [subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "registers_worker.py"), url,
             REGISTERS[i % len(REGISTERS)], str(SALES), str(i)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for i in range(PROCESSES)]
        results = []
        for worker in workers:
            out, err = worker.communicate(timeout=600)
            assert worker.returncode == 0, err[-3000:]
            done, refused = (int(x) for x in out.split())
            results.append((done, refused))
        assert sum(done + refused for done, refused in results) == PROCESSES * SALES
        assert sum(refused for _done, refused in results) > 0  # the honey ran out

        db = open_database(url, upgrade=False)
        with db.read() as uow:
            conn = uow.connection
            numbers = conn.exec_driver_sql(
                "SELECT r.code, s.number FROM sales s JOIN registers r ON r.id = s.register_id "
                "ORDER BY r.code, s.number").all()
            per_register: dict[str, list[int]] = {}
            for code, number in numbers:
                per_register.setdefault(code, []).append(number)
            for code, taken in per_register.items():
                assert taken == list(range(1, len(taken) + 1)), code  # no gap, no duplicate
            assert sum(len(v) for v in per_register.values()) == sum(d for d, _r in results)
            site = uow.store.site_by_code("MEK")
            assert site is not None
            products = [market.honey.id, market.figs.id, market.oil.id, market.soap.id]
            on_hand = uow.ledger.stock_on_hand(products, site.id)
            assert on_hand[market.honey.id] >= 0  # never oversold: the site does not allow it
            deposited = dict(conn.exec_driver_sql(
                "SELECT l.product_id, sum(l.quantity) FROM stock_doc_lines l "
                "GROUP BY l.product_id").all())
            sold = dict(conn.exec_driver_sql(
                "SELECT product_id, sum(quantity) FROM sale_lines GROUP BY product_id").all())
            for product in products:  # the stock is what was deposited less what was sold
                assert on_hand[product] == deposited[product] - sold.get(product, 0), product
        report = audit.verify(db, log_failures=False)
        assert report.ok, [f.describe() for f in report.findings]
        db.close()
    finally:
        postgres.drop_database(url)


@needs_pg
def test_a_connection_lost_during_a_sale_records_nothing_and_the_retry_records_it_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The server drops the register's connection in the middle of the sale's transaction:
    nothing of it stays, the cashier reads that the database could not be reached, and
    the same sale sent again (same key) is recorded once."""
    import uuid

    from possouk.domain.errors import EnvironmentFault
    from possouk.domain.model import PaymentMethod
    from possouk.i18n import render_error
    from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
    from possouk.storage.summary_repo import SummaryRepo

    url = postgres.new_database()
    try:
        db = open_database(url)
        market = build_market(db)
        request = CheckoutRequest(client_key=uuid.uuid4().hex, register_code="MEK1",
                                  cashier=market.cashier, lines=[CartLine(market.honey.id, 1000)],
                                  payments=[PaymentInput(PaymentMethod.CASH, 12_000)])
        real = SummaryRepo.add_sale

        def connection_lost(self: SummaryRepo, *args: object) -> None:
            self.conn.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")

        monkeypatch.setattr(SummaryRepo, "add_sale", connection_lost)
        with pytest.raises(EnvironmentFault) as lost:
            checkout(db, request)
        assert "could not be reached" in render_error(lost.value, "en")
        monkeypatch.setattr(SummaryRepo, "add_sale", real)
        with db.read() as uow:
            assert uow.ledger.sale_id_by_client_key(request.client_key) is None
        first = checkout(db, request)  # the cashier presses Pay again
        again = checkout(db, request)  # and once more: the same sale, not a second one
        assert again.id == first.id and first.number == 1
        with db.read() as uow:
            count = uow.connection.exec_driver_sql("SELECT count(*) FROM sales").scalar()
        assert count == 1
        db.close()
    finally:
        postgres.drop_database(url)


@needs_pg
def test_two_registers_sell_the_last_jar_at_the_same_instant() -> None:
    """One sale gets it; the other is told there is none left; nothing waits forever."""
    import threading
    import uuid

    from possouk.domain.errors import UserError
    from possouk.domain.model import PaymentMethod
    from possouk.i18n import render_error
    from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout

    url = postgres.new_database()
    try:
        db = open_database(url)
        market = build_market(db)
        setup.add_register(db, COMMAND_LINE, "MEK2", "MEK")
        sessions.open_session(db, market.cashier, "MEK2", count_from({10_000: 1}))
        market.sell([(market.honey, 19_000)])  # one jar left
        start = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def sell(register: str) -> None:
            own = open_database(url, upgrade=False)
            request = CheckoutRequest(client_key=uuid.uuid4().hex, register_code=register,
                                      cashier=market.cashier,
                                      lines=[CartLine(market.honey.id, 1000)],
                                      payments=[PaymentInput(PaymentMethod.CASH, 12_000)])
            start.wait()
            try:
                outcomes[register] = f"sold {checkout(own, request).number}"
            except UserError as refused:
                outcomes[register] = render_error(refused, "en")
            finally:
                own.close()

        threads = [threading.Thread(target=sell, args=(code,)) for code in ("MEK1", "MEK2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(o.startswith("sold") for o in outcomes.values()) == [False, True]
        refusal = next(o for o in outcomes.values() if not o.startswith("sold"))
        assert "Not enough Miel de thym in stock at this site: 0 left, 1 asked." in refusal
        with db.read() as uow:
            site = uow.store.site_by_code("MEK")
            assert site is not None
            assert uow.ledger.stock_on_hand([market.honey.id], site.id)[market.honey.id] == 0
        db.close()
    finally:
        postgres.drop_database(url)
