"""Setting up a store: its identity, sites and registers, and the first run's steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from possouk.domain import identifiers, pin, text
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Register, Role, Site, Store, User
from possouk.domain.permissions import Permission, require
from possouk.services.events import log_event
from possouk.services.users import insert_user
from possouk.storage.uow import Database, UnitOfWork

SETUP_STEPS = ("store", "printer", "backups")
"""The first run's steps, in order: the store (with its site, register and organizer), the
receipt printer, the backups."""

FIRST_RUN_KEY = "first_run"
"""Store setting: the first run's steps done or skipped, ``{"store": "done", "printer":
"skipped", ...}``. A database without it was set up before the steps existed (or from the
command line): when it has a register and a user, its setup counts as finished."""

_TEXT_FIELDS = ("name_ar", "name_fr", "address", "if_number", "rc", "receipt_footer")


def get_store(db: Database) -> Store:
    with db.read() as uow:
        return uow.store.store()


def update_store(db: Database, actor: User, **changes: Any) -> Store:
    """Change the store's identity or defaults; every change is logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    cleaned = _clean_store_changes(changes)
    with db.write() as uow:
        store = _save_store(uow, actor, cleaned)
        uow.commit()
    return store


def _clean_store_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if key in _TEXT_FIELDS:
            cleaned[key] = text.clean_optional(str(value), field=key)
        elif key == "ice":
            cleaned[key] = identifiers.validate_ice(str(value))
        elif key == "phone":
            cleaned[key] = identifiers.validate_phone(str(value))
        elif key in ("default_commission", "day_cutoff_minutes", "cash_rounding", "cash_tolerance"):
            cleaned[key] = _check_int_setting(key, int(value))
        else:
            raise UserError(N_("Unknown store setting: {name}"), name=key)
    return cleaned


def _save_store(uow: UnitOfWork, actor: User, cleaned: dict[str, Any]) -> Store:
    store = replace(uow.store.store(), **cleaned)
    uow.store.save_store(store)
    log_event(uow, actor, "settings_changed", changes={k: str(v) for k, v in cleaned.items()})
    return store


def _check_int_setting(key: str, value: int) -> int:
    limits = {
        "default_commission": (0, 10_000),
        "day_cutoff_minutes": (0, 23 * 60 + 59),
        "cash_rounding": (0, 100),
        "cash_tolerance": (0, 100_000),  # up to 1,000 DH
    }
    low, high = limits[key]
    if not low <= value <= high:
        raise UserError(N_("{name} must be between {low} and {high}."), name=key, low=low, high=high)
    return value


def add_site(
    db: Database, actor: User, code: str, name_ar: str, name_fr: str,
    starts_on: date | None = None, ends_on: date | None = None, allow_oversell: bool = False,
) -> Site:
    """Create a market site (a location with its dates)."""
    require(actor, Permission.MANAGE_SETTINGS)
    code = identifiers.validate_code(code, field="code")
    name_ar = text.clean_name(name_ar, field="name_ar")
    name_fr = text.clean_name(name_fr, field="name_fr")
    if starts_on and ends_on and ends_on < starts_on:
        raise UserError(N_("The site's last day comes before its first day."))
    with db.write() as uow:
        site = _insert_site(uow, actor, code, name_ar, name_fr, starts_on, ends_on, allow_oversell)
        uow.commit()
    return site


def _insert_site(uow: UnitOfWork, actor: User, code: str, name_ar: str, name_fr: str,
                 starts_on: date | None, ends_on: date | None, allow_oversell: bool) -> Site:
    if uow.store.site_by_code(code):
        raise UserError(N_("A site with the code {code} already exists."), code=code)
    site_id = uow.store.add_site(code, name_ar, name_fr, starts_on, ends_on, allow_oversell)
    log_event(uow, actor, "site_added", code=code)
    return uow.store.site(site_id)


def add_register(db: Database, actor: User, code: str, site_code: str) -> Register:
    """Create a register at a site; its code prefixes its receipt numbers."""
    require(actor, Permission.MANAGE_SETTINGS)
    code = identifiers.validate_code(code, field="code")
    with db.write() as uow:
        register = _insert_register(uow, actor, code, site_code)
        uow.commit()
    return register


def _insert_register(uow: UnitOfWork, actor: User, code: str, site_code: str) -> Register:
    site = require_site(uow, site_code)
    if uow.store.register_by_code(code):
        raise UserError(N_("A register with the code {code} already exists."), code=code)
    register_id = uow.store.add_register(code, site.id)
    log_event(uow, actor, "register_added", code=code, site=site.code)
    return uow.store.register(register_id)


@dataclass(frozen=True)
class NewStore:
    """What the first run's store step asks: the store, its first site and register, and the
    organizer's account."""

    store_ar: str
    store_fr: str
    site_code: str
    site_ar: str
    site_fr: str
    register: str
    login: str
    name: str
    pin: str
    address: str = ""
    phone: str = ""


FIRST_RUN = User(id=0, login="setup", display_name="first-run setup", role=Role.ORGANIZER)
"""Who creates the first organizer: nobody is logged in yet (id 0, like the command line)."""


def create_store(db: Database, new: NewStore) -> tuple[User, Register]:
    """The first run's store step, whole or not at all: the organizer, the store's identity,
    the first site and register, and the step marked done, in one transaction. Refused once
    a person or a register exists (another window finished the setup meanwhile): nobody
    creates an organizer without a PIN on a store that has one."""
    changes = _clean_store_changes({"name_ar": new.store_ar, "name_fr": new.store_fr,
                                    "address": new.address or None, "phone": new.phone or None})
    site_code = identifiers.validate_code(new.site_code, field="code")
    site_ar = text.clean_name(new.site_ar, field="name_ar")
    site_fr = text.clean_name(new.site_fr, field="name_fr")
    register_code = identifiers.validate_code(new.register, field="code")
    login = identifiers.validate_code(new.login, field="login")
    name = text.clean_name(new.name, field="name")
    pin_code = pin.check_pin_format(new.pin)
    with db.write() as uow:
        marks = uow.store.get_setting(FIRST_RUN_KEY)
        if uow.users.all() or uow.store.registers() or (isinstance(marks, dict) and marks):
            raise UserError(N_("This store is already set up: log in instead."))
        organizer = insert_user(uow, FIRST_RUN, login, name, Role.ORGANIZER, pin_code)
        _save_store(uow, organizer, changes)
        _insert_site(uow, organizer, site_code, site_ar, site_fr, None, None, False)
        register = _insert_register(uow, organizer, register_code, site_code)
        _mark_step(uow, organizer, "store", skipped=False)
        uow.commit()
    return organizer, register


def require_site(uow: UnitOfWork, code: str) -> Site:
    site = uow.store.site_by_code(code)
    if site is None:
        raise UserError(N_("There is no site with the code {code}."), code=code)
    return site


def require_register(uow: UnitOfWork, code: str) -> Register:
    register = uow.store.register_by_code(code)
    if register is None:
        raise UserError(N_("There is no register with the code {code}."), code=code)
    return register


def setup_steps_left(db: Database) -> list[str]:
    """The first run's steps still to do, in order; [] once the setup is finished.

    Without the ``first_run`` mark, a database with a register and a user is finished (a
    store set up before the steps existed, or from the command line) and any other has
    every step left.
    """
    with db.read() as uow:
        marks = uow.store.get_setting(FIRST_RUN_KEY)
        if not isinstance(marks, dict):
            ready = bool(uow.store.registers()) and bool(uow.users.all())
            return [] if ready else list(SETUP_STEPS)
    return [step for step in SETUP_STEPS if marks.get(step) not in ("done", "skipped")]


def record_setup_step(db: Database, actor: User, step: str, *, skipped: bool = False) -> list[str]:
    """Mark a first-run step done (or skipped: "no printer now"); logged. The steps left."""
    require(actor, Permission.MANAGE_SETTINGS)
    if step not in SETUP_STEPS:
        raise UserError(N_("Unknown setup step: {name}"), name=step)
    with db.write() as uow:
        _mark_step(uow, actor, step, skipped=skipped)
        uow.commit()
    return setup_steps_left(db)


def _mark_step(uow: UnitOfWork, actor: User, step: str, *, skipped: bool) -> None:
    stored = uow.store.get_setting(FIRST_RUN_KEY)
    marks = dict(stored) if isinstance(stored, dict) else {}
    if marks.get(step) == ("skipped" if skipped else "done"):
        return  # already so (the printer saved, then its step recorded): logged once
    marks[step] = "skipped" if skipped else "done"
    uow.store.set_setting(FIRST_RUN_KEY, marks)
    log_event(uow, actor, "setup_step", step=step, skipped=skipped)


def note_step_done(uow: UnitOfWork, actor: User, step: str) -> None:
    """In the caller's transaction: a first-run step done from the back office or the command
    line (the printer, the backups) counts as done, so the first run does not ask again."""
    marks = uow.store.get_setting(FIRST_RUN_KEY)
    if isinstance(marks, dict) and marks.get(step) not in ("done", "skipped"):
        _mark_step(uow, actor, step, skipped=False)


def store_as_dict(store: Store) -> dict[str, Any]:
    return asdict(store)
