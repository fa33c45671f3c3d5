"""The ``possouk`` command's entry point: the window's quick start, else the command line.

``possouk`` alone (or ``possouk gui``, with only ``--db``, ``--lang`` and
``gui --register``) on a machine with a display opens the window through
:mod:`possouk.ui.quick_start`, which paints the login screen before the command
line, SQLAlchemy and the services are imported. Everything else — other
commands, ``--help``, ``--screenshot``, a database the quick start does not
handle — goes to :func:`possouk.cli.main`, which does the same work the plain way.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from possouk.i18n import LANGUAGES

__all__ = ["WindowRequest", "main", "window_request"]

EXIT_ENVIRONMENT = 2  # as the command line's: something around possouk is missing

_VALUED = {"--db": "db", "--lang": "lang", "--register": "register"}


@dataclass(frozen=True)
class WindowRequest:
    """What a command line that only opens the window asks for."""

    db: str | None = None
    lang: str | None = None
    register: str | None = None


def window_request(argv: list[str]) -> WindowRequest | None:
    """The request of ``possouk [--db X] [--lang L] [gui [--db X] [--lang L] [--register R]]``
    (the command line's grammar); None for anything else, left to the full command line,
    which also explains mistakes."""
    values: dict[str, str] = {}
    words = list(argv)
    allowed: tuple[str, ...] = ("--db", "--lang")
    while words:
        word = words.pop(0)
        if word == "gui" and "--register" not in allowed:
            allowed = ("--db", "--lang", "--register")
            continue
        name, equals, value = word.partition("=")
        if name not in allowed or name in values:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        if not value:
            return None
        values[name] = value
    request = WindowRequest(**{_VALUED[name]: value for name, value in values.items()})
    if request.lang is not None and request.lang not in LANGUAGES:
        return None
    return request


def main(argv: list[str] | None = None) -> int:
    """Run ``possouk`` with ``argv`` (default: the process's arguments); the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    request = window_request(args)
    if request is not None:
        code = _open_window(request, args)
        if code is not None:
            return code
    from possouk.cli import main as command_line

    return command_line(args)


def _open_window(request: WindowRequest, args: list[str]) -> int | None:
    """The window's exit code, or None when the quick start does not apply here."""
    from possouk.ui.display import display_available

    if not display_available():
        return None  # the command line says so and shows the status instead
    from possouk.app import choose_language, log_file
    from possouk.ui.system_libraries import missing_libraries, missing_message, qt_platform

    missing = missing_libraries(qt_platform())
    if missing:  # Qt would stop with a message about plugins that helps no one
        choose_language(request.lang)
        print(missing_message(missing), file=sys.stderr)
        return EXIT_ENVIRONMENT
    from possouk.ui.quick_start import run_quickly

    try:
        return run_quickly(request.db, request.register, request.lang, log_path=log_file())
    except Exception:
        from possouk.cli import report_bug

        return report_bug(args)
