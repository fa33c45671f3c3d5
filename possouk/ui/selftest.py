"""The window's part of the selftest: Qt loads, its platform plugin and fonts are there, and
an Arabic line is drawn (offscreen when there is no display)."""

from __future__ import annotations

import os

from possouk.domain.errors import N_
from possouk.i18n import render_message
from possouk.services.selftest import Check
from possouk.ui.display import display_available

__all__ = ["check_window"]


def check_window() -> Check:
    """Draw a label in Arabic and French with the window's fonts; report what is missing."""
    if not display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a bundle checked on a build machine
    try:
        from PySide6.QtWidgets import QLabel

        from possouk.ui.app import create_application

        app = create_application()
        label = QLabel("المتجر التضامني — Magasin solidaire")
        label.resize(400, 60)
        picture = label.grab()
        families = app.font().families()
        label.deleteLater()
    except Exception as error:  # a missing Qt library or plugin is what this check is for
        return Check(N_("The window"), False, f"{type(error).__name__}: {error}")
    if picture.isNull():
        return Check(N_("The window"), False, render_message(
            N_("Qt could not draw with the platform {platform}."),
            {"platform": os.environ.get("QT_QPA_PLATFORM", "")}))
    return Check(N_("The window"), True, render_message(
        N_("Qt draws ({platform}); fonts: {fonts}"),
        {"platform": app.platformName(), "fonts": ", ".join(families) or "—"}))
