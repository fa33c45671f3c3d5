"""Amounts in words, French and Arabic, for the amounts a slip commonly shows."""

from __future__ import annotations

import pytest

from possouk.i18n.words import amount_in_words

FRENCH = {
    0: "zéro dirham",
    100: "un dirham",
    200: "deux dirhams",
    1100: "onze dirhams",
    10000: "cent dirhams",
    100_000_000: "un million de dirhams",
    123456: "mille deux cent trente-quatre dirhams et cinquante-six centimes",
    1: "un centime",
}

ARABIC = {
    0: "صفر درهم",
    100: "درهم واحد",
    200: "درهمان",
    1100: "أحد عشر درهما",
    10000: "مائة درهم",
    100_000_000: "مليون درهم",
    123456: "ألف و مئتان و أربعة و ثلاثون درهما و ستة و خمسون سنتيما",
    500: "خمسة دراهم",
}


@pytest.mark.parametrize(("centimes", "words"), FRENCH.items())
def test_french(centimes: int, words: str) -> None:
    assert amount_in_words(centimes, "fr") == words


@pytest.mark.parametrize(("centimes", "words"), ARABIC.items())
def test_arabic(centimes: int, words: str) -> None:
    assert amount_in_words(centimes, "ar") == words


def test_refuses_floats_negatives_and_unknown_languages() -> None:
    with pytest.raises(TypeError):
        amount_in_words(12.5, "fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        amount_in_words(-1, "fr")
    with pytest.raises(ValueError):
        amount_in_words(1, "en")
