"""Tamper tests: someone edits the SQLite file behind possouk's back; ``verify`` must say where.

Each case records a few sales and a refund through the services, closes the
database, edits the file with the plain ``sqlite3`` module (dropping the
refuse-change triggers first, as an attacker with the file would), reopens it
and checks that :func:`possouk.services.audit.verify` names the exact document.

Closings (Z, day, month, year) come in a later issue; until then the stored
chain head is the "closing" that remembers the newest number and hash, so the
"edit a stored closing" case is covered by the chain head cases below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from possouk.domain.cash import MoveKind, MoveReason, pieces_for
from possouk.domain.model import PaymentMethod
from possouk.domain.settlement import CostRule, PayoutMethod
from possouk.services import audit, closings, refunds, sessions, settlements
from possouk.storage import journal
from possouk.storage.schema import FINAL_TABLES
from possouk.storage.uow import Database, open_database
from possouk.storage.verify import (
    CASH_MOVES,
    CLOSINGS,
    EVENT_LOG,
    PAYOUTS,
    REGISTER,
    STATEMENTS,
    STOCK,
    Z_REPORTS,
    Finding,
    VerifyReport,
)
from tests.conftest import Market

CASH, CARD, MOBILE = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE


@dataclass(frozen=True)
class Ledger:
    """A closed database file holding sales MEK1 no. 1–5 (no. 3 a partial refund of no. 1)."""

    path: Path
    sale_ids: dict[int, int]  # number → sales.id


@pytest.fixture
def ledger(market: Market) -> Iterator[Ledger]:
    db = market.db
    first = market.sell([(market.honey, 2000), (market.figs, 750)])
    second = market.sell([(market.oil, 1500)], [(CARD, 12000)])
    refund = refunds.refund(db, refunds.RefundRequest(
        "refund-1", "MEK1", market.supervisor, first.id,
        [refunds.RefundLine(first.lines[0].id, 1000)],
    ))
    fourth = market.sell([(market.soap, 3000), (market.oil, 500)], [(CASH, 2000), (MOBILE, 5750)])
    fifth = market.sell([(market.figs, 1250), (market.soap, 1000)])
    numbers = [s.number for s in (first, second, refund, fourth, fifth)]
    assert numbers == [1, 2, 3, 4, 5]
    # A safe drop and the closing: cash movement MEK1 no. 1 and Z report MEK1-Z0001.
    sessions.move_cash(db, market.supervisor, "MEK1", MoveKind.OUT, MoveReason.SAFE_DROP, 10_000)
    _session, figures = sessions.figures(db, "MEK1")
    z = sessions.close_session(db, market.cashier, "MEK1", pieces_for(figures.expected_cash),
                               {MOBILE: 5750, CARD: 12000})
    closings.close_day(db, market.organizer, "MEK", z.business_day)  # closing MEK-J0001
    # A shared cost, COOP1's statement REL-000001, a payout PAY-000001.
    settlements.add_cost(db, market.organizer, "MEK", "Transport", 1000, CostRule.EQUAL,
                         z.business_day, z.business_day)
    settlements.issue(db, market.organizer, "COOP1")
    settlements.pay(db, market.organizer, "COOP1", 100, PayoutMethod.CHEQUE, "C-1")
    assert audit.verify(db, log_failures=False).ok
    path = db.path
    assert path is not None
    db.close()
    yield Ledger(path, {s.number: s.id for s in (first, second, refund, fourth, fifth)})


def tamper(path: Path, *statements: str, keep_triggers: bool = False) -> None:
    """Run SQL on the file with the plain sqlite3 module, as someone holding the file could."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        if not keep_triggers:
            triggers = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'possouk_final_%'")]
            for name in triggers:
                conn.execute(f"DROP TRIGGER {name}")
        conn.execute("BEGIN")
        for statement in statements:
            conn.execute(statement)
        conn.execute("COMMIT")


def verify_file(path: Path) -> VerifyReport:
    db: Database = open_database(path)
    try:
        return audit.verify(db)
    finally:
        db.close()


def ledger_findings(report: VerifyReport) -> list[Finding]:
    """The findings about documents (not the 'protection was removed' ones)."""
    return [f for f in report.findings if f.kind != "unprotected"]


def on_register(report: VerifyReport, number: int, kind: str) -> Finding:
    """The finding about MEK1 no. ``number`` of ``kind``; fails the test when there is none."""
    for finding in report.findings:
        if (finding.chain.scope, finding.chain.code, finding.number, finding.kind) == (
            REGISTER, "MEK1", number, kind
        ):
            assert f"register MEK1 no. {number}: " in finding.describe()
            return finding
    pytest.fail(f"no {kind} finding on MEK1 no. {number}: {[f.describe() for f in report.findings]}")


def only_register_numbers(report: VerifyReport, *numbers: int) -> None:
    """Every document finding is about register MEK1 and one of ``numbers`` (the Z report and
    the day closing over those sales may also speak: see the tests at the end)."""
    for finding in ledger_findings(report):
        if finding.chain.scope in (Z_REPORTS, CLOSINGS):
            continue
        assert (finding.chain.scope, finding.chain.code) == (REGISTER, "MEK1"), finding.describe()
        assert finding.number in numbers, finding.describe()


def lines_of(ledger: Ledger, number: int) -> str:
    return f"SELECT id FROM sale_lines WHERE sale_id = {ledger.sale_ids[number]}"


# --- untouched ------------------------------------------------------------------------------

def test_untouched_database_verifies(ledger: Ledger) -> None:
    report = verify_file(ledger.path)
    assert report.ok
    assert report.findings == []
    assert (report.sales, report.stock_documents) == (5, 2)
    assert report.events > 0


def test_removed_triggers_are_reported(ledger: Ledger) -> None:
    tamper(ledger.path)  # drops the triggers, changes nothing else
    report = verify_file(ledger.path)
    assert not report.ok
    assert ledger_findings(report) == []
    removed = {f.params["name"] for f in report.findings if f.kind == "unprotected"}
    assert removed == {f"possouk_final_{t}_{a}" for t in FINAL_TABLES for a in ("update", "delete")}


# The exchange's tables are empty here: tests/services/test_exchange.py tries them filled.
@pytest.mark.parametrize("table", [t for t in FINAL_TABLES
                                   if t not in ("exchange_ids", "exchange_chains", "remote_events")])
@pytest.mark.parametrize("action", ["UPDATE", "DELETE"])
def test_database_refuses_to_change_final_documents(ledger: Ledger, table: str, action: str) -> None:
    if action == "UPDATE":
        statement = f"UPDATE {table} SET id = id + 1000 WHERE id = (SELECT MAX(id) FROM {table})"
    else:
        statement = f"DELETE FROM {table} WHERE id = (SELECT MAX(id) FROM {table})"
    with pytest.raises(sqlite3.DatabaseError, match="final documents"):
        tamper(ledger.path, statement, keep_triggers=True)
    assert verify_file(ledger.path).ok


# --- sales and refunds ----------------------------------------------------------------------

def test_changed_line_price(ledger: Ledger) -> None:
    tamper(ledger.path, f"UPDATE sale_lines SET unit_price = 100 WHERE id IN ({lines_of(ledger, 2)})")
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 2, "altered")
    only_register_numbers(report, 2)


def test_changed_line_amounts_stay_balanced(ledger: Ledger) -> None:
    # A careful forger lowers net, total and payment together: the sums agree, the hash does not.
    sale = ledger.sale_ids[4]
    tamper(
        ledger.path,
        f"UPDATE sale_lines SET gross = gross - 500, net = net - 500 WHERE sale_id = {sale} AND line_no = 1",
        f"UPDATE sales SET total = total - 500 WHERE id = {sale}",
        f"UPDATE payments SET amount = amount - 500 WHERE sale_id = {sale} AND seq = 2",
    )
    report = verify_file(ledger.path)
    on_register(report, 4, "altered")
    only_register_numbers(report, 4)


def test_changed_payment_method(ledger: Ledger) -> None:
    tamper(ledger.path, f"UPDATE payments SET method = 'cash' WHERE sale_id = {ledger.sale_ids[2]}")
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 2, "altered")
    only_register_numbers(report, 2)


def test_unbalanced_payment_is_named(ledger: Ledger) -> None:
    tamper(ledger.path, f"UPDATE payments SET amount = amount + 100 WHERE sale_id = {ledger.sale_ids[5]}")
    report = verify_file(ledger.path)
    on_register(report, 5, "altered")
    on_register(report, 5, "unbalanced")
    only_register_numbers(report, 5)


def delete_sale(ledger: Ledger, number: int) -> None:
    sale = ledger.sale_ids[number]
    tamper(
        ledger.path,
        f"DELETE FROM stock_movements WHERE sale_line_id IN ({lines_of(ledger, number)})",
        f"DELETE FROM payments WHERE sale_id = {sale}",
        f"DELETE FROM sale_lines WHERE sale_id = {sale}",
        f"DELETE FROM sales WHERE id = {sale}",
    )


def test_deleted_middle_sale(ledger: Ledger) -> None:
    delete_sale(ledger, 2)
    report = verify_file(ledger.path)
    assert not report.ok
    gap = on_register(report, 3, "missing")
    assert gap.params == {"numbers": "2"}
    assert "numbers 2 are gone" in gap.describe()
    only_register_numbers(report, 3)


def test_deleted_newest_sale(ledger: Ledger) -> None:
    # The chain itself still holds (1–4); only the head remembers that no. 5 existed.
    delete_sale(ledger, 5)
    report = verify_file(ledger.path)
    assert not report.ok
    gone = on_register(report, 5, "missing")
    assert gone.params == {"numbers": "5"}
    only_register_numbers(report, 5)


def test_deleted_newest_sales(ledger: Ledger) -> None:
    delete_sale(ledger, 5)
    delete_sale(ledger, 4)
    report = verify_file(ledger.path)
    assert on_register(report, 4, "missing").params == {"numbers": "4–5"}
    only_register_numbers(report, 4)


def test_renumbered_sale(ledger: Ledger) -> None:
    # no. 2 becomes no. 6: no. 2 is gone, and no. 6 is not what was hashed.
    tamper(ledger.path, f"UPDATE sales SET number = 6 WHERE id = {ledger.sale_ids[2]}")
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 6, "altered")
    assert on_register(report, 3, "missing").params == {"numbers": "2"}
    only_register_numbers(report, 3, 6)


def test_swapped_numbers(ledger: Ledger) -> None:
    a, b = ledger.sale_ids[4], ledger.sale_ids[5]
    tamper(
        ledger.path,
        f"UPDATE sales SET number = -1 WHERE id = {a}",
        f"UPDATE sales SET number = 4 WHERE id = {b}",
        f"UPDATE sales SET number = 5 WHERE id = {a}",
    )
    report = verify_file(ledger.path)
    on_register(report, 4, "altered")
    on_register(report, 5, "altered")
    only_register_numbers(report, 4, 5)


def test_edited_chain_head_hash(ledger: Ledger) -> None:
    tamper(ledger.path, "UPDATE chain_heads SET last_hash = '" + "ab" * 32 + "' WHERE name = 'sales:1'")
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 5, "head")
    only_register_numbers(report, 5)


def test_edited_chain_head_number(ledger: Ledger) -> None:
    # Winding the head back (to hide no. 5) leaves no. 5 after the recorded head.
    tamper(ledger.path, "UPDATE chain_heads SET last_seq = 4 WHERE name = 'sales:1'")
    report = verify_file(ledger.path)
    on_register(report, 5, "inserted")
    only_register_numbers(report, 5)


def test_deleted_chain_head(ledger: Ledger) -> None:
    tamper(ledger.path, "DELETE FROM chain_heads WHERE name = 'sales:1'")
    report = verify_file(ledger.path)
    heads = [f for f in report.findings if f.kind == "head"]
    assert [(f.chain.scope, f.chain.code) for f in heads] == [(REGISTER, "MEK1")]


def forge_sale(path: Path, *, with_valid_hash: bool) -> None:
    """Append a sale no. 6 to MEK1 by hand: row, line and payment, hashed or not."""
    with closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        last = dict(conn.execute("SELECT * FROM sales ORDER BY number DESC LIMIT 1").fetchone())
        line = dict(conn.execute(
            "SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_no LIMIT 1", (last["id"],)
        ).fetchone())
    sale = {**last, "id": 999, "client_key": "forged", "number": 6, "prev_hash": last["hash"],
            "total": line["net"], "rounding": 0, "change_given": 0}
    line = {**line, "id": 999, "sale_id": 999, "line_no": 1}
    pay = {"id": 999, "sale_id": 999, "seq": 1, "method": "cash", "amount": line["net"], "tendered": None}
    sale["hash"] = (
        journal.chain_hash(sale["prev_hash"], journal.sale_payload(sale, [line], [pay]))
        if with_valid_hash else "f" * 64
    )

    def insert(table: str, row: dict[str, object]) -> str:
        values = ", ".join(
            "NULL" if v is None else str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"
            for v in row.values()
        )
        return f"INSERT INTO {table} ({', '.join(row)}) VALUES ({values})"

    tamper(path, insert("sales", sale), insert("sale_lines", line), insert("payments", pay))


def test_forged_sale_row(ledger: Ledger) -> None:
    forge_sale(ledger.path, with_valid_hash=False)
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 6, "altered")
    on_register(report, 6, "inserted")  # after the recorded chain head
    only_register_numbers(report, 6)


def test_forged_sale_with_recomputed_hash(ledger: Ledger) -> None:
    # Whoever knows the hashing rule can chain a forged sale correctly; the head still betrays it.
    forge_sale(ledger.path, with_valid_hash=True)
    report = verify_file(ledger.path)
    assert not report.ok
    on_register(report, 6, "inserted")
    only_register_numbers(report, 6)


# --- event log and stock documents ----------------------------------------------------------

def test_changed_event_log_entry(ledger: Ledger) -> None:
    with closing(sqlite3.connect(ledger.path)) as conn:
        seq = conn.execute("SELECT seq FROM events WHERE kind = 'refund'").fetchone()[0]
    tamper(ledger.path, f"UPDATE events SET detail = '{{}}' WHERE seq = {seq}")
    report = verify_file(ledger.path)
    assert not report.ok
    [finding] = ledger_findings(report)
    assert (finding.chain.scope, finding.number, finding.kind) == (EVENT_LOG, seq, "altered")
    assert finding.describe().startswith(f"event log no. {seq}: ")


def test_deleted_event_log_entry(ledger: Ledger) -> None:
    with closing(sqlite3.connect(ledger.path)) as conn:
        seq = conn.execute("SELECT seq FROM events WHERE kind = 'refund'").fetchone()[0]
    tamper(ledger.path, f"DELETE FROM events WHERE seq = {seq}")
    report = verify_file(ledger.path)
    found = {(f.chain.scope, f.number, f.kind) for f in ledger_findings(report)}
    assert (EVENT_LOG, seq + 1, "missing") in found


def test_changed_stock_document_line(ledger: Ledger) -> None:
    # Deposit slip no. 2 of MEK said 30 l of oil; make it 40 l (and the movement to match).
    with closing(sqlite3.connect(ledger.path)) as conn:
        (line_id,) = conn.execute(
            "SELECT l.id FROM stock_docs d JOIN stock_doc_lines l ON l.doc_id = d.id "
            "WHERE d.kind = 'intake' AND d.number = 2 AND l.sku = 'OIL-1'"
        ).fetchone()
    tamper(
        ledger.path,
        f"UPDATE stock_doc_lines SET quantity = 40000 WHERE id = {line_id}",
        f"UPDATE stock_movements SET quantity = 40000 WHERE stock_doc_line_id = {line_id}",
    )
    report = verify_file(ledger.path)
    assert not report.ok
    [finding] = ledger_findings(report)
    assert (finding.chain.scope, finding.chain.code, finding.chain.kind) == (STOCK, "MEK", "intake")
    assert (finding.number, finding.kind) == (2, "altered")
    assert finding.describe().startswith("site MEK, intake documents no. 2: ")


def test_integrity_failure_is_logged(ledger: Ledger) -> None:
    tamper(ledger.path, f"UPDATE sale_lines SET quantity = 1 WHERE id IN ({lines_of(ledger, 1)})")
    verify_file(ledger.path)
    with closing(sqlite3.connect(ledger.path)) as conn:
        [(detail,)] = conn.execute("SELECT detail FROM events WHERE kind = 'integrity_failure'").fetchall()
    assert "register MEK1 no. 1" in detail


# -- the drawer's documents: cash movements and Z reports ------------------------------------


def _about(report: VerifyReport, scope: str) -> list[tuple[int | None, str]]:
    return [(f.number, f.kind) for f in ledger_findings(report) if f.chain.scope == scope]


def test_an_edited_grand_total_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "UPDATE z_reports SET grand_total = grand_total - 10000")
    assert _about(verify_file(ledger.path), Z_REPORTS) == [(1, "altered"), (1, "unbalanced")]


def test_a_z_report_rewritten_with_its_hash_is_found_by_its_grand_total(ledger: Ledger) -> None:
    """Someone who recomputes the hash (the chain has no secret) still breaks the totals."""
    with closing(sqlite3.connect(ledger.path)) as conn:
        row = conn.execute("SELECT register_id, number, session_id, business_day, created_at, "
                           "closed_by_id, approved_by_id, reason, content, grand_total, "
                           "last_receipt_number, last_sale_hash, prev_hash FROM z_reports").fetchone()
    fields = dict(zip(journal.Z_FIELDS, row[:-1], strict=True))
    fields["grand_total"] -= 10_000
    digest = journal.chain_hash(row[-1], journal.z_payload(fields))
    tamper(ledger.path, f"UPDATE z_reports SET grand_total = grand_total - 10000, hash = '{digest}'",
           f"UPDATE chain_heads SET last_hash = '{digest}' WHERE name LIKE 'z:%'")
    assert _about(verify_file(ledger.path), Z_REPORTS) == [(1, "unbalanced")]


def test_a_deleted_z_report_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "DELETE FROM z_reports")
    assert _about(verify_file(ledger.path), Z_REPORTS) == [(1, "missing")]


def test_the_closing_notices_a_deleted_last_sale(ledger: Ledger) -> None:
    delete_sale(ledger, 5)
    assert _about(verify_file(ledger.path), Z_REPORTS) == [(1, "altered")]


def test_an_edited_cash_movement_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "UPDATE cash_movements SET amount = 100")
    assert _about(verify_file(ledger.path), CASH_MOVES) == [(1, "altered")]


def test_the_day_closing_notices_an_altered_sale(ledger: Ledger) -> None:
    tamper(ledger.path, f"UPDATE sale_lines SET net = net - 100 WHERE sale_id = {ledger.sale_ids[2]}")
    assert _about(verify_file(ledger.path), CLOSINGS) == [(1, "unbalanced")]


def test_an_edited_statement_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "UPDATE statements SET net_payable = net_payable + 10000")
    assert _about(verify_file(ledger.path), STATEMENTS) == [(1, "altered")]


def test_a_line_taken_out_of_a_statement_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "DELETE FROM statement_lines WHERE id = (SELECT MIN(id) FROM statement_lines)")
    assert _about(verify_file(ledger.path), STATEMENTS) == [(1, "altered")]


def test_an_edited_payout_is_found(ledger: Ledger) -> None:
    tamper(ledger.path, "UPDATE payouts SET amount = 1")
    assert _about(verify_file(ledger.path), PAYOUTS) == [(1, "altered")]
