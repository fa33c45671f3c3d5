"""Amounts, quantities, rates and times in ar, fr and en, always with Latin digits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from possouk import i18n
from possouk.i18n.formatting import (
    LOCAL_ZONE,
    format_date,
    format_datetime,
    format_money,
    format_quantity,
    format_rate,
    local_now,
    to_local,
    unit_label,
)

NBSP = "\u00a0"
NNBSP = "\u202f"
MARKS = re.compile("[\u200e\u200f\u061c]")
NON_LATIN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture(autouse=True)
def _french_by_default() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", f"9{NNBSP}999{NNBSP}999,99{NBSP}MAD"),
        ("ar", f"9.999.999,99{NBSP}د.م."),
        ("en", f"9,999,999.99{NBSP}MAD"),
    ],
)
def test_money_large_amount(lang: str, expected: str) -> None:
    assert format_money(999_999_999, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", f"-1{NNBSP}234,50{NBSP}MAD"), ("ar", f"-1.234,50{NBSP}د.م."), ("en", f"-1,234.50{NBSP}MAD")],
)
def test_money_negative(lang: str, expected: str) -> None:
    assert format_money(-123_450, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", f"0,00{NBSP}MAD"), ("ar", f"0,00{NBSP}د.م."), ("en", f"0.00{NBSP}MAD")]
)
def test_money_zero(lang: str, expected: str) -> None:
    assert format_money(0, lang) == expected


def test_money_without_currency_and_single_centimes() -> None:
    assert format_money(5, "fr", currency=False) == "0,05"
    assert format_money(-5, "en", currency=False) == "-0.05"
    assert format_money(1_000_000, "ar", currency=False) == "10.000,00"


def test_money_is_exact_for_the_largest_amount() -> None:
    assert format_money(99_999_999_999, "en", currency=False) == "999,999,999.99"
    assert format_money(99_999_999_999 - 1, "en", currency=False) == "999,999,999.98"


def test_money_refuses_floats_and_bools() -> None:
    with pytest.raises(TypeError):
        format_money(12.5, "fr")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(True, "fr")


def test_money_follows_the_current_language() -> None:
    assert format_money(150) == f"1,50{NBSP}MAD"
    i18n.set_language("ar")
    assert format_money(150) == f"1,50{NBSP}د.م."


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_digits_are_always_latin(lang: str) -> None:
    texts = [
        format_money(123_456_789, lang),
        format_money(-7, lang),
        format_quantity(12_345, "kg", lang),
        format_quantity(-750, "l", lang),
        format_quantity(3000, "piece", lang),
        format_rate(1250, lang),
        format_datetime(datetime(2024, 5, 3, 13, 5, tzinfo=UTC), lang, seconds=True),
        format_date(date(2024, 5, 3), lang),
        format_date(date(2024, 5, 3), lang, long=True),
    ]
    for text in texts:
        assert not NON_LATIN_DIGITS.search(text), text
        assert not MARKS.search(text), repr(text)
        assert re.search(r"[0-9]", text), text


@pytest.mark.parametrize(
    ("lang", "kg", "litres", "pieces"),
    [
        ("fr", f"0,750{NBSP}kg", f"1,500{NBSP}l", "3"),
        ("ar", f"0,750{NBSP}كغ", f"1,500{NBSP}ل", "3"),
        ("en", f"0.750{NBSP}kg", f"1.500{NBSP}l", "3"),
    ],
)
def test_quantities(lang: str, kg: str, litres: str, pieces: str) -> None:
    assert format_quantity(750, "kg", lang) == kg
    assert format_quantity(1500, "l", lang) == litres
    assert format_quantity(3000, "piece", lang) == pieces


def test_quantity_edge_cases() -> None:
    assert format_quantity(-750, "kg", "fr") == f"-0,750{NBSP}kg"  # a refund
    assert format_quantity(2_000_000, "piece", "fr") == f"2{NNBSP}000"
    assert format_quantity(2000, "kg", "en") == f"2.000{NBSP}kg"
    assert format_quantity(1500, "piece", "en") == "1.500"  # never hide a fraction
    with pytest.raises(ValueError):
        format_quantity(1000, "dozen", "fr")


def test_unit_labels() -> None:
    assert unit_label("piece", "ar") == "قطعة"
    assert unit_label("piece", "fr") == "pce"
    assert unit_label("kg", "en") == "kg"


@pytest.mark.parametrize(
    ("lang", "fifteen", "twelve_and_half", "zero"),
    [
        ("fr", f"15{NBSP}%", f"12,5{NBSP}%", f"0{NBSP}%"),
        ("ar", "15%", "12,5%", "0%"),
        ("en", "15%", "12.5%", "0%"),
    ],
)
def test_rates(lang: str, fifteen: str, twelve_and_half: str, zero: str) -> None:
    assert format_rate(1500, lang) == fifteen
    assert format_rate(1250, lang) == twelve_and_half
    assert format_rate(0, lang) == zero


def test_datetime_in_casablanca_time() -> None:
    summer = datetime(2024, 5, 2, 23, 30, tzinfo=UTC)  # UTC+1: already 3 May locally
    assert format_datetime(summer, "fr") == "03/05/2024 00:30"
    assert format_date(summer, "fr") == "03/05/2024"
    ramadan = datetime(2024, 3, 20, 12, 0, 5, tzinfo=UTC)  # Morocco is on UTC+0 in Ramadan
    assert format_datetime(ramadan, "ar", seconds=True) == "20/03/2024 12:00:05"


def test_naive_datetimes_are_utc() -> None:
    assert format_datetime(datetime(2024, 5, 3, 10, 0), "en") == "03/05/2024 11:00"


def test_long_dates() -> None:
    assert format_date(date(2024, 5, 3), "fr", long=True) == "3 mai 2024"
    assert format_date(date(2024, 5, 3), "ar", long=True) == "3 ماي 2024"
    assert format_date(date(2024, 5, 3), "en", long=True) == "3 May 2024"


def test_local_time_helpers() -> None:
    now = local_now()
    assert now.tzinfo is LOCAL_ZONE
    local = to_local(datetime(2025, 1, 1, 12, 0, tzinfo=UTC))
    assert local.utcoffset() is not None
    assert (local.hour, local.tzinfo) == (13, LOCAL_ZONE)


def test_a_stored_utc_time_is_shown_in_casablanca_time() -> None:
    from possouk.i18n.formatting import format_utc_text

    assert format_utc_text("2026-11-29T21:26:00.000000Z", "fr") == "29/11/2026 22:26"
    assert format_utc_text(None) == "" and format_utc_text("soon") == "soon"
