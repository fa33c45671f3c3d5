"""``verify`` on 100,000 sales: every hash chain recomputed from the stored rows.

The ledger is generated fast but faithfully: sales of 1–5 lines (3 on average)
with 1 or 2 payments, their stock movements, and one event-log entry per sale
(as checkout writes), hashed with possouk's own journal functions and inserted
in big transactions. The generated ledger must verify with no finding.

possouk: :func:`possouk.services.audit.verify` (all chains: sales per register,
stock documents, event log, chain heads, triggers).

Baseline: the plain ``sqlite3`` module selecting the same rows (sales, lines,
payments, events) and hashing the same bytes (each document's rows as JSON
after the previous hash) with ``hashlib.sha256``.

Target: ≥ 20,000 sales/s.

Run: ``python -m bench.bench_verify [-n SALES] [--no-events] [--json]``
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from bench.bench_search import load_catalog
from bench.common import Result, Stopwatch, arguments, finish, make_store, product_records, workdir
from possouk.domain.money import line_total
from possouk.services import audit
from possouk.storage import journal
from possouk.storage.schema import chain_heads, events, payments, sale_lines, sales, stock_movements
from possouk.storage.uow import Database, open_database

TARGET_SALES_PER_S = 20_000
BATCH = 10_000
ROUNDS = 3


def generate(db: Database, count: int, seed: int, with_events: bool) -> None:
    """Write ``count`` chained sales (and their events) in transactions of BATCH sales."""
    rng = random.Random(seed)
    store = make_store(db, cooperatives=20)
    records = list(product_records(200, store.cooperative_codes, seed))
    load_catalog(db, records)
    with db.read() as uow:
        catalog = uow.catalog.products()
        commissions = uow.catalog.commissions({p.cooperative_id for p in catalog})
        register = uow.store.register_by_code("MEK1")
        heads = uow.ledger.chain_heads()
    assert register is not None
    sales_chain = journal.sales_chain(register.id)
    number, prev = 0, journal.GENESIS
    event_seq, event_prev = heads[journal.EVENTS_CHAIN]
    line_id = pay_id = 0
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    done = 0
    while done < count:
        sale_rows: list[dict[str, Any]] = []
        line_rows: list[dict[str, Any]] = []
        pay_rows: list[dict[str, Any]] = []
        move_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        for _ in range(min(BATCH, count - done)):
            number += 1
            moment += timedelta(seconds=rng.randint(1, 20))
            at = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            lines: list[dict[str, Any]] = []
            for n, product in enumerate(rng.sample(catalog, rng.randint(1, 5)), start=1):
                quantity = 1000 * rng.randint(1, 3) if product.unit.whole else rng.randint(100, 2500)
                gross = line_total(quantity, product.price)
                line_id += 1
                lines.append({
                    "id": line_id, "sale_id": number, "line_no": n, "product_id": product.id,
                    "cooperative_id": product.cooperative_id, "sku": product.sku,
                    "name_ar": product.name_ar, "name_fr": product.name_fr, "unit": product.unit.value,
                    "quantity": quantity, "unit_price": product.price, "gross": gross,
                    "line_discount": 0, "ticket_discount": 0, "net": gross, "vat_bp": product.vat,
                    "vat_amount": 0, "commission_bp": commissions[product.cooperative_id],
                    "refund_of_line_id": None, "price_overridden": False, "oversold": False,
                })
            total = sum(line["net"] for line in lines)
            split = rng.random() < 0.3 and total > 1
            card = rng.randint(1, total - 1) if split else 0
            pays = []
            for seq, (method, amount) in enumerate(
                [("card", card), ("cash", total - card)] if split else [("cash", total)], start=1
            ):
                pay_id += 1
                pays.append({"id": pay_id, "sale_id": number, "seq": seq, "method": method,
                             "amount": amount, "tendered": amount if method == "cash" else None})
            key = f"bench-{number:08d}"
            sale = {
                "id": number, "client_key": key, "kind": "sale", "register_id": register.id,
                "number": number, "created_at": at, "business_day": at[:10], "cashier_id": store.cashier.id,
                "approved_by_id": None, "refund_of_sale_id": None, "manual_ref": None, "total": total,
                "rounding": 0, "change_given": 0, "prev_hash": prev,
            }
            sale["hash"] = prev = journal.chain_hash(prev, journal.sale_payload(sale, lines, pays))
            sale_rows.append(sale)
            line_rows += lines
            pay_rows += pays
            move_rows += [
                {"site_id": register.site_id, "product_id": line["product_id"], "quantity": -line["quantity"],
                 "kind": "sale", "sale_line_id": line["id"], "stock_doc_line_id": None, "created_at": at}
                for line in lines
            ]
            if with_events:
                event_seq += 1
                detail = {"client_key": key, "register": "MEK1", "total": f"{total // 100}.{total % 100:02d}"}
                event = {"seq": event_seq, "at": at, "user_id": store.cashier.id, "kind": "sale",
                         "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
                         "prev_hash": event_prev}
                event["hash"] = event_prev = journal.chain_hash(event_prev, journal.event_payload(event))
                event_rows.append(event)
        with db.write() as uow:
            conn = uow.connection
            conn.execute(insert(sales), sale_rows)
            conn.execute(insert(sale_lines), line_rows)
            conn.execute(insert(payments), pay_rows)
            conn.execute(insert(stock_movements), move_rows)
            if event_rows:
                conn.execute(insert(events), event_rows)
            uow.ledger.take_chain(sales_chain)  # creates the head on the first batch
            conn.execute(update(chain_heads).where(chain_heads.c.name == sales_chain)
                         .values(last_seq=number, last_hash=prev))
            conn.execute(update(chain_heads).where(chain_heads.c.name == journal.EVENTS_CHAIN)
                         .values(last_seq=event_seq, last_hash=event_prev))
            uow.commit()
        done += len(sale_rows)


def raw_read_and_hash(path: Path) -> int:
    """The baseline: select the same rows, SHA-256 each document's JSON after its predecessor's hash."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    conn = sqlite3.connect(path)
    lines: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute("SELECT * FROM sale_lines ORDER BY sale_id, line_no"):
        lines[row[1]].append(row)
    pays: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute("SELECT * FROM payments ORDER BY sale_id, seq"):
        pays[row[1]].append(row)
    count = 0
    prev = "0" * 64
    for row in conn.execute("SELECT * FROM sales ORDER BY register_id, number"):
        payload = encode([row, lines[row[0]], pays[row[0]]])
        prev = hashlib.sha256((prev + payload).encode()).hexdigest()
        count += 1
    for row in conn.execute("SELECT * FROM events ORDER BY seq"):
        prev = hashlib.sha256((prev + encode(row)).encode()).hexdigest()
    conn.close()
    return count


def run(count: int, seed: int, parent: Path | None, with_events: bool) -> Result:
    watch = Stopwatch()
    with workdir(parent) as folder:
        path = folder / "verify.sqlite3"
        db = open_database(path)
        generate(db, count, seed, with_events)
        generation = watch.elapsed
        audit.verify(db, log_failures=False)  # warm the page cache for both sides alike
        # Best of ROUNDS, alternating: other work on the machine only ever adds time.
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(ROUNDS):
            watch_ours = Stopwatch()
            report = audit.verify(db, log_failures=False)
            ours.append(watch_ours.elapsed)
            assert report.ok and report.sales == count, [f.describe() for f in report.findings[:5]]
            raw_watch = Stopwatch()
            assert raw_read_and_hash(path) == count
            theirs.append(raw_watch.elapsed)
        db.close()
        seconds, raw_seconds = min(ours), min(theirs)
    rate = count / seconds
    return Result(
        name="verify",
        title=f"verify on {count:,} sales" + (" (with their event-log entries)" if with_events else ""),
        target=f"≥ {TARGET_SALES_PER_S:,} sales/s",
        measured=f"{rate:,.0f} sales/s ({seconds:.2f} s)",
        baseline=f"raw sqlite3 select + sha256 {count / raw_seconds:,.0f} sales/s ({raw_seconds:.2f} s)",
        ratio=seconds / raw_seconds,
        passed=rate >= TARGET_SALES_PER_S,
        seconds=watch.elapsed,
        details={"sales": count, "events": report.events, "sale_lines": "1–5 per sale, 3 on average",
                 "seconds": seconds, "raw_seconds": raw_seconds, "generation_seconds": generation,
                 "rounds_seconds": ours, "raw_rounds_seconds": theirs, "kept": "the best of each side"},
    )


def main(argv: list[str] | None = None) -> Result:
    parser = arguments(__doc__.splitlines()[0], 100_000, "sales (default 100,000)")
    parser.add_argument("--no-events", action="store_true", help="write no event-log entry per sale")
    args = parser.parse_args(argv)
    return finish(run(args.size, args.seed, args.workdir, not args.no_events), args)


if __name__ == "__main__":
    sys.exit(0 if main().passed else 1)
