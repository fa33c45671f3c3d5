"""Product search on 300,000 products: barcode, sku prefix, Arabic and French name fragments.

The catalogue is generated through :func:`possouk.services.catalog.insert_products`
in one transaction (names from Arabic and French word lists, 60 cooperatives, a
third of the products without a barcode so possouk assigns internal EAN-13s).
Then :func:`possouk.services.catalog.search` answers random queries of four
kinds, each timed end to end (read transaction included).

Target: p95 ≤ 10 ms per query for every kind. Baseline (ratio column): the
plain ``sqlite3`` module reading one product by primary key on the same file.

Run: ``python -m bench.bench_search [-n PRODUCTS] [--queries Q] [--json]``
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import (
    ProductRecord,
    Result,
    Stopwatch,
    arguments,
    finish,
    make_store,
    median,
    ms,
    percentile,
    product_records,
    workdir,
)
from possouk.services import catalog
from possouk.services.catalog import ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database, open_database

TARGET_P95_S = 0.010


def load_catalog(db: Database, records: list[ProductRecord]) -> float:
    """Insert the products through the catalog service in one transaction; returns seconds."""
    watch = Stopwatch()
    with db.write() as uow:
        coops = uow.catalog.cooperative_codes()
        rows: list[dict[str, object]] = []
        terms: list[set[str]] = []
        for r in records:
            row, words = catalog.product_row(ProductDraft(
                r.cooperative_code, r.sku, r.name_ar, r.name_fr, r.category, r.unit, r.price,
                barcode=r.barcode, min_price=r.min_price, vat=r.vat,
            ), coops[r.cooperative_code])
            rows.append(row)
            terms.append(words)
        catalog.insert_products(uow, COMMAND_LINE, rows, terms)
        uow.commit()
    return watch.elapsed


def _fragment(rng: random.Random, name: str) -> str:
    """What a cashier types: the start of one or two words of the name."""
    words = name.split()
    picked = [w for w in rng.sample(words, min(len(words), rng.choice((1, 2, 2)))) if len(w) > 1]
    if not picked:
        picked = words[:1]
    return " ".join(w[: rng.randint(min(3, len(w)), len(w))] for w in picked)


def queries(records: list[ProductRecord], count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    sample = rng.sample(records, count * 4)
    with_barcode = [r for r in records[: count * 10] if r.barcode]
    return {
        "barcode": [r.barcode for r in rng.sample(with_barcode, count)],
        "sku prefix": [r.sku[: rng.randint(len(r.sku) - 3, len(r.sku) - 1)] for r in sample[:count]],
        "Arabic name": [_fragment(rng, r.name_ar) for r in sample[count: 2 * count]],
        "French name": [_fragment(rng, r.name_fr) for r in sample[2 * count: 3 * count]],
    }


def _time_each(items: list[str], call: Callable[[str], object]) -> list[float]:
    times: list[float] = []
    for item in items:
        start = time.perf_counter()
        call(item)
        times.append(time.perf_counter() - start)
    return times


def run(products: int, per_kind: int, seed: int, parent: Path | None) -> Result:
    watch = Stopwatch()
    with workdir(parent) as folder:
        path = folder / "search.sqlite3"
        db = open_database(path)
        store = make_store(db)
        records = list(product_records(products, store.cooperative_codes, seed))
        load_seconds = load_catalog(db, records)
        asked = queries(records, per_kind, seed)
        for kind in asked:  # warm the page cache and SQLAlchemy's statement cache
            for q in asked[kind][:10]:
                catalog.search(db, q)
        times: dict[str, list[float]] = {}
        found: dict[str, int] = {}
        for kind, items in asked.items():
            times[kind] = _time_each(items, lambda q: catalog.search(db, q))
            found[kind] = sum(1 for q in items if catalog.search(db, q))
        db.close()
        with sqlite3.connect(path) as raw:
            ids = random.Random(seed).sample(range(1, products + 1), per_kind)
            baseline = _time_each(
                [str(i) for i in ids],
                lambda i: raw.execute("SELECT * FROM products WHERE id = ?", (int(i),)).fetchone(),
            )
        raw.close()
    p95 = {kind: percentile(t, 95) for kind, t in times.items()}
    worst = max(p95.values())
    base = median(baseline)
    return Result(
        name="search",
        title=f"Product search on {products:,} products",
        target=f"p95 ≤ {TARGET_P95_S * 1000:.0f} ms per query, every kind",
        measured="; ".join(f"{kind} p95 {ms(v)}" for kind, v in p95.items()),
        baseline=f"raw sqlite3 lookup by primary key, median {base * 1e6:.1f} µs",
        ratio=median([median(t) for t in times.values()]) / base,
        passed=worst <= TARGET_P95_S,
        seconds=watch.elapsed,
        details={
            "products": products,
            "queries_per_kind": per_kind,
            "load_seconds": load_seconds,
            "load_rows_per_second": products / load_seconds,
            "median_ms": {kind: median(t) * 1000 for kind, t in times.items()},
            "p95_ms": {kind: v * 1000 for kind, v in p95.items()},
            "max_ms": {kind: max(t) * 1000 for kind, t in times.items()},
            "queries_with_results": found,
            "examples": {kind: items[:5] for kind, items in asked.items()},
            "baseline_median_us": base * 1e6,
            "ratio_is": "median of the kinds' median query times ÷ baseline median",
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 300_000, "products (default 300,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind (default 200)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.queries, args.seed, args.workdir), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
