"""Looking after the database itself: its status, backups, restores and schema upgrades.

These are the organizer's administrative commands. Backups and restores work
on the SQLite file (a database server has its own tools); they take the
database *location* rather than an open database, because a restore must not
run with the file open.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from possouk.domain.errors import N_, UserError
from possouk.domain.model import Register, Site, Store
from possouk.storage import backup
from possouk.storage.engine import database_url, sqlite_path
from possouk.storage.uow import Database
from possouk.storage.uow import upgrade_database as uow_upgrade_database

Location = str | os.PathLike[str] | None
"""``--db`` as typed: a path, a URL, or None for ``POSSOUK_DB`` / the default file."""

_URL_PASSWORD = re.compile(r"(://[^:/@]*):[^@]*@")


@dataclass(frozen=True)
class Status:
    """A summary of a database: the store, its sites and registers, and how much it holds."""

    location: str
    store: Store
    sites: list[Site]
    registers: list[Register]
    counts: dict[str, int]

    @property
    def empty(self) -> bool:
        """True when nothing was set up yet (no site, cooperative, product, user or sale)."""
        return not any(self.counts.values())


@dataclass(frozen=True)
class UpgradeReport:
    """What ``possouk db upgrade`` did: the schema before (None: a new database) and after."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def describe_location(url: str) -> str:
    """The database as shown to people: the file path, or the URL without its password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return _URL_PASSWORD.sub(r"\1:***@", url)


def sites(db: Database) -> list[Site]:
    """Every site, by code."""
    with db.read() as uow:
        return uow.store.sites()


def registers(db: Database) -> list[Register]:
    """Every register with its site, by code."""
    with db.read() as uow:
        return uow.store.registers()


def status(db: Database) -> Status:
    """The store's identity, its sites and registers, and counts of what the ledger holds."""
    with db.read() as uow:
        return Status(
            location=describe_location(db.url),
            store=uow.store.store(),
            sites=uow.store.sites(),
            registers=uow.store.registers(),
            counts=uow.queries.counts(),
        )


def is_sqlite_file(location: Location) -> bool:
    """True for a SQLite file (one register's, which the window may back up and upgrade
    itself); False for a database server shared by several registers."""
    return sqlite_path(database_url(location)) is not None


def database_file(location: Location) -> Path:
    """The SQLite file behind ``location``; a database server URL is refused."""
    path = sqlite_path(database_url(location))
    if path is None:
        raise UserError(N_("possouk backs up and restores SQLite files only; "
                           "use the database server's own tools (such as pg_dump)."))
    return path


def backup_database(location: Location, dest: Path | None = None) -> Path:
    """Back the database up (checked copy); ``dest`` is a file, a folder, or None for the
    ``backups`` folder next to the database, where older copies are rotated out."""
    path = database_file(location)
    if not path.is_file():
        raise UserError(N_("There is no database at {path}."), path=str(path))
    return backup.backup(path, dest)


def check_backup(source: Path) -> str:
    """Check that ``source`` is a sound possouk database; return its schema version."""
    return backup.check_file(source)


def restore_database(location: Location, source: Path) -> Path | None:
    """Replace the database with the backup ``source`` after checking it.

    Returns where the replaced database was kept (None when there was none).
    """
    path = database_file(location)
    if source.resolve() == path.resolve():
        raise UserError(N_("{path} is the database itself, not a backup."), path=str(source))
    return backup.restore(source, path)


def upgrade_database(location: Location) -> UpgradeReport:
    """Bring the schema to this program's version, after backing the database up.

    A new database is created at the newest schema. A database written by a
    newer possouk (or a file that is not possouk's) is refused with a
    :class:`UserError`: trying again would not help, installing the right
    version would.
    """
    before, after, kept = uow_upgrade_database(location)
    return UpgradeReport(before=before, after=after, backup=kept)
