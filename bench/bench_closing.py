"""Day closing and the per-cooperative report over 1,000,000 sale lines, against hand-written SQL.

The data: 30,000 products (60 cooperatives, 9 categories) and 100,000 chained
sales of 10 lines, all on one business day at register MEK1 (built once with
``sqlite3``, as :mod:`bench.gui_data` does, and cached).

* possouk, day closing: :func:`possouk.services.closings.day_figures` — every figure
  the closing freezes (per register, per payment method, per cooperative with its
  commission, per category, discounts, price overrides, the Z reports' differences),
  through the service and SQLAlchemy, read transaction included. (Writing the
  closing adds one row; its figures are the cost.)
  Baseline: the same totals written by hand in SQL with the plain ``sqlite3``
  module — one GROUP BY per cooperative and category (joined to the products for
  their category, as one would write it), one per payment method, one per register.
* possouk, per-cooperative report: :func:`possouk.services.analytics.sales_report`
  by cooperative over that day (receipts, sales, refunds, net, commission, share), which
  reads the running sums possouk keeps with each sale (possouk.storage.summary_repo).
  Baseline: one hand-written GROUP BY per cooperative over the sale lines (code, net,
  commission with the same rounding) with ``sqlite3``.

Each measured RUNS times, alternating with its baseline; medians.
Target: each ≤ 2× its baseline, and under 2 s.

Run: ``python -m bench.bench_closing [-n RUNS] [--json]``
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from datetime import date

from bench.common import Result, Stopwatch, arguments, finish, median
from bench.gui_data import ledger_database

TARGET_RATIO = 2.0
TARGET_SECONDS = 2.0
PRODUCTS, SALES, LINES = 30_000, 100_000, 10

_COMMISSION = ("SUM(CASE WHEN l.net >= 0 THEN (l.net * l.commission_bp * 2 + 10000) / 20000 "
               "ELSE -((-l.net * l.commission_bp * 2 + 10000) / 20000) END)")
_DAY_BY_HAND = (
    f"SELECT c.code, p.category, SUM(l.net), {_COMMISSION} FROM sale_lines l "
    "JOIN sales s ON s.id = l.sale_id JOIN products p ON p.id = l.product_id "
    "JOIN cooperatives c ON c.id = l.cooperative_id WHERE s.business_day = ? GROUP BY 1, 2",
    "SELECT p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id "
    "WHERE s.business_day = ? GROUP BY 1",
    "SELECT s.register_id, s.kind, COUNT(*), SUM(s.total) FROM sales s "
    "WHERE s.business_day = ? GROUP BY 1, 2",
)
_COOPERATIVES_BY_HAND = (
    f"SELECT c.code, SUM(l.net), {_COMMISSION} FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    "JOIN cooperatives c ON c.id = l.cooperative_id WHERE s.business_day = ? GROUP BY c.code"
)


def _timed(work: Callable[[], object]) -> float:
    watch = Stopwatch()
    work()
    return watch.elapsed


def run(runs: int) -> Result:
    from possouk.domain.report import Dimension
    from possouk.services import analytics, closings
    from possouk.storage.uow import open_database

    watch = Stopwatch()
    path = ledger_database(PRODUCTS, SALES, LINES, 2026, per_day=SALES)
    raw = sqlite3.connect(path)
    day = date.fromisoformat(raw.execute("SELECT MIN(business_day) FROM sales").fetchone()[0])
    lines = raw.execute("SELECT COUNT(*) FROM sale_lines").fetchone()[0]
    db = open_database(path, upgrade=False)
    try:
        figures: dict[str, list[float]] = {"day": [], "day_sql": [], "coop": [], "coop_sql": []}

        def day_by_hand() -> None:
            for statement in _DAY_BY_HAND:
                raw.execute(statement, (day.isoformat(),)).fetchall()

        work: dict[str, Callable[[], object]] = {
            "day": lambda: closings.day_figures(db, "MEK", day),
            "day_sql": day_by_hand,
            "coop": lambda: analytics.sales_report(db, day, day, Dimension.COOPERATIVE),
            "coop_sql": lambda: raw.execute(_COOPERATIVES_BY_HAND, (day.isoformat(),)).fetchall(),
        }
        for name in work:  # once each, unmeasured: the file in the page cache
            work[name]()
        for _ in range(runs):
            for name, job in work.items():
                figures[name].append(_timed(job))
        site, day_figures = closings.day_figures(db, "MEK", day)
        report = analytics.sales_report(db, day, day, Dimension.COOPERATIVE)
        assert day_figures.net == report.net and len(report.rows) == 60, (day_figures.net, report.net)
    finally:
        db.close()
        raw.close()
    day_s, day_sql = median(figures["day"]), median(figures["day_sql"])
    coop_s, coop_sql = median(figures["coop"]), median(figures["coop_sql"])
    ratio = max(day_s / day_sql, coop_s / coop_sql)
    return Result(
        name="closing",
        title=f"Day closing and per-cooperative report over {lines:,} sale lines",
        target=f"each ≤ {TARGET_RATIO:.0f}× hand-written SQL and < {TARGET_SECONDS:.0f} s",
        measured=f"day closing median {day_s:.2f} s, per-cooperative report median {coop_s:.2f} s "
                 f"({runs} runs)",
        baseline=f"hand-written sqlite3 GROUP BYs: the day's totals {day_sql:.2f} s, "
                 f"per cooperative {coop_sql:.2f} s",
        ratio=ratio,
        passed=ratio <= TARGET_RATIO and max(day_s, coop_s) < TARGET_SECONDS,
        seconds=watch.elapsed,
        details={
            "sale_lines": lines, "business_day": day.isoformat(), "site": site.code,
            "day_closing_s": figures["day"], "day_by_hand_s": figures["day_sql"],
            "cooperative_report_s": figures["coop"], "cooperative_by_hand_s": figures["coop_sql"],
            "day_ratio": day_s / day_sql, "cooperative_ratio": coop_s / coop_sql,
            "net": day_figures.net,
        },
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 5, "runs of each (default 5)")
    args = parser.parse_args(argv)
    return finish(run(args.size), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
