"""Draw a :class:`~possouk.hardware.receipt.Receipt` as a 1-bit image for a thermal printer.

Arabic is why receipts are images: printers' built-in code pages cannot join
Arabic letters or order right-to-left text. We shape text with Pillow's raqm
layout (HarfBuzz + FriBiDi) when present, else with arabic-reshaper (joined
letter forms) and python-bidi (visual order, mirrored brackets). Text is drawn
in grey levels and then cut at a hard threshold: dithering would fray thin
strokes of small Arabic letters.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import arabic_reshaper  # type: ignore[import-untyped]
from barcode import EAN8, EAN13, Code128  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont, features

from possouk.domain.barcode import ean_check_digit
from possouk.hardware.fonts import font_path
from possouk.hardware.receipt import Receipt, Row, RowKind

WIDTH_80MM = 576
WIDTH_58MM = 384
_MARGIN = 8
_GAP = 16  # between slots on one row
_BARCODE_HEIGHT = 72
_LRE, _RLE, _PDF = "\u202a", "\u202b", "\u202c"
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def _isolates_as_embeddings(text: str) -> str:
    """Turn bidi isolates into embeddings, which python-bidi's pure-Python algorithm understands.

    Its Rust ``get_display`` knows isolates but does not mirror brackets; the
    pure-Python one mirrors them but predates isolates. An embedding keeps a
    value's characters together in the same way for the short values we isolate.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == _FSI:
            inner = text[i + 1:].split(_PDI, 1)[0]
            strong = next((unicodedata.bidirectional(c) for c in inner
                           if unicodedata.bidirectional(c) in ("L", "R", "AL")), "L")
            out.append(_LRE if strong == "L" else _RLE)
        elif ch in (_LRI, _RLI):
            out.append(_LRE if ch == _LRI else _RLE)
        elif ch == _PDI:
            out.append(_PDF)
        else:
            out.append(ch)
    return "".join(out)


def _words(text: str) -> list[str]:
    """Split at spaces that are outside bidi isolates."""
    words: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in (_LRI, _RLI, _FSI):
            depth += 1
        elif ch == _PDI:
            depth = max(0, depth - 1)
        if ch == " " and depth == 0:
            if current:
                words.append("".join(current))
            current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def has_raqm() -> bool:
    """True when Pillow can shape text itself (libraqm found)."""
    return bool(features.check("raqm"))


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _arabic_only(text: str) -> bool:
    # Noto Sans Arabic has no Latin letters; text mixing scripts goes to Amiri, which has both.
    return not any(ch.isascii() and ch.isalpha() for ch in text)


@cache
def _font(role: str, size: int, raqm: bool) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(font_path(role)), size, layout_engine=engine)


_MEASURE = ImageDraw.Draw(Image.new("L", (1, 1)))


@dataclass(frozen=True)
class _Piece:
    """One run of text, already in the form the drawing call takes."""

    text: str
    font: ImageFont.FreeTypeFont
    rtl: bool
    width: int


class _Painter:
    def __init__(self, width: int, raqm: bool) -> None:
        self.width = width
        self.raqm = raqm
        self.inner = width - 2 * _MARGIN
        self.size = 24 if width >= WIDTH_80MM else 20

    def font_for(self, text: str, bold: bool, big: bool) -> ImageFont.FreeTypeFont:
        size = round(self.size * 1.35) if big else self.size
        if _is_rtl(text) and not bold and _arabic_only(text):
            return _font("arabic", size, self.raqm)
        return _font("latin-bold" if bold else "latin", size, self.raqm)

    def piece(self, text: str, bold: bool, big: bool) -> _Piece:
        return _piece(text, self.font_for(text, bold, big), self.raqm)

    def wrap(self, text: str, bold: bool, big: bool) -> list[_Piece]:
        """Break ``text`` at spaces (logical order) into pieces that fit the paper width.

        A value isolated inside Arabic text (FSI … PDI) is never broken: half an
        isolate would reorder the rest of the line.
        """
        words = _words(text)
        lines: list[_Piece] = []
        current = ""
        for word in words:
            trial = f"{current} {word}" if current else word
            if current and self.piece(trial, bold, big).width > self.inner:
                lines.append(self.piece(current, bold, big))
                current = word
            else:
                current = trial
        if current:
            lines.append(self.piece(current, bold, big))
        return lines

    def line_height(self, piece: _Piece) -> int:
        ascent, descent = piece.font.getmetrics()
        return int((ascent + descent) * 0.9)


# Receipts repeat most of their text (labels, store identity, cooperatives, products):
# measuring and rendering each distinct piece once per process makes a receipt about
# twice as fast. Both caches are bounded; a piece is a few kilobytes of mask.
@lru_cache(maxsize=8192)
def _piece(text: str, font: ImageFont.FreeTypeFont, raqm: bool) -> _Piece:
    rtl = _is_rtl(text)
    if raqm:
        width = _MEASURE.textlength(text, font=font, direction="rtl" if rtl else "ltr")
        return _Piece(text, font, rtl, round(width))
    # Join letters, then reorder to visual order with brackets mirrored (without the code points
    # Unicode has not assigned: python-bidi refuses a character without a bidi class).
    known = "".join(c for c in text if unicodedata.bidirectional(c))
    drawn = str(get_display(_isolates_as_embeddings(arabic_reshaper.reshape(known)), base_dir="R")) \
        if rtl else text
    return _Piece(drawn, font, rtl, round(_MEASURE.textlength(drawn, font=font)))


@lru_cache(maxsize=2048)
def _ink(piece: _Piece, raqm: bool) -> tuple[Image.Image, int, int] | None:
    """The piece's coverage (255 = full ink) and where it sits from the drawing point; None if blank."""
    options: dict[str, str | None] = {}
    if raqm:
        options = {"direction": "rtl" if piece.rtl else "ltr", "language": "ar" if piece.rtl else None}
    # Draw on a tile with a font size of room on every side (overhanging letters, marks),
    # then keep the inked part: cheaper than asking the font for the box (a second layout).
    pad = int(piece.font.size)
    ascent, descent = piece.font.getmetrics()
    tile = Image.new("L", (piece.width + 2 * pad, ascent + descent + 2 * pad), 0)
    ImageDraw.Draw(tile).text((pad, pad), piece.text, font=piece.font, fill=255, **options)  # type: ignore[arg-type]
    box = tile.getbbox()
    if box is None:
        return None
    return tile.crop(box), box[0] - pad, box[1] - pad


def clear_text_cache() -> None:
    """Forget every measured and rendered piece of text (benchmarks of a cold start, tests)."""
    _piece.cache_clear()
    _ink.cache_clear()


def _modules(row: Row) -> str:
    """The bars of a barcode row as "1"/"0" modules (quiet zones are added by the layout)."""
    if row.kind is RowKind.BARCODE:
        return str(Code128(row.value).build()[0])
    digits = row.value.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13):
        raise ValueError(f"not an EAN-13, UPC-A or EAN-8 barcode: {row.value!r}")
    full = digits if len(digits) == 8 else digits.zfill(13)  # a UPC-A is an EAN-13 with a leading 0
    if ean_check_digit(full[:-1]) != int(full[-1]):
        raise ValueError(f"barcode {row.value!r} has a wrong check digit")
    return str((EAN8 if len(full) == 8 else EAN13)(full[:-1]).build()[0])


_Op = tuple[int, int, _Piece] | tuple[int, int, list[str]]


def _layout_row(p: _Painter, row: Row, y: int, ops: list[_Op]) -> int:
    if row.kind is RowKind.SPACE:
        return y + p.size
    if row.kind is RowKind.RULE:
        ops.append((_MARGIN, y + p.size // 3, ["RULE"]))
        return y + p.size * 2 // 3
    if row.kind in (RowKind.BARCODE, RowKind.EAN):
        modules = _modules(row)
        module = max(2, min(4, p.inner // (len(modules) + 20)))
        x = (p.width - module * len(modules)) // 2
        ops.append((x, y + 6, [modules, str(module)]))
        return y + _BARCODE_HEIGHT + 12
    slots = [(s, kind) for s, kind in ((row.fr, "fr"), (row.value, "value"), (row.ar, "ar")) if s]
    if not slots:
        return y
    pieces = [(p.piece(s, row.bold, row.big), kind) for s, kind in slots]
    total = sum(pc.width for pc, _ in pieces) + _GAP * (len(pieces) - 1)
    if not row.center and total <= p.inner:
        height = max(p.line_height(pc) for pc, _ in pieces)
        for pc, kind in pieces:
            if kind == "fr":
                x = _MARGIN
            elif kind == "ar":
                x = p.width - _MARGIN - pc.width
            elif row.fr and row.ar:  # a value centred in the room between French and Arabic labels
                left = _MARGIN + pieces[0][0].width + _GAP
                right = p.width - _MARGIN - pieces[-1][0].width - _GAP - pc.width
                x = min(max((p.width - pc.width) // 2, left), right)
            elif row.ar:  # after an Arabic label, the value reads at the left end
                x = _MARGIN
            else:
                x = p.width - _MARGIN - pc.width
            ops.append((x, y, pc))
        return y + height
    if not row.center and row.fr and row.value and row.ar:
        # Too wide for three slots: the French label keeps its value, the Arabic one goes below.
        y = _layout_row(p, dataclasses.replace(row, ar=""), y, ops)
        return _layout_row(p, dataclasses.replace(row, fr="", value=""), y, ops)
    # Too wide, or centred: each slot on its own lines, wrapped.
    for text, kind in slots:
        for pc in p.wrap(text, row.bold, row.big):
            if row.center:
                x = (p.width - pc.width) // 2
            elif kind == "fr":
                x = _MARGIN
            else:
                x = p.width - _MARGIN - pc.width
            ops.append((max(_MARGIN, x), y, pc))
            y += p.line_height(pc)
    return y


def render_receipt(receipt: Receipt, width: int = WIDTH_80MM, *, use_raqm: bool | None = None) -> Image.Image:
    """Draw ``receipt`` at ``width`` dots (576 for 80 mm paper, 384 for 58 mm); returns a mode "1" image.

    ``use_raqm`` forces the layout engine (tests); by default raqm is used when available.
    """
    if width < 200:
        raise ValueError(f"paper width {width} dots is too narrow for a receipt")
    raqm = has_raqm() if use_raqm is None else use_raqm
    painter = _Painter(width, raqm)
    ops: list[_Op] = []
    y = _MARGIN
    for row in receipt.rows:
        y = _layout_row(painter, row, y, ops)
    canvas = Image.new("L", (width, y + 3 * _MARGIN), 255)
    draw = ImageDraw.Draw(canvas)
    for x, top, what in ops:
        if isinstance(what, _Piece):
            ink = _ink(what, raqm)
            if ink is not None:  # black through the mask: the same blend as drawing the text
                mask, left, dy = ink
                canvas.paste(0, (x + left, top + dy, x + left + mask.width, top + dy + mask.height), mask)
        elif what[0] == "RULE":
            draw.line([(x, top), (width - _MARGIN, top)], fill=0, width=2)
        else:
            modules, module = what[0], int(what[1])
            for i, bit in enumerate(modules):
                if bit == "1":
                    left = x + i * module
                    draw.rectangle([left, top, left + module - 1, top + _BARCODE_HEIGHT], fill=0)
    # Hard threshold: crisp strokes, no dithering noise around letters.
    return canvas.point(lambda v: 255 if v >= 140 else 0).convert("1", dither=Image.Dither.NONE)
