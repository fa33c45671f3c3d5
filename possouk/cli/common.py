"""Pieces every group of sub-commands uses: the handler type, the help formatter,
adding a sub-command, and parsing option values into domain values."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from possouk.app import App
from possouk.domain.errors import N_, UserError
from possouk.i18n import _

Handler = Callable[[App, argparse.Namespace], int]
"""What runs a sub-command: returns the exit code; raises domain errors for refusals."""

Subparsers = Any
"""``argparse._SubParsersAction`` (private in argparse, so not named in annotations)."""

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, tolerant of a translated help text carrying a stray ``%``."""

    def _expand_help(self, action: argparse.Action) -> str:
        try:
            return super()._expand_help(action)
        except (ValueError, TypeError, KeyError):
            return action.help or ""


def add_command(
    subparsers: Subparsers, name: str, help_text: str, common: argparse.ArgumentParser,
    handler: Handler | None = None,
) -> argparse.ArgumentParser:
    """Add a sub-command sharing the global options; ``handler`` runs it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help_text, description=help_text, parents=[common], formatter_class=Formatter,
    )
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def add_group(
    subparsers: Subparsers, name: str, help_text: str, common: argparse.ArgumentParser,
) -> Subparsers:
    """Add a sub-command that only holds actions (``possouk site add``, ``site list``…)."""
    parser = add_command(subparsers, name, help_text, common)
    return parser.add_subparsers(dest=f"{name}_action", metavar=_("ACTION"), required=True)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help=_("print machine-readable JSON (amounts as decimal strings)"))


def parse_day(text: str | None) -> date | None:
    """``2025-05-14`` → a date; None stays None; anything else is refused."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(N_("“{text}” is not a date; write it like 2025-05-14."), text=text) from exc


def parse_time_of_day(text: str) -> int:
    """``04:00`` → 240 minutes after midnight."""
    match = _TIME.match(text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UserError(N_("“{text}” is not a time of day; write it like 04:00."), text=text)
    return int(match.group(1)) * 60 + int(match.group(2))


def time_of_day(minutes: int) -> str:
    """240 → ``04:00``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
