"""Opening the database: SQLite pragmas, write transactions, default location;
statements prepared once for the checkout's hot path.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so that the
receipt number is taken under the write lock, and reads start with a plain
``BEGIN``. The same code runs on PostgreSQL given a URL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import BindParameter, Connection, Engine, bindparam, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from possouk.storage.location import database_location

BUSY_TIMEOUT_MS = 10_000


def database_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """Turn ``--db`` (a path, a URL, or nothing) into a SQLAlchemy URL."""
    return database_location(path_or_url)


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


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("possouk_begin", "IMMEDIATE")
    # Straight on the driver: every sale opens a transaction, and exec_driver_sql costs
    # ~15 µs where the cursor takes 2 (see Prepared).
    _run_raw(connection, f"BEGIN {mode}", ())


WRITE_LOCK = 0x706F7373  # "poss": the advisory lock every write transaction takes on PostgreSQL
LOCK_TIMEOUT = "10s"  # as long as SQLite's busy timeout


def _on_postgresql_begin(connection: Connection) -> None:
    """Writes one at a time, as SQLite's ``BEGIN IMMEDIATE`` gives them.

    A write takes a receipt number, extends a hash chain, checks stock, adds to the running
    sums: registers writing side by side would race for the last jar of honey and for a
    chain's first number, and could lock rows in opposite orders. One transaction-scoped
    advisory lock, taken first, makes them wait their turn — a few milliseconds at a
    market's pace — and never deadlock. Reads take no lock. Waiting longer than
    :data:`LOCK_TIMEOUT` fails as "busy" instead of freezing a register.
    """
    if connection.get_execution_options().get("possouk_begin", "IMMEDIATE") != "IMMEDIATE":
        return
    _run_raw(connection, f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'", ())
    _run_raw(connection, "SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))


def make_engine(url: str) -> Engine:
    """Create the engine for ``url`` with possouk's connection settings."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _on_postgresql_begin)
    return engine


# --- the hot path: statements compiled once, run on the driver's cursor ----------------------

_Arrange = Callable[[Mapping[str, Any]], Any]


class Prepared:
    """A Core statement compiled once per database kind and run straight on the DBAPI cursor.

    Why: even built once with ``bindparam``, a statement run through SQLAlchemy costs
    15–20 µs (cache key, execution context, result object) where the driver's cursor takes
    about 2 µs, and a checkout runs about 20 of them (see bench/FINDINGS.md). The statement
    is still written with Core, so it is checked against the tables and rendered for each
    database (placeholders, ``FOR UPDATE``, ``RETURNING``).

    Values go in and come out untouched: no type processing, so use it for integers and
    text only (a boolean comes back as 0/1 on SQLite). Parameters are a mapping by bind
    name (by column name for an INSERT given ``columns``); rows come back as tuples.
    """

    def __init__(self, statement: ClauseElement, columns: Sequence[str] | None = None) -> None:
        self.statement = statement
        self.columns = list(columns) if columns is not None else None
        self._forms: dict[tuple[Any, ...], tuple[str, _Arrange]] = {}
        self._last: tuple[Dialect | None, str, _Arrange] = (None, "", dict)

    def form(self, dialect: Dialect) -> tuple[str, _Arrange]:
        """The SQL text for ``dialect`` and the function that orders a parameter mapping."""
        last_dialect, sql, arrange = self._last
        if dialect is last_dialect:
            return sql, arrange
        key = (dialect.name, dialect.driver, dialect.paramstyle, dialect.server_version_info)
        found = self._forms.get(key)
        if found is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.columns)
            assert isinstance(compiled, SQLCompiler)
            if compiled.positional:
                names = tuple(compiled.positiontup or ())
                if not names:
                    arrange = _no_values
                elif len(names) == 1:
                    only = names[0]
                    arrange = lambda params: (params[only],)  # noqa: E731
                else:
                    arrange = itemgetter(*names)
            else:
                arrange = dict
            found = self._forms[key] = (compiled.string, arrange)
        self._last = (dialect, found[0], found[1])
        return found

    def all(self, conn: Connection, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Run the statement; its rows (none for a write without RETURNING)."""
        sql, arrange = self.form(conn.dialect)
        _autobegin(conn)
        return _run_raw(conn, sql, arrange(params or {}))

    def first(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any | None:
        """The first row, or None."""
        rows = self.all(conn, params)
        return rows[0] if rows else None

    def one(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any:
        """The only row; raises as SQLAlchemy's ``Result.one()`` does when there is none or more."""
        rows = self.all(conn, params)
        if len(rows) != 1:
            if rows:
                raise MultipleResultsFound("Multiple rows were found when exactly one was required")
            raise NoResultFound("No row was found when one was required")
        return rows[0]

    def scalar(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any | None:
        """The first column of the first row, or None."""
        rows = self.all(conn, params)
        return rows[0][0] if rows else None

    def many(self, conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run a write once per parameter mapping (``executemany``)."""
        sql, arrange = self.form(conn.dialect)
        _autobegin(conn)
        _run_raw(conn, sql, [arrange(r) for r in rows], many=True)


def _no_values(_params: Mapping[str, Any]) -> tuple[()]:
    return ()


def numbered(name: str, count: int) -> list[BindParameter[Any]]:
    """``count`` bind parameters ``name0``, ``name1``…: an IN list of a known length."""
    return [bindparam(f"{name}{i}") for i in range(count)]


def numbered_values(name: str, values: Iterable[Any]) -> dict[str, Any]:
    """The parameters of :func:`numbered` for ``values``."""
    return {f"{name}{i}": v for i, v in enumerate(values)}


def _autobegin(conn: Connection) -> None:
    # As SQLAlchemy does before a statement: the cursor would otherwise run outside any
    # transaction (SQLite's autocommit), e.g. a read after the unit of work committed.
    if not conn.in_transaction():
        conn.begin()


def _run_raw(conn: Connection, sql: str, args: Any, *, many: bool = False) -> list[Any]:
    """Run ``sql`` on the connection's DBAPI cursor, in whatever transaction is open.

    A driver error becomes SQLAlchemy's exception of the same kind, so that callers (and
    the unit of work's handling of a locked database or a full disk) see no difference.
    """
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None
    cursor = dbapi_conn.cursor()
    try:
        if many:
            cursor.executemany(sql, args)
            return []
        cursor.execute(sql, args)
        # Fetch everything: a statement left half-read would stay open in the transaction.
        return list(cursor.fetchall()) if cursor.description else []
    except Exception as exc:
        dialect = conn.dialect
        base = dialect.loaded_dbapi.Error
        if not isinstance(exc, base):
            raise
        lost = dialect.is_disconnect(exc, dbapi_conn, cursor)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            sql, args, exc, base, connection_invalidated=lost, dialect=dialect, ismulti=many
        ) from exc
    finally:
        cursor.close()
