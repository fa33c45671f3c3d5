"""Amounts, quantities, rates and times as people read them, in ar, fr or en.

Babel does the locale work (``ar_MA``, ``fr_MA``, ``en_GB``) and digits are
always Latin (numbering system ``latn``), as on Moroccan receipts and
documents in both Arabic and French. Integers come in (centimes, thousandths,
basis points) and are turned into ``Decimal`` exactly; a float is refused.

Times are stored in UTC and shown in Africa/Casablanca local time (the zone
data comes from the ``tzdata`` package where the system has none, as on
Windows).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates, numbers

from possouk.domain.errors import N_
from possouk.domain.model import Unit
from possouk.i18n import resolve_language, translator

__all__ = [
    "BABEL_LOCALES",
    "CURRENCY",
    "LOCAL_ZONE",
    "format_date",
    "format_datetime",
    "format_money",
    "format_quantity",
    "format_rate",
    "local_now",
    "to_local",
    "unit_label",
]

BABEL_LOCALES: dict[str, str] = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}
"""The Babel locale of each language; ``en_GB`` writes dates day first, as in Morocco."""

CURRENCY = "MAD"
LOCAL_ZONE = ZoneInfo("Africa/Casablanca")

_NBSP = "\u00a0"  # keeps a number and its unit on one line
# CLDR puts directional marks into some Arabic symbols ("د.م.\u200f"). They are
# dropped: not every renderer (reportlab, a font without the glyph) copes with
# them, and text that embeds an amount wraps it in isolates instead.
_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")
_DIGITS = "latn"
# Number first, then the currency label, in every language: "1 234,50 MAD",
# "1.234,50 د.م." (CLDR's Arabic symbol for the Moroccan dirham).
_MONEY = "#,##0.00" + _NBSP + "¤"
_AMOUNT = "#,##0.00"
_DECIMAL_QUANTITY = "#,##0.000"
_WHOLE_QUANTITY = "#,##0"
_DATE = "dd/MM/yyyy"
_TIME = "HH:mm"
_TIME_SECONDS = "HH:mm:ss"

_UNIT_LABELS: dict[Unit, str] = {
    # Translators: short label after a number of pieces (e.g. in a stock list)
    Unit.PIECE: N_("pc"),
    # Translators: abbreviation of kilogram, written after a quantity: "0.750 kg"
    Unit.KG: N_("kg"),
    # Translators: abbreviation of litre, written after a quantity: "1.500 l"
    Unit.LITRE: N_("l"),
}


def _locale(lang: str | None) -> str:
    return BABEL_LOCALES[resolve_language(lang)]


def _require_int(value: int, what: str) -> None:
    # bool is an int, and a float here would mean an inexact amount slipped through.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")


def format_money(centimes: int, lang: str | None = None, *, currency: bool = True) -> str:
    """``123450`` centimes → ``"1 234,50 MAD"`` (fr), ``"1.234,50 د.م."`` (ar), ``"1,234.50 MAD"`` (en).

    ``currency=False`` leaves the label out (table columns whose heading says MAD).
    """
    _require_int(centimes, "centimes")
    value = Decimal(centimes).scaleb(-2)
    locale = _locale(lang)
    if currency:
        text = numbers.format_currency(
            value, CURRENCY, format=_MONEY, locale=locale, numbering_system=_DIGITS
        )
        return text.translate(_MARKS)
    return _decimal(value, _AMOUNT, locale)


def format_signed_money(centimes: int, lang: str | None = None, *, currency: bool = True) -> str:
    """An amount with its sign always written, as a difference: ``"+2,50 MAD"``, ``"-1,00 MAD"``,
    ``"0,00 MAD"``."""
    text = format_money(centimes, lang, currency=currency)
    return f"+{text}" if centimes > 0 else text


@lru_cache(maxsize=16_384)  # documents repeat prices, quantities and small amounts
def _decimal(value: Decimal | int, pattern: str, locale: str) -> str:
    text = numbers.format_decimal(value, format=pattern, locale=locale, numbering_system=_DIGITS)
    return text.translate(_MARKS)


def unit_label(unit: str, lang: str | None = None) -> str:
    """The short label of a unit (``piece``, ``kg``, ``l``) in ``lang``: ``"كغ"``, ``"pce"``…"""
    return translator(lang).gettext(_UNIT_LABELS[Unit(unit)])


def format_unit_price(centimes: int, unit: str, lang: str | None = None) -> str:
    """A shelf price: ``"120,00 MAD"`` for pieces, ``"45,00 MAD / kg"`` for goods sold by weight."""
    money = format_money(centimes, lang)
    if Unit(unit) is Unit.PIECE:
        return money
    return f"{money} / {unit_label(unit, lang)}"


def format_quantity(milli: int, unit: str, lang: str | None = None) -> str:
    """A quantity in thousandths of its unit: pieces ``"3"``, weights ``"0,750 kg"`` / ``"0,750 كغ"``.

    Pieces show as whole numbers without a label; kilograms and litres always
    with three decimals and their translated label.
    """
    _require_int(milli, "milli")
    kind = Unit(unit)
    locale = _locale(lang)
    if kind is Unit.PIECE:
        if milli % 1000 == 0:
            return _decimal(milli // 1000, _WHOLE_QUANTITY, locale)
        # A fraction of a piece should not exist; show it exactly rather than hide it.
        return _decimal(Decimal(milli).scaleb(-3), _DECIMAL_QUANTITY, locale)
    number = _decimal(Decimal(milli).scaleb(-3), _DECIMAL_QUANTITY, locale)
    return f"{number}{_NBSP}{unit_label(kind, lang)}"


def format_rate(basis_points: int, lang: str | None = None) -> str:
    """``1500`` → ``"15 %"`` (fr) or ``"15%"`` (ar, en); ``1250`` → ``"12,5 %"``."""
    _require_int(basis_points, "basis_points")
    text = numbers.format_percent(
        Decimal(basis_points).scaleb(-4),
        locale=_locale(lang),
        numbering_system=_DIGITS,
        decimal_quantization=False,
    )
    return text.translate(_MARKS)


def local_now() -> datetime:
    """The current time in Africa/Casablanca, timezone-aware."""
    return datetime.now(LOCAL_ZONE)


def to_local(utc: datetime) -> datetime:
    """A UTC time in Africa/Casablanca local time.

    A naive ``datetime`` is taken to be UTC, since that is how times are stored
    (SQLite hands them back without a zone).
    """
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=UTC)
    return utc.astimezone(LOCAL_ZONE)


def format_datetime(utc: datetime, lang: str | None = None, *, seconds: bool = False) -> str:
    """A UTC time as Casablanca local time, day first: ``"03/05/2024 14:05"``."""
    pattern = f"{_DATE} {_TIME_SECONDS if seconds else _TIME}"
    return dates.format_datetime(to_local(utc), pattern, locale=_locale(lang))


def format_utc_text(utc_text: str | None, lang: str | None = None) -> str:
    """A stored UTC time ("2026-11-29T21:26:00.000000Z") as :func:`format_datetime` shows it;
    "" for none, the text itself when it is not a time."""
    if not utc_text:
        return ""
    try:
        moment = datetime.fromisoformat(utc_text)
    except ValueError:
        return utc_text
    return format_datetime(moment, lang)


def format_date(d: date, lang: str | None = None, *, long: bool = False) -> str:
    """A calendar date: ``"03/05/2024"``, or with ``long=True`` ``"3 mai 2024"`` / ``"3 ماي 2024"``.

    A ``datetime`` is first converted to Casablanca time, so a sale at 23:30
    UTC on 2 May shows as 3 May when that is the local date.
    """
    if isinstance(d, datetime):
        d = to_local(d).date()
    return dates.format_date(d, "long" if long else _DATE, locale=_locale(lang))
