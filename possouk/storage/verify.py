"""Recompute every hash chain from the stored rows and say exactly what does not hold."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Integer,
    RowMapping,
    Table,
    cast,
    select,
    text,
)

from possouk.domain.errors import N_
from possouk.storage import exchange_refs as refs
from possouk.storage import journal
from possouk.storage.schema import (
    FINAL_TABLES,
    cash_movements,
    closings,
    cost_shares,
    events,
    exchange_chains,
    exchange_origins,
    payments,
    payouts,
    registers,
    remote_events,
    sale_lines,
    sales,
    shared_costs,
    sites,
    statement_costs,
    statement_lines,
    statements,
    stock_doc_lines,
    stock_docs,
    z_reports,
)


@dataclass(frozen=True)
class Chain:
    """Which chain a finding is about: ``scope`` is a message such as "register {code}"."""

    scope: str
    code: str = ""
    kind: str = ""


REGISTER = N_("register {code}")
CASH_MOVES = N_("register {code}, cash in and out")
Z_REPORTS = N_("register {code}, Z reports")
CLOSINGS = N_("site {code}, {kind} closings")
SHARED_COSTS = N_("shared costs")
STATEMENTS = N_("statements")
PAYOUTS = N_("payouts")
STOCK = N_("site {code}, {kind} documents")
EVENT_LOG = N_("event log")
RECEIVED_EVENT_LOG = N_("event log of {code}, received")
DATABASE = N_("database")


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold.

    ``kind`` is one of altered, missing, inserted, head, unbalanced, unprotected;
    ``message`` is an English msgid filled in with ``params`` when shown.
    """

    chain: Chain
    number: int | None
    kind: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """A sentence such as "register MEK1 no. 42: its content does not match its hash"."""
        where = translate(self.chain.scope).format(code=self.chain.code, kind=self.chain.kind)
        if self.number is not None:
            where = translate(N_("{chain} no. {number}")).format(chain=where, number=self.number)
        return f"{where}: {translate(self.message).format(**self.params)}"


@dataclass
class VerifyReport:
    sales: int = 0
    stock_documents: int = 0
    events: int = 0
    cash_movements: int = 0
    z_reports: int = 0
    closings: int = 0
    settlement_documents: int = 0  # shared costs, statements and payouts
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _check_chain(
    label: Chain,
    docs: Iterable[tuple[int, str, str, str]],
    head: tuple[int, str] | None,
    report: VerifyReport,
) -> int:
    """Walk one chain of (number, prev_hash, stored hash, recomputed hash); return its length."""
    expected_prev = journal.GENESIS
    expected_number = 1
    count = 0
    for number, prev_hash, stored, recomputed in docs:
        count += 1
        if number > expected_number:
            missing = (
                str(expected_number) if number == expected_number + 1
                else f"{expected_number}–{number - 1}"
            )
            report.findings.append(
                Finding(label, number, "missing", N_("numbers {numbers} are gone"), {"numbers": missing})
            )
        elif number < expected_number:
            report.findings.append(Finding(label, number, "inserted", N_("this number is used twice")))
        if recomputed != stored:
            report.findings.append(
                Finding(label, number, "altered", N_("its content does not match its hash"))
            )
        elif prev_hash != expected_prev:
            report.findings.append(
                Finding(label, number, "inserted", N_("it does not follow the previous document"))
            )
        expected_prev = stored
        expected_number = max(expected_number, number + 1)
    last_number = expected_number - 1
    if head is None:
        if count:
            report.findings.append(Finding(label, None, "head", N_("the chain head is missing")))
        return count
    head_seq, head_hash = head
    if head_seq > last_number:
        gone = str(head_seq) if head_seq == last_number + 1 else f"{last_number + 1}–{head_seq}"
        report.findings.append(
            Finding(label, last_number + 1, "missing", N_("the newest numbers {numbers} are gone"),
                    {"numbers": gone})
        )
    elif head_seq < last_number:
        report.findings.append(
            Finding(label, head_seq + 1, "inserted", N_("documents after the recorded chain head"))
        )
    elif head_hash != expected_prev:
        report.findings.append(
            Finding(label, last_number, "head", N_("the chain head does not match the last document"))
        )
    return count


def _grouped(conn: Connection, query: Any, key: str) -> dict[int, list[RowMapping]]:
    grouped: dict[int, list[RowMapping]] = defaultdict(list)
    for row in conn.execute(query).mappings():
        grouped[row[key]].append(row)
    return grouped


_NET = journal.SALE_LINE_FIELDS.index("net")
_AMOUNT = journal.PAYMENT_FIELDS.index("amount")


def _picked(
    conn: Connection, table: Table, fields: Sequence[str], where: ColumnElement[bool],
    order: Sequence[ColumnElement[Any]],
) -> dict[int, list[Sequence[Any]]]:
    """The rows of ``table`` by ``sale_id``, each as its ``fields`` values in hash order.

    Booleans are cast to integers by the database, as the journal hashes them, so the
    values go to the hash as read: checking each value in Python, and mapping rows by
    name, took most of the time on 100,000 sales (bench/bench_verify.py).
    """
    columns = [
        cast(column, Integer) if isinstance(column.type, Boolean) else column
        for column in (table.c[name] for name in fields)
    ]
    grouped: dict[int, list[Sequence[Any]]] = defaultdict(list)
    for row in conn.execute(select(table.c.sale_id, *columns).where(where).order_by(*order)):
        grouped[row[0]].append(row[1:])
    return grouped


class _Received:
    """The chains of this database received from sites, and how to give their documents back
    the site's ids their hashes were made with (see possouk.storage.exchange_refs)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.origin_of = {str(name): int(origin) for name, origin in conn.execute(
            select(exchange_chains.c.name, exchange_chains.c.origin_id))}
        self._pairs: dict[int, refs.IdPairs] = {}

    def lookup(self, chain: str) -> refs.Lookup | None:
        origin = self.origin_of.get(chain)
        if origin is None:
            return None
        pairs = self._pairs.get(origin)
        if pairs is None:
            pairs = self._pairs[origin] = refs.IdPairs(self.conn, origin)
        table = pairs.to_remote
        # An id without a pair was changed here: -1 makes the hash differ, reported as altered.
        return lambda entity, local: table[entity].get(local, -1)

    def row(self, chain: str, row: RowMapping, columns: refs.Refs) -> Any:
        lookup = self.lookup(chain)
        return row if lookup is None else refs.translate(row, columns, lookup)


def _sale_docs(
    conn: Connection, register_id: int, report: VerifyReport, label: Chain,
    lookup: refs.Lookup | None = None,
) -> Iterator[tuple[int, str, str, str]]:
    in_register = select(sales.c.id).where(sales.c.register_id == register_id)
    lines = _picked(conn, sale_lines, journal.SALE_LINE_FIELDS, sale_lines.c.sale_id.in_(in_register),
                    (sale_lines.c.sale_id, sale_lines.c.line_no))
    pays = _picked(conn, payments, journal.PAYMENT_FIELDS, payments.c.sale_id.in_(in_register),
                   (payments.c.sale_id, payments.c.seq))
    rows = conn.execute(
        select(sales).where(sales.c.register_id == register_id).order_by(sales.c.number)
    ).mappings()
    for sale in rows:
        sale_lines_ = lines.get(sale["id"], [])
        sale_pays = pays.get(sale["id"], [])
        if sum(p[_AMOUNT] for p in sale_pays) != sale["total"] or (
            sum(line[_NET] for line in sale_lines_) + sale["rounding"] != sale["total"]
        ):
            report.findings.append(
                Finding(label, sale["number"], "unbalanced", N_("its lines, payments and total disagree"))
            )
        hashed: Any = sale
        if lookup is not None:
            hashed = refs.translate(sale, refs.SALE, lookup)
            sale_lines_ = [refs.translate_values(line, refs.SALE_LINE_POSITIONS, lookup)
                           for line in sale_lines_]
        recomputed = journal.chain_hash(
            sale["prev_hash"], journal.picked_sale_payload(hashed, sale_lines_, sale_pays)
        )
        yield sale["number"], sale["prev_hash"], sale["hash"], recomputed


def verify_ledger(conn: Connection, progress: Callable[[str], None] | None = None) -> VerifyReport:
    """Check every chain: sales per register, stock documents per site and kind, events."""
    report = VerifyReport()
    heads = {
        r.name: (int(r.last_seq), r.last_hash)
        for r in conn.execute(text("SELECT name, last_seq, last_hash FROM chain_heads"))
    }
    seen_chains: set[str] = set()
    received = _Received(conn)

    register_rows = conn.execute(select(registers.c.id, registers.c.code)).all()
    for register_id, code in register_rows:
        chain = journal.sales_chain(register_id)
        seen_chains.add(chain)
        label = Chain(REGISTER, code)
        report.sales += _check_chain(
            label, _sale_docs(conn, register_id, report, label, received.lookup(chain)),
            heads.get(chain), report
        )

        _check_drawers(conn, register_id, code, heads, seen_chains, report, received)

    site_codes = dict(conn.execute(select(sites.c.id, sites.c.code)).all())
    doc_lines = _grouped(
        conn, select(stock_doc_lines).order_by(stock_doc_lines.c.doc_id, stock_doc_lines.c.line_no),
        "doc_id",
    )
    by_chain: dict[tuple[int, str], list[RowMapping]] = defaultdict(list)
    for doc in conn.execute(
        select(stock_docs).order_by(stock_docs.c.site_id, stock_docs.c.kind, stock_docs.c.number)
    ).mappings():
        by_chain[(doc["site_id"], doc["kind"])].append(doc)
    for head_name in heads:
        if head_name.startswith("stock:"):
            _, site_id, kind = head_name.split(":")
            by_chain.setdefault((int(site_id), kind), [])
    for (site_id, kind), docs in sorted(by_chain.items()):
        chain = journal.stock_chain(site_id, kind)
        seen_chains.add(chain)
        report.stock_documents += _check_chain(
            Chain(STOCK, str(site_codes.get(site_id, site_id)), kind),
            (
                (
                    d["number"], d["prev_hash"], d["hash"],
                    journal.chain_hash(
                        d["prev_hash"], journal.stock_doc_payload(
                            received.row(chain, d, refs.STOCK_DOC),
                            [received.row(chain, line, refs.STOCK_LINE)
                             for line in doc_lines.get(d["id"], [])])
                    ),
                )
                for d in docs
            ),
            heads.get(chain),
            report,
        )

    _check_closings(conn, site_codes, heads, seen_chains, report, received)
    _check_settlements(conn, heads, seen_chains, report)

    seen_chains.add(journal.EVENTS_CHAIN)
    report.events = _check_chain(
        Chain(EVENT_LOG),
        (
            (e["seq"], e["prev_hash"], e["hash"],
             journal.chain_hash(e["prev_hash"], journal.event_payload(e)))
            for e in conn.execute(select(events).order_by(events.c.seq)).mappings()
        ),
        heads.get(journal.EVENTS_CHAIN),
        report,
    )
    _check_received_events(conn, heads, seen_chains, report, received)
    for name in sorted(set(heads) - seen_chains):
        report.findings.append(
            Finding(Chain(DATABASE), None, "head", N_("chain head {name} belongs to nothing"), {"name": name})
        )
    report.findings.extend(_missing_protection(conn))
    return report


def _check_received_events(conn: Connection, heads: dict[str, tuple[int, str]],
                           seen_chains: set[str], report: VerifyReport, received: _Received) -> None:
    """The event log of each site whose journals this database received."""
    names = dict(conn.execute(select(exchange_origins.c.id, exchange_origins.c.name)).all())
    for origin_id, name in sorted(names.items()):
        chain = f"events:{origin_id}"
        if chain not in heads and chain not in received.origin_of:
            continue
        seen_chains.add(chain)
        rows = conn.execute(select(remote_events).where(remote_events.c.origin_id == origin_id)
                            .order_by(remote_events.c.seq)).mappings()
        report.events += _check_chain(
            Chain(RECEIVED_EVENT_LOG, str(name)),
            ((e["seq"], e["prev_hash"], e["hash"],
              journal.chain_hash(e["prev_hash"],
                                 journal.event_payload(received.row(chain, e, refs.EVENT))))
             for e in rows),
            heads.get(chain), report)


def _check_drawers(conn: Connection, register_id: int, code: str, heads: dict[str, tuple[int, str]],
                   seen_chains: set[str], report: VerifyReport, received: _Received) -> None:
    """The register's cash movements and Z reports: their chains, and each Z's grand total
    following the previous one and its last receipt being the sale it names."""
    chain = journal.cash_chain(register_id)
    seen_chains.add(chain)
    moves = conn.execute(select(cash_movements).where(cash_movements.c.register_id == register_id)
                         .order_by(cash_movements.c.number)).mappings()
    report.cash_movements += _check_chain(
        Chain(CASH_MOVES, code),
        ((m["number"], m["prev_hash"], m["hash"],
          journal.chain_hash(m["prev_hash"], journal.cash_move_payload(
              received.row(chain, m, refs.CASH_MOVE)))) for m in moves),
        heads.get(chain), report)
    chain = journal.z_chain(register_id)
    seen_chains.add(chain)
    label = Chain(Z_REPORTS, code)
    rows = list(conn.execute(select(z_reports).where(z_reports.c.register_id == register_id)
                             .order_by(z_reports.c.number)).mappings())
    report.z_reports += _check_chain(
        label,
        ((z["number"], z["prev_hash"], z["hash"],
          journal.chain_hash(z["prev_hash"], journal.z_payload(
              received.row(chain, z, refs.Z_REPORT)))) for z in rows),
        heads.get(chain), report)
    sale_hashes = dict(conn.execute(
        select(sales.c.number, sales.c.hash).where(
            sales.c.register_id == register_id,
            sales.c.number.in_([z["last_receipt_number"] for z in rows]))).all())
    previous = 0
    for z in rows:
        content = json.loads(z["content"])
        figures = content["figures"]
        net = figures["sales_total"] - figures["refunds_total"] + figures.get("manual_total", 0)
        if content["previous_grand_total"] != previous or z["grand_total"] != previous + net:
            report.findings.append(Finding(label, z["number"], "unbalanced",
                                           N_("its grand total does not follow the previous one")))
        number = z["last_receipt_number"]
        if number and sale_hashes.get(number) != z["last_sale_hash"]:
            report.findings.append(Finding(label, z["number"], "altered",
                                           N_("its last receipt is not in the register's chain")))
        previous = z["grand_total"]


def _check_closings(conn: Connection, site_codes: dict[int, str], heads: dict[str, tuple[int, str]],
                    seen_chains: set[str], report: VerifyReport, received: _Received) -> None:
    """Day, month and year closings: their chains, and each day's totals recomputed from the
    receipts still in the ledger."""
    from possouk.storage.closings_repo import ClosingsRepo, figures_to_json
    from possouk.storage.ledger_repo import LedgerRepo
    from possouk.storage.sessions_repo import SessionsRepo

    by_chain: dict[tuple[int, str], list[RowMapping]] = defaultdict(list)
    for row in conn.execute(select(closings).order_by(closings.c.site_id, closings.c.kind,
                                                      closings.c.number)).mappings():
        by_chain[(row["site_id"], row["kind"])].append(row)
    for head_name in heads:
        if head_name.startswith("closing:"):
            _, site_text, kind_text = head_name.split(":")
            by_chain.setdefault((int(site_text), kind_text), [])
    ledger = LedgerRepo(conn)
    repo = ClosingsRepo(conn, ledger, SessionsRepo(conn, ledger))
    for (site_id, kind), rows in sorted(by_chain.items()):
        chain = journal.closing_chain(site_id, kind)
        seen_chains.add(chain)
        label = Chain(CLOSINGS, str(site_codes.get(site_id, site_id)), kind)
        report.closings += _check_chain(
            label,
            ((c["number"], c["prev_hash"], c["hash"],
              journal.chain_hash(c["prev_hash"], journal.closing_payload(
                  received.row(chain, c, refs.CLOSING)))) for c in rows),
            heads.get(chain), report)
        if kind != "day":
            continue
        for row in rows:
            stored = json.loads(row["content"])
            again = figures_to_json(repo.day_figures(site_id, date.fromisoformat(row["period"])))
            if stored != again:
                report.findings.append(Finding(label, row["number"], "unbalanced",
                                               N_("its totals differ from the receipts of its day")))


def _check_settlements(conn: Connection, heads: dict[str, tuple[int, str]], seen_chains: set[str],
                       report: VerifyReport) -> None:
    """Shared costs with their shares, statements with what they settle, payouts: their chains."""
    shares = _grouped(conn, select(cost_shares).order_by(cost_shares.c.cooperative_id), "cost_id")
    settled_lines = _grouped(conn, select(statement_lines).order_by(statement_lines.c.id),
                             "statement_id")
    settled_costs = _grouped(conn, select(statement_costs).order_by(statement_costs.c.id),
                             "statement_id")
    checks = (
        (journal.COSTS_CHAIN, SHARED_COSTS, select(shared_costs).order_by(shared_costs.c.number),
         lambda r: journal.cost_payload(r, shares.get(r["id"], []))),
        (journal.STATEMENTS_CHAIN, STATEMENTS, select(statements).order_by(statements.c.number),
         lambda r: journal.statement_payload(r, settled_lines.get(r["id"], []),
                                             settled_costs.get(r["id"], []))),
        (journal.PAYOUTS_CHAIN, PAYOUTS, select(payouts).order_by(payouts.c.number),
         journal.payout_payload),
    )
    for chain, scope, query, payload in checks:
        seen_chains.add(chain)
        report.settlement_documents += _check_chain(
            Chain(scope),
            ((r["number"], r["prev_hash"], r["hash"], journal.chain_hash(r["prev_hash"], payload(r)))
             for r in conn.execute(query).mappings()),
            heads.get(chain), report)


def _missing_protection(conn: Connection) -> list[Finding]:
    """Final-document tables whose refuse-change triggers were removed."""
    if conn.dialect.name == "sqlite":
        present = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        wanted = {
            f"possouk_final_{table}_{action}"
            for table in FINAL_TABLES for action in ("update", "delete")
        }
    elif conn.dialect.name == "postgresql":
        present = set(conn.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
        wanted = {f"possouk_final_{table}" for table in FINAL_TABLES}
    else:  # pragma: no cover - possouk supports SQLite and PostgreSQL
        return []
    return [
        Finding(Chain(DATABASE), None, "unprotected", N_("the protection {name} was removed"), {"name": name})
        for name in sorted(wanted - present)
    ]
