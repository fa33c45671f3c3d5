"""The glance at a database that paints the login screen before SQLAlchemy is imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from possouk.storage.entrance import read_entrance
from possouk.storage.location import HEAD, database_location, sqlite_file
from possouk.storage.uow import Database, open_database
from possouk.ui.till import Till
from tests.conftest import Market


def _path(db: Database) -> Path:
    assert db.path is not None
    return db.path


def test_it_shows_what_the_till_shows(market: Market) -> None:
    entrance = read_entrance(_path(market.db))
    assert entrance is not None
    till = Till(market.db, "MEK1")
    assert entrance.people == till.users()  # same people, same order (cashiers first)
    assert entrance.register_codes == till.register_codes() == ["MEK1"]
    assert (entrance.store_name_ar, entrance.store_name_fr) == ("المتجر التضامني",
                                                               "Magasin solidaire")


def test_inactive_people_have_no_tile(market: Market) -> None:
    path = _path(market.db)
    market.db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE users SET active = 0 WHERE login = 'karim'")
    connection.close()
    entrance = read_entrance(path)
    assert entrance is not None
    assert [u.login for u in entrance.people] == ["amina", "salma"]


def test_it_writes_nothing(market: Market) -> None:
    path = _path(market.db)
    market.db.close()
    before = path.read_bytes()
    assert read_entrance(path) is not None
    assert path.read_bytes() == before


def test_the_environment_names_the_database(market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSSOUK_DB", str(_path(market.db)))
    assert read_entrance(None) is not None


@pytest.mark.parametrize("location", [
    "postgresql+psycopg://possouk@localhost/possouk",  # another kind of database
    "sqlite:///:memory:",
    "sqlite:///x.sqlite3?mode=ro",  # a URL with options: the plain way reads it
])
def test_other_locations_are_left_to_the_plain_way(location: str) -> None:
    assert read_entrance(location) is None


def test_a_missing_file_is_left_to_the_plain_way(tmp_path: Path) -> None:
    assert read_entrance(tmp_path / "new.sqlite3") is None
    assert not (tmp_path / "new.sqlite3").exists()  # not created either


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("shopping list\n", encoding="utf-8")
    assert read_entrance(path) is None
    assert path.read_text(encoding="utf-8") == "shopping list\n"


def test_a_sqlite_file_of_someone_else(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    connection.close()
    assert read_entrance(path) is None


def test_an_older_schema_is_left_to_the_plain_way(market: Market) -> None:
    path = _path(market.db)
    market.db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0004'")
    connection.close()
    assert read_entrance(path) is None


def test_an_empty_database_goes_to_setup(tmp_path: Path) -> None:
    database = open_database(tmp_path / "empty.sqlite3")  # schema, no register, nobody
    try:
        assert read_entrance(tmp_path / "empty.sqlite3") is None
    finally:
        database.close()


def test_locations_without_sqlalchemy(tmp_path: Path) -> None:
    assert database_location(tmp_path / "a.sqlite3") == f"sqlite+pysqlite:///{tmp_path / 'a.sqlite3'}"
    assert database_location("postgresql://h/db") == "postgresql://h/db"
    assert sqlite_file(f"sqlite:///{tmp_path}/a.sqlite3") == tmp_path / "a.sqlite3"
    assert sqlite_file("postgresql://h/db") is None
    assert len(HEAD) == 4 and HEAD.isdigit()
