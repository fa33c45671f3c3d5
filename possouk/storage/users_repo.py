"""Users and their PIN credentials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from possouk.domain.model import User
from possouk.storage.rows import new_id, to_user
from possouk.storage.schema import users


class UsersRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        return new_id(self.conn.execute(insert(users).values(**values)))

    def update(self, user_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(users).where(users.c.id == user_id).values(**values))

    def all(self) -> list[User]:
        return [to_user(r) for r in self.conn.execute(select(users).order_by(users.c.login))]

    def by_login(self, login: str) -> User | None:
        row = self.conn.execute(select(users).where(users.c.login == login)).first()
        return to_user(row) if row else None

    def get(self, user_id: int) -> User:
        return to_user(self.conn.execute(select(users).where(users.c.id == user_id)).one())

    def credentials(self, user_id: int) -> tuple[str, str, int]:
        """(salt, hash, failed attempts) of a user's PIN."""
        row = self.conn.execute(
            select(users.c.pin_salt, users.c.pin_hash, users.c.failed_pins)
            .where(users.c.id == user_id)
        ).one()
        return row.pin_salt, row.pin_hash, int(row.failed_pins)
