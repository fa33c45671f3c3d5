"""Day, month and year closings: the golden day's figures by hand, the rules, the tampering."""

from __future__ import annotations

import sqlite3
from contextlib import closing as closing_of
from datetime import UTC, date, datetime

import pytest

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.cash import MoveKind, MoveReason, count_from, pieces_for
from possouk.domain.closing import ClosingKind, CooperativeTotals, RegisterTotals, line_commission
from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod
from possouk.services import audit, closings, refunds, sessions
from possouk.storage.verify import CLOSINGS
from tests.conftest import Market

CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD
FLOAT = 20_000


def _today() -> date:
    return business_day(utc_now(), 240)


def _golden_day(market: Market) -> None:
    """tests/services/test_sessions.py's golden day, then the closing with its 2,50 surplus."""
    market.sell([(market.honey, 1000)], [(CASH, 20_000)])
    figs = market.sell([(market.figs, 750)], [(CASH, 5_000)])
    market.sell([(market.oil, 1500)], [(CARD, 12_000)])
    refunds.refund(market.db, refunds.RefundRequest(
        "golden-refund", "MEK1", market.supervisor, figs.id, [], method=CASH))
    sessions.move_cash(market.db, market.supervisor, "MEK1", MoveKind.OUT, MoveReason.SAFE_DROP,
                       10_000)
    sessions.close_session(market.db, market.cashier, "MEK1",
                           count_from({20_000: 1, 2_000: 1, 200: 1, 50: 1}), {CARD: 12_000},
                           approver=market.supervisor, reason="coins")


def test_the_golden_day_closing(market: Market) -> None:
    _golden_day(market)
    done = closings.close_day(market.db, market.organizer, "MEK", _today())
    f = done.figures
    assert done.reference == "MEK-J0001" and done.kind is ClosingKind.DAY
    assert (f.sales_count, f.refunds_count, f.manual_entries) == (3, 1, 0)
    assert (f.sales_total, f.refunds_total, f.net) == (27_375, 3_375, 24_000)
    assert f.by_register == {"MEK1": RegisterTotals(3, 1, 24_000)}
    assert f.by_method == {CARD: 12_000, CASH: 12_000}
    # COOP1: honey 120,00 + figs 33,75 − 33,75 back = 120,00 at 10 %; COOP2: oil 120,00 at 15 %
    assert f.by_cooperative == {"COOP1": CooperativeTotals(12_000, 1_200),
                                "COOP2": CooperativeTotals(12_000, 1_800)}
    assert (f.commission, f.owed_to_cooperatives) == (3_000, 21_000)
    assert f.by_category == {"figs": 0, "honey": 12_000, "olive oil": 12_000}
    assert (f.discounts, f.price_overrides) == (0, 0)
    assert f.cash_differences == {"MEK1-Z0001": 250}
    assert closings.closing(market.db, "MEK", ClosingKind.DAY, _today().isoformat()) == done
    assert audit.verify(market.db).ok


def test_a_closed_day_takes_nothing_more(market: Market) -> None:
    _golden_day(market)
    closings.close_day(market.db, market.organizer, "MEK", _today())
    with pytest.raises(UserError, match="is closed at site MEK"):
        sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT))
    with pytest.raises(UserError, match="is closed at site MEK"):
        market.sell([(market.soap, 1000)], manual_ref="PAPER-9", at=utc_now())
    with pytest.raises(UserError, match="already closed"):
        closings.close_day(market.db, market.organizer, "MEK", _today())


def test_a_day_is_closed_only_when_every_register_is(market: Market) -> None:
    with pytest.raises(UserError, match="Register MEK1 is still open"):
        closings.close_day(market.db, market.organizer, "MEK", _today())


def test_only_an_organizer_closes(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    for who in (market.cashier, market.supervisor):
        with pytest.raises(PermissionDenied):
            closings.close_day(market.db, who, "MEK", _today())


def test_a_day_that_has_not_begun(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    with pytest.raises(UserError, match="has not begun"):
        closings.close_day(market.db, market.organizer, "MEK", date(2999, 1, 1))


def _a_past_day(market: Market, moment: datetime) -> None:
    sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), at=moment)
    market.sell([(market.soap, 2000)], at=moment)  # 25,00 cash
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT + 2_500), {},
                           at=moment)
    closings.close_day(market.db, market.organizer, "MEK", business_day(moment, 240))


def test_month_and_year_closings_sum_the_days(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    _a_past_day(market, datetime(2025, 3, 10, 12, tzinfo=UTC))
    with pytest.raises(UserError, match="The month 2025-03 is not closed yet"):
        closings.close_year(market.db, market.organizer, "MEK", "2025")
    _a_past_day(market, datetime(2025, 3, 11, 12, tzinfo=UTC))
    march = closings.close_month(market.db, market.organizer, "MEK", "2025-03")
    assert march.reference == "MEK-M0001"
    assert march.figures.periods == ("2025-03-10", "2025-03-11")
    assert (march.figures.sales_count, march.figures.net) == (2, 5_000)
    year = closings.close_year(market.db, market.organizer, "MEK", "2025")
    assert (year.figures.periods, year.figures.net, year.reference) == (("2025-03",), 5_000, "MEK-A0001")
    assert year.figures.by_cooperative == {"COOP2": CooperativeTotals(5_000, 750)}
    with pytest.raises(UserError, match="already closed"):
        closings.close_month(market.db, market.organizer, "MEK", "2025-03")
    assert audit.verify(market.db).ok


def test_a_month_needs_every_day_closed_and_to_be_over(market: Market) -> None:
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), {})
    moment = datetime(2025, 4, 2, 12, tzinfo=UTC)
    sessions.open_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT), at=moment)
    market.sell([(market.soap, 1000)], at=moment)
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(FLOAT + 1_250), {},
                           at=moment)
    with pytest.raises(UserError, match="The day 2025-04-02 is not closed yet"):
        closings.close_month(market.db, market.organizer, "MEK", "2025-04")
    with pytest.raises(UserError, match="is not over"):
        closings.close_month(market.db, market.organizer, "MEK", _today().isoformat()[:7])
    for bad in ("2025-13", "April", "2025-4"):
        with pytest.raises(UserError, match="is not a month"):
            closings.close_month(market.db, market.organizer, "MEK", bad)
    with pytest.raises(UserError, match="is not a year"):
        closings.close_year(market.db, market.organizer, "MEK", "25")


def test_commission_is_a_fact_of_each_line() -> None:
    assert (line_commission(1_005, 1000), line_commission(-1_005, 1000)) == (101, -101)
    assert line_commission(333, 1500) == 50 and line_commission(0, 1500) == 0


@pytest.mark.sqlite_only  # edits the file with sqlite3
def test_an_edited_closing_is_found(market: Market) -> None:
    _golden_day(market)
    closings.close_day(market.db, market.organizer, "MEK", _today())
    path = market.db.path
    assert path is not None
    market.db.close()
    with closing_of(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TRIGGER possouk_final_sale_lines_update")
        conn.execute("UPDATE sale_lines SET net = net - 1000 WHERE id = 1")  # a sale of the day
    with closing_of(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TRIGGER possouk_final_closings_update")
        conn.execute("UPDATE closings SET content = replace(content, '24000', '23000')")
    from possouk.storage.uow import open_database

    db = open_database(path)
    try:
        found = [(f.chain.scope, f.kind) for f in audit.verify(db, log_failures=False).findings
                 if f.chain.scope == CLOSINGS]
    finally:
        db.close()
    assert (CLOSINGS, "altered") in found and (CLOSINGS, "unbalanced") in found
