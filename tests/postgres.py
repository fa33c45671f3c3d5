"""The PostgreSQL server the tests may run against (``POSSOUK_TEST_PG``, set by scripts/test
from scripts/pg-test-server): a database per test, copied from a template at the newest
schema (a copy takes a few hundredths of a second; migrating takes a second)."""

from __future__ import annotations

import atexit
import os
import uuid
from functools import cache

from sqlalchemy.engine import make_url

SERVER = os.environ.get("POSSOUK_TEST_PG", "")
"""The server's URL (its ``postgres`` database), as SQLAlchemy takes it; "" when none."""

TEMPLATE = f"possouk_template_{os.getpid()}"
"""This run's template: runs side by side (a developer's and CI's) share the server, not it."""


def available() -> bool:
    return bool(SERVER)


def url_of(name: str) -> str:
    """The SQLAlchemy URL of the database ``name`` on the test server."""
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def _admin() -> object:
    import psycopg

    conninfo = make_url(SERVER).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, autocommit=True)


@cache
def _template() -> str:
    """The template database at the newest schema, made once per test run."""
    from possouk.storage.uow import open_database

    with _admin() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    open_database(url_of(TEMPLATE)).close()
    atexit.register(drop_database, url_of(TEMPLATE))
    return TEMPLATE


def new_database() -> str:
    """A fresh database at the newest schema; its URL."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    template = _template()
    with _admin() as conn:  # type: ignore[attr-defined]
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url_of(name)


def create_empty(url: str, options: str = "") -> None:
    """An empty database (no schema) at ``url`` on the test server; ``options`` follow
    ``CREATE DATABASE name`` (a locale, a template)."""
    name = make_url(url).database
    with _admin() as conn:  # type: ignore[attr-defined]
        conn.execute(f'CREATE DATABASE "{name}" {options}')


def drop_database(url: str) -> None:
    name = make_url(url).database
    with _admin() as conn:  # type: ignore[attr-defined]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
