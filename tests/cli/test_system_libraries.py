"""The system libraries Qt's window needs on Linux: checked before Qt, named with their package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from possouk import launch
from possouk.i18n import LANGUAGES, render_message
from possouk.ui import system_libraries
from possouk.ui.system_libraries import missing_libraries, missing_message, qt_platform
from tests.cli.conftest import Cli
from tests.conftest import Market


def _without(*absent: str) -> Callable[[str], bool]:
    return lambda name: name not in absent


def test_an_x11_window_needs_xcb_cursor_and_says_which_package() -> None:
    missing = missing_libraries("xcb", system="linux", loads=_without("libxcb-cursor.so.0"))
    assert missing == [("libxcb-cursor.so.0", "libxcb-cursor0")]
    # Offscreen pictures do not need the X11 libraries, but do need OpenGL's.
    assert missing_libraries("offscreen", system="linux", loads=_without("libxcb-cursor.so.0")) == []
    assert missing_libraries("offscreen", system="linux", loads=_without("libEGL.so.1")) == [
        ("libEGL.so.1", "libegl1")]


def test_a_wayland_session_needs_x11_only_as_its_fallback() -> None:
    no_cursor = _without("libxcb-cursor.so.0")
    assert missing_libraries("wayland", system="linux", loads=no_cursor) == []
    without_wayland = _without("libxcb-cursor.so.0", "libwayland-cursor.so.0")
    assert missing_libraries("wayland", system="linux", loads=without_wayland) == [
        ("libxcb-cursor.so.0", "libxcb-cursor0")]


def test_windows_and_macos_bundles_carry_their_own() -> None:
    for system in ("win32", "darwin"):
        assert missing_libraries("xcb", system=system, loads=lambda _name: False) == []


def test_this_machine_has_what_the_tests_draw_with() -> None:
    assert missing_libraries("offscreen") == []


@pytest.mark.parametrize(("env", "platform"), [
    ({}, "xcb"), ({"DISPLAY": ":0"}, "xcb"), ({"WAYLAND_DISPLAY": "wayland-0"}, "wayland"),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "xcb"),
    ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"), ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
])
def test_the_platform_qt_will_use(env: dict[str, str], platform: str) -> None:
    assert qt_platform(env) == platform


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_message_names_libraries_and_the_command(lang: str) -> None:
    from possouk.i18n import set_language

    set_language(lang)
    try:
        text = missing_message([("libxcb-cursor.so.0", "libxcb-cursor0"), ("libGL.so.1", "libgl1")])
    finally:
        set_language("en")
    assert "libxcb-cursor.so.0, libGL.so.1" in text
    assert "sudo apt install libgl1 libxcb-cursor0" in text
    assert "\u2068" not in text  # no bidi isolates: a terminal would show them as boxes
    if lang != "en":
        assert text != render_message(system_libraries.MISSING, {
            "libraries": "libxcb-cursor.so.0, libGL.so.1", "packages": "libgl1 libxcb-cursor0"},
            lang="en")


def test_the_window_does_not_start_without_them(monkeypatch: pytest.MonkeyPatch, market: Market,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(system_libraries, "_loads", _without("libxcb-cursor.so.0"))
    monkeypatch.setattr("possouk.ui.quick_start.run_quickly",
                        lambda *a, **k: pytest.fail("the window was opened"))
    assert launch.main(["--db", str(market.db.path), "--lang", "en"]) == 2
    assert "libxcb-cursor.so.0" in capsys.readouterr().err


def test_no_picture_without_them(monkeypatch: pytest.MonkeyPatch, market: Market, cli: Cli,
                                 tmp_path: Path) -> None:
    monkeypatch.setattr(system_libraries, "_loads", _without("libEGL.so.1"))
    picture = tmp_path / "login.png"
    done = cli("gui", "--screenshot", str(picture))
    assert done.code == 2 and "sudo apt install libegl1" in done.err
    assert not picture.exists()
