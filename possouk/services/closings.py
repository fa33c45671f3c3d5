"""Day, month and year closings of a site (see :mod:`possouk.domain.closing`).

Rules, checked here:

- an organizer closes (:attr:`Permission.CLOSE_PERIOD`);
- a day is closed once, only when it has begun, and only when no register of the
  site has a session still open on that day or before;
- after its closing a day takes nothing more: no paper sale, no session opened
  in it (sales and refunds need such a session);
- a month is closed once it is over and every day of it with receipts is closed;
  a year once it is over and every month of it with day closings is closed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from possouk.domain.calendar import business_day, utc_now
from possouk.domain.closing import Closing, ClosingKind, PeriodFigures, merge_figures
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Site, User
from possouk.domain.money import format_plain
from possouk.domain.permissions import Permission, require
from possouk.services.events import log_event
from possouk.services.setup import require_site
from possouk.storage.rows import utc_text
from possouk.storage.uow import Database, UnitOfWork

__all__ = [
    "close_day", "close_month", "close_year", "closing", "closings", "day_figures",
    "refuse_closed_day",
]

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")


def refuse_closed_day(uow: UnitOfWork, site_id: int, site_code: str, day: date) -> None:
    """Refuse to record anything into a business day the site has closed."""
    if uow.closings.is_closed(site_id, ClosingKind.DAY, day.isoformat()):
        raise UserError(N_("The day {day} is closed at site {site}: nothing more can be recorded "
                           "in it."), day=day.isoformat(), site=site_code)


def _today(uow: UnitOfWork, at: datetime) -> date:
    return business_day(at, uow.store.store().day_cutoff_minutes)


def _write(uow: UnitOfWork, user: User, site: Site, kind: ClosingKind, period: str,
           figures_: PeriodFigures, at: datetime) -> Closing:
    closing_id = uow.closings.append({
        "site_id": site.id, "kind": kind.value, "period": period, "created_at": utc_text(at),
        "closed_by_id": user.id,
    }, figures_)
    done = uow.closings.get(closing_id)
    log_event(uow, user, f"close_{kind.value}", at=at, site=site.code, period=period,
              closing=done.reference, net=format_plain(figures_.net))
    return done


def day_figures(db: Database, site_code: str, day: date) -> tuple[Site, PeriodFigures]:
    """The figures a closing of ``day`` would freeze (nothing is written)."""
    with db.read() as uow:
        site = require_site(uow, site_code)
        return site, uow.closings.day_figures(site.id, day)


def close_day(db: Database, user: User, site_code: str, day: date, *,
              at: datetime | None = None) -> Closing:
    """Close business day ``day`` at ``site_code``; returns the closing."""
    require(user, Permission.CLOSE_PERIOD)
    moment = at or utc_now()
    with db.write() as uow:
        site = require_site(uow, site_code)
        if uow.closings.is_closed(site.id, ClosingKind.DAY, day.isoformat()):
            raise UserError(N_("The day {day} is already closed at site {site}."),
                            day=day.isoformat(), site=site.code)
        if day > _today(uow, moment):
            raise UserError(N_("The day {day} has not begun: it cannot be closed yet."),
                            day=day.isoformat())
        here = _register_ids(uow, site.id)
        still_open = [s for s in uow.sessions.open_sessions()
                      if s.business_day <= day and s.register_id in here]
        if still_open:
            raise UserError(N_("Register {register} is still open (session {session}): close it "
                               "before closing the day."), register=still_open[0].register_code,
                            session=still_open[0].reference)
        done = _write(uow, user, site, ClosingKind.DAY, day.isoformat(),
                      uow.closings.day_figures(site.id, day), moment)
        uow.commit()
        return done


def _register_ids(uow: UnitOfWork, site_id: int) -> set[int]:
    return {r.id for r in uow.store.registers() if r.site_id == site_id}


def close_month(db: Database, user: User, site_code: str, month: str, *,
                at: datetime | None = None) -> Closing:
    """Close month ``YYYY-MM`` at ``site_code`` from its day closings."""
    require(user, Permission.CLOSE_PERIOD)
    found = _MONTH.match(month.strip())
    if found is None:
        raise UserError(N_("“{text}” is not a month: write it like 2026-05."), text=month)
    month = found.group(0)
    moment = at or utc_now()
    with db.write() as uow:
        site = require_site(uow, site_code)
        if uow.closings.is_closed(site.id, ClosingKind.MONTH, month):
            raise UserError(N_("The month {month} is already closed at site {site}."),
                            month=month, site=site.code)
        if _today(uow, moment).isoformat()[:7] <= month:
            raise UserError(N_("The month {month} is not over: it cannot be closed yet."),
                            month=month)
        for day in uow.closings.sale_days(site.id, month):
            if not uow.closings.is_closed(site.id, ClosingKind.DAY, day):
                raise UserError(N_("The day {day} is not closed yet: close it first."), day=day)
        days = [uow.closings.get(i) for i in uow.closings.ids(site.id, ClosingKind.DAY, month)]
        figures_ = merge_figures((d.period, d.figures) for d in days)
        done = _write(uow, user, site, ClosingKind.MONTH, month, figures_, moment)
        uow.commit()
        return done


def close_year(db: Database, user: User, site_code: str, year: str, *,
               at: datetime | None = None) -> Closing:
    """Close year ``YYYY`` at ``site_code`` from its month closings."""
    require(user, Permission.CLOSE_PERIOD)
    if _YEAR.match(year.strip()) is None:
        raise UserError(N_("“{text}” is not a year: write it like 2026."), text=year)
    year = year.strip()
    moment = at or utc_now()
    with db.write() as uow:
        site = require_site(uow, site_code)
        if uow.closings.is_closed(site.id, ClosingKind.YEAR, year):
            raise UserError(N_("The year {year} is already closed at site {site}."),
                            year=year, site=site.code)
        if _today(uow, moment).isoformat()[:4] <= year:
            raise UserError(N_("The year {year} is not over: it cannot be closed yet."), year=year)
        months = sorted({uow.closings.get(i).period[:7]
                         for i in uow.closings.ids(site.id, ClosingKind.DAY, year)})
        for month in months:
            if not uow.closings.is_closed(site.id, ClosingKind.MONTH, month):
                raise UserError(N_("The month {month} is not closed yet: close it first."),
                                month=month)
        parts = [uow.closings.get(i) for i in uow.closings.ids(site.id, ClosingKind.MONTH, year)]
        figures_ = merge_figures((m.period, m.figures) for m in parts)
        done = _write(uow, user, site, ClosingKind.YEAR, year, figures_, moment)
        uow.commit()
        return done


def closing(db: Database, site_code: str, kind: ClosingKind, period: str) -> Closing:
    """The closing of ``period`` (a day, month or year) at ``site_code``."""
    with db.read() as uow:
        site = require_site(uow, site_code)
        closing_id = uow.closings.id_of(site.id, kind, period.strip())
        if closing_id is None:
            raise UserError(N_("{period} is not closed at site {site}."), period=period,
                            site=site.code)
        return uow.closings.get(closing_id)


def closings(db: Database, kind: ClosingKind, site_code: str | None = None) -> list[Closing]:
    """Every closing of ``kind`` (of one site), in order."""
    with db.read() as uow:
        site_id = require_site(uow, site_code).id if site_code else None
        return [uow.closings.get(i) for i in uow.closings.ids(site_id, kind)]
