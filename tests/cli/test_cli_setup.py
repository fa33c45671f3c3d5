"""Setting a store up from the command line: store, site, register, user."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from possouk.domain.errors import UserError
from possouk.services import users
from possouk.storage.uow import open_database
from tests.cli.conftest import Cli, TtyInput


def _count(cli: Cli, table: str) -> int:
    with closing(sqlite3.connect(cli.db_path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_store_set_then_show(cli: Cli) -> None:
    result = cli("store", "set", "--name-fr", "Magasin solidaire", "--name-ar", "المتجر التضامني",
                 "--ice", "001525489000088", "--commission", "12,5", "--day-cutoff", "03:30",
                 "--cash-rounding", "0.10", "--footer", "Merci", "--if", "40123456")
    assert result.code == 0, result.err
    assert "saved" in result.out

    shown = cli("store", "show")
    assert shown.code == 0
    assert "Magasin solidaire" in shown.out and "03:30" in shown.out and "12.5%" in shown.out

    data = cli("store", "show", "--json").json()
    assert data == {
        "name_ar": "المتجر التضامني", "name_fr": "Magasin solidaire", "address": "",
        "ice": "001525489000088", "if": "40123456", "rc": "", "phone": "", "footer": "Merci",
        "commission_pct": "12.5", "day_cutoff": "03:30", "cash_rounding": "0.10",
        "cash_tolerance": "2.00", "currency": "MAD",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Nothing to change"),
        (("--commission", "150"), "between 0 and 100"),
        (("--day-cutoff", "25:00"), "not a time of day"),
        (("--cash-rounding", "abc"), "not an amount"),
        (("--ice", "12"), "ICE"),
    ],
)
def test_store_set_refusals(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("store", "set", *args)
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err


def test_site_and_register(cli: Cli) -> None:
    added = cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès",
                "--from", "2025-05-10", "--to", "2025-05-17")
    assert added.code == 0, added.err
    assert "MEK" in added.out
    assert cli("site", "add", "HAJ", "--name-ar", "الحاجب", "--name-fr", "El Hajeb",
               "--allow-oversell").code == 0
    assert cli("register", "add", "MEK1", "--site", "MEK").code == 0

    sites = cli("site", "list", "--json").json()
    assert sites == [
        {"code": "HAJ", "name_ar": "الحاجب", "name_fr": "El Hajeb", "from": None, "to": None,
         "allow_oversell": True},
        {"code": "MEK", "name_ar": "مكناس", "name_fr": "Meknès", "from": "2025-05-10",
         "to": "2025-05-17", "allow_oversell": False},
    ]
    assert cli("register", "list", "--json").json() == [{"code": "MEK1", "site": "MEK"}]
    listing = cli("site", "list")
    assert "Meknès" in listing.out and "10/05/2025" in listing.out
    assert "MEK1" in cli("register", "list").out


def test_unknown_site_code_is_refused(cli: Cli) -> None:
    result = cli("register", "add", "X1", "--site", "NOPE")
    assert result.code == 1
    assert result.err.strip() == "There is no site with the code NOPE."
    assert _count(cli, "registers") == 0
    assert cli("stock", "--site", "NOPE").code == 1


def test_duplicate_site_and_bad_dates(cli: Cli) -> None:
    assert cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès").code == 0
    again = cli("site", "add", "MEK", "--name-ar", "مكناس", "--name-fr", "Meknès")
    assert again.code == 1 and "already exists" in again.err
    bad = cli("site", "add", "HAJ", "--name-ar", "الحاجب", "--name-fr", "El Hajeb", "--from", "10/05")
    assert bad.code == 1 and "not a date" in bad.err
    assert _count(cli, "sites") == 1


def test_bidi_control_in_a_name_is_refused_and_nothing_written(cli: Cli) -> None:
    result = cli("site", "add", "MEK", "--name-ar", "مكن\u202eاس", "--name-fr", "Meknès")
    assert result.code == 1
    assert "U+202E" in result.err
    assert "Traceback" not in result.err
    assert _count(cli, "sites") == 0
    store = cli("store", "set", "--name-fr", "Magasin\u2066 solidaire")
    assert store.code == 1 and "U+2066" in store.err
    assert cli("store", "show", "--json").json()["name_fr"] == ""


def test_user_add_with_pin_from_stdin(cli: Cli) -> None:
    result = cli("user", "add", "amina", "--name", "Amina", "--role", "cashier", stdin="4321\n")
    assert result.code == 0, result.err
    assert "amina" in result.out
    db = open_database(cli.db_path)
    try:
        assert users.authenticate(db, "amina", "4321").login == "amina"
    finally:
        db.close()
    assert cli("user", "list", "--json").json() == [
        {"login": "amina", "name": "Amina", "role": "cashier", "active": True, "locked": False}
    ]


def test_user_add_without_any_pin_is_refused(cli: Cli) -> None:
    result = cli("user", "add", "amina", "--name", "Amina", "--role", "cashier", stdin="")
    assert result.code == 1
    assert "No PIN" in result.err
    assert _count(cli, "users") == 0


def test_user_add_pin_asked_twice_on_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["5678", "5678", "1111", "2222"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    ok = cli("user", "add", "karim", "--name", "Karim", "--role", "supervisor", stdin=TtyInput(""))
    assert ok.code == 0, ok.err
    differ = cli("user", "add", "salma", "--name", "Salma", "--role", "organizer", stdin=TtyInput(""))
    assert differ.code == 1 and "differ" in differ.err
    assert [u["login"] for u in cli("user", "list", "--json").json()] == ["karim"]


def test_user_pin_option_and_bad_pin(cli: Cli) -> None:
    assert cli("user", "add", "salma", "--name", "Salma", "--role", "organizer", "--pin", "9999").code == 0
    bad = cli("user", "add", "nour", "--name", "Nour", "--role", "cashier", "--pin", "12")
    assert bad.code == 1 and "4 to 12 digits" in bad.err
    wrong_role = cli("user", "add", "nour", "--name", "Nour", "--role", "boss", "--pin", "1234")
    assert wrong_role.code == 2  # argparse refuses the choice
    assert "Salma" in cli("user", "list").out


def test_user_unlock(cli: Cli) -> None:
    assert cli("user", "add", "amina", "--name", "Amina", "--role", "cashier", "--pin", "1234").code == 0
    db = open_database(cli.db_path)
    try:
        for _ in range(5):
            with pytest.raises(UserError):
                users.authenticate(db, "amina", "0000")
        assert users.users(db)[0].locked
        result = cli("user", "unlock", "amina")
        assert result.code == 0, result.err
        assert not users.users(db)[0].locked
        assert users.authenticate(db, "amina", "1234").login == "amina"
    finally:
        db.close()
    assert cli("user", "unlock", "nobody").code == 1


def test_empty_listings_say_so(cli: Cli) -> None:
    assert "No site yet" in cli("site", "list").out
    assert "No register yet" in cli("register", "list").out
    assert "No user yet" in cli("user", "list").out
    assert cli("site", "list", "--json").json() == []
