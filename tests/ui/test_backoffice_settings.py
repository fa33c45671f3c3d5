"""The back office's Settings section, built directly over the market's ledger."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from possouk.hardware.printers import PrinterKind
from possouk.i18n import current_language, set_language
from possouk.services import catalog, maintenance, printing, settings_admin, setup
from possouk.ui.backoffice.settings import SettingsSection
from possouk.ui.backoffice.users import CheckedField
from tests.conftest import Market


@pytest.fixture(autouse=True)
def french() -> None:
    set_language("fr")


def _type(field: CheckedField, typed: str) -> None:
    """Type ``typed`` into the field as a person would (the field checks it as it changes)."""
    field.edit.setText(typed)
    field.edit.textEdited.emit(typed)


def _answering(answer: bool, asked: list[str]) -> Callable[[str], bool]:
    def ask(question: str) -> bool:
        asked.append(question)
        return answer
    return ask


def _section(qtbot: QtBot, market: Market) -> SettingsSection:
    section = SettingsSection(market.db, market.organizer)
    qtbot.addWidget(section)
    section.resize(1050, 800)
    section.show()
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.refresh()
    return section


def test_the_forms_show_the_settings(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    assert section.identity["name_fr"].value == "Magasin solidaire"
    assert section.commission.value == "10"
    assert section.cutoff.time().hour() == 4
    assert section.tolerance.value == "2.00"
    assert sorted(r.prefix for r in section.rules_model.records) == ["21", "22"]
    assert [s.code for s in section.sites_model.records] == ["MEK"]


def test_a_bad_ice_is_refused_at_the_field_and_nothing_is_saved(qtbot: QtBot,
                                                                market: Market) -> None:
    section = _section(qtbot, market)
    before = setup.get_store(market.db)
    section.identity["name_fr"].edit.setText("Autre nom")
    _type(section.identity["ice"], "12345")
    assert section.identity["ice"].wrong
    assert "15" in section.identity["ice"].error.text()
    section.buttons["save_identity"].click()
    assert section.message.kind == "error"
    assert setup.get_store(market.db) == before


def test_the_store_name_is_saved(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.identity["name_fr"].edit.setText("Magasin solidaire de Meknès")
    section.identity["ice"].edit.setText("001234567000089")
    section.identity["receipt_footer"].edit.setText("Merci !")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["save_identity"].click()
    store = setup.get_store(market.db)
    assert (store.name_fr, store.ice, store.receipt_footer) == \
        ("Magasin solidaire de Meknès", "001234567000089", "Merci !")
    assert section.message.kind == "info"


def test_a_commission_of_150_percent_is_refused(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    before = setup.get_store(market.db)
    _type(section.commission, "150")
    assert section.commission.wrong
    section.buttons["save_defaults"].click()
    assert setup.get_store(market.db) == before

    section.commission.edit.setText("12")
    section.tolerance.edit.setText("5")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["save_defaults"].click()
    store = setup.get_store(market.db)
    assert (store.default_commission, store.cash_tolerance) == (1200, 500)


def test_a_site_and_a_register_are_added(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.site_code.edit.setText("HJB")
    section.site_ar.edit.setText("الحاجب")
    section.site_fr.edit.setText("El Hajeb")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["add_site"].click()
    assert "HJB" in [s.code for s in section.sites_model.records]
    section.register_site.setCurrentIndex(section.register_site.findData("HJB"))
    section.register_code.edit.setText("HJB1")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["add_register"].click()
    assert ("HJB1", "HJB") in [(r.code, r.site_code) for r in maintenance.registers(market.db)]
    assert "HJB1" in [r.code for r in section.registers_model.records]

    section.register_code.edit.setText("MEK1")  # taken: the service says so, nothing added
    section.buttons["add_register"].click()
    assert section.message.kind == "error"
    assert len(maintenance.registers(market.db)) == 2


def test_scale_rules_add_and_remove(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.rule_prefix.edit.setText("23")
    section.rule_kind.setCurrentIndex(section.rule_kind.findData("price"))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["add_rule"].click()
    assert [r.prefix for r in catalog.get_scale_rules(market.db)] == ["21", "22", "23"]
    section.select_rule("21")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["remove_rule"].click()
    assert [r.prefix for r in catalog.get_scale_rules(market.db)] == ["22", "23"]


def test_printer_to_a_device_file_and_the_test_print_reaches_it(qtbot: QtBot, market: Market,
                                                                tmp_path: Path) -> None:
    section = _section(qtbot, market)
    device = tmp_path / "lp0"
    section.printer.choose_kind("file")
    assert section.printer.fields["device_path"].edit.isVisibleTo(section)
    assert not section.printer.fields["host"].edit.isVisibleTo(section)
    section.printer.fields["device_path"].edit.setText(str(device))
    section.printer.paper.setCurrentIndex(section.printer.paper.findData(384))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["save_printer"].click()
    config = printing.printer_config(market.db)
    assert config is not None
    assert (config.kind, config.path, config.width_dots) == (PrinterKind.FILE, str(device), 384)

    with qtbot.waitSignal(section.finished, timeout=20_000):
        section.buttons["test_print"].click()
    assert section.message.kind == "info", section.message.text()
    assert device.read_bytes().startswith(b"\x1dv0\x00\x30\x00")  # an image 384 dots wide


def test_a_failed_test_print_says_why(qtbot: QtBot, market: Market, tmp_path: Path) -> None:
    section = _section(qtbot, market)
    section.printer.choose_kind("file")
    section.printer.fields["device_path"].edit.setText(str(tmp_path / "no" / "lp0"))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["save_printer"].click()
    with qtbot.waitSignal(section.finished, timeout=20_000):
        section.buttons["test_print"].click()
    assert section.message.kind == "fault"
    assert "lp0" in section.message.text()


def test_detect_usb_printers_lists_or_says_why(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    section.printer.choose_kind("usb")
    section.buttons["detect_usb"].click()
    assert section.message.text()  # a list to choose from, or the reason there is none


def test_back_up_now_writes_a_file_and_keeps_only_n(qtbot: QtBot, market: Market,
                                                   tmp_path: Path) -> None:
    section = _section(qtbot, market)
    folder = tmp_path / "backups"
    section.backup_folder.edit.setText(str(folder))
    section.backup_keep.edit.setText("2")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.buttons["save_backup"].click()
    assert settings_admin.backup_settings(market.db).keep == 2
    for _time in range(3):
        with qtbot.waitSignal(section.finished, timeout=20_000):
            section.buttons["backup_now"].click()
        assert section.message.kind == "info", section.message.text()
    copies = sorted(folder.glob("possouk-*.sqlite3"))
    assert len(copies) == 2
    assert str(copies[-1]) in section.message.text()


def test_restore_refuses_a_file_that_is_no_database(qtbot: QtBot, market: Market,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    section = _section(qtbot, market)
    junk = tmp_path / "photo.sqlite3"
    junk.write_bytes(b"\x89PNG not a database")
    asked: list[str] = []
    monkeypatch.setattr(section, "ask_backup_file", lambda _suggested: junk)
    monkeypatch.setattr(section, "ask_confirm", _answering(True, asked))
    section.buttons["restore"].click()
    assert asked == []  # refused before any question
    assert section.message.kind == "error"
    assert "photo.sqlite3" in section.message.text()
    assert "possouk" in section.message.text()


def test_restore_asks_naming_what_is_replaced(qtbot: QtBot, market: Market, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settings_admin.save_backup_settings(market.db, market.organizer, str(tmp_path / "b"), "3")
    copy = settings_admin.backup_now(market.db, market.organizer).path
    section = _section(qtbot, market)
    asked: list[str] = []
    monkeypatch.setattr(section, "ask_backup_file", lambda _suggested: copy)
    monkeypatch.setattr(section, "ask_confirm", _answering(False, asked))
    section.buttons["restore"].click()
    assert len(asked) == 1
    assert str(market.db.path) in asked[0] and str(copy) in asked[0]
    assert section.message.kind == "info"  # nothing was changed


def test_the_language_of_the_window(qtbot: QtBot, market: Market) -> None:
    section = _section(qtbot, market)
    chosen: list[str] = []
    section.language_chosen.connect(chosen.append)
    section.language.setCurrentIndex(section.language.findData("ar"))
    section.buttons["apply_language"].click()
    assert current_language() == "ar" and chosen == ["ar"]
    assert section.layoutDirection().name == "RightToLeft"
