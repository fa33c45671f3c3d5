"""Deposit and return slips printed from the ledger, read back with pypdf.

pypdf gives right-to-left runs back in logical order, drawn as Arabic
presentation forms; NFKC maps those to base letters, so the cooperative's
Arabic name can be compared as typed.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from possouk.domain.errors import UserError
from possouk.domain.model import StockKind
from possouk.domain.money import line_total
from possouk.services import stock
from possouk.services.documents import deposit_slip_data, deposit_slip_pdf
from possouk.services.stock import StockInput
from tests.conftest import Market


def read_back(pdf: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def test_the_deposit_slip_of_an_intake(market: Market) -> None:
    pdf = deposit_slip_pdf(market.db, "MEK-D-00001")
    assert pdf.startswith(b"%PDF")
    assert deposit_slip_pdf(market.db, "MEK-D-00001") == pdf  # same data, same bytes
    text = read_back(pdf)
    assert "تعاونية النحل" in text and "Coopérative des abeilles" in text
    assert "المتجر التضامني" in text and "Magasin solidaire" in text
    assert "عسل الزعتر" in text and "Miel de thym" in text
    assert "Bon de dépôt" in text and "وصل الإيداع" in text and "COOP1" in text
    assert "20 pce" in text  # 20 jars of honey
    assert "10,000 kg" in text  # 10 kg of figs
    assert "2 400,00" in text and "450,00" in text
    assert "2 850,00 MAD" in text  # 20 × 120.00 + 10 × 45.00
    assert "deux mille huit cent cinquante dirhams" in text
    assert "page 1 / 1" in text


def test_total_matches_the_ledger(market: Market) -> None:
    data = deposit_slip_data(market.db, "MEK-D-00002")
    with market.db.read() as uow:
        doc = uow.ledger.stock_doc(uow.ledger.stock_doc_id(1, StockKind.INTAKE, 2) or 0)
    assert data.total == sum(line_total(line.quantity, line.unit_price) for line in doc.lines)
    assert data.cooperative.code == "COOP2" and data.digest == doc.hash
    assert deposit_slip_data(market.db, doc.id) == data  # by id as well as by reference


def test_the_return_slip_of_a_return(market: Market) -> None:
    doc = stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP2",
                       [StockInput("SOAP-1", 5_000)])
    text = read_back(deposit_slip_pdf(market.db, doc.reference))
    assert doc.reference.startswith("MEK-R-")
    assert "Bon de retour" in text and "وصل الإرجاع" in text and "تعاونية الزيتون" in text and "5 pce" in text
    assert "62,50 MAD" in text


@pytest.mark.parametrize("reference", ["MEK-D-00099", "XYZ-D-00001", "nonsense", "999"])
def test_an_unknown_slip_is_a_user_error(market: Market, reference: str) -> None:
    with pytest.raises(UserError):
        deposit_slip_pdf(market.db, reference)
