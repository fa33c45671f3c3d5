"""The back office's products over 300,000 products: first rows, sorts and searches, against
the bare SQL query of the same first page.

* possouk: :class:`possouk.ui.backoffice.products.ProductsSection` built over the
  catalog, shown; each action timed until its first page of rows is in the table: the
  opening, a sort by French name, by Arabic name (descending), by price, by cooperative,
  a search for a common French word, an Arabic word and a SKU prefix (the services, SQL,
  the model and the painting included; offscreen).
* baseline: ``sqlite3`` reading the first 200 rows of the catalog ordered by French name,
  joined with their cooperative — the straightforward query behind such a table (possouk
  picks the ids from the products alone first, then reads their rows: faster).

Target: no action freezes the table: each under 0.3 s (a person notices a wait beyond
that); the ratio is the median action against the bare query.

Run: ``python -m bench.bench_gui_products [-n PRODUCTS] [--json]``
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import Any

from bench.common import Result, Stopwatch, arguments, finish, median
from bench.gui_data import catalog_database, offscreen, process_until, qt_versions

TARGET_SECONDS = 0.3
SEED = 2026
_BARE = ("SELECT p.id, p.sku, p.barcode, p.name_fr, p.name_ar, c.code, p.category, p.unit, "
         "p.price FROM products p JOIN cooperatives c ON c.id = p.cooperative_id "
         "ORDER BY p.name_fr, p.id LIMIT 200")


def _timed(app: Any, section: Any, action: Callable[[], None]) -> float:
    """Seconds from ``action`` to the first page of its rows shown and painted."""
    arrived: list[bool] = []

    def first_page(first: bool) -> None:
        if first:
            arrived.append(True)

    section.model.page_loaded.connect(first_page)
    watch = Stopwatch()
    action()
    if not process_until(app, lambda: bool(arrived), timeout=30):
        raise RuntimeError("the products never came")
    section.table.viewport().repaint()
    seconds = watch.elapsed
    section.model.page_loaded.disconnect(first_page)
    return seconds


def run(products: int) -> Result:
    from PySide6.QtCore import Qt

    watch = Stopwatch()
    path = catalog_database(products, SEED)
    offscreen()
    from possouk.services.events import COMMAND_LINE
    from possouk.storage.uow import open_database
    from possouk.ui.app import create_application
    from possouk.ui.backoffice.products import COLUMNS, ProductsSection

    app = create_application()
    db = open_database(path, upgrade=False)
    raw = sqlite3.connect(path)
    try:
        bare: list[float] = []
        for _ in range(5):
            started = Stopwatch()
            raw.execute(_BARE).fetchall()
            bare.append(started.elapsed)
        section = ProductsSection(db, COMMAND_LINE)
        section.resize(1070, 760)
        section.show()
        column = {c.key: i for i, c in enumerate(COLUMNS)}
        header = section.table.horizontalHeader()

        def sort(key: str, order: Qt.SortOrder) -> Callable[[], None]:
            return lambda: header.setSortIndicator(column[key], order)

        def search(text: str) -> Callable[[], None]:
            def typed() -> None:
                section.search.setText(text)
                section.apply_filter()  # at once, not after the typing pause
            return typed

        up, down = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
        actions = {
            "open": section.refresh,
            "sort French name": sort("name_fr", up),
            "sort Arabic name, descending": sort("name_ar", down),
            "sort price, descending": sort("price", down),
            "sort cooperative": sort("cooperative", up),
            "search 'miel'": search("miel"),
            "search 'عسل'": search("عسل"),
            "search a SKU prefix": search("C017-0"),
            "clear the search": search(""),
        }
        times = {name: _timed(app, section, action) for name, action in actions.items()}
        section.close()
        section.deleteLater()
        app.processEvents()
    finally:
        raw.close()
        db.close()
    worst_name = max(times, key=lambda name: times[name])
    ours, theirs = median(list(times.values())), median(bare)
    return Result(
        name="gui_products",
        title=f"Back office products over {products:,} products: first rows, sorts, searches",
        target=f"each action < {TARGET_SECONDS:.1f} s",
        measured=f"median action {ours * 1000:.0f} ms; worst {times[worst_name] * 1000:.0f} ms "
                 f"({worst_name}); opening {times['open'] * 1000:.0f} ms",
        baseline=f"sqlite3 reading the first 200 rows by French name: median {theirs * 1000:.1f} ms",
        ratio=ours / theirs,
        passed=max(times.values()) < TARGET_SECONDS,
        seconds=watch.elapsed,
        details={**qt_versions(), "actions_s": times, "bare_s": bare, "products": products},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 300_000, "products (default 300,000)")
    args = parser.parse_args(argv)
    return finish(run(args.size), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
