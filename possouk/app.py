"""The composition root: the one place that picks the real database and the language.

The ``possouk`` command (and, later, the window) asks this module for an open
database and for the language to speak; nothing below it reads ``--db`` or the
environment on its own behalf.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from possouk.i18n import language_from_env, normalize_language, set_language

if TYPE_CHECKING:  # the window's quick start reads log_file() without loading SQLAlchemy
    from possouk.storage.uow import Database

LOG_FILE_NAME = "possouk.log"


def choose_language(requested: str | None = None) -> str:
    """Make ``requested`` (or, when absent, the environment's choice) the current language."""
    language = normalize_language(requested) or language_from_env()
    set_language(language)
    return language


def log_folder() -> Path:
    """The user's log folder, where bug reports with their tracebacks are written."""
    return Path(platformdirs.user_log_dir("possouk", appauthor=False))


def log_file() -> Path:
    """The file that receives bug reports."""
    return log_folder() / LOG_FILE_NAME


class App:
    """What one run of possouk works with: where its database is, opened on first use.

    ``location`` is ``--db`` as typed (a path or a URL); None means ``POSSOUK_DB``
    or the default file in the user's data folder (resolved by the storage layer).
    """

    def __init__(self, location: str | os.PathLike[str] | None = None) -> None:
        self.location: str | None = None if location is None else os.fspath(location)
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The database, opened (and created when new) on first use.

        An older schema is not upgraded silently: ``possouk db upgrade`` does that,
        after a backup, and says so.
        """
        if self._db is None:
            from possouk.storage.uow import open_database

            self._db = open_database(self.location, upgrade=False)
        return self._db

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        """Release the database (its connections and file handles)."""
        if self._db is not None:
            self._db.close()
            self._db = None
