"""8 registers selling at once on one PostgreSQL server: possouk's checkout against raw
psycopg inserts of the same rows, by the same number of processes.

possouk: 8 processes (2 per register, 4 registers), each recording ``N`` 3-line cash sales
with :func:`possouk.services.checkout.checkout` — checks, stock, number, hash chain, event,
running sums, one transaction each, writers one at a time (the advisory write lock, see
``possouk.storage.engine``).

Baseline: 8 processes inserting the same rows (the sale, its 3 lines, the payment, 3 stock
movements, an event) with plain psycopg, one transaction per sale, in a copy of the same
schema, with no check, no chain and no lock: what the server costs by itself.

Reported: aggregate sales per second and the p95 commit latency of each, and the ratio
of possouk's wall time to the baseline's. The server is the test server of
scripts/pg-test-server (fsync off: both sides alike). Target: ratio ≤ 4× (one writer at a
time against eight), p95 ≤ 250 ms.

Run: ``python -m bench.bench_registers_pg [-n SALES_PER_PROCESS] [--json]``
(``POSSOUK_TEST_PG`` names the server; else scripts/pg-test-server starts one).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import Result, arguments, finish, ms, percentile
from possouk.domain.cash import pieces_for
from possouk.domain.model import PaymentMethod, Role, StockKind, Unit
from possouk.services import catalog, sessions, setup, stock, users
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import open_database

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 8
REGISTERS = ("MEK1", "MEK2", "MEK3", "MEK4")
TARGET_RATIO, TARGET_P95 = 4.0, 0.250
QUANTITIES = (2000, 750, 1500)


def _server() -> str:
    url = os.environ.get("POSSOUK_TEST_PG")
    if url:
        return url
    done = subprocess.run(["sh", str(ROOT / "scripts" / "pg-test-server")], check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def _admin(server: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, autocommit=True)


def _database(server: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _prepare(url: str) -> list[int]:
    """A store with 4 open registers and three products in plenty; the products' ids."""
    db = open_database(url)
    setup.update_store(db, COMMAND_LINE, name_ar="المتجر", name_fr="Magasin")
    setup.add_site(db, COMMAND_LINE, "MEK", "مكناس", "Meknès")
    cashier = users.add_user(db, COMMAND_LINE, "amina", "Amina", Role.CASHIER, "1111")
    supervisor = users.add_user(db, COMMAND_LINE, "karim", "Karim", Role.SUPERVISOR, "2222")
    for code in REGISTERS:
        setup.add_register(db, COMMAND_LINE, code, "MEK")
        sessions.open_session(db, cashier, code, pieces_for(50_000))
    catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft("C1", "تعاونية", "Coopérative"))
    products = [
        catalog.add_product(db, COMMAND_LINE, ProductDraft(
            "C1", sku, ar, fr, "honey", unit, price))
        for sku, ar, fr, unit, price in (
            ("HON-1", "عسل", "Miel", Unit.PIECE, 12000), ("FIG-1", "تين", "Figues", Unit.KG, 4500),
            ("OIL-1", "زيت", "Huile", Unit.LITRE, 8000))]
    stock.record(db, supervisor, StockKind.INTAKE, "MEK", "C1",
                 [StockInput(p.sku, 100_000_000) for p in products])
    db.close()
    return [p.id for p in products]


def _possouk_worker(url: str, register: str, count: int, products: list[int], out: Any) -> None:
    db = open_database(url, upgrade=False)
    cashier = users.authenticate(db, "amina", "1111")
    prices = {p.id: p.price for p in catalog_products(db)}
    latencies = []
    for _ in range(count):
        lines = [CartLine(pid, qty) for pid, qty in zip(products, QUANTITIES, strict=True)]
        total = sum((line.quantity * prices[line.product_id] + 500) // 1000 for line in lines)
        request = CheckoutRequest(client_key=uuid.uuid4().hex, register_code=register,
                                  cashier=cashier, lines=lines,
                                  payments=[PaymentInput(PaymentMethod.CASH, total)])
        start = time.perf_counter()
        checkout(db, request)
        latencies.append(time.perf_counter() - start)
    db.close()
    out.put(latencies)


def catalog_products(db: Any) -> list[Any]:
    with db.read() as uow:
        return list(uow.catalog.products())


_SALE = ("INSERT INTO sales (client_key, kind, register_id, number, created_at, business_day, "
         "cashier_id, total, rounding, change_given, prev_hash, hash) VALUES "
         "(%s, 'sale', %s, %s, %s, %s, %s, %s, 0, 0, %s, %s) RETURNING id")
_LINE = ("INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, sku, name_ar, "
         "name_fr, unit, quantity, unit_price, gross, line_discount, ticket_discount, net, vat_bp, "
         "vat_amount, commission_bp, price_overridden, oversold) VALUES (%s, %s, %s, %s, 'SKU', "
         "'اسم', 'Nom', 'piece', %s, 100, 100, 0, 0, 100, 0, 0, 1000, false, false) RETURNING id")
_PAY = "INSERT INTO payments (sale_id, seq, method, amount) VALUES (%s, 1, 'cash', 100)"
_MOVE = ("INSERT INTO stock_movements (site_id, product_id, quantity, kind, sale_line_id, "
         "created_at) VALUES (%s, %s, %s, 'sale', %s, %s)")
_EVENT = ("INSERT INTO events (seq, at, user_id, kind, detail, prev_hash, hash) VALUES "
          "(%s, %s, %s, 'sale', '{}', %s, %s)")


def _first(row: tuple[Any, ...] | None) -> Any:
    assert row is not None
    return row[0]


def _raw_worker(server_url: str, register_id: int, count: int, products: list[int],
                ids: dict[str, int], index: int, out: Any) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(server_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    latencies = []
    digest = "0" * 64
    with psycopg.connect(conninfo) as conn:
        for n in range(count):
            start = time.perf_counter()
            with conn.transaction():
                now = time.strftime("%Y-%m-%dT%H:%M:%S")
                sale_id = _first(conn.execute(_SALE, (
                    uuid.uuid4().hex, register_id, 1_000_000 * (index + 1) + n, now, now[:10],
                    ids["cashier"], 100, digest, digest)).fetchone())
                for line_no, (pid, qty) in enumerate(zip(products, QUANTITIES, strict=True), 1):
                    line_id = _first(conn.execute(_LINE, (sale_id, line_no, pid,
                                                          ids["cooperative"], qty)).fetchone())
                    conn.execute(_MOVE, (ids["site"], pid, -qty, line_id, now))
                conn.execute(_PAY, (sale_id,))
                conn.execute(_EVENT, (10_000_000 * (index + 1) + n, now, ids["cashier"], digest,
                                      digest))
            latencies.append(time.perf_counter() - start)
    out.put(latencies)


def _ids(url: str) -> tuple[dict[str, int], dict[str, int]]:
    db = open_database(url, upgrade=False)
    with db.read() as uow:
        conn = uow.connection
        registers: dict[str, int] = {str(code): int(rid) for code, rid in conn.exec_driver_sql(
            "SELECT code, id FROM registers").all()}
        ids = {key: int(conn.exec_driver_sql(sql).scalar() or 0) for key, sql in (
            ("cashier", "SELECT id FROM users WHERE login = 'amina'"),
            ("cooperative", "SELECT min(id) FROM cooperatives"),
            ("site", "SELECT min(id) FROM sites"))}
    db.close()
    return registers, ids


def _run_processes(target: Any, argsets: list[tuple[Any, ...]]) -> tuple[float, list[float]]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [context.Process(target=target, args=(*args, out)) for args in argsets]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    latencies: list[float] = []
    received = 0
    while received < len(workers):
        try:
            latencies.extend(out.get(timeout=1))
            received += 1
        except queue.Empty:
            failed = [w for w in workers if w.exitcode not in (None, 0)]
            if failed:
                raise RuntimeError(f"a worker failed (exit code {failed[0].exitcode})") from None
    for worker in workers:
        worker.join()
    return time.perf_counter() - start, latencies


def run(count: int) -> Result:
    began = time.perf_counter()
    server = _server()
    ours = _database(server, "bench_registers_possouk")
    raw = _database(server, "bench_registers_raw")
    products = _prepare(ours)
    raw_products = _prepare(raw)
    ours_wall, ours_lat = _run_processes(_possouk_worker, [
        (ours, REGISTERS[i % len(REGISTERS)], count, products) for i in range(PROCESSES)])
    registers, ids = _ids(raw)
    raw_wall, raw_lat = _run_processes(_raw_worker, [
        (raw, registers[REGISTERS[i % len(REGISTERS)]], count, raw_products, ids, i)
        for i in range(PROCESSES)])
    total = PROCESSES * count
    ratio = ours_wall / raw_wall
    p95 = percentile(ours_lat, 95)
    return Result(
        name="registers_pg",
        title=f"{PROCESSES} registers at once on PostgreSQL ({total} sales)",
        target=f"ratio ≤ {TARGET_RATIO:.0f}×, p95 commit ≤ {TARGET_P95 * 1000:.0f} ms",
        measured=f"{total / ours_wall:.0f} sales/s, p95 {ms(p95)}",
        baseline=f"raw psycopg {total / raw_wall:.0f} sales/s, p95 {ms(percentile(raw_lat, 95))}",
        ratio=ratio,
        passed=ratio <= TARGET_RATIO and p95 <= TARGET_P95,
        seconds=time.perf_counter() - began,
        details={"processes": PROCESSES, "registers": len(REGISTERS), "sales": total,
                 "possouk_seconds": ours_wall, "raw_seconds": raw_wall,
                 "possouk_p50_ms": percentile(ours_lat, 50) * 1000,
                 "possouk_p95_ms": p95 * 1000,
                 "raw_p95_ms": percentile(raw_lat, 95) * 1000},
    )


def main() -> None:
    parser = arguments(__doc__ or "", 300, "sales per process")
    args = parser.parse_args()
    finish(run(args.size), args)


if __name__ == "__main__":
    main()
