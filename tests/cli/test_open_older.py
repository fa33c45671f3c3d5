"""The window opens a database written by an older possouk: backed up, upgraded, then opened."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from possouk import launch
from possouk.domain.errors import N_, EnvironmentFault
from possouk.storage.location import HEAD
from possouk.storage.uow import Database

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "possouk-0007.sqlite3"


def _schema(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


@pytest.fixture
def older(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("POSSOUK_LANG", "en")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "store.sqlite3"
    shutil.copyfile(OLD, path)
    return path


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notices: list[str] = []
    monkeypatch.setattr("possouk.ui.upgrade.tell", notices.append)
    return notices


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("possouk.ui.app.show_startup_problem", shown.append)
    return shown


def test_the_window_backs_up_upgrades_and_opens(older: Path, told: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Database] = []
    monkeypatch.setattr("possouk.ui.opening.run",
                        lambda db, register, lang, **_: opened.append(db) or 0)
    assert launch.main(["--db", str(older)]) == 0
    assert len(opened) == 1 and _schema(older) == HEAD
    assert len(told) == 1 and f"upgraded from schema 0007 to {HEAD}" in told[0]
    copy = Path(told[0].split("kept at ")[1].rstrip("."))
    assert copy.is_file() and _schema(copy) == "0007"
    with opened[0].read() as uow:  # the old sales are in the running sums the reports read
        rows = uow.connection.exec_driver_sql("SELECT count(*) FROM summary_receipts").scalar()
    assert rows and rows > 0
    opened[0].close()


def test_a_failed_upgrade_says_why_and_leaves_the_database(older: Path, told: list[str],
                                                           problems: list[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(_location: Any) -> None:
        raise EnvironmentFault(N_("The disk is full: nothing was saved. Free some space and try "
                                  "again."))

    monkeypatch.setattr("possouk.services.maintenance.upgrade_database", full_disk)
    monkeypatch.setattr("possouk.ui.opening.run", lambda *a, **k: pytest.fail("opened"))
    assert launch.main(["--db", str(older)]) == 2
    assert problems and "The disk is full" in problems[0]
    assert told == [] and _schema(older) == "0007"


def test_a_database_url_is_left_to_its_administrator(older: Path, told: list[str],
                                                     problems: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("possouk.ui.opening.run", lambda *a, **k: pytest.fail("opened"))
    monkeypatch.setattr("possouk.services.maintenance.is_sqlite_file", lambda _location: False)
    assert launch.main(["--db", str(older)]) == 2  # as a PostgreSQL server's would be
    assert problems and "possouk db upgrade" in problems[0]
    assert told == [] and _schema(older) == "0007"
