"""Two sites and a head office for the exchange tests: the same catalog built alike in every
database, and each site's days of selling written the same way whichever database holds it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.cash import MoveKind, MoveReason, pieces_for
from possouk.domain.model import PaymentMethod, Role, Sale, StockKind, Unit, User
from possouk.services import catalog, closings, exchange, refunds, sessions, setup, stock, users
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, checkout
from possouk.services.events import COMMAND_LINE
from possouk.services.stock import StockInput
from possouk.storage.uow import Database, open_database

CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD
SITES = {"MEK": "MEK1", "ELH": "ELH1"}
PRODUCTS = (  # cooperative, sku, name_ar, name_fr, category, unit, price
    ("COOP1", "HON-1", "عسل الزعتر", "Miel de thym", "honey", Unit.PIECE, 12000),
    ("COOP1", "FIG-1", "تين مجفف", "Figues sèches", "figs", Unit.KG, 4500),
    ("COOP2", "OIL-1", "زيت الزيتون", "Huile d'olive", "olive oil", Unit.LITRE, 8000),
    ("COOP2", "SOAP-1", "صابون بلدي", "Savon beldi", "cosmetics", Unit.PIECE, 1250),
    ("COOP3", "TAP-1", "زربية", "Tapis", "carpets", Unit.PIECE, 30000),
)


def build_catalog(db: Database) -> None:
    """Head office's catalog (and the single database's): two sites, their registers, people."""
    setup.update_store(db, COMMAND_LINE, name_ar="المتجر التضامني", name_fr="Magasin solidaire")
    setup.add_site(db, COMMAND_LINE, "MEK", "مكناس", "Meknès")
    setup.add_site(db, COMMAND_LINE, "ELH", "الحاجب", "El Hajeb")
    for site, register in SITES.items():
        setup.add_register(db, COMMAND_LINE, register, site)
    users.add_user(db, COMMAND_LINE, "amina", "Amina", Role.CASHIER, "1111")
    users.add_user(db, COMMAND_LINE, "karim", "Karim", Role.SUPERVISOR, "2222")
    users.add_user(db, COMMAND_LINE, "salma", "Salma", Role.ORGANIZER, "3333")
    for code, ar, fr, rate in (("COOP1", "تعاونية النحل", "Coopérative des abeilles", 1000),
                               ("COOP2", "تعاونية الزيتون", "Coopérative de l'olivier", 1500),
                               ("COOP3", "تعاونية الزرابي", "Coopérative des tapis", 0)):
        catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft(code, ar, fr, commission=rate))
    for coop, sku, ar, fr, category, unit, price in PRODUCTS:
        catalog.add_product(db, COMMAND_LINE, ProductDraft(coop, sku, ar, fr, category, unit, price))


def person(db: Database, login: str) -> User:
    with db.read() as uow:
        found = uow.users.by_login(login)
    assert found is not None
    return found


@dataclass
class Site:
    """One site's operations, on whichever database holds them."""

    db: Database
    code: str

    @property
    def register(self) -> str:
        return SITES[self.code]

    def product_id(self, sku: str) -> int:
        with self.db.read() as uow:
            found = uow.catalog.product_by_sku(sku)
        assert found is not None
        return found.id

    def sell(self, lines: list[tuple[str, int]], pay: PaymentMethod = CASH, **extra: object) -> Sale:
        with self.db.read() as uow:
            prices = {sku: uow.catalog.product_by_sku(sku).price for sku, _ in lines}  # type: ignore[union-attr]
        total = sum((q * prices[sku] + 500) // 1000 for sku, q in lines)
        total -= int(extra.get("ticket_discount", 0))  # type: ignore[call-overload]
        return checkout(self.db, CheckoutRequest(
            client_key=uuid.uuid4().hex, register_code=self.register,
            cashier=person(self.db, "karim" if "ticket_discount" in extra else "amina"),
            lines=[CartLine(self.product_id(s), q) for s, q in lines],
            payments=[PaymentInput(pay, total)], **extra))  # type: ignore[arg-type]

    def first_day(self) -> list[Sale]:
        """Deposits, a session of sales (a discount, a card, a weighed line), its Z."""
        karim = person(self.db, "karim")
        stock.record(self.db, karim, StockKind.INTAKE, self.code, "COOP1",
                     [StockInput("HON-1", 30_000), StockInput("FIG-1", 20_000)])
        stock.record(self.db, karim, StockKind.INTAKE, self.code, "COOP2",
                     [StockInput("OIL-1", 30_000), StockInput("SOAP-1", 50_000)])
        stock.record(self.db, karim, StockKind.INTAKE, self.code, "COOP3", [StockInput("TAP-1", 4000)])
        sessions.open_session(self.db, person(self.db, "amina"), self.register, pieces_for(20_000))
        sold = [
            self.sell([("HON-1", 2000), ("OIL-1", 1500)], ticket_discount=3600),
            self.sell([("FIG-1", 750), ("TAP-1", 1000)], CARD),
            self.sell([("SOAP-1", 4000)]),
        ]
        if self.code == "ELH":
            sold.append(self.sell([("HON-1", 1000), ("SOAP-1", 2000)]))
        self.close_session()
        return sold

    def close_session(self) -> None:
        amina = person(self.db, "amina")
        with self.db.read() as uow:
            register = uow.store.register_by_code(self.register)
            assert register is not None
            session = uow.sessions.open_session(register.id)
            assert session is not None
            figures = uow.sessions.figures(session)
        expected = figures.expected_cash
        sessions.close_session(self.db, amina, self.register, pieces_for(expected),
                               {CARD: figures.by_method.get(CARD, 0)})

    def second_day(self, refund_of: Sale) -> None:
        """Another session: sales at the new honey price, a refund of yesterday's first sale,
        a safe drop, the Z, then the day closed."""
        karim = person(self.db, "karim")
        sessions.open_session(self.db, person(self.db, "amina"), self.register, pieces_for(20_000))
        self.sell([("HON-1", 1000)])
        self.sell([("OIL-1", 2000), ("FIG-1", 1250)], CARD)
        with self.db.read() as uow:
            sale_id = uow.ledger.sale_id_by_number(refund_of.register_id, refund_of.number)
        assert sale_id is not None
        refunds.refund(self.db, refunds.RefundRequest(uuid.uuid4().hex, self.register, karim,
                                                      sale_id, [], method=CASH))
        sessions.move_cash(self.db, karim, self.register, MoveKind.OUT, MoveReason.SAFE_DROP, 5_000)
        self.close_session()
        closings.close_day(self.db, person(self.db, "salma"), self.code,
                           business_day(utc_now(), 240))


def new_site_database(path: Path, catalog_file: Path) -> Database:
    """An empty database taking head office's catalog in, as a site laptop is set up."""
    db = open_database(path)
    exchange.import_catalog(db, COMMAND_LINE, catalog_file, accept_new_office=True)
    return db
