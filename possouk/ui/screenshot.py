"""Pictures of the window for people to look at (documentation, reviews), drawn offscreen.

A rendering tool: it records nothing. A screen that needs a cashier gets one
by setting the till's user directly (no PIN, no login event), and a cart of a
few products from the catalog; nothing is paid or refunded.

The closing screen needs an open cash session. When the register has none, the
picture is drawn over a temporary copy of the database (SQLite only) in which a
session is opened with a float: the database itself is never written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from possouk.domain.cash import count_from, pieces_for
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Sale, SaleKind
from possouk.domain.permissions import Permission, allows
from possouk.services import catalog, maintenance, sessions
from possouk.storage.backup import copy_database
from possouk.storage.uow import Database, open_database
from possouk.ui.app import apply_language, create_application
from possouk.ui.main_window import MainWindow
from possouk.ui.opening import choose_register, first_screen
from possouk.ui.screens.closing import ClosingScreen
from possouk.ui.screens.drawer import OpenScreen
from possouk.ui.screens.refund import RefundScreen
from possouk.ui.till import Till

__all__ = ["SCREENS", "screenshot"]

# The back office's sections (possouk.ui.backoffice.window.SECTIONS), drawn as the store's
# first organizer sees them.
BACKOFFICE_SCREENS = ("cooperatives", "products", "intake", "stock", "labels", "data", "users",
                      "settings")
SCREENS = ("login", "setup", "sale", "payment", "refund", "customer", "open", "closing",
           *BACKOFFICE_SCREENS)
# What the pictures show counted in the drawer (pieces per denomination, centimes).
PICTURE_FLOAT = {10_000: 1, 5_000: 1, 2_000: 1, 1_000: 2, 500: 2, 100: 8, 50: 4}
WIDTH, HEIGHT = 1280, 800


def _settle(app: QApplication) -> None:
    for _round in range(3):  # layouts settle in a few passes (a label's height follows its width)
        app.processEvents()


def _sign_in(till: Till) -> None:
    """The first active user who may sell, without a PIN: a picture, not a login."""
    seller = next((u for u in till.users() if allows(u, Permission.SELL)), None)
    if seller is None:
        raise UserError(N_("No user may sell yet: add a cashier first."))
    till.user = seller


def _fill_cart(till: Till, count: int = 4) -> None:
    for product in [p for p in catalog.products(till.db) if p.active][:count]:
        till.cart.add_product(product)


def latest_sale(till: Till) -> Sale | None:
    """The newest sale (not refund) of the till's register."""
    with till.db.read() as uow:
        last = uow.ledger.last_sale_id(till.place.register.id)
        newest = uow.ledger.sale(last).number if last is not None else 0
    for number in range(newest, 0, -1):
        sale = till.find_sale(f"{till.register_code}-{number:06d}")
        if sale.kind is SaleKind.SALE:
            return sale
    return None


def _load_latest_sale(window: MainWindow) -> None:
    """Show the newest sale of this register in the refund screen, as if its receipt was scanned."""
    screen = window.screens["refund"]
    sale = latest_sale(window.till)
    if sale is not None and isinstance(screen, RefundScreen):
        screen.find_sale(sale.reference)


def screenshot(db: Database, register_code: str | None, path: Path, language: str,
               screen_name: str) -> None:
    """Draw ``screen_name`` (see :data:`SCREENS`) in ``language`` to the PNG file ``path``."""
    if screen_name not in SCREENS:
        raise UserError(N_("There is no screen called {name}."), name=screen_name)
    app = create_application()
    apply_language(app, language)
    if screen_name in BACKOFFICE_SCREENS:
        _save(_backoffice(app, db, screen_name), path)
        return
    # A picture needs a register even where the window would ask: the first one will do.
    first = next((r.code for r in maintenance.registers(db)), "")
    code = choose_register(db, register_code, None) or first
    with tempfile.TemporaryDirectory() as settings:  # this machine's settings stay untouched
        folder = Path(settings)
        with _database_for(db, code, screen_name, folder) as drawn:
            till = Till(drawn, code)
            window = MainWindow(till, log_path=folder / "possouk.log", config_folder=settings,
                                start=first_screen(drawn))
            try:
                picture = _draw(app, window, screen_name)
                path.parent.mkdir(parents=True, exist_ok=True)
                saved = picture.grab().save(str(path), "PNG")
            finally:
                window.set_customer_display(False)
                window.close()
                window.deleteLater()
    if not saved:
        raise UserError(N_("The picture could not be written to {path}."), path=str(path))


@contextmanager
def _database_for(db: Database, register_code: str, screen_name: str,
                  folder: Path) -> Iterator[Database]:
    """``db`` itself, or for the closing screen of a register without an open session a
    temporary copy of it where one is opened (the picture never writes to ``db``)."""
    if screen_name != "closing" or not register_code or sessions.current_session(db, register_code):
        yield db
        return
    if db.path is None:
        raise UserError(N_("Register {register} is not open: the closing screen can be drawn "
                           "only while a cash session is open."), register=register_code)
    copy = open_database(copy_database(db.path, folder / "picture.sqlite3"), upgrade=False)
    try:
        till = Till(copy, register_code)
        _sign_in(till)
        assert till.user is not None
        sessions.open_session(copy, till.user, register_code, count_from(PICTURE_FLOAT))
        yield copy
    finally:
        copy.close()


def _save(picture: QWidget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = picture.grab().save(str(path), "PNG")
    picture.close()
    picture.deleteLater()
    if not saved:
        raise UserError(N_("The picture could not be written to {path}."), path=str(path))


def _backoffice(app: QApplication, db: Database, key: str) -> QWidget:
    """The back office open at section ``key``, as the first active organizer sees it."""
    from possouk.ui.backoffice.window import BackOfficeWindow
    from possouk.ui.workers import wait_for_jobs

    with db.read() as uow:
        people = uow.users.all()
    organizer = next((u for u in people if u.active and allows(u, Permission.MANAGE_SETTINGS)), None)
    if organizer is None:
        raise UserError(N_("No organizer yet: the back office cannot be drawn."))
    window = BackOfficeWindow(db, organizer)
    window.resize(WIDTH, HEIGHT)
    window.show()
    section = window.show_section(key)
    for _round in range(100):  # its data is read off the GUI thread
        _settle(app)
        wait_for_jobs(100)
        if not section.loading:
            break
    _settle(app)
    return window


def _draw(app: QApplication, window: MainWindow, screen_name: str) -> QWidget:
    window.resize(WIDTH, HEIGHT)
    window.show()
    target: QWidget = window
    if screen_name in ("login", "setup"):
        window.show_screen(screen_name)
    elif screen_name in ("open", "closing"):
        _sign_in(window.till)
        window.show_screen(screen_name)
        screen = window.screens[screen_name]
        if isinstance(screen, OpenScreen):
            screen.counter.set_pieces(PICTURE_FLOAT)
        elif isinstance(screen, ClosingScreen):
            # The drawer as expected, 2,50 DH over: the picture shows a difference.
            _session, figures = window.till.figures()
            screen.counter.set_pieces(dict(pieces_for(figures.expected_cash + 250).pieces))
    else:
        _sign_in(window.till)
        if screen_name != "refund":
            _fill_cart(window.till)
        window.show_screen("sale" if screen_name == "customer" else screen_name)
        if screen_name == "refund":
            _load_latest_sale(window)
        if screen_name == "customer":
            window.set_customer_display(True)
            assert window.customer_display is not None
            window.customer_display.resize(WIDTH, HEIGHT)
            target = window.customer_display
    _settle(app)
    window.till_changed()
    _settle(app)
    return target
