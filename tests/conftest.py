"""Shared fixtures: a real SQLite ledger in a temporary folder, set up like a small market."""

from __future__ import annotations

import os

# The window's tests (tests/ui, possouk gui in tests/cli) draw offscreen: no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from possouk.domain.cash import count_from
from possouk.domain.model import PaymentMethod, Product, Role, Sale, StockKind, Unit, User
from possouk.services import catalog, sessions, setup, stock, users
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import Database, open_database
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent


# The tests that run on PostgreSQL too when a test server is given (POSSOUK_TEST_PG): those
# of the ledger and of the money — selling, refunds, stock, cash sessions, closings,
# settlements, the catalog and the people, the running sums. The others (files, backups,
# the window, the command line) keep the SQLite file they are written around; a test of
# these modules that edits the SQLite file itself is marked ``sqlite_only``.
BOTH_BACKENDS = tuple(f"tests/{name}.py" for name in (
    "services/test_catalog", "services/test_checkout", "services/test_checkout_written",
    "services/test_closings", "services/test_ledger_properties", "services/test_refunds",
    "services/test_sessions", "services/test_settlements", "services/test_stock",
    "services/test_unsold", "services/test_users", "services/test_product_admin",
    "services/test_cooperative_admin", "services/test_stock_admin", "services/test_user_admin",
    "services/test_receipts", "services/test_demo", "storage/test_money_sql",
    "storage/test_summaries", "storage/test_catalog_repo",
))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db" not in metafunc.fixturenames or not postgres.available():
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    path = Path(str(metafunc.definition.path)).resolve().relative_to(ROOT).as_posix()
    if path in BOTH_BACKENDS:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database the test runs on: ``sqlite`` (a file), or ``postgresql`` (the test server)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db(tmp_path: Path, backend: str) -> Iterator[Database]:
    if backend == "postgresql":
        url = postgres.new_database()
        database = open_database(url)
        yield database
        database.close()
        postgres.drop_database(url)
        return
    database = open_database(tmp_path / "possouk.sqlite3")
    yield database
    database.close()


@dataclass
class Market:
    """A small store: one site (MEK) with a register (MEK1), two cooperatives, four products."""

    db: Database
    cashier: User
    supervisor: User
    organizer: User
    honey: Product  # 120.00 the piece, minimum 100.00, cooperative COOP1 (10 %)
    figs: Product  # 45.00 the kg, cooperative COOP1
    oil: Product  # 80.00 the litre, cooperative COOP2 (15 %)
    soap: Product  # 12.50 the piece, cooperative COOP2

    def sell(
        self,
        lines: list[tuple[Product, int]],
        pay: list[tuple[PaymentMethod, int]] | None = None,
        *,
        key: str | None = None,
        cashier: User | None = None,
        **extra: object,
    ) -> Sale:
        """Sell (product, quantity in thousandths) lines; pays the exact total in cash by default."""
        cart = [CartLine(p.id, q) for p, q in lines]
        if pay is None:
            total = sum((q * p.price + 500) // 1000 for p, q in lines)
            pay = [(PaymentMethod.CASH, total)]
        request = CheckoutRequest(
            client_key=key or uuid.uuid4().hex,
            register_code="MEK1",
            cashier=cashier or self.cashier,
            lines=cart,
            payments=[PaymentInput(m, a) for m, a in pay],
            **extra,  # type: ignore[arg-type]
        )
        return checkout(self.db, request)

    def allow_oversell(self) -> None:
        """Let the site sell beyond its stock (property tests sell any quantity)."""
        with self.db.write() as uow:
            site = uow.store.site_by_code("MEK")
            assert site is not None
            uow.store.update_site(site.id, allow_oversell=True)
            uow.commit()


def build_market(db: Database) -> Market:
    setup.update_store(db, COMMAND_LINE, name_ar="المتجر التضامني", name_fr="Magasin solidaire")
    setup.add_site(db, COMMAND_LINE, "MEK", "مكناس", "Meknès")
    setup.add_register(db, COMMAND_LINE, "MEK1", "MEK")
    cashier = users.add_user(db, COMMAND_LINE, "amina", "Amina", Role.CASHIER, "1111")
    supervisor = users.add_user(db, COMMAND_LINE, "karim", "Karim", Role.SUPERVISOR, "2222")
    organizer = users.add_user(db, COMMAND_LINE, "salma", "Salma", Role.ORGANIZER, "3333")
    catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft(
        "COOP1", "تعاونية النحل", "Coopérative des abeilles", commission=1000))
    catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft(
        "COOP2", "تعاونية الزيتون", "Coopérative de l'olivier", commission=1500))
    honey = catalog.add_product(db, COMMAND_LINE, ProductDraft(
        "COOP1", "HON-1", "عسل الزعتر", "Miel de thym", "honey", Unit.PIECE, 12000,
        min_price=10000))
    figs = catalog.add_product(db, COMMAND_LINE, ProductDraft(
        "COOP1", "FIG-1", "تين مجفف", "Figues sèches", "figs", Unit.KG, 4500))
    oil = catalog.add_product(db, COMMAND_LINE, ProductDraft(
        "COOP2", "OIL-1", "زيت الزيتون", "Huile d'olive", "olive oil", Unit.LITRE, 8000))
    soap = catalog.add_product(db, COMMAND_LINE, ProductDraft(
        "COOP2", "SOAP-1", "صابون بلدي", "Savon beldi", "cosmetics", Unit.PIECE, 1250))
    stock.record(db, supervisor, StockKind.INTAKE, "MEK", "COOP1",
                 [StockInput("HON-1", 20_000), StockInput("FIG-1", 10_000)])
    stock.record(db, supervisor, StockKind.INTAKE, "MEK", "COOP2",
                 [StockInput("OIL-1", 30_000), StockInput("SOAP-1", 50_000)])
    # Register MEK1 is open, with a float of 200 DH (tests/services/test_sessions.py opens its own).
    sessions.open_session(db, cashier, "MEK1", count_from({10_000: 1, 5_000: 1, 2_000: 2, 1_000: 1}))
    return Market(db, cashier, supervisor, organizer, honey, figs, oil, soap)


@pytest.fixture
def market(db: Database) -> Market:
    return build_market(db)
