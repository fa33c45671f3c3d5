"""The back office's Import and export: a file is previewed (the import run dry) before
anything is written, every problem listed with its row and column; Import is enabled only
for a clean preview and writes all or nothing; exports write files that read back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from possouk.i18n import set_language
from possouk.services.imports import HEADERS, PRODUCT_EXPORT_EXTRA
from possouk.services.tabular import read_table
from possouk.ui.backoffice.data_io import DataSection
from tests.conftest import Market
from tests.services.test_imports import FIXTURES, GOOD_PRODUCT, product_file, table_counts


@pytest.fixture
def section(qtbot: QtBot, market: Market) -> DataSection:
    widget = DataSection(market.db, market.organizer)
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    with qtbot.waitSignal(widget.loaded, timeout=5_000):
        widget.refresh()
    return widget


def _preview(qtbot: QtBot, section: DataSection, kind: str, path: Path) -> None:
    section.set_import_kind(kind)
    with qtbot.waitSignal(section.previewed, timeout=20_000):
        section.set_file(path)


def _two_bad_rows(tmp_path: Path) -> Path:
    return product_file(
        tmp_path,
        GOOD_PRODUCT,
        ["COOP1", "NEW-2", "", "عسل", "Miel", "honey", "piece", "dix", "", "0"],  # row 3: price
        ["COOP1", "NEW-3", "", "عسل", "Miel", "honey", "box", "10", "", "0"],  # row 4: unit
    )


def test_nothing_to_import_before_a_file_is_chosen(section: DataSection) -> None:
    assert not section.import_button.isEnabled() and not section.check_button.isEnabled()
    assert section.problems.isHidden()


def test_a_file_with_two_bad_rows_lists_both_and_writes_nothing(
        qtbot: QtBot, section: DataSection, market: Market, tmp_path: Path) -> None:
    path = _two_bad_rows(tmp_path)
    before = table_counts(market.db)
    section.ask_open_path = lambda: path  # type: ignore[method-assign]
    section.set_import_kind("products")
    with qtbot.waitSignal(section.previewed, timeout=20_000):
        section.choose_button.click()
    assert table_counts(market.db) == before
    cells = section.problem_cells()
    assert [(row, column) for row, column, _message in cells] == [("3", "price (H)"),
                                                                   ("4", "unit (G)")]
    assert "dix" in cells[0][2] and "box" in cells[1][2]
    assert not section.import_button.isEnabled()
    assert not section.problems.isHidden()
    assert section.summary.text().startswith("2 ")
    section.import_previewed()  # refused without a clean preview: nothing happens
    assert table_counts(market.db) == before


def test_the_problems_are_translated(qtbot: QtBot, section: DataSection, tmp_path: Path) -> None:
    _preview(qtbot, section, "products", _two_bad_rows(tmp_path))
    english = section.problem_cells()[1][2]
    set_language("ar")
    section.retranslate()
    arabic = section.problem_cells()[1][2]
    assert arabic != english and "box" in arabic
    assert section.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_a_clean_file_is_counted_then_imported(qtbot: QtBot, section: DataSection,
                                               market: Market, tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    shutil.copy(FIXTURES / "products.csv", path)
    before = table_counts(market.db)
    _preview(qtbot, section, "products", path)
    assert table_counts(market.db) == before
    assert "4" in section.summary.text() and section.problem_cells() == []
    assert section.import_button.isEnabled()
    with qtbot.waitSignal(section.imported, timeout=20_000):
        section.import_button.click()
    after = table_counts(market.db)
    assert after["products"] == before["products"] + 4
    assert section.message.kind == "info" and "4" in section.message.text()
    assert not section.import_button.isEnabled()  # once: a second import needs a new preview
    # checked again, the same file now names every sku already there
    with qtbot.waitSignal(section.previewed, timeout=20_000):
        section.check_button.click()
    assert [cell[1] for cell in section.problem_cells()].count("sku (B)") == 4


def test_deposits_say_how_many_slips(qtbot: QtBot, section: DataSection, market: Market) -> None:
    before = table_counts(market.db)
    _preview(qtbot, section, "intake", FIXTURES / "intake.csv")
    assert table_counts(market.db) == before
    assert "3" in section.summary.text() and "2" in section.summary.text()
    assert section.import_button.isEnabled()


def test_another_kind_checks_the_file_again(qtbot: QtBot, section: DataSection) -> None:
    _preview(qtbot, section, "intake", FIXTURES / "intake.csv")
    assert section.import_button.isEnabled()
    with qtbot.waitSignal(section.previewed, timeout=20_000):
        section.set_import_kind("products")
    assert not section.import_button.isEnabled()
    assert section.problem_cells()[0][0] == "1"  # the header is not that of products


def test_a_file_changed_since_its_preview_is_not_imported(
        qtbot: QtBot, section: DataSection, market: Market, tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    shutil.copy(FIXTURES / "products.csv", path)
    _preview(qtbot, section, "products", path)
    path.write_text(path.read_text(encoding="utf-8") + "COOP1,X-1,,س,Y,honey,piece,dix,,0\n",
                    encoding="utf-8")
    before = table_counts(market.db)
    with qtbot.waitSignals([section.imported, section.previewed], timeout=20_000):
        section.import_previewed()
    assert table_counts(market.db) == before
    assert section.message.kind == "error"
    assert [cell[:2] for cell in section.problem_cells()] == [("6", "price (H)")]


def test_who_may_not_import_is_told(qtbot: QtBot, market: Market) -> None:
    widget = DataSection(market.db, market.supervisor)
    qtbot.addWidget(widget)
    _preview(qtbot, widget, "products", FIXTURES / "products.csv")
    assert widget.message.kind == "error" and not widget.import_button.isEnabled()


def test_an_export_writes_a_file_that_reads_back(qtbot: QtBot, section: DataSection,
                                                 tmp_path: Path) -> None:
    section.set_export("products", "xlsx")
    assert not section.period.isEnabled()
    asked: list[Path] = []

    def ask_path(suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path / "catalogue"

    section.ask_path = ask_path  # type: ignore[method-assign]
    with qtbot.waitSignal(section.exported, timeout=20_000):
        section.export_button.click()
    assert asked[0].name == "products.xlsx"
    table = read_table(tmp_path / "catalogue.xlsx")
    assert table.header == [*HEADERS["products"], *PRODUCT_EXPORT_EXTRA]
    assert sorted(cells[1] for _n, cells in table.rows) == ["FIG-1", "HON-1", "OIL-1", "SOAP-1"]
    assert section.message.kind == "info" and section.message.text().startswith("4 ")


def test_a_sales_export_for_a_period(qtbot: QtBot, section: DataSection, market: Market,
                                     tmp_path: Path) -> None:
    market.sell([(market.honey, 2000), (market.soap, 1000)])
    section.set_export("sales", "csv", (date(2000, 1, 1), date(2100, 12, 31)))
    assert section.period.isEnabled() and section.from_date.isEnabled()
    section.ask_path = lambda suggested: tmp_path / suggested.name  # type: ignore[method-assign]
    with qtbot.waitSignal(section.exported, timeout=20_000):
        section.ask_export()
    [written] = tmp_path.glob("sales-2000-01-01-2100-12-31.csv")
    table = read_table(written)
    assert sorted(cells[8] for _n, cells in table.rows) == ["HON-1", "SOAP-1"]
    # a period before the sale: a file with the header only
    section.set_export("sales", "csv", (date(2000, 1, 1), date(2000, 1, 2)))
    with qtbot.waitSignal(section.exported, timeout=20_000):
        section.ask_export()
    assert (tmp_path / "sales-2000-01-01-2000-01-02.csv").read_text(encoding="utf-8").count("\n") == 1


def test_a_period_that_ends_before_it_starts_is_refused(qtbot: QtBot, section: DataSection,
                                                        tmp_path: Path) -> None:
    section.set_export("sales", "csv", (date(2026, 5, 2), date(2026, 5, 1)))
    section.ask_path = lambda suggested: tmp_path / "x.csv"  # type: ignore[method-assign]
    with qtbot.waitSignal(section.exported, timeout=20_000):
        section.ask_export()
    assert section.message.kind == "error" and not (tmp_path / "x.csv").exists()
