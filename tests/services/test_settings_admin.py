"""The back office's settings: each group checked whole before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.domain.model import Role
from possouk.hardware.printers import PrinterKind
from possouk.services import (
    catalog,
    maintenance,
    printing,
    settings_admin,
    settlements,
    setup,
    users,
)
from tests.conftest import Market


def test_a_bad_ice_is_refused_and_nothing_is_saved(market: Market) -> None:
    before = setup.get_store(market.db)
    with pytest.raises(UserError, match="15 digits"):
        settings_admin.save_identity(market.db, market.organizer,
                                     {"name_fr": "Nouveau nom", "ice": "12345"})
    assert setup.get_store(market.db) == before


def test_identity_is_saved_and_logged(market: Market) -> None:
    store = settings_admin.save_identity(market.db, market.organizer, {
        "name_fr": "  Magasin  de Meknès ", "name_ar": "متجر مكناس", "phone": "06 12 34 56 78",
        "ice": "001 234 567 000 089", "receipt_footer": "Merci de votre visite",
    })
    assert store.name_fr == "Magasin de Meknès"
    assert store.phone == "+212612345678"
    assert store.ice == "001234567000089"
    assert setup.get_store(market.db).receipt_footer == "Merci de votre visite"
    with market.db.read() as uow:
        [event] = uow.ledger.events(kind="settings_changed", limit=1)
    assert "Magasin de Meknès" in str(event)


def test_a_store_name_may_not_be_emptied(market: Market) -> None:
    with pytest.raises(UserError, match="empty"):
        settings_admin.save_identity(market.db, market.organizer, {"name_ar": "  "})


def test_default_commission_of_150_percent_is_refused(market: Market) -> None:
    before = setup.get_store(market.db)
    with pytest.raises(UserError, match="between 0 and 100"):
        settings_admin.save_defaults(market.db, market.organizer, commission="150",
                                     cutoff_minutes=300, tolerance="5")
    assert setup.get_store(market.db) == before
    store = settings_admin.save_defaults(market.db, market.organizer, commission="12.5",
                                         cutoff_minutes=300, tolerance="5,50")
    assert (store.default_commission, store.day_cutoff_minutes, store.cash_tolerance) == \
        (1250, 300, 550)


def test_tolerance_and_cutoff_bounds(market: Market) -> None:
    with pytest.raises(UserError, match="1000"):
        settings_admin.check_tolerance("1000.01")
    with pytest.raises(UserError):
        settings_admin.check_cutoff(24 * 60)


def test_settings_need_an_organizer(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        settings_admin.save_identity(market.db, market.supervisor, {"name_fr": "X"})
    with pytest.raises(PermissionDenied):
        settings_admin.backup_now(market.db, market.supervisor)


def test_scale_rules_add_and_remove(market: Market) -> None:
    rules = settings_admin.add_scale_rule(market.db, market.organizer, "23", "weight", 4, 6)
    assert [r.prefix for r in rules] == ["21", "22", "23"]
    with pytest.raises(UserError, match="overlapping"):
        settings_admin.add_scale_rule(market.db, market.organizer, "231", "price", 4, 5)
    with pytest.raises(UserError, match="12 digits"):
        settings_admin.add_scale_rule(market.db, market.organizer, "24", "price", 5, 6)
    settings_admin.remove_scale_rule(market.db, market.organizer, "21")
    assert [r.prefix for r in catalog.get_scale_rules(market.db)] == ["22", "23"]
    with pytest.raises(UserError):
        settings_admin.remove_scale_rule(market.db, market.organizer, "21")


def test_printer_to_a_device_file_and_the_test_page_reaches_it(market: Market,
                                                               tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    config = settings_admin.save_printer(market.db, market.organizer, {
        "kind": "file", "path": str(device), "width_dots": 384, "drawer_pin": 5,
        "drawer_pulse_ms": 120})
    assert config.kind is PrinterKind.FILE
    assert printing.printer_config(market.db) == config
    outcome = settings_admin.print_test_page(market.db, market.organizer)
    assert outcome.printed
    data = device.read_bytes()
    assert data.startswith(b"\x1dv0\x00\x30\x00")  # a raster image 48 bytes (384 dots) wide
    assert b"\x1bp\x01<" in data  # the drawer kicked on pin 5 for 120 ms (60 × 2 ms)


def test_printer_field_checks() -> None:
    assert settings_admin.check_usb_id("04B8") == 0x04B8
    with pytest.raises(UserError):
        settings_admin.check_usb_id("xyz")
    with pytest.raises(UserError):
        settings_admin.check_port("70000")
    with pytest.raises(UserError):
        settings_admin.check_host(" ")
    assert settings_admin.printer_profiles()[0] == "default"


def test_usb_detection_answers_a_list_or_a_sentence() -> None:
    try:
        devices = settings_admin.usb_devices()
    except UserError as refused:
        assert "USB" in refused.message
    else:
        assert all(0 <= d.vendor <= 0xFFFF for d in devices)


def test_back_up_now_keeps_only_n(market: Market, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    settings_admin.save_backup_settings(market.db, market.organizer, str(folder), "2")
    assert settings_admin.backup_settings(market.db) == settings_admin.BackupSettings(str(folder), 2)
    made = [settings_admin.backup_now(market.db, market.organizer) for _time in range(3)]
    assert all(r.path.is_file() for r in made[1:])
    assert sorted(folder.glob("*.sqlite3")) == [made[1].path, made[2].path]
    assert made[2].removed == [made[0].path]
    assert maintenance.check_backup(made[2].path)


def test_backup_settings_are_checked(market: Market, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="1 to 100"):
        settings_admin.save_backup_settings(market.db, market.organizer, str(tmp_path), "0")
    with pytest.raises(UserError, match="full path"):
        settings_admin.save_backup_settings(market.db, market.organizer, "backups", "3")
    assert settings_admin.backup_settings(market.db).keep == 10


def test_restore_refuses_a_file_that_is_no_database(market: Market, tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("not a database at all")
    with pytest.raises(UserError, match="not a possouk database"):
        settings_admin.check_restore(junk)
    with pytest.raises(UserError, match="not a possouk database"):
        settings_admin.restore(market.db, market.organizer, junk)
    assert users.users(market.db)  # the database is untouched


def test_restore_brings_back_a_backup(market: Market, tmp_path: Path) -> None:
    settings_admin.save_backup_settings(market.db, market.organizer, str(tmp_path / "b"), "5")
    copy = settings_admin.backup_now(market.db, market.organizer).path
    users.add_user(market.db, market.organizer, "late", "Late", Role.CASHIER, "1234")
    kept = settings_admin.restore(market.db, market.organizer, copy)
    assert kept is not None and kept.is_file()
    assert "late" not in {u.login for u in users.users(market.db)}
    with market.db.read() as uow:
        [event] = uow.ledger.events(kind="database_restored", limit=1)
    assert "salma" in str(event)


def test_another_store_s_copies_in_the_same_folder_are_never_rotated_out(
        market: Market, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    theirs = [folder / f"possouk-other-store-possouk-2026010{n}-101010-000000.sqlite3"
              for n in range(1, 4)]
    cli_copy = folder / "possouk-20260101-101010-000000.sqlite3"  # possouk backup's own name
    notes = folder / "possouk-notes.sqlite3"
    for path in (*theirs, cli_copy, notes):
        path.write_bytes(b"")
    settings_admin.save_backup_settings(market.db, market.organizer, str(folder), "1")
    for _time in range(3):
        done = settings_admin.backup_now(market.db, market.organizer)
    assert done.path.name.startswith(settings_admin.backup_prefix(market.db))
    assert all(p.exists() for p in (*theirs, cli_copy, notes))
    mine = sorted(folder.glob(f"{settings_admin.backup_prefix(market.db)}*"))
    assert mine == [done.path]


def test_an_older_backup_is_brought_up_to_date_when_restored(market: Market, tmp_path: Path) -> None:
    from alembic import command

    from possouk.storage import location, migrate
    from possouk.storage.engine import database_url, make_engine

    settings_admin.save_backup_settings(market.db, market.organizer, str(tmp_path / "b"), "5")
    copy = settings_admin.backup_now(market.db, market.organizer).path
    engine = make_engine(database_url(copy))
    config = migrate._config()
    with engine.begin() as conn:  # the copy as a possouk of the previous schema left it
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
    engine.dispose()
    assert maintenance.check_backup(copy) == "0008"
    settings_admin.restore(market.db, market.organizer, copy)
    assert maintenance.check_backup(maintenance.database_file(market.db.url)) == location.HEAD
    assert settlements.drafts(market.db) == []  # the newest tables are there
