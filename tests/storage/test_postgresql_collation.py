"""Prefix searches (SKUs, search words) on a PostgreSQL server whose collation is not byte
order (a French ICU one, as a server set up in French has): the same answers as SQLite."""

from __future__ import annotations

import uuid

import pytest

from possouk.domain.model import Unit
from possouk.services import catalog
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database, open_database
from tests import postgres

pytestmark = pytest.mark.skipif(not postgres.available(),
                                reason="needs a PostgreSQL test server (scripts/pg-test-server)")

SKUS = ("A-1", "a-2", "AB-3", "Ab-4", "B-1")


def _french_database() -> str:
    url = postgres.url_of(f"icu_{uuid.uuid4().hex[:12]}")
    postgres.create_empty(url, options="TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'fr' "
                                       "LOCALE 'C.UTF-8'")
    return url


def _store(db: Database) -> None:
    catalog.add_cooperative(db, COMMAND_LINE, CooperativeDraft("C1", "تعاونية", "Coopérative"))
    for sku in SKUS:
        catalog.add_product(db, COMMAND_LINE, ProductDraft(
            "C1", sku, f"منتج {sku}", f"Produit {sku}", "honey", Unit.PIECE, 1000))


def test_sku_prefixes_and_their_order_are_byte_order_as_on_sqlite(tmp_path: object) -> None:
    url = _french_database()
    try:
        on_server = open_database(url)
        _store(on_server)
        with on_server.read() as uow:
            found = [p.sku for p in uow.catalog.products_by_sku_prefix("A-", limit=10)]
            ordered = [p.sku for p in uow.catalog.products()]
        on_server.close()
    finally:
        postgres.drop_database(url)
    assert found == ["A-1"]
    assert ordered == sorted(SKUS)  # byte order: capitals first, as SQLite sorts them
