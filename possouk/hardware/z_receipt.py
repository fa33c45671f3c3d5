"""The Z report (closing of a cash session) and the X report (figures of an open session) on the
receipt printer.

Like :mod:`possouk.hardware.slip_receipt`, these lay out plain domain data
(:class:`~possouk.domain.cash.ZReport`, :class:`~possouk.domain.cash.SessionFigures`) as a
:class:`~possouk.hardware.receipt.Receipt`: French labels on the left, Arabic on the right,
amounts in Latin digits between them. The A4 Z report
(:mod:`possouk.reports.z_report`) uses the same msgids: one translation serves both papers.

A Z is final: it shows what was expected, what was found (cash counted by denomination,
card and mobile slips declared), the differences, the movements of the drawer, the
perpetual grand total and the hashes that chain it to the ledger. An X shows the same
running figures of a session still open, and says it closes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import datetime

from possouk.domain.cash import (
    CashCount,
    CashMovement,
    CashSession,
    MoveReason,
    SessionFigures,
    ZReport,
)
from possouk.domain.model import Cooperative, PaymentMethod, Site, Store
from possouk.domain.settlement import Payout, PayoutMethod
from possouk.hardware.receipt import Receipt, Row, RowKind, clean_for_paper, is_rtl
from possouk.i18n import N_, isolate, translator
from possouk.i18n.cash_labels import (
    AMOUNT,
    APPROVED_BY,
    BUSINESS_DAY,
    BY_METHOD,
    CASH_DETAIL,
    CASH_IN,
    CASH_MOVEMENTS,
    CASH_OUT,
    CASH_RECEIVED,
    CASH_REFUNDED,
    CHANGE_GIVEN,
    CLOSED_AT,
    CLOSED_BY,
    COUNTED_CASH,
    COUNTED_PIECES,
    DENOMINATION,
    DIFFERENCE,
    DIFFERENCE_REASON,
    DISCOUNTS,
    EXPECTED,
    EXPECTED_CASH,
    FIRST_RECEIPT,
    FOUND,
    GRAND_TOTAL,
    LAST_RECEIPT,
    LAST_SALE_HASH,
    MANUAL_ENTRIES,
    MOVE_REASON_LABELS,
    NET,
    OPENED_AT,
    OPENED_BY,
    OPENING_FLOAT,
    PAYMENT_LABELS,
    PAYOUT_METHOD_LABELS,
    PREVIOUS_GRAND_TOTAL,
    PRICE_OVERRIDES,
    REFUNDS_COUNT,
    REFUNDS_TOTAL,
    REGISTER,
    REPORT_HASH,
    SALES_AND_REFUNDS,
    SALES_COUNT,
    SALES_TOTAL,
    SESSION,
    SHORTAGE,
    SIGNATURE_CASHIER,
    SIGNATURE_SUPERVISOR,
    SITE,
    SURPLUS,
    Z_NUMBER,
    Z_TITLE,
)
from possouk.i18n.formatting import format_date, format_datetime, format_money, format_signed_money
from possouk.i18n.words import amount_in_words

__all__ = [
    "MOVE_REASON_LABELS",
    "PAYMENT_LABELS",
    "cash_movement_receipt",
    "denomination_label",
    "payout_receipt",
    "receipt_number",
    "signed_money",
    "x_receipt",
    "z_receipt",
]

# The sale receipt's labels (possouk.hardware.receipt), the same msgids.


# Translators: title of the report of an open cash session, printed without closing it
X_TITLE = N_("X report")
# Translators: printed under the title of an X report
X_NOT_CLOSING = N_("read only — not a closing")
PRINTED_AT = N_("Printed at")

# Translators: who put cash in or took it out of the drawer
MOVED_BY = N_("By")

SHORT_HASH = 16  # hex characters of a hash printed on paper
_SIGNATURE_SPACE = 4  # empty rows left for a signature


def signed_money(centimes: int, *, currency: bool = True) -> str:
    """An amount with its sign always written, as the receipt's French column shows it."""
    return format_signed_money(centimes, "fr", currency=currency)


def denomination_label(value: int, lang: str = "fr") -> str:
    """A note or coin as people name it: ``20000`` → ``"200 DH"``, ``50`` → ``"0,50 DH"``."""
    amount = str(value // 100) if value % 100 == 0 else format_money(value, lang, currency=False)
    return translator(lang).gettext(DENOMINATION).format(value=amount)


def receipt_number(register_code: str, number: int | None) -> str:
    """A receipt number as printed on the receipt (``MEK1-000042``), ``—`` when there is none."""
    return "—" if number is None else f"{register_code}-{number:06d}"


def session_reference(register_code: str, number: int) -> str:
    """As :attr:`possouk.domain.cash.CashSession.reference`."""
    return f"{register_code}-S{number:04d}"


def present_methods(figures: SessionFigures, declared: Iterable[PaymentMethod] = ()) -> list[PaymentMethod]:
    """Cash always, then each other method that took money or was declared, in the usual order."""
    seen = set(figures.by_method) | set(declared) | {PaymentMethod.CASH}
    return [method for method in PaymentMethod if method in seen]


def _label(message: str, value: str = "", *, bold: bool = False, big: bool = False,
           center: bool = False, **params: str) -> Row:
    """``message`` in French (left) and Arabic (right), Arabic left out when untranslated."""
    fr_template, ar_template = translator("fr").gettext(message), translator("ar").gettext(message)
    fr = fr_template.format(**params) if params else fr_template
    ar = ar_template.format(**{k: isolate(v) for k, v in params.items()}) if params else ar_template
    return Row(fr=fr, ar="" if ar_template == fr_template else ar, value=value, bold=bold, big=big,
               center=center)


def _names(fr: str, ar: str, *, bold: bool = False, big: bool = False, center: bool = False) -> Row:
    return Row(fr=clean_for_paper(fr), ar=clean_for_paper(ar), bold=bold, big=big, center=center)


def _heading(message: str) -> list[Row]:
    return [Row(kind=RowKind.RULE), _label(message, bold=True, center=True)]


def _money(centimes: int) -> str:
    return format_money(centimes, "fr")


_AMOUNT = re.compile(r"^[+-]?[\d\u202f]+,\d\d\u00a0MAD$")
_FIGURE_SPACE = "\u2007"


def _align(rows: list[Row]) -> list[Row]:
    """Pad the amounts of bilingual rows to one width, so that, centred between their labels, they
    line up: a figure space for each missing digit or sign, the same thin space for a separator."""
    amounts = [r.value for r in rows
               if r.fr and r.ar and not (r.center or r.big) and _AMOUNT.match(r.value)]
    if not amounts:
        return rows
    widest = max(amounts, key=len)
    out: list[Row] = []
    for row in rows:
        if row.value in amounts and len(row.value) < len(widest):
            missing = widest[: len(widest) - len(row.value)]
            pad = "".join(ch if ch == "\u202f" else _FIGURE_SPACE for ch in missing)
            row = dataclasses.replace(row, value=pad + row.value)
        out.append(row)
    return out


def _header(store: Store, site: Site | None, title: str) -> list[Row]:
    rows = [_names(store.name_fr, store.name_ar, bold=True, big=True, center=True)]
    if store.address:
        rows.append(Row(fr=clean_for_paper(store.address), center=True))
    ids = [f"ICE {store.ice}" if store.ice else "", f"IF {store.if_number}" if store.if_number else ""]
    if any(ids):
        rows.append(Row(value="  ".join(i for i in ids if i), center=True))
    if site is not None:
        rows.append(_names(site.name_fr, site.name_ar, center=True))
    rows += [Row(kind=RowKind.RULE), _label(title, bold=True, big=True, center=True)]
    return rows


def _counts_and_totals(figures: SessionFigures) -> list[Row]:
    return _heading(SALES_AND_REFUNDS) + _align([
        _label(SALES_COUNT, str(figures.sales_count)),
        _label(REFUNDS_COUNT, str(figures.refunds_count)),
        _label(SALES_TOTAL, _money(figures.sales_total)),
        _label(REFUNDS_TOTAL, _money(-figures.refunds_total) if figures.refunds_total else _money(0)),
        _label(NET, _money(figures.net), bold=True),
        _label(DISCOUNTS, _money(figures.discounts)),
        _label(PRICE_OVERRIDES, str(figures.price_overrides)),
        _label(MANUAL_ENTRIES, str(figures.manual_entries)),
    ])


def _cash_flow(figures: SessionFigures) -> list[Row]:
    """Opening float to expected cash: the one formula of a closing, line by line."""
    return [
        _label(OPENING_FLOAT, _money(figures.opening_float)),
        _label(CASH_RECEIVED, _money(figures.cash_received)),
        _label(CHANGE_GIVEN, _money(-figures.change_given) if figures.change_given else _money(0)),
        _label(CASH_REFUNDED, _money(-figures.cash_refunded) if figures.cash_refunded else _money(0)),
        _label(CASH_IN, _money(figures.cash_in)),
        _label(CASH_OUT, _money(-figures.cash_out) if figures.cash_out else _money(0)),
        _label(EXPECTED_CASH, _money(figures.expected_cash), bold=True),
    ]


def _pieces(count: CashCount) -> list[Row]:
    rows = _heading(COUNTED_PIECES)
    for value, number in count.pieces:
        if number:
            rows.append(Row(fr=f"{denomination_label(value)} × {number}",
                            value=format_money(value * number, "fr", currency=False)))
    rows.append(_label(COUNTED_CASH, _money(count.total), bold=True))
    return rows


def _movement(move: CashMovement) -> list[Row]:
    label = _label(MOVE_REASON_LABELS[move.reason], signed_money(move.signed))
    rows = [Row(fr=f"#{move.number} {label.fr}", ar=label.ar, value=label.value)]
    note = clean_for_paper(move.note)
    if note:
        rows.append(Row(ar=note) if is_rtl(note) else Row(fr=note))
    return rows


def _receipts_and_hash(register_code: str, figures: SessionFigures) -> list[Row]:
    return [
        Row(kind=RowKind.RULE),
        _label(FIRST_RECEIPT, receipt_number(register_code, figures.first_receipt)),
        _label(LAST_RECEIPT, receipt_number(register_code, figures.last_receipt)),
        _label(LAST_SALE_HASH, figures.last_hash[:SHORT_HASH] or "—"),
    ]


def _signatures(messages: Iterable[str]) -> list[Row]:
    rows: list[Row] = [Row(kind=RowKind.RULE)]
    for message in messages:
        rows.append(_label(message))
        rows += [Row(kind=RowKind.SPACE)] * _SIGNATURE_SPACE
        rows.append(Row(kind=RowKind.RULE))
    return rows


def z_receipt(report: ZReport, store: Store, site: Site) -> Receipt:
    """The Z report of a closed cash session, laid out for the receipt printer."""
    figures = report.figures
    rows = _header(store, site, Z_TITLE)
    rows += [
        _label(Z_NUMBER, report.reference, bold=True),
        _label(SESSION, session_reference(report.register_code, report.session_number)),
        _label(REGISTER, report.register_code),
        _label(SITE, site.code),
        _label(BUSINESS_DAY, format_date(report.business_day, "fr")),
        _label(OPENED_AT, format_datetime(report.opened_at, "fr")),
        _label(CLOSED_AT, format_datetime(report.created_at, "fr")),
        _label(OPENED_BY, clean_for_paper(report.opened_by)),
        _label(CLOSED_BY, clean_for_paper(report.closed_by)),
    ]
    if report.approved_by:
        rows.append(_label(APPROVED_BY, clean_for_paper(report.approved_by)))
    rows += _counts_and_totals(figures)

    rows += _heading(BY_METHOD)
    by_method: list[Row] = []
    for method in present_methods(figures, report.declared):
        by_method += [
            _label(PAYMENT_LABELS[method], bold=True),
            _label(EXPECTED, _money(report.expected(method))),
            _label(FOUND, _money(report.found(method))),
            _label(DIFFERENCE, signed_money(report.difference(method))),
        ]
    rows += _align(by_method)

    rows += _heading(CASH_DETAIL)
    cash_difference = report.difference(PaymentMethod.CASH)
    rows += _align([
        *_cash_flow(figures),
        _label(COUNTED_CASH, _money(report.counted_cash), bold=True),
        _label(DIFFERENCE, signed_money(cash_difference), bold=True, big=True),
    ])
    if cash_difference:
        rows.append(_label(SURPLUS if cash_difference > 0 else SHORTAGE, bold=True, center=True))

    rows += _pieces(report.counted)
    if report.movements:
        rows += _heading(CASH_MOVEMENTS)
        for move in report.movements:
            rows += _movement(move)

    reason = clean_for_paper(report.reason)
    if reason:
        rows += [Row(kind=RowKind.RULE), _label(DIFFERENCE_REASON, bold=True)]
        rows.append(Row(ar=reason) if is_rtl(reason) else Row(fr=reason))

    rows += [Row(kind=RowKind.RULE), *_align([
        _label(PREVIOUS_GRAND_TOTAL, _money(report.previous_grand_total)),
        _label(GRAND_TOTAL, _money(report.grand_total), bold=True),
    ])]
    rows += _receipts_and_hash(report.register_code, figures)
    rows.append(_label(REPORT_HASH, report.hash[:SHORT_HASH] or "—"))
    signatures = [SIGNATURE_CASHIER]
    if report.approved_by:
        signatures.append(SIGNATURE_SUPERVISOR)
    rows += _signatures(signatures)
    rows += [Row(kind=RowKind.BARCODE, value=report.reference), Row(value=report.reference, center=True)]
    return Receipt(reference=report.reference, integrity=report.hash[:8], rows=tuple(rows))


def x_receipt(figures: SessionFigures, session: CashSession, store: Store, site: Site,
              printed_at: datetime, opened_by: str) -> Receipt:
    """The X report of an open session: its running figures, closing nothing."""
    rows = _header(store, site, X_TITLE)
    rows.append(_label(X_NOT_CLOSING, bold=True, center=True))
    rows += [
        _label(SESSION, session.reference, bold=True),
        _label(REGISTER, session.register_code),
        _label(SITE, site.code),
        _label(BUSINESS_DAY, format_date(session.business_day, "fr")),
        _label(OPENED_AT, format_datetime(session.opened_at, "fr")),
        _label(PRINTED_AT, format_datetime(printed_at, "fr")),
        _label(OPENED_BY, clean_for_paper(opened_by)),
    ]
    rows += _counts_and_totals(figures)
    rows += _heading(BY_METHOD)
    rows += _align([
        _label(PAYMENT_LABELS[method], _money(report_amount))
        for method, report_amount in (
            (m, figures.expected_cash if m is PaymentMethod.CASH else figures.by_method.get(m, 0))
            for m in present_methods(figures))
    ])
    rows += _heading(CASH_DETAIL)
    rows += _align(_cash_flow(figures))
    rows += _receipts_and_hash(session.register_code, figures)
    rows += [Row(kind=RowKind.RULE), _label(X_NOT_CLOSING, bold=True, center=True)]
    reference = f"{session.reference}-X"
    return Receipt(reference=reference, integrity=figures.last_hash[:8], rows=tuple(rows))


def cash_movement_receipt(move: CashMovement, session: CashSession, store: Store, site: Site,
                          moved_by: str) -> Receipt:
    """The slip of one cash movement, kept in the drawer or with the safe's notes."""
    title = CASH_IN if move.signed > 0 else CASH_OUT
    reference = f"{move.register_code}-C{move.number:04d}"
    rows = _header(store, site, title)
    rows += [
        _label(N_("Number"), reference, bold=True),
        _label(SESSION, session.reference),
        _label(REGISTER, move.register_code),
        _label(PRINTED_AT, format_datetime(move.created_at, "fr")),
        _label(MOVED_BY, clean_for_paper(moved_by)),
        Row(kind=RowKind.RULE),
        _label(MOVE_REASON_LABELS[move.reason]),
        _label(AMOUNT, signed_money(move.signed), bold=True, big=True),
    ]
    note = clean_for_paper(move.note)
    if note:
        rows.append(Row(ar=note) if is_rtl(note) else Row(fr=note))
    rows += _signatures([SIGNATURE_CASHIER, SIGNATURE_SUPERVISOR])
    return Receipt(reference=reference, integrity="", rows=tuple(rows))


# Translators: on the paper of a payout: what the store still owes the cooperative after it
STILL_DUE = N_("Still due to the cooperative")
PAYOUT_METHOD = N_("Payment method")
# Translators: a payout's reference: the transfer's, the cheque's number or the cash slip's
PAYOUT_REFERENCE = N_("Reference")
SIGNATURE_REPRESENTATIVE = N_("Signature of the cooperative's representative")
SIGNATURE_STORE = N_("Signature of the store")


def payout_receipt(payout: Payout, store: Store, cooperative: Cooperative, site: Site | None,
                   paid_by: str, still_due: int) -> Receipt:
    """The paper of a payout to a cooperative: what was paid, how, what is still due, and the
    signature of the cooperative's representative who received it (kept by the store)."""
    rows = _header(store, site, MOVE_REASON_LABELS[MoveReason.COOPERATIVE_PAYOUT])
    rows += [
        _label(N_("Number"), payout.document, bold=True),
        _label(N_("Date"), format_datetime(payout.paid_at, "fr")),
        _label(N_("Cooperative"), cooperative.code),
        _names(cooperative.name_fr, cooperative.name_ar, bold=True),
    ]
    if payout.method is PayoutMethod.TRANSFER and cooperative.rib:
        rows.append(Row(fr="RIB", value=f"•••• {cooperative.rib[-4:]}"))
    rows += _align([
        _label(PAYOUT_METHOD, tr_fr(PAYOUT_METHOD_LABELS[payout.method])),
        _label(PAYOUT_REFERENCE, clean_for_paper(payout.reference) or "—"),
    ])
    rows += [
        Row(kind=RowKind.RULE),
        _label(AMOUNT, format_money(payout.amount, "fr"), bold=True, big=True),
        Row(fr=amount_in_words(payout.amount, "fr")),
        Row(ar=amount_in_words(payout.amount, "ar")),
        Row(kind=RowKind.RULE),
        _label(STILL_DUE, format_money(still_due, "fr")),
        _label(MOVED_BY, clean_for_paper(paid_by)),
    ]
    rows += _signatures([SIGNATURE_REPRESENTATIVE, SIGNATURE_STORE])
    rows += [Row(kind=RowKind.BARCODE, value=payout.document),
             Row(value=payout.document, center=True)]
    return Receipt(reference=payout.document, integrity="", rows=tuple(rows))


def tr_fr(message: str) -> str:
    """``message`` in French (the value column of the paper is in French; its label is in both)."""
    return translator("fr").gettext(message)
