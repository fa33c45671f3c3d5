"""Read-side queries of the back office's Users section: the event log, filtered and paged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, select, true

from possouk.storage.rows import parse_utc
from possouk.storage.schema import events, users

__all__ = ["AdminRepo", "EventRow"]


@dataclass(frozen=True)
class EventRow:
    """One entry of the event log with the login and name of who did it ("" for nobody)."""

    seq: int
    at: datetime
    login: str
    name: str
    kind: str
    detail: dict[str, Any]


class AdminRepo:
    """Used as ``AdminRepo(uow.connection)`` inside a unit of work."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def event_kinds(self) -> list[str]:
        """The kinds of event the log holds, alphabetically."""
        query = select(events.c.kind).distinct().order_by(events.c.kind)
        return [str(kind) for kind in self.conn.execute(query).scalars()]

    @staticmethod
    def _where(user_id: int | None, kind: str | None) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        if user_id is not None:
            conditions.append(events.c.user_id == user_id)
        if kind:
            conditions.append(events.c.kind == kind)
        return and_(true(), *conditions)

    def count_events(self, *, user_id: int | None = None, kind: str | None = None) -> int:
        query = select(func.count()).select_from(events).where(self._where(user_id, kind))
        return int(self.conn.execute(query).scalar_one())

    def events(self, *, user_id: int | None = None, kind: str | None = None,
               limit: int = 500, offset: int = 0) -> list[EventRow]:
        """Entries newest first, ``offset`` of them skipped, at most ``limit``."""
        query = (
            select(events.c.seq, events.c.at, events.c.kind, events.c.detail,
                   users.c.login, users.c.display_name)
            .select_from(events.outerjoin(users, users.c.id == events.c.user_id))
            .where(self._where(user_id, kind))
            .order_by(events.c.seq.desc())
            .limit(limit)
            .offset(offset)
        )
        rows = []
        for r in self.conn.execute(query):
            try:
                detail = json.loads(r.detail)
            except ValueError:
                detail = {"detail": r.detail}
            rows.append(EventRow(
                seq=int(r.seq), at=parse_utc(r.at), login=r.login or "", name=r.display_name or "",
                kind=str(r.kind), detail=detail if isinstance(detail, dict) else {"detail": detail},
            ))
        return rows
