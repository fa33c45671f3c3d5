"""ESC/POS bytes for a receipt image, produced through python-escpos's ``Dummy`` printer.

The bytes can be written to any transport (USB, network, serial, file) later;
building them apart from the transport lets a failed print be queued and retried.
"""

from __future__ import annotations

import copy

from escpos.printer import Dummy  # type: ignore[import-untyped]
from PIL import Image

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
