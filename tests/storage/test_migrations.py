"""Schema migrations: the schema module matches them; 0003 (search words) up and down."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from possouk.services import catalog
from possouk.storage import location, migrate
from possouk.storage.engine import database_url, make_engine
from possouk.storage.schema import metadata
from possouk.storage.uow import Database, open_database
from tests.conftest import Market


def _migrate(path: Path, revision: str, *, up: bool) -> None:
    engine = make_engine(database_url(path))
    config = migrate._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(config, revision)
    engine.dispose()


def _sql(path: Path, statement: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(statement).fetchall()


def _terms_table(path: Path) -> str:
    [(sql,)] = _sql(path, "SELECT sql FROM sqlite_master WHERE name = 'product_terms'")
    return str(sql)


def test_the_schema_module_matches_the_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_0003_moves_each_products_words_into_one_row(market: Market) -> None:
    path = market.db.path
    assert path is not None
    market.db.close()
    _migrate(path, "0002", up=False)
    assert _sql(path, "SELECT name FROM sqlite_master WHERE name = 'product_words'") == []
    # Terms as an older version indexed them: stop words and the sku's parts too.
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany("INSERT INTO product_terms (term, product_id) VALUES (?, ?)",
                         [("de", market.honey.id), ("hon", market.honey.id)])
    terms = set(_sql(path, "SELECT product_id, term FROM product_terms"))

    _migrate(path, "head", up=True)
    assert set(_sql(path, "SELECT product_id, term FROM product_terms")) == terms
    words = {pid: text for pid, text in _sql(path, "SELECT product_id, words FROM product_words")}
    assert set(words) == {pid for pid, _ in terms}
    for pid, text in words.items():
        assert isinstance(text, str) and text.startswith(" ")
        assert set(text.split()) == {term for p, term in terms if p == pid}
    assert _sql(path, "PRAGMA foreign_key_list(product_terms)") == []
    assert _sql(path, "SELECT name FROM sqlite_master WHERE tbl_name = 'product_terms' "
                      "AND type = 'index' AND sql IS NOT NULL") == []
    assert "WITHOUT ROWID" in _terms_table(path)

    upgraded = open_database(path, upgrade=False)
    try:
        assert [p.sku for p in catalog.search(upgraded, "miel thym")] == ["HON-1"]
        assert [p.sku for p in catalog.search(upgraded, "thym de")] == ["HON-1"]
        assert [p.sku for p in catalog.search(upgraded, "figues seches")] == ["FIG-1"]
    finally:
        upgraded.close()


def test_0003_down_brings_back_the_foreign_key_and_the_index(market: Market) -> None:
    path = market.db.path
    assert path is not None
    market.db.close()
    terms = set(_sql(path, "SELECT product_id, term FROM product_terms"))
    _migrate(path, "0002", up=False)
    assert set(_sql(path, "SELECT product_id, term FROM product_terms")) == terms
    assert [row[2:5] for row in _sql(path, "PRAGMA foreign_key_list(product_terms)")] == [
        ("products", "product_id", "id")]
    assert _sql(path, "SELECT name FROM sqlite_master WHERE name = 'ix_product_terms_product'") \
        == [("ix_product_terms_product",)]
    assert _sql(path, "SELECT name FROM sqlite_master WHERE name = 'product_words'") == []
    assert "WITHOUT ROWID" in _terms_table(path)


def test_head_constant_is_alembics_newest_migration() -> None:
    from possouk.storage import migrate

    assert migrate.head_revision() == location.HEAD
