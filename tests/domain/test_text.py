from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from possouk.domain.errors import UserError
from possouk.domain.text import (
    BIDI_CONTROLS,
    STOP_WORDS,
    bidi_isolate,
    clean_name,
    clean_optional,
    is_search_word,
    query_terms,
    search_key,
    search_terms,
)

# --- clean_name ----------------------------------------------------------------------------


def test_clean_name_strips_and_collapses_whitespace() -> None:
    assert clean_name("  Miel   de\tthym\n\r\nبلدي ") == "Miel de thym بلدي"
    assert clean_name("a\u00a0\u2003b\u2028c") == "a b c"


def test_clean_name_normalises_to_nfc() -> None:
    assert clean_name("Figues se\u0301che\u0301es") == "Figues séchées"


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u00ad", "\u2060", "\u180e"])
def test_invisible_format_characters_are_removed(char: str) -> None:
    assert clean_name(f"{char}Ar{char}gan{char}") == "Argan"


def test_soft_hyphen_removal_lets_nfc_compose() -> None:
    assert clean_name("e\u00ad\u0301") == "é"


def test_joiners_are_kept_inside_words_only() -> None:
    assert clean_name("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_name("\u200dعسل\u200c \u200c") == "عسل"


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_bidi_controls_are_refused_by_code_point(char: str) -> None:
    with pytest.raises(UserError) as excinfo:
        clean_name(f"عسل{char}Miel")
    assert excinfo.value.params["char"] == f"U+{ord(char):04X}"


def test_right_to_left_override_is_named_in_the_message() -> None:
    with pytest.raises(UserError) as excinfo:
        clean_name("Miel \u202egnp.exe", field="French name")
    assert "U+202E" in str(excinfo.value)
    assert "French name" in str(excinfo.value)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x1f", "\x7f", "\x9b", "\ud800"])
def test_other_controls_are_refused(char: str) -> None:
    with pytest.raises(UserError) as excinfo:
        clean_name(f"Miel{char}")
    assert excinfo.value.params["char"] == f"U+{ord(char):04X}"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\u200b\ufeff", "\u200d", " \u200c "])
def test_empty_names_are_refused(text: str) -> None:
    with pytest.raises(UserError) as excinfo:
        clean_name(text, field="Arabic name")
    assert "empty" in excinfo.value.message
    assert excinfo.value.params["field"] == "Arabic name"


def test_length_limit() -> None:
    assert len(clean_name("ع" * 200)) == 200
    with pytest.raises(UserError) as excinfo:
        clean_name("ع" * 201)
    assert excinfo.value.params["length"] == 201
    # the limit applies to the cleaned text, not to what was pasted
    assert clean_name("a" + " " * 500 + "b") == "a b"


def test_clean_optional_allows_empty() -> None:
    assert clean_optional("  \n ", field="address") == ""
    assert clean_optional(" Route  d'Azrou ", field="address") == "Route d'Azrou"
    with pytest.raises(UserError):
        clean_optional("\u202b", field="address")


_FORBIDDEN = BIDI_CONTROLS | {"\u200b", "\ufeff", "\u00ad"}


@given(st.text())
def test_clean_name_output_is_clean(text: str) -> None:
    try:
        cleaned = clean_name(text)
    except UserError:
        return
    assert cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert 0 < len(cleaned) <= 200
    assert unicodedata.is_normalized("NFC", cleaned)
    for ch in cleaned:
        assert unicodedata.category(ch) not in ("Cc", "Cs")
        assert ch not in _FORBIDDEN
        assert unicodedata.category(ch) != "Cf" or ch in "\u200c\u200d"
    assert clean_name(cleaned) == cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf"))))
def test_clean_name_accepts_text_without_controls(text: str) -> None:
    try:
        clean_name(text)
    except UserError as error:
        assert error.message.endswith("Please type it.") or "too long" in error.message


# --- search_key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MIEL", "miel"),
        ("Crème Hydratante", "creme hydratante"),
        ("Fèves à l'œuf", "feves a l oeuf"),
        ("Garçon", "garcon"),
        ("Straße", "strasse"),
        ("عَسَلٌ طَبِيعِيٌّ", "عسل طبيعي"),  # tashkeel
        ("عســـــل", "عسل"),  # tatweel
        ("أركان", "اركان"),
        ("إكليل", "اكليل"),
        ("آس", "اس"),
        ("ٱلعسل", "العسل"),
        ("زيتونة", "زيتونه"),
        ("حلوى", "حلوي"),
        ("١٢٣ ۴۵۶", "123 456"),
        ("ﻋﺴﻞ", "عسل"),  # presentation forms, as pasted from a PDF
        ("Huile d'olive (1L) - extra!", "huile d olive 1l extra"),
        ("زيت، زيتون؟", "زيت زيتون"),
        ("  a\u200bb  ", "ab"),
    ],
)
def test_search_key_equivalences(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_examples() -> None:
    assert search_key("  Amlou  d'Argan — 250 g ") == "amlou d argan 250 g"
    assert search_key("العَسَل الحُرّ") == "العسل الحر"
    assert search_key("") == ""


@given(st.text())
def test_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(st.text())
def test_search_key_of_clean_name_equals_search_key(text: str) -> None:
    try:
        cleaned = clean_name(text)
    except UserError:
        return
    assert search_key(cleaned) == search_key(text)


# --- search_terms and query_terms ----------------------------------------------------------


def test_search_terms_include_words_and_stems() -> None:
    terms = search_terms("العسل الحر", "Miel pur")
    assert terms == {"العسل", "عسل", "الحر", "حر", "miel", "pur"}


@pytest.mark.parametrize(
    ("word", "stem"),
    [("والعسل", "عسل"), ("بالعسل", "عسل"), ("فالعسل", "عسل"), ("كالعسل", "عسل"),
     ("للعسل", "عسل"), ("الزَّيت", "زيت")],
)
def test_search_terms_strip_fused_articles(word: str, stem: str) -> None:
    assert stem in search_terms(word)


def test_article_is_not_stripped_when_fewer_than_two_letters_remain() -> None:
    assert search_terms("الف") == {"الف"}
    assert search_terms("ال") == {"ال"}


def _matches(query: str, *names: str) -> bool:
    """Word-prefix search, as the index does it: every query term starts some term."""
    terms = search_terms(*names)
    return all(any(t.startswith(q) for t in terms) for q in query_terms(query))


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("عسل", "العسل الحر"),
        ("العسل", "عسل طبيعي"),
        ("العسل", "العَسَل"),
        ("عسل", "بالعسل"),
        ("الع", "العسل"),
        ("زيتونة", "زيتونه"),
        ("اركان", "زيت أركان"),
        ("أركان", "زيت اركان"),
        ("creme", "Crème d'argan"),
        ("CRÈ", "crème"),
        ("figues sech", "Figues séchées de Taounate"),
        ("taou fig", "Figues séchées de Taounate"),
        ("٢٥٠", "Amlou 250 g"),
    ],
)
def test_queries_find_names(query: str, name: str) -> None:
    assert _matches(query, name)


@pytest.mark.parametrize(
    ("query", "name"),
    [("زيت", "عسل"), ("miel", "huile"), ("عسل زيت", "عسل")],
)
def test_queries_do_not_find_other_names(query: str, name: str) -> None:
    assert not _matches(query, name)


def test_query_terms_deduplicate_in_order() -> None:
    assert query_terms("Miel miel MIÈL thym العسل عسل") == ["miel", "thym", "عسل"]
    assert query_terms("  ") == []


def test_stop_words_and_single_characters_are_not_indexed() -> None:
    terms = search_terms("عسل الزعتر الجبلي", "Miel de thym de la montagne", "honey")
    assert terms == {"عسل", "الزعتر", "زعتر", "الجبلي", "جبلي", "miel", "thym", "montagne", "honey"}
    assert search_terms("Huile d'olive 1 l", "زيت من الزيتون في قارورة 5 ل", "g") == {
        "huile", "olive", "زيت", "الزيتون", "زيتون", "قاروره"}  # ة → ه
    assert search_terms("à l'huile et aux herbes, pour le thé au miel") == {
        "huile", "herbes", "the", "miel"}


def test_stop_words_are_in_search_key_form() -> None:
    assert all(search_key(word) == word for word in STOP_WORDS)
    assert not is_search_word(search_key("À"))
    assert is_search_word("علي")  # على is not a stop word: its search key is the name علي


def test_a_stem_that_is_a_stop_word_is_not_indexed() -> None:
    assert search_terms("المن") == {"المن"}  # "من" alone would be a stop word
    assert query_terms("المن") == ["المن"]


def test_queries_leave_out_stop_words_and_single_characters() -> None:
    assert query_terms("Miel de thym de la montagne") == ["miel", "thym", "montagne"]
    assert query_terms("huile d'olive 1 l") == ["huile", "olive"]
    assert query_terms("عسل من الجبل و زعتر") == ["عسل", "جبل", "زعتر"]
    assert _matches("miel de thym", "Miel de thym")
    assert _matches("miel du thym", "Miel de thym")  # the stop word need not be the same
    assert _matches("huile d", "Huile d'olive")  # typing the next word


def test_a_query_of_short_words_only_keeps_the_last_as_a_prefix() -> None:
    # While the first word is being typed: "l", "la", "lav" … "lavande".
    assert query_terms("l") == ["l"]
    assert query_terms("La") == ["la"]
    assert query_terms("de la") == ["la"]
    assert query_terms("l'A") == ["a"]
    assert _matches("la", "Lavande")
    assert _matches("de l'at", "Miel de l'Atlas")
    assert _matches("de l'A", "Miel de l'Atlas")
    assert _matches("ع", "العسل")
    assert not _matches("de", "Miel de thym")  # "de" is not indexed


def test_typing_an_arabic_article_word_finds_it_at_every_step() -> None:
    # Both "العسل" and its stem "عسل" are indexed: "ال" and "الع" are prefixes of the first.
    for typed in ("ا", "ال", "الع", "العس", "العسل"):
        assert _matches(typed, "العسل الحر"), typed
    assert query_terms("الع") == ["الع"]  # 1 letter after the article: kept as typed
    assert query_terms("العس") == ["عس"]  # 2 letters or more: the article goes


@given(st.text(), st.text(min_size=1))
def test_any_word_of_a_name_finds_the_name(prefix: str, name: str) -> None:
    for word in search_key(name).split():
        if is_search_word(word):
            assert _matches(word, prefix + " " + name)


@given(st.text(min_size=1))
def test_a_name_typed_whole_finds_itself(name: str) -> None:
    if search_terms(name):
        assert _matches(name, name)


# --- bidi_isolate --------------------------------------------------------------------------


def test_bidi_isolate() -> None:
    assert bidi_isolate("125.00 MAD") == "\u2068125.00 MAD\u2069"
    assert bidi_isolate("") == ""
