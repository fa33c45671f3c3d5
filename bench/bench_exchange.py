"""One site-day of 5,000 sales exchanged: the site's export and head office's import, against
plain sqlite3 doing the same reading and writing.

The data: head office's catalog (60 cooperatives, 300 products) taken in by a site
database, the site's deposits, then ``N`` 3-line cash sales at register MEK1 through
:func:`possouk.services.checkout.checkout` (built once per run, not measured).

* possouk export: :func:`possouk.services.exchange.export_journal` with everything — every
  chain read, the catalog rows they name, JSON, gzip, the Ed25519 signature, the file
  written and synced. Baseline: the same sales, lines and payments read with ``sqlite3``,
  dumped as JSON, gzipped, written and synced.
* possouk import: :func:`possouk.services.exchange.import_journal` into a fresh copy of head
  office's database — signature, every hash of every chain recomputed, ids paired, rows
  written, stock movements, running sums, the event log, one transaction. Baseline: the same
  sales, lines, payments and stock movements inserted with ``sqlite3`` ``executemany`` into a
  copy of the same database, one transaction.

Each measured RUNS times, alternating with its baseline; medians.
Target (issue 9): each under 5 s on this machine; the ratios are reported.

Run: ``python -m bench.bench_exchange [-n SALES] [--json]``
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import sqlite3
import sys
import uuid
from pathlib import Path

from bench.common import Result, Stopwatch, arguments, finish, median, workdir

TARGET_SECONDS = 5.0
RUNS = 3
PRODUCTS = 300


def _build(folder: Path, sales: int, seed: int) -> tuple[Path, Path]:
    """Head office's database (catalog only) and a site's database after ``sales`` sales."""
    from bench.common import KINDS, make_store, open_drawer
    from possouk.domain.model import PaymentMethod, StockKind
    from possouk.services import catalog, exchange, stock
    from possouk.services.catalog import ProductDraft
    from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
    from possouk.services.events import COMMAND_LINE
    from possouk.services.stock import StockInput
    from possouk.storage.uow import open_database

    office_path, site_path = folder / "office.sqlite3", folder / "site.sqlite3"
    office = open_database(office_path)
    store = make_store(office)
    skus: list[tuple[str, str, int]] = []
    for i in range(PRODUCTS):
        category, unit, ar, fr, price = KINDS[i % len(KINDS)]
        coop = store.cooperative_codes[i % len(store.cooperative_codes)]
        sku = f"P{i:04d}"
        catalog.add_product(office, COMMAND_LINE, ProductDraft(
            coop, sku, f"{ar} {i}", f"{fr} {i}", category, unit, price))
        skus.append((coop, sku, price))
    catalog_file = folder / "catalog.pxb"
    exchange.export_catalog(office, COMMAND_LINE, catalog_file)
    office.close()

    site = open_database(site_path)
    exchange.import_catalog(site, COMMAND_LINE, catalog_file, accept_new_office=True)
    with site.read() as uow:
        products = {p.sku: p for p in uow.catalog.products()}
        cashier = uow.users.by_login("amina")
    assert cashier is not None
    by_coop: dict[str, list[StockInput]] = {}
    for coop, sku, _ in skus:
        by_coop.setdefault(coop, []).append(StockInput(sku, 1_000_000))
    for coop, lines in by_coop.items():
        stock.record(site, COMMAND_LINE, StockKind.INTAKE, "MEK", coop, lines)
    open_drawer(site)
    rng = random.Random(seed)
    for _ in range(sales):
        chosen = rng.sample(skus, 3)
        total = sum(price for _, _, price in chosen)
        checkout(site, CheckoutRequest(
            client_key=uuid.uuid4().hex, register_code="MEK1", cashier=cashier,
            lines=[CartLine(products[sku].id, 1000) for _, sku, _ in chosen],
            payments=[PaymentInput(PaymentMethod.CASH, total)]))
    site.close()
    return office_path, site_path


def _export_by_hand(site: Path, out: Path) -> None:
    conn = sqlite3.connect(site)
    try:
        body = {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("sales", "sale_lines", "payments")}
    finally:
        conn.close()
    with out.open("wb") as file:
        file.write(gzip.compress(json.dumps(body, ensure_ascii=False).encode(), 6))
        file.flush()
        os.fsync(file.fileno())


def _import_by_hand(site: Path, office: Path) -> None:
    source = sqlite3.connect(site)
    target = sqlite3.connect(office, isolation_level=None)
    try:
        target.execute("PRAGMA synchronous=FULL")
        target.execute("PRAGMA foreign_keys=OFF")  # the ids are the site's: no pairing here
        target.execute("BEGIN IMMEDIATE")
        for table in ("sales", "sale_lines", "payments", "stock_movements"):
            rows = source.execute(f"SELECT * FROM {table}").fetchall()
            marks = ",".join("?" * len(rows[0]))
            target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        target.execute("COMMIT")
    finally:
        source.close()
        target.close()


def run(sales: int, seed: int, parent: Path | None) -> Result:
    from possouk.services import audit, exchange
    from possouk.services.events import COMMAND_LINE
    from possouk.storage.uow import open_database

    watch = Stopwatch()
    with workdir(parent) as folder:
        office_path, site_path = _build(folder, sales, seed)
        built = watch.elapsed
        site = open_database(site_path)
        bundle = folder / "site.pxb"
        times: dict[str, list[float]] = {"export": [], "export_raw": [], "import": [], "import_raw": []}
        received = None

        def export() -> None:
            exchange.export_journal(site, COMMAND_LINE, bundle, everything=True)

        def fresh_office(name: str) -> Path:
            copy = folder / name
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            shutil.copy(office_path, copy)
            return copy

        for _ in range(RUNS):
            for name, job in (("export", export),
                              ("export_raw", lambda: _export_by_hand(site_path, folder / "raw.gz"))):
                one = Stopwatch()
                job()
                times[name].append(one.elapsed)
            copy = fresh_office("office-run.sqlite3")
            office = open_database(copy)
            one = Stopwatch()
            received = exchange.import_journal(office, COMMAND_LINE, bundle, accept_new_site=True)
            times["import"].append(one.elapsed)
            report = audit.verify(office)
            office.close()
            assert report.ok and report.sales == sales, report
            raw_copy = fresh_office("office-raw.sqlite3")
            one = Stopwatch()
            _import_by_hand(site_path, raw_copy)
            times["import_raw"].append(one.elapsed)
        site.close()
        size = bundle.stat().st_size
    assert received is not None
    exp, exp_raw = median(times["export"]), median(times["export_raw"])
    imp, imp_raw = median(times["import"]), median(times["import_raw"])
    ratio = max(exp / exp_raw, imp / imp_raw)
    return Result(
        name="exchange",
        title=f"One site-day of {sales:,} sales exchanged (export at the site, import at head office)",
        target=f"each < {TARGET_SECONDS:.0f} s",
        measured=f"export median {exp:.2f} s, import median {imp:.2f} s ({RUNS} runs; "
                 f"bundle {size / 1024:.0f} KiB)",
        baseline=f"plain sqlite3: reading + JSON + gzip {exp_raw:.2f} s, "
                 f"executemany of the same rows {imp_raw:.2f} s",
        ratio=ratio,
        passed=max(exp, imp) < TARGET_SECONDS,
        seconds=watch.elapsed,
        details={"sales": sales, "build_s": built, "bundle_bytes": size,
                 "imported_sales": received.imported.sales, **{f"{k}_s": v for k, v in times.items()},
                 "export_ratio": exp / exp_raw, "import_ratio": imp / imp_raw},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 5_000, "sales in the site-day (default 5,000)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.seed, args.workdir), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
