"""What this machine is: which register, which language, whether the customer display shows.

A small JSON file in the user's configuration folder (``POSSOUK_CONFIG_DIR``
overrides it, for tests and for a shop that keeps settings elsewhere). It is
written atomically (a temporary file then :func:`os.replace`), so a power cut
leaves the old settings or the new ones, never half a file. A damaged file is
not a reason to refuse to start: the defaults are used and a warning is logged.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

from possouk.i18n import normalize_language
from possouk.services.files import write_atomically, write_fault

__all__ = ["MachineSettings", "config_dir", "load", "save", "settings_file"]

_log = logging.getLogger(__name__)

FILE_NAME = "machine.json"


@dataclass(frozen=True)
class MachineSettings:
    """The settings of one machine (not of the store: those live in the database)."""

    register: str | None = None
    language: str | None = None
    customer_display: bool = False


def config_dir(folder: str | os.PathLike[str] | None = None) -> Path:
    """The folder of the settings file: ``folder``, else ``$POSSOUK_CONFIG_DIR``, else the user's."""
    if folder is not None:
        return Path(folder)
    from_env = os.environ.get("POSSOUK_CONFIG_DIR")
    if from_env:
        return Path(from_env)
    return Path(platformdirs.user_config_dir("possouk", appauthor=False))


def settings_file(folder: str | os.PathLike[str] | None = None) -> Path:
    return config_dir(folder) / FILE_NAME


def _from_json(data: Any) -> MachineSettings:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    register = data.get("register")
    language = normalize_language(data.get("language")) if isinstance(data.get("language"), str) else None
    return MachineSettings(
        register=register if isinstance(register, str) and register.strip() else None,
        language=language,
        customer_display=data.get("customer_display") is True,
    )


def load(folder: str | os.PathLike[str] | None = None) -> MachineSettings:
    """This machine's settings; the defaults when there is no file or it cannot be read."""
    path = settings_file(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return MachineSettings()
    except OSError as exc:
        _log.warning("machine settings %s could not be read (%s); using the defaults", path, exc)
        return MachineSettings()
    try:
        return _from_json(json.loads(text))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        _log.warning("machine settings %s are damaged (%s); using the defaults", path, exc)
        return MachineSettings()


def save(settings: MachineSettings, folder: str | os.PathLike[str] | None = None) -> Path:
    """Write the settings atomically; returns the file's path.

    Raises :class:`~possouk.domain.errors.EnvironmentFault` when the file cannot be written.
    """
    path = settings_file(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only or full home folder: said as any unwritable file
        raise write_fault(path, exc) from exc
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
    return path
