"""``possouk demo``: the demo store is built through the services, verifies, and is reproducible."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path

import pytest

from possouk.domain import barcode, identifiers, text
from possouk.domain.calendar import STORE_TIMEZONE
from possouk.domain.errors import UserError
from possouk.domain.model import PaymentMethod, Role, Sale, SaleKind, Unit
from possouk.services import audit, catalog, sessions, setup, stock, users
from possouk.services.catalog import CooperativeDraft
from possouk.services.demo import EDITION_DAYS, EDITION_START, DemoSummary, build_demo
from possouk.services.demo_data import PROVINCES, plan_catalog
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database, open_database
from tests.conftest import Market

Demo = tuple[Database, DemoSummary]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    yield database, build_demo(database)
    database.close()


def counts(db: Database) -> dict[str, int]:
    with db.read() as uow:
        return uow.queries.counts()


def all_sales(db: Database) -> list[Sale]:
    with db.read() as uow:
        found = uow.queries.counts()
        return [uow.ledger.sale(i) for i in range(1, found["sales"] + found["refunds"] + 1)]


def test_summary_matches_the_database(demo: Demo) -> None:
    db, summary = demo
    found = counts(db)
    assert (summary.sites, summary.registers) == (found["sites"], found["registers"]) == (2, 3)
    assert summary.cooperatives == found["cooperatives"]
    assert summary.products == found["products"]
    assert len(summary.users) == found["users"] == 3
    assert summary.sales == 300
    assert (summary.sales, summary.refunds) == (found["sales"], found["refunds"])
    assert summary.deposits == 2 * summary.cooperatives
    report = audit.verify(db)
    assert report.stock_documents == summary.deposits


def test_about_sixty_cooperatives_of_the_region(demo: Demo) -> None:
    db, _ = demo
    cooperatives = catalog.cooperatives(db)
    assert 55 <= len(cooperatives) <= 65
    assert {c.province for c in cooperatives} == {fr for _, fr, _ in PROVINCES.values()}
    assert all(c.name_ar.startswith("تعاونية ") and c.name_fr.startswith("Coopérative ")
               for c in cooperatives)
    assert len({c.name_fr for c in cooperatives}) == len(cooperatives)
    assert 0.3 <= sum(c.women_led for c in cooperatives) / len(cooperatives) <= 0.7
    assert 0 < sum(c.youth_led for c in cooperatives) < len(cooperatives) / 2
    assert {c.commission for c in cooperatives} == {0, 1000, 1500}
    with_ice = [c for c in cooperatives if c.ice]
    with_rib = [c for c in cooperatives if c.rib]
    assert 0 < len(with_ice) < len(cooperatives)
    assert len(with_rib) >= 0.7 * len(cooperatives)
    for c in cooperatives:
        assert identifiers.validate_ice(c.ice) == c.ice
        assert identifiers.validate_rib(c.rib) == c.rib
        assert identifiers.validate_phone(c.phone) == c.phone != ""
        assert c.contact and c.registration


def test_about_ten_products_each_in_real_categories(demo: Demo) -> None:
    db, _ = demo
    products = catalog.products(db)
    assert 540 <= len(products) <= 660
    assert {p.category for p in products} == {
        "honey", "figs", "herbs", "olive oil", "cosmetics", "cereals", "carpentry", "textiles", "dairy"}
    per_cooperative: dict[str, int] = {}
    for p in products:
        per_cooperative[p.cooperative_code] = per_cooperative.get(p.cooperative_code, 0) + 1
    assert min(per_cooperative.values()) >= 8 and max(per_cooperative.values()) <= 13
    weighed = [p for p in products if p.unit is not Unit.PIECE]
    assert {p.unit for p in weighed} == {Unit.KG, Unit.LITRE}
    assert all(p.scale_code for p in weighed)
    assert len({p.scale_code for p in weighed}) == len(weighed)
    manufacturer = [p for p in products if not barcode.is_internal(p.barcode)]
    assert 0 < len(manufacturer) < len(products) / 3
    assert all(barcode.validate_barcode(p.barcode) == p.barcode for p in products)
    assert len({p.barcode for p in products}) == len(products)
    assert any(p.min_price is not None for p in products)
    assert all(p.min_price is None or 0 < p.min_price <= p.price for p in products)
    assert all(100 <= p.price <= 500_000 for p in products)


def test_every_name_is_clean(demo: Demo) -> None:
    db, _ = demo
    for c in catalog.cooperatives(db):
        assert text.clean_name(c.name_ar) == c.name_ar and text.clean_name(c.name_fr) == c.name_fr
    for p in catalog.products(db):
        for name in (p.name_ar, p.name_fr, p.category):
            assert text.clean_name(name) == name
    store = setup.get_store(db)
    assert store.name_ar and store.name_fr and len(store.ice) == 15 and store.default_commission == 1000


def test_ledger_verifies_and_stock_is_never_negative(demo: Demo) -> None:
    db, _ = demo
    assert audit.verify(db).ok
    levels = stock.levels(db)
    assert levels and min(level.on_hand for level in levels) >= 0
    assert not any(line.oversold for sale in all_sales(db) for line in sale.lines)


def test_sales_fall_on_the_edition_in_opening_hours(demo: Demo) -> None:
    db, _ = demo
    sales = all_sales(db)
    last_day = EDITION_START + timedelta(days=EDITION_DAYS - 1)
    for sale in sales:
        local = sale.created_at.astimezone(STORE_TIMEZONE)
        assert EDITION_START <= local.date() <= last_day
        assert time(10) <= local.time() < time(20)
        assert sale.business_day == local.date()
    per_register: dict[str, list[Sale]] = {}
    for sale in sales:
        per_register.setdefault(sale.register_code, []).append(sale)
    assert set(per_register) == {"MEK1", "MEK2", "HAJ1"}
    for docs in per_register.values():  # receipt numbers follow the clock
        docs.sort(key=lambda s: s.number)
        assert [s.created_at for s in docs] == sorted(s.created_at for s in docs)
    days = {s.created_at.astimezone(STORE_TIMEZONE).date() for s in sales}
    assert len(days) == EDITION_DAYS


def test_baskets_payments_and_refunds_look_real(demo: Demo) -> None:
    db, summary = demo
    sales = [s for s in all_sales(db) if s.kind is SaleKind.SALE]
    refunds = [s for s in all_sales(db) if s.kind is SaleKind.REFUND]
    assert {len(s.lines) for s in sales} == {1, 2, 3, 4, 5}
    weighed = [li for s in sales for li in s.lines if li.unit is not Unit.PIECE]
    assert weighed and any(li.quantity % 100 for li in weighed)  # to the gram
    methods = [tuple(p.method for p in s.payments) for s in sales]
    cash_only = sum(m == (PaymentMethod.CASH,) for m in methods)
    assert cash_only > len(sales) / 2
    assert any(m == (PaymentMethod.CARD,) for m in methods)
    assert any(m == (PaymentMethod.MOBILE,) for m in methods)
    assert any(len(m) == 2 for m in methods)
    assert any(s.change_given > 0 for s in sales)
    for s in sales:
        for p in s.payments:  # cash is handed over as the exact sum or in round notes
            assert (p.tendered is None) == (p.method is not PaymentMethod.CASH)
            assert s.change_given == 0 or (p.tendered or 0) % 1000 == 0 or p.tendered is None
    assert len(refunds) == summary.refunds and 1 <= len(refunds) <= 0.08 * len(sales)
    supervisor = next(u for u in users.users(db) if u.role is Role.SUPERVISOR)
    by_id = {s.id: s for s in sales}
    for r in refunds:
        assert r.cashier_id == supervisor.id and r.total < 0
        original = by_id[r.refund_of_sale_id or 0]
        assert r.created_at > original.created_at and r.register_code == original.register_code


def test_users_log_in_with_the_printed_pins(demo: Demo) -> None:
    db, summary = demo
    assert [role for _, role, _ in summary.users] == ["cashier", "supervisor", "organizer"]
    for login, role, pin in summary.users:
        assert pin.isdigit() and len(pin) == 4 and pin != "0000"
        assert users.authenticate(db, login, pin).role == Role(role)


def test_same_seed_same_store_other_seed_other_store(demo: Demo, tmp_path: Path) -> None:
    db, summary = demo
    again = open_database(tmp_path / "again.sqlite3")
    other = open_database(tmp_path / "other.sqlite3")
    try:
        assert build_demo(again, seed=1) == summary
        assert build_demo(other, seed=2).users != summary.users

        def fingerprint(d: Database) -> tuple[int, list[tuple[str, int]]]:
            return (sum(s.total for s in all_sales(d)),
                    [(p.sku, p.price) for p in catalog.products(d)])

        assert fingerprint(again) == fingerprint(db)
        assert fingerprint(other) != fingerprint(db)
    finally:
        again.close()
        other.close()


def test_the_catalogue_does_not_depend_on_the_number_of_sales() -> None:
    first = plan_catalog(random.Random("possouk-demo:1:catalog"))
    assert first == plan_catalog(random.Random("possouk-demo:1:catalog"))


def test_zero_sales(db: Database) -> None:
    summary = build_demo(db, sales=0, seed=7)
    assert (summary.sales, summary.refunds) == (0, 0)
    assert summary.deposits == 2 * summary.cooperatives
    assert counts(db)["sales"] == 0
    assert audit.verify(db).ok


def test_negative_sales_are_refused(db: Database) -> None:
    with pytest.raises(UserError, match="negative"):
        build_demo(db, sales=-1)


def test_refuses_a_database_that_is_not_empty(market: Market) -> None:
    before = counts(market.db)
    with pytest.raises(UserError, match="not empty"):
        build_demo(market.db, sales=10)
    assert counts(market.db) == before


def test_force_adds_the_demo_next_to_existing_data(market: Market) -> None:
    with pytest.raises(UserError, match="close its cash session"):
        build_demo(market.db, sales=40, force=True)
    drawer = sessions.figures(market.db, "MEK1")[0].opening
    sessions.close_session(market.db, market.cashier, "MEK1", drawer, {})
    before = counts(market.db)
    summary = build_demo(market.db, sales=40, force=True)
    after = counts(market.db)
    assert after["cooperatives"] == before["cooperatives"] + summary.cooperatives
    assert after["products"] == before["products"] + summary.products
    assert after["users"] == before["users"] + 3
    assert after["sites"] == 2 and after["registers"] == 3  # MEK and MEK1 were reused
    assert setup.get_store(market.db).name_fr == "Magasin solidaire"  # identity kept
    assert summary.sales == 40 and audit.verify(market.db).ok
    sessions.open_session(market.db, market.cashier, "MEK1", drawer)
    assert market.sell([(market.honey, 1000)]).register_code == "MEK1"  # the store still sells
    assert audit.verify(market.db).ok


def test_force_never_mixes_the_demo_with_real_sales(market: Market) -> None:
    market.sell([(market.soap, 2000)])
    before = counts(market.db)
    with pytest.raises(UserError, match="already has sales"):
        build_demo(market.db, force=True)
    assert counts(market.db) == before


def test_force_refuses_a_taken_code_before_writing_anything(db: Database) -> None:
    catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft("TAZ01", "تعاونية", "Coopérative"))
    before = counts(db)
    with pytest.raises(UserError, match="TAZ01"):
        build_demo(db, force=True)
    assert counts(db) == before
    assert setup.get_store(db).name_fr == ""
