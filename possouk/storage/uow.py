"""The database handle and the unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from possouk.domain.errors import N_, EnvironmentFault, OlderSchema, UserError
from possouk.storage import migrate
from possouk.storage.catalog_repo import CatalogRepo
from possouk.storage.closings_repo import ClosingsRepo
from possouk.storage.engine import database_url, make_engine, sqlite_path
from possouk.storage.exchange_repo import ExchangeRepo
from possouk.storage.export_queries import ExportQueries
from possouk.storage.ledger_repo import LedgerRepo
from possouk.storage.print_repo import PrintRepo
from possouk.storage.queries import Queries
from possouk.storage.report_queries import ReportQueries
from possouk.storage.sessions_repo import SessionsRepo
from possouk.storage.settlement_repo import SettlementRepo
from possouk.storage.store_repo import StoreRepo
from possouk.storage.summary_repo import SummaryRepo
from possouk.storage.users_repo import UsersRepo

SUMMARIES_SINCE = "0008"  # the migration that added the running sums (summary_repo)


class UnitOfWork:
    """A transaction with the repositories bound to it.

    Use as a context manager; call :meth:`commit` to keep the changes. Leaving
    the block without a commit, or through an exception, rolls everything back.
    """

    def __init__(self, engine: Engine, *, write: bool) -> None:
        self._engine = engine
        self._write = write
        self._conn: Connection | None = None
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        try:
            conn = self._engine.connect()
            if not self._write:
                conn = conn.execution_options(possouk_begin="DEFERRED")
            conn.begin()
        except OperationalError as exc:
            raise _fault(exc) from exc
        self._conn = conn
        self.store = StoreRepo(conn)
        self.catalog = CatalogRepo(conn)
        self.users = UsersRepo(conn)
        self.ledger = LedgerRepo(conn)
        self.queries = Queries(conn)
        self.exports = ExportQueries(conn)
        self.printing = PrintRepo(conn)
        self.sessions = SessionsRepo(conn, self.ledger)
        self.closings = ClosingsRepo(conn, self.ledger, self.sessions)
        self.reports = ReportQueries(conn)
        self.summaries = SummaryRepo(conn)
        self.settlements = SettlementRepo(conn, self.ledger)
        self.exchange = ExchangeRepo(conn)
        return self

    @property
    def connection(self) -> Connection:
        assert self._conn is not None, "the unit of work is not open"
        return self._conn

    def commit(self) -> None:
        """Make every change of this unit of work durable, at once."""
        if not self._write:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.connection.commit()
        except OperationalError as exc:
            raise _fault(exc) from exc
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self.connection
        try:
            if not self._committed:
                conn.rollback()
        finally:
            conn.close()
            self._conn = None
        if isinstance(exc, OperationalError):
            raise _fault(exc) from exc


def _fault(exc: OperationalError) -> EnvironmentFault:
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text:  # SQLite, PostgreSQL
        return EnvironmentFault(N_("The database is busy; try again in a moment."))
    if "disk" in text or "full" in text:
        return EnvironmentFault(N_("The disk is full: nothing was saved. Free some space and try again."))
    return EnvironmentFault(N_("The database could not be reached: {detail}"), detail=str(exc.orig))


class Database:
    """One possouk database: a SQLite file or a server URL."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on a database server."""
        return sqlite_path(self.url)

    def write(self) -> UnitOfWork:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        return UnitOfWork(self.engine, write=True)

    def read(self) -> UnitOfWork:
        """A read-only transaction: a consistent snapshot, no write lock."""
        return UnitOfWork(self.engine, write=False)

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    path_or_url: str | os.PathLike[str] | None = None, *, upgrade: bool = True
) -> Database:
    """Open (and create or upgrade) the database.

    A new database gets the newest schema. An older one is backed up, then
    upgraded (unless ``upgrade`` is false, then it is refused). A database
    written by a newer possouk is refused.
    """
    url = database_url(path_or_url)
    engine = make_engine(url)
    try:
        state = _schema_state(engine)
    except EnvironmentFault:
        engine.dispose()
        raise
    if not state.up_to_date:
        if not state.empty and not upgrade:
            engine.dispose()  # let go of the file: the window upgrades it next
            raise OlderSchema(N_("The database needs an upgrade: run “possouk db upgrade”."))
        upgrade_schema(Database(url, engine), state)
    return Database(url, engine)


def _schema_state(engine: Engine) -> migrate.SchemaState:
    """Where the database stands; busy, unreachable or not a database: an EnvironmentFault."""
    try:
        return migrate.schema_state(engine)
    except OperationalError as exc:  # busy, unreachable server…
        raise _fault(exc) from exc
    except DatabaseError as exc:  # a file that is not SQLite at all ("file is not a database")
        raise EnvironmentFault(N_("This file is not a possouk database.")) from exc


def upgrade_database(path_or_url: str | os.PathLike[str] | None) -> tuple[str | None, str,
                                                                          Path | None]:
    """``possouk db upgrade``: the schema before (None: a new database), after, and where the
    copy from before was kept. A newer possouk's database or another file is a
    :class:`UserError` (installing the right version helps, retrying does not); a busy one an
    :class:`EnvironmentFault`."""
    url = database_url(path_or_url)
    engine = make_engine(url)
    try:
        try:
            state = migrate.schema_state(engine)
        except EnvironmentFault as fault:  # newer, or not possouk's
            raise UserError(fault.message, **fault.params) from fault
        except OperationalError as exc:
            raise _fault(exc) from exc
        except DatabaseError as exc:
            raise UserError(N_("This file is not a possouk database.")) from exc
        kept = upgrade_schema(Database(url, engine), state)
        return state.current, state.head, kept
    finally:
        engine.dispose()


def upgrade_schema(db: Database, state: migrate.SchemaState) -> Path | None:
    """Bring ``db`` from ``state`` to the newest schema: backed up first (SQLite), then
    migrated and the running sums filled from the sales recorded before they existed, in one
    transaction (interrupted, nothing of it stays: the next open does it again). Where the
    copy from before was kept (None for a new database or a server). A busy or failing
    database is an :class:`EnvironmentFault` saying so."""
    from possouk.storage.backup import backup_before_upgrade

    if state.up_to_date:
        return None
    kept = None if state.empty else backup_before_upgrade(db.engine, db.url,
                                                           state.current or "none")

    def fill_running_sums(conn: Connection) -> None:
        if not state.empty and (state.current or "") < SUMMARIES_SINCE:
            SummaryRepo(conn).rebuild()  # the sales recorded before the running sums existed

    try:
        migrate.upgrade(db.engine, then=fill_running_sums)
    except OperationalError as exc:  # busy (another possouk has it open), disk full…
        raise _fault(exc) from exc
    except DatabaseError as exc:  # a migration the database refuses: nothing was changed
        raise EnvironmentFault(N_("The database could not be upgraded ({detail}); nothing was "
                                  "changed."), detail=str(exc.orig)) from exc
    return kept
