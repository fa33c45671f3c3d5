"""Arabic lines shaped, put in visual order, brackets mirrored, controls dropped."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from possouk.reports.arabic import _RESHAPER, shape, visual_line


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


_LETTERS = "عسلزيتونالأطلسمكناسابجدهوحطيكلمنصفقرشتثخذضظغ ٠١٢٣٤٥٦٧٨٩0123456789.,:-+/%abcXYZéà "
_MIXED = st.text(alphabet=st.sampled_from(list(_LETTERS)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_MIXED, st.sampled_from([None, "L", "R"]))
def test_the_fast_bidi_orders_as_the_reference_when_nothing_mirrors(text: str, base: str | None) -> None:
    from bidi import get_display as fast
    from bidi.algorithm import get_display as reference

    shaped = _RESHAPER.reshape(text)
    assert fast(shaped, base_dir=base) == reference(shaped, base_dir=base)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_LETTERS + "لاإآأ\u064e\u0651ـ\u200d")), max_size=40))
def test_shaping_word_by_word_is_shaping_the_whole_line(text: str) -> None:
    assert shape(text) == _RESHAPER.reshape(text)


def test_every_right_to_left_character_is_in_the_blocks_looked_at() -> None:
    from possouk.reports.arabic import _RTL_BLOCKS

    rtl = [chr(c) for c in range(0x110000) if unicodedata.bidirectional(chr(c)) in ("R", "AL")]
    assert rtl and all(_RTL_BLOCKS.match(c) for c in rtl)
