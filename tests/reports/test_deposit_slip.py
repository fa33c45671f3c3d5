"""The deposit slip report as a pure function of plain data: pagination, bad data, speed.

PDFs are read back with pypdf. pypdf returns right-to-left glyph runs in
logical order already; the glyphs are Arabic presentation forms (what
arabic-reshaper drew), so the text is NFKC-normalised before comparing, which
maps each form (and each lam-alef ligature) back to its base letters.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime

from pypdf import PdfReader

from possouk.domain.model import Cooperative, Site, StockKind, Store, Unit
from possouk.reports.deposit_slip import DepositSlipData, SlipLine, deposit_slip_pdf


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFKC-normalised, with no-break spaces as plain spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [unicodedata.normalize("NFKC", p.extract_text()).replace("\u00a0", " ").replace("\u202f", " ")
            for p in pages]


def slip(lines: list[SlipLine], kind: StockKind = StockKind.INTAKE) -> DepositSlipData:
    return DepositSlipData(
        kind=kind, reference="MEK-D-00042", created_at=datetime(2026, 5, 3, 13, 5, tzinfo=UTC),
        digest="ab" * 32,
        store=Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", phone="0535000000"),
        site=Site(1, "MEK", "مكناس", "Meknès"),
        cooperative=Cooperative(7, "COOP1", "تعاونية النحل", "Coopérative des abeilles",
                                phone="0600000000"),
        lines=tuple(lines),
    )


def many_lines(count: int) -> list[SlipLine]:
    return [SlipLine(f"SKU-{n}", f"منتج رقم {n}", f"Produit {n}", 1000 + n, Unit.PIECE, 1250)
            for n in range(count)]


def test_a_150_line_slip_paginates_with_page_numbers_and_repeats_the_header() -> None:
    data = slip(many_lines(150))
    pdf = deposit_slip_pdf(data)  # its speed is measured by bench/bench_slip.py, not here
    pages = pdf_pages(pdf)
    assert len(pages) == 4
    for number, text in enumerate(pages, start=1):
        assert f"page {number} / 4" in text
        assert "MEK-D-00042" in text
        assert "Quantité" in text  # the table header is on every page
    everything = "\n".join(pages)
    assert "SKU-0\n" in everything and "SKU-149\n" in everything
    assert sum(everything.count(f"SKU-{n}\n") for n in range(150)) == 150


def test_same_data_gives_the_same_bytes() -> None:
    assert deposit_slip_pdf(slip(many_lines(5))) == deposit_slip_pdf(slip(many_lines(5)))


def test_bidi_controls_and_long_names_do_not_break_the_layout() -> None:
    hostile = SlipLine("EVIL-1", "\u202eعسل\u202c (ممتاز) \u2067x\u2069" + "ز" * 200,
                       "\u202eMiel\u202c " + "très long " * 40, 1500, Unit.KG, 999_999_999)
    pdf = deposit_slip_pdf(slip([hostile, *many_lines(2)]))
    (text,) = pdf_pages(pdf)
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "Miel très long très long t..." in text  # cut to its column ("…" is "..." after NFKC)
    assert "SKU-1" in text and "page 1 / 1" in text
    assert "14 999 999,99" in text  # 1.5 kg at 9,999,999.99 the kg, rounded


def test_a_return_slip_says_so() -> None:
    (text,) = pdf_pages(deposit_slip_pdf(slip(many_lines(1), StockKind.RETURN)))
    assert "Bon de retour" in text and "Bon de dépôt" not in text
