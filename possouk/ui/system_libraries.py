"""The system libraries Qt's window needs on Linux, checked before Qt is loaded.

Without them Qt stops with "could not load the Qt platform plugin" and a list of
plugin names that means nothing to a cashier. Checked first, each missing library
is named with the Debian package that brings it, in the user's language.

The Linux bundle carries most of them (PyInstaller copies what Qt links); the
graphics libraries (``libGL``, ``libEGL``) and ``libxcb`` always come from the
system. A library counts as present when the bundle holds it or the system's
loader finds it. Only the standard library is imported here: this runs before
the window's first paint.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from possouk.domain.errors import N_
from possouk.i18n import render_message

__all__ = ["ALWAYS", "MISSING", "WAYLAND", "X11", "missing_libraries", "missing_message", "missing_params",
           "qt_platform"]

# Every Qt window, even drawn offscreen (the pictures of --screenshot, the self-test).
ALWAYS: Mapping[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
}

# A window on an X11 display (Qt's xcb platform), since Qt 6.5 with libxcb-cursor.
X11: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


# A window on a Wayland session (Qt tries it first there, then X11 through XWayland).
WAYLAND: Mapping[str, str] = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}


def qt_platform(environ: Mapping[str, str] | None = None) -> str:
    """The Qt platform the window will use, as Qt chooses it: ``QT_QPA_PLATFORM``, else
    ``wayland`` in a Wayland session (or with only a Wayland display), else ``xcb``."""
    env = os.environ if environ is None else environ
    asked = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if asked:
        return asked
    if env.get("WAYLAND_DISPLAY") and (env.get("XDG_SESSION_TYPE") == "wayland"
                                       or not env.get("DISPLAY")):
        return "wayland"
    return "xcb"


def _bundle_folders() -> list[Path]:
    """Where a frozen bundle keeps its libraries (none when possouk runs from Python)."""
    root = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or root is None:
        return []
    base = Path(root)
    return [base, base.joinpath("PySide6", "Qt", "lib")]


def _loads(name: str) -> bool:
    if any(folder.joinpath(name).exists() for folder in _bundle_folders()):
        return True
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(platform: str, *, system: str | None = None,
                      loads: Callable[[str], bool] | None = None) -> list[tuple[str, str]]:
    """(library, Debian package) for each library the window needs on ``platform`` and
    cannot load; empty off Linux (Windows and macOS bundles carry what Qt needs)."""
    if not (sys.platform if system is None else system).startswith("linux"):
        return []
    loads = loads or _loads
    missing = [(name, package) for name, package in ALWAYS.items() if not loads(name)]
    wayland = [(name, package) for name, package in WAYLAND.items() if not loads(name)]
    if platform == "wayland" and not wayland:
        return missing
    if platform in ("xcb", "wayland"):  # Qt falls back to X11 when Wayland cannot be used
        missing += [(name, package) for name, package in X11.items() if not loads(name)]
    return missing


MISSING = N_("possouk cannot open its window: these system libraries are missing: {libraries}. "
             "Install them with: sudo apt install {packages}")


def missing_params(missing: list[tuple[str, str]]) -> dict[str, str]:
    """The libraries and the packages that bring them, for :data:`MISSING`."""
    return {"libraries": ", ".join(name for name, _package in missing),
            "packages": " ".join(sorted({package for _name, package in missing}))}


def missing_message(missing: list[tuple[str, str]]) -> str:
    """What to tell the person: the libraries, and the command that installs them."""
    return render_message(MISSING, missing_params(missing),
                          plain=frozenset({"libraries", "packages"}))  # no isolates in a terminal
