"""The Z report (closing) and X report (open session) laid out for the receipt printer."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from possouk.domain.cash import (
    CashCount,
    CashMovement,
    CashSession,
    MoveKind,
    MoveReason,
    SessionFigures,
    SessionStatus,
    ZReport,
    count_from,
)
from possouk.domain.model import Cooperative, PaymentMethod, Site, Store
from possouk.domain.settlement import Payout, PayoutMethod
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.receipt import Receipt
from possouk.hardware.receipt_image import WIDTH_58MM, WIDTH_80MM, render_receipt
from possouk.hardware.z_receipt import (
    APPROVED_BY,
    DIFFERENCE_REASON,
    MOVE_REASON_LABELS,
    SHORTAGE,
    SIGNATURE_CASHIER,
    SIGNATURE_SUPERVISOR,
    SURPLUS,
    X_NOT_CLOSING,
    X_TITLE,
    Z_TITLE,
    denomination_label,
    payout_receipt,
    signed_money,
    x_receipt,
    z_receipt,
)
from possouk.i18n import translator

STORE = Store(name_ar="المتجر التضامني", name_fr="Magasin solidaire", address="12, rue Dar Smen, Meknès",
              ice="001234567000089", if_number="12345678")
SITE = Site(id=1, code="MEK", name_ar="مكناس", name_fr="Meknès")
OPENED = datetime(2026, 5, 3, 8, 2, tzinfo=UTC)  # 09:02 in Casablanca
CLOSED = datetime(2026, 5, 3, 18, 47, tzinfo=UTC)  # 19:47

# Twelve sales for 1 250,00 (940,00 in cash, 310,00 by card), one cash refund of 45,00,
# a float top-up of 100,00 and a safe drop of 500,00; 997,50 counted for 995,00 expected.
FIGURES = SessionFigures(
    opening_float=50_000, sales_count=12, refunds_count=1, sales_total=125_000, refunds_total=4_500,
    discounts=1_200, price_overrides=2, by_method={PaymentMethod.CASH: 89_500, PaymentMethod.CARD: 31_000},
    cash_received=100_000, change_given=6_000, cash_refunded=4_500, cash_in=10_000, cash_out=50_000,
    first_receipt=101, last_receipt=113, last_hash="9f86d081884c7d659a2feaa0c55ad015" * 2, manual_entries=1,
)
MOVEMENTS = (
    CashMovement(id=1, session_id=31, register_code="MEK1", number=7, kind=MoveKind.IN,
                 reason=MoveReason.FLOAT_TOP_UP, amount=10_000, note="", user_id=2,
                 created_at=datetime(2026, 5, 3, 11, 0, tzinfo=UTC)),
    CashMovement(id=2, session_id=31, register_code="MEK1", number=8, kind=MoveKind.OUT,
                 reason=MoveReason.SAFE_DROP, amount=50_000, note="Coffre du bureau", user_id=2,
                 created_at=datetime(2026, 5, 3, 15, 30, tzinfo=UTC)),
)
# 3 × 200 + 3 × 100 + 50 + 2 × 20 + 5 + 2 + 0,50 = 997,50
COUNTED = count_from({20_000: 3, 10_000: 3, 5_000: 1, 2_000: 2, 500: 1, 200: 1, 50: 1})


def z_report(**changes: object) -> ZReport:
    """A Z report with a surplus of 2,50 on cash, approved, with its reason."""
    report = ZReport(
        id=12, register_id=1, register_code="MEK1", site_code="MEK", number=12, session_id=31,
        session_number=31, business_day=date(2026, 5, 3), opened_at=OPENED, created_at=CLOSED,
        opened_by="Amina", closed_by="Amina", approved_by="Karim", reason="Monnaie mal rendue le matin",
        figures=FIGURES, counted=COUNTED, declared={PaymentMethod.CARD: 31_000},
        grand_total=100_000_000 + FIGURES.net, previous_grand_total=100_000_000,
        hash="c0ffee" + "ab" * 29, movements=MOVEMENTS,
    )
    return dataclasses.replace(report, **changes)  # type: ignore[arg-type]


def exact_report() -> ZReport:
    """The same session with exactly the expected cash counted: no approval, no reason."""
    counted = count_from({20_000: 3, 10_000: 3, 5_000: 1, 2_000: 2, 500: 1})
    return z_report(counted=counted, approved_by=None, reason="")


def session() -> CashSession:
    return CashSession(id=31, register_id=1, register_code="MEK1", number=31,
                       business_day=date(2026, 5, 3), opened_at=OPENED, opened_by_id=2,
                       opening=CashCount(((10_000, 5),)), status=SessionStatus.OPEN, first_sale_number=101)


def plain(text: str) -> str:
    """Thin and no-break spaces as plain spaces, figure spaces (amounts padded to align) left out."""
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2007", "")


def texts(receipt: Receipt) -> str:
    """The receipt's slots, with the thin and no-break spaces of amounts as plain spaces."""
    return plain("\n".join(f"{r.fr} | {r.value} | {r.ar}" for r in receipt.rows))


def row_for(receipt: Receipt, msgid: str) -> list[str]:
    """The values of the rows whose French label is ``msgid`` in French."""
    label = translator("fr").gettext(msgid)
    return [plain(r.value).strip() for r in receipt.rows if r.fr == label]


def fr(msgid: str) -> str:
    return translator("fr").gettext(msgid)


def test_the_expected_and_counted_cash_and_the_surplus() -> None:
    assert COUNTED.total == 99_750 and FIGURES.expected_cash == 99_500
    receipt = z_receipt(z_report(), STORE, SITE)
    assert receipt.reference == "MEK1-Z0012" and receipt.integrity == "c0ffeeab"
    assert row_for(receipt, "Expected cash") == ["995,00 MAD"]
    assert "997,50 MAD" in row_for(receipt, "Counted cash")
    # Cash twice (per method, then the drawer), card once with no difference.
    assert row_for(receipt, "Difference") == ["+2,50 MAD", "0,00 MAD", "+2,50 MAD"]
    assert row_for(receipt, "Expected") == ["995,00 MAD", "310,00 MAD"]
    assert row_for(receipt, "Actual") == ["997,50 MAD", "310,00 MAD"]
    text = texts(receipt)
    assert fr(SURPLUS) in text and fr(SHORTAGE) not in text
    # Amounts centred between a French and an Arabic label are padded to one width (figure
    # spaces), so they line up; without an Arabic label they sit at the right edge already.
    rows = {r.fr: r for r in receipt.rows}
    cash = [rows[fr(m)] for m in ("Opening float", "Cash received", "Change given", "Expected cash")]
    if all(r.ar for r in cash):
        assert len({len(r.value) for r in cash}) == 1 and cash[0].value.startswith("\u2007")
    else:
        assert not any(r.value.startswith("\u2007") for r in cash)


def test_the_z_receipt_shows_every_figure() -> None:
    receipt = z_receipt(z_report(), STORE, SITE)
    text = texts(receipt)
    for expected in (
        "Magasin solidaire", "المتجر التضامني", "ICE 001234567000089  IF 12345678", "مكناس",
        "MEK1-Z0012", "MEK1-S0031", "03/05/2026 09:02", "03/05/2026 19:47", "Amina", "Karim",
        "1 250,00 MAD", "-45,00 MAD", "1 205,00 MAD", "12,00 MAD",  # sales, refunds, net, discounts
        "500,00 MAD", "1 000,00 MAD", "-60,00 MAD", "100,00 MAD", "-500,00 MAD",  # the cash detail
        "200 DH × 3 | 600,00", "20 DH × 2 | 40,00", "0,50 DH × 1 | 0,50",  # the pieces counted
        "#7 ", "+100,00 MAD", "#8 ", "Coffre du bureau", "Monnaie mal rendue le matin",
        "1 001 205,00 MAD", "1 000 000,00 MAD",  # grand total and the previous one
        "MEK1-000101", "MEK1-000113", "9f86d081884c7d65 |", "c0ffeeababababab |",
    ):
        assert expected in text, expected
    assert row_for(receipt, "Number of sales") == ["12"] and row_for(receipt, "Number of refunds") == ["1"]
    assert row_for(receipt, "Price overrides") == ["2"] and row_for(receipt, "Manual entries") == ["1"]
    assert row_for(receipt, "Report hash") == ["c0ffeeababababab"]
    for msgid in (Z_TITLE, APPROVED_BY, DIFFERENCE_REASON, SIGNATURE_CASHIER, SIGNATURE_SUPERVISOR,
                  MOVE_REASON_LABELS[MoveReason.SAFE_DROP], "Card", "Cash"):
        assert fr(msgid) in text, msgid
    # The sale receipt's payment labels, translated into Arabic.
    assert translator("ar").gettext("Card") in text and translator("ar").gettext("Cash") in text
    assert fr(X_TITLE) not in text and fr("Mobile payment") not in text


def test_no_difference_no_approval_no_reason() -> None:
    report = exact_report()
    assert report.difference(PaymentMethod.CASH) == 0
    receipt = z_receipt(report, STORE, SITE)
    text = texts(receipt)
    assert row_for(receipt, "Counted cash") == ["995,00 MAD", "995,00 MAD"]
    assert row_for(receipt, "Difference") == ["0,00 MAD", "0,00 MAD", "0,00 MAD"]
    for msgid in (APPROVED_BY, DIFFERENCE_REASON, SURPLUS, SHORTAGE, SIGNATURE_SUPERVISOR):
        assert fr(msgid) not in text, msgid
    assert fr(SIGNATURE_CASHIER) in text


def test_a_shortage_is_signed_and_named() -> None:
    report = z_report(counted=count_from({20_000: 4, 10_000: 1, 5_000: 1, 2_000: 2}))  # 990,00
    receipt = z_receipt(report, STORE, SITE)
    assert row_for(receipt, "Difference")[-1] == "-5,00 MAD"
    assert fr(SHORTAGE) in texts(receipt) and fr(SURPLUS) not in texts(receipt)


def test_helpers() -> None:
    assert signed_money(250) == "+2,50\u00a0MAD" and signed_money(-250, currency=False) == "-2,50"
    assert signed_money(0) == "0,00\u00a0MAD"
    assert denomination_label(20_000) == fr("{value} DH").format(value="200")
    assert denomination_label(50) == fr("{value} DH").format(value="0,50")


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_the_z_receipt_renders(width: int) -> None:
    image = render_receipt(z_receipt(z_report(), STORE, SITE), width)
    assert image.width == width and image.mode == "1" and image.height > 1500
    data = receipt_bytes(image)
    assert b"\x1dv0" in data and b"\x1dV" in data


def test_the_x_receipt_reads_without_closing() -> None:
    printed = datetime(2026, 5, 3, 14, 15, tzinfo=UTC)
    receipt = x_receipt(FIGURES, session(), STORE, SITE, printed, "Amina")
    text = texts(receipt)
    assert receipt.reference == "MEK1-S0031-X"
    assert fr(X_TITLE) in text and fr(X_NOT_CLOSING) in text and fr(Z_TITLE) not in text
    assert "MEK1-S0031" in text and "03/05/2026 15:15" in text and "Amina" in text
    assert row_for(receipt, "Expected cash") == ["995,00 MAD"]
    assert row_for(receipt, "Card") == ["310,00 MAD"]
    assert row_for(receipt, "Net") == ["1 205,00 MAD"]
    for msgid in ("Counted cash", "Difference", "Actual", "Grand total", "Report hash",
                  SIGNATURE_CASHIER, SURPLUS):
        assert fr(msgid) not in text, msgid
    image = render_receipt(receipt, WIDTH_80MM)
    assert image.width == WIDTH_80MM and image.height > 800


# -- the paper of a payout to a cooperative ---------------------------------------------------

COOP = Cooperative(7, "COOP1", "تعاونية النحل الذهبي", "Coopérative de l'abeille dorée",
                   rib="011780000012345678901234")


def _payout(method: PayoutMethod, reference: str) -> Payout:
    return Payout(id=3, number=12, cooperative_code="COOP1", amount=150_000, method=method,
                  reference=reference, paid_at=CLOSED, user_id=4)


def test_a_cash_payout_paper_for_the_representative_to_sign() -> None:
    receipt = payout_receipt(_payout(PayoutMethod.CASH, "MEK1-C0009"), STORE, COOP, SITE,
                             "Salma", 23_450)
    text = texts(receipt)
    for expected in ("PAY-000012", "COOP1", "تعاونية النحل الذهبي", "Coopérative de l'abeille dorée",
                     "MEK1-C0009", "1 500,00 MAD", "234,50 MAD", "Salma", "03/05/2026 19:47",
                     "مكناس", "mille cinq cents dirhams", "ألف و خمسمائة درهم"):
        assert expected in text, expected
    for msgid in ("Payout to a cooperative", "Signature of the cooperative's representative",
                  "Signature of the store", "Still due to the cooperative"):
        assert fr(msgid) in text, msgid
    assert row_for(receipt, "Payment method") == [fr("Cash")]
    assert "RIB" not in text
    assert receipt.reference == "PAY-000012"
    image = render_receipt(receipt, WIDTH_80MM)
    assert image.mode == "1" and image.height > 600


def test_a_transfer_shows_the_rib_masked_and_no_site() -> None:
    receipt = payout_receipt(_payout(PayoutMethod.TRANSFER, "VIR-2026-0412"), STORE, COOP, None,
                             "Salma", 0)
    text = texts(receipt)
    assert "•••• 1234" in text and "012345678901" not in text and "VIR-2026-0412" in text
    assert "مكناس" not in text
    assert row_for(receipt, "Payment method") == [fr("Bank transfer")]
