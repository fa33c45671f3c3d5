"""The unsold stock statement (stock invendu / المخزون غير المباع) as a bilingual A4 PDF.

At the end of a market edition each cooperative takes back what it did not sell.
This document lists, for one cooperative at one site, every product that moved
in the period: the stock on hand when it began, what was deposited, sold, returned
and adjusted, what remains and what that is worth at the catalog price; then the
value of the goods to hand back in figures and in words, a note for products sold
beyond the recorded stock (nothing can be handed back for them), and boxes for
both parties' signatures and the date.

A pure function of plain data, like :mod:`possouk.reports.deposit_slip` and
:mod:`possouk.reports.statement`: the same data always gives the same bytes. The
footer of every page carries the site and cooperative codes and the start of a
sha256 of the statement's figures, so two printouts can be compared at a glance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

from possouk.domain.errors import N_
from possouk.domain.model import Cooperative, Site, Store
from possouk.domain.unsold import UnsoldProduct, UnsoldStock
from possouk.i18n.formatting import format_date, format_datetime, format_money, format_quantity
from possouk.i18n.words import amount_in_words
from possouk.reports.document import (
    Column,
    DocumentWriter,
    bilingual,
    fit_columns,
    pair,
    tr,
    wrap,
)
from possouk.reports.fonts import BOLD, REGULAR

__all__ = ["unsold_stock_pdf"]

# Translators: title of the document listing the goods a cooperative takes back when a market ends
TITLE = N_("Unsold stock at the end of the edition")
# Translators: the period of an unsold stock statement without a start or an end date
EVERYTHING_UP_TO_NOW = N_("Everything up to now")
# Translators: the period of an unsold stock statement without a start date ({end} is a date)
EVERYTHING_UP_TO = N_("Everything up to {end}")
# Translators: the period of an unsold stock statement without an end date ({start} is a date)
FROM_UP_TO_NOW = N_("From {start} up to now")
# Translators: column heading: the stock on hand when the period began
OPENING = N_("Opening stock")
# Translators: column heading: the quantity the cooperative deposited at the site
DEPOSITED = N_("Deposited")
# Translators: column heading: the quantity handed back to the cooperative during the period
RETURNED = N_("Returned")
# Translators: column heading: stock adjustments (damaged, lost, recounted), with their sign
ADJUSTED = N_("Adjusted")
# Translators: column heading: the quantity left at the end of the period
REMAINING = N_("Remaining")
# Translators: under the title of the products table of an unsold stock statement
VALUED_AT_PRICE = N_("Remaining goods are valued at the catalog price; amounts in dirhams (MAD).")
# Translators: an unsold stock statement for a cooperative whose goods never moved at the site
NO_MOVEMENT = N_("No goods of this cooperative moved at this site in the period.")
# Translators: the value, at the catalog price, of what the store hands back to a cooperative
VALUE_TO_HAND_BACK = N_("Value of the goods to hand back")
# Translators: a framed warning on an unsold stock statement, followed by the products' SKUs
OVERSOLD_NOTE = N_("Sold beyond the recorded stock: nothing can be handed back for these products, "
                   "and their remaining value counts as zero.")
# Translators: an unsold stock statement where nothing is left for the cooperative to take back
NOTHING_TO_HAND_BACK = N_("Nothing remains to hand back to the cooperative.")
# Translators: above the signatures of an unsold stock statement
HANDED_BACK = N_("The goods remaining are handed back to the cooperative with a return slip.")
# Translators: title of a signature box: the person who takes the goods back for the cooperative
SIGNATURE_REPRESENTATIVE = N_("Signature of the cooperative's representative")

# Already in the catalog (the deposit slip, the statement, the refund screen).
REFERENCE = N_("Reference")
SITE = N_("Site")
COOPERATIVE = N_("Cooperative")
COOPERATIVE_CODE = N_("Cooperative code")
PERIOD = N_("Period")
FROM_TO = N_("From {start} to {end}")
PRINTED_AT = N_("Printed at")
SKU = N_("SKU")
PRODUCT_FR = N_("Product (French)")
PRODUCT_AR = N_("Product (Arabic)")
SOLD = N_("Sold")
VALUE = N_("Value")
TOTAL = N_("Total")
IN_WORDS = N_("In words")
NAME = N_("Name")
DATE = N_("Date")
SIGNATURE_STORE = N_("Signature of the store")

_MINUS = "\u2212"  # a real minus sign: "−2,500 kg" reads as a difference, not a hyphen
_PAD = 3.0
_STRONG_SHADE = (0.80, 0.80, 0.80)
_NOTE_SHADE = (0.96, 0.96, 0.96)
_RULE = (0.75, 0.75, 0.75)
_NAME_COLUMNS = (1, 2)
_NAME_MINIMUM = 60.0  # points a name column keeps before titles get their full width


def _quantity(milli: int, unit: str) -> str:
    """A quantity, negative ones with a minus sign: ``"3"``, ``"1,250 kg"``, ``"−2"``."""
    text = format_quantity(abs(milli), unit, "fr")
    return f"{_MINUS}{text}" if milli < 0 else text


def _signed(milli: int, unit: str) -> str:
    """An adjustment, its sign always written: ``"+1"``, ``"−2,500 kg"``, ``"0"``."""
    return f"+{_quantity(milli, unit)}" if milli > 0 else _quantity(milli, unit)


def _amount(centimes: int) -> str:
    """An amount in a table whose heading says MAD."""
    return format_money(centimes, "fr", currency=False)


def _period(start: date | None, end: date | None, lang: str) -> str:
    if start is None and end is None:
        return tr(EVERYTHING_UP_TO_NOW, lang)
    if start is None:
        assert end is not None
        return tr(EVERYTHING_UP_TO, lang).format(end=format_date(end, lang))
    if end is None:
        return tr(FROM_UP_TO_NOW, lang).format(start=format_date(start, lang))
    return tr(FROM_TO, lang).format(start=format_date(start, lang), end=format_date(end, lang))


def _columns() -> list[Column]:
    return [
        Column(*bilingual(SKU), 1.0),
        Column(*bilingual(PRODUCT_FR), 1.0),
        Column(*bilingual(PRODUCT_AR), 1.0, "right", rtl=True),
        Column(*bilingual(OPENING), 1.0, "right"),
        Column(*bilingual(DEPOSITED), 1.0, "right"),
        Column(*bilingual(SOLD), 1.0, "right"),
        Column(*bilingual(RETURNED), 1.0, "right"),
        Column(*bilingual(ADJUSTED), 1.0, "right"),
        Column(*bilingual(REMAINING), 1.0, "right"),
        Column(*bilingual(VALUE), 1.0, "right"),
    ]


def _row(p: UnsoldProduct) -> list[str]:
    return [p.sku, p.name_fr, p.name_ar, _quantity(p.opening, p.unit), _quantity(p.deposited, p.unit),
            _quantity(p.sold, p.unit), _quantity(p.returned, p.unit), _signed(p.adjusted, p.unit),
            _quantity(p.remaining, p.unit), _amount(p.value)]


def _both(doc: DocumentWriter, message: str, *, size: float = 9) -> None:
    """``message`` as a French paragraph, then an Arabic one."""
    arabic, french = bilingual(message)
    doc.paragraph(french, rtl=False, size=size)
    doc.paragraph(arabic, rtl=True, size=size)


def _figure(doc: DocumentWriter, message: str, centimes: int, *, size: float = 10.5) -> None:
    """A shaded line: the French label, the amount, the Arabic label."""
    height = size + 8
    doc.ensure(height)
    doc.canvas.setFillColorRGB(*_STRONG_SHADE)
    doc.canvas.rect(doc.left, doc.y - height, doc.width, height, stroke=0, fill=1)
    doc.canvas.setFillColorRGB(0, 0, 0)
    label_ar, label_fr = bilingual(message)
    baseline = doc.y - size - 3
    label = doc.width * 0.37
    doc.text(doc.left + _PAD, baseline, label_fr, size=size, bold=True, width=label, rtl=False)
    doc.text(doc.left + doc.width * 0.63 - 6, baseline, format_money(centimes, "fr"), size=size,
             bold=True, align="right", width=doc.width * 0.26 - 12, rtl=False)
    doc.text(doc.right - _PAD, baseline, label_ar, size=size, bold=True, align="right", width=label,
             rtl=True)
    doc.y -= height


def _note(doc: DocumentWriter, lines: Sequence[tuple[str, bool, bool]], *, size: float = 9.5) -> None:
    """A framed, lightly shaded block of wrapped paragraphs, each ``(text, rtl, bold)``."""
    inner = doc.width - 16
    shown = [(line, rtl, bold) for text, rtl, bold in lines
             for line in wrap(text, inner, rtl=rtl, size=size, font=BOLD if bold else REGULAR)]
    step = size + 5
    height = len(shown) * step + 10
    doc.ensure(height + 6)
    doc.y -= 6
    doc.canvas.setFillColorRGB(*_NOTE_SHADE)
    doc.canvas.setLineWidth(1.5)
    doc.canvas.rect(doc.left, doc.y - height, doc.width, height, stroke=1, fill=1)
    doc.canvas.setFillColorRGB(0, 0, 0)
    y = doc.y - 5
    for text, rtl, bold in shown:
        y -= step
        if rtl:
            doc.text(doc.right - 8, y + 3, text, size=size, bold=bold, align="right", width=inner,
                     rtl=True)
        else:
            doc.text(doc.left + 8, y + 3, text, size=size, bold=bold, width=inner, rtl=False)
    doc.y -= height


def _signatures(doc: DocumentWriter, boxes: Sequence[str], *, height: float = 96) -> None:
    """Boxes side by side for a signature and stamp, titled in French then Arabic, with lines
    for the signatory's name and the date."""
    doc.ensure(height + 12)
    doc.y -= 12
    gap = 16.0
    width = (doc.width - gap * (len(boxes) - 1)) / len(boxes)
    x = doc.left
    for message in boxes:
        arabic, french = bilingual(message)
        doc.canvas.setLineWidth(0.8)
        doc.canvas.rect(x, doc.y - height, width, height, stroke=1, fill=0)
        doc.text(x + 6, doc.y - 13, french, size=9, bold=True, width=width - 12, rtl=False)
        doc.text(x + width - 6, doc.y - 26, arabic, size=9, bold=True, align="right", width=width - 12,
                 rtl=True)
        for message_line, base in ((NAME, doc.y - height + 26), (DATE, doc.y - height + 9)):
            label_ar, label_fr = bilingual(message_line)
            doc.text(x + 6, base, f"{label_fr} :", size=8.5, width=width * 0.22, rtl=False)
            doc.text(x + width - 6, base, f"{label_ar}:", size=8.5, align="right", width=width * 0.22,
                     rtl=True)
            doc.canvas.setStrokeColorRGB(*_RULE)
            doc.canvas.setLineWidth(0.5)
            doc.canvas.line(x + width * 0.25, base - 2, x + width * 0.75, base - 2)
            doc.canvas.setStrokeColorRGB(0, 0, 0)
        x += width + gap
    doc.y -= height


def _digest(stock: UnsoldStock, rows: Sequence[Sequence[str]], totals: Sequence[str]) -> str:
    """A sha256 of what the statement says: whose stock, where, when, and every figure."""
    head = [stock.site_code, stock.cooperative_code, str(stock.start or ""), str(stock.end or "")]
    lines = ["\t".join(head), *("\t".join(row) for row in rows), "\t".join(totals)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def unsold_stock_pdf(stock: UnsoldStock, store: Store, site: Site, cooperative: Cooperative,
                     printed_at: datetime) -> bytes:
    """The unsold stock statement as PDF bytes; the same data always gives the same bytes.

    ``printed_at`` is UTC and shown in local time. Raises ``ValueError`` when ``stock`` is not
    the stock of ``cooperative`` at ``site``.
    """
    if (stock.site_code, stock.cooperative_code) != (site.code, cooperative.code):
        raise ValueError(f"the stock of {stock.cooperative_code} at {stock.site_code} "
                         f"is not that of {cooperative.code} at {site.code}")
    rows = [_row(p) for p in stock.products]
    total_ar, total_fr = bilingual(TOTAL)
    totals = [total_fr, "", total_ar, "", "", "", "", "", "", _amount(stock.value)]
    number = f"{site.code}-{cooperative.code}"
    doc = DocumentWriter(title=f"{tr(TITLE, 'fr')} {number}", number=number,
                         digest=_digest(stock, rows, totals))

    doc.store_identity(store)
    doc.space(12)
    doc.heading(*bilingual(TITLE), size=16)
    doc.space(4)
    doc.pairs([
        pair(REFERENCE, number),
        pair(SITE, f"{site.name_fr} ({site.code})", f"{site.name_ar} ({site.code})"),
        pair(COOPERATIVE, cooperative.name_fr, cooperative.name_ar),
        pair(COOPERATIVE_CODE, cooperative.code),
        pair(PERIOD, _period(stock.start, stock.end, "fr"), _period(stock.start, stock.end, "ar")),
        pair(PRINTED_AT, format_datetime(printed_at, "fr"), format_datetime(printed_at, "ar")),
    ])
    doc.space(10)

    if stock.empty:
        _both(doc, NO_MOVEMENT)
    else:
        valued_ar, valued_fr = bilingual(VALUED_AT_PRICE)
        doc.line(valued_fr, rtl=False, size=8)
        doc.line(valued_ar, rtl=True, size=8)
        doc.space(2)
        columns = fit_columns(_columns(), rows, totals, _NAME_COLUMNS, doc.width,
                              name_minimum=_NAME_MINIMUM)
        doc.table(columns, rows)
        doc.totals_row(columns, totals)

    doc.space(10)
    _figure(doc, VALUE_TO_HAND_BACK, stock.value)
    doc.space(2)
    words_ar, words_fr = bilingual(IN_WORDS)
    doc.paragraph(f"{words_fr} : {amount_in_words(stock.value, 'fr')}", rtl=False)
    doc.paragraph(f"{words_ar}: {amount_in_words(stock.value, 'ar')}", rtl=True)

    if stock.oversold:
        note_ar, note_fr = bilingual(OVERSOLD_NOTE)
        sku_ar, sku_fr = bilingual(SKU)
        skus = [p.sku for p in stock.oversold]
        _note(doc, [
            (note_fr, False, True),
            (f"{sku_fr} : {', '.join(skus)}", False, False),
            (note_ar, True, True),
            (f"{sku_ar}: {'، '.join(skus)}", True, False),
        ])

    doc.space(8)
    doc.ensure(4 * 14 + 96 + 12)  # the sentence stays on the page of the signatures
    if stock.to_return:
        _both(doc, HANDED_BACK, size=9.5)
    else:
        _both(doc, NOTHING_TO_HAND_BACK, size=9.5)
    _signatures(doc, [SIGNATURE_REPRESENTATIVE, SIGNATURE_STORE])
    return doc.finish()
