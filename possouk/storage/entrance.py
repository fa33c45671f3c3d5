"""A glance at a SQLite database with the standard library: enough to paint the login screen.

The window shows its login screen before SQLAlchemy and the rest of possouk are
imported (they take most of a second on a small machine); this module reads
what that screen shows — the store's name, the registers, the people who may
log in — read-only, without creating, upgrading or locking anything.

Whenever the glance is not plainly safe it returns None and the window opens the
usual way, which says what is wrong: no file yet, not a SQLite file, a schema
other than :data:`~possouk.storage.location.HEAD`, another kind of database, no
register or nobody to log in (the first-run setup), or any SQLite error.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from possouk.domain.people import Role, User, login_tiles
from possouk.storage.location import HEAD, database_location, sqlite_file

__all__ = ["Entrance", "read_entrance"]


@dataclass(frozen=True)
class Entrance:
    """What the login screen shows before the database is opened for work."""

    path: Path
    store_name_ar: str
    store_name_fr: str
    register_codes: list[str]
    people: list[User]  # in the order of their tiles


def read_entrance(path_or_url: str | os.PathLike[str] | None) -> Entrance | None:
    """The entrance of the database ``--db`` names (see :func:`database_location`), or None."""
    path = sqlite_file(database_location(path_or_url))
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except (sqlite3.Error, ValueError):
        return None
    try:
        return _read(connection, path)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, path: Path) -> Entrance | None:
    versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if versions != [HEAD]:
        return None
    codes = [row[0] for row in connection.execute("SELECT code FROM registers ORDER BY code")]
    people = login_tiles(
        User(id=row[0], login=row[1], display_name=row[2], role=Role(row[3]),
             active=bool(row[4]), locked=bool(row[5]))
        for row in connection.execute(
            "SELECT id, login, display_name, role, active, locked FROM users ORDER BY login"))
    if not codes or not people:
        return None
    row = connection.execute("SELECT value FROM settings WHERE key = 'store'").fetchone()
    store = json.loads(row[0]) if row else {}
    return Entrance(path=path, store_name_ar=str(store.get("name_ar") or ""),
                    store_name_fr=str(store.get("name_fr") or ""), register_codes=codes,
                    people=people)
