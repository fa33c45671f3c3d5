"""Every schema possouk has had upgrades to today's, keeps its rows and verifies.

The fixtures (tests/fixtures/schemas/possouk-<revision>.sqlite3) were written by the
program of the commit that introduced each schema (make_fixtures.py there); a new
migration adds one. Each is opened the way the window opens an older database:
backed up, then migrated.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from possouk.services import audit, maintenance
from possouk.storage import backup
from possouk.storage.location import HEAD
from possouk.storage.uow import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
KEPT = sorted(FIXTURES.glob("possouk-*.sqlite3"))
VERSIONS = Path(__file__).resolve().parents[2] / "possouk" / "storage" / "migrations" / "versions"


def _revision(path: Path) -> str:
    return path.stem.removeprefix("possouk-")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
            "('sales', 'sale_lines', 'refunds', 'products', 'cooperatives', 'users', "
            "'stock_movements', 'events')")]
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in tables}


def test_a_fixture_is_kept_for_every_schema() -> None:
    revisions = {script.name[:4] for script in VERSIONS.glob("[0-9]*.py")}
    assert {_revision(path) for path in KEPT} == revisions, (
        "run tests/fixtures/schemas/make_fixtures.py after adding a migration")


@pytest.mark.parametrize("fixture", KEPT, ids=_revision)
def test_an_older_database_is_backed_up_upgraded_and_verified(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "possouk.sqlite3"
    shutil.copyfile(fixture, path)
    before = _counts(path)
    db = open_database(path)  # what the window now does with an older schema
    try:
        report = audit.verify(db, log_failures=False)
        assert report.ok, [finding.describe() for finding in report.findings]
        status = maintenance.status(db)
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    after = _counts(path)
    for table, count in before.items():  # nothing lost; events may be added
        assert after[table] >= count if table == "events" else after[table] == count, table
    kept = list(backup.default_backup_folder(path).glob(f"before-upgrade-{_revision(fixture)}-*"))
    if _revision(fixture) != HEAD:
        assert len(kept) == 1 and _counts(kept[0]) == before  # the copy is the old database
        if before.get("sales"):
            assert status.counts.get("sales") == before["sales"]
    else:
        assert kept == []


def _sums(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [conn.execute(f"SELECT count(*), total(1) FROM {table}").fetchone()
                for table in ("summary_receipts", "summary_cooperatives", "summary_products",
                              "summary_categories")]


@pytest.mark.parametrize("fixture", [path for path in KEPT if _revision(path) < "0008"],
                         ids=_revision)
def test_db_upgrade_fills_the_running_sums_like_the_window(fixture: Path, tmp_path: Path) -> None:
    """``possouk db upgrade`` of a database older than the running sums fills them from its
    sales, as opening it does (the reports and the dashboard read nothing else)."""
    by_command, by_window = tmp_path / "command.sqlite3", tmp_path / "window.sqlite3"
    shutil.copyfile(fixture, by_command)
    shutil.copyfile(fixture, by_window)
    report = maintenance.upgrade_database(by_command)
    assert report.changed and report.backup is not None
    open_database(by_window).close()
    assert _sums(by_command) == _sums(by_window)
    if _counts(fixture).get("sales"):
        assert _sums(by_command)[0][0] > 0


def test_an_upgrade_interrupted_at_the_running_sums_leaves_the_old_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The migrations and the running sums are one transaction: a failure in the sums (the
    machine switched off, a full disk) leaves the database as it was, and the next try does
    both."""
    from possouk.storage.summary_repo import SummaryRepo

    path = tmp_path / "store.sqlite3"
    shutil.copyfile(FIXTURES / "possouk-0007.sqlite3", path)

    def interrupted(self: SummaryRepo) -> None:
        raise OSError("interrupted")

    monkeypatch.setattr(SummaryRepo, "rebuild", interrupted)
    with pytest.raises(OSError):
        maintenance.upgrade_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
    monkeypatch.undo()
    report = maintenance.upgrade_database(path)
    assert report.before == "0007" and _sums(path)[0][0] > 0


def test_a_busy_database_is_said_busy_and_left_as_it_was(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from possouk.domain.errors import EnvironmentFault
    from possouk.storage import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "store.sqlite3"
    shutil.copyfile(FIXTURES / "possouk-0007.sqlite3", path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another possouk is writing
    try:
        with pytest.raises(EnvironmentFault, match="busy"):
            maintenance.upgrade_database(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
