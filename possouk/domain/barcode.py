"""Barcodes: EAN-13, EAN-8 and UPC-A checks, in-store codes and label-scale codes.

Products without a manufacturer barcode get an in-store EAN-13 in the GS1
"restricted circulation" range (prefix ``200``). Weighing scales print EAN-13
labels whose digits carry an item code and a weight (grams, i.e. thousandths of
a kilogram, our quantity unit) or a price (centimes); :class:`ScaleRule` says
how to read them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from possouk.domain.errors import N_, UserError

INTERNAL_PREFIX = "200"
"""EAN-13 prefix of the codes the store makes for products without a barcode."""

ACCEPTED_LENGTHS = (8, 12, 13)
"""EAN-8, UPC-A and EAN-13."""

_INTERNAL_MAX = 999_999_999
_SHOWN_MAX = 30  # garbage from a scanner can be long: show only its start

# A scanner set to a US keyboard, plugged into a computer with a French (AZERTY)
# layout, "types" the unshifted keys of the digit row: 1 → "&", 2 → "é", … 0 → "à".
# This is common in Morocco (French and Arabic 102 AZERTY keyboards), so such a
# burst is read back as the digits the scanner meant. The check digit still
# guards against a wrong guess.
_AZERTY_DIGITS = str.maketrans("&é\"'(-è_çà", "1234567890")


def ean_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of ``body`` (the digits before the check digit).

    Works for any length (EAN-8, UPC-A, EAN-13, GTIN-14): from the right, digits
    are weighted 3, 1, 3, 1, …
    """
    if not body or not _is_ascii_digits(body):
        raise ValueError(f"a barcode body must be ASCII digits, not {body!r}")
    # Slices instead of a per-digit loop: a bulk import checks hundreds of thousands of codes.
    total = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return (10 - total % 10) % 10


def validate_barcode(code: str) -> str:
    """Check a scanned or typed barcode and return it as plain ASCII digits.

    Accepts EAN-13, EAN-8 and UPC-A (12 digits). Surrounding whitespace (the
    scanner's Enter or Tab) and spaces between digit groups are removed;
    Arabic-Indic digits and the AZERTY digit-row characters of a misconfigured
    scanner are read as digits. Raises :class:`UserError` when the code is
    empty, has other characters, has a wrong length or a wrong check digit.
    """
    cleaned = _normalise(code)
    if not cleaned:
        raise UserError(N_("The barcode is empty. Scan it again."))
    if not _is_ascii_digits(cleaned):
        raise UserError(
            N_("“{code}” is not a barcode: it has characters that are not digits. Scan it again."),
            code=_shown(code.strip()),
        )
    if len(cleaned) not in ACCEPTED_LENGTHS:
        raise UserError(
            N_("The barcode {code} has {length} digits. A barcode has 8, 12 or 13 digits."),
            code=_shown(cleaned),
            length=len(cleaned),
        )
    if ean_check_digit(cleaned[:-1]) != int(cleaned[-1]):
        raise UserError(
            N_("The barcode {code} is wrong: its last digit does not match. "
               "Scan it again or type it carefully."),
            code=cleaned,
        )
    return cleaned


def internal_ean13(sequence: int) -> str:
    """The in-store EAN-13 number ``sequence`` (1 to 999 999 999): ``200`` + 9 digits + check."""
    if not 1 <= sequence <= _INTERNAL_MAX:
        raise ValueError(f"internal barcode sequence out of range: {sequence}")
    body = f"{INTERNAL_PREFIX}{sequence:09d}"
    return f"{body}{ean_check_digit(body)}"


def is_internal(code: str) -> bool:
    """True when ``code`` is a valid EAN-13 of the store's own range (prefix ``200``)."""
    return (
        len(code) == 13
        and _is_ascii_digits(code)
        and code.startswith(INTERNAL_PREFIX)
        and ean_check_digit(code[:-1]) == int(code[-1])
    )


# --- label scales -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleRule:
    """How to read an EAN-13 printed by a weighing scale.

    Layout: ``prefix`` + item code (``item_digits``) + value (``value_digits``),
    12 digits in all, then the EAN-13 check digit. The value is a weight in
    grams (``kind="weight"``) or a price in centimes (``kind="price"``).
    """

    prefix: str
    kind: Literal["weight", "price"]
    item_digits: int = 5
    value_digits: int = 5


DEFAULT_SCALE_RULES: tuple[ScaleRule, ...] = (ScaleRule("21", "weight"), ScaleRule("22", "price"))


@dataclass(frozen=True)
class ScaleScan:
    """A scale label read with its rule: exactly one of ``weight`` and ``price`` is set."""

    rule: ScaleRule
    item_code: int
    weight: int | None  # grams = thousandths of a kg
    price: int | None  # centimes


def scale_barcode(rule: ScaleRule, item_code: int, value: int) -> str:
    """Build the EAN-13 a scale would print for ``item_code`` and ``value`` under ``rule``."""
    if len(rule.prefix) + rule.item_digits + rule.value_digits != 12:
        raise ValueError(f"scale rule does not add up to 12 digits: {rule}")
    if not 0 <= item_code < 10**rule.item_digits:
        raise ValueError(f"item code {item_code} does not fit in {rule.item_digits} digits")
    if not 0 <= value < 10**rule.value_digits:
        raise ValueError(f"value {value} does not fit in {rule.value_digits} digits")
    body = f"{rule.prefix}{item_code:0{rule.item_digits}d}{value:0{rule.value_digits}d}"
    return f"{body}{ean_check_digit(body)}"


def parse_scan(code: str, rules: Iterable[ScaleRule] = DEFAULT_SCALE_RULES) -> str | ScaleScan:
    """Read a scan: a :class:`ScaleScan` for a scale label, else the validated barcode.

    The barcode is validated first (:func:`validate_barcode`). A scale label
    showing a zero weight or price is refused with a :class:`UserError`.
    """
    valid = validate_barcode(code)
    if len(valid) != 13:
        return valid
    for rule in rules:
        if not valid.startswith(rule.prefix):
            continue
        start = len(rule.prefix)
        item_code = int(valid[start : start + rule.item_digits])
        value = int(valid[start + rule.item_digits : 12])
        if rule.kind == "weight":
            if value == 0:
                raise UserError(N_("This scale label shows a weight of zero. "
                                   "Weigh the product again."))
            return ScaleScan(rule, item_code, weight=value, price=None)
        if value == 0:
            raise UserError(N_("This scale label shows a price of zero. "
                               "Weigh the product again."))
        return ScaleScan(rule, item_code, weight=None, price=value)
    return valid


_BAD_PREFIX = N_("Scale rule {number}: the prefix must be 1 to 3 digits and start with 2.")
_BAD_KIND = N_("Scale rule {number}: the kind must be “weight” or “price”.")
_BAD_LENGTHS = N_("Scale rule {number}: prefix, item code and value must have 12 digits together.")
_RULE_KEYS = frozenset({"prefix", "kind", "item_digits", "value_digits"})


def check_scale_rules(rules: Iterable[ScaleRule]) -> tuple[ScaleRule, ...]:
    """Return ``rules`` as a tuple if they are usable, else raise :class:`UserError`.

    Each prefix is 1 to 3 digits starting with ``2`` (the GS1 in-store range),
    each rule adds up to 12 digits, and no prefix overlaps another or the
    store's own :data:`INTERNAL_PREFIX`.
    """
    result = tuple(rules)
    for number, rule in enumerate(result, start=1):
        if not (1 <= len(rule.prefix) <= 3 and _is_ascii_digits(rule.prefix)
                and rule.prefix.startswith("2")):
            raise UserError(
                _BAD_PREFIX,
                number=number,
            )
        if rule.kind not in ("weight", "price"):
            raise UserError(
                _BAD_KIND,
                number=number,
            )
        if (rule.item_digits < 1 or rule.value_digits < 1
                or len(rule.prefix) + rule.item_digits + rule.value_digits != 12):
            raise UserError(
                _BAD_LENGTHS,
                number=number,
            )
        if _overlaps(rule.prefix, INTERNAL_PREFIX):
            raise UserError(
                N_("Scale rule {number}: the prefix {prefix} is used by the store's own "
                   "barcodes (they start with {internal})."),
                number=number,
                prefix=rule.prefix,
                internal=INTERNAL_PREFIX,
            )
        for other_number, other in enumerate(result[: number - 1], start=1):
            if _overlaps(rule.prefix, other.prefix):
                raise UserError(
                    N_("Scale rules {first} and {second} have overlapping prefixes "
                       "({first_prefix} and {second_prefix})."),
                    first=other_number,
                    second=number,
                    first_prefix=other.prefix,
                    second_prefix=rule.prefix,
                )
    return result


def rules_to_json(rules: Iterable[ScaleRule]) -> str:
    """Scale rules as a JSON list of objects (how they are kept in the settings)."""
    return json.dumps(
        [
            {
                "prefix": r.prefix,
                "kind": r.kind,
                "item_digits": r.item_digits,
                "value_digits": r.value_digits,
            }
            for r in rules
        ],
        ensure_ascii=True,
    )


def rules_from_json(text: str) -> tuple[ScaleRule, ...]:
    """Read scale rules written by :func:`rules_to_json`; :class:`UserError` if unusable.

    ``item_digits`` and ``value_digits`` may be left out (5 each). See
    :func:`check_scale_rules` for what makes a rule set usable.
    """
    try:
        data: Any = json.loads(text)
    except ValueError:
        raise UserError(N_("The scale barcode settings are not readable.")) from None
    if not isinstance(data, list):
        raise UserError(N_("The scale barcode settings must be a list of rules."))
    rules: list[ScaleRule] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not set(item) <= _RULE_KEYS:
            raise UserError(
                N_("Scale rule {number} is not readable: it may only have a prefix, a kind, "
                   "item_digits and value_digits."),
                number=number,
            )
        prefix = item.get("prefix")
        kind = item.get("kind")
        item_digits = item.get("item_digits", 5)
        value_digits = item.get("value_digits", 5)
        if not isinstance(prefix, str):
            raise UserError(
                _BAD_PREFIX,
                number=number,
            )
        if kind not in ("weight", "price"):
            raise UserError(
                _BAD_KIND,
                number=number,
            )
        if not (_is_plain_int(item_digits) and _is_plain_int(value_digits)):
            raise UserError(
                _BAD_LENGTHS,
                number=number,
            )
        rules.append(ScaleRule(prefix, kind, item_digits, value_digits))
    return check_scale_rules(rules)


# --- helpers ------------------------------------------------------------------------------


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _overlaps(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _normalise(code: str) -> str:
    """Remove whitespace; read any Unicode decimal digit, and an AZERTY burst, as ASCII."""
    text = "".join(code.split())
    if _is_ascii_digits(text):
        return text  # the usual scan; the loop below cost 15 µs a code in a bulk import
    text = "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and unicodedata.category(ch) == "Nd"
        else ch
        for ch in text
    )
    if text and not any("0" <= ch <= "9" for ch in text):
        translated = text.translate(_AZERTY_DIGITS)
        if _is_ascii_digits(translated):
            return translated
    return text


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "…"
