"""ESC/POS bytes for a receipt image, produced through python-escpos's ``Dummy`` printer.

The bytes can be written to any transport (USB, network, serial, file) later;
building them apart from the transport lets a failed print be queued and retried.
"""

from __future__ import annotations

import contextlib
import copy
import io
import textwrap

from PIL import Image

from possouk.domain.errors import N_, UserError
from possouk.hardware.receipt import Receipt, Row, RowKind, is_rtl

# ESC p m t1 t2: pulse pin m (0 → connector pin 2, 1 → pin 5) on for t1×2 ms, off for t2×2 ms.
_DRAWER_PINS = {2: 0, 5: 1}


def drawer_pulse(pin: int = 2, pulse_ms: int = 100) -> bytes:
    """The ESC p command that opens a cash drawer on connector ``pin`` (2 or 5) for ``pulse_ms``."""
    if pin not in _DRAWER_PINS:
        raise ValueError(f"drawer pin must be 2 or 5, not {pin}")
    on = max(1, min(255, pulse_ms // 2))
    return bytes([0x1B, 0x70, _DRAWER_PINS[pin], on, min(255, on * 2)])


def receipt_bytes(
    image: Image.Image,
    *,
    cut: bool = True,
    open_drawer: bool = False,
    drawer_pin: int = 2,
    drawer_pulse_ms: int = 100,
    fragment_height: int = 960,
) -> bytes:
    """ESC/POS bytes that print ``image`` as a raster (GS v 0), then cut (GS V) and kick the drawer.

    Long receipts are sent in bands of ``fragment_height`` dots: some printers
    drop a raster image taller than their buffer.
    """
    from escpos.printer import Dummy  # type: ignore[import-untyped]  # slow: on first use

    printer = Dummy()
    # Tell the profile the paper width: python-escpos then checks the image fits
    # (and stops printing a warning on stdout). Copy: profile data is shared.
    printer.profile.profile_data = copy.deepcopy(printer.profile.profile_data)
    printer.profile.profile_data.setdefault("media", {}).setdefault("width", {})["pixels"] = image.width
    # Cut the bands ourselves: python-escpos converts the whole image (to RGBA, grey,
    # inverted, 1-bit) before it splits it, then converts every band again — twice the
    # work. Each band sent alone is converted once; the bytes are the same.
    for top in range(0, image.height, fragment_height):
        band = image.crop((0, top, image.width, min(top + fragment_height, image.height)))
        printer.image(band, impl="bitImageRaster", fragment_height=fragment_height)
    if cut:
        printer.cut()
    if open_drawer:
        printer._raw(drawer_pulse(drawer_pin, drawer_pulse_ms))
    return bytes(printer.output)


# Spaces the printer's code pages lack; the multiplication sign reads fine as "x".
_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00d7": "x"})


def _text_lines(row: Row, columns: int) -> list[str]:
    """The French side of ``row`` as lines of at most ``columns`` characters."""
    fr, value = row.fr.translate(_PLAIN), row.value.translate(_PLAIN)
    if row.center:
        return [line.center(columns).rstrip() for text in (fr, value) if text
                for line in textwrap.wrap(text, columns)]
    if not value:
        return textwrap.wrap(fr, columns)
    if len(fr) + 1 + len(value) <= columns:
        return [fr + value.rjust(columns - len(fr))]
    # Too long for one line: the label wraps, the value goes right-aligned below.
    return [*textwrap.wrap(fr, columns), *(line.rjust(columns) for line in textwrap.wrap(value, columns))]


def receipt_text_bytes(
    receipt: Receipt,
    columns: int = 48,
    *,
    cut: bool = True,
    open_drawer: bool = False,
    drawer_pin: int = 2,
    drawer_pulse_ms: int = 100,
) -> bytes:
    """ESC/POS bytes that print the French side of ``receipt`` as text (no image), then cut.

    For printers too slow for raster images or shops printing French only:
    ``columns`` is 48 for 80 mm paper, 32 for 58 mm. Raises :class:`UserError`
    when the receipt holds Arabic: a code page cannot join Arabic letters, so
    Arabic receipts are always printed as images.
    """
    if columns < 20:
        raise ValueError(f"{columns} columns is too narrow for a receipt")
    arabic = "ar" in receipt.languages or any(
        row.ar or is_rtl(row.fr) or is_rtl(row.value) for row in receipt.rows)
    if arabic:
        raise UserError(N_("Receipt {reference} contains Arabic, which the printer's text mode cannot "
                           "print correctly: print it as an image, or switch Arabic off for text mode."),
                        reference=receipt.reference)
    from escpos.printer import Dummy  # slow: on first use

    printer = Dummy()
    for row in receipt.rows:
        if row.kind is RowKind.RULE:
            printer.text("-" * columns + "\n")
        elif row.kind is RowKind.SPACE:
            printer.text("\n")
        elif row.kind is RowKind.BARCODE:
            # python-escpos announces its barcode renderer on stdout; keep the console quiet.
            with contextlib.redirect_stdout(io.StringIO()):
                printer.barcode("{B" + row.value, "CODE128", function_type="B", height=64, width=2)
            printer.set(align="left")
        else:
            printer.set(bold=row.bold, double_height=row.big)
            for line in _text_lines(row, columns):
                printer.text(line + "\n")
            printer.set(normal_textsize=True, bold=False)
    if cut:
        printer.cut()
    if open_drawer:
        printer._raw(drawer_pulse(drawer_pin, drawer_pulse_ms))
    return bytes(printer.output)
