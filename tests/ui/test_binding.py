"""The Qt binding itself: a release that leaks references to None would abort the window.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every call of a
method returning void; after a few hundred scans the interpreter freed ``None`` and
the till died ("none_dealloc"). pyproject.toml keeps that release out; this test
fails on any release that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_the_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm-up")
    before = sys.getrefcount(None)
    for i in range(200):
        label.setText(str(i))
        label.update()
        label.adjustSize()
    assert sys.getrefcount(None) - before > -50  # a leak would show as −600
