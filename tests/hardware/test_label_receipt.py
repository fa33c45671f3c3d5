"""A single product label on the receipt printer: its rows, and bars a scanner reads as the EAN."""

from __future__ import annotations

import itertools

import pytest
from barcode import EAN8, EAN13  # type: ignore[import-untyped]
from PIL import Image

from possouk.domain.model import Unit
from possouk.hardware.escpos import receipt_bytes
from possouk.hardware.label_receipt import label_receipt
from possouk.hardware.receipt import RowKind
from possouk.hardware.receipt_image import render_receipt
from possouk.reports.labels import LabelData


def honey(barcode: str = "2000000000015", unit: Unit = Unit.KG) -> LabelData:
    return LabelData("HON-1", barcode, "عسل الزعتر الجبلي", "Miel de thym de montagne", 12000, unit,
                     "Coopérative des abeilles", "تعاونية النحل")


def bars_along(image: Image.Image, y: int) -> str:
    """The modules a scanner would read along row ``y``: runs of dots divided by the module width."""
    pixels = [image.getpixel((x, y)) == 0 for x in range(image.width)]
    first, last = pixels.index(True), len(pixels) - 1 - pixels[::-1].index(True)
    runs: list[tuple[bool, int]] = []
    for dark in pixels[first:last + 1]:
        if runs and runs[-1][0] == dark:
            runs[-1] = (dark, runs[-1][1] + 1)
        else:
            runs.append((dark, 1))
    module = min(length for _, length in runs)
    return "".join(("1" if dark else "0") * (length // module) for dark, length in runs)


def barcode_row_y(image: Image.Image) -> int:
    """A row through the bars: it has many black/white changes and is the same 20 dots lower."""
    rows = [bytes(image.crop((0, y, image.width, y + 1)).tobytes()) for y in range(image.height)]
    for y in range(image.height - 20):
        if rows[y] == rows[y + 20] and bars_changes(image, y) > 40:
            return y
    raise AssertionError("no barcode on the label")


def bars_changes(image: Image.Image, y: int) -> int:
    row = [image.getpixel((x, y)) for x in range(image.width)]
    return sum(a != b for a, b in itertools.pairwise(row))


def test_label_rows_carry_names_cooperative_price_and_barcode() -> None:
    label = label_receipt(honey())
    assert label.reference == "HON-1"
    texts = [(row.fr, row.ar, row.value) for row in label.rows]
    assert ("", "عسل الزعتر الجبلي", "") in texts
    assert ("Coopérative des abeilles", "تعاونية النحل", "") in texts
    assert ("", "", "120,00\u00a0MAD / kg") in texts
    assert [row.value for row in label.rows if row.kind is RowKind.EAN] == ["2000000000015"]


@pytest.mark.parametrize("code, symbology", [("2000000000015", EAN13), ("6111245160016", EAN13),
                                            ("96385074", EAN8)])
@pytest.mark.parametrize("width", [576, 384])
def test_the_printed_bars_are_the_products_ean(code: str, symbology: type, width: int) -> None:
    image = render_receipt(label_receipt(honey(code)), width)
    assert (image.mode, image.width) == ("1", width)
    expected = symbology(code[:-1]).build()[0]
    assert bars_along(image, barcode_row_y(image)) == expected.strip("0")


def test_a_upc_a_prints_as_its_ean13() -> None:
    image = render_receipt(label_receipt(honey("036000291452")))
    assert bars_along(image, barcode_row_y(image)) == EAN13("003600029145").build()[0].strip("0")


def test_a_wrong_check_digit_is_refused_not_printed_wrong() -> None:
    with pytest.raises(ValueError, match="check digit"):
        render_receipt(label_receipt(honey("2000000000016")))


def test_a_label_is_an_image_then_a_cut() -> None:
    data = receipt_bytes(render_receipt(label_receipt(honey(unit=Unit.PIECE))))
    assert data.count(b"\x1dv0") == 1 and data.rstrip().endswith(data[data.rindex(b"\x1dV"):])
