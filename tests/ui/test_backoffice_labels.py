"""The back office's Labels: products searched in both languages and filtered by cooperative,
a list to print with copies, its A4 sheets saved as a PDF, single labels sent to the
receipt printer (kept in the queue when there is none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from possouk.domain.errors import N_
from possouk.i18n import render_message, set_language
from possouk.reports.labels import GRIDS
from possouk.services import labels, printing
from possouk.ui.backoffice.labels import GRID_CHOICES, MAX_COPIES, LabelsSection, grid_text
from tests.conftest import Market


@pytest.fixture
def section(qtbot: QtBot, market: Market) -> LabelsSection:
    widget = LabelsSection(market.db, market.supervisor)
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.refresh()
    return widget


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _select(section: LabelsSection, skus: list[str]) -> None:
    """Select the rows of ``skus`` in the products shown, as a user would with Ctrl."""
    shown = section.shown_skus()
    model = section.table.selectionModel()
    model.clearSelection()
    for sku in skus:
        index = section.proxy.index(shown.index(sku), 0)
        model.select(index, QItemSelectionModel.SelectionFlag.Select
                     | QItemSelectionModel.SelectionFlag.Rows)


def test_the_sheets_and_copies_are_those_the_services_know() -> None:
    assert MAX_COPIES == labels.MAX_COPIES
    assert [g[0] for g in GRID_CHOICES] == list(GRIDS)
    for name, columns, rows, width, height in GRID_CHOICES:
        grid = GRIDS[name]
        assert (grid.columns, grid.rows) == (columns, rows)
        assert round(grid.label_width / 72 * 25.4 * 10) == width
        assert round(grid.label_height / 72 * 25.4 * 10) == height


def test_products_on_sale_searched_in_both_languages_and_by_cooperative(
        section: LabelsSection) -> None:
    assert sorted(section.shown_skus()) == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    section.search.setText("miel")
    assert section.shown_skus() == ["HON-1"]
    section.search.setText("زيت")
    assert section.shown_skus() == ["OIL-1"]
    section.search.setText("")
    section.set_cooperative("COOP2")
    assert sorted(section.shown_skus()) == ["OIL-1", "SOAP-1"]
    section.search.setText("savon")
    assert section.shown_skus() == ["SOAP-1"]
    assert section.shown_count.text().startswith("1 ")


def test_the_list_to_print_counts_labels_and_sheets(section: LabelsSection) -> None:
    assert not section.save_button.isEnabled() and not section.print_button.isEnabled()
    section.add(["HON-1"])
    section.add(["HON-1"])  # once more: one more copy, not a second line
    assert section.entries() == [("HON-1", 2)]
    section.set_copies("HON-1", 25)
    assert "25" in section.summary.text() and "2" in section.summary.text().split("–")[1]
    section.set_grid("4x10")
    assert "1" in section.summary.text().split("–")[1]
    assert section.save_button.isEnabled() and section.print_button.isEnabled()
    section.clear_chosen()
    assert section.entries() == [] and not section.save_button.isEnabled()


def test_the_sheet_pdf_of_three_chosen_products_holds_their_skus(
        qtbot: QtBot, section: LabelsSection, tmp_path: Path) -> None:
    _select(section, ["HON-1", "OIL-1", "SOAP-1"])
    section.add_button.click()
    assert [sku for sku, _copies in section.entries()] == ["HON-1", "OIL-1", "SOAP-1"]
    section.set_copies("OIL-1", 2)
    asked: list[Path] = []

    def ask_path(suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path / "sheets"  # no extension: .pdf is added

    section.ask_path = ask_path  # type: ignore[method-assign]
    with qtbot.waitSignal(section.saved, timeout=20_000):
        section.save_button.click()
    path = tmp_path / "sheets.pdf"
    assert asked and asked[0].suffix == ".pdf"
    assert section.message.kind == "info" and "4" in section.message.text()
    text = _pdf_text(path)
    assert text.count("HON-1") == 1 and text.count("OIL-1") == 2 and text.count("SOAP-1") == 1
    assert "FIG-1" not in text
    assert not list(tmp_path.glob(".*part"))  # written atomically: no temporary file left


def test_a_cancelled_save_writes_nothing(qtbot: QtBot, section: LabelsSection,
                                         tmp_path: Path) -> None:
    section.add(["HON-1"])
    section.ask_path = lambda suggested: None  # type: ignore[method-assign]
    section.save_button.click()
    assert not section.working and section.message.kind == ""


def test_a_sheet_that_cannot_be_written_says_why(qtbot: QtBot, section: LabelsSection,
                                                 tmp_path: Path) -> None:
    section.add(["HON-1"])
    section.ask_path = lambda suggested: tmp_path / "missing" / "x.pdf"  # type: ignore[method-assign]
    with qtbot.waitSignal(section.saved, timeout=20_000):
        section.ask_save_pdf()
    assert section.message.kind == "fault"
    assert section.save_button.isEnabled()


def test_printing_without_a_printer_keeps_the_labels_in_the_queue(
        qtbot: QtBot, section: LabelsSection, market: Market) -> None:
    section.add(["HON-1", "FIG-1"])
    section.add(["SOAP-1"], copies=3)
    with qtbot.waitSignal(section.printed, timeout=20_000):
        section.print_button.click()
    assert section.message.kind == "fault"
    text = section.message.text()
    assert render_message(N_("Labels of {skus} kept in the print queue: {reason}"),
                          {"skus": "HON-1, FIG-1, SOAP-1", "reason": ""}) in text
    queued = printing.pending(market.db)
    assert [(job.kind, job.reference) for job in queued] == [
        ("label", "HON-1"), ("label", "FIG-1"), ("label", "SOAP-1")]
    assert section.print_button.isEnabled()


def test_in_arabic_the_section_reads_right_to_left(section: LabelsSection) -> None:
    set_language("ar")
    section.retranslate()
    assert section.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert section.grid.itemText(0).startswith("3 × 8")
    assert "48,5 × 25,4" in grid_text("4x10")
    section.add(["HON-1"])
    item = section.chosen.item(0, 1)
    assert item is not None and item.text() == "عسل الزعتر"
    set_language("fr")
    section.retranslate()
    assert item.text() == "Miel de thym"
