"""Memory of the cashier's window over 300,000 products and 1,000,000 sale lines.

The database (see :mod:`bench.gui_data`): 300,000 products, 100,000 sales of 10
lines each (1,000,000 lines, with their payments, 1,000,000 stock movements and
100,000 event-log entries, a valid hash chain), 500 sales a day up to today.

possouk: a new process opens the window over a copy of it as ``possouk.ui.app.run``
does (Arabic), logs in through the login screen (tile, PIN pad, OK), scans
``--scans`` products on the sale screen (a new cart every 25 lines), types
``--searches`` queries in the search box keystroke by keystroke, refreshes the
status bar, and reports its peak resident memory (``VmHWM`` of
``/proc/self/status``; ``getrusage``'s ``ru_maxrss`` where there is no /proc — on
Linux it survives ``exec`` and may show the parent's size) with its resident
memory after each step.

Baseline: a process that imports PySide6 and shows a bare ``QMainWindow`` with a
label, painted, same platform (offscreen), same measure.

Target: peak resident memory < 300 MB (10⁶ bytes).

Run: ``python -m bench.bench_gui_memory [-n SALES] [--scans N] [--searches N] [--products N] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import Result, Stopwatch, arguments, finish, workdir
from bench.gui_data import (
    CASHIER,
    WINDOW_SIZE,
    keystrokes,
    ledger_database,
    log_in,
    max_rss_mib,
    offscreen,
    open_window,
    process_until,
    qt_versions,
    sample_products,
    scan_on,
    type_on,
    typed_query,
    working_copy,
)

TARGET_MB = 300
LINES_PER_SALE = 10
DEFAULT_PRODUCTS = 300_000
CART_LINES = 25
ROOT = Path(__file__).resolve().parent.parent

BARE = f"""
import json, resource
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize({WINDOW_SIZE[0]}, {WINDOW_SIZE[1]})
window.show()
loop = QEventLoop()
for _ in range(20):
    loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
window.repaint()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
hwm = [int(line.split()[1]) / 1024 for line in Path("/proc/self/status").read_text().splitlines()
       if line.startswith("VmHWM:")]
print(json.dumps({{"ru_maxrss_mib": peak, "VmHWM_mib": hwm[0] if hwm else peak}}))
"""


def _mb(mib: float) -> float:
    return mib * 1024 * 1024 / 1e6


def child(db_path: Path, folder: Path, scans: int, searches: int, seed: int) -> dict[str, Any]:
    """The measured process: window, login, scans, searches; its memory after each step."""
    steps: dict[str, dict[str, float]] = {}

    def note(step: str) -> None:
        now = max_rss_mib()
        steps[step] = {"rss": now.get("VmRSS_mib", 0.0), "peak": now.get("VmHWM_mib", now["ru_maxrss_mib"])}

    note("before the window")
    opened = open_window(db_path, folder)
    note("window shown (login screen)")
    sale = log_in(opened, *CASHIER)
    note("logged in (sale screen)")
    picked = sample_products(db_path, scans + searches, seed)
    for n, product in enumerate(picked[:scans], start=1):
        scan_on(opened, sale, product.barcode)
        if n % CART_LINES == 0:
            opened.till.clear_cart()  # as after a payment (activated() would reload the categories)
            sale.refresh()
    note(f"{scans} scans")
    rng = random.Random(seed)
    typed = 0
    for product in picked[scans:]:
        query = typed_query(rng, product.name_ar if rng.random() < 0.5 else product.name_fr)
        for text in keystrokes(query):
            type_on(opened, sale, text)
            typed += 1
    note(f"{searches} searches ({typed} keystrokes)")
    opened.window.refresh_status()
    process_until(opened.app, lambda: True)
    note("status bar refreshed")
    return {"peak": max_rss_mib(), "steps_mib": steps, "keystrokes": typed}


def _child_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scans", type=int, required=True)
    parser.add_argument("--searches", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args(argv)
    offscreen()
    print(json.dumps(child(args.db, args.folder, args.scans, args.searches, args.seed)))


def _run_child(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"the child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(sales: int, scans: int, searches: int, seed: int, parent: Path | None,
        products: int = DEFAULT_PRODUCTS) -> Result:
    watch = Stopwatch()
    cached = ledger_database(products, sales, LINES_PER_SALE, seed)
    with workdir(parent) as folder:
        db_path = working_copy(cached, folder)
        size_mb = db_path.stat().st_size / 1e6
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POSSOUK_CONFIG_DIR": str(folder / "config"),
               "PYTHONPATH": str(ROOT)}
        bare = _run_child([sys.executable, "-c", BARE], env)
        ours = _run_child([sys.executable, "-m", "bench.bench_gui_memory", "--child", str(db_path),
                           str(folder), "--scans", str(scans), "--searches", str(searches),
                           "--seed", str(seed)], env)
    # VmHWM is the peak of this program; ru_maxrss survives exec on Linux, so a child started by a
    # big parent (run_all) reports the parent's size there. ru_maxrss only where /proc is missing.
    peak = _mb(ours["peak"].get("VmHWM_mib", ours["peak"]["ru_maxrss_mib"]))
    rusage = _mb(ours["peak"]["ru_maxrss_mib"])
    bare_peak = _mb(bare.get("VmHWM_mib", bare["ru_maxrss_mib"]))
    return Result(
        name="gui_memory",
        title=f"Window memory over {products:,} products and {sales * LINES_PER_SALE:,} sale lines",
        target=f"peak resident memory < {TARGET_MB} MB",
        measured=f"peak {peak:.0f} MB (VmHWM) with login, {scans} scans, "
                 f"{searches} searches ({ours['keystrokes']} keystrokes)",
        baseline=f"bare PySide6 window: peak {bare_peak:.0f} MB",
        ratio=peak / bare_peak,
        passed=peak < TARGET_MB,
        seconds=watch.elapsed,
        details={
            **qt_versions(),
            "products": products,
            "sales": sales,
            "sale_lines": sales * LINES_PER_SALE,
            "database_mb": size_mb,
            "scans": scans,
            "searches": searches,
            "keystrokes": ours["keystrokes"],
            "peak_mb": peak,
            "ru_maxrss_mb": rusage,
            "bare_peak_mb": bare_peak,
            "after_each_step_mb": {
                step: {"resident": round(_mb(v["rss"]), 1), "peak so far": round(_mb(v["peak"]), 1)}
                for step, v in ours["steps_mib"].items()
            },
            "units": "MB = 10^6 bytes",
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 100_000, f"sales of {LINES_PER_SALE} lines (default 100,000)")
    parser.add_argument("--scans", type=int, default=200, help="products scanned (default 200)")
    parser.add_argument("--searches", type=int, default=50, help="queries typed (default 50)")
    parser.add_argument("--products", type=int, default=DEFAULT_PRODUCTS, help="catalogue (default 300,000)")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.scans, args.searches, args.seed, args.workdir, args.products), args)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child_main(sys.argv[2:])
        sys.exit(0)
    sys.exit(0 if main().passed else 1)
