"""What the window benchmarks share: cached databases, scanned codes, typed queries, Qt helpers.

The databases take a while to build (300,000 products ≈ 30 s, 1,000,000 sale
lines ≈ 1 min more), so they are built once and kept in a cache folder
(``POSSOUK_BENCH_CACHE``, default ``<temp>/possouk-bench-cache``) under a name
that carries :data:`CACHE_VERSION`, the schema's migration head, the sizes and
the seed: a change of any of them builds a new one. A benchmark never works on
the cached file itself (logging in writes an event): it copies it into its own
temporary folder first (:func:`working_copy`).

* :func:`catalog_database`: the store of ``bench.common.make_store`` (site MEK,
  register MEK1, cashier amina with PIN 1111, 60 cooperatives) and its products,
  inserted through the catalog service as ``bench_search`` does.
* :func:`ledger_database`: the same catalogue plus sales written with the plain
  ``sqlite3`` module into the schema possouk's migrations created — sale rows,
  lines, payments, stock movements and one event-log entry per sale, hashed with
  possouk's own journal functions so the ledger verifies — 500 sales a day up to
  today.
* :func:`demo_database`: ``possouk demo``'s store (610 products, 300 sales).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bench_search import load_catalog
from bench.common import make_store, open_drawer, product_records
from possouk.domain.model import Unit
from possouk.domain.money import line_total
from possouk.storage import journal
from possouk.storage.migrate import head_revision
from possouk.storage.uow import open_database

CACHE_VERSION = 1
CASHIER = ("amina", "1111")  # made by bench.common.make_store
REGISTER = "MEK1"
DEMO_CASHIER = ("khadija", "1577")  # possouk demo, seed 1 (checked when the demo is built)
WINDOW_SIZE = (1366, 768)  # a common till screen


def cache_root() -> Path:
    root = Path(os.environ.get("POSSOUK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "possouk-bench-cache")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _cached(name: str, build: Callable[[Path], None]) -> Path:
    """The cached file ``name``, built by ``build(path)`` into a temporary file when missing."""
    final = cache_root() / f"v{CACHE_VERSION}-{head_revision()}-{name}.sqlite3"
    if final.exists():
        return final
    partial = final.with_name(final.name + f".partial-{os.getpid()}")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    print(f"  building {final.name} (cached for the next runs)…", flush=True)
    try:
        build(partial)
        with closing(sqlite3.connect(partial)) as raw:  # fold the WAL in: one file to copy
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, final)
    finally:
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return final


def working_copy(source: Path, folder: Path) -> Path:
    """A copy of a cached database in ``folder``, for one benchmark to write into."""
    target = folder / source.name.split("-", 2)[-1]
    shutil.copyfile(source, target)
    return target


# --- the databases ------------------------------------------------------------------------

def catalog_database(products: int, seed: int) -> Path:
    def build(path: Path) -> None:
        db = open_database(path)
        store = make_store(db)
        load_catalog(db, list(product_records(products, store.cooperative_codes, seed)))
        db.close()

    return _cached(f"catalog-{products}-{seed}", build)


_COLUMNS: dict[str, tuple[str, ...]] = {
    "sales": ("id", "client_key", "kind", "register_id", "number", "created_at", "business_day",
              "cashier_id", "approved_by_id", "refund_of_sale_id", "manual_ref", "total", "rounding",
              "change_given", "prev_hash", "hash"),
    "sale_lines": ("id", "sale_id", "line_no", "product_id", "cooperative_id", "sku", "name_ar",
                   "name_fr", "unit", "quantity", "unit_price", "gross", "line_discount",
                   "ticket_discount", "net", "vat_bp", "vat_amount", "commission_bp",
                   "refund_of_line_id", "price_overridden", "oversold"),
    "payments": ("id", "sale_id", "seq", "method", "amount", "tendered"),
    "stock_movements": ("site_id", "product_id", "quantity", "kind", "sale_line_id",
                        "stock_doc_line_id", "created_at"),
    "events": ("seq", "at", "user_id", "kind", "detail", "prev_hash", "hash"),
}


def _insert(raw: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    columns = _COLUMNS[table]
    raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    f"({', '.join(':' + c for c in columns)})", rows)


def _write_sales(path: Path, count: int, lines_per_sale: int, seed: int, per_day: int = 500) -> None:
    """Append ``count`` chained sales of ``lines_per_sale`` lines, ``per_day`` a day up to today."""
    rng = random.Random(seed)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA foreign_keys=ON")
    raw.execute("PRAGMA cache_size=-200000")
    register_id, site_id = raw.execute(
        "SELECT id, site_id FROM registers WHERE code = ?", (REGISTER,)).fetchone()
    (cashier_id,) = raw.execute("SELECT id FROM users WHERE login = ?", (CASHIER[0],)).fetchone()
    commissions = dict(raw.execute("SELECT id, commission_bp FROM cooperatives"))
    catalog = raw.execute("SELECT id, cooperative_id, sku, name_ar, name_fr, unit, price, vat_bp "
                          "FROM products WHERE active").fetchall()
    heads = dict(raw.execute("SELECT name, last_seq || ' ' || last_hash FROM chain_heads"))
    assert journal.sales_chain(register_id) not in heads, "the register already has sales"
    event_seq_text, event_prev = heads[journal.EVENTS_CHAIN].split()
    event_seq = int(event_seq_text)
    prev = journal.GENESIS
    days = -(-count // per_day)
    today = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    first_day = today - timedelta(days=days - 1)
    step = timedelta(seconds=36_000 // per_day)  # 10 hours of selling a day
    line_id = pay_id = 0
    number = 0
    batch = 10_000
    while number < count:
        rows: dict[str, list[dict[str, Any]]] = {table: [] for table in _COLUMNS}
        for _ in range(min(batch, count - number)):
            number += 1
            day, nth = divmod(number - 1, per_day)
            at = (first_day + timedelta(days=day) + nth * step).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            lines: list[dict[str, Any]] = []
            for n, p in enumerate(rng.sample(catalog, lines_per_sale), start=1):
                pid, coop, sku, name_ar, name_fr, unit, price, vat = p
                quantity = 1000 * rng.randint(1, 3) if Unit(unit).whole else rng.randint(100, 2500)
                gross = line_total(quantity, price)
                line_id += 1
                lines.append({
                    "id": line_id, "sale_id": number, "line_no": n, "product_id": pid,
                    "cooperative_id": coop, "sku": sku, "name_ar": name_ar, "name_fr": name_fr,
                    "unit": unit, "quantity": quantity, "unit_price": price, "gross": gross,
                    "line_discount": 0, "ticket_discount": 0, "net": gross, "vat_bp": vat,
                    "vat_amount": gross * vat // (10_000 + vat), "commission_bp": commissions[coop],
                    "refund_of_line_id": None, "price_overridden": False, "oversold": False,
                })
            total = sum(line["net"] for line in lines)
            card = rng.randint(1, total - 1) if rng.random() < 0.3 and total > 1 else 0
            pays = []
            for seq, (method, amount) in enumerate(
                [("card", card), ("cash", total - card)] if card else [("cash", total)], start=1
            ):
                pay_id += 1
                pays.append({"id": pay_id, "sale_id": number, "seq": seq, "method": method,
                             "amount": amount, "tendered": amount if method == "cash" else None})
            key = f"bench-gui-{number:08d}"
            sale: dict[str, Any] = {
                "id": number, "client_key": key, "kind": "sale", "register_id": register_id,
                "number": number, "created_at": at, "business_day": at[:10], "cashier_id": cashier_id,
                "approved_by_id": None, "refund_of_sale_id": None, "manual_ref": None, "total": total,
                "rounding": 0, "change_given": 0, "prev_hash": prev,
            }
            sale["hash"] = prev = journal.chain_hash(prev, journal.sale_payload(sale, lines, pays))
            rows["sales"].append(sale)
            rows["sale_lines"] += lines
            rows["payments"] += pays
            rows["stock_movements"] += [
                {"site_id": site_id, "product_id": line["product_id"], "quantity": -line["quantity"],
                 "kind": "sale", "sale_line_id": line["id"], "stock_doc_line_id": None, "created_at": at}
                for line in lines
            ]
            event_seq += 1
            detail = {"client_key": key, "register": REGISTER, "total": f"{total // 100}.{total % 100:02d}"}
            event = {"seq": event_seq, "at": at, "user_id": cashier_id, "kind": "sale",
                     "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
                     "prev_hash": event_prev}
            event["hash"] = event_prev = journal.chain_hash(event_prev, journal.event_payload(event))
            rows["events"].append(event)
        raw.execute("BEGIN IMMEDIATE")
        for table, table_rows in rows.items():
            _insert(raw, table, table_rows)
        raw.execute("INSERT OR REPLACE INTO chain_heads (name, last_seq, last_hash) VALUES (?, ?, ?)",
                    (journal.sales_chain(register_id), number, prev))
        raw.execute("UPDATE chain_heads SET last_seq = ?, last_hash = ? WHERE name = ?",
                    (event_seq, event_prev, journal.EVENTS_CHAIN))
        raw.execute("COMMIT")
    raw.close()


def ledger_database(products: int, sales: int, lines_per_sale: int, seed: int,
                    per_day: int = 500) -> Path:
    """The catalog of ``products`` and ``sales`` chained sales, ``per_day`` a business day."""
    catalog = catalog_database(products, seed)

    def build(path: Path) -> None:
        shutil.copyfile(catalog, path)
        _write_sales(path, sales, lines_per_sale, seed, per_day)
        db = open_database(path, upgrade=False)  # the running sums, as possouk keeps them
        with db.write() as uow:
            uow.summaries.rebuild()
            uow.commit()
        db.close()

    suffix = "" if per_day == 500 else f"-{per_day}aday"
    return _cached(f"ledger-{products}-{sales}x{lines_per_sale}-{seed}{suffix}", build)


def demo_database() -> Path:
    def build(path: Path) -> None:
        from possouk.services.demo import build_demo

        db = open_database(path)
        summary = build_demo(db)
        db.close()
        assert (DEMO_CASHIER[0], "cashier", DEMO_CASHIER[1]) in summary.users, summary.users

    return _cached("demo-1", build)


# --- what the cashier scans and types ---------------------------------------------------------

@dataclass(frozen=True)
class Sampled:
    barcode: str
    name_ar: str
    name_fr: str


def sample_products(path: Path, count: int, seed: int) -> list[Sampled]:
    """``count`` products picked at random (with their barcodes, internal ones included)."""
    with closing(sqlite3.connect(path)) as raw:
        (top,) = raw.execute("SELECT max(id) FROM products").fetchone()
        ids = random.Random(seed).sample(range(1, top + 1), count)
        found = {row[0]: Sampled(*row[1:]) for row in raw.execute(
            f"SELECT id, barcode, name_ar, name_fr FROM products WHERE id IN ({','.join('?' * count)})", ids)}
    return [found[i] for i in ids]


def typed_query(rng: random.Random, name: str) -> str:
    """What a cashier types to find ``name``: the start of one or two of its words."""
    words = [w for w in name.split() if len(w) > 2 and not w[0].isdigit()] or name.split()
    picked = rng.sample(words, min(len(words), rng.choice((1, 2, 2))))
    return " ".join(w[: rng.randint(min(3, len(w)), len(w))] for w in picked)


def keystrokes(query: str) -> Iterator[str]:
    """The box's text after each keystroke: "mie", "miel", "miel ", "miel t"…"""
    for end in range(1, len(query) + 1):
        yield query[:end]


# --- Qt ---------------------------------------------------------------------------------------

def none_references() -> int:
    """``None``'s reference count, to measure how many a piece of the window loses."""
    return sys.getrefcount(None)


def offscreen() -> None:
    """Qt without a display (set before the QApplication is made)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


_LOOP: list[Any] = []


def process_events() -> None:
    """Process the pending Qt events once.

    Through a ``QEventLoop``, not ``QApplication.processEvents``: with PySide6
    6.12.0 every call of the static ``QCoreApplication.processEvents`` (and of
    ``sendPostedEvents``, ``QTest.qWait``) takes one reference off ``None``, and
    after a few thousand calls Python aborts ("none_dealloc: deallocating None").
    ``QEventLoop.processEvents`` runs the same dispatcher without the leak (and
    pyproject.toml now keeps that release out).
    """
    if not _LOOP:
        from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

        _LOOP.append((QEventLoop(), QEventLoop.ProcessEventsFlag.AllEvents,
                      QCoreApplication.sendPostedEvents, QEvent.Type.DeferredDelete))
    loop, flags, send_posted, deferred_delete = _LOOP[0]
    loop.processEvents(flags)
    # Outside app.exec() Qt keeps deleteLater()'s objects until "the event loop starts":
    # the tiles a search replaces would pile up (and stay painted). Delete them as exec() would.
    send_posted(None, deferred_delete)


def show_in_bare_window(app: Any, view: Any, size: tuple[int, int], paints: Any) -> Any:
    """Put ``view`` in a bare QMainWindow of ``size``, watch its paints, wait until it is exposed."""
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    window.setCentralWidget(view)
    window.resize(*size)
    window.show()
    paints.watch(view.viewport())
    handle = window.windowHandle
    process_until(app, lambda: handle() is not None and handle().isExposed())
    return window


def process_until(app: Any, done: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Process Qt events until ``done()`` (checked after each pass) or ``timeout`` seconds."""
    limit = time.perf_counter() + timeout
    while True:
        process_events()
        if done():
            return True
        if time.perf_counter() > limit:
            return False


def max_rss_mib() -> dict[str, float]:
    """This process's peak resident memory: getrusage's ru_maxrss and /proc's VmHWM, in MiB."""
    import resource

    found = {"ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                found[line.split(":")[0] + "_mib"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return found


class PaintLog:
    """The watched widgets that received a paint event since :meth:`reset`.

    A line is *shown* once its view has painted after the change, not when the
    model has it: the time to a painted frame is what the cashier sees. The
    filter sits on the watched widgets only (an application-wide Python event
    filter costs every event of the window, and crashed PySide6 6.12 here).
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        painted: set[int] = set()
        paint = QEvent.Type.Paint

        class _Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == paint:
                    painted.add(id(watched))
                return False

        self._painted = painted
        self._filter = _Filter()

    def watch(self, widget: Any) -> None:
        # Marked on the widget itself: a deleted widget's id() is soon another's.
        if widget.property("benchPaintWatched") is not self._filter:
            widget.installEventFilter(self._filter)
            widget.setProperty("benchPaintWatched", self._filter)

    def reset(self) -> None:
        self._painted.clear()

    def painted(self, widget: Any) -> bool:
        return id(widget) in self._painted


@dataclass
class OpenWindow:
    """possouk's window as ``possouk.ui.app.run`` builds it, shown, without its event loop."""

    app: Any  # QApplication
    window: Any  # possouk.ui.main_window.MainWindow
    till: Any  # possouk.ui.till.Till
    db: Any  # possouk.storage.uow.Database


def open_window(db_path: Path, folder: Path, language: str = "ar", register: str = REGISTER) -> OpenWindow:
    """Open the window over ``db_path`` as :func:`possouk.ui.app.run` does, and wait until it shows."""
    offscreen()
    from possouk.storage.uow import open_database as open_db
    from possouk.ui import app as ui_app
    from possouk.ui import opening
    from possouk.ui.main_window import MainWindow
    from possouk.ui.till import Till

    config = folder / "config"
    config.mkdir(exist_ok=True)
    app = ui_app.create_application()
    ui_app.apply_language(app, language)
    db = open_db(db_path, upgrade=False)
    open_drawer(db, register)
    till = Till(db, opening.choose_register(db, register, None))
    window = MainWindow(till, log_path=folder / "possouk.log", config_folder=config,
                        start=opening.first_screen(db))
    window.show()
    handle = window.windowHandle
    if not process_until(app, lambda: handle() is not None and handle().isExposed()):
        raise RuntimeError("the window was never shown")
    return OpenWindow(app, window, till, db)


def log_in(opened: OpenWindow, login: str, pin: str) -> Any:
    """Log in through the login screen (the person's tile, the PIN on the pad, OK); the sale screen."""
    window = opened.window
    if window.current_name != "login":
        window.show_screen("login")
    screen = window.screens["login"]
    screen.tiles[login].click()
    for digit in pin:
        screen.digit_buttons[digit].click()
    screen.ok_button.click()
    if not process_until(opened.app, lambda: window.current_name == "sale"):
        raise RuntimeError(f"the login did not reach the sale screen: {screen.message.text()!r}")
    sale = window.screens["sale"]
    answer_at_once(sale)
    return sale


WEIGHT = "0.750"


def answer_at_once(sale: Any) -> None:
    """Answer the sale screen's questions at once, as its tests do (no modal dialog waits).

    A product sold by weight scanned by its own barcode asks its weight: the
    cashier's answer, 0.750, comes at once, so the time is the screen's, not a
    person's. Nothing in these benchmarks asks a supervisor or a choice.
    """
    sale.ask_value = lambda *args, **kwargs: WEIGHT
    sale.ask_supervisor = lambda *args, **kwargs: None
    sale.ask_choice = lambda *args, **kwargs: None


def scan_on(opened: OpenWindow, sale: Any, code: str, paints: PaintLog | None = None) -> None:
    """Hand ``code`` to the sale screen as the scanner does, then process events until the cart
    view has the line (the last one: a scan adds a line or one more piece to the last) in sight
    and has painted since.

    Not the selection: in Arabic ``QTableView.selectRow`` selects nothing (see the report), so
    the selected row cannot tell that the line is there.
    """
    if paints is not None:
        paints.watch(sale.cart_view.viewport())
        paints.reset()
    if not sale.scanned(code):
        raise RuntimeError(f"the sale screen refused the scan of {code}")
    view = sale.cart_view
    model = view.model()
    items = opened.till.cart.items

    def shown() -> bool:
        last = model.rowCount() - 1
        if last < 0 or last != len(items) - 1 or items[last].product.barcode != code:
            return False
        if not view.visualRect(model.index(last, 0)).intersects(view.viewport().rect()):
            return False
        return paints is None or paints.painted(view.viewport())

    if not process_until(opened.app, shown):
        raise RuntimeError(f"the scan of {code} never showed: {sale.message.text()!r}")


def type_on(opened: OpenWindow, sale: Any, text: str, paints: PaintLog | None = None) -> int:
    """One keystroke in the search box (its text becomes ``text``), then the search the debounce
    timer would run, at once; processes events until the results are painted. The number shown."""
    if paints is not None:
        paints.reset()
    sale.search.setText(text)  # what a keystroke does: textChanged starts the 150 ms timer
    found = sale.search_now()
    tiles = list(sale.product_buttons)
    if paints is not None:
        paints.watch(tiles[0] if tiles else sale.products_title)

    def shown() -> bool:
        if paints is None:
            return True
        if tiles:
            return paints.painted(tiles[0])
        return paints.painted(sale.products_title)

    if not process_until(opened.app, shown):
        raise RuntimeError(f"the results of {text!r} never showed")
    return len(found)


def qt_versions() -> dict[str, str]:
    """PySide6's and Qt's versions, for the results (the machine facts do not name them)."""
    import PySide6
    from PySide6.QtCore import qVersion

    return {"pyside6": PySide6.__version__, "qt": qVersion(), "qt_platform": "offscreen"}
