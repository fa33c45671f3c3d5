"""Arabic (and mixed) text made ready for reportlab, one line at a time.

reportlab draws glyphs left to right in the order it is given and does no
shaping. So each line is (1) shaped with arabic-reshaper, which picks the
joined presentation forms (initial, medial, final, lam-alef ligatures), and
(2) put in visual order with python-bidi's reference implementation of the
Unicode bidi algorithm, which also mirrors brackets in right-to-left runs
(rule L4) — python-bidi's default Rust ``get_display`` leaves ``(`` as ``(``
so "عسل (ممتاز)" would print with its brackets facing outwards.

Bidi control characters in data (refused in names on entry, but a document
must never break on old or imported data) are dropped first: a line is laid
out on its own, so they have nothing to isolate.
"""

from __future__ import annotations

import unicodedata

import arabic_reshaper  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]

from possouk.domain.text import BIDI_CONTROLS

__all__ = ["has_rtl", "visual", "visual_line"]

_DROP = str.maketrans(dict.fromkeys(BIDI_CONTROLS | {"\ufeff"}, None))
_SPACES = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c\x85\u2028\u2029", " "))
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False,
                                                          "support_ligatures": True})


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Hebrew…)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def visual_line(text: str, *, rtl: bool | None = None) -> str:
    """One logical line → the string to draw left to right: shaped, reordered, brackets mirrored.

    ``rtl`` sets the paragraph direction (True for an Arabic cell, False for a
    French one); None takes it from the first strong letter.
    """
    clean = text.translate(_DROP).translate(_SPACES)
    # A code point Unicode has not assigned has no bidi class, which python-bidi's reference
    # algorithm refuses with an assertion; no font draws it anyway.
    clean = "".join(c for c in clean if unicodedata.bidirectional(c))
    if not has_rtl(clean):
        return clean
    shaped = _RESHAPER.reshape(clean)
    base = None if rtl is None else ("R" if rtl else "L")
    result = get_display(shaped, base_dir=base)
    return result if isinstance(result, str) else result.decode()


def visual(text: str, *, rtl: bool | None = None) -> list[str]:
    """Every line of ``text`` (split on newlines) through :func:`visual_line`."""
    return [visual_line(line, rtl=rtl) for line in text.splitlines() or [""]]
