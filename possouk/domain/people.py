"""Who works at the till: roles and user accounts (kept apart from the ledger's data so that
the login screen can be painted without loading the rest of the model)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Role", "User", "login_tiles"]


class Role(StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    ORGANIZER = "organizer"


@dataclass(frozen=True)
class User:
    id: int
    login: str
    display_name: str
    role: Role
    active: bool = True
    locked: bool = False


_LOGIN_ORDER = {Role.CASHIER: 0, Role.SUPERVISOR: 1, Role.ORGANIZER: 2}


def login_tiles(people: Iterable[User]) -> list[User]:
    """The people who may log in (active accounts) in the order of their tiles: cashiers
    first, then supervisors, then organizers, each by name."""
    return sorted((u for u in people if u.active),
                  key=lambda u: (_LOGIN_ORDER[u.role], u.display_name.casefold()))
