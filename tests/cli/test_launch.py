"""The ``possouk`` command's entry point: the window's quick start, else the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from possouk import launch
from possouk.launch import WindowRequest, window_request
from tests.cli.conftest import Cli
from tests.conftest import Market


@pytest.mark.parametrize(("argv", "request_"), [
    ([], WindowRequest()),
    (["gui"], WindowRequest()),
    (["--db", "x.sqlite3"], WindowRequest(db="x.sqlite3")),
    (["gui", "--db=x.sqlite3", "--lang", "ar", "--register", "MEK1"],
     WindowRequest(db="x.sqlite3", lang="ar", register="MEK1")),
    (["--lang=fr", "gui", "--register", "MEK2"], WindowRequest(lang="fr", register="MEK2")),
])
def test_what_opens_the_window(argv: list[str], request_: WindowRequest | None) -> None:
    assert window_request(argv) == request_


@pytest.mark.parametrize("argv", [
    ["status"], ["--help"], ["--version"], ["gui", "--screenshot", "a.png"], ["--lang", "xx"],
    ["--db"], ["--db", "--lang", "ar"], ["--db", "a", "--db", "b"], ["--db="], ["gui", "gui"],
    ["--register", "MEK1"],  # only after gui, as the command line wants it
])
def test_anything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert window_request(argv) is None


def test_the_quick_start_gets_what_was_asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[tuple[str | None, str | None, str | None]] = []

    def run_quickly(db: str | None, register: str | None, lang: str | None, *,
                    log_path: Path) -> int:
        asked.append((db, register, lang))
        return 0

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr("possouk.ui.quick_start.run_quickly", run_quickly)
    assert launch.main(["--db", "x.sqlite3", "--lang", "ar", "gui", "--register", "MEK1"]) == 0
    assert asked == [("x.sqlite3", "MEK1", "ar")]


def test_when_the_quick_start_does_not_apply_the_command_line_opens_it(
        monkeypatch: pytest.MonkeyPatch, market: Market, cli: Cli) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr("possouk.ui.quick_start.run_quickly", lambda *a, **k: None)
    opened: list[str | None] = []
    monkeypatch.setattr("possouk.ui.opening.run",
                        lambda db, register, lang, **_: opened.append(register) or 0)
    assert launch.main(["--db", str(market.db.path), "gui", "--register", "MEK1"]) == 0
    assert opened == ["MEK1"]


def test_without_a_display_the_command_line_says_so(monkeypatch: pytest.MonkeyPatch,
                                                    market: Market, cli: Cli,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert launch.main(["--db", str(market.db.path)]) == 0
    out = capsys.readouterr().out
    assert "No display is available here" in out and "Sites: MEK (Meknès)" in out


def test_a_bug_in_the_quick_start_is_reported_like_any_other(
        monkeypatch: pytest.MonkeyPatch, cli: Cli, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_args: object, **_kwargs: object) -> int:
        raise ZeroDivisionError("on purpose")

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr("possouk.ui.quick_start.run_quickly", broken)
    assert launch.main([]) == 3
    assert "bug" in capsys.readouterr().err
    logs = list((tmp_path / "state").rglob("possouk.log"))
    assert logs and "ZeroDivisionError: on purpose" in logs[0].read_text(encoding="utf-8")
