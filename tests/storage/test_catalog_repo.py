"""The catalog repository's search index and bulk writes."""

from __future__ import annotations

import pytest

from possouk.storage.uow import Database, UnitOfWork
from tests.conftest import Market


def _cache_size(uow: UnitOfWork) -> int:
    return int(uow.connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)


@pytest.mark.sqlite_only  # SQLite's page cache
def test_bulk_writes_enlarge_the_page_cache_only_while_they_last(db: Database) -> None:
    with db.write() as uow:
        usual = _cache_size(uow)
        with uow.catalog.bulk_writes(50):
            assert _cache_size(uow) == usual  # a few products: nothing to gain
        with uow.catalog.bulk_writes(300_000):
            assert _cache_size(uow) == -131_072
        assert _cache_size(uow) == usual
    with db.write() as uow:  # the pooled connection keeps the usual size
        assert _cache_size(uow) == usual


def test_each_product_has_its_words_in_one_row(market: Market) -> None:
    with market.db.read() as uow:
        rows = uow.connection.exec_driver_sql(
            "SELECT product_id, words FROM product_words").all()
        terms = uow.connection.exec_driver_sql("SELECT product_id, term FROM product_terms").all()
    words = {int(pid): str(text) for pid, text in rows}
    assert words[market.honey.id].startswith(" ")
    assert set(words[market.honey.id].split()) == {"عسل", "الزعتر", "زعتر", "miel", "thym", "honey"}
    assert {(pid, w) for pid, text in words.items() for w in text.split()} == set(terms)


def test_search_checks_the_other_words_as_prefixes(market: Market) -> None:
    with market.db.read() as uow:
        def found(*terms: str) -> list[str]:
            return [p.sku for p in uow.catalog.search(list(terms), limit=10)]

        assert found("miel", "th") == ["HON-1"]
        assert found("th", "mi", "hon") == ["HON-1"]
        assert found("miel", "hym") == []  # inside a word, not at its start
        assert found("miel", "t%") == []  # LIKE wildcards are plain characters here
        assert found("miel", "t_ym") == []
        assert found("miel", "olive") == []
