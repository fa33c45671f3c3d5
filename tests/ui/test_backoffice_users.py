"""The back office's Users section, built directly over the market's ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from possouk.domain.errors import UserError
from possouk.domain.model import Role, User
from possouk.i18n import set_language
from possouk.services import users
from possouk.services.events import COMMAND_LINE
from possouk.ui.backoffice.users import UsersSection
from tests.conftest import Market


def _section(qtbot: QtBot, market: Market, user: User | None = None) -> UsersSection:
    section = UsersSection(market.db, user or market.organizer)
    qtbot.addWidget(section)
    section.resize(1050, 800)
    section.show()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.refresh()
    return section


def _role(section: UsersSection, login: str) -> Role:
    return section.user_row(login).role


@pytest.fixture(autouse=True)
def french() -> None:
    set_language("fr")


def test_the_table_lists_every_account(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    assert sorted(section.logins()) == ["amina", "karim", "salma"]
    row = section.logins().index("karim")
    assert section.model.data(section.model.index(row, 2)) == "superviseur"


def test_create_with_a_pin_mismatch_is_refused(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.login.edit.setText("nadia")
    section.name.edit.setText("Nadia")
    section.pin.edit.setText("4444")
    section.pin_again.edit.setText("4445")
    section.create_button.click()
    assert section.pin_again.wrong
    assert section.message.kind == "error"
    assert "nadia" not in {u.login for u in users.users(market.db)}

    section.pin_again.edit.setText("4444")
    section.role.setCurrentIndex(section.role.findData("supervisor"))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.create_button.click()
    assert section.message.kind == "info"
    assert _role(section, "nadia") is Role.SUPERVISOR
    assert section.login.value == "" and section.pin.value == ""


def test_a_field_says_what_is_wrong_as_it_is_edited(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    for typed in ("n", "na", "na ", "na d"):
        section.login.edit.setText(typed)
        section.login.edit.textEdited.emit(typed)
    assert section.login.wrong and "espace" in section.login.error.text()
    section.login.edit.setText("nadia")
    section.login.edit.textEdited.emit("nadia")
    assert not section.login.wrong


def test_change_role(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.select("amina")
    section.new_role.setCurrentIndex(section.new_role.findData("supervisor"))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.role_button.click()
    assert _role(section, "amina") is Role.SUPERVISOR
    assert section.selected_login() == "amina"  # still selected after the reload


def test_reset_pin_then_log_in_with_it(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.select("amina")
    section.new_pin.edit.setText("8642")
    section.new_pin_again.edit.setText("8642")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.pin_button.click()
    assert users.authenticate(market.db, "amina", "8642").login == "amina"
    with pytest.raises(UserError):
        users.authenticate(market.db, "amina", "1111")


def test_cannot_deactivate_the_last_organizer(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.ask_confirm = lambda question: True  # type: ignore[method-assign]
    section.select("salma")
    section.active_button.click()  # herself
    assert section.message.kind == "error"
    section.new_role.setCurrentIndex(section.new_role.findData("cashier"))
    section.role_button.click()
    assert section.message.kind == "error" and "Salma" in section.message.text()  # the last one
    assert _role(section, "salma") is Role.ORGANIZER

    by_command_line = _section(qtbot, market, COMMAND_LINE)
    by_command_line.ask_confirm = lambda question: True  # type: ignore[method-assign]
    by_command_line.select("salma")
    by_command_line.active_button.click()
    assert by_command_line.message.kind == "error"
    assert all(u.active for u in users.users(market.db))


def test_deactivate_and_reactivate(qtbot: QtBot, market: Market,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    section = _section(qtbot, market)
    asked: list[str] = []

    def ask(question: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(section, "ask_confirm", ask)
    section.select("karim")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.active_button.click()
    assert asked and "Karim" in asked[0]
    assert not section.user_row("karim").active
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.active_button.click()  # now "Reactivate": no question
    assert section.user_row("karim").active and len(asked) == 1


def test_unlock(qtbot: QtBot, market: Market) -> None:
    for _attempt in range(5):
        with pytest.raises(UserError):
            users.authenticate(market.db, "amina", "0000")
    section = _section(qtbot, market)
    section.select("amina")
    assert section.unlock_button.isEnabled()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.unlock_button.click()
    assert not section.user_row("amina").locked


def test_the_event_log_filters_by_user_and_kind(qtbot: QtBot, market: Market) -> None:
    users.authenticate(market.db, "amina", "1111")
    users.authenticate(market.db, "karim", "2222")
    with pytest.raises(UserError):
        users.authenticate(market.db, "amina", "9999")
    section = _section(qtbot, market)
    kinds = [section.kind_filter.itemData(i) for i in range(section.kind_filter.count())]
    assert {"login", "login_failed", "user_added"} <= set(kinds)

    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.set_filters(login="amina")
    assert set(section.event_logins_shown()) == {"amina"}
    assert {"login", "login_failed"} <= set(section.event_kinds_shown())

    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.set_filters(login="amina", kind="login")
    assert section.event_kinds_shown() == ["login"]
    assert section.page_label.text().endswith("1")

    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.set_filters(kind="login")
    assert set(section.event_logins_shown()) == {"amina", "karim"}
    shown = [e.seq for e in section.events.records]
    assert shown == sorted(shown, reverse=True)  # newest first


def test_every_kind_the_services_log_has_words() -> None:
    """The event log names each kind in the user's language: a new kind needs its label."""
    import re
    from pathlib import Path

    from possouk.domain.cash import MoveKind
    from possouk.domain.closing import ClosingKind
    from possouk.domain.model import StockKind
    from possouk.ui.backoffice.users import KIND_LABELS

    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in Path("possouk/services").glob("*.py"))
    kinds = set(re.findall(r'log_event\(\s*uow,\s*[\w.]+,\s*"([a-z_]+)"', source))
    # a kind chosen in the call: log_event(uow, who, "manual_sale" if … else "sale", …)
    kinds |= set(re.findall(r'log_event\(\s*uow,\s*[\w.]+,\s*"[a-z_]+" if [^"]+ else "([a-z_]+)"',
                            source))
    kinds.discard("cash_")  # "cash_" + the movement's kind, below
    kinds |= set(re.findall(r'"(cooperative_(?:de)?activated|product_(?:de|re)activated)"', source))
    kinds |= {f"cash_{k.value}" for k in MoveKind} | {f"close_{k.value}" for k in ClosingKind}
    kinds |= {f"stock_{k.value}" for k in (StockKind.INTAKE, StockKind.RETURN, StockKind.ADJUSTMENT)}
    assert kinds and kinds <= set(KIND_LABELS), sorted(kinds - set(KIND_LABELS))


def test_head_office_reads_the_event_logs_received_from_the_sites(qtbot: QtBot,
                                                                 tmp_path: Path) -> None:
    from possouk.services import exchange
    from possouk.storage.uow import open_database
    from tests.services.exchange_scenario import Site, build_catalog, new_site_database, person

    office = open_database(tmp_path / "office.sqlite3")
    build_catalog(office)
    exchange.export_catalog(office, COMMAND_LINE, tmp_path / "catalog.pxb")
    hajeb = Site(new_site_database(tmp_path / "elh.sqlite3", tmp_path / "catalog.pxb"), "ELH")
    hajeb.first_day()
    with pytest.raises(UserError):
        users.authenticate(hajeb.db, "amina", "9999")  # a wrong PIN at El Hajeb
    exchange.export_journal(hajeb.db, COMMAND_LINE, tmp_path / "elh.pxb")

    section = UsersSection(office, person(office, "salma"))
    qtbot.addWidget(section)
    section.show()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.refresh()
    assert section.log_filter.isHidden()  # nothing received yet: one log, no choice
    exchange.import_journal(office, COMMAND_LINE, tmp_path / "elh.pxb", accept_new_site=True)
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.refresh()
    assert not section.log_filter.isHidden()
    assert [section.log_filter.itemText(i) for i in range(section.log_filter.count())] == [
        "Cette base", "Reçu de ELH"]
    here = section.event_kinds_shown()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.log_filter.setCurrentIndex(1)
        section.log_filter.activated.emit(1)
    received = section.event_kinds_shown()
    assert "login_failed" in received and "exchange_export" in received
    assert "exchange_import" in here and "exchange_import" not in received
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.set_filters(login="amina", kind="login_failed")
    assert section.event_kinds_shown() == ["login_failed"]  # still El Hajeb's log, filtered
    assert set(section.event_logins_shown()) == {"amina"}
