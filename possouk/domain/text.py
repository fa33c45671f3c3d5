"""Names in Arabic and French: cleaning on entry, the search form, bidi isolation.

Names are cleaned once, on entry (:func:`clean_name`): characters that could
reorder or hide text on screen and paper are refused, other invisible
characters are removed. Search compares :func:`search_key` forms, which ignore
case, French accents, Arabic diacritics and tatweel, and the usual Arabic
letter variants; :func:`search_terms` and :func:`query_terms` give the words of
a word-prefix index and of a query.
"""

from __future__ import annotations

import re
import unicodedata

from possouk.domain.errors import N_, UserError

NAME_MAX_LENGTH = 200

BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
    + ["\u200e", "\u200f", "\u061c"]  # LRM RLM ALM
)
"""Characters that change the display order of text: refused in names."""

_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: shape Arabic (and emoji) correctly; kept
# Control characters typed or pasted as line breaks or tabs become a space.
_WHITESPACE_CONTROLS = frozenset("\t\n\x0b\x0c\r\x85")

FSI = "\u2068"
PDI = "\u2069"


def clean_name(text: str, *, field: str = "name") -> str:
    """Clean a name typed or pasted by a user; raise :class:`UserError` if unusable.

    NFC-normalises, strips, and collapses runs of whitespace (newlines and tabs
    included) to one space. Refuses bidi controls (U+202A–202E, U+2066–2069,
    U+200E, U+200F, U+061C) and other control characters, naming the character
    as ``U+XXXX``; removes other invisible format characters (U+200B, U+FEFF,
    U+00AD…) but keeps ZWNJ and ZWJ. Refuses an empty result and names longer
    than 200 characters.

    ``field`` is the English label of the field (e.g. ``N_("Arabic name")``),
    shown in the message; the layer that shows the message translates it too.
    """
    cleaned = clean_optional(text, field=field)
    if not cleaned:
        raise UserError(N_("The {field} is empty. Please type it."), field=field)
    return cleaned


def clean_optional(text: str, *, field: str) -> str:
    """Like :func:`clean_name`, but an empty text is allowed and gives ``""``."""
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _WHITESPACE_CONTROLS or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif ch in BIDI_CONTROLS or category in ("Cc", "Cs"):
            raise UserError(
                N_("The {field} contains a hidden character ({char}) that is not allowed. "
                   "Please type the text again instead of pasting it."),
                field=field,
                char=f"U+{ord(ch):04X}",
            )
        elif category == "Cf" and ch not in _JOINERS:
            continue  # invisible: zero-width space, byte order mark, soft hyphen…
        else:
            kept.append(ch)
    # Joiners only matter between letters: at the ends, or alone, they are invisible noise.
    words = ("".join(kept)).split(" ")
    words = [w.strip("".join(_JOINERS)) for w in words]
    cleaned = unicodedata.normalize("NFC", " ".join(w for w in words if w))
    if len(cleaned) > NAME_MAX_LENGTH:
        raise UserError(
            N_("The {field} is too long: {length} characters. The limit is {limit}."),
            field=field,
            length=len(cleaned),
            limit=NAME_MAX_LENGTH,
        )
    return cleaned


# --- search ------------------------------------------------------------------------------

_ARABIC_DROPPED = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # tashkeel (fathatan … wavy hamza below)
    + ["\u0670"]  # superscript alef
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation marks
    + ["\u0640"]  # tatweel
)

_LETTER_MAP = {
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0622": "\u0627",  # آ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0629": "\u0647",  # ة → ه
    "\u0649": "\u064a",  # ى → ي
    "\u06cc": "\u064a",  # Persian yeh ی → ي (Persian keyboards, pasted text)
    "\u06a9": "\u0643",  # keheh ک → ك
    "œ": "oe",
    "æ": "ae",
}

# Definite article and the prefixes fused with it, longest first.
_ARTICLES = ("\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0641\u0627\u0644",  # وال بال فال
             "\u0643\u0627\u0644", "\u0627\u0644", "\u0644\u0644")  # كال ال لل
_MIN_STEM = 2
_SPACES = re.compile(r" +")


def search_key(text: str) -> str:
    """The form in which names and queries are compared.

    Case-folded; Latin accents removed (é → e, ç → c, œ → oe); Arabic tashkeel,
    Quranic marks and tatweel removed; أ إ آ ٱ → ا, ة → ه, ى → ي; any decimal
    digit (Arabic-Indic included) → its Latin digit; punctuation, symbols and
    invisible characters → space; spaces collapsed. Idempotent.

    Compatibility decomposition (NFKD) also turns Arabic presentation forms
    (text pasted from PDFs) into ordinary letters, and separates the hamza of
    ؤ and ئ, so they compare as و and ي: a common spelling variation.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _ARABIC_DROPPED or category in ("Mn", "Me", "Cf"):
            continue
        if category == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        elif category[0] in "PSZC":  # punctuation, symbols, separators, controls
            out.append(" ")
        else:
            out.append(_LETTER_MAP.get(ch, ch))
    return _SPACES.sub(" ", "".join(out)).strip()


def _without_article(word: str) -> str | None:
    """``word`` without a leading Arabic definite article, if at least 2 letters remain."""
    for article in _ARTICLES:
        if word.startswith(article):
            stem = word[len(article):]
            return stem if len(stem) >= _MIN_STEM else None
    return None


STOP_WORDS = frozenset({
    # French articles, prepositions and conjunctions, in search-key form (à → a, d' → d, l' → l)
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "pour",
    # Arabic ones written as separate words. على is left out: its search key is علي, a name.
    "\u0641\u064a", "\u0645\u0646", "\u0648", "\u0628", "\u0644",  # في من و ب ل
})
"""Words in :func:`search_key` form that are neither indexed nor required in a query.

Together with single characters (one letter or one digit: "g", "1", "غ"), they match
almost every product, yet were one in six of a catalogue's search-term rows (measured on
bench/bench_import.py's 300,000 products).
"""


def is_search_word(word: str) -> bool:
    """Whether a word in :func:`search_key` form is indexed: two characters or more, not a stop word."""
    return len(word) > 1 and word not in STOP_WORDS


def search_terms(*texts: str) -> set[str]:
    """The words under which a product or cooperative is indexed.

    Every word of :func:`search_key` of every text except stop words and single
    characters (:func:`is_search_word`), plus, for an Arabic word starting with
    a definite article (ال، وال، بال، فال، كال، لل), the word without it when at
    least 2 letters remain, so that "عسل" finds "العسل". The word itself stays
    indexed too, so that a cashier typing "ال", "الع", "العس" sees it at every
    letter. A product's sku is not given here: the search looks skus up by
    prefix through their own index.
    """
    terms: set[str] = set()
    for text in texts:
        for word in search_key(text).split():
            if not is_search_word(word):
                continue
            terms.add(word)
            stem = _without_article(word)
            if stem is not None and stem not in STOP_WORDS:
                terms.add(stem)
    return terms


def query_terms(query: str) -> list[str]:
    """The words of a search query, normalised, deduplicated, in order.

    A query word starting with an Arabic definite article is replaced by the
    word without it (when at least 2 letters remain). Indexed names carry that
    stem too (:func:`search_terms`), so "العسل" still finds "العسل", and now
    also finds a product called just "عسل". A word typed halfway ("الع") keeps
    its article until 2 letters follow it, so typing stays incremental. Each
    term is meant to be matched as a prefix of an indexed term.

    Stop words and single characters are left out, as they are not indexed:
    "miel de thym" asks for "miel" and "thym". A query made of nothing else
    ("d", "la", "l'a", "ع") keeps its last word, as the start of a longer word
    being typed: "la" finds "lavande", "l'a" finds "atlas", and "de" finds only
    words that start with "de", not every name with "de" in it.
    """
    terms: list[str] = []
    short: list[str] = []
    for word in search_key(query).split():
        stem = _without_article(word)
        term = word if stem is None or stem in STOP_WORDS else stem  # as search_terms stores it
        kept = terms if is_search_word(term) else short
        if term not in kept:
            kept.append(term)
    return terms or short[-1:]


def bidi_isolate(text: str) -> str:
    """Wrap ``text`` in FSI … PDI so it keeps its own direction inside other text.

    For display only (screen, receipts, PDFs), e.g. an amount in MAD or a
    reference inside an Arabic sentence. Never store the result: names
    containing bidi controls are refused by :func:`clean_name`. An empty text
    stays empty.
    """
    return f"{FSI}{text}{PDI}" if text else ""
