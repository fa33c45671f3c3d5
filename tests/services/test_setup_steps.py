"""The first run's steps: what is left, recorded step by step, an older store left alone."""

from __future__ import annotations

import json

import pytest

from possouk.domain.errors import PermissionDenied, UserError
from possouk.services import setup, users
from possouk.services.events import COMMAND_LINE
from possouk.storage.uow import Database
from tests.conftest import Market


def _events(db: Database) -> list[dict[str, object]]:
    with db.read() as uow:
        return uow.ledger.events(kind="setup_step")


def _store_made(db: Database) -> None:
    organizer = users.add_user(db, COMMAND_LINE, "salma", "Salma", "organizer", "4321")
    setup.add_site(db, organizer, "MEK", "مكناس", "Meknès")
    setup.add_register(db, organizer, "MEK1", "MEK")


def test_an_empty_database_has_every_step_left(db: Database) -> None:
    assert setup.setup_steps_left(db) == ["store", "printer", "backups"]


def test_a_store_set_up_before_the_steps_existed_is_finished(market: Market) -> None:
    """No first-run mark, a register and people: set up already (or from the command line)."""
    assert setup.setup_steps_left(market.db) == []


def test_a_store_made_from_the_command_line_is_finished(db: Database) -> None:
    _store_made(db)
    assert setup.setup_steps_left(db) == []


def test_the_steps_are_recorded_one_by_one(db: Database) -> None:
    _store_made(db)
    organizer = users.users(db)[0]
    assert setup.record_setup_step(db, organizer, "store") == ["printer", "backups"]
    assert setup.setup_steps_left(db) == ["printer", "backups"]
    assert setup.record_setup_step(db, organizer, "printer", skipped=True) == ["backups"]
    assert setup.record_setup_step(db, organizer, "backups") == []
    logged = list(reversed(_events(db)))
    assert [json.loads(str(e["detail"])) for e in logged] == [
        {"step": "store", "skipped": False}, {"step": "printer", "skipped": True},
        {"step": "backups", "skipped": False}]
    assert all(e["user_id"] == organizer.id for e in logged)


def test_the_printer_may_be_left_for_later_and_the_backups_done_first(db: Database) -> None:
    _store_made(db)
    organizer = users.users(db)[0]
    setup.record_setup_step(db, organizer, "store")
    assert setup.record_setup_step(db, organizer, "backups") == ["printer"]


def test_only_who_manages_the_settings_records_a_step(market: Market) -> None:
    with pytest.raises(PermissionDenied):
        setup.record_setup_step(market.db, market.cashier, "printer")
    assert _events(market.db) == []


def test_an_unknown_step_is_refused(market: Market) -> None:
    with pytest.raises(UserError, match="setup step"):
        setup.record_setup_step(market.db, market.organizer, "coffee")
    assert setup.setup_steps_left(market.db) == []


def test_the_printer_and_backups_set_in_the_back_office_count(db: Database, tmp_path: object) -> None:
    """Done elsewhere (the back office, the command line), a step is not asked again."""
    from pathlib import Path

    from possouk.hardware.printers import PrinterConfig, PrinterKind
    from possouk.services import printing, settings_admin

    organizer, _register = setup.create_store(db, setup.NewStore(
        store_ar="المتجر", store_fr="Magasin", site_code="MEK", site_ar="مكناس",
        site_fr="Meknès", register="MEK1", login="salma", name="Salma", pin="4321"))
    assert setup.setup_steps_left(db) == ["printer", "backups"]
    printing.set_printer(db, organizer, PrinterConfig(kind=PrinterKind.PREVIEW,
                                                      path=str(Path(str(tmp_path)))))
    assert setup.setup_steps_left(db) == ["backups"]
    settings_admin.save_backup_settings(db, organizer, str(Path(str(tmp_path)) / "b"), "5")
    assert setup.setup_steps_left(db) == []
    setup.record_setup_step(db, organizer, "printer")  # the setup screen recording it again
    assert [json.loads(str(e["detail"]))["step"] for e in reversed(_events(db))] == [
        "store", "printer", "backups"]


def test_the_store_step_is_refused_once_anyone_exists(market: Market) -> None:
    with pytest.raises(UserError, match="already set up"):
        setup.create_store(market.db, setup.NewStore(
            store_ar="م", store_fr="M", site_code="XXX", site_ar="س", site_fr="X",
            register="XXX1", login="intruder", name="Intruder", pin="1111"))
    assert "intruder" not in [u.login for u in users.users(market.db)]
