"""Backups of the SQLite file: online backup API, integrity check, rotation, restore."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from possouk.domain.errors import N_, EnvironmentFault, UserError
from possouk.storage import migrate
from possouk.storage.engine import sqlite_path

KEEP_BACKUPS = 10


def default_backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def _disk_fault(exc: OSError) -> EnvironmentFault:
    if exc.errno == errno.ENOSPC:
        return EnvironmentFault(N_("The disk is full: the backup was not written."))
    return EnvironmentFault(N_("The backup could not be written: {detail}"), detail=str(exc))


def check_file(path: Path) -> str:
    """Check that ``path`` is a sound possouk database; return its schema version."""
    if not path.is_file():
        raise UserError(N_("There is no file at {path}."), path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(N_("{path} is not a possouk database ({detail})."),
                        path=str(path), detail=str(exc)) from exc
    if not result or result[0] != "ok":
        raise UserError(N_("{path} is damaged: {detail}"), path=str(path),
                        detail=str(result[0] if result else "?"))
    if not revision:
        raise UserError(N_("{path} is not a possouk database."), path=str(path))
    if revision[0] not in migrate.known_revisions():
        raise UserError(N_("{path} comes from a newer possouk; install that version first."),
                        path=str(path))
    return str(revision[0])


def copy_database(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API, checked, written atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        src = sqlite3.connect(str(source))
        try:
            out = sqlite3.connect(str(tmp))
            try:
                src.backup(out)
                ok = out.execute("PRAGMA integrity_check").fetchone()
                out.execute("PRAGMA journal_mode=DELETE")
            finally:
                out.close()
        finally:
            src.close()
        if not ok or ok[0] != "ok":
            raise EnvironmentFault(N_("The backup copy failed its integrity check."))
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _disk_fault(exc) from exc
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if "full" in str(exc).lower():
            raise EnvironmentFault(N_("The disk is full: the backup was not written.")) from exc
        raise EnvironmentFault(N_("The backup could not be written: {detail}"),
                               detail=str(exc)) from exc
    return dest


_STAMPED = re.compile(r"\d{8}-\d{6}-\d{6}\.sqlite3")


def rotate(folder: Path, keep: int = KEEP_BACKUPS, prefix: str = "possouk-") -> None:
    """Keep the ``keep`` newest backups of ``folder`` named ``prefix`` + a time stamp, delete
    older ones. Only those: another store's copies (another prefix) and any other file stay."""
    backups = sorted(p for p in folder.glob(f"{prefix}*.sqlite3")
                     if _STAMPED.fullmatch(p.name[len(prefix):]))
    for old in backups[:-keep] if keep > 0 else backups:
        with contextlib.suppress(OSError):
            old.unlink()


def backup(db_path: Path, dest: Path | None = None, keep: int = KEEP_BACKUPS) -> Path:
    """Back up the database to ``dest`` (a file or a folder); rotate when using a folder."""
    if dest is None:
        dest = default_backup_folder(db_path)
    if dest.suffix == "" or dest.is_dir():
        target = dest / f"possouk-{_stamp()}.sqlite3"
        copy_database(db_path, target)
        rotate(dest, keep)
        return target
    return copy_database(db_path, dest)


def backup_before_upgrade(engine: Engine, url: str, revision: str) -> Path | None:
    """Copy the database aside before a schema upgrade (SQLite only)."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    engine.dispose()
    folder = default_backup_folder(path)
    return copy_database(path, folder / f"before-upgrade-{revision}-{_stamp()}.sqlite3")


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace the database with ``source`` after checking it; the current one is kept aside."""
    check_file(source)
    kept = None
    if db_path.exists():
        kept = copy_database(db_path, default_backup_folder(db_path) / f"before-restore-{_stamp()}.sqlite3")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(db_path))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise EnvironmentFault(N_("The restore failed; the previous database is kept at {path}."),
                               path=str(kept)) from exc
    return kept
