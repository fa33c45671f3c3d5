"""Barcode label sheets: A4 pages of sticky labels for products, drawn with reportlab.

Each label carries the product's Arabic name (shaped, right to left, on the
right), its French name, the cooperative that made it, its price (per kg or
litre for weighed goods) and its barcode with the human-readable digits. The
barcode is drawn with reportlab's own EAN module (``reportlab.graphics.barcode
.eanbc``), which computes the bars from the first 12 digits and adds the check
digit itself, so a stored code is only drawn when that check digit agrees.

Every text is cut with "…" to its width (:func:`possouk.reports.document.fit`),
so a 200-letter name never spills onto the next label. Output is deterministic
(reportlab ``invariant`` mode): the same labels give the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode import createBarcodeDrawing  # type: ignore[import-untyped]
from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from possouk.domain.errors import N_
from possouk.domain.model import Unit
from possouk.i18n.formatting import format_unit_price
from possouk.reports.document import fit, tr
from possouk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["GRIDS", "Grid", "LabelData", "label_sheet_pdf", "sheets_needed"]

# Translators: title (PDF metadata) of a sheet of barcode labels to stick on products
SHEET_TITLE = N_("Barcode labels")

PAGE_WIDTH, PAGE_HEIGHT = A4
_NOMINAL_MODULE = 0.33 * mm  # EAN-13 at 100 % magnification
_MIN_MODULE = 0.264 * mm  # 80 %, the smallest size scanners are specified to read
_EAN13_MODULES = 113  # 95 bars + the quiet zones reportlab adds (9 modules each side)
_EAN8_MODULES = 85
_PAD_X = 3.5 * mm  # inside each label; also keeps text off edge-to-edge sheets' unprintable rim
_OUTLINE = (0.75, 0.75, 0.75)
_GREY = (0.35, 0.35, 0.35)


@dataclass(frozen=True)
class LabelData:
    """What one label shows, as plain values; ``price`` in centimes, per ``unit``."""

    sku: str
    barcode: str
    name_ar: str
    name_fr: str
    price: int
    unit: Unit
    cooperative_name_fr: str
    cooperative_name_ar: str


@dataclass(frozen=True)
class Grid:
    """How labels sit on an A4 sheet: ``columns`` × ``rows``, margins and gaps in millimetres."""

    columns: int
    rows: int
    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0

    def __post_init__(self) -> None:
        if self.columns < 1 or self.rows < 1:
            raise ValueError("a label grid needs at least one column and one row")
        # Below this a label cannot hold a readable barcode and two names.
        if self.label_width < 38 * mm or self.label_height < 20 * mm:
            raise ValueError(f"labels of this grid are too small: {self.label_width / mm:.1f} × "
                             f"{self.label_height / mm:.1f} mm")

    @property
    def per_sheet(self) -> int:
        """How many labels one sheet holds."""
        return self.columns * self.rows

    @property
    def label_width(self) -> float:
        """Width of one label in points."""
        free = 210.0 - self.left - self.right - self.gap_x * (self.columns - 1)
        return float(free / self.columns * mm)

    @property
    def label_height(self) -> float:
        """Height of one label in points."""
        free = 297.0 - self.top - self.bottom - self.gap_y * (self.rows - 1)
        return float(free / self.rows * mm)

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner (points) of label ``index`` on its sheet, filled row by row."""
        row, column = divmod(index % self.per_sheet, self.columns)
        x = (self.left + column * (self.gap_x + self.label_width / mm)) * mm
        top = PAGE_HEIGHT - (self.top + row * (self.gap_y + self.label_height / mm)) * mm
        return x, top - self.label_height


GRIDS: dict[str, Grid] = {
    # 24 labels of 70 × 36 mm, edge to edge across the sheet (the common "3×8" stock).
    "3x8": Grid(3, 8, top=4.5, bottom=4.5),
    # 40 labels of 48.5 × 25.4 mm.
    "4x10": Grid(4, 10, top=21.5, bottom=21.5, left=8.0, right=8.0),
}
"""The label sheets sold in shops, by name."""


def sheets_needed(count: int, grid: Grid) -> int:
    """How many sheets ``count`` labels take on ``grid``."""
    return max(1, math.ceil(count / grid.per_sheet))


def price_text(label: LabelData) -> str:
    """The price as shown: ``"120,00 MAD"``, or ``"45,00 MAD / kg"`` for goods sold by weight."""
    return format_unit_price(label.price, label.unit, "fr")


def _symbology(code: str) -> tuple[str, str, int]:
    """``(reportlab code name, the digits it takes, modules wide)`` for a stored barcode."""
    digits = code.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13):
        raise ValueError(f"not an EAN-13, UPC-A or EAN-8 barcode: {code!r}")
    if len(digits) == 8:
        return "EAN8", digits[:7], _EAN8_MODULES
    full = digits.zfill(13)  # a UPC-A is the EAN-13 with a leading 0
    if Ean13BarcodeWidget._checkdigit(full[:12]) != full[12]:
        raise ValueError(f"barcode {code!r} has a wrong check digit")
    return "EAN13", full[:12], _EAN13_MODULES


class _Layout:
    """Font sizes and positions inside one label, computed once per grid."""

    def __init__(self, grid: Grid) -> None:
        self.width = grid.label_width
        self.height = grid.label_height
        self.inner = self.width - 2 * _PAD_X
        pad_y = max(1.8 * mm, self.height * 0.06)
        usable = self.height - 2 * pad_y
        self.ar_size = min(11.0, usable * 0.105)
        self.fr_size = min(10.0, usable * 0.095)
        self.coop_size = min(7.5, usable * 0.075)
        self.price_size = min(13.0, usable * 0.13)
        # Baselines from the top; Amiri's deep Arabic descenders need more room below.
        y = self.height - pad_y
        self.ar_y = y - self.ar_size
        self.fr_y = self.ar_y - self.fr_size * 1.55
        self.coop_y = self.fr_y - self.coop_size * 1.3
        self.price_y = self.coop_y - self.price_size * 1.2
        self.bar_top = self.price_y - self.price_size * 0.3
        self.bar_bottom = pad_y * 0.6
        self.module = min(_NOMINAL_MODULE, self.inner / _EAN13_MODULES)
        if self.module < _MIN_MODULE:
            raise ValueError("labels of this grid are too narrow for a readable EAN-13")


def _draw_label(canvas: Canvas, layout: _Layout, x: float, y: float, label: LabelData,
                outline: bool) -> None:
    left, right = x + _PAD_X, x + layout.width - _PAD_X
    if outline:
        canvas.setStrokeColorRGB(*_OUTLINE)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, layout.width, layout.height, stroke=1, fill=0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(BOLD, layout.ar_size)
    canvas.drawRightString(right, y + layout.ar_y,
                           fit(label.name_ar, BOLD, layout.ar_size, layout.inner, rtl=True))
    canvas.setFont(REGULAR, layout.fr_size)
    canvas.drawString(left, y + layout.fr_y,
                      fit(label.name_fr, REGULAR, layout.fr_size, layout.inner, rtl=False))
    # The cooperative, French left and Arabic right, each on half the width.
    half = layout.inner / 2 - 3
    canvas.setFillColorRGB(*_GREY)
    canvas.setFont(REGULAR, layout.coop_size)
    canvas.drawString(left, y + layout.coop_y,
                      fit(label.cooperative_name_fr, REGULAR, layout.coop_size, half, rtl=False))
    canvas.drawRightString(right, y + layout.coop_y,
                           fit(label.cooperative_name_ar, REGULAR, layout.coop_size, half, rtl=True))
    # Price bold on the left; the sku, small, on the right for the shelf staff.
    price = fit(price_text(label), BOLD, layout.price_size, layout.inner * 0.72, rtl=False)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(BOLD, layout.price_size)
    canvas.drawString(left, y + layout.price_y, price)
    canvas.setFillColorRGB(*_GREY)
    canvas.setFont(REGULAR, layout.coop_size)
    canvas.drawRightString(right, y + layout.price_y,
                           fit(label.sku, REGULAR, layout.coop_size, layout.inner * 0.25, rtl=False))
    canvas.setFillColorRGB(0, 0, 0)
    _draw_barcode(canvas, layout, x, y, label.barcode)


def _draw_barcode(canvas: Canvas, layout: _Layout, x: float, y: float, code: str) -> None:
    kind, value, _modules = _symbology(code)
    module = layout.module
    digits_size = min(8.0, module * 8.2)
    drawing = createBarcodeDrawing(
        kind, value=value, barWidth=module, barHeight=layout.bar_top - layout.bar_bottom,
        fontSize=digits_size, humanReadable=True,
    )
    left = x + (layout.width - drawing.width) / 2
    renderPDF.draw(drawing, canvas, left, y + layout.bar_bottom)


def label_sheet_pdf(labels: Sequence[LabelData], grid: Grid, copies: int = 1, *,
                    outline: bool = False) -> bytes:
    """A4 sheets holding ``copies`` of each label in turn, as PDF bytes.

    ``outline`` draws a faint frame round each label (to cut plain paper).
    The same labels always give the same bytes. Raises ``ValueError`` when
    there is no label, ``copies`` is below 1, or a barcode is not an EAN.
    """
    if not labels:
        raise ValueError("no label to draw")
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    for label in labels:
        _symbology(label.barcode)  # refuse before drawing anything
    register_fonts()
    layout = _Layout(grid)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(tr(SHEET_TITLE, "fr"))
    canvas.setAuthor("possouk")
    canvas.setCreator("possouk")
    index = 0
    for label in labels:
        for _copy in range(copies):
            if index and index % grid.per_sheet == 0:
                canvas.showPage()
            x, y = grid.origin(index)
            _draw_label(canvas, layout, x, y, label, outline)
            index += 1
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
