"""Import of 300,000 products from a CSV file through ``possouk import products``' service.

possouk: :func:`possouk.services.imports.import_file` (read, check every cell,
refuse the whole file on any problem, insert with search terms, internal
barcodes and price history, one transaction), on a store with 60 cooperatives.

Baseline: the ``csv`` module reading the same file and the plain ``sqlite3``
module inserting the same products, one search-term row per lower-cased word,
and the price history into a database of the same schema, in one transaction.

Target: ≥ 20,000 rows/s.

Run: ``python -m bench.bench_import [-n PRODUCTS] [--json]``
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from pathlib import Path

from bench.common import (
    PRODUCT_HEADER,
    Result,
    Stopwatch,
    arguments,
    finish,
    make_store,
    product_records,
    workdir,
)
from possouk.domain.barcode import internal_ean13
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import open_database

TARGET_ROWS_PER_S = 20_000


def write_csv(path: Path, count: int, cooperative_codes: list[str], seed: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(PRODUCT_HEADER)
        writer.writerows(r.cells() for r in product_records(count, cooperative_codes, seed))


def raw_import(db_path: Path, csv_path: Path) -> int:
    """The baseline: csv + sqlite3, no checks beyond what the schema enforces."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    coops = dict(conn.execute("SELECT code, id FROM cooperatives"))
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = list(reader)
    conn.execute("BEGIN IMMEDIATE")
    first = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM products").fetchone()[0]) + 1
    products: list[tuple[object, ...]] = []
    terms: list[tuple[str, int]] = []
    history: list[tuple[int, int]] = []
    for offset, cells in enumerate(rows):
        coop, sku, barcode, name_ar, name_fr, category, unit, price, min_price, vat = cells
        pid = first + offset
        cents = int(price.replace(".", ""))
        products.append((pid, coops[coop], sku, barcode or internal_ean13(pid), name_ar, name_fr, category,
                         unit, cents, int(min_price.replace(".", "")) if min_price else None, int(vat) * 100))
        words = {w for text in (name_ar, name_fr, sku, category) for w in text.lower().split()}
        terms.extend((w, pid) for w in words)
        history.append((pid, cents))
    conn.executemany(
        "INSERT INTO products (id, cooperative_id, sku, barcode, name_ar, name_fr, category, unit, price, "
        "min_price, vat_bp, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", products)
    conn.executemany("INSERT INTO product_terms (term, product_id) VALUES (?, ?)", terms)
    conn.executemany("INSERT INTO price_history (product_id, price, changed_at) "
                     "VALUES (?, ?, '2026-01-01T00:00:00.000000Z')", history)
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


def run(products: int, seed: int, parent: Path | None) -> Result:
    from possouk.services import imports  # written alongside these benchmarks

    watch = Stopwatch()
    with workdir(parent) as folder:
        csv_path = folder / "products.csv"
        paths = {side: folder / f"{side}.sqlite3" for side in ("possouk", "raw")}
        for path in paths.values():
            db = open_database(path)
            codes = make_store(db).cooperative_codes
            db.close()
        write_csv(csv_path, products, codes, seed)

        raw_watch = Stopwatch()
        raw_rows = raw_import(paths["raw"], csv_path)
        raw_seconds = raw_watch.elapsed

        db = open_database(paths["possouk"])
        try:
            ours = Stopwatch()
            result = imports.import_file(db, COMMAND_LINE, "products", csv_path)
            seconds = ours.elapsed
            with db.read() as uow:
                stored = uow.catalog.count_products()
        finally:
            db.close()
    assert result.rows == products == raw_rows == stored, (result, raw_rows, stored)
    rate = products / seconds
    raw_rate = products / raw_seconds
    return Result(
        name="import",
        title=f"Import of {products:,} products (CSV)",
        target=f"≥ {TARGET_ROWS_PER_S:,} rows/s",
        measured=f"{rate:,.0f} rows/s ({seconds:.1f} s)",
        baseline=f"csv + raw sqlite3 {raw_rate:,.0f} rows/s ({raw_seconds:.1f} s)",
        ratio=seconds / raw_seconds,
        passed=rate >= TARGET_ROWS_PER_S,
        seconds=watch.elapsed,
        details={"products": products, "seconds": seconds, "raw_seconds": raw_seconds,
                 "rows_per_second": rate, "raw_rows_per_second": raw_rate},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 300_000, "products (default 300,000)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.seed, args.workdir), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
