"""Local time of the store and its business day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

STORE_TIMEZONE = ZoneInfo("Africa/Casablanca")


def utc_now() -> datetime:
    return datetime.now(UTC)


def business_day(moment: datetime, cutoff_minutes: int) -> date:
    """The business day a moment belongs to: a day ends at the cut-off, local time.

    With a cut-off of 240 minutes (04:00), a sale at 01:30 on the 3rd belongs to the 2nd.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    local = moment.astimezone(STORE_TIMEZONE)
    return (local - timedelta(minutes=cutoff_minutes)).date()


def local_to_utc(naive_local: datetime) -> datetime:
    """Interpret a wall-clock time written in the store (e.g. on paper) as UTC."""
    return naive_local.replace(tzinfo=STORE_TIMEZONE).astimezone(UTC)


def day_start(day: date, cutoff_minutes: int) -> datetime:
    """The first moment (UTC) of a business day: its local midnight plus the cut-off."""
    local = datetime(day.year, day.month, day.day) + timedelta(minutes=cutoff_minutes)
    return local_to_utc(local)
