"""Catalog: validation, internal barcodes, scale labels, search in Arabic and French."""

from __future__ import annotations

import pytest

from possouk.domain.barcode import DEFAULT_SCALE_RULES, is_internal, scale_barcode
from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import Unit
from possouk.services import catalog
from possouk.services.catalog import CooperativeDraft, ProductDraft
from possouk.services.events import COMMAND_LINE
from tests.conftest import Market


def draft(**changes: object) -> ProductDraft:
    base: dict[str, object] = dict(cooperative_code="COOP1", sku="NEW-1", name_ar="أملو باللوز",
                                   name_fr="Amlou aux amandes", category="amlou",
                                   unit=Unit.PIECE, price=6500)
    base.update(changes)
    return ProductDraft(**base)  # type: ignore[arg-type]


def test_products_without_barcode_get_an_internal_ean13(market: Market) -> None:
    assert is_internal(market.honey.barcode)
    assert market.honey.barcode != market.soap.barcode


def test_weighed_products_get_scale_codes(market: Market) -> None:
    assert market.figs.scale_code is not None and market.honey.scale_code is None


def test_scale_labels_resolve_to_product_and_weight_or_price(market: Market) -> None:
    weight_rule, price_rule = DEFAULT_SCALE_RULES
    code = market.figs.scale_code
    assert code is not None
    by_weight = catalog.scan(market.db, scale_barcode(weight_rule, code, 750))
    assert (by_weight.product.id, by_weight.quantity) == (market.figs.id, 750)
    by_price = catalog.scan(market.db, scale_barcode(price_rule, code, 3375))
    assert (by_price.product.id, by_price.price) == (market.figs.id, 3375)
    assert catalog.scan(market.db, market.honey.barcode).product.id == market.honey.id


@pytest.mark.parametrize("code", ["2000000000016", "12345", "abc%%$$", "", "9999999999994"])
def test_bad_or_unknown_scans(market: Market, code: str) -> None:
    with pytest.raises(UserError):
        catalog.scan(market.db, code)


@pytest.mark.parametrize("query", ["miel", "MIEL", "thym", "عسل", "العسل", "عَسَل", "عســل", "HON"])
def test_search_is_insensitive(market: Market, query: str) -> None:
    assert market.honey.id in [p.id for p in catalog.search(market.db, query)]


def test_search_accents_and_letter_variants(market: Market) -> None:
    assert [p.sku for p in catalog.search(market.db, "Meknes figues seches")] == []
    assert [p.sku for p in catalog.search(market.db, "figues seches")] == ["FIG-1"]
    assert [p.sku for p in catalog.search(market.db, "زيت الزيتون")] == ["OIL-1"]
    assert [p.sku for p in catalog.search(market.db, market.soap.barcode)] == ["SOAP-1"]


def _skus(market: Market, query: str) -> list[str]:
    return [p.sku for p in catalog.search(market.db, query)]


@pytest.mark.parametrize("query", ["Miel de thym", "miel du thym", "miel de", "de thym", "thym à",
                                   "عسل في الزعتر", "عسل من زعتر", "و عسل"])
def test_search_leaves_out_stop_words(market: Market, query: str) -> None:
    assert _skus(market, query) == ["HON-1"]


def test_a_query_of_stop_words_or_single_letters_finds_words_starting_with_them(
        market: Market) -> None:
    # The first letters of a word being typed: "d", "de" are also the start of "de…".
    catalog.add_product(market.db, COMMAND_LINE, draft(name_fr="Dattes Medjool", sku="NEW-9"))
    assert _skus(market, "d") == ["NEW-9"]
    assert _skus(market, "da") == ["NEW-9"]
    assert "HON-1" in _skus(market, "m")  # miel
    assert _skus(market, "de") == []  # no indexed word starts with "de": "de" is not indexed


@pytest.mark.parametrize("query", ["HON-1", "hon-1", "Hon-1", "HON", "hon-", "HO"])
def test_skus_are_found_by_prefix_in_any_one_case(market: Market, query: str) -> None:
    assert _skus(market, query)[0] == "HON-1"


def test_a_lower_case_sku_is_found_typed_in_capitals(market: Market) -> None:
    catalog.add_product(market.db, COMMAND_LINE, draft(sku="amlou-7"))
    assert _skus(market, "AMLOU-7") == ["amlou-7"]
    assert _skus(market, "amlou-7") == ["amlou-7"]


def test_the_parts_of_a_sku_are_not_search_words(market: Market) -> None:
    catalog.add_product(market.db, COMMAND_LINE, draft(sku="C051-048"))
    assert _skus(market, "C051-0") == ["C051-048"]
    assert _skus(market, "048") == []  # inside the sku: not a prefix of it, not a word
    assert _skus(market, "amlou c051") == []


def test_product_validation(market: Market) -> None:
    with pytest.raises(UserError, match="U\\+202E"):
        catalog.add_product(market.db, COMMAND_LINE, draft(name_fr="Miel\u202eleim"))
    with pytest.raises(UserError, match="more than zero"):
        catalog.add_product(market.db, COMMAND_LINE, draft(price=0))
    with pytest.raises(UserError, match="minimum price"):
        catalog.add_product(market.db, COMMAND_LINE, draft(min_price=9000))
    with pytest.raises(UserError, match="last digit"):
        catalog.add_product(market.db, COMMAND_LINE, draft(barcode="6111234567890"))
    with pytest.raises(UserError, match="already exists"):
        catalog.add_product(market.db, COMMAND_LINE, draft(sku="HON-1"))
    with pytest.raises(UserError, match="already belongs"):
        catalog.add_product(market.db, COMMAND_LINE, draft(barcode=market.honey.barcode))
    with pytest.raises(UserError, match="cooperative"):
        catalog.add_product(market.db, COMMAND_LINE, draft(cooperative_code="NOPE"))
    with pytest.raises(PermissionDenied):
        catalog.add_product(market.db, market.cashier, draft())
    made = catalog.add_product(market.db, COMMAND_LINE, draft(barcode="6111234567895"))
    assert made.barcode == "6111234567895"


def test_cooperative_validation(market: Market) -> None:
    with pytest.raises(UserError, match=r"RIB|key"):
        catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft(
            "C3", "تعاونية", "Coopérative", rib="011519000001205000534922"))
    with pytest.raises(UserError, match=r"ICE|15"):
        catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft(
            "C3", "تعاونية", "Coopérative", ice="12345"))
    with pytest.raises(UserError, match="already exists"):
        catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft("COOP1", "ت", "C"))
    made = catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft(
        "C3", "تعاونية الأرز", "Coopérative du cèdre", rib="011519000001205000534921"))
    assert made.commission == 1000  # the store default


def test_price_change_keeps_history(market: Market) -> None:
    catalog.change_price(market.db, COMMAND_LINE, "HON-1", 13000, 11000)
    with market.db.read() as uow:
        history = uow.catalog.price_history(market.honey.id)
    assert [h["price"] for h in history] == [12000, 13000]


def test_scale_rules_are_settings(market: Market) -> None:
    rules = catalog.set_scale_rules(
        market.db, COMMAND_LINE, '[{"prefix": "25", "kind": "weight", "item_digits": 4, "value_digits": 6}]')
    assert catalog.get_scale_rules(market.db) == rules
    code = market.figs.scale_code
    assert code is not None
    scanned = catalog.scan(market.db, scale_barcode(rules[0], code, 1250))
    assert (scanned.product.id, scanned.quantity) == (market.figs.id, 1250)
    with pytest.raises(UserError):
        catalog.set_scale_rules(market.db, COMMAND_LINE, '[{"prefix": "20", "kind": "weight"}]')
    with pytest.raises(PermissionDenied):
        catalog.set_scale_rules(market.db, market.cashier, "[]")
    assert catalog.get_scale_rules(market.db) == rules
