"""The print queue: jobs of ESC/POS bytes waiting for, or already sent to, the printer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from possouk.storage.rows import new_id
from possouk.storage.schema import print_jobs

QUEUED = "queued"
PRINTED = "printed"


@dataclass(frozen=True)
class PrintJob:
    """One print job; ``copy`` 0 is the original, n the n-th DUPLICATA."""

    id: int
    created_at: str
    kind: str
    reference: str
    copy: int
    data: bytes
    status: str
    attempts: int
    last_error: str | None
    printed_at: str | None


def _to_job(row: Any) -> PrintJob:
    return PrintJob(id=row.id, created_at=row.created_at, kind=row.kind, reference=row.reference,
                    copy=row.copy, data=bytes(row.data), status=row.status, attempts=row.attempts,
                    last_error=row.last_error, printed_at=row.printed_at)


class PrintRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, created_at: str, kind: str, reference: str, copy: int, data: bytes) -> int:
        """Queue a new job; returns its id."""
        return new_id(self.conn.execute(insert(print_jobs).values(
            created_at=created_at, kind=kind, reference=reference, copy=copy, data=data,
            status=QUEUED, attempts=0, last_error=None, printed_at=None,
        )))

    def get(self, job_id: int) -> PrintJob:
        return _to_job(self.conn.execute(select(print_jobs).where(print_jobs.c.id == job_id)).one())

    def count_for(self, reference: str, kind: str = "receipt") -> int:
        """How many jobs were ever made for ``reference`` (printed or not)."""
        return int(self.conn.scalar(select(func.count()).select_from(print_jobs).where(
            print_jobs.c.reference == reference, print_jobs.c.kind == kind)) or 0)

    def queued(self) -> list[PrintJob]:
        """Jobs still waiting, oldest first."""
        rows = self.conn.execute(select(print_jobs).where(print_jobs.c.status == QUEUED)
                                 .order_by(print_jobs.c.id))
        return [_to_job(r) for r in rows]

    def mark_printed(self, job_id: int, printed_at: str) -> None:
        self.conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(
            status=PRINTED, printed_at=printed_at, attempts=print_jobs.c.attempts + 1, last_error=None))

    def mark_failed(self, job_id: int, error: str, *, attempted: bool = True) -> None:
        """Record why the job did not print (an attempt, unless nothing was tried); it stays queued."""
        attempts = print_jobs.c.attempts + (1 if attempted else 0)
        self.conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(
            attempts=attempts, last_error=error))
