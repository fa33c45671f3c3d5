"""The unsold stock statement at the end of a market edition, as a PDF read back.

Stocks are built by hand (no database). The text is read back with pypdf and
NFKC-normalised (see tests/reports/test_deposit_slip.py), so Arabic is compared in
logical order; each table cell comes back on a line of its own. New msgids are
looked up with ``tr`` so the tests hold before and after the catalogs translate them;
sentences that may wrap are compared with their line breaks turned into spaces.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from possouk.domain.model import Cooperative, Site, Store, Unit
from possouk.domain.unsold import UnsoldProduct, UnsoldStock
from possouk.i18n.formatting import format_money
from possouk.i18n.words import amount_in_words
from possouk.reports.document import tr
from possouk.reports.unsold_stock import (
    EVERYTHING_UP_TO_NOW,
    HANDED_BACK,
    NO_MOVEMENT,
    NOTHING_TO_HAND_BACK,
    OVERSOLD_NOTE,
    REMAINING,
    TITLE,
    unsold_stock_pdf,
)
from tests.reports.test_deposit_slip import pdf_pages

STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", address="Place Lahdim, Meknès",
              ice="001234567000089", phone="0535000000")
SITE = Site(1, "MEK", "مكناس", "Meknès")
COOP = Cooperative(7, "COOP1", "تعاونية النحل الذهبي", "Coopérative de l'abeille dorée")
PRINTED = datetime(2026, 5, 17, 19, 45, tzinfo=UTC)  # 20:45 in Casablanca


def product(sku: str, unit: Unit = Unit.PIECE, *, price: int = 2500, opening: int = 0,
            deposited: int = 10_000, sold: int = 4_000, returned: int = 0, adjusted: int = 0,
            name_ar: str = "صابون بلدي", name_fr: str = "Savon noir") -> UnsoldProduct:
    return UnsoldProduct(sku, name_ar, name_fr, unit, price, opening, deposited, sold, returned, adjusted)


HONEY = product("HONEY", Unit.KG, price=12000, name_ar="عسل الزعتر", name_fr="Miel de thym",
                opening=500, deposited=5_000, sold=3_250, returned=250, adjusted=-500)  # 1,500 kg left
SOAP = product("SOAP", adjusted=1_000)  # 10 + 0 − 4 + 1 = 7 pieces left


def stock(*products: UnsoldProduct, start: date | None = date(2026, 5, 1),
          end: date | None = date(2026, 5, 17)) -> UnsoldStock:
    return UnsoldStock("COOP1", "MEK", start, end, products or (HONEY, SOAP))


def pdf(s: UnsoldStock, coop: Cooperative = COOP) -> bytes:
    return unsold_stock_pdf(s, STORE, SITE, coop, PRINTED)


def text_of(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def flat(data: bytes) -> str:
    """The text with line breaks as spaces, for sentences that may wrap."""
    return " ".join(" ".join(text_of(data).split("\n")).split())


def money(centimes: int) -> str:
    return format_money(centimes, "fr").replace("\u00a0", " ").replace("\u202f", " ")


def amount(centimes: int) -> str:
    return format_money(centimes, "fr", currency=False).replace("\u00a0", " ").replace("\u202f", " ")


def row(text: str, sku: str) -> list[str]:
    """The ten cells of the product ``sku`` as read back (one per line)."""
    lines = text.split("\n")
    return lines[lines.index(sku):lines.index(sku) + 10]


def test_the_figures_of_the_hand_built_stock() -> None:
    assert (HONEY.remaining, HONEY.value) == (1_500, 18000)
    assert (SOAP.remaining, SOAP.value) == (7_000, 17500)
    assert stock().value == 35500


def test_same_data_gives_the_same_bytes() -> None:
    assert pdf(stock()) == pdf(stock())
    assert pdf(stock()) != pdf(stock(HONEY))


def test_the_statement_shows_who_where_when_and_the_remaining_value() -> None:
    data = pdf(stock())
    text = text_of(data)
    assert "تعاونية النحل الذهبي" in text  # logical order, joined letters read back as base letters
    assert "Coopérative de l'abeille dorée" in text and "COOP1" in text
    assert "Meknès (MEK)" in text and "مكناس" in text
    assert "Du 01/05/2026 au 17/05/2026" in text
    assert "17/05/2026 20:45" in text  # printed at, in local time
    assert "MEK-COOP1 · " in text  # the footer's number and digest
    assert money(35500) in text  # 355,00 MAD
    assert amount(35500) in text.split("\n")  # the table's total
    assert amount_in_words(35500, "fr") in flat(data)
    assert amount_in_words(35500, "ar") in flat(data)
    assert "عسل الزعتر" in text and "Miel de thym" in text
    assert row(text, "HONEY")[3:] == ["0,500 kg", "5,000 kg", "3,250 kg", "0,250 kg", "−0,500 kg",
                                      "1,500 kg", "180,00"]
    assert row(text, "SOAP")[3:] == ["0", "10", "4", "0", "+1", "7", "175,00"]
    assert tr(HANDED_BACK, "fr") in flat(data)
    assert tr(NOTHING_TO_HAND_BACK, "fr") not in flat(data)
    assert tr(OVERSOLD_NOTE, "fr") not in flat(data)
    metadata = PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None and metadata.title == f"{tr(TITLE, 'fr')} MEK-COOP1"


def test_a_stock_of_another_cooperative_or_site_is_refused() -> None:
    with pytest.raises(ValueError):
        unsold_stock_pdf(replace(stock(), cooperative_code="COOP2"), STORE, SITE, COOP, PRINTED)
    with pytest.raises(ValueError):
        unsold_stock_pdf(replace(stock(), site_code="RBT"), STORE, SITE, COOP, PRINTED)


def test_a_period_without_dates_is_everything_up_to_now() -> None:
    text = flat(pdf(stock(start=None, end=None)))
    assert tr(EVERYTHING_UP_TO_NOW, "fr") in text and tr(EVERYTHING_UP_TO_NOW, "ar") in text


def test_120_products_paginate_with_the_header_on_every_page() -> None:
    many = tuple(product(f"P{n:03d}", name_ar=f"منتج رقم {n}", name_fr=f"Produit {n}")
                 for n in range(120))
    pages = pdf_pages(pdf(stock(*many)))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in page
        assert "MEK-COOP1" in page
    table_pages = [page for page in pages if "P" in page and any(f"P{n:03d}\n" in page for n in range(120))]
    for page in table_pages:
        assert tr(REMAINING, "fr") in page and "Vendu" in page  # the header repeats
    everything = "\n".join(pages)
    assert sum(everything.count(f"\nP{n:03d}\n") for n in range(120)) == 120
    assert everything.index("P000") < everything.index("P060") < everything.index("P119")  # in order


def test_an_oversold_product_is_noted_and_worth_nothing() -> None:
    oversold = product("AMLOU", Unit.KG, price=18000, deposited=2_000, sold=2_750)  # 0,750 kg too many
    data = pdf(stock(HONEY, oversold, SOAP))
    text = text_of(data)
    cells = row(text, "AMLOU")
    assert cells[8:] == ["−0,750 kg", "0,00"]
    for lang in ("fr", "ar"):
        # pypdf reads a right-to-left line's final full stop first: compare the words
        assert tr(OVERSOLD_NOTE, lang).rstrip(".") in flat(data)
    assert text.count("AMLOU") == 3  # its row and the note in French and in Arabic
    assert money(HONEY.value + SOAP.value) in text


def test_nothing_to_hand_back_is_said() -> None:
    gone = product("SOAP", deposited=3_000, sold=3_000)
    oversold = product("HONEY", deposited=1_000, sold=2_000)
    for s in (stock(gone), stock(gone, oversold)):
        data = pdf(s)
        for lang in ("fr", "ar"):
            assert tr(NOTHING_TO_HAND_BACK, lang).rstrip(".") in flat(data)
        assert tr(HANDED_BACK, "fr") not in flat(data)
        assert money(0) in text_of(data)
        assert amount_in_words(0, "fr") in flat(data)


def test_an_empty_stock_says_nothing_moved() -> None:
    data = pdf(UnsoldStock("COOP1", "MEK", None, None, ()))
    assert tr(NO_MOVEMENT, "fr") in flat(data)
    assert tr(NOTHING_TO_HAND_BACK, "fr") in flat(data)


def test_bidi_controls_in_names_do_not_break_the_document() -> None:
    rlo, pdf_, rli, pdi, lrm = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e"
    coop = replace(COOP, name_ar=f"{rlo}تعاونية النحل{pdf_}", name_fr=f"Coop {rli}abeilles{pdi}")
    evil = product("EVIL", name_ar=f"{rli}عسل{lrm} 12 (ممتاز){pdi}", name_fr=f"{rlo}Miel{pdf_}")
    data = pdf(stock(evil, SOAP), coop)
    text = text_of(data)
    assert "تعاونية النحل" in text and "Coop abeilles" in text
    assert "عسل" in text and "Miel" in text
    assert not set(text) & {rlo, pdf_, rli, pdi, lrm}
    assert row(text, "EVIL")[3:] == ["0", "10", "4", "0", "0", "6", "150,00"]
    assert len(pdf_pages(data)) == 1


def test_figures_are_never_cut() -> None:
    saffron = product("SAFRAN", price=987_654_321, deposited=1_000, sold=0,
                      name_ar="زعفران تالوين الحر الممتاز من الجبال", name_fr="Safran de Taliouine " * 5)
    grain = product("COUSCOUS", Unit.KG, price=1, opening=12_345_678, deposited=98_765_432,
                    sold=54_321_987, returned=1_234_567, adjusted=-2_500)
    data = pdf(stock(saffron, grain))
    text = text_of(data)
    assert "9 876 543,21" in text.split("\n")  # the row's value, whole
    assert row(text, "COUSCOUS")[3:9] == ["12 345,678 kg", "98 765,432 kg", "54 321,987 kg",
                                          "1 234,567 kg", "−2,500 kg", "55 552,056 kg"]
    assert "..." in row(text, "SAFRAN")[1]  # the long name is cut, not the figures
    total = saffron.value + grain.value
    assert amount(total) in text.split("\n") and money(total) in text
    assert amount_in_words(total, "ar") in flat(data)
