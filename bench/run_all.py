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

from bench import (
    bench_checkout,
    bench_closing,
    bench_exchange,
    bench_gui_dashboard,
    bench_gui_memory,
    bench_gui_products,
    bench_gui_scan,
    bench_gui_search,
    bench_gui_start,
    bench_import,
    bench_receipt,
    bench_registers_pg,
    bench_search,
    bench_settlement,
    bench_slip,
    bench_verify,
)
from bench.common import RESULTS_DIR, Result, machine_info, save

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
ORDER = ("checkout", "search", "verify", "import", "receipt", "slip", "closing", "settlement",
         "registers_pg", "exchange", "gui_scan", "gui_search", "gui_start", "gui_memory", "gui_dashboard",
         "gui_products")
RUNNERS: dict[str, Callable[[bool], Result]] = {
    "checkout": lambda quick: bench_checkout.run(100 if quick else 500, None),
    "search": lambda quick: bench_search.run(30_000 if quick else 300_000, 200, 2026, None),
    "verify": lambda quick: bench_verify.run(10_000 if quick else 100_000, 2026, None, True),
    "import": lambda quick: bench_import.run(30_000 if quick else 300_000, 2026, None),
    "receipt": lambda quick: bench_receipt.run(20 if quick else 200, 2026),
    "slip": lambda quick: bench_slip.run(3 if quick else 30, 2026),
    "closing": lambda quick: bench_closing.run(2 if quick else 5),
    "settlement": lambda quick: bench_settlement.run(1 if quick else 2),
    "registers_pg": lambda quick: bench_registers_pg.run(30 if quick else 300),
    "exchange": lambda quick: bench_exchange.run(500 if quick else 5_000, 2026, None),
    # The window: offscreen Qt; databases cached between runs (bench/gui_data.py).
    "gui_scan": lambda quick: bench_gui_scan.run(60 if quick else 300, 20, 2026, None,
                                                 30_000 if quick else 300_000),
    "gui_search": lambda quick: bench_gui_search.run(15 if quick else 60, 2026, None,
                                                     30_000 if quick else 300_000),
    "gui_start": lambda quick: bench_gui_start.run(3 if quick else 9, None),
    "gui_dashboard": lambda quick: bench_gui_dashboard.run(2 if quick else 5),
    "gui_products": lambda quick: bench_gui_products.run(30_000 if quick else 300_000),
    "gui_memory": lambda quick: bench_gui_memory.run(10_000 if quick else 100_000, 200, 50, 2026, None,
                                                     30_000 if quick else 300_000),
}

HEADER = """# Benchmarks

Measured by `python -m bench.run_all` (each benchmark can run alone: `python -m bench.bench_checkout`,
`bench_search`, `bench_verify`, `bench_import`, `bench_receipt`, `bench_slip`, `bench_closing`,
`bench_settlement`, and for the
cashier's window `bench_gui_scan`, `bench_gui_search`, `bench_gui_start`, `bench_gui_memory`;
`--help` for options). Every benchmark measures a baseline in the same run, on the same machine and disk, and
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

The window's benchmarks run Qt offscreen (`QT_QPA_PLATFORM=offscreen`) on the window as
`possouk.ui.app.run` builds it (Arabic, 1280 × 800), over databases built once and cached
(`bench/gui_data.py`; `POSSOUK_BENCH_CACHE`, default `<temp>/possouk-bench-cache`, ≈ 0.7 GB, about
75 s to build the first time). A weighed product scanned by its own barcode asks its weight: the
answer (0.750) comes at once, as in the tests.

- **Scan** (`gui_scan`): 300 scans of random products (a third with internal EAN-13s), each handed
  to the sale screen's `scanned(code)` — what the scanner filter calls — and timed until the cart
  view has the line in sight and has painted since; carts of 20 lines, emptied as after a payment.
  Baseline, alternating scan by scan: the `sqlite3` module reading the product by barcode and one
  row appended to a `QStandardItemModel` in a `QTableView` of a bare window, painted.
- **Search as you type** (`gui_search`): 60 queries (the start of one or two words of an Arabic
  or French name), typed keystroke by keystroke into the sale screen's search box with 8 lines in
  the cart; each keystroke sets the box's text, calls `SaleScreen.search_now()` (what the 150 ms
  debounce timer calls) at once and waits until the result tiles are painted. Baseline, alternating:
  `services.catalog.search` with the same text and limit, the names in a bare `QListView`, painted.
- **Closing** (`closing`): 100,000 sales of 10 lines (1,000,000 sale lines, 60 cooperatives,
  9 categories) on one business day. possouk's day closing figures
  (`closings.day_figures`: per register, method, cooperative with its commission, category,
  discounts, overrides, Z differences — read from the sale lines themselves, as a legal
  document should be) against the same totals written by hand as `sqlite3` GROUP BYs;
  possouk's per-cooperative report (`analytics.sales_report`, which reads the running sums
  kept with each sale) against one hand-written GROUP BY per cooperative over the lines.
  5 runs of each, alternating; medians; the ratio shown is the worse.
- **Settlement** (`settlement`): the same data, nothing settled yet; `settlements.draft` for
  every cooperative against one hand-written `sqlite3` GROUP BY per cooperative and product;
  then every cooperative's A4 statement PDF, timed together.
- **Back office products** (`gui_products`): 300,000 products; `ProductsSection` built and
  shown, then each action (opening, sorts by French name, Arabic name, price, cooperative,
  searches in French, Arabic and by SKU prefix, clearing) timed until its first page of rows is
  in the table and painted; baseline `sqlite3` reading the first 200 rows by French name.
- **Dashboard** (`gui_dashboard`): the same data; `DashboardWindow` constructed, shown, filled
  off the GUI thread (edition period, headline figures, impact, charts per day, hour, category
  and cooperative, the table) and painted; baseline a bare window with one Qt chart of 7 bars.
- **Start** (`gui_start`): a new `python -c` process that runs `possouk --db COPY --lang ar gui
  --register MEK1` (`possouk.launch.main`, what the `possouk` command runs) over a copy of the
  `possouk demo` database; timed from launch to the child's line saying the login screen is shown,
  painted, with its people's tiles (the quick start: `possouk/ui/quick_start.py`). The same start
  timed to the window with its till (database open, every screen built) is reported beside.
  Baseline: a new process that shows a bare PySide6 `QMainWindow` with a label, timed the same
  way. 9 of each, alternating; medians.
- **Memory** (`gui_memory`): a new process opens the window over 300,000 products and 100,000 sales
  of 10 lines (1,000,000 sale lines with payments, stock movements and event-log entries, hash
  chains valid, written with `sqlite3` into the schema possouk's migrations made), logs in through
  the login screen, scans 200 products, types 50 queries, and reports its peak resident memory
  (`ru_maxrss`, `VmHWM`). Baseline: the same measure of the bare PySide6 window's process.
"""


GUI_FINDINGS = """
## The window: what the benchmarks found (2026-11-29)

The first runs of the window's benchmarks failed three of four targets; their profiles led to
these changes, all in the code now:

- **PySide6 6.12.0 on Python 3.11 took a reference off `None` at every void Qt call** (`setText`,
  `show`, `update`…); the real window under `app.exec()` lost ≈ 90 per scan and aborted
  ("Fatal Python error: none_dealloc") after about 500 scans. PySide6-Essentials 6.11.3 loses
  none: `pyproject.toml` asks for `<6.12`, and `tests/ui/test_binding.py` fails on any release
  that leaks again.
- **Scan** (p95 44 ms → ≈ 9 ms): each scan reset the cart's model, so Qt measured every cell of
  every line (≈ 195 `sizeHint` calls a scan) and money was formatted again for each cell. The
  cart view now inserts or updates only the changed row, keeps a fixed row height and number
  columns sized once per language, and formats each line once. A scanned line was never
  selected in Arabic (`QTableView.selectRow` in right-to-left layouts); it is selected through
  the selection model now.
- **Memory** (peak 395 MB → ≈ 145 MB) and the sale screen's delays (3–7 s after each payment and
  on Esc): the category tiles read all 300,000 products to list their categories. Migration
  0005 indexes `(category, active, name_fr)`; the till reads the categories once per login.
- **Search** tiles are reused instead of rebuilt at each keystroke (p95 25 ms → ≈ 8 ms).
- **Start** (1.45 s → ≈ 0.8 s): the command line imported every command's dependencies
  (python-escpos, reportlab) and Alembic at each start. They load on first use now, and the
  schema's version is read without Alembic when it is current. python-escpos parsed its
  printer profiles at each import and left a new folder in /tmp every time: possouk gives it a
  lasting cache folder.

- **Start** (≈ 0.8 s → ≈ 0.19 s to a usable login screen, 1.75× the bare window): the window
  paints its login screen before SQLAlchemy, the services and the other screens are imported.
  `possouk/launch.py` recognises a command line that only opens the window; the login screen's
  tiles come from a read-only glance at the SQLite file with the standard library
  (`possouk/storage/entrance.py`); a thread imports the rest after the first frame, then the
  database is opened and the window gets its till (≈ 0.7 s from launch). A cashier can touch a
  tile and type a PIN from the first frame; a PIN confirmed earlier is checked once the till is
  there. Anything unusual (a new, older or other database) takes the plain way, which explains.
  What stays: PySide6 itself (≈ 60 ms, the bare window pays it too), Qt's `Qt` namespace
  (≈ 15 ms the first time any module touches it), possouk's model and i18n (≈ 20 ms), building
  and painting the login screen (≈ 25 ms).
"""


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f} s" for v in values)


def gui_details(results: list[dict[str, Any]]) -> str:
    """The window's figures beside the targets, from the stored results' details."""
    by_name = {r["name"]: r.get("details", {}) for r in results}
    lines: list[str] = []
    scan = by_name.get("gui_scan")
    if scan:
        groups = "; ".join(f"{group} median {v['median_ms']:.1f} ms, p95 {v['p95_ms']:.1f} ms"
                           for group, v in scan["by_line_in_cart"].items())
        lines.append(f"- Scan, by the line's place in the cart ({scan['cart_lines']}-line carts): {groups}.")
        lines.append(f"- Opening the window over {scan['products']:,} products: "
                     f"{scan['open_window_s']:.1f} s; logging in to the sale screen: "
                     f"{scan['login_to_sale_screen_s']:.1f} s; the sale screen shown again after a "
                     f"payment (`activated()`): "
                     f"{_seconds(scan['sale_screen_shown_again_after_payment_s'])}.")
        lost = scan["none_references_lost_per_scan"]
        lines.append(f"- `None` references PySide6 dropped per scan: {lost:.0f} (see the findings).")
    search = by_name.get("gui_search")
    if search:
        lines.append("- Search, by characters typed: " + "; ".join(
            f"{n} p95 {v['p95_ms']:.1f} ms" for n, v in search["by_characters_typed"].items()) + "; Esc "
            f"(the category tiles again): {_seconds(search['escape_back_to_categories_s'])}.")
    start = by_name.get("gui_start")
    if start:
        lines.append(f"- Start, inside the process (from the script's first line to the window painted): "
                     f"possouk median {start['possouk_in_process_median_s']:.2f} s, bare window "
                     f"{start['bare_in_process_median_s']:.2f} s; to the window with its till "
                     f"(database open, every screen built), from launch: median "
                     f"{start['possouk_whole_window_median_s']:.2f} s.")
    memory = by_name.get("gui_memory")
    if memory:
        lines.append(f"- Memory ({memory['database_mb']:.0f} MB database), resident / peak so far after each "
                     "step: " + "; ".join(f"{step} {v['resident']:.0f} / {v['peak so far']:.0f} MB"
                                          for step, v in memory["after_each_step_mb"].items()) + ".")
    if not lines:
        return ""
    versions = next((f"PySide6 {d['pyside6']}, Qt {d['qt']}, offscreen" for d in by_name.values()
                     if "pyside6" in d), "")
    heading = "\n## The window: more figures from the same runs\n\n"
    return heading + (f"{versions}.\n\n" if versions else "") + "\n".join(lines) + "\n"


def write_docs(results: list[dict[str, Any]], info: dict[str, Any], quick: bool, path: Path = DOCS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + machine_text(info)
    if quick:
        text += "\n**Quick run: a tenth of the sizes; not the figures the targets are about.**\n"
    text += "\n" + table(results) + NOTES + gui_details(results)
    extra = Path(__file__).resolve().parent / "FINDINGS.md"
    if extra.exists():
        text += "\n" + extra.read_text(encoding="utf-8")
    text += GUI_FINDINGS
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
