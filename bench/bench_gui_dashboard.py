"""The organizers' dashboard opened over 1,000,000 sale lines, against a bare chart window.

The data: the closing benchmark's (bench/bench_closing.py): 100,000 sales of 10 lines on
one business day, 30,000 products, 60 cooperatives, with possouk's running sums.

* possouk: :class:`possouk.ui.dashboard.DashboardWindow` constructed over the database,
  shown, its figures read off the GUI thread (the "Whole edition" period: the edition's
  days, headline figures, impact, per day, hour, category, top cooperatives, the table) and
  painted — timed from the constructor to the window painted with its charts filled.
* baseline: a bare ``QWidget`` holding one ``QChartView`` with one bar series of 7 bars,
  shown and painted: what Qt Charts costs by itself.

Offscreen; one unmeasured opening of each first, then RUNS of each, alternating; medians.
Target: the dashboard filled and painted in under 1 s.

Run: ``python -m bench.bench_gui_dashboard [-n RUNS] [--json]``
"""

from __future__ import annotations

import sys
from typing import Any

from bench.common import Result, Stopwatch, arguments, finish, median
from bench.gui_data import offscreen, process_until, qt_versions

TARGET_SECONDS = 1.0
PRODUCTS, SALES, LINES = 30_000, 100_000, 10


def _bare(app: Any) -> float:
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    watch = Stopwatch()
    window = QWidget()
    chart = QChart()
    bars = QBarSet("net")
    bars.append([float(v) for v in (10, 16, 6, 11, 10, 11, 10)])
    series = QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    chart.createDefaultAxes()
    QVBoxLayout(window).addWidget(QChartView(chart))
    window.resize(1280, 800)
    window.show()
    process_until(app, lambda: window.windowHandle() is not None and window.windowHandle().isExposed())
    window.repaint()
    seconds = watch.elapsed
    window.close()
    window.deleteLater()
    app.processEvents()
    return seconds


def _dashboard(app: Any, db: Any) -> float:
    from possouk.ui.dashboard import DashboardWindow

    watch = Stopwatch()
    window = DashboardWindow(db)
    loaded: list[bool] = []
    window.loaded.connect(lambda: loaded.append(True))
    window.resize(1280, 800)
    window.show()
    if not process_until(app, lambda: bool(loaded), timeout=60):
        raise RuntimeError("the dashboard never filled")
    window.repaint()
    seconds = watch.elapsed
    window.close()
    window.deleteLater()
    app.processEvents()
    return seconds


def run(runs: int) -> Result:
    from bench.gui_data import ledger_database

    watch = Stopwatch()
    path = ledger_database(PRODUCTS, SALES, LINES, 2026, per_day=SALES)
    offscreen()
    from possouk.storage.uow import open_database
    from possouk.ui.app import create_application

    app = create_application()
    db = open_database(path, upgrade=False)
    try:
        _bare(app)
        _dashboard(app, db)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            theirs.append(_bare(app))
            ours.append(_dashboard(app, db))
    finally:
        db.close()
    ours_median, theirs_median = median(ours), median(theirs)
    return Result(
        name="gui_dashboard",
        title="The dashboard opened over 1,000,000 sale lines",
        target=f"filled and painted in < {TARGET_SECONDS:.0f} s",
        measured=f"median {ours_median:.2f} s, worst {max(ours):.2f} s ({runs} openings)",
        baseline=f"a bare window with one Qt chart: median {theirs_median:.2f} s",
        ratio=ours_median / theirs_median,
        passed=max(ours) < TARGET_SECONDS,
        seconds=watch.elapsed,
        details={**qt_versions(), "dashboard_s": ours, "bare_chart_s": theirs},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 5, "openings of each (default 5)")
    args = parser.parse_args(argv)
    return finish(run(args.size), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
