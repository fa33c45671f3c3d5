"""Migration 0004 (the print queue) up and down, keeping queued jobs' bytes exact."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from possouk.services import printing
from possouk.storage import migrate
from possouk.storage.engine import database_url, make_engine
from possouk.storage.uow import open_database
from tests.conftest import Market


def _migrate(path: Path, revision: str, *, up: bool) -> None:
    engine = make_engine(database_url(path))
    config = migrate._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(config, revision)
    engine.dispose()


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}


def test_0004_down_drops_the_queue_and_up_brings_it_back(market: Market) -> None:
    path = market.db.path
    assert path is not None
    market.db.close()
    assert {"print_jobs", "ix_print_jobs_status", "ix_print_jobs_reference"} <= _tables(path)
    _migrate(path, "0003", up=False)
    assert not any("print_jobs" in name for name in _tables(path))
    _migrate(path, "head", up=True)
    assert {"print_jobs", "ix_print_jobs_status", "ix_print_jobs_reference"} <= _tables(path)


def test_queued_bytes_come_back_exactly(market: Market) -> None:
    data = bytes(range(256)) * 4  # every byte value, NULs included
    with market.db.write() as uow:
        job_id = uow.printing.add("2026-11-29T10:00:00.000000Z", "receipt", "MEK1-000001", 0, data)
        uow.commit()
    path = market.db.path
    assert path is not None
    market.db.close()
    db = open_database(path)
    try:
        [job] = printing.pending(db)
        assert (job.id, job.data, job.status, job.attempts) == (job_id, data, "queued", 0)
        with db.write() as uow:
            uow.printing.mark_failed(job_id, "some msgid")
            uow.printing.mark_printed(job_id, "2026-11-29T10:01:00.000000Z")
            uow.commit()
        with db.read() as uow:
            done = uow.printing.get(job_id)
        assert (done.status, done.attempts, done.last_error) == ("printed", 2, None)
        assert printing.pending(db) == []
    finally:
        db.close()
