"""Opening the database: SQLite pragmas, write transactions, default location.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so that the
receipt number is taken under the write lock, and reads start with a plain
``BEGIN``. The same code runs on PostgreSQL given a URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 10_000


def default_database_path() -> Path:
    """The SQLite file in the user's data folder (created on first use)."""
    return Path(platformdirs.user_data_dir("possouk", appauthor=False)) / "possouk.sqlite3"


def database_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """Turn ``--db`` (a path, a URL, or nothing) into a SQLAlchemy URL."""
    if path_or_url is None:
        path_or_url = os.environ.get("POSSOUK_DB") or default_database_path()
    text = os.fspath(path_or_url)
    if "://" in text:
        return text
    path = Path(text).expanduser().absolute()
    return f"sqlite+pysqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # We issue BEGIN ourselves (see _on_sqlite_begin); pysqlite must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("possouk_begin", "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """Create the engine for ``url`` with possouk's connection settings."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)
