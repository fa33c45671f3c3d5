"""Cash sessions: the float, cash in and out, the X figures, the closing and its Z report.

The golden closing is computed by hand below; every figure of the Z report must equal it.
"""

from __future__ import annotations

import errno
import os
from datetime import timedelta
from pathlib import Path

import pytest

from possouk.domain.calendar import utc_now
from possouk.domain.cash import CashCount, MoveKind, MoveReason, count_from, pieces_for
from possouk.domain.errors import EnvironmentFault, PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, Role
from possouk.services import audit, cash_papers, printing, refunds, sessions, users
from possouk.services.events import COMMAND_LINE
from possouk.storage import journal
from tests.conftest import Market

CASH, CARD, MOBILE = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE
FLOAT = 20_000  # the market fixture opens MEK1 with 200,00 DH


def _golden_day(market: Market) -> None:
    """Three sales, a cash refund and a drop to the safe, in the session the fixture opened."""
    market.sell([(market.honey, 1000)], [(CASH, 20_000)])  # 120,00 paid 200,00: 80,00 back
    figs = market.sell([(market.figs, 750)], [(CASH, 5_000)])  # 33,75 paid 50,00: 16,25 back
    market.sell([(market.oil, 1500)], [(CARD, 12_000)])  # 120,00 by card
    refunds.refund(market.db, refunds.RefundRequest(  # the figs come back: 33,75 in cash
        "golden-refund", "MEK1", market.supervisor, figs.id, [], method=CASH))
    sessions.move_cash(market.db, market.supervisor, "MEK1", MoveKind.OUT, MoveReason.SAFE_DROP,
                       10_000)


# expected cash = 200,00 + 250,00 received − 96,25 change − 33,75 refunded − 100,00 dropped
EXPECTED_CASH = 22_000
# counted: 200 + 20 + 2 + 0,50 = 222,50 DH: a surplus of 2,50 DH, over the 2,00 DH tolerance
SURPLUS_COUNT = {20_000: 1, 2_000: 1, 200: 1, 50: 1}


def test_the_golden_closing(market: Market) -> None:
    _golden_day(market)
    session, x = sessions.figures(market.db, "MEK1")
    assert (x.sales_count, x.refunds_count) == (3, 1)
    assert (x.sales_total, x.refunds_total, x.net) == (27_375, 3_375, 24_000)
    assert x.by_method == {CASH: 12_000, CARD: 12_000}
    assert (x.opening_float, x.cash_received, x.change_given, x.cash_refunded) == (
        FLOAT, 25_000, 9_625, 3_375)
    assert (x.cash_in, x.cash_out, x.expected_cash) == (0, 10_000, EXPECTED_CASH)

    counted = count_from(SURPLUS_COUNT)
    assert counted.total == 22_250
    with pytest.raises(UserError, match="a supervisor must accept it"):
        sessions.close_session(market.db, market.cashier, "MEK1", counted, {CARD: 12_000})
    with pytest.raises(UserError, match="Say why"):
        sessions.close_session(market.db, market.cashier, "MEK1", counted, {CARD: 12_000},
                               approver=market.supervisor)
    with pytest.raises(PermissionDenied):
        sessions.close_session(market.db, market.cashier, "MEK1", counted, {CARD: 12_000},
                               approver=market.cashier, reason="two coins from yesterday")
    z = sessions.close_session(market.db, market.cashier, "MEK1", counted, {CARD: 12_000},
                               approver=market.supervisor, reason="two coins from yesterday")

    assert z.reference == "MEK1-Z0001" and z.session_number == session.number == 1
    assert z.figures == x
    assert (z.expected(CASH), z.found(CASH), z.difference(CASH)) == (22_000, 22_250, 250)
    assert (z.expected(CARD), z.found(CARD), z.difference(CARD)) == (12_000, 12_000, 0)
    assert z.declared == {CARD: 12_000}
    assert (z.previous_grand_total, z.grand_total) == (0, 24_000)
    assert (z.figures.first_receipt, z.figures.last_receipt) == (1, 4)
    assert (z.opened_by, z.closed_by, z.approved_by) == ("Amina", "Amina", "Karim")
    assert z.reason == "two coins from yesterday"
    assert [(m.number, m.signed, m.reason) for m in z.movements] == [
        (1, -10_000, MoveReason.SAFE_DROP)]
    with market.db.read() as uow:
        last_hash = uow.ledger.sale(uow.ledger.last_sale_id(1) or 0).hash
    assert z.figures.last_hash == last_hash
    assert sessions.z_report(market.db, "mek1-z1") == z
    assert audit.verify(market.db).ok

    # The register is closed: nothing more is sold or closed until it is opened again.
    assert sessions.current_session(market.db, "MEK1") is None
    with pytest.raises(UserError, match="is not open"):
        market.sell([(market.soap, 1000)])
    with pytest.raises(UserError, match="nothing to close"):
        sessions.close_session(market.db, market.cashier, "MEK1", counted, {})


def test_the_grand_total_carries_from_one_z_to_the_next(market: Market) -> None:
    market.sell([(market.honey, 1000)])  # 120,00 cash, exact
    first = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT + 12_000), {})
    sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT))
    market.sell([(market.soap, 2000)])  # 25,00
    second = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT + 2_500), {})
    assert (first.grand_total, second.previous_grand_total, second.grand_total) == (
        12_000, 12_000, 14_500)
    assert second.reference == "MEK1-Z0002" and second.figures.first_receipt == 2
    assert second.figures.opening_float == FLOAT and second.difference(CASH) == 0
    assert [z.reference for z in sessions.z_reports(market.db, "MEK1")] == [
        "MEK1-Z0001", "MEK1-Z0002"]


def test_an_empty_session_closes_with_the_float(market: Market) -> None:
    z = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    assert z.figures.sales_count == 0 and z.figures.first_receipt is None
    assert z.figures.last_hash == journal.GENESIS and z.grand_total == 0
    assert audit.verify(market.db).ok


def test_a_session_left_open_from_yesterday_must_be_closed_first(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    yesterday = utc_now() - timedelta(days=1)
    sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), at=yesterday)
    stale = sessions.stale_session(market.db, "MEK1")
    assert stale is not None and stale.business_day < utc_now().date() + timedelta(days=1)
    with pytest.raises(UserError, match="still open"):
        market.sell([(market.soap, 1000)])
    with pytest.raises(UserError, match="still open"):
        sessions.move_cash(market.db, market.supervisor, "MEK1", MoveKind.IN,
                           MoveReason.FLOAT_TOP_UP, 1_000)
    z = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    assert z.business_day == stale.business_day
    assert sessions.stale_session(market.db, "MEK1") is None


def test_a_paper_sale_needs_no_open_session_and_is_not_in_the_drawer(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    paper = market.sell([(market.soap, 1000)], manual_ref="PAPER-1",
                        at=utc_now() - timedelta(hours=1))
    assert paper.manual_ref == "PAPER-1"
    sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT))
    market.sell([(market.soap, 1000)], manual_ref="PAPER-2", at=utc_now() - timedelta(hours=1))
    _session, x = sessions.figures(market.db, "MEK1")
    assert (x.manual_entries, x.manual_total, x.sales_count, x.expected_cash) == (1, 1_250, 0, FLOAT)
    z = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    assert z.grand_total == 1_250  # the grand total counts every receipt of the register


def test_opening_twice_is_refused(market: Market) -> None:
    with pytest.raises(UserError, match="already open"):
        sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT))


@pytest.mark.parametrize(("pieces", "message"), [
    ({20_000: -1}, "cannot be negative"),
    ({"abc": 1}, "not a Moroccan note or coin"),
    ({300: 1}, "not a Moroccan note or coin"),  # 3 DH does not exist
    ({10_000: 1.5}, "whole number"),
    ({10_000: "2"}, "whole number"),
    ({10_000: 10_000_000}, "more than a drawer holds"),
])
def test_bad_counts_are_refused(pieces: dict[object, object], message: str) -> None:
    with pytest.raises(UserError, match=message):
        count_from(pieces)  # type: ignore[arg-type]


def test_counts_add_up() -> None:
    count = count_from({"20000": 2, 50: 3, 10: 0})
    assert count.total == 40_150 and count.as_dict() == {"20000": 2, "50": 3}
    assert pieces_for(40_158).total == 40_150  # under 10 centimes there is no coin
    assert CashCount().total == 0


def test_a_cashier_moves_cash_only_with_a_supervisor(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        sessions.move_cash(market.db, market.cashier, "MEK1", MoveKind.IN,
                           MoveReason.FLOAT_TOP_UP, 5_000)
    move = sessions.move_cash(market.db, market.cashier, "MEK1", MoveKind.IN,
                              MoveReason.FLOAT_TOP_UP, 5_000, approver=market.supervisor)
    assert (move.number, move.signed, move.user_id) == (1, 5_000, market.cashier.id)
    assert sessions.figures(market.db, "MEK1")[1].expected_cash == FLOAT + 5_000


@pytest.mark.parametrize(("kind", "reason", "amount", "note", "message"), [
    (MoveKind.IN, MoveReason.SAFE_DROP, 1_000, "", "does not fit"),
    (MoveKind.OUT, MoveReason.FLOAT_TOP_UP, 1_000, "", "does not fit"),
    (MoveKind.OUT, MoveReason.OTHER, 1_000, "", "what the money is for"),
    (MoveKind.OUT, MoveReason.PETTY_EXPENSE, 0, "", "more than zero"),
    (MoveKind.OUT, MoveReason.PETTY_EXPENSE, -500, "", "more than zero"),
    (MoveKind.OUT, MoveReason.SAFE_DROP, FLOAT + 1, "", "should hold only 200.00"),
    (MoveKind.OUT, MoveReason.OTHER, 1_000, "tea\u202e", "hidden character"),
])
def test_bad_cash_movements_are_refused(market: Market, kind: MoveKind, reason: MoveReason,
                                        amount: int, note: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        sessions.move_cash(market.db, market.supervisor, "MEK1", kind, reason, amount, note)
    assert sessions.figures(market.db, "MEK1")[1].cash_out == 0


def test_a_cash_refund_cannot_empty_more_than_the_drawer(market: Market) -> None:
    sale = market.sell([(market.honey, 2000)], [(CARD, 24_000)])
    with pytest.raises(UserError, match=r"should hold only 200\.00"):
        refunds.refund(market.db, refunds.RefundRequest(
            "too-much", "MEK1", market.supervisor, sale.id, [], method=CASH))
    refunds.refund(market.db, refunds.RefundRequest(
        "by-card", "MEK1", market.supervisor, sale.id, [], method=CARD))


def test_closing_someone_else_s_session(market: Market) -> None:
    other = users.add_user(market.db, COMMAND_LINE, "omar", "Omar", Role.CASHIER, "4444")
    with pytest.raises(PermissionDenied):
        sessions.close_session(market.db, other, "MEK1", pieces_for(FLOAT), {})
    z = sessions.close_session(market.db, market.supervisor, "MEK1", pieces_for(FLOAT), {})
    assert (z.opened_by, z.closed_by) == ("Amina", "Karim")


@pytest.mark.parametrize(("declared", "message"), [
    ({CARD: -100}, "cannot be negative"),
    ({CASH: 100}, "counted by denomination"),
    ({MOBILE: 10**14}, "too large"),
])
def test_bad_slip_totals_are_refused(market: Market, declared: dict[PaymentMethod, int],
                                     message: str) -> None:
    with pytest.raises(UserError, match=message):
        sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), declared)
    assert sessions.current_session(market.db, "MEK1") is not None


def test_a_missing_card_slip_is_flagged_by_the_check(market: Market) -> None:
    market.sell([(market.oil, 1000)], [(CARD, 8_000)])
    check = sessions.check_closing(market.db, "MEK1", pieces_for(FLOAT), {CARD: 7_000})
    assert check.difference(CARD) == -1_000 and check.over_tolerance == [CARD]


def test_the_z_report_is_printed_and_saved(market: Market, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _golden_day(market)
    z = sessions.close_session(market.db, market.cashier, "MEK1", count_from(SURPLUS_COUNT),
                               {CARD: 12_000}, approver=market.supervisor, reason="coins")
    outcome = printing.print_z(market.db, z.reference)  # no printer set up: kept in the queue
    assert (outcome.kind, outcome.reference, outcome.printed) == ("z", "MEK1-Z0001", False)
    assert outcome.fault is not None and "print queue" in outcome.fault.message
    monkeypatch.setenv("POSSOUK_DOCUMENTS_DIR", str(tmp_path / "papers"))
    path = cash_papers.save_z_pdf(market.db, "MEK1-Z0001")
    assert path == tmp_path / "papers" / "Z" / "MEK1-Z0001.pdf"
    assert path.read_bytes().startswith(b"%PDF")


def test_a_full_disk_keeps_no_half_z_pdf(market: Market, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    z = sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(EnvironmentFault, match="disk is full"):
        cash_papers.save_z_pdf(market.db, z.reference, tmp_path)
    assert list((tmp_path / "Z").iterdir()) == []


def test_x_and_movement_slips_print_through_the_queue(market: Market) -> None:
    move = sessions.move_cash(market.db, market.supervisor, "MEK1", MoveKind.OUT,
                              MoveReason.PETTY_EXPENSE, 1_500, "تذاكر الحافلة")
    slip = printing.print_cash_movement(market.db, "MEK1", move.number)
    x = printing.print_x(market.db, "MEK1")
    assert (slip.kind, slip.reference) == ("cash", "MEK1-C0001")
    assert x.kind == "x" and x.reference.endswith("-X")
    assert [job.kind for job in printing.pending(market.db)] == ["cash", "x"]
    with pytest.raises(UserError, match="no cash movement 7"):
        printing.print_cash_movement(market.db, "MEK1", 7)
