"""Users, PINs and logins: scrypt-hashed PINs, lockout after five wrong PINs."""

from __future__ import annotations

from possouk.domain import identifiers, pin, text
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Role, User
from possouk.domain.permissions import Permission, require
from possouk.services.events import log_event
from possouk.storage.uow import Database, UnitOfWork


def add_user(db: Database, actor: User, login: str, display_name: str, role: Role | str,
             pin_code: str) -> User:
    """Create a user with a PIN."""
    require(actor, Permission.MANAGE_USERS)
    login = identifiers.validate_code(login, field="login")
    display_name = text.clean_name(display_name, field="name")
    try:
        role = Role(role)
    except ValueError as exc:
        raise UserError(N_("The role must be cashier, supervisor or organizer.")) from exc
    pin_code = pin.check_pin_format(pin_code)
    with db.write() as uow:
        user = insert_user(uow, actor, login, display_name, role, pin_code)
        uow.commit()
    return user


def insert_user(uow: UnitOfWork, actor: User, login: str, display_name: str, role: Role,
                pin_code: str) -> User:
    """Record a user (fields already checked) in the caller's transaction; logged."""
    if uow.users.by_login(login):
        raise UserError(N_("The login {login} is already taken."), login=login)
    salt = pin.new_salt()
    user_id = uow.users.add({
        "login": login, "display_name": display_name, "role": role.value,
        "pin_salt": salt, "pin_hash": pin.hash_pin(pin_code, salt),
        "failed_pins": 0, "locked": False, "active": True,
    })
    log_event(uow, actor, "user_added", login=login, role=role.value)
    return uow.users.get(user_id)


def authenticate(db: Database, login: str, pin_code: str) -> User:
    """Check a PIN. Five wrong PINs in a row lock the account (logged)."""
    with db.write() as uow:
        user = uow.users.by_login(login)
        if user is None or not user.active:
            log_event(uow, None, "login_failed", login=login, reason="unknown")
            uow.commit()
            raise UserError(N_("Unknown user or wrong PIN."))
        if user.locked:
            log_event(uow, user, "login_failed", login=login, reason="locked")
            uow.commit()
            raise UserError(N_("This account is locked after too many wrong PINs; "
                               "an organizer must unlock it."))
        salt, stored, failed = uow.users.credentials(user.id)
        if pin.pin_matches(pin_code.strip(), salt, stored):
            if failed:
                uow.users.update(user.id, {"failed_pins": 0})
            log_event(uow, user, "login")
            uow.commit()
            return user
        failed += 1
        locked = failed >= pin.MAX_FAILED_PINS
        uow.users.update(user.id, {"failed_pins": failed, "locked": locked})
        log_event(uow, user, "login_failed", login=login, attempt=failed)
        if locked:
            log_event(uow, user, "lockout", login=login)
        uow.commit()
    if locked:
        raise UserError(N_("Wrong PIN. The account is now locked; an organizer must unlock it."))
    raise UserError(N_("Unknown user or wrong PIN."))


def unlock(db: Database, actor: User, login: str) -> None:
    require(actor, Permission.MANAGE_USERS)
    with db.write() as uow:
        user = uow.users.by_login(login)
        if user is None:
            raise UserError(N_("There is no user with the login {login}."), login=login)
        uow.users.update(user.id, {"failed_pins": 0, "locked": False})
        log_event(uow, actor, "user_unlocked", login=login)
        uow.commit()


def users(db: Database) -> list[User]:
    with db.read() as uow:
        return uow.users.all()
