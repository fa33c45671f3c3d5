"""How the ``possouk`` command speaks: translated sentences and aligned tables for people,
plain JSON for programs.

Sentences go through :func:`possouk.i18n.render_message`, so a message whose
translation is broken still comes out (in English) rather than crashing, and
names inside Arabic sentences are wrapped in bidi isolates. JSON output is
language-independent: amounts are decimal strings (``"123.45"``), quantities
plain numbers as strings (``"0.750"``), rates percentages as strings (``"12.5"``).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from possouk.domain.errors import N_
from possouk.domain.model import Role
from possouk.domain.money import format_plain, format_quantity_plain
from possouk.i18n import _, ngettext, render_message

COLUMN_GAP = "  "

_ROLE_LABELS = {
    Role.CASHIER: N_("cashier"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.ORGANIZER: N_("organizer"),
}


def say(message: str, **params: Any) -> None:
    """Print a translated sentence (a msgid marked with ``N_``) on standard output."""
    print(render_message(message, params))


def complain(message: str, **params: Any) -> None:
    """Print a translated sentence on standard error."""
    print(render_message(message, params), file=sys.stderr)


def plural(singular: str, plural_form: str, n: int, **params: Any) -> str:
    """A message whose wording depends on ``n``, translated and filled in; never raises."""
    params = {"n": n, **params}
    template = ngettext(singular, plural_form, n)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: fall back to English
        english = singular if n == 1 else plural_form
        return english.format(**params)


def emit(text: str = "") -> None:
    """Print text that is already translated (or needs no translation)."""
    print(text)


def warn(text: str) -> None:
    """Print already translated text on standard error."""
    print(text, file=sys.stderr)


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON: UTF-8 text kept as is (Arabic stays readable), indented."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def amount(centimes: int | None) -> str | None:
    """An amount for JSON: ``12345`` → ``"123.45"``; None stays None."""
    return None if centimes is None else format_plain(centimes)


def quantity(milli: int) -> str:
    """A quantity for JSON: ``750`` → ``"0.75"``, ``2000`` → ``"2"``."""
    return format_quantity_plain(milli)


def role_label(role: Role | str) -> str:
    """The name of a role in the current language."""
    return _(_ROLE_LABELS[Role(role)])


def yes_no(flag: bool) -> str:
    """``yes`` or ``no`` in the current language."""
    return _("yes") if flag else _("no")


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: marks and invisible characters take none,
    wide East Asian characters two (so Arabic with tashkeel lines up)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          right_aligned: Sequence[int] = ()) -> None:
    """Print rows under their headers in aligned columns (numbers right-aligned)."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    right = set(right_aligned)

    def line(cells: Sequence[str]) -> str:
        padded = [_pad(c, widths[i], i in right) for i, c in enumerate(cells)]
        return COLUMN_GAP.join(padded).rstrip()

    print(line(headers))
    print(COLUMN_GAP.join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def fields(pairs: Sequence[tuple[str, str]]) -> None:
    """Print ``label: value`` lines with the values lined up."""
    width = max((display_width(label) for label, _value in pairs), default=0)
    for label, value in pairs:
        print(f"{_pad(label + ':', width + 1, False)} {value}".rstrip())
