"""Deposit slip (bon de dépôt / وصل الإيداع) and return slip as bilingual A4 PDFs.

A pure function of plain data: :class:`DepositSlipData` is built from the
domain objects (stock document, store, cooperative, site, products) and
:func:`deposit_slip_pdf` turns it into PDF bytes. Both the cooperative and the
store sign the paper, so it carries both identities, every line with its
quantity and price, the total in figures and in words, and two signature boxes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from possouk.domain.errors import N_
from possouk.domain.model import Cooperative, Product, Site, StockDocument, StockKind, Store, Unit
from possouk.domain.money import line_total
from possouk.i18n.formatting import format_datetime, format_money, format_quantity, unit_label
from possouk.i18n.words import amount_in_words
from possouk.reports.document import Column, DocumentWriter, bilingual, pair, tr

__all__ = ["DepositSlipData", "SlipLine", "deposit_slip_pdf"]

# Translators: title of the paper signed when a cooperative leaves goods at the store
DEPOSIT_TITLE = N_("Deposit slip")
# Translators: title of the paper signed when the store gives goods back to a cooperative
RETURN_TITLE = N_("Return slip")
REFERENCE = N_("Reference")
DATE = N_("Date")
SITE = N_("Site")
COOPERATIVE = N_("Cooperative")
COOPERATIVE_CODE = N_("Cooperative code")
PHONE = N_("Phone")
ADDRESS = N_("Address")
# Translators: Moroccan company identifier (Identifiant Commun de l'Entreprise)
ICE = N_("ICE")
LINE_NO = N_("No.")
SKU = N_("SKU")
PRODUCT_FR = N_("Product (French)")
PRODUCT_AR = N_("Product (Arabic)")
QUANTITY = N_("Quantity")
UNIT_PRICE = N_("Unit price (MAD)")
LINE_VALUE = N_("Value (MAD)")
LINES = N_("Lines")
TOTAL_VALUE = N_("Total value")
IN_WORDS = N_("In words")
SIGNATURE_COOPERATIVE = N_("Signature of the cooperative")
SIGNATURE_STORE = N_("Signature of the store")


@dataclass(frozen=True)
class SlipLine:
    """One line of a slip: a product, how much of it, at what unit price (centimes, thousandths)."""

    sku: str
    name_ar: str
    name_fr: str
    quantity: int
    unit: Unit
    unit_price: int

    @property
    def value(self) -> int:
        """The line's value in centimes, rounded as the ledger rounds."""
        return line_total(self.quantity, self.unit_price)


@dataclass(frozen=True)
class DepositSlipData:
    """Everything a deposit or return slip shows, as plain values."""

    kind: StockKind
    reference: str
    created_at: datetime  # UTC, shown in local time
    digest: str
    store: Store
    site: Site
    cooperative: Cooperative
    lines: tuple[SlipLine, ...]

    @property
    def total(self) -> int:
        """The sum of the line values, in centimes."""
        return sum(line.value for line in self.lines)

    @classmethod
    def build(cls, doc: StockDocument, store: Store, site: Site, cooperative: Cooperative,
              products: Mapping[int, Product]) -> DepositSlipData:
        """The slip of an intake or return ``doc``; ``products`` maps each line's product id."""
        if doc.kind not in (StockKind.INTAKE, StockKind.RETURN):
            raise ValueError(f"no slip for a stock document of kind {doc.kind}")
        lines = tuple(
            SlipLine(line.sku, products[line.product_id].name_ar, products[line.product_id].name_fr,
                     line.quantity, products[line.product_id].unit, line.unit_price)
            for line in doc.lines
        )
        return cls(doc.kind, doc.reference, doc.created_at, doc.hash, store, site, cooperative, lines)


def _quantity(line: SlipLine) -> str:
    text = format_quantity(line.quantity, line.unit, "fr")
    # Pieces come without a label from format_quantity; a signed slip says what was counted.
    return f"{text} {unit_label(line.unit, 'fr')}" if line.unit is Unit.PIECE else text


def deposit_slip_pdf(data: DepositSlipData) -> bytes:
    """The slip as PDF bytes; the same data always gives the same bytes."""
    title = DEPOSIT_TITLE if data.kind is StockKind.INTAKE else RETURN_TITLE
    doc = DocumentWriter(title=f"{tr(title, 'fr')} {data.reference}", number=data.reference,
                         digest=data.digest)
    store, coop, site = data.store, data.cooperative, data.site
    doc.heading(store.name_ar, store.name_fr, size=15)
    identity = []
    if store.address:
        identity.append(pair(ADDRESS, store.address, store.address))
    if store.phone or store.ice:
        identity.append(pair(PHONE, store.phone, store.phone) if store.phone
                        else pair(ICE, store.ice, store.ice))
    doc.pairs(identity)
    doc.space(14)
    doc.heading(*bilingual(title), size=17)
    doc.space(4)
    doc.pairs([
        pair(REFERENCE, data.reference, data.reference),
        pair(DATE, format_datetime(data.created_at, "fr"), format_datetime(data.created_at, "ar")),
        pair(SITE, f"{site.name_fr} ({site.code})", f"{site.name_ar} ({site.code})"),
        pair(COOPERATIVE, coop.name_fr, coop.name_ar),
        pair(COOPERATIVE_CODE, coop.code, coop.code),
        pair(PHONE, coop.phone or "—", coop.phone or "—"),
    ])
    doc.space(12)
    columns = [
        Column(*bilingual(LINE_NO), 0.5, "right"),
        Column(*bilingual(SKU), 1.2),
        Column(*bilingual(PRODUCT_FR), 2.4),
        Column(*bilingual(PRODUCT_AR), 2.4, "right", rtl=True),
        Column(*bilingual(QUANTITY), 1.3, "right"),
        Column(*bilingual(UNIT_PRICE), 1.6, "right"),
        Column(*bilingual(LINE_VALUE), 1.5, "right"),
    ]
    rows = [
        [str(n), line.sku, line.name_fr, line.name_ar, _quantity(line),
         format_money(line.unit_price, "fr", currency=False), format_money(line.value, "fr", currency=False)]
        for n, line in enumerate(data.lines, start=1)
    ]
    doc.table(columns, rows)
    doc.space(8)
    total = data.total
    doc.pairs([
        pair(LINES, str(len(data.lines)), str(len(data.lines))),
        pair(TOTAL_VALUE, format_money(total, "fr"), format_money(total, "ar")),
    ], size=10)
    doc.space(4)
    words_ar, words_fr = bilingual(IN_WORDS)
    doc.line(f"{words_fr} : {amount_in_words(total, 'fr')}", rtl=False, size=9)
    doc.line(f"{words_ar}: {amount_in_words(total, 'ar')}", rtl=True, size=9)
    doc.space(10)
    doc.signature_boxes([
        (tr(SIGNATURE_COOPERATIVE, "fr"), tr(SIGNATURE_COOPERATIVE, "ar")),
        (tr(SIGNATURE_STORE, "fr"), tr(SIGNATURE_STORE, "ar")),
    ])
    return doc.finish()
