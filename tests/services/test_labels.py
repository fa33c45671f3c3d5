"""Choosing the products to label, by cooperative or by sku, and the refusals."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from possouk.domain.errors import UserError
from possouk.services import catalog
from possouk.services.catalog import CooperativeDraft
from possouk.services.events import COMMAND_LINE
from possouk.services.labels import label_data, labels_pdf
from tests.conftest import Market


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(unicodedata.normalize("NFKC", p.extract_text()).replace("\u00a0", " ")
                     for p in pages)


def test_a_cooperative_gets_a_label_per_product(market: Market) -> None:
    labels = label_data(market.db, cooperative_code="COOP1")
    assert [(x.sku, x.barcode, x.price) for x in labels] == [
        ("FIG-1", market.figs.barcode, 4500), ("HON-1", market.honey.barcode, 12000)]
    assert labels[0].cooperative_name_ar == "تعاونية النحل"
    text = pdf_text(labels_pdf(market.db, cooperative_code="COOP1"))
    assert "Figues sèches" in text and "45,00 MAD / kg" in text
    assert "Miel de thym" in text and "120,00 MAD" in text
    assert "تين مجفف" in text and "عسل الزعتر" in text
    for code in (market.figs.barcode, market.honey.barcode):
        assert f"{code[0]}\n{code[1:7]}\n{code[7:]}" in text  # the human-readable digits
    assert text.count(" MAD") == 2  # one label per product


def test_skus_in_the_order_given_and_once_each(market: Market) -> None:
    labels = label_data(market.db, skus=["SOAP-1", "HON-1", "SOAP-1"])
    assert [x.sku for x in labels] == ["SOAP-1", "HON-1"]
    assert labels[0].cooperative_name_fr == "Coopérative de l'olivier"
    both = label_data(market.db, cooperative_code="COOP1", skus=["OIL-1", "FIG-1"])
    assert [x.sku for x in both] == ["FIG-1", "HON-1", "OIL-1"]


def test_copies_and_grid(market: Market) -> None:
    pdf = labels_pdf(market.db, skus=["OIL-1"], grid="4x10", copies=41)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert pdf_text(pdf).count("Huile d'olive") == 41
    assert pdf == labels_pdf(market.db, skus=["OIL-1"], grid="4x10", copies=41)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "Choose the products to label"),
    ({"cooperative_code": "NOPE"}, "no cooperative with the code"),
    ({"skus": ["HON-1", "NOPE-9"]}, "no product with the sku"),
    ({"skus": ["HON-1"], "copies": 0}, "between 1 and"),
    ({"skus": ["HON-1"], "copies": 101}, "between 1 and"),
    ({"skus": ["HON-1"], "grid": "5x5"}, "no label sheet 5x5"),
])
def test_refusals(market: Market, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UserError) as caught:
        labels_pdf(market.db, **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_a_cooperative_without_products_is_refused(market: Market) -> None:
    catalog.add_cooperative(market.db, COMMAND_LINE, CooperativeDraft("COOP3", "تعاونية", "Vide"))
    with pytest.raises(UserError, match="no product on sale"):
        labels_pdf(market.db, cooperative_code="COOP3")
