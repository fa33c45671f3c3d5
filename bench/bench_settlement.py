"""Statements for all 60 cooperatives over 1,000,000 sale lines, against a hand-written GROUP BY.

The data: the closing benchmark's (bench/bench_closing.py): 100,000 sales of 10 lines,
30,000 products of 60 cooperatives, nothing settled yet.

* possouk, figures: :func:`possouk.services.settlements.drafts`, the draft statement of every
  cooperative with something to settle (its products, commission, costs, payouts, balance),
  through the service and SQLAlchemy, read transactions included; also reported, the same
  drafts asked one cooperative at a time (:func:`possouk.services.settlements.draft`).
  Baseline: one hand-written ``sqlite3`` GROUP BY per cooperative and product over the same
  lines (quantity, net, commission with the same rounding).
* possouk, documents: the A4 statement PDF of every cooperative
  (:func:`possouk.services.statement_files.statement_pdf`), timed all together.

Targets: figures ≤ 2× the GROUP BY; all 60 PDFs in under 10 s.

Run: ``python -m bench.bench_settlement [-n RUNS] [--json]``
"""

from __future__ import annotations

import sqlite3
import sys

from bench.common import Result, Stopwatch, arguments, finish, median
from bench.gui_data import ledger_database

TARGET_RATIO = 2.0
TARGET_PDF_SECONDS = 10.0
PRODUCTS, SALES, LINES = 30_000, 100_000, 10

_BY_HAND = (
    "SELECT l.cooperative_id, l.product_id, SUM(l.quantity), SUM(l.net), "
    "SUM(CASE WHEN l.net >= 0 THEN (l.net * l.commission_bp * 2 + 10000) / 20000 "
    "ELSE -((-l.net * l.commission_bp * 2 + 10000) / 20000) END) "
    "FROM sale_lines l GROUP BY 1, 2"
)


def run(runs: int) -> Result:
    from possouk.services import settlements, statement_files
    from possouk.storage.uow import open_database

    watch = Stopwatch()
    path = ledger_database(PRODUCTS, SALES, LINES, 2026, per_day=SALES)
    raw = sqlite3.connect(path)
    db = open_database(path, upgrade=False)
    try:
        ours: list[float] = []
        theirs: list[float] = []
        one_by_one: list[float] = []
        drafts = []
        for _ in range(runs):
            started = Stopwatch()
            raw.execute(_BY_HAND).fetchall()
            theirs.append(started.elapsed)
            started = Stopwatch()
            drafts = settlements.drafts(db)
            ours.append(started.elapsed)
        codes = [d.cooperative_code for d in drafts]
        started = Stopwatch()
        singles = [settlements.draft(db, code) for code in codes]
        one_by_one.append(started.elapsed)
        if singles != drafts:
            raise AssertionError("a cooperative's draft differs from its draft among all")
        started = Stopwatch()
        pages = [statement_files.statement_pdf(db, draft) for draft in drafts]
        pdf_seconds = started.elapsed
    finally:
        db.close()
        raw.close()
    ours_median, theirs_median = median(ours), median(theirs)
    ratio = ours_median / theirs_median
    lines = sum(d.line_count for d in drafts)
    return Result(
        name="settlement",
        title=f"Statements of {len(codes)} cooperatives over {lines:,} sale lines",
        target=f"figures ≤ {TARGET_RATIO:.0f}× a hand-written GROUP BY; "
               f"all PDFs < {TARGET_PDF_SECONDS:.0f} s",
        measured=f"figures median {ours_median:.2f} s ({runs} runs; one cooperative at a time "
                 f"{one_by_one[0]:.2f} s); {len(pages)} PDFs {pdf_seconds:.1f} s",
        baseline=f"hand-written sqlite3 GROUP BY per cooperative and product: median "
                 f"{theirs_median:.2f} s",
        ratio=ratio,
        passed=ratio <= TARGET_RATIO and pdf_seconds < TARGET_PDF_SECONDS,
        seconds=watch.elapsed,
        details={"figures_s": ours, "by_hand_s": theirs, "one_by_one_s": one_by_one, "pdf_s": pdf_seconds,
                 "cooperatives": len(codes), "sale_lines": lines,
                 "pdf_bytes": sum(len(p) for p in pages)},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 2, "runs (default 2)")
    args = parser.parse_args(argv)
    return finish(run(args.size), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
