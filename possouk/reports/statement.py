"""The settlement statement (relevé de règlement / كشف التسوية) as a bilingual A4 PDF.

What a cooperative receives, saying exactly what its goods earned: the store and
the cooperative, the period, every product sold (summed per product, refunds
included with negative quantities), the shared costs allocated to it, then the
summary — gross sales, discounts, net sales, refunds, the store's commission,
the shared costs, the **net payable**, what earlier statements made payable, what
was already paid and the **balance due** — the net payable in words in Arabic and
in French, and boxes for both parties' signatures and the date.

A pure function of plain data, like :mod:`possouk.reports.deposit_slip`: the
:class:`~possouk.domain.settlement.Statement` with the store and the cooperative
in, PDF bytes out, the same bytes for the same data. A draft (not issued) says so
under the title and across every page; an issued statement carries its number
and the start of its hash in the footer of every page. The RIB is shown masked
but for its last four digits.

:func:`statements_summary_pdf` is the organizers' batch view: one row per
cooperative with totals, drawn by :mod:`possouk.reports.table_report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from possouk.domain.errors import N_
from possouk.domain.model import Cooperative, Store, Unit
from possouk.domain.settlement import CostRule, Statement
from possouk.i18n.formatting import format_date, format_datetime, format_money, format_quantity, unit_label
from possouk.i18n.words import amount_in_words
from possouk.reports.arabic import has_rtl, visual_line
from possouk.reports.document import (
    ICE,
    MARGIN,
    PAGE_WIDTH,
    ROW_HEIGHT,
    Column,
    DocumentWriter,
    bilingual,
    fit_columns,
    pair,
    taken_off,
    tr,
)
from possouk.reports.fonts import BOLD
from possouk.reports.table_report import ReportSection, TableDocument, table_report_pdf

__all__ = ["mask_rib", "statement_pdf", "statements_summary_pdf"]

# Translators: title of the document telling a cooperative what its goods earned and what it is owed
TITLE = N_("Settlement statement")
# Translators: title of the organizers' table of every cooperative's settlement statement
SUMMARY_TITLE = N_("Settlement statements")
# Translators: stamped in capitals on a settlement statement that is not issued yet
DRAFT = N_("DRAFT")
# Translators: under the title of a draft settlement statement
DRAFT_NOTICE = N_("This statement is a draft: it is not issued, settles nothing and cannot be paid.")
# Translators: when a settlement statement was issued (a date and time follows)
ISSUED_AT = N_("Issued at")
# Translators: the period of a statement that takes every line not settled yet
EVERYTHING = N_("Everything not yet settled")
# Translators: the period of a statement: every line not settled yet up to a date
EVERYTHING_UNTIL = N_("Everything not yet settled up to {end}")
# Translators: the period of a statement: every line not settled yet from a date on
EVERYTHING_FROM = N_("Everything not yet settled from {start}")
# Translators: Moroccan bank account number (Relevé d'Identité Bancaire), shown masked
RIB = N_("RIB")
# Translators: heading of the table of the products of a cooperative sold in the period
PRODUCTS_SOLD = N_("Products sold")
# Translators: column heading: an amount before discounts
GROSS = N_("Gross")
# Translators: under the products table of a settlement statement that includes refunds
REFUNDS_INCLUDED = N_("Refunds are included: goods given back count with negative quantities and amounts.")
# Translators: a settlement statement without any sale or refund line
NO_SALES = N_("No sales or refunds in this statement.")
# Translators: heading of the table of the costs shared between the cooperatives (stand, transport…)
SHARED_COSTS = N_("Shared costs")
# Translators: column heading: what a shared cost was (its label)
DESCRIPTION = N_("Description")
# Translators: column heading: how a shared cost was split between the cooperatives
SHARING_RULE = N_("How it is shared")
RULE_LABELS: dict[CostRule, str] = {
    # Translators: a shared cost split into equal shares between the cooperatives
    CostRule.EQUAL: N_("Equal shares"),
    # Translators: a shared cost split in proportion to each cooperative's net sales
    CostRule.SALES: N_("Pro rata of sales"),
    # Translators: a shared cost split in proportion to the quantities each cooperative sold
    CostRule.QUANTITY: N_("Pro rata of quantities"),
}
NO_COSTS = N_("No shared costs.")
# Translators: heading of the figures that lead to what the cooperative is owed
SUMMARY = N_("Summary")
# Translators: what the goods sold came to before discounts
GROSS_SALES = N_("Gross sales")
# Translators: sales minus refunds, commission and shared costs: what this statement makes payable
NET_PAYABLE = N_("Net payable")
# Translators: the net payable of the cooperative's earlier settlement statements, added up
PREVIOUSLY_PAYABLE = N_("Payable from earlier statements")
# Translators: every payout already made to the cooperative
ALREADY_PAID = N_("Already paid")
# Translators: what the store still owes the cooperative, this statement included
BALANCE_DUE = N_("Balance due")
# Translators: a negative amount written in words, e.g. "minus ten dirhams"
MINUS = N_("minus {amount}")

# Translators: label of a cooperative's registration number (short: it heads a line)
REGISTRATION = N_("Registration no.")

# Already in the catalog (the deposit slip, the Z report, the organizers' reports).
REFERENCE = N_("Reference")
PERIOD = N_("Period")
FROM_TO = N_("From {start} to {end}")
COOPERATIVE = N_("Cooperative")
COOPERATIVES = N_("Cooperatives")
CODE = N_("Code")
PROVINCE = N_("Province")
SKU = N_("SKU")
PRODUCT_FR = N_("Product (French)")
PRODUCT_AR = N_("Product (Arabic)")
NAME_FR = N_("Name (French)")
NAME_AR = N_("Name (Arabic)")
QUANTITY = N_("Quantity")
UNIT_PRICE = N_("Unit price")
DISCOUNT = N_("Discount")
DISCOUNTS = N_("Discounts")
NET = N_("Net")
NET_SALES = N_("Net sales")
SALES = N_("Sales")
REFUNDS = N_("Refunds")
COMMISSION = N_("Commission")
STORE_COMMISSION = N_("Store's commission")
AMOUNT = N_("Amount")
AMOUNTS_IN_MAD = N_("Amounts in dirhams (MAD)")
TOTAL = N_("Total")
LINE_NO = N_("No.")
IN_WORDS = N_("In words")
DATE = N_("Date")
SIGNATURE_COOPERATIVE = N_("Signature of the cooperative")
SIGNATURE_STORE = N_("Signature of the store")

_MASK = "••••"
_STRONG_SHADE = (0.80, 0.80, 0.80)
_RULE = (0.75, 0.75, 0.75)
_WATERMARK = (0.2, 0.2, 0.2)
_PAD = 3.0


def mask_rib(rib: str) -> str:
    """A RIB shown with only its last four digits: ``"•••• •••• 1234"``; ``"—"`` when there is none.

    A value too short to hide anything behind its last four characters is masked whole.
    """
    digits = "".join(rib.split())
    if not digits:
        return "—"
    if len(digits) < 8:
        return f"{_MASK} {_MASK}"
    return f"{_MASK} {_MASK} {digits[-4:]}"


def _money(centimes: int, lang: str = "fr") -> str:
    return format_money(centimes, lang)


def _amount(centimes: int) -> str:
    """An amount in a table whose heading says MAD."""
    return format_money(centimes, "fr", currency=False)


def _quantity(quantity: int, unit: Unit) -> str:
    text = format_quantity(quantity, unit, "fr")
    # Pieces come without a label from format_quantity; a statement says what was counted.
    return f"{text} {unit_label(unit, 'fr')}" if unit is Unit.PIECE else text


def _period(start: date | None, end: date | None, lang: str) -> str:
    if start is None and end is None:
        return tr(EVERYTHING, lang)
    if start is None:
        assert end is not None
        return tr(EVERYTHING_UNTIL, lang).format(end=format_date(end, lang))
    if end is None:
        return tr(EVERYTHING_FROM, lang).format(start=format_date(start, lang))
    return tr(FROM_TO, lang).format(start=format_date(start, lang), end=format_date(end, lang))


def _in_words(centimes: int, lang: str) -> str:
    words = amount_in_words(abs(centimes), lang)
    return tr(MINUS, lang).format(amount=words) if centimes < 0 else words


class _StatementWriter(DocumentWriter):
    """The toolkit's writer, with "DRAFT" across every page of a draft."""

    def __init__(self, *, title: str, number: str, digest: str, watermark: str) -> None:
        super().__init__(title=title, number=number, digest=digest)
        self.watermark = watermark

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        # Drawn when the document is saved, over the page: translucent so the figures stay legible.
        if self.watermark:
            canvas.saveState()
            canvas.setFillColorRGB(*_WATERMARK)
            canvas.setFillAlpha(0.13)
            canvas.setFont(BOLD, 60)
            canvas.translate((self.left + self.right) / 2, 420)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, visual_line(self.watermark, rtl=False))
            canvas.restoreState()
        super().draw_footer(canvas, page, pages)

    # blocks ---------------------------------------------------------------
    def section(self, message: str, *, room: float = 4 * ROW_HEIGHT) -> None:
        """A section heading that never ends a page without ``room`` points of what follows."""
        self.space(12)
        self.ensure(11 + 6 + room)
        self.heading(*bilingual(message), size=11)

    def figure(self, message: str, centimes: int, *, strong: bool = False) -> None:
        """One summary line: French label, the amount, Arabic label; ``strong`` shaded and bold."""
        size = 11.0 if strong else 9.5
        height = size + 8
        self.ensure(height)
        if strong:
            self.canvas.setFillColorRGB(*_STRONG_SHADE)
            self.canvas.rect(self.left, self.y - height, self.width, height, stroke=0, fill=1)
            self.canvas.setFillColorRGB(0, 0, 0)
        label_ar, label_fr = bilingual(message)
        baseline = self.y - size - 3
        label = self.width * 0.36
        self.text(self.left + _PAD, baseline, label_fr, size=size, bold=strong, width=label, rtl=False)
        self.text(self.left + self.width * 0.64 - 8, baseline, _money(centimes), size=size, bold=True,
                  align="right", width=self.width * 0.28 - 8, rtl=False)
        self.text(self.right - _PAD, baseline, label_ar, size=size, bold=strong, align="right",
                  width=label, rtl=True)
        self.y -= height
        self.canvas.setStrokeColorRGB(*_RULE)
        self.canvas.setLineWidth(0.3)
        self.canvas.line(self.left, self.y, self.right, self.y)
        self.canvas.setStrokeColorRGB(0, 0, 0)

    def boxed(self, lines: Sequence[tuple[str, bool]], *, size: float = 10) -> None:
        """A framed block of full-width lines, each ``(text, rtl)``: the draft's warning."""
        height = len(lines) * (size + 5) + 8
        self.ensure(height + 4)
        self.y -= 4
        self.canvas.setLineWidth(1.5)
        self.canvas.rect(self.left, self.y - height, self.width, height, stroke=1, fill=0)
        y = self.y - 4
        for text, rtl in lines:
            y -= size + 5
            if rtl:
                self.text(self.right - 8, y + 3, text, size=size, bold=True, align="right",
                          width=self.width - 16, rtl=True)
            else:
                self.text(self.left + 8, y + 3, text, size=size, bold=True, width=self.width - 16,
                          rtl=False)
        self.y -= height

    def signature_and_date(self, boxes: Sequence[str], *, height: float = 90) -> None:
        """Boxes side by side for a signature and stamp, each titled by ``boxes``' msgids,
        with a line for the date at the bottom in both languages."""
        self.ensure(height + 12)
        self.y -= 12
        gap = 16.0
        width = (self.width - gap * (len(boxes) - 1)) / len(boxes)
        date_ar, date_fr = bilingual(DATE)
        x = self.left
        self.canvas.setLineWidth(0.8)
        for message in boxes:
            arabic, french = bilingual(message)
            self.canvas.rect(x, self.y - height, width, height, stroke=1, fill=0)
            self.text(x + 5, self.y - 12, french, size=9, bold=True, width=width / 2 - 8, rtl=False)
            self.text(x + width - 5, self.y - 12, arabic, size=9, bold=True, align="right",
                      width=width / 2 - 8, rtl=True)
            base = self.y - height + 9
            self.text(x + 5, base, f"{date_fr} :", size=8.5, width=width / 4, rtl=False)
            self.text(x + width - 5, base, f"{date_ar}:", size=8.5, align="right", width=width / 4,
                      rtl=True)
            self.canvas.setStrokeColorRGB(*_RULE)
            self.canvas.setLineWidth(0.5)
            self.canvas.line(x + width / 4 + 4, base - 2, x + width * 3 / 4 - 4, base - 2)
            self.canvas.setStrokeColorRGB(0, 0, 0)
            self.canvas.setLineWidth(0.8)
            x += width + gap
        self.y -= height


def _product_columns() -> list[Column]:
    return [
        Column(*bilingual(SKU), 1.05),
        Column(*bilingual(PRODUCT_FR), 2.3),
        Column(*bilingual(PRODUCT_AR), 2.3, "right", rtl=True),
        Column(*bilingual(QUANTITY), 1.3, "right"),
        Column(*bilingual(UNIT_PRICE), 1.2, "right"),
        Column(*bilingual(GROSS), 1.35, "right"),
        Column(*bilingual(DISCOUNT), 1.15, "right"),
        Column(*bilingual(NET), 1.35, "right"),
        Column(*bilingual(COMMISSION), 1.25, "right"),
    ]


def _products_section(doc: _StatementWriter, statement: Statement) -> None:
    doc.section(PRODUCTS_SOLD)
    products = statement.products
    if not products:
        doc.line(tr(NO_SALES, "fr"), rtl=False, size=9)
        doc.line(tr(NO_SALES, "ar"), rtl=True, size=9)
        return
    amounts_ar, amounts_fr = bilingual(AMOUNTS_IN_MAD)
    doc.heading(amounts_ar, amounts_fr, size=8)
    rows = [
        [p.sku, p.name_fr, p.name_ar, _quantity(p.quantity, p.unit), _amount(p.unit_price),
         _amount(p.gross), _amount(p.discount), _amount(p.net), _amount(p.commission)]
        for p in products
    ]
    total_ar, total_fr = bilingual(TOTAL)
    totals = [
        total_fr, "", total_ar, "", "",
        _amount(sum(p.gross for p in products)), _amount(sum(p.discount for p in products)),
        _amount(sum(p.net for p in products)), _amount(sum(p.commission for p in products)),
    ]
    columns = fit_columns(_product_columns(), rows, totals, (1, 2), doc.width, name_minimum=90)
    doc.table(columns, rows)
    doc.totals_row(columns, totals)
    if statement.has_refunds:
        doc.space(2)
        doc.line(tr(REFUNDS_INCLUDED, "fr"), rtl=False, size=8.5)
        doc.line(tr(REFUNDS_INCLUDED, "ar"), rtl=True, size=8.5)


def _costs_section(doc: _StatementWriter, statement: Statement) -> None:
    # A few costs stay on one page with their heading; a long list may break (its header repeats).
    doc.section(SHARED_COSTS, room=(min(len(statement.costs), 8) + 3) * ROW_HEIGHT)
    if not statement.costs:
        doc.line(tr(NO_COSTS, "fr"), rtl=False, size=9)
        doc.line(tr(NO_COSTS, "ar"), rtl=True, size=9)
        return
    rule_ar, rule_fr = bilingual(SHARING_RULE)
    columns = [
        Column(*bilingual(LINE_NO), 0.6, "right"),
        Column(*bilingual(DESCRIPTION), 3.6),
        Column("", rule_fr, 2.0),
        Column(rule_ar, "", 2.0, "right", rtl=True),
        Column(*bilingual(AMOUNT), 1.6, "right"),
    ]
    doc.table(columns, [
        [str(cost.cost_number), cost.label, tr(RULE_LABELS[cost.rule], "fr"),
         tr(RULE_LABELS[cost.rule], "ar"), _money(cost.amount)]
        for cost in statement.costs
    ])
    total_ar, total_fr = bilingual(TOTAL)
    doc.totals_row(columns, ["", total_fr, "", total_ar, _money(statement.shared_costs)])


def _summary_section(doc: _StatementWriter, statement: Statement) -> None:
    doc.section(SUMMARY, room=12 * 18)
    doc.figure(GROSS_SALES, statement.gross_sales)
    doc.figure(DISCOUNTS, taken_off(statement.discounts))
    doc.figure(NET_SALES, statement.sales)
    doc.figure(REFUNDS, taken_off(statement.refunds))
    doc.figure(STORE_COMMISSION, taken_off(statement.commission))
    doc.figure(SHARED_COSTS, taken_off(statement.shared_costs))
    doc.figure(NET_PAYABLE, statement.net_payable, strong=True)
    doc.space(6)
    doc.figure(PREVIOUSLY_PAYABLE, statement.previously_payable)
    doc.figure(ALREADY_PAID, taken_off(statement.already_paid))
    doc.figure(BALANCE_DUE, statement.balance_due, strong=True)
    doc.space(6)
    payable_ar, payable_fr = bilingual(NET_PAYABLE)
    words_ar, words_fr = bilingual(IN_WORDS)
    doc.paragraph(f"{payable_fr}, {words_fr.lower()} : {_in_words(statement.net_payable, 'fr')}", rtl=False)
    doc.paragraph(f"{payable_ar} {words_ar}: {_in_words(statement.net_payable, 'ar')}", rtl=True)


def statement_pdf(statement: Statement, store: Store, cooperative: Cooperative) -> bytes:
    """The settlement statement as PDF bytes; the same data always gives the same bytes."""
    draft_ar, draft_fr = bilingual(DRAFT)
    reference = statement.reference if statement.issued else f"{draft_fr} {cooperative.code}"
    doc = _StatementWriter(
        title=f"{tr(TITLE, 'fr')} {reference}", number=reference,
        digest=statement.hash if statement.issued else draft_ar,
        watermark="" if statement.issued else f"{draft_fr} / {draft_ar}",
    )
    doc.store_identity(store)
    doc.space(12)
    title_ar, title_fr = bilingual(TITLE)
    doc.heading(title_ar, title_fr, size=17)
    if not statement.issued:
        doc.boxed([
            (f"{draft_fr} / {draft_ar}", False),
            (tr(DRAFT_NOTICE, "fr"), False),
            (tr(DRAFT_NOTICE, "ar"), True),
        ])
    doc.space(4)
    issued = statement.issued_at
    doc.pairs([
        pair(REFERENCE, statement.reference or draft_fr, statement.reference or draft_ar),
        pair(ISSUED_AT, format_datetime(issued, "fr") if issued else "—",
              format_datetime(issued, "ar") if issued else "—"),
        pair(PERIOD, _period(statement.start, statement.end, "fr"),
              _period(statement.start, statement.end, "ar")),
    ])

    doc.section(COOPERATIVE, room=6 * 13)
    doc.line(cooperative.name_fr, rtl=False, size=10.5, bold=True)
    doc.line(cooperative.name_ar, rtl=True, size=10.5, bold=True)
    doc.space(2)
    doc.pairs([
        pair(CODE, cooperative.code),
        pair(REGISTRATION, cooperative.registration or "—"),
        pair(ICE, cooperative.ice or "—"),
        pair(PROVINCE, cooperative.province or "—"),
        pair(RIB, mask_rib(cooperative.rib)),
    ])

    _products_section(doc, statement)
    _costs_section(doc, statement)
    _summary_section(doc, statement)
    doc.space(6)
    doc.signature_and_date([SIGNATURE_STORE, SIGNATURE_COOPERATIVE])
    return doc.finish()


def statements_summary_pdf(statements: list[tuple[Statement, Cooperative]], store: Store,
                           title_period: str) -> bytes:
    """One table of every cooperative's statement, with totals: the organizers' batch.

    ``title_period`` (e.g. "mai 2026") is shown under the title and identifies the
    document in its footer. The same statements always give the same bytes.
    """
    draft_ar, draft_fr = bilingual(DRAFT)
    total_ar, total_fr = bilingual(TOTAL)
    columns = [
        Column(*bilingual(REFERENCE), 1.0),
        Column(*bilingual(CODE), 1.0),
        Column(*bilingual(NAME_FR), 1.0),
        Column(*bilingual(NAME_AR), 1.0, "right", rtl=True),
        Column(*bilingual(SALES), 1.0, "right"),
        Column(*bilingual(REFUNDS), 1.0, "right"),
        Column(*bilingual(COMMISSION), 1.0, "right"),
        Column(*bilingual(SHARED_COSTS), 1.0, "right"),
        Column(*bilingual(NET_PAYABLE), 1.0, "right"),
        Column(*bilingual(BALANCE_DUE), 1.0, "right"),
    ]
    rows = tuple(
        (s.reference or draft_fr, coop.code, coop.name_fr, coop.name_ar, _amount(s.sales),
         _amount(s.refunds), _amount(s.commission), _amount(s.shared_costs), _amount(s.net_payable),
         _amount(s.balance_due))
        for s, coop in statements
    )
    only = [s for s, _ in statements]
    totals = (total_fr, "", "", total_ar, _amount(sum(s.sales for s in only)),
              _amount(sum(s.refunds for s in only)), _amount(sum(s.commission for s in only)),
              _amount(sum(s.shared_costs for s in only)), _amount(sum(s.net_payable for s in only)),
              _amount(sum(s.balance_due for s in only)))
    width = PAGE_WIDTH - 2 * MARGIN  # the writer's width, as table_report_pdf lays it out
    fitted = tuple(fit_columns(columns, rows, totals, (2, 3), width, name_minimum=90))
    drafts = sum(1 for s in only if not s.issued)
    subtitle_fr = [title_period]
    subtitle_ar = [title_period]
    if drafts:
        subtitle_fr.append(f"{draft_fr} : {drafts}")
        subtitle_ar.append(f"{draft_ar}: {drafts}")
    document = TableDocument(
        title=SUMMARY_TITLE,
        # The footer's number: left to right, so an Arabic period would scramble it with the digest.
        number=tr(SUMMARY_TITLE, "fr") + ("" if has_rtl(title_period) else f" {title_period}"),
        subtitle_fr=tuple(subtitle_fr),
        subtitle_ar=tuple(subtitle_ar),
        summary=(
            (tr(COOPERATIVES, "fr"), str(len(only)), tr(COOPERATIVES, "ar")),
            (tr(NET_PAYABLE, "fr"), _money(sum(s.net_payable for s in only)), tr(NET_PAYABLE, "ar")),
            (tr(BALANCE_DUE, "fr"), _money(sum(s.balance_due for s in only)), tr(BALANCE_DUE, "ar")),
        ),
        sections=(ReportSection(*bilingual(AMOUNTS_IN_MAD), columns=fitted, rows=rows, totals=totals),),
    )
    return table_report_pdf(document, store)
