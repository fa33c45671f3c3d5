"""Statements, shared costs and payouts: a scenario computed by hand, to the centime, and the
rule that no line is ever settled twice or left out."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import PaymentMethod, Unit
from possouk.domain.settlement import CostRule, PayoutMethod
from possouk.i18n.formatting import format_money
from possouk.services import audit, cash_papers, catalog, printing, refunds, sessions, settlements
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.storage.schema import sale_lines
from possouk.storage.schema import sales as sales_table
from possouk.storage.uow import open_database
from tests.conftest import Market, build_market

CASH = PaymentMethod.CASH


def _today() -> object:
    return business_day(utc_now(), 240)


@pytest.fixture
def scenario(market: Market) -> Market:
    """Three cooperatives at 10 % (COOP1), 15 % (COOP2) and 0 % (COOP3), three sales, two costs.

    S1: 2 honey (240,00, COOP1) + 1,5 l oil (120,00, COOP2) with a ticket discount of 36,00,
        spread pro rata: honey 24,00, oil 12,00 → nets 216,00 and 108,00.
    S2: 0,750 kg figs weighed (33,75, COOP1) + a carpet (300,00, COOP3).
    S3: 4 soaps (50,00, COOP2).
    """
    catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft(
        "COOP3", "تعاونية الزرابي", "Coopérative des tapis", commission=0))
    carpet = catalog.add_product(market.db, COMMAND_LINE, ProductDraft(
        "COOP3", "TAP-1", "زربية", "Tapis", "carpets", Unit.PIECE, 30000))
    from possouk.domain.model import StockKind
    from possouk.services import stock
    from possouk.services.stock import StockInput
    stock.record(market.db, market.supervisor, StockKind.INTAKE, "MEK", "COOP3", [StockInput("TAP-1", 5000)])
    market.sell([(market.honey, 2000), (market.oil, 1500)], cashier=market.supervisor,
                ticket_discount=3600)
    market.sell([(market.figs, 750), (carpet, 1000)])
    market.sell([(market.soap, 4000)])
    day = _today()
    settlements.add_cost(market.db, market.organizer, "MEK", "Transport", 6000, CostRule.SALES,
                         day, day)  # type: ignore[arg-type]
    settlements.add_cost(market.db, market.organizer, "MEK", "Stand", 10000, CostRule.EQUAL,
                         day, day)  # type: ignore[arg-type]
    return market


# (code, gross sales, discounts, sales, commission, shared costs, net payable)
HAND = {
    # honey 240,00 + figs 33,75; discount 24,00; commission 21,60 + 3,38 (3,375 rounded up);
    # transport 60,00 × 249,75 / 707,75 = 21,17; stand 100,00 / 3 = 33,34 (the first gets the centime)
    "COOP1": (27375, 2400, 24975, 2498, 2117 + 3334, 17026),
    # oil 120,00 + soap 50,00; discount 12,00; commission 16,20 + 7,50;
    # transport 13,39 + the largest remainder's centime = 13,40; stand 33,33
    "COOP2": (17000, 1200, 15800, 2370, 1340 + 3333, 8757),
    # the carpet at 0 %; transport 25,43; stand 33,33
    "COOP3": (30000, 0, 30000, 0, 2543 + 3333, 24124),
}


def test_the_hand_computed_statements(scenario: Market) -> None:
    issued = {}
    for code, (gross, discounts, sold, commission, costs, net) in HAND.items():
        draft = settlements.draft(scenario.db, code)
        assert not draft.issued and draft.reference == ""
        assert (draft.gross_sales, draft.discounts, draft.sales, draft.refunds, draft.commission,
                draft.shared_costs, draft.net_payable) == (gross, discounts, sold, 0, commission,
                                                           costs, net), code
        issued[code] = settlements.issue(scenario.db, scenario.organizer, code)
        assert issued[code].net_payable == net and issued[code].balance_due == net
    assert [s.reference for s in issued.values()] == ["REL-000001", "REL-000002", "REL-000003"]
    # What the cooperatives are owed, the store's commission and the costs make up the sales.
    assert (sum(s.net_payable for s in issued.values()) + sum(s.commission for s in issued.values())
            + sum(s.shared_costs for s in issued.values())) == 24975 + 15800 + 30000
    figs = next(p for p in issued["COOP1"].products if p.sku == "FIG-1")
    assert (figs.quantity, figs.unit, figs.net, figs.commission) == (750, Unit.KG, 3375, 338)
    assert settlements.statement(scenario.db, "rel-2") == issued["COOP2"]
    assert audit.verify(scenario.db).ok


def test_a_refund_after_the_statement_goes_to_the_next_one(scenario: Market) -> None:
    first = settlements.issue(scenario.db, scenario.organizer, "COOP1")
    with scenario.db.read() as uow:  # the first sale: its honey line
        sale = uow.ledger.sale(uow.ledger.sale_id_by_number(1, 1) or 0)
    honey = next(line for line in sale.lines if line.sku == "HON-1")
    refunds.refund(scenario.db, refunds.RefundRequest(
        "after-issue", "MEK1", scenario.supervisor, sale.id, [refunds.RefundLine(honey.id, 1000)],
        method=CASH))
    second = settlements.draft(scenario.db, "COOP1")
    assert [(p.sku, p.refund, p.lines, p.quantity, p.net, p.commission) for p in second.parts] == [
        ("HON-1", True, 1, -1000, -10800, -1080)]
    assert (second.refunds, second.net_payable) == (10800, -9720)
    done = settlements.issue(scenario.db, scenario.organizer, "COOP1")
    assert done.previously_payable == first.net_payable == 17026
    assert done.balance_due == 17026 - 9720
    assert settlements.balance(scenario.db, "COOP1").due == 7306


def test_payouts(scenario: Market) -> None:
    settlements.issue(scenario.db, scenario.organizer, "COOP2")
    with pytest.raises(UserError, match=r"owed 87\.57"):
        settlements.pay(scenario.db, scenario.organizer, "COOP2", 8758, PayoutMethod.CHEQUE, "C-1")
    with pytest.raises(UserError, match="no RIB on file"):
        settlements.pay(scenario.db, scenario.organizer, "COOP2", 5000, PayoutMethod.TRANSFER, "V-1")
    with pytest.raises(UserError, match="cheque's number"):
        settlements.pay(scenario.db, scenario.organizer, "COOP2", 5000, PayoutMethod.CHEQUE)
    with pytest.raises(UserError, match="which register"):
        settlements.pay(scenario.db, scenario.organizer, "COOP2", 5000, PayoutMethod.CASH)
    with pytest.raises(PermissionDenied):
        settlements.pay(scenario.db, scenario.supervisor, "COOP2", 5000, PayoutMethod.CHEQUE, "C-1")
    cash = settlements.pay(scenario.db, scenario.organizer, "COOP2", 5000, PayoutMethod.CASH,
                           register_code="MEK1")
    assert (cash.document, cash.reference) == ("PAY-000001", "MEK1-C0001")
    _session, figures = sessions.figures(scenario.db, "MEK1")
    assert figures.cash_out == 5000  # the cash left the drawer, and the Z report will say so
    rest = settlements.pay(scenario.db, scenario.organizer, "COOP2", 3757, PayoutMethod.CHEQUE, "C-77")
    assert rest.reference == "C-77" and settlements.balance(scenario.db, "COOP2").due == 0
    with pytest.raises(UserError, match=r"owed 0\.00"):
        settlements.pay(scenario.db, scenario.organizer, "COOP2", 1, PayoutMethod.CHEQUE, "C-78")
    assert audit.verify(scenario.db).ok
    # each payout's paper says what was still due just after it, and prints through the queue
    first, second = cash_papers.payout_paper(scenario.db, "PAY-000001"), cash_papers.payout_paper(
        scenario.db, "2")
    assert [r.value for r in first.rows if "MAD" in r.value][-1:] == [format_money(3757, "fr")]
    assert [r.value for r in second.rows if "MAD" in r.value][-1:] == [format_money(0, "fr")]
    assert any(r.ar == "مكناس" for r in first.rows) and not any(r.ar == "مكناس" for r in second.rows)
    outcome = printing.print_payout(scenario.db, "PAY-000001", open_drawer=True)
    assert (outcome.kind, outcome.reference, outcome.printed) == ("payout", "PAY-000001", False)
    assert [job.kind for job in printing.pending(scenario.db)] == ["payout"]
    with pytest.raises(UserError, match="no payout PAY-000009"):
        cash_papers.payout_paper(scenario.db, "PAY-000009")
    with pytest.raises(UserError, match="not a payout number"):
        cash_papers.payout_paper(scenario.db, "REL-000001")


def test_a_minimum_payout(market: Market) -> None:
    catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft(
        "COOP9", "تعاونية", "Coopérative", commission=0, minimum_payout=10000,
        rib="011519000001205000534921"))
    product = catalog.add_product(market.db, COMMAND_LINE, ProductDraft(
        "COOP9", "X-1", "منتوج", "Produit", "honey", Unit.PIECE, 25000))
    market.allow_oversell()
    market.sell([(product, 1000)])
    settlements.issue(market.db, market.organizer, "COOP9")
    with pytest.raises(UserError, match=r"smallest payout to COOP9 is 100\.00"):
        settlements.pay(market.db, market.organizer, "COOP9", 5000, PayoutMethod.TRANSFER, "V-1")
    settlements.pay(market.db, market.organizer, "COOP9", 20000, PayoutMethod.TRANSFER, "V-2")
    last = settlements.pay(market.db, market.organizer, "COOP9", 5000, PayoutMethod.TRANSFER, "V-3")
    assert last.amount == 5000  # under the minimum, but the whole balance


def test_bad_input_writes_nothing(scenario: Market) -> None:
    day = _today()
    with pytest.raises(UserError, match="ends before it starts"):
        settlements.draft(scenario.db, "COOP1", day, day - timedelta(days=1))  # type: ignore[operator]
    settlements.issue(scenario.db, scenario.organizer, "COOP1")
    with pytest.raises(UserError, match="Nothing to settle for COOP1"):
        settlements.issue(scenario.db, scenario.organizer, "COOP1")
    with pytest.raises(UserError, match="no cooperative with the code NOPE"):
        settlements.draft(scenario.db, "NOPE")
    with pytest.raises(UserError, match="nobody to share the cost"):
        settlements.add_cost(scenario.db, scenario.organizer, "MEK", "Late", 100, CostRule.EQUAL,
                             day - timedelta(days=30), day - timedelta(days=29))  # type: ignore[operator]
    with pytest.raises(UserError, match="more than zero"):
        settlements.add_cost(scenario.db, scenario.organizer, "MEK", "Free", 0, CostRule.EQUAL,
                             day, day)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="hidden character"):
        settlements.add_cost(scenario.db, scenario.organizer, "MEK", "Tra\u202ensport", 100,
                             CostRule.EQUAL, day, day)  # type: ignore[arg-type]
    assert [s.reference for s in settlements.statements(scenario.db)] == ["REL-000001"]
    assert len(settlements.costs(scenario.db)) == 2


def test_a_cost_by_quantities(scenario: Market) -> None:
    day = _today()
    cost, shares = settlements.add_cost(scenario.db, scenario.organizer, "MEK", "Packaging", 1000,
                                        CostRule.QUANTITY, day, day)  # type: ignore[arg-type]
    # quantities sold: COOP1 2 + 0,750 = 2,750; COOP2 1,5 + 4 = 5,5; COOP3 1 → 9,25 in all
    assert cost.rule is CostRule.QUANTITY
    assert {s.cooperative_code: s.amount for s in shares} == {"COOP1": 297, "COOP2": 595, "COOP3": 108}


# -- the property: every line settled once, none left out --------------------------------------


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["honey", "figs", "oil", "soap"]), st.integers(1, 3),
                          st.integers(0, 4), st.booleans()), min_size=1, max_size=8),
       st.lists(st.tuples(st.sampled_from(["COOP1", "COOP2"]), st.integers(0, 5),
                          st.integers(0, 5)), max_size=4))
def test_no_line_is_settled_twice_or_forgotten(sales: list[tuple[str, int, int, bool]],
                                                cuts: list[tuple[str, int, int]]) -> None:
    """Sales on the last days (paper sales), some refunded today; statements of random
    cooperatives over random periods, then of everything left."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "p.sqlite3")
        try:
            market = build_market(db)
            market.allow_oversell()
            now = utc_now()
            today = business_day(now, 240)
            for n, (name, quantity, days_ago, refund) in enumerate(sales):
                sale = market.sell([(getattr(market, name), quantity * 1000)], manual_ref=f"P{n}",
                                   at=now - timedelta(days=days_ago))
                if refund:
                    refunds.refund(db, refunds.RefundRequest(
                        f"r{sale.id}", "MEK1", market.supervisor, sale.id, [], method=PaymentMethod.CARD))
            for code, a, b in cuts:
                start, end = today - timedelta(days=max(a, b)), today - timedelta(days=min(a, b))
                if not settlements.draft(db, code, start, end).empty:
                    done = settlements.issue(db, market.organizer, code, start, end)
                    with db.read() as uow:  # it settled only lines of its own days
                        days = set(uow.connection.scalars(
                            select(sales_table.c.business_day)
                            .join(sale_lines, sale_lines.c.sale_id == sales_table.c.id)
                            .where(sale_lines.c.id.in_(uow.settlements.settled_line_ids(
                                uow.settlements.statement_id(done.number) or 0)))))
                    assert all(start.isoformat() <= d <= end.isoformat() for d in days)
            for code in ("COOP1", "COOP2"):
                if not settlements.draft(db, code).empty:
                    settlements.issue(db, market.organizer, code)
            with db.read() as uow:
                settled = [i for s in uow.settlements.statement_ids()
                           for i in uow.settlements.settled_line_ids(s)]
                every_line = list(uow.connection.scalars(select(sale_lines.c.id)))
            assert sorted(settled) == sorted(every_line)
            assert len(set(settled)) == len(settled)
            assert all(settlements.draft(db, c).empty for c in ("COOP1", "COOP2"))
            issued = settlements.statements(db)
            sold = sum(s.sales - s.refunds for s in issued)
            assert sold == sum(s.net_payable + s.commission for s in issued)
            assert audit.verify(db).ok
        finally:
            db.close()
