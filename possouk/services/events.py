"""The chained event log: who did what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from possouk.domain.calendar import utc_now
from possouk.domain.model import Role, User
from possouk.storage.rows import utc_text
from possouk.storage.uow import UnitOfWork

COMMAND_LINE = User(id=0, login="cli", display_name="command line", role=Role.ORGANIZER)
"""The actor of administrative commands typed at the command line on this machine."""


def actor_id(user: User | None) -> int | None:
    """The user id to record, or None for the command line."""
    return None if user is None or user.id == 0 else user.id


def log_event(
    uow: UnitOfWork, user: User | None, kind: str, at: datetime | None = None, **detail: Any
) -> None:
    """Append an event to the log in the caller's transaction."""
    if user is not None and user.id == 0:
        detail.setdefault("via", "command line")
    uow.ledger.append_event(utc_text(at or utc_now()), actor_id(user), kind, detail)
