"""The cells of an import file: each parsed with the domain's rules, each problem noted.

:class:`Problems` collects every problem of a file, with its row and column;
:class:`RowCheck` parses the cells of one row and notes what it refuses. The
parsers take a cell's text and return the stored value or raise
:class:`~possouk.domain.errors.UserError`. A few give the same result as a
domain function by a shorter path for the common case (a bulk import parses
millions of cells); tests compare them with the domain function.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from possouk.domain import barcode as barcodes
from possouk.domain import identifiers, text
from possouk.domain.errors import N_, FileRefused, Problem, UserError
from possouk.domain.model import PaymentMethod, Unit
from possouk.domain.money import parse_amount, parse_rate
from possouk.services.catalog import MAX_SCALE_CODE
from possouk.services.tabular import Table

T = TypeVar("T")
Rows = list[tuple[int, list[str]]]
"""Data rows of a file, each with its 1-based row number (the header is row 1)."""

MANUAL_REF_MAX = 60


@dataclass
class Problems:
    """The problems found in a file so far; :meth:`raise_if_any` refuses the file with them all."""

    items: list[Problem] = field(default_factory=list)

    def add(self, row: int, column: str, message: str, **params: Any) -> None:
        """Note a problem at ``row`` and ``column``."""
        self.items.append(Problem(row, column, message, params))

    def error(self, row: int, column: str, err: UserError) -> None:
        """Note a refusal of the domain as the problem at ``row`` and ``column``."""
        self.items.append(Problem(row, column, err.message, dict(err.params)))

    def raise_if_any(self) -> None:
        """Refuse the file with every problem noted, in row order, if there is any."""
        if self.items:
            raise FileRefused(sorted(self.items, key=lambda p: p.row))


def rows_of_width(table: Table, problems: Problems) -> Rows:
    """The rows with as many cells as the header; each other row is a problem."""
    width = len(table.header)
    wrong = [(number, len(cells)) for number, cells in table.rows if len(cells) != width]
    for number, found in wrong:
        problems.add(number, "", N_("This row has {found} columns; the header has {expected}."),
                     found=found, expected=width)
    return [row for row in table.rows if len(row[1]) == width] if wrong else table.rows


class RowCheck:
    """Parses the cells of one row, noting each refused cell as a problem of that row."""

    __slots__ = ("number", "ok", "problems")

    def __init__(self, problems: Problems, number: int) -> None:
        self.problems = problems
        self.number = number
        self.ok = True

    def __call__(self, column: str, parse: Callable[[str], T], cell: str, default: T) -> T:
        """``parse(cell)``, or ``default`` after noting the problem under ``column``."""
        try:
            return parse(cell)
        except UserError as err:
            self.ok = False
            self.problems.error(self.number, column, err)
            return default

    def add(self, column: str, message: str, **params: Any) -> None:
        """Note a problem of this row found otherwise (a reference, a duplicate)."""
        self.ok = False
        self.problems.add(self.number, column, message, **params)


# --- cells -------------------------------------------------------------------------------

_TRUE = frozenset({"1", "yes", "true", "oui", "y", "o", "vrai"})
_FALSE = frozenset({"0", "no", "false", "non", "n", "faux", ""})
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) +(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_bool(text: str) -> bool:
    """``1/0``, ``yes/no``, ``true/false``, ``oui/non`` (any case); empty is false."""
    key = text.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise UserError(N_("“{text}” is not yes or no: write 1 or 0, yes or no, oui or non."),
                    text=text.strip())


def optional_amount(cell: str) -> int | None:
    """An amount in centimes (``12.50`` or ``12,50``), or None for an empty cell."""
    return parse_amount(cell) if cell.strip() else None


def optional_rate(cell: str) -> int | None:
    """A percentage in basis points, or None for an empty cell."""
    return parse_rate(cell) if cell.strip() else None


def parse_local_datetime(text: str) -> datetime:
    """A wall-clock date and time as written in the store (naive).

    Accepts ``2026-05-14 10:32``, ``2026-05-14T10:32``, ``2026-05-14T10:32:05`` and
    ``14/05/2026 10:32`` (seconds optional).
    """
    cleaned = text.strip()
    match = _ISO.fullmatch(cleaned)
    if match:
        year, month, day, hour, minute, second = match.groups()
    else:
        match = _FRENCH.fullmatch(cleaned)
        if match is None:
            raise UserError(N_("“{text}” is not a date and time: write it like 2026-05-14 10:32 "
                               "or 14/05/2026 10:32."), text=cleaned)
        day, month, year, hour, minute, second = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        raise UserError(N_("“{text}” is not a real date and time."), text=cleaned) from None


# --- names, codes and amounts -------------------------------------------------------------


def clean_name(cell: str, column: str) -> str:
    """:func:`text.clean_name`, skipping its character loop for text it would leave as is."""
    if (cell.isprintable() and cell and cell[0] != " " and cell[-1] != " " and "  " not in cell
            and len(cell) <= text.NAME_MAX_LENGTH and unicodedata.is_normalized("NFC", cell)):
        return cell  # no control, format or odd space character: clean_name returns it unchanged
    return text.clean_name(cell, field=column)


def search_terms(cache: dict[str, frozenset[str]], *texts: str) -> set[str]:
    """:func:`text.search_terms` of ``texts``, remembering each word's terms in ``cache``.

    The search form of a text is that of its words, and the words of a catalog's names
    repeat (a few thousand distinct words for 300,000 products): looking each word up
    costs a third of working out each name.
    """
    terms: set[str] = set()
    get = cache.get
    for value in texts:
        for word in value.split():
            known = get(word)
            if known is None:
                if len(cache) > 200_000:  # a catalog of unique words: keep the memory bounded
                    cache.clear()
                known = cache[word] = frozenset(text.search_terms(word))
            terms |= known
    return terms


class _Memo(dict[str, T]):
    """Results of ``parse`` by cell text; a missing text is parsed on first use."""

    def __init__(self, parse: Callable[[str], T]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, cell: str) -> T:
        value = self[cell] = self.parse(cell)
        return value


def memo(parse: Callable[[str], T]) -> Callable[[str], T]:
    """``parse`` remembering its results (a refused text is parsed, and refused, again).

    The dictionary's own lookup is the parser: a text seen before costs no Python call.
    """
    return _Memo(parse).__getitem__


def parse_code(column: str) -> Callable[[str], str]:
    """A parser of codes (:func:`identifiers.validate_code`) naming ``column`` in its messages."""
    return lambda cell: identifiers.validate_code(cell, field=column)


def parse_optional_text(column: str) -> Callable[[str], str]:
    """A parser of optional text (:func:`text.clean_optional`) naming ``column``."""
    return lambda cell: text.clean_optional(cell, field=column)


def _check_digit_holds(code: str) -> bool:
    """The GS1 check of a code of ASCII digits (:func:`barcodes.ean_check_digit`), on its bytes.

    From the right, the check digit weighs 1, then the digits weigh 3, 1, 3 …; the
    weighted sum ends in 0. Summing bytes (``b"0"`` is 48) spares a call of ``int``
    for each digit.
    """
    raw = code.encode("ascii")
    ones, threes = raw[::-2], raw[-2::-2]
    return (sum(ones) + 3 * sum(threes) - 48 * (len(ones) + 3 * len(threes))) % 10 == 0


def parse_barcode(cell: str) -> str:
    """:func:`barcodes.validate_barcode`, or ``""`` for an empty cell (an internal code is assigned)."""
    if (len(cell) in barcodes.ACCEPTED_LENGTHS and cell.isascii() and cell.isdigit()
            and _check_digit_holds(cell)):
        return cell  # what validate_barcode returns for it, without its character loop
    return barcodes.validate_barcode(cell) if cell.strip() else ""


def parse_unit(cell: str) -> Unit:
    """``piece``, ``kg`` or ``l`` (any case)."""
    try:
        return Unit(cell.strip().lower())
    except ValueError:
        raise UserError(N_("The unit must be piece, kg or l, not “{text}”."), text=cell) from None


def parse_price(cell: str) -> int:
    """A price in centimes, more than zero."""
    amount = parse_amount(cell)
    if amount <= 0:
        raise UserError(N_("The price must be more than zero."))
    return amount


def parse_scale_code(cell: str) -> int | None:
    """A label-scale item code (1 to 99,999), or None for an empty cell."""
    value = cell.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_SCALE_CODE):
        raise UserError(N_("The scale code must be a number from 1 to {limit}, not “{text}”."),
                        limit=MAX_SCALE_CODE, text=value)
    return int(value)


def parse_active(cell: str) -> bool:
    """A yes/no cell where empty means yes."""
    return parse_bool(cell) if cell.strip() else True


def parse_payment(cell: str) -> PaymentMethod:
    """``cash``, ``card``, ``mobile`` or ``transfer`` (any case)."""
    try:
        return PaymentMethod(cell.strip().lower())
    except ValueError:
        raise UserError(N_("The payment must be cash, card, mobile or transfer, not “{text}”."),
                        text=cell) from None


def parse_manual_ref(cell: str) -> str:
    """The reference written on a paper sale: a clean name of at most 60 characters."""
    ref = text.clean_name(cell, field="ref")
    if len(ref) > MANUAL_REF_MAX:
        raise UserError(N_("The {field} is too long: {length} characters. The limit is {limit}."),
                        field="ref", length=len(ref), limit=MANUAL_REF_MAX)
    return ref


SKU = parse_code("sku")
NAME_AR = partial(clean_name, column="name_ar")
NAME_FR = partial(clean_name, column="name_fr")
CATEGORY = partial(clean_name, column="category")


def first_seen(seen: dict[str, int], value: str, check: RowCheck, column: str) -> None:
    """Note a value that must be unique in the file; a repeat is a problem of its row."""
    first = seen.setdefault(value, check.number)
    if first != check.number:
        check.add(column, N_("{value} is already on row {first}."), value=value, first=first)


def product_parsers(extended: bool) -> list[tuple[str, Callable[[str], Any], Any]]:
    """(column, parser, value when refused) for each cell of a products row after the first."""
    # Categories, units, prices and rates repeat from row to row: parse each text once.
    parsers: list[tuple[str, Callable[[str], Any], Any]] = [
        ("sku", SKU, ""), ("barcode", parse_barcode, ""), ("name_ar", NAME_AR, ""),
        ("name_fr", NAME_FR, ""), ("category", memo(CATEGORY), ""),
        ("unit", memo(parse_unit), Unit.PIECE), ("price", memo(parse_price), 0),
        ("min_price", memo(optional_amount), None), ("vat_pct", memo(optional_rate), None),
    ]
    if extended:
        parsers += [("scale_code", parse_scale_code, None), ("active", memo(parse_active), True)]
    return parsers


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's millions of cells, rows and terms are built.

    Each collection walks every object still alive, and an import keeps all of them alive
    until its one transaction: with the collector on, a 300,000-product file takes a third
    longer. What an import leaves behind is freed by reference counting; the collector
    resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
