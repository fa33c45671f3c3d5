"""Choosing a table's row from the program, in both directions: Qt's own ``selectRow``
selects nothing when the application lays out right to left (Arabic)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from possouk.ui.app import create_application
from possouk.ui.backoffice.cooperatives import CooperativesSection
from possouk.ui.widgets import select_row
from possouk.ui.workers import wait_for_jobs
from tests.conftest import Market


@pytest.fixture(params=[Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft])
def direction(request: pytest.FixtureRequest) -> Iterator[Qt.LayoutDirection]:
    app = create_application()
    app.setLayoutDirection(request.param)
    yield request.param
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_the_row_is_selected_whole_and_current(qtbot: QtBot,
                                               direction: Qt.LayoutDirection) -> None:
    table = QTableWidget(4, 3)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    for row in range(4):
        for column in range(3):
            table.setItem(row, column, QTableWidgetItem(f"{row}-{column}"))
    qtbot.addWidget(table)
    table.show()
    select_row(table, 2)
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]
    assert table.currentRow() == 2
    select_row(table, 9)  # no such row: nothing changes
    assert [i.row() for i in table.selectionModel().selectedRows()] == [2]


def test_a_cooperative_chosen_in_arabic_opens_in_the_form(qtbot: QtBot, market: Market,
                                                          direction: Qt.LayoutDirection) -> None:
    section = CooperativesSection(market.db, market.organizer)
    qtbot.addWidget(section)
    section.resize(1280, 760)
    section.show()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.refresh()
    assert section.select("COOP2")
    assert section.editing is not None and section.editing.code == "COOP2"
    assert section.inputs["code"].isReadOnly()
    wait_for_jobs()
