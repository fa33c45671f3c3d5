"""The database file: pragmas, migrations, final documents, backups, a full disk."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from possouk.domain.errors import EnvironmentFault, UserError
from possouk.services import audit
from possouk.storage import backup, migrate
from possouk.storage.uow import Database, open_database
from tests.conftest import Market


def test_sqlite_pragmas(db: Database) -> None:
    with db.read() as uow:
        pragma = {name: uow.connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                      "busy_timeout": 10_000}


def test_new_database_is_at_head(db: Database) -> None:
    assert migrate.schema_state(db.engine).up_to_date


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(EnvironmentFault, match="newer version"):
        open_database(path)


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(EnvironmentFault, match="not a possouk database"):
        open_database(path)


def test_upgrade_backs_up_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    open_database(path).close()
    calls: list[str] = []

    def older(_engine: object) -> migrate.SchemaState:
        return migrate.SchemaState(current="0000", head=migrate.head_revision())

    def upgrade(_engine: object, then: object = None) -> None:
        backups = list((tmp_path / "backups").glob("before-upgrade-0000-*.sqlite3"))
        calls.append(f"upgrade after {len(backups)} backup")

    monkeypatch.setattr(migrate, "schema_state", older)
    monkeypatch.setattr(migrate, "upgrade", upgrade)
    open_database(path).close()
    assert calls == ["upgrade after 1 backup"]
    with pytest.raises(EnvironmentFault, match="db upgrade"):
        open_database(path, upgrade=False)


def test_final_documents_cannot_be_changed(market: Market) -> None:
    market.sell([(market.soap, 1000)])
    market.db.close()
    path = market.db.path
    assert path is not None
    with sqlite3.connect(path) as conn:
        for statement in ("UPDATE sale_lines SET unit_price = 1", "DELETE FROM payments",
                          "UPDATE sales SET total = 0", "DELETE FROM events",
                          "UPDATE stock_movements SET quantity = 0"):
            with pytest.raises(sqlite3.DatabaseError, match="final documents"):
                conn.execute(statement)


def test_backup_restore_round_trip(market: Market, tmp_path: Path) -> None:
    assert market.db.path is not None
    saved = backup.backup(market.db.path, tmp_path / "backups")
    assert backup.check_file(saved) == migrate.head_revision()
    market.sell([(market.soap, 1000)])
    market.db.close()
    backup.restore(saved, market.db.path)
    restored = open_database(market.db.path)
    with restored.read() as uow:
        assert uow.queries.counts()["sales"] == 0
    assert audit.verify(restored).ok


def test_backups_rotate(market: Market, tmp_path: Path) -> None:
    assert market.db.path is not None
    for _ in range(4):
        backup.backup(market.db.path, tmp_path / "rot", keep=2)
    assert len(list((tmp_path / "rot").glob("possouk-*.sqlite3"))) == 2


def test_restore_refuses_a_bad_file(market: Market, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x89PNG not a database at all" * 100)
    assert market.db.path is not None
    with pytest.raises(UserError, match="not a possouk database"):
        backup.restore(junk, market.db.path)


def test_backup_on_a_full_disk_leaves_nothing(market: Market, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "fsync", full)
    assert market.db.path is not None
    with pytest.raises(EnvironmentFault, match="disk is full"):
        backup.backup(market.db.path, tmp_path / "full")
    assert list((tmp_path / "full").iterdir()) == []


def test_a_full_database_disk_loses_no_half_sale(market: Market) -> None:
    market.sell([(market.soap, 1000)])

    @event.listens_for(market.db.engine, "connect")
    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    market.db.engine.dispose()
    with pytest.raises(EnvironmentFault, match="disk is full"):
        for _ in range(200):
            market.sell([(market.soap, 1000), (market.honey, 1000), (market.oil, 1000)])
    event.remove(market.db.engine, "connect", cap)
    market.db.engine.dispose()
    report = audit.verify(market.db)
    assert report.ok, report.findings


def test_a_file_that_is_not_sqlite_is_refused_with_a_sentence(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list: honey, figs, olive oil\n" * 200, encoding="utf-8")
    with pytest.raises(EnvironmentFault, match="not a possouk database"):
        open_database(notes)
    assert notes.read_text(encoding="utf-8").startswith("shopping list")  # left as it was
