"""The back office's Exchange between sites: a site's bundle is previewed (checked and counted,
nothing written) before it is imported, a new site only once its key is compared, a changed
bundle refused with its sentence; a site sees what waits to be sent and writes its bundle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from possouk.i18n import FSI, set_language
from possouk.services import exchange
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database, open_database
from possouk.ui.backoffice.exchange import ExchangeSection
from possouk.ui.backoffice.window import SECTIONS
from tests.services.exchange_scenario import Site, build_catalog, new_site_database, person

WAIT = 20_000


@dataclass
class Exchange:
    """Head office, and the Meknès site's database after its first day, with its bundle."""

    office: Database
    catalog: Path
    meknes: Site
    bundle: Path


@pytest.fixture
def scene(tmp_path: Path) -> Exchange:
    office = open_database(tmp_path / "office.sqlite3")
    build_catalog(office)
    catalog = tmp_path / "catalog.pxb"
    exchange.export_catalog(office, COMMAND_LINE, catalog)
    meknes = Site(new_site_database(tmp_path / "mek.sqlite3", catalog), "MEK")
    meknes.first_day()
    bundle = tmp_path / "stick" / "possouk-MEK-20261129-2226.pxb"
    bundle.parent.mkdir()
    exchange.export_journal(meknes.db, COMMAND_LINE, bundle)
    return Exchange(office, catalog, meknes, bundle)


def _section(qtbot: QtBot, db: Database) -> ExchangeSection:
    set_language("en")  # the conftest puts the language back after the test
    widget = ExchangeSection(db, person(db, "salma"))
    qtbot.addWidget(widget)
    widget.resize(1040, 760)
    with qtbot.waitSignal(widget.loaded, timeout=WAIT):
        widget.refresh()
    return widget


@pytest.fixture
def office_section(qtbot: QtBot, scene: Exchange) -> ExchangeSection:
    return _section(qtbot, scene.office)


def _open_returns(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """QFileDialog.getOpenFileName answers ``path``; the titles it was shown with are kept."""
    asked: list[str] = []

    def chosen(_parent: QWidget, title: str, folder: str, _filter: str) -> tuple[str, str]:
        asked.append(title)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(chosen))
    return asked


def _preview(qtbot: QtBot, section: ExchangeSection, monkeypatch: pytest.MonkeyPatch,
             path: Path) -> None:
    _open_returns(monkeypatch, path)
    with qtbot.waitSignal(section.previewed, timeout=WAIT):
        section.choose_bundle_button.click()


def _counts(section: ExchangeSection) -> dict[str, str]:
    return {what: count for what, count in section.count_cells(section.journal_preview)}


def _held(db: Database) -> list[tuple[str, int]]:
    return [(s.origin.name, s.documents) for s in exchange.status(db).sites]


def test_the_section_is_in_the_back_office_after_import_and_export() -> None:
    keys = [s.key for s in SECTIONS]
    assert keys[keys.index("data") + 1] == "exchange"


def test_a_new_sites_bundle_is_counted_and_imported_only_once_its_key_is_compared(
        qtbot: QtBot, office_section: ExchangeSection, scene: Exchange,
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = office_section
    assert section.site_cells() == [] and not section.journal_preview.isVisibleTo(section)
    _preview(qtbot, section, monkeypatch, scene.bundle)
    panel = section.journal_preview
    assert _held(scene.office) == []  # a preview imports nothing
    counts = _counts(section)
    assert counts["Sales and refunds"] == "3"
    assert counts["Stock documents"] == "3"
    assert counts["Z reports"] == "1"
    site_key = exchange.identity(scene.meknes.db).fingerprint
    assert "MEK" in panel.summary.text() and site_key in panel.summary.text()
    assert panel.summary.property("state") == "ready"
    assert panel.key_box.isVisibleTo(section) and site_key in panel.key_value.text()
    assert not panel.confirm.isEnabled()
    section.import_bundle()  # refused before the key is compared: nothing happens
    assert _held(scene.office) == []

    panel.key_box.setChecked(True)
    assert panel.confirm.isEnabled()
    with qtbot.waitSignals([section.imported, section.loaded], timeout=WAIT):
        panel.confirm.click()
    held = _held(scene.office)
    assert [name for name, _documents in held] == ["MEK"] and held[0][1] > 0
    assert section.message.kind == "info"
    assert "MEK" in section.message.text() and site_key in section.message.text()
    [(site, key, _imported_at, bundles, documents)] = section.site_cells()
    assert (site, key, bundles, documents) == ("MEK", site_key, "1", str(held[0][1]))
    assert not panel.isVisibleTo(section)

    # the same bundle again: checked, nothing new, nothing to import
    _preview(qtbot, section, monkeypatch, scene.bundle)
    assert _counts(section) == {} and not panel.key_box.isVisibleTo(section)
    assert "already here" in panel.details.text()
    assert not panel.confirm.isEnabled()


def test_a_bundle_with_one_byte_changed_is_refused_and_cannot_be_imported(
        qtbot: QtBot, office_section: ExchangeSection, scene: Exchange,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = bytearray(scene.bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.pxb"
    changed.write_bytes(bytes(data))
    section = office_section
    _preview(qtbot, section, monkeypatch, changed)
    panel = section.journal_preview
    assert panel.summary.property("state") == "refused"
    assert "changed.pxb" in panel.summary.text() and "signature" in panel.summary.text()
    assert not panel.confirm.isEnabled() and not panel.key_box.isVisibleTo(section)
    assert _counts(section) == {}
    panel.key_box.setChecked(True)
    assert not panel.confirm.isEnabled()
    section.import_bundle()
    assert _held(scene.office) == []


def test_a_site_sees_what_waits_and_writes_its_bundle(
        qtbot: QtBot, scene: Exchange, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    section = _section(qtbot, scene.meknes.db)
    assert not section.office_card.isVisibleTo(section) and section.site_card.isVisibleTo(section)
    office_key = exchange.identity(scene.office).fingerprint
    assert office_key in section.office_label.text()
    pending = {row[0]: row[1] for row in section.pending_cells()}
    assert pending["Sales and refunds"] == "3" and pending["Z reports"] == "1"

    suggested: list[str] = []
    target = tmp_path / "stick" / "for-head-office"

    def save_as(_parent: QWidget, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    with qtbot.waitSignal(section.exported, timeout=WAIT):
        section.write_journal_button.click()
    assert re.fullmatch(r"possouk-[A-Z-]+-\d{8}-\d{4}\.pxb", Path(suggested[0]).name)
    written = target.with_suffix(".pxb")
    assert written.is_file()
    assert section.message.kind == "info" and "for-head-office.pxb" in section.message.text()
    got = exchange.import_journal(scene.office, COMMAND_LINE, written, preview=True)
    assert got.origin_name == "MEK" and got.imported.sales == 3
    with qtbot.waitSignal(section.loaded, timeout=WAIT):
        pass  # the section reads its status again after writing
    # the next bundle is offered in the folder just used, named after the sites it was for
    with qtbot.waitSignal(section.exported, timeout=WAIT):
        section.write_journal()
    assert Path(suggested[1]).parent == target.parent
    assert Path(suggested[1]).name.startswith("possouk-MEK-")


def test_a_new_sites_database_takes_head_offices_catalog_once_its_key_is_compared(
        qtbot: QtBot, scene: Exchange, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh = open_database(tmp_path / "fresh.sqlite3")
    build_catalog(fresh)  # an organizer to log in with; the catalog is the same
    section = _section(qtbot, fresh)
    assert section.site_card.isVisibleTo(section) and section.office_card.isVisibleTo(section)
    _open_returns(monkeypatch, scene.catalog)
    with qtbot.waitSignal(section.previewed, timeout=WAIT):
        section.take_catalog_button.click()
    panel = section.catalog_preview
    office_key = exchange.identity(scene.office).fingerprint
    assert panel.summary.property("state") == "ready" and office_key in panel.key_value.text()
    assert exchange.status(fresh).offices == []
    assert not panel.confirm.isEnabled()
    panel.key_box.setChecked(True)
    with qtbot.waitSignals([section.imported, section.loaded], timeout=WAIT):
        panel.confirm.click()
    assert section.message.kind == "info" and office_key in section.message.text()
    [office] = exchange.status(fresh).offices
    assert office.fingerprint == office_key
    assert office_key in section.office_label.text()
    assert not section.office_card.isVisibleTo(section)


def test_in_arabic_keys_and_files_keep_their_shape(
        qtbot: QtBot, office_section: ExchangeSection, scene: Exchange,
        monkeypatch: pytest.MonkeyPatch) -> None:
    section = office_section
    _preview(qtbot, section, monkeypatch, scene.bundle)
    set_language("ar")
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        section.retranslate()
        key = exchange.identity(scene.office).fingerprint
        assert f"{FSI}{key}" in section.identity.text()
        panel = section.journal_preview
        site_key = exchange.identity(scene.meknes.db).fingerprint
        assert f"\u2066{site_key}\u2069" == panel.key_value.text()
        assert "\u2066" in panel.file_label.text() and scene.bundle.name in panel.file_label.text()
        assert section.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_the_back_office_window_opens_it_with_the_help_of_import_and_export(
        qtbot: QtBot, scene: Exchange) -> None:
    from possouk.ui.backoffice.window import BackOfficeWindow
    from possouk.ui.help import topic_for

    window = BackOfficeWindow(scene.office, person(scene.office, "salma"))
    qtbot.addWidget(window)
    section = window.show_section("exchange")
    assert isinstance(section, ExchangeSection)
    qtbot.waitUntil(lambda: section.state is not None, timeout=WAIT)
    assert topic_for(section)[1] == "exchange"
    assert not section.site_card.isHidden() and not section.office_card.isHidden()  # nothing yet
