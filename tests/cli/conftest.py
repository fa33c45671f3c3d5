"""Running ``possouk`` in-process on a temporary database, in English, logging to tmp."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from possouk.cli import main
from possouk.i18n import current_language, set_language


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class TtyInput(io.StringIO):
    """Standard input that claims to be a terminal (for prompts and confirmations)."""

    def isatty(self) -> bool:
        return True


class Cli:
    """Calls :func:`possouk.cli.main` with ``--db`` on the test's database file."""

    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.db_path = db_path
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: str | io.StringIO | None = None) -> Result:
        if stdin is not None:
            self._monkeypatch.setattr("sys.stdin", io.StringIO(stdin) if isinstance(stdin, str) else stdin)
        self._capsys.readouterr()
        code = main(["--db", str(self.db_path), *args])
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)


@pytest.fixture(autouse=True)
def cli_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English answers, no stray POSSOUK_DB, bug reports written under tmp_path; the
    language (and the window's direction, after a picture in Arabic) put back after."""
    monkeypatch.setenv("POSSOUK_LANG", "en")
    monkeypatch.delenv("POSSOUK_DB", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = current_language()
    yield
    set_language(before)
    app = sys.modules.get("PySide6.QtWidgets")
    if app is not None and app.QApplication.instance() is not None:
        from possouk.ui.app import apply_language

        apply_language(app.QApplication.instance(), before)  # type: ignore[arg-type]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    # The same file as the ``db`` / ``market`` fixtures of tests/conftest.py.
    return Cli(tmp_path / "possouk.sqlite3", capsys, monkeypatch)
