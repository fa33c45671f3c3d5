"""A small toolkit for bilingual A4 documents drawn with reportlab.

Every document has the same frame: Arabic on the right, French on the left,
the document's number and hash and "page N / M" in the footer of each page.
Content is added top to bottom (headings, label/value pairs, tables that
repeat their header on each page, signature boxes); a page break happens by
itself when something does not fit. Text is drawn one line per cell, shaped
and ordered by :mod:`possouk.reports.arabic`, and cut with "…" when too wide,
so bad data (a 200-letter name, bidi controls) can never break the layout.

Output is deterministic: reportlab's ``invariant`` mode fixes the creation
date and the document id, so the same data gives the same bytes (a slip can
be regenerated and compared, and tests can pin it).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from possouk.domain.errors import N_
from possouk.domain.model import Store
from possouk.i18n import translator
from possouk.reports.arabic import has_rtl, visual_line
from possouk.reports.fonts import BOLD, REGULAR, register_fonts

__all__ = ["Column", "DocumentWriter", "bilingual", "fit_columns", "text_width", "tr", "wrap"]

Align = Literal["left", "right", "center"]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 40.0
FOOTER_Y = 24.0
BOTTOM = 52.0  # content stops above the footer
ROW_HEIGHT = 14.0
BODY_SIZE = 8.5
_ELLIPSIS = "…"
_GRID = (0.6, 0.6, 0.6)
_SHADE = (0.92, 0.92, 0.92)
_TOTALS_SHADE = (0.88, 0.88, 0.88)
CELL_PAD = 3.0  # points between a cell's border and its text

ADDRESS = N_("Address")
# Translators: Moroccan company identifier (Identifiant Commun de l'Entreprise)
ICE = N_("ICE")
# Translators: Moroccan tax identifier (Identifiant Fiscal)
IF = N_("IF")
PHONE = N_("Phone")

# Translators: footer of every page of a PDF document, e.g. "page 2 / 4"
PAGE_OF = N_("page {page} / {pages}")


def tr(message: str, lang: str) -> str:
    """``message`` (a msgid marked with ``N_``) in ``lang``."""
    return translator(lang).gettext(message)


def bilingual(message: str) -> tuple[str, str]:
    """``(arabic, french)`` renderings of one msgid."""
    return tr(message, "ar"), tr(message, "fr")


def pair(message: str, value_fr: str, value_ar: str | None = None) -> tuple[str, str, str, str]:
    """A line for :meth:`DocumentWriter.pairs`: ``message`` in both languages, its value (the
    same on both sides unless ``value_ar`` is given)."""
    label_ar, label_fr = bilingual(message)
    return label_fr, value_fr, label_ar, value_fr if value_ar is None else value_ar


def taken_off(centimes: int) -> int:
    """An amount taken off a total, to be shown negative (zero stays zero)."""
    return -centimes if centimes else 0


def fit(text: str, font: str, size: float, width: float, *, rtl: bool | None = None) -> str:
    """The visual string of ``text`` cut (in logical order, with "…") to fit in ``width`` points."""
    shown = visual_line(text, rtl=rtl)
    full = stringWidth(shown, font, size)
    if full <= width:
        return shown

    def cut(keep: int) -> tuple[str, bool]:
        candidate = visual_line(text[:keep].rstrip() + _ELLIPSIS, rtl=rtl)
        return candidate, stringWidth(candidate, font, size) <= width

    # Start where the widths say the cut falls, then creep: two or three shapings per name.
    keep = max(0, min(len(text) - 1, int(len(text) * width / full)))
    best, fits = cut(keep)
    while not fits and keep > 0:
        keep -= 1
        best, fits = cut(keep)
    while fits and keep + 1 < len(text):
        longer, longer_fits = cut(keep + 1)
        if not longer_fits:
            break
        keep, best = keep + 1, longer
    return best


def text_width(text: str, font: str = REGULAR, size: float = BODY_SIZE, *,
               rtl: bool | None = None) -> float:
    """How wide ``text`` is once shaped and drawn, in points."""
    return float(stringWidth(visual_line(text, rtl=rtl), font, size))


def wrap(text: str, width: float, *, rtl: bool, size: float, font: str = REGULAR) -> list[str]:
    """``text`` broken between words into logical lines no wider than ``width`` once drawn."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font, size, rtl=rtl) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


@dataclass(frozen=True)
class Column:
    """A table column: its bilingual title, its share of the width and how cells align.

    ``rtl`` True for a column of Arabic text (right-aligned, right-to-left).
    """

    title_ar: str
    title_fr: str
    weight: float
    align: Align = "left"
    rtl: bool = False


def fit_columns(columns: Sequence[Column], rows: Sequence[Sequence[str]], totals: Sequence[str],
                flexible: Sequence[int], width: float, *, name_minimum: float) -> list[Column]:
    """``columns`` re-weighed so figures are never cut: each column but the ``flexible`` ones
    (the names) gets the width of its widest value (and of its total); then, as far as the
    names keep ``name_minimum`` points each, the width of its titles (the narrowest gaps
    close first, the rest share what is left); the flexible columns share the rest equally."""
    pad = 2 * CELL_PAD + 2
    loose = [i in flexible for i in range(len(columns))]
    values = [0.0 if loose[i] else
              max(max((text_width(row[i]) for row in rows), default=0.0),
                  text_width(totals[i], BOLD) if i < len(totals) else 0.0) + pad
              for i in range(len(columns))]
    titles = [0.0 if loose[i] else
              max(text_width(c.title_fr, BOLD, rtl=False), text_width(c.title_ar, BOLD, rtl=True))
              + pad for i, c in enumerate(columns)]
    missing = [max(title - value, 0.0) for value, title in zip(values, titles, strict=True)]
    room = max(width - sum(values) - name_minimum * len(flexible), 0.0)
    if sum(missing) <= room:
        sizes = [value + gap for value, gap in zip(values, missing, strict=True)]
    else:
        sizes = list(values)
        short = sorted((gap, i) for i, gap in enumerate(missing) if gap > 0)
        for count, (gap, i) in enumerate(short):
            given = min(gap, room / (len(short) - count))
            sizes[i] += given
            room -= given
    share = max(width - sum(sizes), 1.0) / len(flexible)
    return [replace(c, weight=share if loose[i] else sizes[i]) for i, c in enumerate(columns)]


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that keeps its pages until ``save`` so each footer can say "page N / M"."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # reportlab names it so
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


class DocumentWriter:
    """Lays out one bilingual A4 document, top to bottom; :meth:`finish` returns the PDF bytes."""

    def __init__(self, *, title: str, number: str, digest: str) -> None:
        register_fonts()
        self.number = number
        self.digest = digest
        self._buffer = io.BytesIO()
        self.canvas = _NumberedCanvas(
            self._buffer, pagesize=A4, invariant=1, pageCompression=1, footer=self.draw_footer
        )
        self.canvas.setTitle(title)
        self.canvas.setAuthor("possouk")
        self.canvas.setCreator("possouk")
        self.y = PAGE_HEIGHT - MARGIN
        self.left = MARGIN
        self.right = PAGE_WIDTH - MARGIN
        self.width = self.right - self.left
        self._on_new_page: Callable[[], None] | None = None

    # primitives ----------------------------------------------------------
    def text(self, x: float, y: float, text: str, *, size: float = BODY_SIZE, bold: bool = False,
             align: Align = "left", width: float | None = None, rtl: bool | None = None) -> None:
        """Draw one line at (x, y); ``x`` is the left edge, right edge or centre per ``align``."""
        font = BOLD if bold else REGULAR
        shown = fit(text, font, size, width, rtl=rtl) if width else visual_line(text, rtl=rtl)
        self.canvas.setFont(font, size)
        if align == "right":
            self.canvas.drawRightString(x, y, shown)
        elif align == "center":
            self.canvas.drawCentredString(x, y, shown)
        else:
            self.canvas.drawString(x, y, shown)

    def space(self, height: float) -> None:
        """Move down by ``height`` points."""
        self.y -= height

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` points are left above the footer."""
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        """End the current page; a table being drawn repeats its header."""
        self.canvas.showPage()
        self.y = PAGE_HEIGHT - MARGIN
        if self._on_new_page is not None:
            self._on_new_page()

    # blocks ---------------------------------------------------------------
    def heading(self, arabic: str, french: str, *, size: float = 13) -> None:
        """One heading line: French on the left, Arabic on the right."""
        self.ensure(size + 6)
        self.y -= size
        half = self.width / 2 - 6
        self.text(self.left, self.y, french, size=size, bold=True, width=half, rtl=False)
        self.text(self.right, self.y, arabic, size=size, bold=True, align="right", width=half, rtl=True)
        self.y -= 6

    def line(self, text: str, *, rtl: bool, size: float = BODY_SIZE, bold: bool = False) -> None:
        """One full-width line: right-aligned when ``rtl`` (Arabic), left-aligned otherwise."""
        self.ensure(size + 5)
        self.y -= size + 4
        if rtl:
            self.text(self.right, self.y, text, size=size, bold=bold, align="right", width=self.width,
                      rtl=True)
        else:
            self.text(self.left, self.y, text, size=size, bold=bold, width=self.width, rtl=False)

    def pairs(self, rows: Sequence[tuple[str, str, str, str]], *, size: float = 9) -> None:
        """Label/value lines: ``(french label, french value, arabic label, arabic value)`` per row."""
        half = self.width / 2 - 6
        label_width = half * 0.38
        for label_fr, value_fr, label_ar, value_ar in rows:
            self.ensure(size + 5)
            self.y -= size + 4
            self.text(self.left, self.y, label_fr, size=size, bold=True, width=label_width, rtl=False)
            self.text(self.left + label_width + 4, self.y, value_fr, size=size,
                      width=half - label_width - 4, rtl=False)
            self.text(self.right, self.y, label_ar, size=size, bold=True, align="right",
                      width=label_width, rtl=True)
            self.text(self.right - label_width - 4, self.y, value_ar, size=size, align="right",
                      width=half - label_width - 4, rtl=has_rtl(value_ar) or None)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
        """A table whose header (French over Arabic) repeats on every page it spans."""
        total = sum(c.weight for c in columns)
        widths = [self.width * c.weight / total for c in columns]

        def header() -> None:
            height = 2 * ROW_HEIGHT
            self.canvas.setFillColorRGB(*_SHADE)
            self.canvas.rect(self.left, self.y - height, self.width, height, stroke=0, fill=1)
            self.canvas.setFillColorRGB(0, 0, 0)
            x = self.left
            for column, width in zip(columns, widths, strict=True):
                self._cell(x, self.y - ROW_HEIGHT + 4, width, column.title_fr, column.align, False, True)
                self._cell(x, self.y - 2 * ROW_HEIGHT + 4, width, column.title_ar, column.align, True,
                           True)
                x += width
            self.y -= height
            self._rule()

        self.ensure(3 * ROW_HEIGHT)
        header()
        self._on_new_page = header
        try:
            for row in rows:
                self.ensure(ROW_HEIGHT)
                x = self.left
                for column, width, value in zip(columns, widths, row, strict=True):
                    rtl = column.rtl or (has_rtl(value) and column.align == "right")
                    self._cell(x, self.y - ROW_HEIGHT + 4, width, value, column.align, rtl, False)
                    x += width
                self.y -= ROW_HEIGHT
                self._rule()
        finally:
            self._on_new_page = None

    def _cell(self, x: float, y: float, width: float, value: str, align: Align, rtl: bool,
              bold: bool) -> None:
        pad = 3.0
        inner = width - 2 * pad
        if align == "right":
            self.text(x + width - pad, y, value, bold=bold, align="right", width=inner, rtl=rtl)
        elif align == "center":
            self.text(x + width / 2, y, value, bold=bold, align="center", width=inner, rtl=rtl)
        else:
            self.text(x + pad, y, value, bold=bold, width=inner, rtl=rtl)

    def _rule(self) -> None:
        self.canvas.setStrokeColorRGB(*_GRID)
        self.canvas.setLineWidth(0.4)
        self.canvas.line(self.left, self.y, self.right, self.y)
        self.canvas.setStrokeColorRGB(0, 0, 0)

    def widths(self, columns: Sequence[Column]) -> list[float]:
        """The width of each column on the page, from their weights."""
        total = sum(c.weight for c in columns)
        return [self.width * c.weight / total for c in columns]

    def totals_row(self, columns: Sequence[Column], values: Sequence[str]) -> None:
        """A shaded bold row under a table; on a new page the table's header comes first."""
        if self.y - ROW_HEIGHT < BOTTOM:
            self.new_page()
            self.table(columns, [])  # the header alone, so the totals are not orphaned
        self.canvas.setFillColorRGB(*_TOTALS_SHADE)
        self.canvas.rect(self.left, self.y - ROW_HEIGHT, self.width, ROW_HEIGHT, stroke=0, fill=1)
        self.canvas.setFillColorRGB(0, 0, 0)
        x = self.left
        baseline = self.y - ROW_HEIGHT + 4
        for column, width, value in zip(columns, self.widths(columns), values, strict=True):
            inner = width - 2 * CELL_PAD
            if value:
                if column.align == "right":
                    self.text(x + width - CELL_PAD, baseline, value, bold=True, align="right",
                              width=inner, rtl=column.rtl)
                else:
                    self.text(x + CELL_PAD, baseline, value, bold=True, width=inner, rtl=column.rtl)
            x += width
        self.y -= ROW_HEIGHT

    def paragraph(self, text: str, *, rtl: bool, size: float = 9) -> None:
        """Full-width lines of ``text``, wrapped between words (an amount in words is never cut)."""
        for line in wrap(text, self.width, rtl=rtl, size=size):
            self.line(line, rtl=rtl, size=size)

    def store_identity(self, store: Store) -> None:
        """The store's names as a heading, then its address, ICE, IF and phone when known."""
        self.heading(store.name_ar, store.name_fr, size=15)
        identity = [pair(label, value) for label, value in (
            (ADDRESS, store.address), (ICE, store.ice), (IF, store.if_number), (PHONE, store.phone))
            if value]
        self.pairs(identity)

    def signature_boxes(self, boxes: Sequence[tuple[str, str]], *, height: float = 80) -> None:
        """Boxes side by side for signatures and stamps, each titled ``(french, arabic)``."""
        self.ensure(height + 12)
        self.y -= 12
        gap = 16.0
        width = (self.width - gap * (len(boxes) - 1)) / len(boxes)
        x = self.left
        self.canvas.setLineWidth(0.8)
        for french, arabic in boxes:
            self.canvas.rect(x, self.y - height, width, height, stroke=1, fill=0)
            self.text(x + 5, self.y - 12, french, size=9, bold=True, width=width / 2 - 8, rtl=False)
            self.text(x + width - 5, self.y - 12, arabic, size=9, bold=True, align="right",
                      width=width / 2 - 8, rtl=True)
            x += width + gap
        self.y -= height

    # footer and output ----------------------------------------------------
    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        """Drawn on every page when the document is saved (a subclass may draw more: a watermark)."""
        canvas.setStrokeColorRGB(*_GRID)
        canvas.setLineWidth(0.4)
        canvas.line(self.left, FOOTER_Y + 10, self.right, FOOTER_Y + 10)
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(self.left, FOOTER_Y, visual_line(f"{self.number} · {self.digest[:32]}", rtl=False))
        canvas.drawRightString(self.right, FOOTER_Y,
                               visual_line(tr(PAGE_OF, "fr").format(page=page, pages=pages), rtl=False))

    def finish(self) -> bytes:
        """Close the document and return its PDF bytes."""
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()
