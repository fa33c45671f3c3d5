"""``possouk gui``, ``possouk`` alone, ``possouk status``, and screenshots of the window."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from possouk.ui.display import display_available
from tests.cli.conftest import Cli
from tests.conftest import Market


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")


def test_status_prints_what_possouk_alone_printed(market: Market, cli: Cli) -> None:
    result = cli("status")
    assert result.code == 0, result.err
    assert "Sites: MEK (Meknès)" in result.out and "Registers: MEK1 (MEK)" in result.out


def test_without_a_display_the_window_says_so_and_shows_the_status(market: Market, cli: Cli,
                                                                   no_display: None) -> None:
    for command in ((), ("gui",)):
        result = cli(*command)
        assert result.code == 0, result.err
        assert "No display is available here" in result.out
        assert "Sites: MEK (Meknès)" in result.out


def test_a_screenshot_of_the_login_screen(market: Market, cli: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "shots" / "login.png"
    result = cli("gui", "--screenshot", str(picture), "--screen", "login")
    assert result.code == 0, result.err
    assert str(picture) in result.out
    assert _png_size(picture) == (1280, 800)


def test_a_screenshot_of_the_customer_display(market: Market, cli: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "customer.png"
    result = cli("gui", "--screenshot", str(picture), "--screen", "customer")
    assert result.code == 0, result.err
    assert _png_size(picture)[0] == 1280


def test_a_screenshot_needs_someone_who_may_sell(cli: Cli, tmp_path: Path) -> None:
    result = cli("gui", "--screenshot", str(tmp_path / "sale.png"), "--screen", "sale")
    assert result.code == 1
    assert "add a cashier first" in result.err


def test_display_available() -> None:
    assert not display_available({}, "linux")
    assert display_available({"DISPLAY": ":0"}, "linux")
    assert display_available({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert display_available({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert display_available({}, "win32") and display_available({}, "darwin")


def test_a_database_that_cannot_open_is_said_in_a_window_too(cli: Cli, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Started from a desktop icon there is no terminal to read the message in."""
    shown: list[str] = []
    monkeypatch.setattr("possouk.ui.app.show_startup_problem", shown.append)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    not_ours = tmp_path / "notes.sqlite3"
    not_ours.write_bytes(b"these are not the droids you are looking for" * 100)
    result = cli("--db", str(not_ours), "gui")
    assert result.code == 2
    assert shown == ["This file is not a possouk database."]
    assert shown[0] in result.err
