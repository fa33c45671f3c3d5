"""Receipt images: width, 1-bit, Arabic wrapping, refund, duplicate, long receipts, the golden image."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from possouk.domain.model import SaleKind, Unit
from possouk.hardware.receipt import Row, build_receipt
from possouk.hardware.receipt_image import (
    WIDTH_58MM,
    WIDTH_80MM,
    _layout_row,
    _Painter,
    has_raqm,
    render_receipt,
)
from possouk.i18n import translator
from tests.hardware.samples import (
    COOPS,
    GOLDEN_CASES,
    SITE,
    STORE,
    english_receipt,
    fixed_receipt,
    fixed_sale,
    line,
)

GOLDEN = Path(__file__).parent / "golden"
ENGINES = [pytest.param(True, id="raqm"), pytest.param(False, id="reshaper-bidi")]


def _engines() -> list[bool]:
    return [True, False] if has_raqm() else [False]


def black_rows(image: Image.Image) -> int:
    """How many pixel rows hold some black: a blank or clipped receipt shows up here."""
    gray = image.convert("L")
    return sum(1 for y in range(gray.height) if gray.crop((0, y, gray.width, y + 1)).getextrema()[0] == 0)


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
@pytest.mark.parametrize("raqm", _engines())
def test_width_and_one_bit(width: int, raqm: bool) -> None:
    image = render_receipt(fixed_receipt(), width, use_raqm=raqm)
    assert image.mode == "1"
    assert image.width == width
    assert image.height > 600
    histogram = image.convert("L").histogram()
    assert sum(histogram[1:255]) == 0  # pure black and white, no grey
    assert black_rows(image) > 300


@pytest.mark.parametrize("raqm", _engines())
def test_long_arabic_name_wraps(raqm: bool) -> None:
    name = ("زيت أركان تجميلي عضوي معصور على البارد من تعاونية نساء تافراوت ")[:60]
    assert len(name) == 60
    sale = fixed_sale()
    long_line = line(9, 1, name, "Huile d'argan cosmétique bio pressée à froid de Tafraout",
                     Unit.PIECE, 1000, 9000)
    sale = dataclasses.replace(sale, lines=(*sale.lines, long_line))
    receipt = build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina")
    narrow = render_receipt(receipt, WIDTH_58MM, use_raqm=raqm)
    plain = render_receipt(fixed_receipt(), WIDTH_58MM, use_raqm=raqm)
    assert narrow.width == WIDTH_58MM
    # The long line takes several wrapped lines, not one clipped line.
    assert narrow.height - plain.height > 4 * 20


def test_refund_and_duplicate_render() -> None:
    refund = dataclasses.replace(fixed_sale(), kind=SaleKind.REFUND, number=43, manual_ref=None)
    receipt = build_receipt(refund, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina",
                            original=fixed_sale(), duplicate_count=3)
    image = render_receipt(receipt)
    assert image.height > render_receipt(fixed_receipt()).height  # two more rows: REFUND, DUPLICATA
    labels = {row.fr for row in receipt.rows}
    assert {translator("fr").gettext(m) for m in ("REFUND", "DUPLICATA", "Refund of receipt")} <= labels


def test_two_hundred_lines_lay_out() -> None:
    sale = fixed_sale()
    lines = tuple(line(i, 1 + i % 2, f"منتج رقم {i}", f"Produit {i}", Unit.KG, 1250, 999_999_999 // 1000)
                  for i in range(1, 201))
    sale = dataclasses.replace(sale, lines=lines, total=sum(x.net for x in lines))
    receipt = build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="Amina")
    image = render_receipt(receipt)
    assert image.width == WIDTH_80MM
    assert image.height > 200 * 3 * 25


def test_bidi_controls_in_names_are_stripped() -> None:
    sale = fixed_sale()
    evil = dataclasses.replace(sale.lines[0], name_ar="\u202eعسل\u2066 الزعتر\u200f",
                               name_fr="Miel\u202e de thym")
    sale = dataclasses.replace(sale, lines=(evil, *sale.lines[1:]))
    receipt = build_receipt(sale, STORE, site=SITE, cooperatives=COOPS, cashier_name="\u202bAmina")
    everything = "".join(row.fr + row.ar + row.value for row in receipt.rows)
    assert not set(everything) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u200e\u200f")
    assert any(row.ar == "عسل الزعتر" for row in receipt.rows)
    render_receipt(receipt)


@pytest.mark.skipif(not has_raqm(), reason="the golden images were drawn with raqm")
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_receipt(name: str) -> None:
    build, width = GOLDEN_CASES[name]
    image = render_receipt(english_receipt(build), width, use_raqm=True)
    golden = Image.open(GOLDEN / f"{name}.png").convert("1")
    assert image.size == golden.size
    diff = ImageChops.logical_xor(image, golden)
    differing = diff.convert("L").histogram()[255]
    assert differing / (image.width * image.height) <= 0.005


@pytest.mark.parametrize("raqm", _engines())
def test_value_between_labels_never_overlaps(raqm: bool) -> None:
    painter = _Painter(WIDTH_80MM, raqm)
    row = Row(fr="TVA 20 %", ar="ضريبة القيمة المضافة ⁨20 %⁩", value="4,16 MAD")
    ops: list[Any] = []
    _layout_row(painter, row, 0, ops)
    spans = sorted((x, x + piece.width) for x, _y, piece in ops)
    assert len(spans) == 3
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_wrapping_keeps_isolated_values_whole() -> None:
    painter = _Painter(WIDTH_58MM, False)
    text = "ضريبة " * 6 + "⁨03/05/2026 14:05⁩ " + "على " * 6
    pieces = painter.wrap(text, False, False)
    assert len(pieces) > 1
    assert sum(piece.text.count("14:05") for piece in pieces) == 1
    assert any("03/05/2026 14:05" in piece.text for piece in pieces)
    assert not any(ch in piece.text for piece in pieces for ch in "⁦⁧⁨⁩")
