"""Moroccan identifiers (ICE, RIB, phone numbers) and the store's own codes.

Each ``validate_*`` function takes what the user typed and returns the one
stored form, or raises :class:`UserError` with a plain sentence. Optional
fields (ICE, RIB, phone) accept an empty text and return ``""``.
"""

from __future__ import annotations

import re

from possouk.domain.errors import N_, UserError

ICE_LENGTH = 15
RIB_LENGTH = 24
CODE_MAX_LENGTH = 40

# Users with an Arabic keyboard may type Arabic-Indic digits: read them as Latin digits.
_LATIN_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_CODE = re.compile(r"[A-Za-z0-9._-]+")


def _compact(text: str) -> str:
    """``text`` without any whitespace, with Arabic-Indic digits read as Latin ones."""
    return "".join(text.split()).translate(_LATIN_DIGITS)


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def validate_ice(text: str) -> str:
    """A Moroccan ICE (Identifiant Commun de l'Entreprise): exactly 15 digits.

    Spaces are removed. Empty gives ``""`` (the field is optional). The two last
    digits are control digits, but their rule is not published, so they are not
    checked (python-stdnum's ``stdnum.ma.ice`` makes the same choice).
    """
    ice = _compact(text)
    if not ice:
        return ""
    if not _is_ascii_digits(ice):
        raise UserError(N_("The ICE may only contain digits: “{text}”."), text=text.strip())
    if len(ice) != ICE_LENGTH:
        raise UserError(
            N_("The ICE has 15 digits; “{text}” has {length}."),
            text=text.strip(),
            length=len(ice),
        )
    return ice


def rib_key(first22: str) -> int:
    """The 2-digit key (1 to 97) of a Moroccan RIB from its first 22 digits.

    key = 97 − ((first 22 digits × 100) mod 97), i.e. the whole 24-digit number
    is a multiple of 97: the same "clé RIB" rule as the French RIB, applied to
    the Moroccan layout 3 bank + 3 city + 16 account digits. Checked against the
    example of the SWIFT IBAN registry for Morocco, MA64 0115 1900 0001 2050
    0053 4921, whose RIB 011 519 0000012050005349 has the key 21.
    """
    if len(first22) != RIB_LENGTH - 2 or not _is_ascii_digits(first22):
        raise ValueError(f"a RIB starts with 22 digits, not {first22!r}")
    return 97 - (int(first22) * 100) % 97


def rib_with_key(first22: str) -> str:
    """The full 24-digit RIB made of ``first22`` and its key (for tests and demo data)."""
    return f"{first22}{rib_key(first22):02d}"


def validate_rib(text: str) -> str:
    """A Moroccan RIB: 24 digits (3 bank, 3 city, 16 account, 2 key), key checked.

    Spaces are removed. Empty gives ``""`` (the field is optional).
    """
    rib = _compact(text)
    if not rib:
        return ""
    if not _is_ascii_digits(rib):
        raise UserError(N_("The RIB may only contain digits: “{text}”."), text=text.strip())
    if len(rib) != RIB_LENGTH:
        raise UserError(
            N_("The RIB has 24 digits; “{text}” has {length}."),
            text=text.strip(),
            length=len(rib),
        )
    if rib_key(rib[:-2]) != int(rib[-2:]):
        raise UserError(
            N_("The RIB “{text}” is wrong: its last two digits (the key) do not match. "
               "Copy it again from the bank document."),
            text=text.strip(),
        )
    return rib


def mask_rib(rib: str) -> str:
    """The RIB with every digit but the last 4 hidden, e.g. ``********************4921``."""
    compact = _compact(rib)
    shown = compact[-4:] if len(compact) > 4 else ""
    return "*" * (len(compact) - len(shown)) + shown


def validate_phone(text: str) -> str:
    """A Moroccan phone number in the form ``+212XXXXXXXXX``; empty gives ``""``.

    Accepts ``0612345678``, ``06 12 34 56 78``, ``06.12.34.56.78``,
    ``+212612345678``, ``+212 (0)6…``, ``00212 6…`` and ``212 6…``. The 9 digits
    after 212 must start with 5 (landline), 6 or 7 (mobile) or 8 (VoIP).
    """
    number = _PHONE_SEPARATORS.sub("", text.translate(_LATIN_DIGITS))
    if not number:
        return ""
    if number.startswith("+"):
        number, international = number[1:], True
    elif number.startswith("00"):
        number, international = number[2:], True
    else:  # "212 6…" typed without + or 00
        international = number.startswith("212") and len(number) in (12, 13)
    if international:
        if not number.startswith("212"):
            raise _phone_error(text)
        number = number[3:]
        if len(number) == 10 and number.startswith("0"):  # +212 (0)6…
            number = number[1:]
    elif number.startswith("0"):
        number = number[1:]
    else:
        raise _phone_error(text)
    if len(number) != 9 or not _is_ascii_digits(number) or number[0] not in "5678":
        raise _phone_error(text)
    return f"+212{number}"


def _phone_error(text: str) -> UserError:
    return UserError(
        N_("“{text}” is not a Moroccan phone number. Write it like 06 12 34 56 78."),
        text=text.strip(),
    )


def validate_code(text: str, *, field: str) -> str:
    """A code (cooperative, site, register, SKU, login): 1 to 40 of A–Z a–z 0–9 ``-`` ``_`` ``.``.

    Surrounding whitespace is removed; case is kept. ``field`` is the English
    label of the field (e.g. ``N_("login")``), translated by the layer that
    shows the message.
    """
    code = text.strip()
    if not code:
        raise UserError(N_("The {field} is empty. Please type it."), field=field)
    if len(code) > CODE_MAX_LENGTH:
        raise UserError(
            N_("The {field} is too long: {length} characters. The limit is {limit}."),
            field=field,
            length=len(code),
            limit=CODE_MAX_LENGTH,
        )
    if not _CODE.fullmatch(code):
        raise UserError(
            N_("The {field} “{text}” may only contain letters without accents, digits, "
               "“-”, “_” and “.”, with no spaces."),
            field=field,
            text=code,
        )
    return code
