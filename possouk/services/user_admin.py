"""The people who use possouk, as the back office manages them: create, change a role, reset a
PIN, deactivate and reactivate, unlock; and the event log, filtered and paged.

Nobody is ever deleted: the ledger and the event log name them. Every change needs
:attr:`Permission.MANAGE_USERS` (organizers only) and is written to the event log; a PIN
is never logged. Two rules keep the store manageable: nobody deactivates themselves, and
the last active organizer keeps that role and stays active.
"""

from __future__ import annotations

from dataclasses import dataclass

from possouk.domain import pin
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Role, User
from possouk.domain.permissions import Permission, require
from possouk.services import users as user_service
from possouk.services.events import log_event
from possouk.storage.admin_repo import AdminRepo, EventRow
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "EVENT_PAGE", "EventPage", "EventRow", "change_role", "check_pins", "create_user",
    "event_kinds", "event_log", "reset_pin", "set_active", "unlock",
]

EVENT_PAGE = 500
"""How many entries of the event log one page shows."""

PINS_DIFFER = N_("The two PINs differ.")


@dataclass(frozen=True)
class EventPage:
    """A page of the event log: ``entries`` newest first, from ``offset`` of ``total``."""

    entries: list[EventRow]
    total: int
    offset: int
    limit: int

    @property
    def has_older(self) -> bool:
        return self.offset + len(self.entries) < self.total

    @property
    def has_newer(self) -> bool:
        return self.offset > 0


def check_pins(pin_code: str, again: str) -> str:
    """The PIN (checked as :func:`possouk.services.users.add_user` does) when typed twice alike."""
    checked = pin.check_pin_format(pin_code)
    if again.strip() != checked:
        raise UserError(PINS_DIFFER)
    return checked


def create_user(db: Database, actor: User, login: str, name: str, role: Role | str,
                pin_code: str, pin_again: str) -> User:
    """Create a user whose PIN was typed twice (the same checks as ``possouk user add``)."""
    require(actor, Permission.MANAGE_USERS)
    checked = check_pins(pin_code, pin_again)
    return user_service.add_user(db, actor, login, name, role, checked)


def _user(uow: UnitOfWork, login: str) -> User:
    user = uow.users.by_login(login)
    if user is None:
        raise UserError(N_("There is no user with the login {login}."), login=login)
    return user


def _last_organizer(uow: UnitOfWork, user: User) -> bool:
    """True when no other organizer could manage the store: ``user`` is the only active one
    that is not locked out (a locked one cannot log in to unlock the others)."""
    if user.role is not Role.ORGANIZER:
        return False
    others = [u for u in uow.users.all()
              if u.active and not u.locked and u.role is Role.ORGANIZER and u.id != user.id]
    return not others


_LAST_ORGANIZER = N_("{name} is the last active organizer: make someone else an organizer "
                     "first, or nobody could manage the store.")


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise UserError(N_("The role must be cashier, supervisor or organizer.")) from exc


def change_role(db: Database, actor: User, login: str, role: Role | str) -> User:
    """Give ``login`` another role; the last active organizer keeps theirs."""
    require(actor, Permission.MANAGE_USERS)
    new_role = _role(role)
    with db.write() as uow:
        user = _user(uow, login)
        if user.role is new_role:
            return user
        if new_role is not Role.ORGANIZER and _last_organizer(uow, user):
            raise UserError(_LAST_ORGANIZER, name=user.display_name)
        uow.users.update(user.id, {"role": new_role.value})
        log_event(uow, actor, "user_role_changed", login=login, before=user.role.value,
                  after=new_role.value)
        changed = uow.users.get(user.id)
        uow.commit()
    return changed


def reset_pin(db: Database, actor: User, login: str, pin_code: str, pin_again: str) -> User:
    """Give ``login`` a new PIN (typed twice); it also lifts a lockout. The PIN is not logged."""
    require(actor, Permission.MANAGE_USERS)
    checked = check_pins(pin_code, pin_again)
    salt = pin.new_salt()
    with db.write() as uow:
        user = _user(uow, login)
        uow.users.update(user.id, {"pin_salt": salt, "pin_hash": pin.hash_pin(checked, salt),
                                   "failed_pins": 0, "locked": False})
        log_event(uow, actor, "user_pin_reset", login=login)
        changed = uow.users.get(user.id)
        uow.commit()
    return changed


def set_active(db: Database, actor: User, login: str, active: bool) -> User:
    """Deactivate (they can no longer log in, their history stays) or reactivate ``login``."""
    require(actor, Permission.MANAGE_USERS)
    with db.write() as uow:
        user = _user(uow, login)
        if user.active == active:
            return user
        if not active:
            if user.id == actor.id:
                raise UserError(N_("You cannot deactivate your own account."))
            if user.role is Role.ORGANIZER and _last_organizer(uow, user):
                raise UserError(_LAST_ORGANIZER, name=user.display_name)
        uow.users.update(user.id, {"active": active})
        log_event(uow, actor, "user_reactivated" if active else "user_deactivated", login=login)
        changed = uow.users.get(user.id)
        uow.commit()
    return changed


def unlock(db: Database, actor: User, login: str) -> None:
    """Lift the lockout after too many wrong PINs (as ``possouk user unlock``)."""
    user_service.unlock(db, actor, login)


def event_logs(db: Database, actor: User) -> list[tuple[int, str]]:
    """The sites whose event logs this database received from their bundles (head office):
    (their id for :func:`event_log`, their name)."""
    require(actor, Permission.MANAGE_USERS)
    with db.read() as uow:
        return AdminRepo(uow.connection).received_logs()


def event_kinds(db: Database, actor: User, *, site: int | None = None) -> list[str]:
    """The kinds of event the log holds (for the filter); of site ``site``'s log when given."""
    require(actor, Permission.MANAGE_USERS)
    with db.read() as uow:
        return AdminRepo(uow.connection).event_kinds(site)


def event_log(db: Database, actor: User, *, login: str | None = None, kind: str | None = None,
              offset: int = 0, limit: int = EVENT_PAGE, site: int | None = None) -> EventPage:
    """A page of the event log, newest first, only ``login``'s and ``kind``'s when given; the
    log received from site ``site`` (one of :func:`event_logs`) instead of this database's."""
    require(actor, Permission.MANAGE_USERS)
    with db.read() as uow:
        user_id: int | None = None
        if login:
            user_id = _user(uow, login).id
        repo = AdminRepo(uow.connection)
        total = repo.count_events(user_id=user_id, kind=kind, origin_id=site)
        offset = max(0, min(offset, max(0, total - 1)))
        entries = repo.events(user_id=user_id, kind=kind, limit=limit, offset=offset,
                              origin_id=site)
    return EventPage(entries, total, offset, limit)
