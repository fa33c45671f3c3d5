"""Money and quantities as integers: centimes of MAD, thousandths of a unit.

``Decimal`` appears only when parsing user input and formatting plain output.
All rounding goes through :func:`div_round_half_up`, the one place it happens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from possouk.domain.errors import N_, UserError

Centimes = int
"""An amount of money in centimes of MAD (100 centimes = 1 dirham)."""

Milli = int
"""A quantity in thousandths of the product's unit (750 = 0.750 kg, 2000 = 2 pieces)."""

BasisPoints = int
"""A rate in hundredths of a percent (1500 = 15 %)."""

QTY_ONE: Milli = 1000
MAX_AMOUNT: Centimes = 99_999_999_999  # one billion dirhams minus a centime: beyond any sale

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Divide two integers, rounding half away from zero (ROUND_HALF_UP)."""
    if denominator == 0:
        raise ZeroDivisionError("division by zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def line_total(quantity: Milli, unit_price: Centimes) -> Centimes:
    """Quantity (thousandths) times unit price, rounded half-up to the centime."""
    return div_round_half_up(quantity * unit_price, QTY_ONE)


def apply_rate(amount: Centimes, rate: BasisPoints) -> Centimes:
    """``amount × rate``, rounded half-up to the centime (e.g. a commission)."""
    return div_round_half_up(amount * rate, 10_000)


def vat_included(amount_ttc: Centimes, rate: BasisPoints) -> Centimes:
    """The VAT contained in a tax-inclusive amount, rounded half-up."""
    return div_round_half_up(amount_ttc * rate, 10_000 + rate)


def allocate(total: Centimes, weights: Sequence[int]) -> list[Centimes]:
    """Split ``total`` over ``weights`` pro rata, exactly (largest remainder).

    The parts always add up to ``total``. Ties go to the earlier weight, so the
    result is deterministic.
    """
    if not weights:
        if total:
            raise ValueError("cannot allocate a non-zero total over nothing")
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights = [1] * len(weights)
        weight_sum = len(weights)
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    parts = [magnitude * w // weight_sum for w in weights]
    remainders = [magnitude * w % weight_sum for w in weights]
    short = magnitude - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:short]:
        parts[i] += 1
    return [sign * p for p in parts]


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        return None


def parse_amount(text: str, *, allow_negative: bool = False) -> Centimes:
    """Parse ``12.50``, ``12,50`` or ``12`` dirhams into centimes.

    Refuses more than two decimals, negatives (unless allowed) and absurd sizes.
    """
    value = _parse_decimal(text)
    if value is None:
        raise UserError(N_("“{text}” is not an amount; write it like 12.50"), text=text)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise UserError(N_("“{text}” has more than two decimals"), text=text)
    if value < 0 and not allow_negative:
        raise UserError(N_("The amount must not be negative: {text}"), text=text)
    centimes = int(value * 100)
    if abs(centimes) > MAX_AMOUNT:
        raise UserError(N_("The amount {text} is too large"), text=text)
    return centimes


def parse_quantity(text: str, *, whole: bool = False) -> Milli:
    """Parse a quantity such as ``2``, ``0.750`` or ``1,5`` into thousandths.

    ``whole`` requires a whole number (products sold by the piece). Zero and
    negative quantities are refused.
    """
    value = _parse_decimal(text)
    if value is None:
        raise UserError(N_("“{text}” is not a quantity"), text=text)
    if value.as_tuple().exponent < -3:  # type: ignore[operator]
        raise UserError(N_("“{text}” has more than three decimals"), text=text)
    if value <= 0:
        raise UserError(N_("The quantity must be more than zero: {text}"), text=text)
    if whole and value != value.to_integral_value():
        raise UserError(N_("This product is sold by the piece: {text} is not a whole number"),
                        text=text)
    milli = int(value * QTY_ONE)
    if milli > 10**12:
        raise UserError(N_("The quantity {text} is too large"), text=text)
    return milli


def parse_rate(text: str) -> BasisPoints:
    """Parse a percentage such as ``15``, ``12.5`` or ``0`` into basis points (0–100 %)."""
    value = _parse_decimal(text.strip().rstrip("%"))
    if value is None or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise UserError(N_("“{text}” is not a percentage"), text=text)
    if not 0 <= value <= 100:
        raise UserError(N_("A percentage must be between 0 and 100: {text}"), text=text)
    return int(value * 100)


def format_plain(centimes: Centimes) -> str:
    """``12345`` → ``"123.45"``: the machine form used in JSON and CSV."""
    sign = "-" if centimes < 0 else ""
    whole, cents = divmod(abs(centimes), 100)
    return f"{sign}{whole}.{cents:02d}"


def format_quantity_plain(quantity: Milli) -> str:
    """``750`` → ``"0.750"``, ``2000`` → ``"2"``: the machine form of a quantity."""
    sign = "-" if quantity < 0 else ""
    whole, frac = divmod(abs(quantity), QTY_ONE)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:03d}".rstrip("0")


def format_rate_plain(rate: BasisPoints) -> str:
    """``1500`` → ``"15"``, ``1250`` → ``"12.5"``."""
    whole, frac = divmod(rate, 100)
    return str(whole) if frac == 0 else f"{whole}.{frac:02d}".rstrip("0")
