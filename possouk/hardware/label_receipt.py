"""A single product label on the receipt printer, for shops without label sheets.

:func:`label_receipt` lays out one label — both names, the cooperative, the
shelf price, the EAN-13 barcode and its digits — as a
:class:`~possouk.hardware.receipt.Receipt`, drawn by
:func:`~possouk.hardware.receipt_image.render_receipt` like any receipt and
cut after each copy. The same fields as the A4 label sheet
(:class:`possouk.reports.labels.LabelData` has them).
"""

from __future__ import annotations

from typing import Protocol

from possouk.domain.model import Unit
from possouk.hardware.receipt import Receipt, Row, RowKind, clean_for_paper
from possouk.i18n.formatting import format_unit_price

__all__ = ["LabelFields", "label_receipt"]


class LabelFields(Protocol):
    """What a label shows (:class:`possouk.reports.labels.LabelData` has it)."""

    @property
    def sku(self) -> str: ...
    @property
    def barcode(self) -> str: ...
    @property
    def name_ar(self) -> str: ...
    @property
    def name_fr(self) -> str: ...
    @property
    def price(self) -> int: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def cooperative_name_fr(self) -> str: ...
    @property
    def cooperative_name_ar(self) -> str: ...


def label_receipt(label: LabelFields) -> Receipt:
    """One label for ``label``'s product: names, cooperative, price, EAN barcode, digits and sku.

    Raises ``ValueError`` when the barcode is not an EAN-13, UPC-A or EAN-8
    (the renderer checks; services only label products with such codes).
    """
    rows = (
        Row(ar=clean_for_paper(label.name_ar), bold=True, big=True, center=True),
        Row(fr=clean_for_paper(label.name_fr), bold=True, center=True),
        Row(fr=clean_for_paper(label.cooperative_name_fr), ar=clean_for_paper(label.cooperative_name_ar)),
        Row(value=format_unit_price(label.price, label.unit, "fr"), bold=True, big=True, center=True),
        Row(kind=RowKind.EAN, value=label.barcode),
        Row(fr=label.barcode, value=label.sku),
    )
    return Receipt(reference=label.sku, integrity="", rows=rows, languages=("ar", "fr"))
