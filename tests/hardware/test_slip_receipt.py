"""Deposit and return slips laid out for the receipt printer."""

from __future__ import annotations

import pytest

from possouk.domain.errors import UserError
from possouk.domain.model import StockKind
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.receipt_image import WIDTH_58MM, WIDTH_80MM, render_receipt
from possouk.i18n import translator
from possouk.services import stock
from possouk.services.documents import deposit_slip_receipt
from possouk.services.stock import StockInput
from tests.conftest import Market


def texts(receipt: object) -> str:
    """The receipt's slots, with the thin and no-break spaces of amounts as plain spaces."""
    joined = "\n".join(f"{r.fr} | {r.value} | {r.ar}" for r in receipt.rows)  # type: ignore[attr-defined]
    return joined.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_deposit_slip_on_the_receipt_printer(market: Market, width: int) -> None:
    receipt = deposit_slip_receipt(market.db, "MEK-D-00001")
    text = texts(receipt)
    assert receipt.reference == "MEK-D-00001"
    assert "تعاونية النحل" in text and "Coopérative des abeilles" in text and "COOP1" in text
    assert "Magasin solidaire" in text and "Miel de thym" in text and "عسل الزعتر" in text
    assert "2 850,00 MAD" in text  # 20 × 120.00 + 10 × 45.00
    assert "20 pce × 120,00" in text and "10,000 kg × 45,00" in text
    fr = translator("fr").gettext
    for label in ("Deposit slip", "Signature of the cooperative", "Signature of the store"):
        assert fr(label) in text
    image = render_receipt(receipt, width)
    assert image.width == width and image.mode == "1" and image.height > 600
    data = receipt_bytes(image)
    assert b"\x1dv0" in data and b"\x1dV" in data


def test_return_slip_on_the_receipt_printer(market: Market) -> None:
    doc = stock.record(market.db, market.supervisor, StockKind.RETURN, "MEK", "COOP2",
                       [StockInput("SOAP-1", 5_000)])
    text = texts(deposit_slip_receipt(market.db, doc.reference))
    assert translator("fr").gettext("Return slip") in text and "تعاونية الزيتون" in text
    assert "62,50 MAD" in text


def test_unknown_slip_is_a_user_error(market: Market) -> None:
    with pytest.raises(UserError):
        deposit_slip_receipt(market.db, "MEK-D-00099")


def test_labels_are_the_a4_slips_msgids() -> None:
    # hardware may not import reports, so the msgids are repeated: they must stay the same text.
    from possouk.hardware import slip_receipt
    from possouk.reports import deposit_slip

    for name in ("DEPOSIT_TITLE", "RETURN_TITLE", "REFERENCE", "DATE", "SITE", "COOPERATIVE", "LINES",
                 "TOTAL_VALUE", "SIGNATURE_COOPERATIVE", "SIGNATURE_STORE"):
        assert getattr(slip_receipt, name) == getattr(deposit_slip, name)
