"""The generic bilingual table report: titles, Arabic columns, totals, pagination, same bytes.

PDFs are read back with pypdf as in test_deposit_slip.py (NFKC maps the Arabic
presentation forms back to their letters; runs come back in logical order).
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from possouk.domain.errors import N_
from possouk.domain.model import Store
from possouk.reports.document import Column
from possouk.reports.table_report import ReportSection, TableDocument, content_digest, table_report_pdf
from tests.reports.test_deposit_slip import pdf_pages

STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire")
COLUMNS = (
    Column("الرمز", "Code", 1.0),
    Column("الاسم (بالفرنسية)", "Nom (français)", 2.5),
    Column("الاسم (بالعربية)", "Nom (arabe)", 2.5, "right", rtl=True),
    Column("الصافي", "Net", 1.3, "right"),
)


def rows(count: int) -> tuple[tuple[str, ...], ...]:
    return tuple((f"C{n:03d}", f"Coopérative {n}", f"تعاونية رقم {n}", f"{n},00") for n in range(count))


def document(count: int = 3, *, name_ar: str | None = None) -> TableDocument:
    data = rows(count)
    if name_ar is not None:
        data = (("LONG", "Coopérative longue", name_ar, "1,00"), *data)
    return TableDocument(
        title=N_("Sales by cooperative"), number="RPT-2026-05-11-2026-05-17-cooperative",
        subtitle_fr=("Du 11/05/2026 au 17/05/2026",), subtitle_ar=("من 11/05/2026 إلى 17/05/2026",),
        summary=(("Ventes", "1 234,50 MAD", "المبيعات"),),
        sections=(ReportSection("حسب التعاونية", "Par coopérative", COLUMNS, data,
                                ("Total", "", "المجموع", "3,00")),),
    )


def test_titles_arabic_names_and_totals_read_back() -> None:
    (text,) = pdf_pages(table_report_pdf(document(), STORE))
    assert "Magasin solidaire" in text and "المتجر التضامني" in text
    assert "Par coopérative" in text and "حسب التعاونية" in text
    assert "Du 11/05/2026 au 17/05/2026" in text
    # Arabic words in logical order once read back (pypdf puts a number in an RTL run first)
    assert "تعاونية رقم" in text and "المبيعات" in text
    assert "C002" in text and "Coopérative 2" in text
    assert "Total" in text and "المجموع" in text and "3,00" in text
    assert "1 234,50 MAD" in text
    assert "RPT-2026-05-11-2026-05-17-cooperative" in text and "page 1 / 1" in text


def test_the_footer_carries_the_number_and_the_digest_of_the_content() -> None:
    doc = document()
    (text,) = pdf_pages(table_report_pdf(doc, STORE))
    digest = content_digest(doc, STORE)
    assert len(digest) == 64 and digest[:32] in text
    assert content_digest(document(4), STORE) != digest
    assert content_digest(doc, Store(name_fr="Autre")) != digest


def test_same_data_gives_the_same_bytes() -> None:
    assert table_report_pdf(document(), STORE) == table_report_pdf(document(), STORE)


def test_a_long_table_repeats_its_header_and_keeps_its_totals_with_a_header() -> None:
    pdf = table_report_pdf(document(150), STORE)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in text
        assert "Nom (français)" in text  # the header on every page
    everything = "\n".join(pages)
    assert sum(everything.count(f"C{n:03d}") for n in range(150)) == 150
    assert "المجموع" in pages[-1]


def test_a_long_arabic_name_is_cut_to_its_column() -> None:
    long_name = "\u202eتعاونية\u202c " + "النحل والعسل الجبلي " * 30
    (text,) = pdf_pages(table_report_pdf(document(2, name_ar=long_name), STORE))
    assert "\u202e" not in text and "\u202c" not in text
    assert "..." in text  # "…" after NFKC
    assert text.count("النحل والعسل الجبلي") < 10  # cut, not spilling over the other columns
    assert "LONG" in text and "Coopérative longue" in text and "C001" in text


def test_an_empty_section_says_so() -> None:
    doc = TableDocument(
        title=N_("Sales by cooperative"), number="RPT-X",
        sections=(ReportSection("", "", COLUMNS, (), None, "لا مبيعات", "Aucune vente"),),
    )
    (text,) = pdf_pages(table_report_pdf(doc, STORE))
    assert "Aucune vente" in text and "لا مبيعات" in text and "Nom (français)" not in text


def test_a_pdf_is_a_pdf() -> None:
    reader = PdfReader(io.BytesIO(table_report_pdf(document(), STORE)))
    assert reader.metadata is not None and reader.metadata.title is not None
    assert "RPT-2026-05-11-2026-05-17-cooperative" in reader.metadata.title
