"""Receipt printers and cash drawers: layout, image, ESC/POS bytes, transports. No Qt."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def _keep_escpos_cache() -> None:
    """Give python-escpos a lasting folder for its parsed printer profiles.

    Without one it parses its YAML profiles again at every start (about 150 ms) and
    writes the parsed copy into a new temporary folder each time, left behind. (It
    still creates one empty temporary folder per start: it calls ``mkdtemp()`` as the
    default value of its lookup, before reading the variable.)
    """
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    folder = Path(platformdirs.user_cache_dir("possouk", appauthor=False)) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # python-escpos then falls back to its temporary folder
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_keep_escpos_cache()
