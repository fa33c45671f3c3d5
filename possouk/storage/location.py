"""Where the database is, and the schema version a current one has — without SQLAlchemy.

The window's first paint reads these (see :mod:`possouk.storage.entrance`) before
the rest of possouk is imported, so this module imports only the standard
library and platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["HEAD", "database_location", "default_database_path", "sqlite_file"]

HEAD = "0011"
"""The newest migration (tests/storage/test_migrate.py checks it against Alembic's scripts)."""

_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def default_database_path() -> Path:
    """The SQLite file in the user's data folder (created on first use)."""
    return Path(platformdirs.user_data_dir("possouk", appauthor=False)) / "possouk.sqlite3"


def database_location(path_or_url: str | os.PathLike[str] | None) -> str:
    """``--db`` as given (a path or a URL), else ``POSSOUK_DB``, else the default file: a URL
    as typed, or an absolute SQLite URL for a path."""
    if path_or_url is None:
        path_or_url = os.environ.get("POSSOUK_DB") or default_database_path()
    text = os.fspath(path_or_url)
    if "://" in text:
        return text
    return f"sqlite+pysqlite:///{Path(text).expanduser().absolute()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (no query string); None for anything else."""
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            rest = url[len(prefix):]
            if rest and "?" not in rest and rest != ":memory:":
                return Path(rest)
    return None
