"""Read-side queries of the back office's Users section: the event log, filtered and paged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, func, select, true

from possouk.storage.rows import parse_utc
from possouk.storage.schema import events, exchange_origins, remote_events, users

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

    def received_logs(self) -> list[tuple[int, str]]:
        """The sites whose event logs this database received (origin id, name), by name."""
        query = (select(exchange_origins.c.id, exchange_origins.c.name)
                 .where(exchange_origins.c.role == "site").order_by(exchange_origins.c.name))
        return [(int(i), str(name)) for i, name in self.conn.execute(query)]

    @staticmethod
    def _log(origin_id: int | None) -> tuple[Table, ColumnElement[bool]]:
        """This database's event log, or the one received from site database ``origin_id``."""
        if origin_id is None:
            return events, true()
        return remote_events, remote_events.c.origin_id == origin_id

    def event_kinds(self, origin_id: int | None = None) -> list[str]:
        """The kinds of event the log holds, alphabetically."""
        log, of_origin = self._log(origin_id)
        query = select(log.c.kind).where(of_origin).distinct().order_by(log.c.kind)
        return [str(kind) for kind in self.conn.execute(query).scalars()]

    def _where(self, origin_id: int | None, user_id: int | None,
               kind: str | None) -> tuple[Table, ColumnElement[bool]]:
        log, of_origin = self._log(origin_id)
        conditions: list[ColumnElement[bool]] = [of_origin]
        if user_id is not None:
            conditions.append(log.c.user_id == user_id)
        if kind:
            conditions.append(log.c.kind == kind)
        return log, and_(true(), *conditions)

    def count_events(self, *, user_id: int | None = None, kind: str | None = None,
                     origin_id: int | None = None) -> int:
        log, where = self._where(origin_id, user_id, kind)
        query = select(func.count()).select_from(log).where(where)
        return int(self.conn.execute(query).scalar_one())

    def events(self, *, user_id: int | None = None, kind: str | None = None,
               limit: int = 500, offset: int = 0, origin_id: int | None = None) -> list[EventRow]:
        """Entries newest first, ``offset`` of them skipped, at most ``limit`` (of this
        database's log, or of the log received from site database ``origin_id``)."""
        log, where = self._where(origin_id, user_id, kind)
        query = (
            select(log.c.seq, log.c.at, log.c.kind, log.c.detail,
                   users.c.login, users.c.display_name)
            .select_from(log.outerjoin(users, users.c.id == log.c.user_id))
            .where(where)
            .order_by(log.c.seq.desc())
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
