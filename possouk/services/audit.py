"""Integrity: recompute every chain; record failures in the event log."""

from __future__ import annotations

from possouk.services.events import log_event
from possouk.storage.uow import Database
from possouk.storage.verify import VerifyReport, verify_ledger


def verify(db: Database, *, log_failures: bool = True) -> VerifyReport:
    """Check every chain; when something does not hold, log an integrity failure."""
    with db.read() as uow:
        report = verify_ledger(uow.connection)
    if not report.ok and log_failures:
        try:
            with db.write() as uow:
                log_event(uow, None, "integrity_failure",
                          findings=[f.describe() for f in report.findings[:50]])
                uow.commit()
        except Exception:
            pass
    return report
