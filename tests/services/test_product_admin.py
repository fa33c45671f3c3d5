"""The back office's products: pages sorted and filtered in SQL, edits that keep history,
deactivation, a cooperative's prices changed at once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import Product, Unit
from possouk.services import catalog, product_admin
from possouk.services.catalog import ProductDraft
from possouk.services.events import COMMAND_LINE
from possouk.services.product_admin import BulkChange, BulkKind
from tests.conftest import Market


def _draft(product: Product, **changes: object) -> ProductDraft:
    """The form of ``product`` as shown, with ``changes``."""
    base = ProductDraft(product.cooperative_code, product.sku, product.name_ar, product.name_fr,
                        product.category, product.unit, product.price, product.barcode,
                        product.min_price, product.vat)
    return replace(base, **changes)  # type: ignore[arg-type]


def _events(market: Market, kind: str) -> list[dict[str, object]]:
    with market.db.read() as uow:
        return uow.ledger.events(kind=kind, limit=1000)


def _many(market: Market, count: int = 30) -> None:
    catalog_rows = [ProductDraft("COOP1" if i % 2 else "COOP2", f"P-{i:03d}", f"منتج {i}",
                                 f"Produit {i}", "honey" if i % 3 else "figs", Unit.PIECE,
                                 1000 + (i * 37) % 500) for i in range(count)]
    for draft in catalog_rows:
        catalog.add_product(market.db, COMMAND_LINE, draft)


# -- pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sort", "key"), [
    ("sku", lambda r: r.sku), ("price", lambda r: r.price), ("name_fr", lambda r: r.name_fr),
    ("cooperative", lambda r: r.cooperative_code), ("on_hand", lambda r: r.on_hand),
])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_follow_each_other_in_order(market: Market, sort: str, key: object,
                                          descending: bool) -> None:
    _many(market)
    every = product_admin.product_page(market.db, sort=sort, descending=descending, limit=1000)
    assert len(every.records) == 34 and every.after is None
    assert callable(key)
    ordered = sorted(every.records, key=lambda r: (key(r), r.id), reverse=descending)
    assert [r.id for r in every.records] == [r.id for r in ordered]
    # by keyset: 7 pages of 5
    shown, after = [], None
    for _page in range(10):
        page = product_admin.product_page(market.db, sort=sort, descending=descending, limit=5,
                                          after=after, count=after is None)
        if after is None:
            assert page.total == 34
        shown.extend(page.records)
        after = page.after
        if after is None:
            break
    assert [r.id for r in shown] == [r.id for r in every.records]
    # by offset: the same slices
    middle = product_admin.product_page(market.db, sort=sort, descending=descending, offset=10,
                                        limit=5)
    assert [r.id for r in middle.records] == [r.id for r in every.records[10:15]]


def test_filters_and_search(market: Market) -> None:
    _many(market)
    db = market.db
    coop1 = product_admin.product_page(db, cooperative="COOP1", limit=1000, count=True)
    assert coop1.total == len(coop1.records) == 17
    assert {r.cooperative_code for r in coop1.records} == {"COOP1"}
    figs = product_admin.product_page(db, category="figs", cooperative="COOP2", limit=1000)
    assert {(r.category, r.cooperative_code) for r in figs.records} == {("figs", "COOP2")}
    assert [r.sku for r in product_admin.product_page(db, "عسل").records] == ["HON-1"]
    assert [r.sku for r in product_admin.product_page(db, "Miel thym").records] == ["HON-1"]
    assert [r.sku for r in product_admin.product_page(db, "figues").records] == ["FIG-1"]
    assert [r.sku for r in product_admin.product_page(db, "soap").records] == ["SOAP-1"]  # sku
    assert [r.sku for r in product_admin.product_page(db, market.oil.barcode).records] == ["OIL-1"]
    assert product_admin.product_page(db, "introuvable").records == []
    found = product_admin.product_page(db, "produit", cooperative="COOP2", limit=1000)
    assert len(found.records) == 15
    honey = product_admin.product_page(db, "HON-1").records[0]
    assert honey.on_hand == 20_000 and honey.min_price == 10_000 and honey.active


def test_inactive_products_are_listed_too(market: Market) -> None:
    product_admin.set_active(market.db, market.organizer, "SOAP-1", False)
    record = product_admin.product_page(market.db, "SOAP-1").records[0]
    assert not record.active


# -- editing ---------------------------------------------------------------------------------------

def test_edit_names_category_vat_and_price(market: Market) -> None:
    db, salma = market.db, market.organizer
    record = product_admin.update_product(db, salma, "SOAP-1", _draft(
        market.soap, name_fr="Savon noir", name_ar="صابون أسود", category="cosmetics",
        vat=2000, price=1500, min_price=1200))
    assert (record.name_fr, record.vat, record.price, record.min_price) == ("Savon noir", 2000, 1500, 1200)
    assert [r.sku for r in product_admin.product_page(db, "noir").records] == ["SOAP-1"]
    assert product_admin.product_page(db, "beldi").records == []  # the old words are gone
    history = product_admin.price_history(db, "SOAP-1")
    assert [(h.price, h.min_price) for h in history] == [(1500, 1200), (1250, None)]
    assert history[0].user == "Salma" and history[1].user == ""
    assert _events(market, "price_changed")[0]["detail"].count("SOAP-1") == 1
    assert "name_fr" in str(_events(market, "product_changed")[0]["detail"])


def test_an_edit_that_fails_writes_nothing(market: Market, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_args: object, **_kwargs: object) -> None:
        raise UserError("The database is busy.")

    monkeypatch.setattr(catalog, "record_price_change", busy)
    with pytest.raises(UserError, match="busy"):
        product_admin.update_product(market.db, market.organizer, "SOAP-1", _draft(
            market.soap, name_fr="Savon noir", price=1500))
    soap = next(p for p in catalog.products(market.db) if p.sku == "SOAP-1")
    assert (soap.name_fr, soap.price) == ("Savon beldi", 1250)  # neither the name nor the price


def test_unsold_product_changes_cooperative_unit_and_sku(market: Market) -> None:
    db, salma = market.db, market.organizer
    new = product_admin.create_product(db, salma, ProductDraft(
        "COOP1", "AMLOU-1", "أملو", "Amlou", "honey", Unit.PIECE, 6500))
    assert new.barcode.startswith("200")  # an internal EAN-13
    record = product_admin.update_product(db, salma, "AMLOU-1", _draft(
        catalog.products(db, "COOP1")[0], cooperative_code="COOP2", sku="AMLOU-2",
        name_ar="أملو", name_fr="Amlou", unit=Unit.KG, price=6500, barcode="", min_price=None,
        vat=0))
    assert (record.sku, record.cooperative_code, record.unit) == ("AMLOU-2", "COOP2", Unit.KG)
    assert record.barcode == new.barcode  # empty: kept
    with db.read() as uow:
        product = uow.catalog.product_by_sku("AMLOU-2")
        assert product is not None and product.scale_code is not None


@pytest.mark.parametrize(("change", "words"), [
    ({"cooperative_code": "COOP2"}, "cooperative"),
    ({"unit": Unit.KG}, "unit"),
    ({"sku": "HON-2"}, "sku"),
])
def test_a_sold_product_keeps_its_cooperative_unit_and_sku(market: Market, change: dict[str, object],
                                                             words: str) -> None:
    market.sell([(market.honey, 1000)])
    with pytest.raises(UserError) as refused:
        product_admin.update_product(market.db, market.organizer, "HON-1",
                                     _draft(market.honey, name_fr="Autre nom", **change))
    assert "has been sold" in refused.value.message and words in refused.value.message
    assert product_admin.product_record(market.db, "HON-1").name_fr == "Miel de thym"  # nothing saved


def test_a_product_in_stock_keeps_its_cooperative(market: Market) -> None:
    with pytest.raises(UserError) as refused:
        product_admin.update_product(market.db, market.organizer, "SOAP-1",
                                     _draft(market.soap, cooperative_code="COOP1"))
    assert "stock movements" in refused.value.message
    detail = product_admin.product_detail(market.db, "SOAP-1")
    assert detail.fixed and not detail.has_sales and detail.has_movements


@pytest.mark.parametrize("change", [
    {"barcode": "6111234567891"},  # wrong check digit
    {"barcode": "12345"},
    {"price": -100},
    {"price": 0},
    {"min_price": 20000},  # above the price
    {"name_ar": "عسل\u202e"},  # a bidi override
    {"name_fr": "Miel \u2066x"},
    {"name_fr": "  "},
    {"sku": "OIL-1"},  # taken
    {"barcode": "SOAP"},
])
def test_bad_edits_are_refused_and_nothing_changes(market: Market, change: dict[str, object]) -> None:
    if change.get("barcode") == "SOAP":
        change = {"barcode": market.soap.barcode}  # another product's
    with pytest.raises(UserError):
        product_admin.update_product(market.db, market.organizer, "HON-1",
                                     _draft(market.honey, **change))
    record = product_admin.product_record(market.db, "HON-1")
    assert (record.price, record.min_price, record.name_ar, record.barcode) == (
        12000, 10000, "عسل الزعتر", market.honey.barcode)
    assert len(product_admin.price_history(market.db, "HON-1")) == 1


def test_supervisors_may_not_edit(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        product_admin.update_product(market.db, market.supervisor, "HON-1",
                                     _draft(market.honey, price=1))
    with pytest.raises(PermissionDenied):
        product_admin.set_active(market.db, market.supervisor, "HON-1", False)
    with pytest.raises(PermissionDenied):
        product_admin.bulk_price_apply(market.db, market.supervisor, "COOP1",
                                       BulkChange(BulkKind.PERCENT, 500), [])


def test_deactivate_and_reactivate(market: Market) -> None:
    db, salma = market.db, market.organizer
    assert not product_admin.set_active(db, salma, "FIG-1", False).active
    with pytest.raises(UserError):
        catalog.scan(db, market.figs.barcode)  # no longer sold
    assert product_admin.set_active(db, salma, "FIG-1", True).active
    assert [e["kind"] for e in _events(market, "product_deactivated")] == ["product_deactivated"]
    assert len(_events(market, "product_reactivated")) == 1


@pytest.mark.parametrize(("key", "typed", "value"), [
    ("price", "12,50", 1250), ("min_price", "", None), ("vat", "20", 2000), ("barcode", "", ""),
    ("sku", " HON-9 ", "HON-9"), ("name_ar", "عسل  الزعتر", "عسل الزعتر"),
])
def test_check_field_accepts(key: str, typed: str, value: object) -> None:
    assert product_admin.check_field(key, typed, price=5000) == value


@pytest.mark.parametrize(("key", "typed"), [
    ("price", "-3"), ("price", "0"), ("price", "abc"), ("price", "1.234"), ("min_price", "60"),
    ("vat", "120"), ("barcode", "6111234567891"), ("name_fr", "a\u202eb"), ("sku", "a b"),
])
def test_check_field_refuses(key: str, typed: str) -> None:
    with pytest.raises(UserError):
        product_admin.check_field(key, typed, price=5000)


# -- bulk prices -------------------------------------------------------------------------------------

def test_bulk_preview_then_apply(market: Market) -> None:
    db, salma = market.db, market.organizer
    change = BulkChange.parse(BulkKind.PERCENT, "7.5", down=False)
    assert change == BulkChange(BulkKind.PERCENT, 750)
    preview = product_admin.bulk_price_preview(db, "COOP1", change)
    # 120.00 + 7.5 % = 129.00; its minimum 100.00 → 107.50; 45.00 + 7.5 % = 48.375 → 48.38
    assert [(line.sku, line.old_price, line.new_price, line.new_min) for line in preview] == [
        ("FIG-1", 4500, 4838, None), ("HON-1", 12000, 12900, 10750)]
    assert product_admin.product_record(db, "HON-1").price == 12000  # a preview writes nothing
    assert product_admin.bulk_price_apply(db, salma, "COOP1", change, preview) == 2
    assert product_admin.product_record(db, "FIG-1").price == 4838
    assert [h.price for h in product_admin.price_history(db, "HON-1")] == [12900, 12000]
    events = _events(market, "price_changed")
    assert len(events) == 2 and all('"bulk": true' in str(e["detail"]) for e in events)
    assert product_admin.product_record(db, "OIL-1").price == 8000  # another cooperative


def test_bulk_amount_down_and_refusals(market: Market) -> None:
    db, salma = market.db, market.organizer
    down = BulkChange.parse(BulkKind.AMOUNT, "5", down=True)
    preview = product_admin.bulk_price_preview(db, "COOP2", down)
    assert [(line.sku, line.new_price) for line in preview] == [("OIL-1", 7500), ("SOAP-1", 750)]
    catalog.change_price(db, salma, "SOAP-1", 1300)  # changed since the preview
    with pytest.raises(UserError, match="since the preview"):
        product_admin.bulk_price_apply(db, salma, "COOP2", down, preview)
    assert product_admin.product_record(db, "OIL-1").price == 8000  # nothing written
    with pytest.raises(UserError, match="more than zero"):
        product_admin.bulk_price_preview(db, "COOP2", BulkChange(BulkKind.AMOUNT, -1300))
    with pytest.raises(UserError):
        product_admin.bulk_price_preview(db, "COOP2", BulkChange.parse(BulkKind.PERCENT, "100",
                                                                       down=True))
    with pytest.raises(UserError):
        product_admin.bulk_price_apply(db, salma, "COOP2", BulkChange(BulkKind.AMOUNT, 0), [])
