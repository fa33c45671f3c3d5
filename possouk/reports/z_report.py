"""The Z report (closing of a cash session) as a bilingual A4 PDF.

A pure function of plain data, like :mod:`possouk.reports.deposit_slip`: the
:class:`~possouk.domain.cash.ZReport` with the store and the site in, PDF bytes
out, the same bytes for the same report. The content is the receipt's
(:mod:`possouk.hardware.z_receipt`), laid out as tables: a summary, expected /
actual / difference per payment method, the cash of the drawer line by line,
the notes and coins counted, the cash movements, and boxes for the cashier's
and the supervisor's signatures. The labels are the receipt's msgids, repeated
here because reports may not import hardware (import-linter layers).
"""

from __future__ import annotations

from possouk.domain.cash import CashMovement, ZReport
from possouk.domain.errors import N_
from possouk.domain.model import PaymentMethod, Site, Store
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
    NOTE,
    OPENED_AT,
    OPENED_BY,
    OPENING_FLOAT,
    PAYMENT_LABELS,
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
from possouk.reports.document import Column, DocumentWriter, bilingual, pair, taken_off, tr

__all__ = ["z_report_pdf"]


ADDRESS = N_("Address")
# Translators: Moroccan company identifier (Identifiant Commun de l'Entreprise)
ICE = N_("ICE")
# Translators: Moroccan tax identifier (Identifiant Fiscal)
IF = N_("IF")
# Column headings
LINE_NO = N_("No.")
QUANTITY = N_("Quantity")
# Translators: table heading of the payment methods (cash, card…) of a Z report
PAYMENT_METHOD = N_("Payment method")
# Translators: table heading: a note or coin (200 DH, 0,50 DH…)
NOTE_OR_COIN = N_("Note or coin")
# Translators: table heading: what a cash movement was for
REASON = N_("Reason")
TIME = N_("Time")
REFERENCE = N_("Reference")

SHORT_HASH = 16  # hex characters of a hash shown in the body (the footer shows 32)


def _money(centimes: int, lang: str = "fr") -> str:
    return format_money(centimes, lang)


def _heading(doc: DocumentWriter, message: str) -> None:
    doc.space(10)
    doc.heading(*bilingual(message), size=11)


def _label_columns(value_title: str = AMOUNT) -> list[Column]:
    """French label, a value, Arabic label: the shape of the summary and cash tables."""
    return [
        Column("", "", 3.0),
        Column(*bilingual(value_title), 1.6, "right"),
        Column("", "", 3.0, "right", rtl=True),
    ]


def _label_row(message: str, value: str) -> list[str]:
    label_ar, label_fr = bilingual(message)
    return [label_fr, value, label_ar]


def _denomination(value: int, lang: str) -> str:
    amount = str(value // 100) if value % 100 == 0 else format_money(value, lang, currency=False)
    return tr(DENOMINATION, lang).format(value=amount)


def _movement_row(move: CashMovement) -> list[str]:
    reason_ar, reason_fr = bilingual(MOVE_REASON_LABELS[move.reason])
    return [str(move.number), format_datetime(move.created_at, "fr"), reason_fr, reason_ar, move.note,
            format_signed_money(move.signed, "fr")]


def _receipt_number(register_code: str, number: int | None) -> str:
    return "—" if number is None else f"{register_code}-{number:06d}"


def z_report_pdf(report: ZReport, store: Store, site: Site) -> bytes:
    """The Z report as PDF bytes; the same report always gives the same bytes."""
    figures = report.figures
    doc = DocumentWriter(title=f"{tr(Z_TITLE, 'fr')} {report.reference}", number=report.reference,
                         digest=report.hash)
    doc.heading(store.name_ar, store.name_fr, size=15)
    identity = []
    if store.address:
        identity.append(pair(ADDRESS, store.address))
    if store.ice:
        identity.append(pair(ICE, store.ice))
    if store.if_number:
        identity.append(pair(IF, store.if_number))
    doc.pairs(identity)
    doc.space(12)
    doc.heading(*bilingual(Z_TITLE), size=17)
    doc.space(4)
    session = f"{report.register_code}-S{report.session_number:04d}"
    summary = [
        pair(Z_NUMBER, report.reference),
        pair(SESSION, session),
        pair(SITE, f"{site.name_fr} ({site.code})", f"{site.name_ar} ({site.code})"),
        pair(REGISTER, report.register_code),
        pair(BUSINESS_DAY, format_date(report.business_day, "fr"), format_date(report.business_day, "ar")),
        pair(OPENED_AT, format_datetime(report.opened_at, "fr"), format_datetime(report.opened_at, "ar")),
        pair(CLOSED_AT, format_datetime(report.created_at, "fr"), format_datetime(report.created_at, "ar")),
        pair(OPENED_BY, report.opened_by),
        pair(CLOSED_BY, report.closed_by),
    ]
    if report.approved_by:
        summary.append(pair(APPROVED_BY, report.approved_by))
    doc.pairs(summary)

    _heading(doc, SALES_AND_REFUNDS)
    doc.table(_label_columns(), [
        _label_row(SALES_COUNT, str(figures.sales_count)),
        _label_row(REFUNDS_COUNT, str(figures.refunds_count)),
        _label_row(SALES_TOTAL, _money(figures.sales_total)),
        _label_row(REFUNDS_TOTAL, _money(taken_off(figures.refunds_total))),
        _label_row(NET, _money(figures.net)),
        _label_row(DISCOUNTS, _money(figures.discounts)),
        _label_row(PRICE_OVERRIDES, str(figures.price_overrides)),
        _label_row(MANUAL_ENTRIES, str(figures.manual_entries)),
    ])

    _heading(doc, BY_METHOD)
    methods = [m for m in PaymentMethod
               if m is PaymentMethod.CASH or m in figures.by_method or m in report.declared]
    doc.table([
        Column(*bilingual(PAYMENT_METHOD), 2.0),
        Column(*bilingual(EXPECTED), 1.5, "right"),
        Column(*bilingual(FOUND), 1.5, "right"),
        Column(*bilingual(DIFFERENCE), 1.5, "right"),
        Column("", "", 2.0, "right", rtl=True),
    ], [
        [tr(PAYMENT_LABELS[m], "fr"), _money(report.expected(m)), _money(report.found(m)),
         format_signed_money(report.difference(m), "fr"), tr(PAYMENT_LABELS[m], "ar")]
        for m in methods
    ])

    _heading(doc, CASH_DETAIL)
    difference = report.difference(PaymentMethod.CASH)
    cash_rows = [
        _label_row(OPENING_FLOAT, _money(figures.opening_float)),
        _label_row(CASH_RECEIVED, _money(figures.cash_received)),
        _label_row(CHANGE_GIVEN, _money(taken_off(figures.change_given))),
        _label_row(CASH_REFUNDED, _money(taken_off(figures.cash_refunded))),
        _label_row(CASH_IN, _money(figures.cash_in)),
        _label_row(CASH_OUT, _money(taken_off(figures.cash_out))),
        _label_row(EXPECTED_CASH, _money(figures.expected_cash)),
        _label_row(COUNTED_CASH, _money(report.counted_cash)),
        _label_row(DIFFERENCE, format_signed_money(difference, "fr")),
    ]
    if difference:
        wording = SURPLUS if difference > 0 else SHORTAGE
        cash_rows.append([tr(wording, "fr"), "", tr(wording, "ar")])
    doc.table(_label_columns(), cash_rows)

    _heading(doc, COUNTED_PIECES)
    doc.table([
        Column(*bilingual(NOTE_OR_COIN), 2.0),
        Column(*bilingual(QUANTITY), 1.2, "right"),
        Column(*bilingual(AMOUNT), 1.8, "right"),
        Column("", "", 2.0, "right", rtl=True),
    ], [
        [_denomination(value, "fr"), str(number), format_money(value * number, "fr"),
         _denomination(value, "ar")]
        for value, number in report.counted.pieces if number
    ] + [[tr(COUNTED_CASH, "fr"), "", _money(report.counted_cash), tr(COUNTED_CASH, "ar")]])

    if report.movements:
        _heading(doc, CASH_MOVEMENTS)
        doc.table([
            Column(*bilingual(LINE_NO), 0.6, "right"),
            Column(*bilingual(TIME), 1.5),
            Column(*bilingual(REASON), 2.1),
            Column("", "", 1.8, "right", rtl=True),
            Column(*bilingual(NOTE), 1.7),
            Column(*bilingual(AMOUNT), 1.5, "right"),
        ], [_movement_row(move) for move in report.movements])

    if report.reason:
        _heading(doc, DIFFERENCE_REASON)
        doc.line(report.reason, rtl=any("\u0600" <= ch <= "\u06ff" for ch in report.reason), size=9)

    doc.space(10)
    doc.table(_label_columns(), [
        _label_row(PREVIOUS_GRAND_TOTAL, _money(report.previous_grand_total)),
        _label_row(GRAND_TOTAL, _money(report.grand_total)),
    ])
    doc.space(10)
    doc.table(_label_columns(REFERENCE), [
        _label_row(FIRST_RECEIPT, _receipt_number(report.register_code, figures.first_receipt)),
        _label_row(LAST_RECEIPT, _receipt_number(report.register_code, figures.last_receipt)),
        _label_row(LAST_SALE_HASH, figures.last_hash[:SHORT_HASH] or "—"),
        _label_row(REPORT_HASH, report.hash[:SHORT_HASH] or "—"),
    ])
    doc.space(10)
    doc.signature_boxes([
        (tr(SIGNATURE_CASHIER, "fr"), tr(SIGNATURE_CASHIER, "ar")),
        (tr(SIGNATURE_SUPERVISOR, "fr"), tr(SIGNATURE_SUPERVISOR, "ar")),
    ])
    return doc.finish()
