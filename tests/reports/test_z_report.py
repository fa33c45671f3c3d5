"""The Z report as an A4 PDF: its figures in French and Arabic, the same bytes for the same report.

PDFs are read back as in test_deposit_slip: pypdf gives right-to-left runs in
logical order, and NFKC maps Arabic presentation forms back to base letters.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata

from pypdf import PdfReader

from possouk.domain.cash import MoveReason
from possouk.domain.model import PaymentMethod
from possouk.hardware.receipt_image import render_receipt
from possouk.hardware.z_receipt import z_receipt
from possouk.i18n import translator
from possouk.reports.z_report import (
    APPROVED_BY,
    DIFFERENCE_REASON,
    SHORTAGE,
    SIGNATURE_CASHIER,
    SIGNATURE_SUPERVISOR,
    SURPLUS,
    z_report_pdf,
)
from tests.hardware.test_z_receipt import MOVEMENTS, SITE, STORE, exact_report, z_report


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFKC-normalised, with no-break spaces as plain spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [unicodedata.normalize("NFKC", p.extract_text()).replace("\u00a0", " ").replace("\u202f", " ")
            for p in pages]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\u202f", " ")


def fr(msgid: str) -> str:
    return nfkc(translator("fr").gettext(msgid))


def ar(msgid: str) -> str:
    return nfkc(translator("ar").gettext(msgid))


def test_the_pdf_holds_the_figures_in_french_and_arabic() -> None:
    pages = pdf_pages(z_report_pdf(z_report(), STORE, SITE))
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in page and "MEK1-Z0012 · c0ffeeab" in page
    for expected in (
        "Magasin solidaire", "MEK1-Z0012", "MEK1-S0031", "Meknès (MEK)", "001234567000089", "12345678",
        "03/05/2026 09:02", "03/05/2026 19:47", "Amina", "Karim",
        "995,00 MAD", "997,50 MAD", "+2,50 MAD", "310,00 MAD", "0,00 MAD",  # per method
        "1 250,00 MAD", "-45,00 MAD", "1 205,00 MAD", "-60,00 MAD", "-500,00 MAD", "+100,00 MAD",
        "600,00 MAD", "0,50 MAD", "1 001 205,00 MAD", "1 000 000,00 MAD",
        "MEK1-000101", "MEK1-000113", "9f86d081884c7d65", "c0ffeeababababab",
        "Coffre du bureau", "Monnaie mal rendue le matin",
    ):
        assert expected in text, expected
    # Arabic: the store and site, the sale receipt's payment labels, and the report's labels.
    for expected in ("المتجر التضامني", "مكناس", ar("Cash"), ar("Card"), ar("Register"),
                     ar("Expected cash"), ar("Counted cash"), ar(SURPLUS), ar(SIGNATURE_CASHIER)):
        assert nfkc(expected) in text, expected
    for msgid in ("Z report", "Expected cash", "Counted cash", "Difference", "Safe drop", "Float top-up",
                  "Grand total", APPROVED_BY, DIFFERENCE_REASON, SURPLUS, SIGNATURE_CASHIER,
                  SIGNATURE_SUPERVISOR):
        assert fr(msgid) in text, msgid
    assert fr(SHORTAGE) not in text and fr("Mobile payment") not in text


def test_no_difference_no_approval_no_reason() -> None:
    report = exact_report()
    assert report.difference(PaymentMethod.CASH) == 0
    text = "\n".join(pdf_pages(z_report_pdf(report, STORE, SITE)))
    assert "+2,50" not in text and "Karim" not in text
    for msgid in (APPROVED_BY, DIFFERENCE_REASON, SURPLUS, SHORTAGE):
        assert fr(msgid) not in text, msgid
    # Both signature boxes are always there: a supervisor countersigns every closing.
    assert fr(SIGNATURE_CASHIER) in text and fr(SIGNATURE_SUPERVISOR) in text


def test_same_report_gives_the_same_bytes() -> None:
    first = z_report_pdf(z_report(), STORE, SITE)
    assert first.startswith(b"%PDF") and first == z_report_pdf(z_report(), STORE, SITE)
    assert first != z_report_pdf(exact_report(), STORE, SITE)


def test_bad_data_does_not_break_the_layout() -> None:
    hostile_move = dataclasses.replace(MOVEMENTS[1], note="\u202eمصروف\u202c " + "ز" * 200,
                                       reason=MoveReason.OTHER)
    report = z_report(reason="\u2067سبب\u2069 " + "très long " * 40, opened_by="\u202eAmina\u202c",
                      movements=(MOVEMENTS[0], hostile_move))
    pages = pdf_pages(z_report_pdf(report, STORE, SITE))
    text = "\n".join(pages)
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert fr("Other reason") in text and f"page 1 / {len(pages)}" in text
    receipt = z_receipt(report, STORE, SITE)
    assert not any(c in f"{r.fr}{r.ar}" for r in receipt.rows for c in "\u202a\u202e\u2067\u2069")
    assert render_receipt(receipt).height > 1500


def test_labels_are_the_receipts_msgids() -> None:
    # reports may not import hardware, so the msgids are repeated: they must stay the same text.
    from possouk.hardware import z_receipt as paper
    from possouk.reports import z_report as a4

    shared = [name for name in dir(a4) if name.isupper() and hasattr(paper, name)
              and isinstance(getattr(a4, name), str)]
    assert len(shared) > 40
    for name in shared:
        assert getattr(a4, name) == getattr(paper, name), name
    assert a4.PAYMENT_LABELS == paper.PAYMENT_LABELS and a4.MOVE_REASON_LABELS == paper.MOVE_REASON_LABELS
