"""What an import would do, shown before anything is written: the import itself, run dry.

:func:`preview_import` runs :func:`possouk.services.imports.import_file` with
``dry_run=True``: the same parsing, the same checks against the database and the same
writes, in the same transaction, rolled back instead of committed. There is no second
validator: a preview lists exactly the problems the import would refuse the file for
(each with its row and column), or the rows and documents it would add. Imports only add
(a code, a sku or a paper sale already there is a problem), so nothing is ever "changed".

:func:`import_previewed` then imports the file previewed, all or nothing as always,
refusing when the preview found problems or the file changed since (its content is
compared, not its date).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from possouk.domain.errors import N_, FileRefused, Problem, UserError
from possouk.domain.model import User
from possouk.domain.permissions import Permission, require
from possouk.services import imports
from possouk.services.imports import ImportResult
from possouk.storage.uow import Database

__all__ = [
    "EXPORT_KINDS",
    "IMPORT_KINDS",
    "ImportPreview",
    "import_previewed",
    "preview_import",
]

IMPORT_KINDS: tuple[str, ...] = tuple(imports.HEADERS)
"""What a file can hold: cooperatives, products, intake (deposit slips), sales (paper sales)."""

EXPORT_KINDS: tuple[str, ...] = ("sales", "stock", "cooperatives", "products")
"""What can be exported (:data:`possouk.services.exports.KINDS`, named here so that choosing
does not load the spreadsheet writers)."""

CHANGED = N_("The file {name} changed since its preview: preview it again before importing it.")
NOT_READY = N_("The preview of {name} found problems: fix the file and preview it again. "
               "Nothing was imported.")


@dataclass(frozen=True)
class ImportPreview:
    """What importing ``path`` as ``kind`` would do now.

    ``problems`` (row order) is every problem the import would refuse the file for; when
    there is none, ``rows`` data rows would be added, recording ``documents`` deposit
    slips (intake) or sales (paper sales).
    """

    kind: str
    path: Path
    digest: str
    rows: int
    documents: int
    problems: tuple[Problem, ...]

    @property
    def ready(self) -> bool:
        """True when the file can be imported as it is."""
        return not self.problems

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns a file of this kind must have, in order."""
        return imports.HEADERS[self.kind]


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise UserError(N_("The file {path} cannot be read: {reason}"), path=str(path),
                        reason=exc.strerror or str(exc)) from exc


def preview_import(db: Database, actor: User, kind: str, path: Path) -> ImportPreview:
    """What importing ``path`` (CSV or XLSX) as ``kind`` would do, with nothing written.

    The problems of a refused file come back in the preview; other refusals (an unknown
    kind or file type, a file that cannot be read, a user who may not import) raise
    :class:`UserError` as the import would.
    """
    require(actor, Permission.IMPORT_EXPORT)
    digest = _digest(path)
    try:
        result = imports.import_file(db, actor, kind, path, dry_run=True)
    except FileRefused as refused:
        problems = tuple(sorted(refused.problems, key=lambda p: p.row))
        return ImportPreview(kind, path, digest, 0, 0, problems)
    return ImportPreview(kind, path, digest, result.rows, result.documents, ())


def import_previewed(db: Database, actor: User, preview: ImportPreview) -> ImportResult:
    """Import the file of ``preview`` (all or nothing: :func:`imports.import_file`).

    Refused with :class:`UserError` when the preview found problems or the file's
    content changed since; the import checks everything again anyway.
    """
    require(actor, Permission.IMPORT_EXPORT)
    if not preview.ready:
        raise UserError(NOT_READY, name=preview.path.name)
    if _digest(preview.path) != preview.digest:
        raise UserError(CHANGED, name=preview.path.name)
    return imports.import_file(db, actor, preview.kind, preview.path)
