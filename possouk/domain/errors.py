"""The three kinds of failure possouk tells apart (see DESIGN.md, Errors).

Messages are English gettext msgids marked with ``N_`` so that Babel extracts
them; the layer that shows them (CLI, window) translates them with
``possouk.i18n`` and fills in the parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


class PossoukError(Exception):
    """Base of every error possouk raises on purpose."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class UserError(PossoukError):
    """The user asked for something the rules refuse; nothing was changed."""


class PermissionDenied(UserError):
    """The acting user's role does not allow this action."""


class EnvironmentFault(PossoukError):
    """Something outside possouk failed (printer, disk, database lock); retry later."""


class OlderSchema(EnvironmentFault):
    """The database was written by an older possouk: it opens after ``possouk db upgrade`` (the
    window does that itself for a SQLite file, after a backup)."""


class IntegrityError(PossoukError):
    """A ledger chain does not hold: a document was changed, removed or inserted."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, at a 1-based row (header is row 1) and column."""

    row: int
    column: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


class FileRefused(UserError):
    """An input file was refused whole; ``problems`` lists each problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(N_("The file was refused: {count} problem(s) found."), count=len(problems))
        self.problems = problems


class BundleRefused(UserError):
    """An exchange bundle was refused whole: nothing of it was imported."""
