"""Arabic (and mixed) text made ready for reportlab, one line at a time.

reportlab draws glyphs left to right in the order it is given and does no
shaping. So each line is (1) shaped with arabic-reshaper, which picks the
joined presentation forms (initial, medial, final, lam-alef ligatures), and
(2) put in visual order with python-bidi's reference implementation of the
Unicode bidi algorithm, which also mirrors brackets in right-to-left runs
(rule L4) — python-bidi's default Rust ``get_display`` leaves ``(`` as ``(``
so "عسل (ممتاز)" would print with its brackets facing outwards. A line without any
mirrored character takes the Rust implementation, twenty times faster and giving the
same order (tests/reports/test_arabic.py compares them).

Bidi control characters in data (refused in names on entry, but a document
must never break on old or imported data) are dropped first: a line is laid
out on its own, so they have nothing to isolate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import arabic_reshaper  # type: ignore[import-untyped]
from bidi import get_display as fast_display  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]

from possouk.domain.text import BIDI_CONTROLS

__all__ = ["has_rtl", "shape", "visual", "visual_line"]

_DROP = str.maketrans(dict.fromkeys(BIDI_CONTROLS | {"\ufeff"}, None))
_SPACES = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c\x85\u2028\u2029", " "))
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False,
                                                          "support_ligatures": True})


@lru_cache(maxsize=16_384)
def _shape_word(word: str) -> str:
    return str(_RESHAPER.reshape(word))


def shape(text: str) -> str:
    """``text`` in joined presentation forms. Letters join only within a word, so each word
    is shaped on its own and remembered: names share their words (عسل, زيت, تعاونية…)."""
    return " ".join(_shape_word(word) if word else "" for word in text.split(" "))


# Every character of bidi class R or AL lies in these blocks (the right-to-left mark, Hebrew
# to Arabic Extended, the presentation forms, the historic scripts of plane 1): a fast "no".
_RTL_CLASSES = frozenset({"R", "AL"})
_RTL_BLOCKS = re.compile("[\u200f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                         "\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic, Hebrew…)."""
    return (_RTL_BLOCKS.search(text) is not None
            and not _RTL_CLASSES.isdisjoint(map(unicodedata.bidirectional, text)))


@lru_cache(maxsize=16_384)
def visual_line(text: str, *, rtl: bool | None = None) -> str:
    """One logical line → the string to draw left to right: shaped, reordered, brackets mirrored.

    ``rtl`` sets the paragraph direction (True for an Arabic cell, False for a
    French one); None takes it from the first strong letter. Remembered: a document
    measures a string before it draws it, and the same names come back from one
    document to the next.
    """
    if text.isascii():  # no bidi control, no letter without a bidi class, nothing to shape
        return text.translate(_SPACES)
    clean = text.translate(_DROP).translate(_SPACES)
    # A code point Unicode has not assigned has no bidi class, which python-bidi's reference
    # algorithm refuses with an assertion; no font draws it anyway.
    classes = set(map(unicodedata.bidirectional, clean))
    if "" in classes:
        clean = "".join(filter(unicodedata.bidirectional, clean))
    if classes.isdisjoint(_RTL_CLASSES):
        return clean
    shaped = shape(clean)
    base = None if rtl is None else ("R" if rtl else "L")
    mirrors = any(map(unicodedata.mirrored, shaped))
    result = (get_display if mirrors else fast_display)(shaped, base_dir=base)
    return result if isinstance(result, str) else result.decode()


def visual(text: str, *, rtl: bool | None = None) -> list[str]:
    """Every line of ``text`` (split on newlines) through :func:`visual_line`."""
    return [visual_line(line, rtl=rtl) for line in text.splitlines() or [""]]
