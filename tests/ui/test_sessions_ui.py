"""Cash sessions in the window: the float counted at opening, cash in and out, the X report,
the closing with its differences and the Z report, and a session left open from another day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from possouk.domain.calendar import utc_now
from possouk.domain.cash import MoveKind, MoveReason, count_from, pieces_for
from possouk.domain.model import PaymentMethod
from possouk.i18n import set_language
from possouk.i18n.formatting import format_money
from possouk.services import sessions
from possouk.ui.app import create_application
from possouk.ui.cash_dialogs import CashMoveDialog, CashMoveRequest
from possouk.ui.count_widget import parse_pieces
from possouk.ui.main_window import MainWindow
from possouk.ui.screens.closing import ClosingScreen
from possouk.ui.screens.drawer import OpenScreen
from possouk.ui.screens.sale import SaleScreen
from possouk.ui.till import Till
from possouk.ui.workers import pending_jobs
from tests.conftest import Market


@pytest.fixture
def window(qtbot: QtBot, till: Till, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("POSSOUK_DOCUMENTS_DIR", str(tmp_path / "documents"))
    create_application()
    set_language("en")
    shown = MainWindow(till, log_path=tmp_path / "possouk.log", config_folder=tmp_path / "config")
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _close_market_session(market: Market) -> None:
    _session, figures = sessions.figures(market.db, "MEK1")
    sessions.close_session(market.db, market.cashier, "MEK1", pieces_for(figures.expected_cash), {})


def _login(window: MainWindow, login: str = "amina", pin: str = "1111") -> None:
    screen = window.login_screen
    screen.choose(next(u for u in screen._people() if u.login == login))
    for digit in pin:
        screen.type_digit(digit)
    screen.submit()


def _opening(window: MainWindow) -> OpenScreen:
    screen = window.screens["open"]
    assert isinstance(screen, OpenScreen)
    return screen


def _closing(window: MainWindow) -> ClosingScreen:
    screen = window.screens["closing"]
    assert isinstance(screen, ClosingScreen)
    return screen


def _sale(window: MainWindow) -> SaleScreen:
    screen = window.screens["sale"]
    assert isinstance(screen, SaleScreen)
    return screen


def _cell(screen: ClosingScreen, row: int, column: int) -> str:
    item = screen.table.item(row, column)
    assert item is not None
    return item.text()


def _no_pin(reason: str) -> tuple[str, str] | None:
    raise AssertionError("no supervisor should be asked")


# -- opening ------------------------------------------------------------------------------------

def test_login_without_a_session_goes_to_the_opening_screen(window: MainWindow,
                                                            market: Market) -> None:
    _close_market_session(market)
    _login(window)
    assert window.current_name == "open"
    assert "Register closed" in window.status_text()
    window.go_to("sale")  # nothing is sold before the float is counted
    assert window.current_name == "open"


def test_opening_with_a_counted_float(window: MainWindow, market: Market, till: Till) -> None:
    _close_market_session(market)
    _login(window)
    screen = _opening(window)
    screen.counter.set_text(20_000, "1")
    screen.counter.rows[1_000].plus.click()
    screen.counter.rows[1_000].plus.click()
    screen.counter.rows[1_000].plus.click()
    screen.counter.set_text(50, "٢")  # Arabic-Indic digits count too
    assert screen.counter.total_label.text() == format_money(23_100, "en")
    assert screen.counter.rows[1_000].amount.text() == format_money(3_000, "en")
    screen.open_button.click()
    assert window.current_name == "sale"
    session = till.current_session()
    assert session is not None
    assert session.opening.total == 23_100
    assert session.opening.as_dict() == {"20000": 1, "1000": 3, "50": 2}
    assert session.opened_by_id == market.cashier.id
    assert f"Session {session.reference} since" in window.status_text()


@pytest.mark.parametrize(("typed", "said"), [
    ("abc", "“abc” is not a number of pieces: type digits only."),
    ("2.5", "“2.5” is not a number of pieces: type digits only."),
    ("-2", "The number of pieces cannot be negative."),
    ("9999999", "9999999 pieces of one kind is more than a drawer holds."),
])
def test_bad_counts_are_refused_with_a_sentence(window: MainWindow, market: Market, till: Till,
                                                typed: str, said: str) -> None:
    _close_market_session(market)
    _login(window)
    screen = _opening(window)
    screen.counter.set_text(10_000, "1")
    screen.counter.set_text(500, typed)
    assert screen.counter.message.text() == said  # at once, under the rows
    assert screen.counter.total_label.text() == "—"
    screen.open_button.click()
    assert window.current_name == "open"
    assert screen.counter.message.kind == "error" and screen.counter.message.text() == said
    assert till.current_session() is None  # nothing written


def test_parse_pieces() -> None:
    assert parse_pieces("") == 0 and parse_pieces(" 12 ") == 12 and parse_pieces("١٠") == 10
    assert parse_pieces("-3") == -3


# -- a session of an earlier day ----------------------------------------------------------------

def test_a_stale_session_sends_to_the_closing_screen_first(window: MainWindow, market: Market,
                                                           till: Till) -> None:
    _close_market_session(market)
    sessions.open_session(market.db, market.cashier, "MEK1", count_from({10_000: 1}),
                          at=utc_now() - timedelta(days=2))
    _login(window)
    assert window.current_name == "closing"
    screen = _closing(window)
    assert "is still open at register MEK1: close it before selling." in screen.message.text()
    assert screen.back_button.isHidden()
    window.go_to("sale")
    assert window.current_name == "closing"
    screen.counter.set_text(10_000, "1")
    screen.close_button.click()
    assert screen.pages.currentWidget() is screen.summary
    screen.done_button.click()
    assert window.current_name == "login"
    _login(window)
    assert window.current_name == "open"  # a new session, for today


# -- during the session -------------------------------------------------------------------------

def test_a_cash_drop_by_a_cashier_needs_a_supervisor(window: MainWindow, market: Market,
                                                     till: Till, qtbot: QtBot) -> None:
    _login(window)
    sale = _sale(window)
    assert window.current_name == "sale"
    drop = CashMoveRequest(MoveKind.OUT, MoveReason.SAFE_DROP, 5_000)
    sale.ask_cash_move = lambda: drop  # type: ignore[method-assign]
    sale.ask_supervisor = lambda reason: None  # type: ignore[method-assign]
    assert not sale.cash_move()
    assert sale.message.text() == "Not done: a supervisor did not approve it."
    assert till.figures()[1].cash_out == 0
    sale.ask_supervisor = lambda reason: ("karim", "9999")  # type: ignore[method-assign]
    assert not sale.cash_move()
    assert till.figures()[1].cash_out == 0
    sale.ask_supervisor = lambda reason: ("karim", "2222")  # type: ignore[method-assign]
    assert sale.cash_move()
    assert "Cash out no. 1 recorded" in sale.message.text()
    assert till.figures()[1].cash_out == 5_000
    qtbot.waitUntil(lambda: pending_jobs() == 0)


def test_a_supervisor_moves_cash_without_a_pin(window: MainWindow, market: Market,
                                               till: Till, qtbot: QtBot) -> None:
    _login(window, "karim", "2222")
    sale = _sale(window)
    sale.ask_supervisor = _no_pin  # type: ignore[method-assign]
    assert sale.cash_move(CashMoveRequest(MoveKind.IN, MoveReason.FLOAT_TOP_UP, 2_000))
    assert till.figures()[1].cash_in == 2_000
    assert not sale.cash_move(CashMoveRequest(MoveKind.OUT, MoveReason.SAFE_DROP, 10_000_000))
    assert "cannot be taken out" in sale.message.text()
    qtbot.waitUntil(lambda: pending_jobs() == 0)


def test_the_cash_dialog_reads_what_was_typed(qtbot: QtBot) -> None:
    set_language("en")
    dialog = CashMoveDialog()
    qtbot.addWidget(dialog)
    assert dialog.kind() is MoveKind.OUT and dialog.reason() is MoveReason.SAFE_DROP
    assert dialog.reason_buttons[MoveReason.FLOAT_TOP_UP].isHidden()
    dialog.amount.setText("abc")
    dialog.confirm()
    assert "is not an amount" in dialog.message.text() and dialog.request is None
    dialog.set_kind(MoveKind.IN)
    assert dialog.reason() is MoveReason.FLOAT_TOP_UP
    dialog.reason_buttons[MoveReason.OTHER].setChecked(True)
    dialog.amount.setText("20,50")
    dialog.confirm()
    assert dialog.message.text() == "Say what the money is for."
    dialog.note.setText("coins from the bank")
    dialog.confirm()
    assert dialog.request == CashMoveRequest(MoveKind.IN, MoveReason.OTHER, 2_050,
                                             "coins from the bank")


def test_the_x_report_shows_the_figures(window: MainWindow, market: Market, till: Till) -> None:
    market.sell([(market.soap, 2_000)])  # 25 DH in cash
    market.sell([(market.honey, 1_000)], [(PaymentMethod.CARD, 12_000)])
    _login(window)
    dialog = _sale(window).show_x_report()
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    assert "Number of sales: 2" in text
    assert f"Opening float: {format_money(20_000, 'en')}" in text
    assert f"Card: {format_money(12_000, 'en')}" in text
    assert f"Expected cash: {format_money(22_500, 'en')}" in text
    dialog.close()


# -- closing ------------------------------------------------------------------------------------

def test_closing_exact_writes_the_z_and_goes_back_to_login(window: MainWindow, market: Market,
                                                           till: Till, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    market.sell([(market.soap, 2_000)])
    _login(window)
    _sale(window).close_register_button.click()
    assert window.current_name == "closing"
    screen = _closing(window)
    screen.counter.set_pieces({20_000: 1, 2_000: 1, 500: 1})  # 225 DH, as expected
    assert _cell(screen, 0, 3) == format_money(0, "en", currency=False)
    assert _cell(screen, 0, 4) == "Exact"
    screen.close_button.click()
    assert screen.pages.currentWidget() is screen.summary
    assert till.current_session() is None
    reports = sessions.z_reports(market.db, "MEK1")
    assert [z.reference for z in reports] == ["MEK1-Z0001"]
    assert reports[0].counted_cash == 22_500 and reports[0].approved_by is None
    assert screen.summary_labels["number"][1].text() == "MEK1-Z0001"
    qtbot.waitUntil(lambda: pending_jobs() == 0)
    pdf = tmp_path / "documents" / "Z" / "MEK1-Z0001.pdf"
    qtbot.waitUntil(lambda: screen.summary_labels["pdf"][1].text() == str(pdf))
    assert pdf.is_file()
    screen.done_button.click()
    assert window.current_name == "login" and till.user is None
    assert "Register closed" in window.status_text()


def test_a_surplus_beyond_the_tolerance_needs_a_supervisor_and_a_reason(
        window: MainWindow, market: Market, till: Till, qtbot: QtBot) -> None:
    _login(window)
    window.go_to("closing")
    screen = _closing(window)
    screen.counter.set_pieces({20_000: 1, 200: 1, 50: 1})  # 202,50 DH for 200 expected
    assert _cell(screen, 0, 3) == "+" + format_money(250, "en", currency=False)
    assert _cell(screen, 0, 4) == "Surplus"
    assert "Beyond the tolerance" in screen.verdict.text()
    asked: list[str] = []
    screen.ask_supervisor = lambda reason: asked.append(reason)  # type: ignore[method-assign]
    screen.close_button.click()
    assert screen.message.text() == "Say why the count differs."
    assert not asked and till.current_session() is not None
    screen.reason.setText("a customer left the change")
    screen.close_button.click()
    assert asked and screen.message.text() == "Not done: a supervisor did not approve it."
    assert till.current_session() is not None
    screen.ask_supervisor = lambda reason: ("karim", "2222")  # type: ignore[method-assign]
    screen.close_button.click()
    assert till.current_session() is None
    report = sessions.z_reports(market.db, "MEK1")[0]
    assert report.approved_by == "Karim" and report.reason == "a customer left the change"
    assert report.difference(PaymentMethod.CASH) == 250
    qtbot.waitUntil(lambda: pending_jobs() == 0)


def test_a_small_difference_closes_without_a_supervisor(window: MainWindow, market: Market,
                                                        till: Till, qtbot: QtBot) -> None:
    _login(window)
    window.go_to("closing")
    screen = _closing(window)
    screen.counter.set_pieces({10_000: 1, 5_000: 1, 2_000: 2, 500: 1, 200: 2})  # 1 DH short
    assert _cell(screen, 0, 4) == "Shortage"
    assert "Within the tolerance" in screen.verdict.text()
    screen.ask_supervisor = _no_pin  # type: ignore[method-assign]
    screen.close_button.click()
    assert till.current_session() is None
    qtbot.waitUntil(lambda: pending_jobs() == 0)


def test_terminal_slips_are_checked(window: MainWindow, market: Market, till: Till,
                                    qtbot: QtBot) -> None:
    market.sell([(market.honey, 1_000)], [(PaymentMethod.CARD, 12_000)])
    _login(window)
    window.go_to("closing")
    screen = _closing(window)
    screen.counter.set_pieces({10_000: 1, 5_000: 1, 2_000: 2, 1_000: 1})
    assert screen.table.rowCount() == 2  # cash, and the card that was taken
    screen.slips[PaymentMethod.CARD].setText("1x0")
    assert "is not an amount" in screen.slips_message.text()
    screen.slips[PaymentMethod.CARD].setText("110")
    assert _cell(screen, 1, 3) == "−" + format_money(1_000, "en", currency=False)
    assert "Beyond the tolerance" in screen.verdict.text()
    screen.slips[PaymentMethod.CARD].setText("120")
    screen.close_button.click()
    assert till.current_session() is None
    assert sessions.z_reports(market.db, "MEK1")[0].declared == {PaymentMethod.CARD: 12_000}
    qtbot.waitUntil(lambda: pending_jobs() == 0)


# -- pictures -----------------------------------------------------------------------------------

def test_pictures_of_the_opening_and_closing_screens(market: Market, tmp_path: Path) -> None:
    from possouk.ui.screenshot import screenshot

    screenshot(market.db, "MEK1", tmp_path / "closing-open.png", "fr", "closing")
    _close_market_session(market)
    for name in ("open", "closing"):  # closing: drawn over a copy with a session opened
        screenshot(market.db, "MEK1", tmp_path / f"{name}.png", "ar", name)
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    assert sessions.current_session(market.db, "MEK1") is None  # the database is untouched


def test_a_cashier_cannot_close_the_session_of_another(window: MainWindow, market: Market,
                                                        till: Till) -> None:
    from possouk.domain.model import Role
    from possouk.services import users
    from possouk.services.events import COMMAND_LINE

    users.add_user(market.db, COMMAND_LINE, "nadia", "Nadia", Role.CASHIER, "4444")
    _login(window, "nadia", "4444")
    window.go_to("closing")
    screen = _closing(window)
    assert "opened by Amina" in screen.message.text()
    screen.counter.set_pieces({10_000: 1, 5_000: 1, 2_000: 2, 1_000: 1})
    screen.close_button.click()
    assert "opened by Amina" in screen.message.text()
    assert till.current_session() is not None
    window.switch_user_clicked()
    _login(window, "karim", "2222")  # a supervisor closes anyone's
    window.go_to("closing")
    screen.counter.set_pieces({10_000: 1, 5_000: 1, 2_000: 2, 1_000: 1})
    screen.close_button.click()
    assert till.current_session() is None


def test_a_scan_on_the_opening_screen_counts_nothing(window: MainWindow, market: Market) -> None:
    _close_market_session(market)
    _login(window)
    screen = _opening(window)
    assert market.honey.barcode is not None
    assert screen.scanned(market.honey.barcode)
    assert "count the float and open it first" in screen.message.text()
    assert screen.counter.count().total == 0
