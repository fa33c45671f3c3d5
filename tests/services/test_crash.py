"""Crash test: a process recording sales is killed with SIGKILL at random moments.

A child process (``crash_child.py``) records sales and a few refunds in a loop on
one database, printing each number once its transaction is committed. The
parent kills it at random moments, at least 30 times, restarting it each time on
the same file. Afterwards the ledger must hold no partial sale, no gap, every
number that was promised, stock equal to what the documents say, and every
hash chain.

The checks read the file with the plain sqlite3 module, so they do not trust
the code they check.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import closing
from pathlib import Path

import pytest

from possouk.domain.model import StockKind
from possouk.services import audit, stock
from possouk.services.stock import StockInput
from possouk.storage.uow import open_database
from tests.conftest import Market

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 30


def _run_once(path: Path, seed: int, delay: float) -> list[tuple[str, int]]:
    """Start the child, wait until it is recording, let it run ``delay`` seconds, SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )
    assert child.stdout is not None and child.stderr is not None
    ready = threading.Event()
    promised: list[tuple[str, int]] = []

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            kind, _, number = line.strip().partition(" ")
            if kind == "ready":
                ready.set()
            elif number.isdigit():
                promised.append((kind, int(number)))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(30):
            child.kill()
            pytest.fail(f"the child did not start: {child.stderr.read()}")
        time.sleep(delay)
        exited = child.poll()
        assert exited is None, f"the child died by itself ({exited}): {child.stderr.read()}"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        reader.join(10)
        child.stdout.close()
        child.stderr.close()
    return promised


@pytest.mark.slow
def test_sales_survive_sigkill(market: Market) -> None:
    # Enough stock that the child never runs out, whatever it sells.
    stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP1",
                 [StockInput("HON-1", 100_000_000), StockInput("FIG-1", 100_000_000)])
    stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP2",
                 [StockInput("OIL-1", 100_000_000), StockInput("SOAP-1", 100_000_000)])
    path = market.db.path
    assert path is not None
    market.db.close()

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    promised: list[tuple[str, int]] = []
    kills = 0
    while kills < KILLS:
        promised += _run_once(path, rng.randrange(1_000_000), rng.uniform(0.05, 0.6))
        kills += 1
    assert len(promised) > KILLS, f"the child hardly recorded anything (seed {seed})"
    assert any(kind == "refund" for kind, _ in promised)

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        _check_no_partial_sale(conn)
        numbers = _check_gapless(conn)
        _check_stock(conn)
    # Durability: every number the child printed after its commit is in the ledger.
    missing = {n for _, n in promised} - numbers["MEK1"]
    assert not missing, f"committed but lost: {sorted(missing)} (seed {seed})"

    db = open_database(path)
    try:
        report = audit.verify(db, log_failures=False)
        assert report.ok, [f.describe() for f in report.findings]
        assert report.sales == len(numbers["MEK1"])
        levels = {lv.product_id: lv.on_hand for lv in stock.levels(db, "MEK")}
    finally:
        db.close()
    with closing(sqlite3.connect(path)) as conn:
        assert levels == _stock_from_documents(conn)


def _check_no_partial_sale(conn: sqlite3.Connection) -> None:
    """Every sale is whole: lines, balanced payments, one movement per line; no orphans."""
    sales = {r[0]: r[1:] for r in conn.execute("SELECT id, kind, total, rounding FROM sales")}
    lines: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for sale_id, line_id, quantity, net in conn.execute(
        "SELECT sale_id, id, quantity, net FROM sale_lines"
    ):
        lines[sale_id].append((line_id, quantity, net))
    paid: dict[int, int] = defaultdict(int)
    for sale_id, amount in conn.execute("SELECT sale_id, amount FROM payments"):
        paid[sale_id] += amount
    moves: dict[int, list[int]] = defaultdict(list)
    for line_id, quantity, kind in conn.execute(
        "SELECT sale_line_id, quantity, kind FROM stock_movements WHERE sale_line_id IS NOT NULL"
    ):
        moves[line_id].append(quantity)
        assert kind in ("sale", "refund")

    assert set(lines) <= set(sales), "sale lines without their sale"
    assert set(paid) <= set(sales), "payments without their sale"
    line_ids = {line_id for ls in lines.values() for line_id, _, _ in ls}
    assert set(moves) <= line_ids, "stock movements without their sale line"
    for sale_id, (kind, total, rounding) in sales.items():
        assert lines[sale_id], f"sale {sale_id} has no line"
        assert sum(net for _, _, net in lines[sale_id]) + rounding == total, f"sale {sale_id}"
        assert paid[sale_id] == total, f"sale {sale_id}: payments do not balance"
        assert (total > 0) if kind == "sale" else (total < 0)
        for line_id, quantity, _ in lines[sale_id]:
            assert moves[line_id] == [-quantity], f"line {line_id}: stock movement"


def _check_gapless(conn: sqlite3.Connection) -> dict[str, set[int]]:
    """Numbers 1..N per register, N being the chain head's last number."""
    by_register: dict[str, list[int]] = defaultdict(list)
    for code, number in conn.execute(
        "SELECT r.code, s.number FROM sales s JOIN registers r ON r.id = s.register_id"
    ):
        by_register[code].append(number)
    heads = dict(conn.execute("SELECT name, last_seq FROM chain_heads WHERE name LIKE 'sales:%'"))
    for code, numbers in by_register.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"register {code} has gaps"
        (register_id,) = conn.execute("SELECT id FROM registers WHERE code = ?", (code,)).fetchone()
        assert heads[f"sales:{register_id}"] == len(numbers)
    return {code: set(numbers) for code, numbers in by_register.items()}


def _stock_from_documents(conn: sqlite3.Connection) -> dict[int, int]:
    """Intake − returns ± adjustments − sold + refunded, from the documents' own lines."""
    on_hand: dict[int, int] = defaultdict(int)
    sign = {"intake": 1, "return": -1, "adjustment": 1}
    for kind, product_id, quantity in conn.execute(
        "SELECT d.kind, l.product_id, l.quantity FROM stock_doc_lines l "
        "JOIN stock_docs d ON d.id = l.doc_id"
    ):
        on_hand[product_id] += sign[kind] * quantity
    # Sale lines carry positive quantities, refund lines negative ones.
    for product_id, quantity in conn.execute("SELECT product_id, quantity FROM sale_lines"):
        on_hand[product_id] -= quantity
    return dict(on_hand)


def _check_stock(conn: sqlite3.Connection) -> None:
    movements = dict(conn.execute(
        "SELECT product_id, SUM(quantity) FROM stock_movements GROUP BY product_id"
    ))
    assert movements == _stock_from_documents(conn)
    assert all(q > 0 for q in movements.values())
