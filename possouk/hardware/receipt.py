"""A receipt as plain data: what to print, in which language, in which order.

:func:`build_receipt` turns a committed :class:`~possouk.domain.model.Sale` into
a :class:`Receipt`, a tuple of :class:`Row` values that
:mod:`possouk.hardware.receipt_image` draws. Keeping the layout as data makes
it testable without pixels and lets other outputs (plain text, PDF) reuse it.

A row has up to three slots: French text on the left, Arabic text on the
right, and a value (amount, quantity, reference) in Latin digits between
them. Translated labels use :func:`possouk.i18n.translator` for each language,
since the receipt is bilingual whatever the screen's language is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from possouk.domain.model import Cooperative, PaymentMethod, Sale, SaleKind, Site, Store
from possouk.domain.text import BIDI_CONTROLS
from possouk.i18n import N_, isolate, translator
from possouk.i18n.formatting import format_datetime, format_money, format_quantity, format_rate

LANGUAGES = ("ar", "fr")


class RowKind(StrEnum):
    TEXT = "text"  # fr left, ar right, value between
    RULE = "rule"  # a horizontal line
    BARCODE = "barcode"  # value is the data of a CODE128 barcode
    EAN = "ean"  # value is an EAN-13, UPC-A or EAN-8 product barcode, drawn in that symbology
    SPACE = "space"  # an empty line


@dataclass(frozen=True)
class Row:
    """One printed row; empty slots are left out by the renderer."""

    kind: RowKind = RowKind.TEXT
    fr: str = ""
    ar: str = ""
    value: str = ""
    bold: bool = False
    big: bool = False
    center: bool = False  # centre the slots instead of spreading them


@dataclass(frozen=True)
class Receipt:
    """A laid-out receipt: its rows plus what identifies it."""

    reference: str
    integrity: str
    rows: tuple[Row, ...]
    languages: tuple[str, ...] = ("ar", "fr")  # the languages its labels were written in


_PAYMENT_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.MOBILE: N_("Mobile payment"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
}


def clean_for_paper(text: str) -> str:
    """Remove bidi controls: names are cleaned on entry, this guards older or imported data."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS).strip()


def is_rtl(text: str) -> bool:
    """True when ``text`` holds right-to-left letters (Arabic)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


# A dash with spaces around it separates the halves of a bilingual footer ("Merci – شكرا").
_HALVES = re.compile(r"\s+[\u2013\u2014-]\s+")


def split_bilingual(text: str) -> tuple[str, str]:
    """Split "French – العربية" (either order) into its (French, Arabic) halves.

    Text that is not one Latin half and one Arabic half around a spaced dash
    comes back whole on the side of its script: ``("", text)`` when it holds
    Arabic, else ``(text, "")``.
    """
    parts = [part.strip() for part in _HALVES.split(text, maxsplit=1)]
    if len(parts) == 2 and all(parts):
        first, second = parts
        if is_rtl(first) and not is_rtl(second):
            return second, first
        if is_rtl(second) and not is_rtl(first):
            return first, second
    return ("", text) if is_rtl(text) else (text, "")


class _Labels:
    """Translate one English msgid into each enabled language."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.fr = translator("fr").gettext if "fr" in languages else None
        self.ar = translator("ar").gettext if "ar" in languages else None

    def row(self, msgid: str, value: str = "", **params: str) -> Row:
        fr = self.fr(msgid).format(**params) if self.fr else ""
        # In Arabic text, isolate each value so its digits and dots keep their order.
        ar = self.ar(msgid).format(**{k: isolate(v) for k, v in params.items()}) if self.ar else ""
        if self.fr and self.ar and self.ar(msgid) == self.fr(msgid):  # untranslated: print it once
            ar = ""
        return Row(fr=fr, ar=ar, value=value)


def build_receipt(
    sale: Sale,
    store: Store,
    *,
    site: Site,
    cooperatives: Mapping[int, Cooperative],
    cashier_name: str,
    original: Sale | None = None,
    duplicate_count: int = 0,
    languages: Sequence[str] = LANGUAGES,
    group_by_cooperative: bool = False,
) -> Receipt:
    """Lay out the receipt of ``sale``.

    ``cooperatives`` maps cooperative ids to cooperatives (for the maker of each
    line); ``original`` is the sale a refund refers to; ``duplicate_count`` > 0
    prints "DUPLICATA" with that count; ``languages`` may drop ``"ar"`` or ``"fr"``;
    ``group_by_cooperative`` lists the lines under one heading per cooperative
    (in the order each first appears) instead of naming it on every line.
    """
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise ValueError(f"languages must be a non-empty subset of {LANGUAGES}")
    t = _Labels(languages)
    has_fr, has_ar = "fr" in languages, "ar" in languages
    money = format_money  # Latin digits in both languages; French grouping reads well on paper
    rows: list[Row] = []

    def names(fr: str, ar: str, *, bold: bool = False, big: bool = False, center: bool = False) -> Row:
        return Row(fr=clean_for_paper(fr) if has_fr else "", ar=clean_for_paper(ar) if has_ar else "",
                   bold=bold, big=big, center=center)

    # Store identity.
    rows.append(names(store.name_fr, store.name_ar, bold=True, big=True, center=True))
    if store.address:
        rows.append(Row(fr=clean_for_paper(store.address), center=True))
    ids = [f"ICE {store.ice}" if store.ice else "", f"IF {store.if_number}" if store.if_number else ""]
    if any(ids):
        rows.append(Row(value="  ".join(i for i in ids if i), center=True))
    rows.append(names(site.name_fr, site.name_ar, center=True))
    rows.append(Row(kind=RowKind.RULE))

    # What this paper is.
    if sale.kind is SaleKind.REFUND:
        title = t.row(N_("REFUND"))
        rows.append(Row(fr=title.fr, ar=title.ar, bold=True, big=True, center=True))
        ref = original.reference if original else (sale.manual_ref or "")
        if ref:
            rows.append(t.row(N_("Refund of receipt"), ref))
    if duplicate_count > 0:
        # Translators: printed on a reprinted receipt (the French word is the usual one in Morocco)
        dup = t.row(N_("DUPLICATA"))
        rows.append(Row(fr=dup.fr, ar=dup.ar, value=f"#{duplicate_count}", bold=True, big=True))
    rows.append(t.row(N_("Receipt"), sale.reference))
    rows.append(t.row(N_("Register"), sale.register_code))
    rows.append(t.row(N_("Date"), format_datetime(sale.created_at, "fr")))
    rows.append(t.row(N_("Cashier"), clean_for_paper(cashier_name)))
    rows.append(Row(kind=RowKind.RULE))

    # Lines.
    lines = list(sale.lines)
    if group_by_cooperative:
        first_seen = {cid: i for i, cid in reversed(list(enumerate(x.cooperative_id for x in lines)))}
        lines.sort(key=lambda x: first_seen[x.cooperative_id])  # stable: sale order within a group
    heading: int | None = None
    for line in lines:
        coop = cooperatives.get(line.cooperative_id)
        if group_by_cooperative and line.cooperative_id != heading:
            if heading is not None:
                rows.append(Row(kind=RowKind.SPACE))
            heading = line.cooperative_id
            if coop is not None:
                rows.append(names(coop.name_fr, coop.name_ar, bold=True, center=True))
        # An empty name (older or imported data) still gets a visible line.
        fallback = line.sku or "?"
        rows.append(names(line.name_fr or fallback, line.name_ar or ("" if has_fr else fallback), bold=True))
        if coop is not None and not group_by_cooperative:
            rows.append(names(coop.name_fr, coop.name_ar))
        qty = format_quantity(abs(line.quantity), line.unit, "fr")
        sign = "-" if line.quantity < 0 else ""
        rows.append(Row(fr=f"{sign}{qty} × {money(line.unit_price, 'fr', currency=False)}",
                        value=money(line.gross, "fr", currency=False)))
        if line.line_discount:
            rows.append(t.row(N_("Discount"), money(-line.line_discount, "fr", currency=False)))
    rows.append(Row(kind=RowKind.RULE))

    # Totals.
    ticket_discount = sum(line.ticket_discount for line in sale.lines)
    if ticket_discount:
        rows.append(t.row(N_("Discount"), money(-ticket_discount, "fr")))
    if sale.rounding:
        rows.append(t.row(N_("Rounding"), money(sale.rounding, "fr")))
    total = t.row(N_("TOTAL"), money(sale.total, "fr"))
    rows.append(Row(fr=total.fr, ar=total.ar, value=total.value, bold=True, big=True))
    rates: dict[int, int] = {}
    for line in sale.lines:
        rates[line.vat_rate] = rates.get(line.vat_rate, 0) + line.vat_amount
    for rate in sorted(rates):
        if rate == 0:
            rows.append(t.row(N_("VAT exempt")))
        else:
            # Translators: receipt line of VAT at one rate, e.g. "VAT 20 %"
            rows.append(t.row(N_("VAT {rate}"), money(rates[rate], "fr"), rate=format_rate(rate, "fr")))

    # Payments.
    for payment in sale.payments:
        rows.append(t.row(_PAYMENT_LABELS[payment.method], money(payment.amount, "fr")))
        if payment.tendered is not None and payment.tendered != payment.amount:
            # Translators: on a receipt, the cash the customer handed over
            rows.append(t.row(N_("Tendered"), money(payment.tendered, "fr")))
    if sale.change_given:
        rows.append(t.row(N_("Change"), money(sale.change_given, "fr")))
    rows.append(Row(kind=RowKind.RULE))

    # Integrity, barcode, footer.
    integrity = sale.hash[:8]
    if integrity:
        # Translators: on a receipt, a short code that proves it matches the ledger
        rows.append(t.row(N_("Check code"), integrity))
    rows.append(Row(kind=RowKind.BARCODE, value=sale.reference))
    rows.append(Row(value=sale.reference, center=True))
    if store.receipt_footer:
        footer_fr, footer_ar = split_bilingual(clean_for_paper(store.receipt_footer))
        if footer_fr and footer_ar:  # a bilingual footer: each half only when its language is on
            footer_fr, footer_ar = (footer_fr if has_fr else ""), (footer_ar if has_ar else "")
        rows.append(Row(fr=footer_fr, ar=footer_ar, center=True))
    thanks = t.row(N_("Thank you for supporting the cooperatives"))
    rows.append(Row(fr=thanks.fr, ar=thanks.ar, center=True))
    return Receipt(reference=sale.reference, integrity=integrity, rows=tuple(rows),
                   languages=tuple(lang for lang in LANGUAGES if lang in languages))
