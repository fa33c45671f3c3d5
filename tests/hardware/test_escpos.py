"""ESC/POS bytes through python-escpos's Dummy printer."""

from __future__ import annotations

import pytest

from possouk.hardware.escpos import drawer_pulse, receipt_bytes
from possouk.hardware.receipt_image import render_receipt
from tests.hardware.samples import fixed_receipt

RASTER = b"\x1dv0"  # GS v 0
CUT = b"\x1dV"  # GS V
PULSE = b"\x1bp"  # ESC p


def test_image_and_cut_without_drawer() -> None:
    data = receipt_bytes(render_receipt(fixed_receipt()))
    assert RASTER in data
    assert data.rfind(CUT) > data.find(RASTER)
    assert PULSE not in data[-16:]


def test_drawer_pulse_when_asked() -> None:
    data = receipt_bytes(render_receipt(fixed_receipt()), open_drawer=True, drawer_pin=5,
                         drawer_pulse_ms=120)
    assert data.endswith(b"\x1bp\x01\x3c\x78")


def test_long_receipt_is_sent_in_bands() -> None:
    data = receipt_bytes(render_receipt(fixed_receipt()), fragment_height=256)
    assert data.count(RASTER) >= 5


def test_drawer_pin_must_exist() -> None:
    assert drawer_pulse(2, 100) == b"\x1bp\x00\x32\x64"
    with pytest.raises(ValueError):
        drawer_pulse(3)
