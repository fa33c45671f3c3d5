"""Durable commit of a 3-line sale paid in cash: possouk's checkout against raw sqlite3.

possouk: :func:`possouk.services.checkout.checkout` (checks, snapshot, stock check,
number, hash, event, one ``BEGIN IMMEDIATE`` transaction; the returned sale is built from
the rows written).

Baseline: the plain ``sqlite3`` module writing the same rows into a database of
the same schema with the same pragmas (WAL, ``synchronous=FULL``, foreign keys),
one ``BEGIN IMMEDIATE`` transaction per sale: the sale, 3 lines, the payment,
3 stock movements, the event, and both chain heads (read, hashed, updated).

The two run alternately, sale after sale, on two files of the same disk, so
that disk and CPU noise fall on both. Target: median ratio ≤ 3×.

Run: ``python -m bench.bench_checkout [-n SALES] [--json]``
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
import uuid
from pathlib import Path

from bench.common import (
    Result,
    Stopwatch,
    arguments,
    finish,
    make_store,
    median,
    ms,
    open_drawer,
    percentile,
    workdir,
)
from possouk.domain.model import PaymentMethod, Product, StockKind, Unit, User
from possouk.services import catalog, stock
from possouk.services.catalog import ProductDraft
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import Database, open_database

TARGET_RATIO = 3.0
WARMUP = 20
QUANTITIES = (2000, 750, 1500)  # 2 jars of honey, 0.750 kg of figs, 1.5 l of oil


def _prepare(path: Path) -> tuple[Database, User, list[Product]]:
    db = open_database(path)
    store = make_store(db, cooperatives=2)
    coop = store.cooperative_codes[0]
    drafts = [
        ProductDraft(coop, "HON-1", "عسل الزعتر", "Miel de thym", "honey", Unit.PIECE, 12000),
        ProductDraft(coop, "FIG-1", "تين مجفف", "Figues sèches", "figs", Unit.KG, 4500),
        ProductDraft(coop, "OIL-1", "زيت الزيتون", "Huile d'olive", "olive oil", Unit.LITRE, 8000),
    ]
    products = [catalog.add_product(db, COMMAND_LINE, d) for d in drafts]
    stock.record(db, COMMAND_LINE, StockKind.INTAKE, "MEK", coop,
                 [StockInput(p.sku, 1_000_000_000) for p in products])
    open_drawer(db)
    return db, store.cashier, products


def _possouk_sale(db: Database, cashier: User, products: list[Product]) -> None:
    total = sum((q * p.price + 500) // 1000 for p, q in zip(products, QUANTITIES, strict=True))
    checkout(db, CheckoutRequest(
        client_key=uuid.uuid4().hex, register_code="MEK1", cashier=cashier,
        lines=[CartLine(p.id, q) for p, q in zip(products, QUANTITIES, strict=True)],
        payments=[PaymentInput(PaymentMethod.CASH, total + 1000)],
    ))


class RawWriter:
    """The same rows, written with nothing but the sqlite3 module."""

    def __init__(self, path: Path, cashier: User, products: list[Product]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.cashier_id = cashier.id
        self.products = products
        self.register_id, self.site_id = self.conn.execute(
            "SELECT id, site_id FROM registers WHERE code = 'MEK1'").fetchone()

    def _head(self, name: str) -> tuple[int, str]:
        row = self.conn.execute(
            "SELECT last_seq, last_hash FROM chain_heads WHERE name = ?", (name,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO chain_heads VALUES (?, 0, ?)", (name, "0" * 64))
            return 0, "0" * 64
        return int(row[0]), str(row[1])

    def sale(self) -> None:
        c = self.conn
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
        key = uuid.uuid4().hex
        lines = [
            (n, p.id, p.cooperative_id, p.sku, p.name_ar, p.name_fr, p.unit.value, q, p.price,
             (q * p.price + 500) // 1000)
            for n, (p, q) in enumerate(zip(self.products, QUANTITIES, strict=True), start=1)
        ]
        total = sum(line[-1] for line in lines)
        c.execute("BEGIN IMMEDIATE")
        chain = f"sales:{self.register_id}"
        last, prev = self._head(chain)
        digest = hashlib.sha256(
            (prev + json.dumps([key, last + 1, now, total, lines], ensure_ascii=False)).encode()
        ).hexdigest()
        sale_id = c.execute(
            "INSERT INTO sales (client_key, kind, register_id, number, created_at, business_day, "
            "cashier_id, total, rounding, change_given, prev_hash, hash) "
            "VALUES (?, 'sale', ?, ?, ?, ?, ?, ?, 0, 1000, ?, ?)",
            (key, self.register_id, last + 1, now, now[:10], self.cashier_id, total, prev, digest),
        ).lastrowid
        line_ids = [
            c.execute(
                "INSERT INTO sale_lines (sale_id, line_no, product_id, cooperative_id, sku, name_ar, "
                "name_fr, unit, quantity, unit_price, gross, line_discount, ticket_discount, net, "
                "vat_bp, vat_amount, commission_bp, price_overridden, oversold) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 0, 0, 1000, 0, 0)",
                (sale_id, *line, line[-1]),
            ).lastrowid
            for line in lines
        ]
        c.execute("INSERT INTO payments (sale_id, seq, method, amount, tendered) VALUES (?, 1, 'cash', ?, ?)",
                  (sale_id, total, total + 1000))
        c.executemany(
            "INSERT INTO stock_movements (site_id, product_id, quantity, kind, sale_line_id, created_at) "
            "VALUES (?, ?, ?, 'sale', ?, ?)",
            [(self.site_id, line[1], -line[7], line_id, now)
             for line, line_id in zip(lines, line_ids, strict=True)],
        )
        c.execute("UPDATE chain_heads SET last_seq = ?, last_hash = ? WHERE name = ?",
                  (last + 1, digest, chain))
        seq, prev_event = self._head("events")
        detail = json.dumps({"register": "MEK1", "client_key": key, "total": total})
        event_hash = hashlib.sha256((prev_event + detail).encode()).hexdigest()
        c.execute("INSERT INTO events (seq, at, user_id, kind, detail, prev_hash, hash) "
                  "VALUES (?, ?, ?, 'sale', ?, ?, ?)",
                  (seq + 1, now, self.cashier_id, detail, prev_event, event_hash))
        c.execute("UPDATE chain_heads SET last_seq = ?, last_hash = ? WHERE name = 'events'",
                  (seq + 1, event_hash))
        c.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def fdatasync_seconds(folder: Path, count: int = 200) -> float:
    """Median time of rewriting 4 KiB of a file and ``fdatasync``: the disk's share of a commit."""
    path = folder / "sync.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        times = []
        for i in range(count):
            os.pwrite(fd, b"x" * 4096, (i % 8) * 4096)
            start = time.perf_counter()
            os.fdatasync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return median(times)


def run(sales: int, parent: Path | None) -> Result:
    """Time ``sales`` sales each way, alternating; returns the result."""
    watch = Stopwatch()
    with workdir(parent) as folder:
        db, cashier, products = _prepare(folder / "possouk.sqlite3")
        raw_db, raw_cashier, raw_products = _prepare(folder / "raw.sqlite3")
        raw_db.close()
        raw = RawWriter(folder / "raw.sqlite3", raw_cashier, raw_products)
        ours: list[float] = []
        theirs: list[float] = []
        cpu_ours: list[float] = []
        try:
            for i in range(WARMUP + sales):
                for side in ((0, 1) if i % 2 else (1, 0)):
                    cpu = time.process_time()
                    start = time.perf_counter()
                    if side == 0:
                        _possouk_sale(db, cashier, products)
                    else:
                        raw.sale()
                    took = time.perf_counter() - start
                    if i >= WARMUP:
                        (ours if side == 0 else theirs).append(took)
                        if side == 0:
                            cpu_ours.append(time.process_time() - cpu)
        finally:
            raw.close()
            db.close()
        sync = fdatasync_seconds(folder)
    ratio = median(ours) / median(theirs)
    return Result(
        name="checkout",
        title="Durable commit of a 3-line sale with cash payment",
        target=f"median ≤ {TARGET_RATIO:.0f}× raw sqlite3",
        measured=f"median {ms(median(ours))}, p95 {ms(percentile(ours, 95))} per sale",
        baseline=(f"raw sqlite3 median {ms(median(theirs))}, p95 {ms(percentile(theirs, 95))} "
                  f"(this disk's fdatasync: {ms(sync)})"),
        ratio=ratio,
        passed=ratio <= TARGET_RATIO,
        seconds=watch.elapsed,
        details={
            "sales": sales,
            "possouk_median_ms": median(ours) * 1000,
            "possouk_p95_ms": percentile(ours, 95) * 1000,
            "possouk_cpu_median_ms": median(cpu_ours) * 1000,
            "raw_median_ms": median(theirs) * 1000,
            "raw_p95_ms": percentile(theirs, 95) * 1000,
            "p95_ratio": percentile(ours, 95) / percentile(theirs, 95),
            "fdatasync_median_ms": sync * 1000,
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 500, "sales per side (default 500)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.workdir), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
