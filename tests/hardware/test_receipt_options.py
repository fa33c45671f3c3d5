"""Receipt options: lines grouped by cooperative, bilingual footers, plain-text mode, bad data."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from PIL import Image

from possouk.domain.errors import UserError
from possouk.domain.model import Unit
from possouk.hardware.escpos import receipt_text_bytes
from possouk.hardware.receipt import Receipt, Row, RowKind, build_receipt, split_bilingual
from possouk.hardware.receipt_image import WIDTH_58MM, WIDTH_80MM, _layout_row, _Painter, render_receipt
from possouk.services import demo
from tests.hardware.samples import COOPS, SITE, STORE, fixed_receipt, fixed_sale, line

RASTER = b"\x1dv0"  # GS v 0
CUT = b"\x1dV"  # GS V
FOOTER_FR, FOOTER_AR = "Merci de soutenir les coopératives locales", "شكرا لدعمكم للتعاونيات المحلية"
DEMO_FOOTER = f"{FOOTER_AR} – {FOOTER_FR}"  # the shape of possouk.services.demo's footer


def receipt_with(**changes: Any) -> Receipt:
    options = changes.pop("options", {})
    store = dataclasses.replace(STORE, **changes.pop("store", {}))
    sale = dataclasses.replace(fixed_sale(), **changes)
    return build_receipt(sale, store, site=SITE, cooperatives=COOPS, cashier_name="Amina", **options)


def coop_rows(receipt: Receipt, coop: int) -> list[int]:
    """Indexes of the rows naming cooperative ``coop``."""
    c = COOPS[coop]
    return [i for i, r in enumerate(receipt.rows) if (r.fr, r.ar) == (c.name_fr, c.name_ar)]


# --- grouped by cooperative -------------------------------------------------------------------


def test_grouping_puts_one_heading_per_cooperative() -> None:
    sale = fixed_sale()
    # Interleave the cooperatives: honey (1), oil (2), figs (1), soap (2).
    mixed = (sale.lines[0], sale.lines[2], sale.lines[1], sale.lines[3])
    flat = receipt_with(lines=mixed)
    grouped = receipt_with(lines=mixed, options={"group_by_cooperative": True})
    assert len(coop_rows(flat, 1)) == 2 and len(coop_rows(flat, 2)) == 2  # named on every line
    [first], [second] = coop_rows(grouped, 1), coop_rows(grouped, 2)
    names = [r.fr for r in grouped.rows]
    # Each cooperative's lines follow its heading, in sale order; cooperatives in first-seen order.
    assert first < names.index("Miel de thym") < names.index("Figues sèches") < second
    assert second < names.index("Huile d'olive vierge") < names.index("Savon beldi")
    assert grouped.rows[first].bold and grouped.rows[first].center

    def values(receipt: Receipt) -> list[str]:
        return sorted(r.value for r in receipt.rows if r.value)

    assert values(grouped) == values(flat)  # same amounts, totals unchanged
    render_receipt(grouped, WIDTH_58MM)


def test_grouping_off_by_default_keeps_the_golden_layout() -> None:
    assert fixed_receipt() == fixed_receipt(group_by_cooperative=False)


# --- bilingual footer -------------------------------------------------------------------------


@pytest.mark.parametrize("footer", [DEMO_FOOTER, f"{FOOTER_FR} — {FOOTER_AR}", f"{FOOTER_FR} - {FOOTER_AR}"])
def test_a_mixed_footer_is_split_to_its_sides(footer: str) -> None:
    assert split_bilingual(footer) == (FOOTER_FR, FOOTER_AR)
    receipt = receipt_with(store={"receipt_footer": footer})
    row = next(r for r in receipt.rows if r.fr == FOOTER_FR)
    assert row.ar == FOOTER_AR and row.center
    narrow = render_receipt(receipt, WIDTH_58MM)
    assert narrow.width == WIDTH_58MM


def test_a_footer_in_one_language_stays_whole() -> None:
    assert split_bilingual("Merci et à bientôt") == ("Merci et à bientôt", "")
    assert split_bilingual("Prix - Qualité") == ("Prix - Qualité", "")  # a dash between French words
    assert split_bilingual("شكرا – إلى اللقاء") == ("", "شكرا – إلى اللقاء")


def test_the_demo_footer_is_split() -> None:
    assert split_bilingual(str(demo.STORE["receipt_footer"])) == (FOOTER_FR, FOOTER_AR)


def test_footer_halves_follow_the_languages() -> None:
    french = receipt_with(store={"receipt_footer": DEMO_FOOTER}, options={"languages": ("fr",)})
    assert all(not r.ar for r in french.rows)
    assert any(r.fr == FOOTER_FR for r in french.rows)


# --- plain-text mode --------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [48, 32])
def test_text_mode_for_a_french_receipt(columns: int) -> None:
    data = receipt_text_bytes(fixed_receipt(languages=("fr",)), columns)
    assert RASTER not in data
    assert b"Magasin solidaire" in data and b"MEK1-000042" in data and b"288,75 MAD" in data
    assert data.rfind(CUT) > data.find(b"288,75")
    # Drop the 3-byte style commands (ESC ! n, ESC E n, ESC t n, ESC a n) to measure the printed text.
    text = re.sub(rb"\x1b[!Eta].", b"", data)
    lines = [x for x in text.split(b"\n") if b"\x1d" not in x]
    assert len(lines) > 20 and all(len(x) <= columns for x in lines)
    assert any(len(x) == columns for x in lines)  # rules and amounts use the whole width


def test_text_mode_opens_the_drawer_and_may_skip_the_cut() -> None:
    data = receipt_text_bytes(fixed_receipt(languages=("fr",)), cut=False, open_drawer=True)
    assert CUT not in data and data.endswith(b"\x1bp\x00\x32\x64")


def test_text_mode_refuses_arabic() -> None:
    with pytest.raises(UserError) as raised:
        receipt_text_bytes(fixed_receipt())  # Arabic and French
    assert "Arabic" in raised.value.message
    # French only, but an Arabic name slipped into a French slot.
    sneaky = Receipt("X", "", (Row(fr="Miel عسل", value="1,00"),), languages=("fr",))
    with pytest.raises(UserError):
        receipt_text_bytes(sneaky)


# --- bad data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [WIDTH_80MM, WIDTH_58MM])
def test_huge_amounts_fit_the_paper(width: int) -> None:
    big = line(1, 1, "عسل الزعتر", "Miel de thym", Unit.PIECE, 1000, 999_999_999)
    receipt = receipt_with(lines=(big,), total=big.net, change_given=0, payments=())
    values = [r.value for r in receipt.rows if "9 999 999,99" in r.value.replace("\u202f", " ")
              .replace("\u00a0", " ")]
    assert len(values) >= 2  # the line and the total
    painter = _Painter(width, False)
    ops: list[Any] = []
    y = 0
    for row in receipt.rows:
        y = _layout_row(painter, row, y, ops)
    pieces = [(x, piece) for x, _y, piece in ops if not isinstance(piece, list)]
    assert all(x >= 0 and x + piece.width <= width for x, piece in pieces)
    shown = [piece.text for _x, piece in pieces]
    assert sum(1 for text in shown if text in values) >= 2
    image = render_receipt(receipt, width)
    assert image.width == width


def test_an_empty_product_name_still_lays_out() -> None:
    empty = line(1, 1, "", "", Unit.PIECE, 1000, 1000)
    receipt = receipt_with(lines=(empty,), total=empty.net, change_given=0, payments=())
    assert any(r.fr == "P1" and r.bold for r in receipt.rows)  # the SKU stands in for the name
    for languages in (("ar", "fr"), ("ar",), ("fr",)):
        arabic_only = receipt_with(lines=(empty,), total=empty.net, options={"languages": languages})
        image = render_receipt(arabic_only, WIDTH_58MM)
        assert isinstance(image, Image.Image)
    no_sku = dataclasses.replace(empty, sku="")
    receipt = receipt_with(lines=(no_sku,), total=no_sku.net)
    render_receipt(receipt)
    assert all(r.kind is not RowKind.TEXT or r.fr or r.ar or r.value for r in receipt.rows)
