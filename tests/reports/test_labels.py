"""Label sheets as a pure function of plain data: content read back, pagination, bad data.

PDFs are read back with pypdf and NFKC-normalised, as in test_deposit_slip.py:
the Arabic comes back in logical order as presentation forms, which NFKC maps
back to base letters; "…" becomes "...".
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from possouk.domain.barcode import internal_ean13
from possouk.domain.model import Unit
from possouk.reports.labels import GRIDS, Grid, LabelData, label_sheet_pdf, price_text, sheets_needed


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFKC-normalised, with no-break spaces as plain spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [unicodedata.normalize("NFKC", p.extract_text()).replace("\u00a0", " ").replace("\u202f", " ")
            for p in pages]


def label(n: int = 1, *, name_ar: str = "عسل الزعتر", name_fr: str = "Miel de thym",
          unit: Unit = Unit.PIECE, price: int = 12000, barcode: str | None = None) -> LabelData:
    return LabelData(f"SKU-{n}", barcode or internal_ean13(n), name_ar, name_fr, price, unit,
                     "Coopérative des abeilles", "تعاونية النحل")


def digits_in(text: str, code: str) -> bool:
    """The human-readable digits of an EAN-13 (drawn as 1 + 6 + 6) appear, in order."""
    return re.search(rf"{code[0]}\s*{code[1:7]}\s*{code[7:]}", text) is not None


def test_a_label_shows_both_names_price_cooperative_and_barcode_digits() -> None:
    (text,) = pdf_pages(label_sheet_pdf([label(7, unit=Unit.KG, price=4500)], GRIDS["3x8"]))
    assert "عسل الزعتر" in text  # logical order once NFKC-normalised
    assert "Miel de thym" in text
    assert "45,00 MAD / kg" in text
    assert "Coopérative des abeilles" in text and "تعاونية النحل" in text
    assert digits_in(text, internal_ean13(7))


def test_prices_per_unit() -> None:
    assert price_text(label(unit=Unit.PIECE, price=12000)) == "120,00\u00a0MAD"
    assert price_text(label(unit=Unit.KG, price=4500)) == "45,00\u00a0MAD / kg"
    assert price_text(label(unit=Unit.LITRE, price=8000)) == "80,00\u00a0MAD / l"


@pytest.mark.parametrize(("grid", "count", "pages"), [("3x8", 30, 2), ("3x8", 24, 1), ("4x10", 41, 2)])
def test_labels_flow_onto_new_sheets(grid: str, count: int, pages: int) -> None:
    labels = [label(n, name_fr=f"Produit {n}") for n in range(1, count + 1)]
    texts = pdf_pages(label_sheet_pdf(labels, GRIDS[grid]))
    assert len(texts) == pages == sheets_needed(count, GRIDS[grid])
    everything = "\n".join(texts)
    assert sum(everything.count(f"Produit {n}\n") for n in range(1, count + 1)) == count


def test_copies_repeat_each_label() -> None:
    texts = pdf_pages(label_sheet_pdf([label(1), label(2, name_fr="Savon")], GRIDS["3x8"], copies=13))
    assert len(texts) == 2  # 26 labels on 24-label sheets
    everything = "\n".join(texts)
    assert everything.count("Miel de thym") == 13 and everything.count("Savon") == 13


def test_same_data_gives_the_same_bytes() -> None:
    labels = [label(n) for n in range(1, 6)]
    assert label_sheet_pdf(labels, GRIDS["4x10"]) == label_sheet_pdf(labels, GRIDS["4x10"])


def test_a_200_letter_name_is_cut_not_spilled() -> None:
    long = label(1, name_fr="Miel " + "x" * 195, name_ar="عسل " + "ز" * 196)
    (text,) = pdf_pages(label_sheet_pdf([long, label(2, name_fr="Voisin")], GRIDS["4x10"]))
    assert "Miel xxx" in text and "x" * 60 not in text
    assert "..." in text and "ز" * 60 not in text
    assert "Voisin" in text


def test_bidi_controls_are_dropped() -> None:
    hostile = label(1, name_ar="\u202eعسل\u202c (ممتاز)", name_fr="\u2067Miel\u2069")
    (text,) = pdf_pages(label_sheet_pdf([hostile], GRIDS["3x8"]))
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "Miel" in text


def test_upc_a_and_ean_8_barcodes_are_drawn() -> None:
    upc, ean8 = "036000291452", "96385074"
    (text,) = pdf_pages(label_sheet_pdf([label(1, barcode=upc), label(2, barcode=ean8)], GRIDS["3x8"]))
    assert digits_in(text, "0" + upc)
    assert re.search(r"9638\s*5074", text)


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValueError, match="check digit"):
        label_sheet_pdf([label(1, barcode="2000000000010")], GRIDS["3x8"])


def test_grids_are_checked() -> None:
    assert GRIDS["3x8"].per_sheet == 24 and GRIDS["4x10"].per_sheet == 40
    with pytest.raises(ValueError):
        Grid(10, 30)  # labels of 21 × 9.9 mm
    with pytest.raises(ValueError):
        label_sheet_pdf([], GRIDS["3x8"])
    with pytest.raises(ValueError):
        label_sheet_pdf([label()], GRIDS["3x8"], copies=0)


def test_labels_stay_inside_the_page() -> None:
    for grid in GRIDS.values():
        x, y = grid.origin(grid.per_sheet - 1)
        assert x + grid.label_width <= 595.3 and y >= 0
        assert grid.origin(0)[1] + grid.label_height <= 841.9


@settings(max_examples=15, deadline=None)
@given(name_ar=st.text(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=120),
       name_fr=st.text(max_size=120), price=st.integers(1, 999_999_999))
@example(name_ar="", name_fr="\u061b\ufdc8", price=1)  # an unassigned code point: no bidi class
def test_any_name_and_price_lay_out(name_ar: str, name_fr: str, price: int) -> None:
    pdf = label_sheet_pdf([label(1, name_ar=name_ar, name_fr=name_fr, price=price)], GRIDS["4x10"])
    assert pdf.startswith(b"%PDF")
