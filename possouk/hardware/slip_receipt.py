"""Deposit and return slips on the receipt printer, for shops without an A4 printer.

:func:`slip_receipt` lays out the same plain data as the A4 slip
(:class:`~possouk.reports.deposit_slip.DepositSlipData`) as a
:class:`~possouk.hardware.receipt.Receipt`, so it is drawn by
:func:`~possouk.hardware.receipt_image.render_receipt` and sent by
:func:`~possouk.hardware.escpos.receipt_bytes` like any receipt. The labels are
the A4 slip's msgids: one translation serves both papers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from possouk.domain.model import Cooperative, Site, StockKind, Store, Unit
from possouk.hardware.receipt import Receipt, Row, RowKind, clean_for_paper
from possouk.i18n import N_, translator
from possouk.i18n.formatting import format_datetime, format_money, format_quantity, unit_label

__all__ = ["SlipData", "SlipLineData", "slip_receipt"]

# The A4 slip's msgids (possouk.reports.deposit_slip), repeated because hardware may not
# import reports (import-linter layers): the same English text shares one translation.
DEPOSIT_TITLE = N_("Deposit slip")
RETURN_TITLE = N_("Return slip")
REFERENCE = N_("Reference")
DATE = N_("Date")
SITE = N_("Site")
COOPERATIVE = N_("Cooperative")
LINES = N_("Lines")
TOTAL_VALUE = N_("Total value")
SIGNATURE_COOPERATIVE = N_("Signature of the cooperative")
SIGNATURE_STORE = N_("Signature of the store")


class SlipLineData(Protocol):
    """What a slip line offers (:class:`possouk.reports.deposit_slip.SlipLine` has it)."""

    @property
    def sku(self) -> str: ...
    @property
    def name_ar(self) -> str: ...
    @property
    def name_fr(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def unit_price(self) -> int: ...
    @property
    def value(self) -> int: ...


class SlipData(Protocol):
    """What a slip offers (:class:`possouk.reports.deposit_slip.DepositSlipData` has it)."""

    @property
    def kind(self) -> StockKind: ...
    @property
    def reference(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def digest(self) -> str: ...
    @property
    def store(self) -> Store: ...
    @property
    def site(self) -> Site: ...
    @property
    def cooperative(self) -> Cooperative: ...
    @property
    def lines(self) -> Sequence[SlipLineData]: ...
    @property
    def total(self) -> int: ...

_SIGNATURE_SPACE = 4  # empty rows left for a signature


def _label(message: str, value: str = "", *, bold: bool = False, big: bool = False,
           center: bool = False) -> Row:
    """A row with ``message`` in French (left) and Arabic (right), Arabic left out when untranslated."""
    fr, ar = translator("fr").gettext(message), translator("ar").gettext(message)
    return Row(fr=fr, ar="" if ar == fr else ar, value=value, bold=bold, big=big, center=center)


def _names(fr: str, ar: str, *, bold: bool = False, big: bool = False, center: bool = False) -> Row:
    return Row(fr=clean_for_paper(fr), ar=clean_for_paper(ar), bold=bold, big=big, center=center)


def _quantity(line: SlipLineData) -> str:
    text = format_quantity(line.quantity, line.unit, "fr")
    # As on the A4 slip: pieces carry their label, a signed paper says what was counted.
    return f"{text} {unit_label(line.unit, 'fr')}" if line.unit is Unit.PIECE else text


def slip_receipt(data: SlipData) -> Receipt:
    """The deposit slip (intake) or return slip of ``data`` laid out for the receipt printer.

    Store, slip title and reference, date, site, cooperative (both names), each
    line with its quantity, unit price and value, the total, and two signature
    spaces (cooperative, store).
    """
    store, site, coop = data.store, data.site, data.cooperative
    title = DEPOSIT_TITLE if data.kind is StockKind.INTAKE else RETURN_TITLE
    rows: list[Row] = [_names(store.name_fr, store.name_ar, bold=True, big=True, center=True)]
    if store.address:
        rows.append(Row(fr=clean_for_paper(store.address), center=True))
    rows += [
        Row(kind=RowKind.RULE),
        _label(title, bold=True, big=True, center=True),
        _label(REFERENCE, data.reference),
        _label(DATE, format_datetime(data.created_at, "fr")),
        _label(SITE, site.code),
        _names(site.name_fr, site.name_ar),
        _label(COOPERATIVE, coop.code),
        _names(coop.name_fr, coop.name_ar, bold=True),
        Row(kind=RowKind.RULE),
    ]
    for line in data.lines:
        fallback = line.sku or "?"  # an empty name still gets a visible line
        rows.append(_names(line.name_fr or fallback, line.name_ar, bold=True))
        price, value = (format_money(x, "fr", currency=False) for x in (line.unit_price, line.value))
        rows.append(Row(fr=f"{_quantity(line)} × {price}", value=value))
    rows += [
        Row(kind=RowKind.RULE),
        _label(LINES, str(len(data.lines))),
        _label(TOTAL_VALUE, format_money(data.total, "fr"), bold=True, big=True),
        Row(kind=RowKind.RULE),
    ]
    for signature in (SIGNATURE_COOPERATIVE, SIGNATURE_STORE):
        rows.append(_label(signature))
        rows += [Row(kind=RowKind.SPACE)] * _SIGNATURE_SPACE
        rows.append(Row(kind=RowKind.RULE))
    rows += [Row(kind=RowKind.BARCODE, value=data.reference), Row(value=data.reference, center=True)]
    return Receipt(reference=data.reference, integrity=data.digest[:8], rows=tuple(rows))
