"""The labels of the cash drawer's papers (Z and X reports, cash movements), as msgids.

The receipt printer's layout (possouk.hardware.z_receipt) and the A4 report
(possouk.reports.z_report) show the same words: they take them from here, so one
translation serves both papers.
"""

from __future__ import annotations

from possouk.domain.cash import MoveReason
from possouk.domain.errors import N_
from possouk.domain.model import PaymentMethod
from possouk.domain.settlement import PayoutMethod

PAYMENT_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile payment"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
}
PAYOUT_METHOD_LABELS: dict[PayoutMethod, str] = {
    PayoutMethod.CASH: N_("Cash"),
    # Translators: a way to pay a cooperative: to its bank account (RIB)
    PayoutMethod.TRANSFER: N_("Bank transfer"),
    # Translators: a way to pay a cooperative
    PayoutMethod.CHEQUE: N_("Cheque"),
}
MOVE_REASON_LABELS: dict[MoveReason, str] = {
    # Translators: cash movement: more change brought to the drawer during a session
    MoveReason.FLOAT_TOP_UP: N_("Float top-up"),
    # Translators: cash movement: notes taken from the drawer to the safe
    MoveReason.SAFE_DROP: N_("Safe drop"),
    # Translators: cash movement: a small expense paid from the drawer
    MoveReason.PETTY_EXPENSE: N_("Petty expense"),
    # Translators: cash movement for another reason (explained in its note)
    MoveReason.OTHER: N_("Other reason"),
    # Translators: cash movement: a cooperative paid from the drawer (its payout document says so)
    MoveReason.COOPERATIVE_PAYOUT: N_("Payout to a cooperative"),
}
# Translators: title of the closing report of a cash session ("rapport Z" in French shops)
Z_TITLE = N_("Z report")
# Translators: the number of a Z report, e.g. MEK1-Z0012
Z_NUMBER = N_("Z number")
# Translators: the cash session a report is about, e.g. MEK1-S0031
SESSION = N_("Session")
SITE = N_("Site")
REGISTER = N_("Register")
BUSINESS_DAY = N_("Business day")
OPENED_AT = N_("Opened at")
CLOSED_AT = N_("Closed at")
OPENED_BY = N_("Opened by")
CLOSED_BY = N_("Closed by")
# Translators: the supervisor who accepted a cash difference
APPROVED_BY = N_("Approved by")
SALES_AND_REFUNDS = N_("Sales and refunds")
SALES_COUNT = N_("Number of sales")
REFUNDS_COUNT = N_("Number of refunds")
SALES_TOTAL = N_("Sales")
REFUNDS_TOTAL = N_("Refunds")
# Translators: sales minus refunds of a cash session
NET = N_("Net")
DISCOUNTS = N_("Discounts")
# Translators: number of lines sold at another price than the catalog's
PRICE_OVERRIDES = N_("Price overrides")
# Translators: number of paper sales entered afterwards into this session's day
MANUAL_ENTRIES = N_("Manual entries")
BY_METHOD = N_("By payment method")
# Translators: what the till says a payment method should come to
EXPECTED = N_("Expected")
# Translators: what was counted (cash) or read on the terminal's slips (card…)
FOUND = N_("Actual")
# Translators: found minus expected, at the closing of a cash session
DIFFERENCE = N_("Difference")
CASH_DETAIL = N_("Cash in the drawer")
# Translators: the cash counted in the drawer when the session was opened
OPENING_FLOAT = N_("Opening float")
# Translators: cash handed over by customers, before their change
CASH_RECEIVED = N_("Cash received")
CHANGE_GIVEN = N_("Change given")
CASH_REFUNDED = N_("Cash refunded")
CASH_IN = N_("Cash in")
CASH_OUT = N_("Cash out")
EXPECTED_CASH = N_("Expected cash")
COUNTED_CASH = N_("Counted cash")
# Translators: more cash found than expected
SURPLUS = N_("Surplus")
# Translators: less cash found than expected
SHORTAGE = N_("Shortage")
COUNTED_PIECES = N_("Notes and coins counted")
# Translators: a Moroccan note or coin, e.g. "200 DH", "0,50 DH"
DENOMINATION = N_("{value} DH")
CASH_MOVEMENTS = N_("Cash movements")
# Translators: why the cash found differs from what was expected
DIFFERENCE_REASON = N_("Reason for the difference")
# Translators: the perpetual total of every session of a register so far
GRAND_TOTAL = N_("Grand total")
PREVIOUS_GRAND_TOTAL = N_("Previous grand total")
FIRST_RECEIPT = N_("First receipt")
LAST_RECEIPT = N_("Last receipt")
# Translators: the start of the fingerprint of the session's last sale in the ledger
LAST_SALE_HASH = N_("Last sale hash")
# Translators: the start of the fingerprint of this Z report
REPORT_HASH = N_("Report hash")
SIGNATURE_CASHIER = N_("Signature of the cashier")
SIGNATURE_SUPERVISOR = N_("Signature of the supervisor")
NOTE = N_("Note")
AMOUNT = N_("Amount")
