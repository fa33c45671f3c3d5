"""Starting the window: the Qt application, its fonts, its style, its language.

This module is read before the login screen's first paint, so it imports nothing
heavy (no database, no services): see :mod:`possouk.ui.quick_start`.

The fonts come from the font packages installed with possouk (Noto Sans for
Latin letters and digits, Noto Sans Arabic for Arabic), so every machine draws
the same letters whatever fonts its system has.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from possouk.hardware.fonts import FontMissing, font_path
from possouk.i18n import is_rtl, set_language

__all__ = [
    "FONT_POINTS", "STYLE", "apply_language", "create_application", "pick_register",
    "show_startup_problem",
]

_log = logging.getLogger(__name__)

FONT_POINTS = 15
ICON = Path(__file__).with_name("possouk.png")
"""The icon of every window (drawn by installer/make-icon.py)."""

STYLE = """
QWidget { color: #1d232a; }
QMainWindow, QWidget#screen { background: #f6f4ef; }
QPushButton {
    background: #ffffff; border: 1px solid #b9b2a3; border-radius: 8px;
    padding: 6px 14px; min-height: 44px;
}
QPushButton:pressed, QPushButton:checked { background: #e2d6bd; }
QPushButton:disabled { color: #9a958c; }
QPushButton#primary { background: #1f6f4a; color: #ffffff; border-color: #1f6f4a; font-weight: 600; }
QPushButton#primary:disabled { background: #9cbfae; border-color: #9cbfae; }
QPushButton#tile { text-align: center; min-height: 72px; padding: 2px; }
QLineEdit, QComboBox { background: #ffffff; border: 1px solid #b9b2a3; border-radius: 6px;
    padding: 4px 8px; min-height: 40px; }
QLabel#title { font-size: 20pt; font-weight: 600; }
QLabel#fieldError { color: #b00020; }
QWidget#topBar { background: #2b3a42; }
QWidget#topBar QLabel { color: #ffffff; }
QWidget#topBar QPushButton { background: #3c4f59; color: #ffffff; border-color: #566a74;
    min-height: 36px; padding: 2px 12px; }
QWidget#topBar QPushButton:checked { background: #d9a441; color: #1d232a; }
QWidget#topBar QPushButton:disabled { color: #8fa0a8; }
QStatusBar QLabel { padding: 0 8px; font-size: 12pt; }
"""


@cache
def _load_fonts() -> list[str]:
    """Register the packaged fonts with Qt once; the families, Latin first then Arabic."""
    families: list[str] = []
    for role in ("ui-latin", "arabic"):
        try:
            path = font_path(role)
        except FontMissing as missing:  # the system's fonts will do, less alike
            _log.warning("%s", missing)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            _log.warning("Qt could not load the font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id)[:1])
    return families


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The Qt application (the running one when there is already one), fonts and style set."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName("possouk")
    app.setDesktopFileName("possouk")  # Wayland and the task bars match the desktop entry
    app.setWindowIcon(QIcon(str(ICON)))
    families = _load_fonts()
    font = QFont(app.font())
    if families:
        font.setFamilies(families)
    font.setPointSize(FONT_POINTS)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    return app


_qt_translator: QTranslator | None = None


def _load_qt_translations(app: QApplication, code: str) -> None:
    """Qt's own words (the buttons of its dialogs, a line edit's menu) in ``code``."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if code == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(code), "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def apply_language(app: QApplication, code: str) -> None:
    """Speak ``code`` from now on: gettext's language and the direction of every layout."""
    set_language(code)
    _load_qt_translations(app, code)
    direction = Qt.LayoutDirection.RightToLeft if is_rtl(code) else Qt.LayoutDirection.LeftToRight
    app.setLayoutDirection(direction)


def pick_register(asked: str | None, remembered: str | None, codes: list[str]) -> str:
    """The register of this window among ``codes``: the one asked, else the machine's, else
    the only one; "" when none is known yet (several registers: the login screen asks)."""
    if asked:
        return asked
    if remembered and remembered in codes:
        return remembered
    return codes[0] if len(codes) == 1 else ""


def show_startup_problem(text: str) -> None:
    """A window saying why possouk cannot open its database (a desktop icon has no terminal)."""
    from PySide6.QtWidgets import QMessageBox

    create_application()
    QMessageBox.critical(None, "possouk", text)
