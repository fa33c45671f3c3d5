"""The till: what the cashier's window works on, as plain Python (no Qt), testable alone.

One :class:`Till` per window: the register this machine is, who is logged in,
the cart being rung up, parked carts, the last receipt. Every method either
does what it says or raises :class:`~possouk.domain.errors.UserError` (or a
fault) and changes nothing, so a screen shows the message and keeps its state.
Slow calls (printing) are methods too; the window runs them off the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from possouk.domain.cash import (
    CashCount,
    CashMovement,
    CashSession,
    MoveKind,
    MoveReason,
    SessionFigures,
    ZReport,
)
from possouk.domain.errors import N_, UserError
from possouk.domain.model import (
    Cooperative,
    PaymentMethod,
    Product,
    Register,
    Sale,
    Site,
    Store,
    User,
    login_tiles,
)
from possouk.domain.permissions import Permission, allows
from possouk.services import catalog, checkout, maintenance, refunds, sessions, users
from possouk.services.cart import Cart
from possouk.services.checkout import CheckoutRequest, PaymentInput
from possouk.services.parked import Parked as ParkedCart
from possouk.services.parked import load_parked, save_parked
from possouk.services.refunds import RefundLine, RefundRequest
from possouk.services.sessions import ClosingCheck
from possouk.storage.uow import Database

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from possouk.services.printing import PrintOutcome

__all__ = ["ParkedCart", "Till", "TillPlace"]

MAX_PARKED = 20


@dataclass(frozen=True)
class TillPlace:
    """Where this till stands: the store, the register and its site."""

    store: Store
    register: Register
    site: Site


@dataclass
class Till:
    """The state of one cashier's window over the ledger ``db`` at register ``register_code``."""

    db: Database
    register_code: str
    user: User | None = None
    cart: Cart = field(default_factory=Cart)
    approver: User | None = None  # a supervisor who entered their PIN for the current cart
    parked: list[ParkedCart] = field(default_factory=list)  # kept in the database too
    last_reference: str | None = None
    _place: TillPlace | None = None
    _cooperatives: dict[int, Cooperative] = field(default_factory=dict)
    _categories: list[str] | None = None

    def __post_init__(self) -> None:
        if self.register_code and not self.parked:
            self.parked = load_parked(self.db, self.register_code)

    # -- where we are ----------------------------------------------------------------------

    @property
    def place(self) -> TillPlace:
        """The store, register and site (read once; :meth:`refresh` reads again)."""
        if self._place is None:
            with self.db.read() as uow:
                register = uow.store.register_by_code(self.register_code)
                if register is None:
                    raise UserError(N_("There is no register with the code {code}."),
                                    code=self.register_code)
                self._place = TillPlace(uow.store.store(), register, uow.store.site(register.site_id))
        return self._place

    def refresh(self) -> None:
        """Read the store, register, cooperatives and categories again on next use."""
        self._place = None
        self._cooperatives.clear()
        self._categories = None

    def cooperative(self, cooperative_id: int) -> Cooperative:
        """A cooperative by id, cached for the life of the window."""
        if cooperative_id not in self._cooperatives:
            for coop in catalog.cooperatives(self.db):
                self._cooperatives[coop.id] = coop
        return self._cooperatives[cooperative_id]

    # -- who is at the till ----------------------------------------------------------------

    def users(self) -> list[User]:
        """The people who may log in here (active accounts), cashiers first."""
        return login_tiles(users.users(self.db))

    def register_codes(self) -> list[str]:
        """The codes of the store's registers (this machine may be any of them)."""
        return [r.code for r in maintenance.registers(self.db)]

    def login(self, login: str, pin: str) -> User:
        """Check the PIN and make ``login`` the cashier; the cart stays (switch user)."""
        user = users.authenticate(self.db, login, pin)
        if not allows(user, Permission.SELL):
            raise UserError(N_("{name} may not sell."), name=user.display_name)
        self.user = user
        self.approver = None
        self.refresh()  # a new cashier sees what changed in the catalogue meanwhile
        return user

    def logout(self) -> None:
        self.user = None
        self.approver = None

    def require_user(self) -> User:
        if self.user is None:
            raise UserError(N_("Log in first."))
        return self.user

    def approve(self, login: str, pin: str, needed: Sequence[Permission]) -> User:
        """A supervisor's PIN for ``needed``; remembered for the current cart only."""
        supervisor = users.authenticate(self.db, login, pin)
        missing = [p for p in needed if not allows(supervisor, p)]
        if missing:
            raise UserError(N_("{name} may not approve this."), name=supervisor.display_name)
        self.approver = supervisor
        return supervisor

    def supervisors(self, permission: Permission = Permission.PRICE_OVERRIDE) -> list[User]:
        """The people whose PIN can approve what a cashier may not do (``permission``)."""
        return [u for u in self.users() if allows(u, permission)]

    def authorize(self, login: str, pin: str, needed: Sequence[Permission]) -> User:
        """A supervisor's PIN for one action (a cash movement, a difference): not remembered."""
        supervisor = users.authenticate(self.db, login, pin)
        if any(not allows(supervisor, p) for p in needed):
            raise UserError(N_("{name} may not approve this."), name=supervisor.display_name)
        return supervisor

    # -- ringing up --------------------------------------------------------------------------

    def scan(self, code: str) -> int:
        """Add a scanned barcode (product or scale label) to the cart; the changed line's index."""
        self.require_user()
        return self.cart.add_scan(catalog.scan(self.db, code))

    def search(self, text: str, limit: int = 24) -> list[Product]:
        return catalog.search(self.db, text, limit=limit) if text.strip() else []

    def add_product(self, product: Product) -> int:
        self.require_user()
        return self.cart.add_product(product)

    def categories(self) -> list[str]:
        """The categories of the products on sale, in a stable order (read once; see refresh)."""
        # Read from an index, but still a scan of it (25 ms on 300,000 products): the tiles
        # are shown after every sale, categories change only with the catalogue.
        if self._categories is None:
            with self.db.read() as uow:
                self._categories = uow.catalog.categories()
        return list(self._categories)

    def products_in(self, category: str, limit: int = 60) -> list[Product]:
        """The first ``limit`` products on sale of ``category``, by French name."""
        with self.db.read() as uow:
            return uow.catalog.products_in_category(category, limit=limit)

    def needs_approval(self) -> set[Permission]:
        """What the current cart asks that neither the cashier nor the approver may grant."""
        return self.cart.needs_approval(self.require_user(), self.approver)

    # -- parking -----------------------------------------------------------------------------

    def park(self) -> None:
        """Set the cart aside (kept in the database) and start an empty one."""
        user = self.require_user()
        if not self.cart.items:
            raise UserError(N_("The cart is empty: there is nothing to park."))
        if len(self.parked) >= MAX_PARKED:
            raise UserError(N_("{count} carts are already parked: recall one first."), count=MAX_PARKED)
        parked = [*self.parked, ParkedCart(self.cart, time.time(), user.display_name)]
        save_parked(self.db, self.register_code, parked)  # a fault here changes nothing
        self.parked = parked
        self.cart = Cart()
        self.approver = None

    def recall(self, index: int) -> None:
        """Bring a parked cart back; the current one is parked in its place when not empty."""
        user = self.require_user()
        if not 0 <= index < len(self.parked):
            raise UserError(N_("There is no such parked cart."))
        parked = [p for i, p in enumerate(self.parked) if i != index]
        if self.cart.items:
            parked.append(ParkedCart(self.cart, time.time(), user.display_name))
        save_parked(self.db, self.register_code, parked)  # a fault here changes nothing
        self.cart = self.parked[index].cart
        self.parked = parked
        self.approver = None

    def clear_cart(self) -> None:
        self.cart = Cart()
        self.approver = None

    # -- paying ------------------------------------------------------------------------------

    def due(self, methods: Sequence[PaymentMethod]) -> int:
        """What to ask for when paying by ``methods`` (cash rounding applies to cash alone)."""
        return self.cart.due(self.place.store.cash_rounding, methods)

    def pay(self, payments: Sequence[PaymentInput]) -> Sale:
        """Record the sale of the cart. Twice with the same cart records one sale.

        On success the cart is emptied and the sale is the last receipt; on a
        refusal nothing changes and the cart is kept.
        """
        user = self.require_user()
        request = CheckoutRequest(self.cart.client_key, self.register_code, user, self.cart.cart_lines(),
                                  list(payments), self.cart.ticket_discount, approver=self.approver)
        sale = checkout.checkout(self.db, request)
        self.last_reference = sale.reference
        self.cart = Cart()
        self.approver = None
        return sale

    def print_receipt(self, reference: str, *, reprint: bool = False,
                      open_drawer: bool = False) -> PrintOutcome:
        """Queue and print a receipt (slow: run off the GUI thread)."""
        # Imported here: the printer stack (python-escpos, Pillow, barcodes) costs a third of
        # a second, which the login screen need not wait for.
        from possouk.services import printing

        return printing.print_receipt(self.db, reference, reprint=reprint, open_drawer=open_drawer,
                                      actor=self.user)

    def printer_waiting(self) -> int | None:
        """How many print jobs wait in the queue (0: the printer is up to date); None: no printer."""
        from possouk.services import printing

        if printing.printer_config(self.db) is None:
            return None
        return len(printing.pending(self.db))

    # -- refunds -----------------------------------------------------------------------------

    def find_sale(self, reference: str) -> Sale:
        """A sale by its receipt number, typed or scanned from the receipt's barcode."""
        return refunds.find_sale(self.db, reference)

    def refundable(self, sale: Sale) -> dict[int, int]:
        """For each line of ``sale``, the quantity (thousandths) that may still come back."""
        return refunds.refundable(self.db, sale)

    def refund(self, sale: Sale, lines: Sequence[RefundLine], method: PaymentMethod,
               approver: User | None, client_key: str) -> Sale:
        """Record a refund of ``lines`` of ``sale`` (empty: all that is left)."""
        user = self.require_user()
        request = RefundRequest(client_key, self.register_code, user, sale.id, list(lines), method,
                                approver=approver)
        back = refunds.refund(self.db, request)
        self.last_reference = back.reference
        return back

    # -- the cash session --------------------------------------------------------------------

    def current_session(self) -> CashSession | None:
        """This register's open session, or None (the register is closed)."""
        return sessions.current_session(self.db, self.register_code)

    def stale_session(self) -> CashSession | None:
        """This register's session left open from an earlier business day, or None."""
        return sessions.stale_session(self.db, self.register_code)

    def session_screen(self) -> str:
        """Where a cashier must go before selling: ``open`` (no session), ``closing`` (a
        session of an earlier day still open) or ``sale``."""
        session = self.current_session()
        if session is None:
            return "open"
        if self.stale_session() is not None:
            return "closing"
        return "sale"

    def may_close(self, session: CashSession) -> bool:
        """True when the cashier may close ``session``: their own, or any with the permission."""
        user = self.require_user()
        return session.opened_by_id == user.id or allows(user, Permission.CLOSE_ANY_SESSION)

    def opener_name(self, session: CashSession) -> str:
        """The name of who opened ``session`` (their login's tile), or "" when not found."""
        return next((u.display_name for u in self.users() if u.id == session.opened_by_id), "")

    def open_session(self, count: CashCount) -> CashSession:
        """Open this register with the float ``count``, counted by the cashier."""
        return sessions.open_session(self.db, self.require_user(), self.register_code, count)

    def move_cash(self, kind: MoveKind, reason: MoveReason, amount: int, note: str = "", *,
                  approver: User | None = None) -> CashMovement:
        """Put cash in or take it out of the drawer (a supervisor approves without MOVE_CASH)."""
        return sessions.move_cash(self.db, self.require_user(), self.register_code, kind, reason,
                                  amount, note, approver=approver)

    def figures(self) -> tuple[CashSession, SessionFigures]:
        """The X report of the open session: what it took so far."""
        return sessions.figures(self.db, self.register_code)

    def check_closing(self, counted: CashCount,
                      declared: Mapping[PaymentMethod, int]) -> ClosingCheck:
        """Expected, found and difference per method for these counts (nothing written)."""
        return sessions.check_closing(self.db, self.register_code, counted, declared)

    def close_session(self, counted: CashCount, declared: Mapping[PaymentMethod, int], *,
                      approver: User | None = None, reason: str = "") -> ZReport:
        """Close the open session with these counts; its Z report."""
        return sessions.close_session(self.db, self.require_user(), self.register_code, counted,
                                      declared, approver=approver, reason=reason)

    def print_x(self) -> PrintOutcome:
        """Print the X report (slow: run off the GUI thread)."""
        from possouk.services import printing

        return printing.print_x(self.db, self.register_code)

    def print_cash_movement(self, number: int) -> PrintOutcome:
        """Print a cash movement's slip and open the drawer (slow: off the GUI thread)."""
        from possouk.services import printing

        return printing.print_cash_movement(self.db, self.register_code, number)

    def print_z(self, reference: str) -> PrintOutcome:
        """Print the Z report ``reference`` (slow: off the GUI thread)."""
        from possouk.services import printing

        return printing.print_z(self.db, reference)

    def save_z_pdf(self, reference: str) -> Path:
        """Write the Z report's PDF to the documents folder; its path (slow: off the GUI thread)."""
        from possouk.services import cash_papers

        return cash_papers.save_z_pdf(self.db, reference)
