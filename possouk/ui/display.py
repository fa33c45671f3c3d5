"""Whether a window can open here at all (no Qt imported to find out)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

__all__ = ["display_available"]


def display_available(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """False on Linux and the BSDs without X11 or Wayland (and no Qt platform asked for)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if env.get("QT_QPA_PLATFORM"):
        return True
    if system.startswith(("win", "darwin", "cygwin")):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
