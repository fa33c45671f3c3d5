"""Amounts in words, as written on Moroccan slips and cheques: dirhams and centimes.

num2words spells the numbers; the currency words and their agreement are
ours, because num2words' Arabic currency mode speaks of riyals and halalas.
Arabic follows the counted-noun rules (تمييز العدد): 1 درهم واحد, 2 درهمان,
3–10 دراهم, 11–99 درهما, 100 and round hundreds درهم.
"""

from __future__ import annotations

from num2words import num2words  # type: ignore[import-untyped]

__all__ = ["amount_in_words"]


def _number(n: int, lang: str) -> str:
    return str(num2words(n, lang=lang))


def _french(count: int, singular: str, plural: str) -> str:
    if count == 0:
        return f"zéro {singular}"
    if count == 1:
        return f"un {singular}"
    words = _number(count, "fr")
    # "un million de dirhams", "deux milliards de dirhams": French puts "de" after these nouns.
    if words.endswith(("million", "millions", "milliard", "milliards")):
        return f"{words} de {plural}"
    return f"{words} {plural}"


def _arabic(count: int, forms: tuple[str, str, str, str]) -> str:
    one, two, few, many = forms  # singular, dual, plural (3–10), accusative singular (11–99)
    if count == 0:
        return f"صفر {one}"
    if count == 1:
        return f"{one} واحد"
    if count == 2:
        return two
    words = _number(count, "ar")
    tail = count % 100
    if 3 <= tail <= 10:
        return f"{words} {few}"
    if 11 <= tail <= 99:
        return f"{words} {many}"
    return f"{words} {one}"


_DIRHAM_AR = ("درهم", "درهمان", "دراهم", "درهما")
_CENTIME_AR = ("سنتيم", "سنتيمان", "سنتيمات", "سنتيما")


def amount_in_words(centimes: int, lang: str) -> str:
    """``123456`` → "mille deux cent trente-quatre dirhams et cinquante-six centimes" (``fr``)
    or "ألف و مئتان و أربعة و ثلاثون درهما و ستة و خمسون سنتيما" (``ar``).

    Centimes are named only when there are some. A negative amount is refused
    (a slip shows what a cooperative is owed; a credit is written as such).
    """
    if isinstance(centimes, bool) or not isinstance(centimes, int):
        raise TypeError(f"centimes must be an int, not {type(centimes).__name__}")
    if centimes < 0:
        raise ValueError("an amount in words must not be negative")
    dirhams, cents = divmod(centimes, 100)
    if lang == "fr":
        text = _french(dirhams, "dirham", "dirhams")
        if cents and not dirhams:
            return _french(cents, "centime", "centimes")
        return f"{text} et {_french(cents, 'centime', 'centimes')}" if cents else text
    if lang == "ar":
        text = _arabic(dirhams, _DIRHAM_AR)
        if cents and not dirhams:
            return _arabic(cents, _CENTIME_AR)
        return f"{text} و {_arabic(cents, _CENTIME_AR)}" if cents else text
    raise ValueError(f"no amounts in words for language {lang!r}")
