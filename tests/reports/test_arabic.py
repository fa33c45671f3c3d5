"""Arabic lines shaped, put in visual order, brackets mirrored, controls dropped."""

from __future__ import annotations

import unicodedata

from possouk.reports.arabic import visual_line


def _logical(visual: str) -> str:
    # Undo what the renderer did for a purely right-to-left line: reverse, then NFKC
    # maps the presentation forms (and lam-alef ligatures) back to base letters.
    return unicodedata.normalize("NFKC", visual[::-1])


def test_latin_is_left_alone() -> None:
    assert visual_line("Miel (thym) 12,50") == "Miel (thym) 12,50"


def test_arabic_is_joined_and_reversed() -> None:
    shown = visual_line("تعاونية النحل")
    assert all(not ("\u0600" <= c <= "\u06ff") for c in shown)  # only presentation forms remain
    assert _logical(shown) == "تعاونية النحل"


def test_brackets_are_mirrored_in_rtl_runs() -> None:
    shown = visual_line("عسل (ممتاز)", rtl=True)
    # Read left to right the line starts with the closing side of the bracket pair as drawn: "(زاتمم) لسع".
    assert shown.startswith("(") and shown.index("(") < shown.index(")")


def test_lam_alef_ligature_round_trips() -> None:
    assert _logical(visual_line("لا إله")) == "لا إله"


def test_bidi_controls_are_dropped() -> None:
    shown = visual_line("\u202eعسل\u202c \u2066x\u2069")
    assert not any(c in shown for c in "\u202e\u202c\u2066\u2069")
