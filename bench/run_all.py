"""Run every benchmark, write bench/results/*.json and the table in docs/benchmarks.md.

Run: ``python -m bench.run_all [--quick] [--only NAME ...] [--no-docs]``

``--quick`` uses a tenth of the sizes (a smoke run; its table says so). The
table keeps the results of benchmarks not run this time from bench/results/.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bench_checkout, bench_import, bench_receipt, bench_search, bench_slip, bench_verify
from bench.common import RESULTS_DIR, Result, machine_info, save

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
ORDER = ("checkout", "search", "verify", "import", "receipt", "slip")
RUNNERS: dict[str, Callable[[bool], Result]] = {
    "checkout": lambda quick: bench_checkout.run(100 if quick else 500, None),
    "search": lambda quick: bench_search.run(30_000 if quick else 300_000, 200, 2026, None),
    "verify": lambda quick: bench_verify.run(10_000 if quick else 100_000, 2026, None, True),
    "import": lambda quick: bench_import.run(30_000 if quick else 300_000, 2026, None),
    "receipt": lambda quick: bench_receipt.run(20 if quick else 200, 2026),
    "slip": lambda quick: bench_slip.run(3 if quick else 30, 2026),
}

HEADER = """# Benchmarks

Measured by `python -m bench.run_all` (each benchmark can run alone: `python -m bench.bench_checkout`,
`bench_search`, `bench_verify`, `bench_import`, `bench_receipt`, `bench_slip`; `--help` for
options). Every benchmark measures a baseline in the same run, on the same machine and disk, and
reports possouk's cost as a ratio of it, because these machines are noisy. The raw results, with
more detail, are in `bench/results/*.json`.

"""


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| benchmark | target | measured | baseline (same run) | ratio | result |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        rows.append(
            f"| {r['title']} | {r['target']} | {r['measured']} | {r['baseline']} | "
            f"{r['ratio']:.2f}× | {'pass' if r['passed'] else '**FAIL**'} |"
        )
    return "\n".join(rows) + "\n"


def machine_text(info: dict[str, Any]) -> str:
    return (
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; {info['os']}; "
        f"Python {info['python']}, SQLite {info['sqlite']}, SQLAlchemy {info['sqlalchemy']}. "
        f"Date: {info['date']}.\n"
    )


NOTES = """
## What each benchmark does

- **Checkout**: `possouk.services.checkout.checkout` of a 3-line sale paid in cash (checks, price
  snapshot, stock check, number, hash chain, event-log entry, one `BEGIN IMMEDIATE` transaction,
  the returned sale built from the rows written) against the `sqlite3` module writing the same
  rows (sale, 3 lines, payment, 3 stock movements, event, both chain heads) into a database of
  the same schema with the same pragmas (WAL, `synchronous=FULL`), one `BEGIN IMMEDIATE`
  transaction per sale. The two alternate sale by sale. The ratio is of the medians.
- **Search**: `possouk.services.catalog.search` on 300,000 generated products (Arabic and French
  names from word lists, 60 cooperatives, a third with internal barcodes): 200 queries of each
  kind — a barcode, a sku prefix (the sku less 1–3 characters), the start of one or two words of
  the Arabic or French name. The ratio compares the median query with a raw primary-key lookup.
- **Verify**: `possouk.services.audit.verify` on 100,000 sales of 1–5 lines (3 on average) with
  one event-log entry each, as checkout writes them; the ledger is generated with possouk's own
  hashing and must verify with no finding. Baseline: the `sqlite3` module selecting the same rows
  and hashing each document's rows as JSON with `hashlib.sha256`. Best of 3 rounds each,
  alternating.
- **Import**: `possouk.services.imports.import_file` of a 300,000-row products CSV (every cell
  checked, search terms, internal barcodes, price history, one transaction). Baseline: the `csv`
  and `sqlite3` modules inserting the same products, one term row per lower-cased word, and the
  price history, in one transaction.
- **Receipt**: a 10-line sale (weighed and counted lines, discounts, VAT) through
  `hardware.receipt.build_receipt`, `hardware.receipt_image.render_receipt` (576 dots, raqm) and
  `hardware.escpos.receipt_bytes` (python-escpos `image()`, GS v 0 bands, cut); every receipt is of
  a different sale. Baseline: Pillow drawing the same strings with the same fonts, one per line,
  no layout, the same threshold, raw GS v 0 bytes from `tobytes()`. Alternating, receipt by receipt.
- **Slip**: `reports.deposit_slip.deposit_slip_pdf` of a 160-line intake (4 A4 pages). Baseline: a
  reportlab `Canvas` with the same fonts and compression drawing the same cell strings as they are
  (no shaping, bidi or fitting) on 4 pages. Alternating, slip by slip.
"""


def write_docs(results: list[dict[str, Any]], info: dict[str, Any], quick: bool, path: Path = DOCS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + machine_text(info)
    if quick:
        text += "\n**Quick run: a tenth of the sizes; not the figures the targets are about.**\n"
    text += "\n" + table(results) + NOTES
    extra = Path(__file__).resolve().parent / "FINDINGS.md"
    if extra.exists():
        text += "\n" + extra.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run possouk's benchmarks and write docs/benchmarks.md.")
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes (smoke run)")
    parser.add_argument("--only", nargs="+", choices=ORDER, default=list(ORDER))
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    failed = 0
    for name in ORDER:
        if name not in args.only:
            continue
        print(f"--- {name}", flush=True)
        result = RUNNERS[name](args.quick)
        print(result.line(), flush=True)
        save(result)
        failed += not result.passed
    if not args.no_docs:
        stored = [json.loads((RESULTS_DIR / f"{n}.json").read_text(encoding="utf-8"))
                  for n in ORDER if (RESULTS_DIR / f"{n}.json").exists()]
        write_docs(stored, machine_info(), args.quick)
        print(f"written {DOCS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
