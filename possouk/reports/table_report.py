"""A generic bilingual A4 report: a title, a few summary lines, then tables with totals.

The organizers' reports (sales by a dimension, the impact view, stock left) are
all "a heading, some figures, one or more tables": :class:`TableDocument` holds
them as plain, already formatted text, and :func:`table_report_pdf` lays them
out with :class:`~possouk.reports.document.DocumentWriter` under the store's
name, with the report's number, a digest of its content and "page N / M" in
the footer of every page. The digest is the SHA-256 of the document's data, so
the same data gives the same digest and the same bytes; two copies of a report
can be compared by their footer.

Arabic names go in their own right-aligned, right-to-left columns
(``Column(..., "right", rtl=True)``), like the product columns of the deposit
slip; long names are cut with "…" to their column by the toolkit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from possouk.domain.model import Store
from possouk.reports.document import BOTTOM, ROW_HEIGHT, Column, DocumentWriter, bilingual, tr

__all__ = ["ReportSection", "TableDocument", "content_digest", "table_report_pdf"]

_SHADE = (0.85, 0.85, 0.85)
_RULE = (0.75, 0.75, 0.75)
_PAD = 3.0


@dataclass(frozen=True)
class ReportSection:
    """One table of a report: its heading in both languages, columns, rows and totals.

    Every row (and ``totals``) has one text per column, already formatted.
    """

    heading_ar: str  # both empty: no heading (the report's title says what the table is)
    heading_fr: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[str, ...] | None = None
    empty_ar: str = ""  # said instead of the table when there are no rows ("" : the empty table)
    empty_fr: str = ""


@dataclass(frozen=True)
class TableDocument:
    """A report as plain data: what :func:`table_report_pdf` draws.

    ``title`` is a msgid (marked with ``N_``), shown in French and in Arabic.
    ``subtitle_fr`` / ``subtitle_ar`` are lines under it (the period, the site).
    ``summary`` holds figure lines: ``(french label, value, arabic label)``, the
    value (a number, an amount) shown once between the two labels. ``number``
    identifies the report in the footer (e.g. ``RPT-2026-05-11-2026-05-17-cooperative``).
    """

    title: str
    number: str
    subtitle_fr: tuple[str, ...] = ()
    subtitle_ar: tuple[str, ...] = ()
    summary: tuple[tuple[str, str, str], ...] = ()
    sections: tuple[ReportSection, ...] = field(default_factory=tuple)


def content_digest(doc: TableDocument, store: Store) -> str:
    """SHA-256 (hex) of everything the report shows: the same data, the same digest."""
    payload = {"store": [store.name_ar, store.name_fr], "document": asdict(doc)}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _widths(doc: DocumentWriter, columns: Sequence[Column]) -> list[float]:
    total = sum(c.weight for c in columns)
    return [doc.width * c.weight / total for c in columns]


def _totals_row(doc: DocumentWriter, columns: Sequence[Column], values: Sequence[str]) -> None:
    """A shaded bold row under a table; on a new page the table's header comes first."""
    if doc.y - ROW_HEIGHT < BOTTOM:
        doc.new_page()
        doc.table(columns, [])  # the header alone, so the totals are not orphaned
    widths = _widths(doc, columns)
    doc.canvas.setFillColorRGB(*_SHADE)
    doc.canvas.rect(doc.left, doc.y - ROW_HEIGHT, doc.width, ROW_HEIGHT, stroke=0, fill=1)
    doc.canvas.setFillColorRGB(0, 0, 0)
    x = doc.left
    baseline = doc.y - ROW_HEIGHT + 4
    for column, width, value in zip(columns, widths, values, strict=True):
        inner = width - 2 * _PAD
        if value:
            if column.align == "right":
                doc.text(x + width - _PAD, baseline, value, bold=True, align="right", width=inner,
                         rtl=column.rtl)
            elif column.align == "center":
                doc.text(x + width / 2, baseline, value, bold=True, align="center", width=inner,
                         rtl=column.rtl)
            else:
                doc.text(x + _PAD, baseline, value, bold=True, width=inner, rtl=column.rtl)
        x += width
    doc.y -= ROW_HEIGHT


def _summary(doc: DocumentWriter, rows: Sequence[tuple[str, str, str]], size: float = 9.5) -> None:
    """Figure lines: French label on the left, the value in the middle, Arabic label on the right."""
    label = doc.width * 0.36
    value_right = doc.left + doc.width * 0.64 - 8
    for label_fr, value, label_ar in rows:
        doc.ensure(size + 7)
        doc.y -= size + 5
        doc.text(doc.left, doc.y, label_fr, size=size, width=label, rtl=False)
        doc.text(value_right, doc.y, value, size=size, bold=True, align="right",
                 width=doc.width * 0.28 - 8)
        doc.text(doc.right, doc.y, label_ar, size=size, align="right", width=label, rtl=True)
        doc.y -= 2
        doc.canvas.setStrokeColorRGB(*_RULE)
        doc.canvas.setLineWidth(0.3)
        doc.canvas.line(doc.left, doc.y, doc.right, doc.y)
        doc.canvas.setStrokeColorRGB(0, 0, 0)


def _section(doc: DocumentWriter, section: ReportSection) -> None:
    doc.space(12)
    if section.heading_ar or section.heading_fr:
        doc.ensure(11 + 6 + 4 * ROW_HEIGHT)  # a heading never ends a page without its table
        doc.heading(section.heading_ar, section.heading_fr, size=11)
    if not section.rows and (section.empty_fr or section.empty_ar):
        doc.line(section.empty_fr, rtl=False, size=9)
        doc.line(section.empty_ar, rtl=True, size=9)
        return
    doc.table(section.columns, section.rows)
    if section.totals is not None:
        _totals_row(doc, section.columns, section.totals)


def table_report_pdf(doc: TableDocument, store: Store) -> bytes:
    """The report as PDF bytes; the same document and store always give the same bytes."""
    title_ar, title_fr = bilingual(doc.title)
    writer = DocumentWriter(title=f"{tr(doc.title, 'fr')} {doc.number}", number=doc.number,
                            digest=content_digest(doc, store))
    writer.heading(store.name_ar, store.name_fr, size=13)
    writer.space(10)
    writer.heading(title_ar, title_fr, size=17)
    lines = max(len(doc.subtitle_fr), len(doc.subtitle_ar))
    for n in range(lines):
        french = doc.subtitle_fr[n] if n < len(doc.subtitle_fr) else ""
        arabic = doc.subtitle_ar[n] if n < len(doc.subtitle_ar) else ""
        writer.heading(arabic, french, size=10)
    if doc.summary:
        writer.space(8)
        _summary(writer, doc.summary)
    for section in doc.sections:
        _section(writer, section)
    return writer.finish()
