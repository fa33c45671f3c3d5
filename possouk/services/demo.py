"""``possouk demo``: a demo store for the mobile-market edition of the Fès–Meknès region.

Everything goes through the public services, so the demo obeys the real rules
(validation, permissions, numbering, hash chains) and ``possouk verify`` holds
afterwards. The content is a pure function of the seed: cooperatives and
products (:mod:`possouk.services.demo_data`), deposits, PINs and the simulated
sales each draw from their own ``random.Random`` stream, so changing the number
of sales does not change the catalogue.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from possouk.domain.calendar import STORE_TIMEZONE, business_day, local_to_utc
from possouk.domain.cash import MoveKind, MoveReason, pieces_for
from possouk.domain.errors import N_, UserError
from possouk.domain.model import PaymentMethod, Role, Sale, StockKind, Unit, User
from possouk.domain.money import div_round_half_up, line_total
from possouk.services import catalog, closings, sessions, setup, stock, users
from possouk.services.checkout import CartLine, CheckoutRequest, PaymentInput, record_sale
from possouk.services.demo_data import POPULARITY, DemoProduct, plan_catalog
from possouk.services.events import COMMAND_LINE
from possouk.services.refunds import RefundLine, RefundRequest, record_refund
from possouk.services.stock import StockInput
from possouk.storage.uow import Database, UnitOfWork

EDITION_START = date(2026, 5, 11)
"""First day (a Monday) of the demo edition; it runs for :data:`EDITION_DAYS` days at both sites."""
EDITION_DAYS = 7
OPENING_HOUR, CLOSING_HOUR = 10, 20
BATCH = 100  # sales and refunds written per transaction
REFUND_PER_THOUSAND = 30  # about 3 % of sales are refunded later

SITES = (("MEK", "مكناس – ساحة الهديم", "Meknès – Place El Hedim"),
         ("HAJ", "الحاجب – وسط المدينة", "El Hajeb – centre-ville"))
REGISTERS = {"MEK1": "MEK", "MEK2": "MEK", "HAJ1": "HAJ"}
REGISTER_WEIGHTS = (35, 30, 35)
DAY_WEIGHTS = (10, 9, 10, 11, 12, 17, 16)  # Monday … Sunday: the weekend brings families
HOUR_WEIGHTS = (6, 8, 9, 6, 6, 8, 10, 13, 14, 11)  # 10 h … 19 h: busiest after work
SITE_STOCK = {"MEK": 100, "HAJ": 60}  # El Hajeb is the smaller site: 60 % of Meknès' stock
USERS = ((Role.CASHIER, "khadija", "Khadija Amrani"), (Role.SUPERVISOR, "youssef", "Youssef El Idrissi"),
         (Role.ORGANIZER, "nadia", "Nadia Bennani"))
STORE = {
    "name_ar": "المتجر التضامني – السوق المتنقل لجهة فاس مكناس",
    "name_fr": "Magasin solidaire – Marché itinérant de la région Fès-Meknès",
    "address": "Avenue Mohammed V, 50000 Meknès", "ice": "002781945000067",
    "if_number": "45120387", "rc": "Meknès 51237", "phone": "05 35 52 14 87",
    "receipt_footer": "شكرا لدعمكم للتعاونيات المحلية – Merci de soutenir les coopératives locales",
    "default_commission": 1000,
}


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo` made; ``users`` are (login, role, PIN) to print for the trainer."""

    users: list[tuple[str, str, str]]
    sites: int
    registers: int
    cooperatives: int
    products: int
    deposits: int
    sales: int
    refunds: int


@dataclass(frozen=True)
class _Sale:
    index: int
    at: datetime
    register: str
    lines: tuple[CartLine, ...]
    payments: tuple[PaymentInput, ...]


@dataclass(frozen=True)
class _Refund:
    sale_index: int
    at: datetime
    register: str
    lines: tuple[tuple[int, int], ...]  # (line number, quantity); empty: the whole sale
    method: PaymentMethod


def build_demo(db: Database, *, sales: int = 300, seed: int = 1, force: bool = False) -> DemoSummary:
    """Fill ``db`` with the demo store and ``sales`` simulated sales; the same seed gives the same store.

    Refuses a database that has any cooperative, product, sale or user, unless
    ``force``. With ``force`` the demo is added next to what is there, but:

    * a database with sales is always refused: documents are never deleted, and
      simulated sales must never mix with real ones in a ledger;
    * if any demo cooperative code, sku, manufacturer barcode or login is taken,
      the whole demo is refused before anything is written;
    * existing sites and registers with the demo's codes (MEK, HAJ; MEK1, MEK2,
      HAJ1) are used as they are (a register must belong to the demo's site);
    * the store's identity is set only when the store has no name yet.

    Sales fall on the edition days (:data:`EDITION_START`, 7 days), 10:00–20:00
    local time, and never sell more than is on hand; with very many sales the
    goods run out and fewer sales than asked are made (the summary says how many).
    """
    if sales < 0:
        raise UserError(N_("The number of sales must not be negative."))
    cooperatives, products = plan_catalog(random.Random(f"possouk-demo:{seed}:catalog"))
    _check_target(db, cooperatives, products, force)

    current = setup.get_store(db)
    if not (current.name_ar or current.name_fr):
        setup.update_store(db, COMMAND_LINE, **STORE)
    with db.read() as uow:
        have_sites = {code for code, _, _ in SITES if uow.store.site_by_code(code)}
        have_registers = {code for code in REGISTERS if uow.store.register_by_code(code)}
    for code, name_ar, name_fr in SITES:
        if code not in have_sites:
            setup.add_site(db, COMMAND_LINE, code, name_ar, name_fr,
                           EDITION_START, EDITION_START + timedelta(days=EDITION_DAYS - 1))
    for code, site in REGISTERS.items():
        if code not in have_registers:
            setup.add_register(db, COMMAND_LINE, code, site)

    pins = _pins(random.Random(f"possouk-demo:{seed}:pins"))
    people = {role: users.add_user(db, COMMAND_LINE, login, name, role, pin)
              for (role, login, name), pin in zip(USERS, pins, strict=True)}

    with db.write() as uow:
        catalog.add_cooperatives(uow, people[Role.ORGANIZER], cooperatives)
        ids = uow.catalog.cooperative_codes()
        rows, terms = zip(*(catalog.product_row(p.draft, ids[p.draft.cooperative_code]) for p in products),
                          strict=True)
        product_ids = catalog.insert_products(uow, people[Role.ORGANIZER], list(rows), list(terms))
        uow.commit()

    on_hand = _deposit(db, people[Role.SUPERVISOR], products, product_ids,
                       random.Random(f"possouk-demo:{seed}:stock"))
    simulation = _Simulation(random.Random(f"possouk-demo:{seed}:sales"), products, product_ids,
                             on_hand, setup.get_store(db).cash_rounding)
    plan = simulation.run(sales)
    _write(db, plan, people[Role.CASHIER], people[Role.SUPERVISOR], seed)
    _close_days(db, people[Role.ORGANIZER], plan)
    return DemoSummary(
        users=[(login, role.value, pin) for (role, login, _), pin in zip(USERS, pins, strict=True)],
        sites=len(SITES), registers=len(REGISTERS), cooperatives=len(cooperatives),
        products=len(products), deposits=len(cooperatives) * len(SITES),
        sales=sum(isinstance(a, _Sale) for a in plan),
        refunds=sum(isinstance(a, _Refund) for a in plan),
    )


def _check_target(db: Database, cooperatives: list[catalog.CooperativeDraft],
                  products: list[DemoProduct], force: bool) -> None:
    """Refuse, before writing anything, a database the demo cannot go into (see build_demo)."""
    with db.read() as uow:
        counts = uow.queries.counts()
        if counts["sales"] or counts["refunds"]:
            raise UserError(N_("This database already has sales. The demo is never mixed with "
                               "real sales; use a new database."))
        if not force and (counts["cooperatives"] or counts["products"] or counts["users"]):
            raise UserError(N_("This database is not empty: it has cooperatives, products or users. "
                               "The demo needs an empty database, or --force to add it anyway."))
        still_open = uow.sessions.open_sessions()
        if still_open:
            raise UserError(N_("Register {register} is open: close its cash session before adding "
                               "the demo."), register=still_open[0].register_code)
        taken = sorted(
            {c.code for c in cooperatives} & set(uow.catalog.cooperative_codes())
            | uow.catalog.existing_skus(p.draft.sku for p in products)
            | uow.catalog.existing_barcodes(p.draft.barcode for p in products if p.draft.barcode)
            | {login for _, login, _ in USERS if uow.users.by_login(login)}
        )
        for code, site in REGISTERS.items():
            register = uow.store.register_by_code(code)
            if register is not None and register.site_code != site:
                taken.append(code)
    if taken:
        raise UserError(N_("The demo cannot be added: the code {code} is already used in this database."),
                        code=taken[0])


def _pins(rng: random.Random) -> list[str]:
    """Distinct 4-digit PINs with at least three different digits and no run like 1234."""
    pins: list[str] = []
    while len(pins) < len(USERS):
        pin = f"{rng.randint(0, 9999):04d}"
        steps = {int(b) - int(a) for a, b in pairwise(pin)}
        if len(set(pin)) >= 3 and steps not in ({1}, {-1}) and pin not in pins:
            pins.append(pin)
    return pins


def _deposit(db: Database, supervisor: User, products: list[DemoProduct], product_ids: list[int],
             rng: random.Random) -> dict[tuple[str, int], int]:
    """One deposit slip per cooperative and site, the afternoon before opening; returns the stock."""
    by_cooperative: dict[str, list[tuple[DemoProduct, int]]] = {}
    for product, pid in zip(products, product_ids, strict=True):
        by_cooperative.setdefault(product.draft.cooperative_code, []).append((product, pid))
    on_hand: dict[tuple[str, int], int] = {}
    eve = datetime.combine(EDITION_START - timedelta(days=1), time(14, 0))
    with db.write() as uow:
        for site, share in SITE_STOCK.items():
            for minute, (code, items) in enumerate(by_cooperative.items()):
                lines = []
                for product, pid in items:
                    quantity = _deposit_quantity(rng, product) * share // 100
                    quantity = max(quantity // 1000 * 1000, 1000) if product.draft.unit is Unit.PIECE \
                        else max(quantity // 100 * 100, 1000)
                    on_hand[(site, pid)] = quantity
                    lines.append(StockInput(product.draft.sku, quantity))
                stock.record_stock_document(uow, supervisor, StockKind.INTAKE, site, code, lines,
                                            at=local_to_utc(eve + timedelta(minutes=2 * minute)))
        uow.commit()
    return on_hand


def _deposit_quantity(rng: random.Random, product: DemoProduct) -> int:
    """A plausible quantity handed over: few carpets, many jars, kilos of figs and couscous."""
    if product.draft.unit is not Unit.PIECE:
        return rng.randint(product.qty[1] * 8, product.qty[1] * 30)
    price = product.draft.price
    low, high = (1, 3) if price >= 200_000 else (2, 6) if price >= 50_000 else \
        (5, 15) if price >= 15_000 else (10, 30) if price >= 5_000 else (20, 60)
    return rng.randint(low, high) * 1000


class _Simulation:
    """Plans the edition's sales and refunds in time order, tracking stock so nothing is oversold."""

    def __init__(self, rng: random.Random, products: list[DemoProduct], product_ids: list[int],
                 on_hand: dict[tuple[str, int], int], cash_rounding: int) -> None:
        self.rng = rng
        self.items = {pid: p for p, pid in zip(products, product_ids, strict=True)}
        self.stock = dict(on_hand)
        self.cash_rounding = cash_rounding
        self.pools: dict[tuple[str, str], list[int]] = {}
        for site, pid in sorted(on_hand):
            self.pools.setdefault((site, self.items[pid].draft.category), []).append(pid)
        self.pooled = set(on_hand)
        self.sales: dict[int, _Sale] = {}

    def run(self, count: int) -> list[_Sale | _Refund]:
        rng = self.rng
        moments = sorted(
            (self._moment(), rng.choices(list(REGISTERS), weights=REGISTER_WEIGHTS)[0])
            for _ in range(count)
        )
        plan: list[_Sale | _Refund] = []
        pending: list[tuple[datetime, int, _Refund]] = []
        for at, register in moments:
            while pending and pending[0][0] <= at:
                plan.append(self._give_back(heapq.heappop(pending)[2]))
            sale = self._sale(len(plan), at, register)
            if sale is None:
                continue
            plan.append(sale)
            self.sales[sale.index] = sale
            if rng.randrange(1000) < REFUND_PER_THOUSAND:
                refund = self._refund(sale)
                if refund is not None:
                    heapq.heappush(pending, (refund.at, sale.index, refund))
        plan.extend(self._give_back(heapq.heappop(pending)[2]) for _ in range(len(pending)))
        return plan

    def _moment(self) -> datetime:
        rng = self.rng
        day = EDITION_START + timedelta(days=rng.choices(range(EDITION_DAYS), weights=DAY_WEIGHTS)[0])
        hour = OPENING_HOUR + rng.choices(range(len(HOUR_WEIGHTS)), weights=HOUR_WEIGHTS)[0]
        return local_to_utc(datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60))))

    def _pick(self, site: str, chosen: dict[int, int]) -> int | None:
        """A product in stock at ``site``, category by popularity; None when the site is sold out."""
        for _ in range(50):
            categories = [c for c in POPULARITY if self.pools.get((site, c))]
            if not categories:
                return None
            pool = self.pools[(site, self.rng.choices(categories, [POPULARITY[c] for c in categories])[0])]
            at = self.rng.randrange(len(pool))
            pid = pool[at]
            if self.stock[(site, pid)] <= 0:
                pool[at] = pool[-1]
                pool.pop()
                self.pooled.discard((site, pid))
            elif pid not in chosen:
                return pid
        return None

    def _sale(self, index: int, at: datetime, register: str) -> _Sale | None:
        rng, site = self.rng, REGISTERS[register]
        chosen: dict[int, int] = {}
        for _ in range(rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0]):
            pid = self._pick(site, chosen)
            if pid is None:
                break
            item, left = self.items[pid], self.stock[(site, pid)]
            if item.draft.unit is Unit.PIECE:
                quantity = min(rng.choices((1, 2, 3), weights=(80, 15, 5))[0], left // 1000) * 1000
            else:
                quantity = min(rng.randint(*item.qty), left)  # weighed: to the gram (or millilitre)
            chosen[pid] = quantity
            self.stock[(site, pid)] -= quantity
        if not chosen:
            return None
        lines = []
        for pid, quantity in chosen.items():
            draft, discount = self.items[pid].draft, 0
            gross = line_total(quantity, draft.price)
            if draft.unit is Unit.PIECE and draft.min_price is None and gross >= 5000 \
                    and rng.randrange(100) < 3:  # a little bargaining, whole dirhams
                discount = gross * rng.choice((5, 10)) // 100 // 100 * 100
            lines.append(CartLine(pid, quantity, discount=discount))
        total = sum(line_total(li.quantity, self.items[li.product_id].draft.price) - li.discount
                    for li in lines)
        return _Sale(index, at, register, tuple(lines), self._payments(total))

    def _payments(self, total: int) -> tuple[PaymentInput, ...]:
        rng, cash = self.rng, PaymentMethod.CASH
        kind = rng.choices(("cash", "card", "mobile", "split"), weights=(70, 13, 12, 5))[0]
        if kind == "card":
            return (PaymentInput(PaymentMethod.CARD, total),)
        if kind == "mobile":
            return (PaymentInput(PaymentMethod.MOBILE, total),)
        if kind == "split" and total >= 10_000:
            other = total // 2 // 1000 * 1000
            method = rng.choice((PaymentMethod.CARD, PaymentMethod.MOBILE))
            return PaymentInput(method, other), PaymentInput(cash, self._tendered(total - other))
        if self.cash_rounding > 1:  # the store rounds cash-only totals: pay what checkout will ask
            total = div_round_half_up(total, self.cash_rounding) * self.cash_rounding
        return (PaymentInput(cash, self._tendered(total)),)

    def _tendered(self, due: int) -> int:
        """What the customer hands over: the exact sum, or the next round notes."""
        if self.rng.randrange(4) == 0:
            return due
        rounds = sorted({-(-due // unit) * unit for unit in (1000, 5000, 10_000, 20_000)})
        return self.rng.choice(rounds[:2])

    def _refund(self, sale: _Sale) -> _Refund | None:
        """Plan a refund of ``sale`` later the same day or on a following day, if the edition allows."""
        rng = self.rng
        local = sale.at.astimezone(STORE_TIMEZONE).replace(tzinfo=None)
        when = local + timedelta(minutes=rng.randint(10, 240))
        if when.hour >= CLOSING_HOUR:
            when = datetime.combine(when.date() + timedelta(days=1), time(OPENING_HOUR)) \
                + timedelta(minutes=rng.randint(0, 180))
        if when.date() >= EDITION_START + timedelta(days=EDITION_DAYS):
            return None
        lines: tuple[tuple[int, int], ...] = ()
        if rng.randrange(2) == 0:  # partial: some lines, some of their quantity
            numbered = list(enumerate(sale.lines, start=1))
            picked = sorted(rng.sample(numbered, rng.randint(1, len(numbered))), key=lambda x: x[0])
            lines = tuple(
                (n, rng.randint(1, line.quantity // 1000) * 1000
                 if self.items[line.product_id].draft.unit is Unit.PIECE
                 else rng.randint(1, line.quantity))
                for n, line in picked
            )
        methods = {p.method for p in sale.payments}
        method = methods.pop() if len(methods) == 1 else PaymentMethod.CASH
        return _Refund(sale.index, local_to_utc(when), sale.register, lines, method)

    def _give_back(self, refund: _Refund) -> _Refund:
        """Put the refunded goods back on the shelf, from the refund's moment on."""
        sale = self.sales[refund.sale_index]
        site = REGISTERS[sale.register]
        given = refund.lines or tuple((n, line.quantity) for n, line in enumerate(sale.lines, start=1))
        for number, quantity in given:
            pid = sale.lines[number - 1].product_id
            self.stock[(site, pid)] += quantity
            if (site, pid) not in self.pooled:
                self.pooled.add((site, pid))
                self.pools[(site, self.items[pid].draft.category)].append(pid)
        return refund


DEMO_FLOAT = pieces_for(50_000)  # each register opens its day with 500 DH of change


class _Drawers:
    """Opens each register's session before its first sale of a business day and closes it,
    counted exactly, after its last: the demo's days end with Z reports like real ones."""

    def __init__(self, cashier: User, supervisor: User, cutoff_minutes: int) -> None:
        self.cashier, self.supervisor, self.cutoff = cashier, supervisor, cutoff_minutes
        self.day: dict[str, date] = {}
        self.last: dict[str, datetime] = {}

    def before(self, uow: UnitOfWork, register: str, at: datetime) -> None:
        day = business_day(at, self.cutoff)
        if self.day.get(register) != day:
            if register in self.day:
                self.close(uow, register)
            sessions.record_open(uow, self.cashier, register, DEMO_FLOAT,
                                 at=at - timedelta(minutes=20))
            self.day[register] = day
        self.last[register] = at

    def cash_for(self, uow: UnitOfWork, register: str, amount: int, at: datetime) -> None:
        """Top the drawer up when a cash refund needs more than it holds."""
        code = uow.store.register_by_code(register)
        session = uow.sessions.open_session(code.id) if code else None
        if session is None:
            return
        short = amount - uow.sessions.figures(session).expected_cash
        if short > 0:
            sessions.record_move(uow, self.supervisor, register, MoveKind.IN,
                                 MoveReason.FLOAT_TOP_UP, short, at=at - timedelta(minutes=1))

    def close(self, uow: UnitOfWork, register: str) -> None:
        code = uow.store.register_by_code(register)
        session = uow.sessions.open_session(code.id) if code else None
        if session is None:
            return
        expected = uow.sessions.figures(session).expected_cash
        sessions.record_close(uow, self.cashier, register, pieces_for(expected), {},
                              at=self.last[register] + timedelta(minutes=30))
        del self.day[register]

    def close_all(self, uow: UnitOfWork) -> None:
        for register in sorted(self.day):
            self.close(uow, register)


def _write(db: Database, plan: list[_Sale | _Refund], cashier: User, supervisor: User, seed: int) -> None:
    """Record the planned sales and refunds in time order, one transaction per batch, each
    register's days opened and closed around them."""
    sale_ids: dict[int, int] = {}
    drawers = _Drawers(cashier, supervisor, setup.get_store(db).day_cutoff_minutes)
    for start in range(0, len(plan), BATCH):
        with db.write() as uow:
            for action in plan[start:start + BATCH]:
                drawers.before(uow, action.register, action.at)
                if isinstance(action, _Sale):
                    sale_ids[action.index] = record_sale(uow, CheckoutRequest(
                        client_key=f"demo-{seed}-{action.index:06d}", register_code=action.register,
                        cashier=cashier, lines=action.lines, payments=action.payments, at=action.at))
                    continue
                original = uow.ledger.sale(sale_ids[action.sale_index])
                by_number = {line.line_no: line.id for line in original.lines}
                refund_lines = [RefundLine(by_number[n], q) for n, q in action.lines]
                if action.method is PaymentMethod.CASH:
                    drawers.cash_for(uow, action.register, _refund_total(original, action.lines),
                                     action.at)
                record_refund(uow, RefundRequest(
                    client_key=f"demo-{seed}-r{action.sale_index:06d}", register_code=action.register,
                    cashier=supervisor, original_sale_id=original.id, lines=refund_lines,
                    method=action.method, at=action.at))
            uow.commit()
    with db.write() as uow:
        drawers.close_all(uow)
        uow.commit()


def _close_days(db: Database, organizer: User, plan: list[_Sale | _Refund]) -> None:
    """The organizer closes each site's edition days, then the month once it is over."""
    cutoff = setup.get_store(db).day_cutoff_minutes
    last: dict[tuple[str, date], datetime] = {}
    for action in plan:
        key = (REGISTERS[action.register], business_day(action.at, cutoff))
        last[key] = max(last.get(key, action.at), action.at)
    months: set[tuple[str, str]] = set()
    for (site, day), moment in sorted(last.items()):
        closings.close_day(db, organizer, site, day, at=moment + timedelta(hours=1))
        months.add((site, day.isoformat()[:7]))
    today = business_day(datetime.now(STORE_TIMEZONE), cutoff).isoformat()[:7]
    for site, month in sorted(months):
        if month < today:
            closings.close_month(db, organizer, site, month)


def _refund_total(original: Sale, lines: tuple[tuple[int, int], ...]) -> int:
    """An upper bound of what a refund of ``lines`` (all of the sale when empty) gives back."""
    if not lines:
        return original.total
    by_number = {line.line_no: line for line in original.lines}
    return sum(-(-by_number[n].net * q // by_number[n].quantity) for n, q in lines)
