"""The live view on the day: how many of the people expected have come in, when they came,
and who has not come yet.

Expected are the confirmed registrations (cancelled, waiting, rejected and erased people are
not); checked in are those of them the desk admitted. Arrivals are counted per quarter of an
hour in the event's time zone: the database groups check-in moments by quarter-hours since
the epoch, which are quarter-hours of local time too (every time zone's offset is a multiple
of fifteen minutes), and the days follow from the local date of each quarter. Two queries
whatever the number of people, and the same on SQLite and PostgreSQL.

A higher layer adds its part of a day through app.registration.hooks.ON_THE_DAY_PARTS
(trainings: attendance per module).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time as babel_format_time
from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from app.core.i18n import current_language
from app.db import utcnow
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus

QUARTER_SECONDS = 15 * 60


class quarter_hour(FunctionElement):  # noqa: N801 - reads as the SQL function it stands for
    """Whole quarter-hours from 1970-01-01 00:00 UTC to a (naive UTC) timestamp column."""

    type = Integer()
    inherit_cache = True


@compiles(quarter_hour, "sqlite")
def _quarter_hour_sqlite(element, compiler, **kw):
    # strftime('%s') reads the stored "YYYY-MM-DD HH:MM:SS.ffffff" as UTC; integer division floors for
    # moments after 1970.
    return f"(CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER) / {QUARTER_SECONDS})"


@compiles(quarter_hour)
def _quarter_hour_default(element, compiler, **kw):
    # PostgreSQL: a timestamp without time zone holds UTC here, and its epoch is taken as such.
    return (f"CAST(floor(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) / {QUARTER_SECONDS})"
            f" AS INTEGER)")


@dataclass(frozen=True)
class Quarter:
    starts_at: datetime
    """The local start of the quarter-hour (aware, in the event's time zone)."""
    arrived: int


@dataclass(frozen=True)
class DayCount:
    day: date
    arrived: int
    """Checked in during this local day."""
    checked_in: int
    """Checked in by the end of this day (this day and the days before)."""


@dataclass(frozen=True)
class LiveDay:
    day: date
    expected: int
    checked_in: int
    days: list[DayCount]
    quarters: list[Quarter]
    """The chosen day's quarter-hours from the first arrival to the last (or to now, today); empty without arrivals."""

    @property
    def not_arrived(self) -> int:
        return self.expected - self.checked_in

    @property
    def arrived_on_day(self) -> int:
        return next((d.arrived for d in self.days if d.day == self.day), 0)

    @property
    def busiest_quarter(self) -> int:
        return max((q.arrived for q in self.quarters), default=0)


def clock(moment: datetime, tz_name: str) -> str:
    """"09:45": a time of day in the event's time zone, on the 24-hour clock the desk shows."""
    return babel_format_time(moment.astimezone(ZoneInfo(tz_name)), "HH:mm", locale=current_language())


def _expected_and_checked_in(event) -> tuple[int, int]:
    counted = and_(Registration.status == RegistrationStatus.CONFIRMED, Registration.erased_at.is_(None))
    expected, checked_in = db.session.execute(
        select(func.count(case((counted, Registration.id))),
               func.count(case((and_(counted, Registration.checked_in_at.is_not(None)), Registration.id))))
        .where(Registration.event_id == event.id)).one()
    return expected or 0, checked_in or 0


def _arrivals_by_quarter(event) -> dict[int, int]:
    """{quarter-hours since the epoch: people checked in during it}, confirmed people only."""
    quarter = quarter_hour(Registration.checked_in_at)
    rows = db.session.execute(
        select(quarter, func.count(Registration.id))
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.erased_at.is_(None), Registration.checked_in_at.is_not(None))
        .group_by(quarter))
    return {int(index): count for index, count in rows}


def _local(index: int, tz: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(index * QUARTER_SECONDS, UTC).astimezone(tz)


def days_of(event, arrival_days: set[date] | None = None) -> list[date]:
    """The event's days, and any other day someone was checked in on (a badge picked up the day before)."""
    return sorted(set(event.days) | (arrival_days or set()))


def default_day(event, days: list[date], arrival_days: set[date], now: datetime) -> date:
    """Today when it is one of the days; else the last day anyone came in; else the event's first day."""
    today = now.astimezone(ZoneInfo(event.timezone)).date()
    if today in days:
        return today
    return max(arrival_days) if arrival_days else days[0]


def live_day(event, day: date | None = None, now: datetime | None = None) -> LiveDay:
    """The numbers of `day` (None: default_day) as they stand at `now` (default: this moment).
    A day that is neither an event day nor a day with arrivals is replaced by the default one."""
    now = now or utcnow()
    tz = ZoneInfo(event.timezone)
    expected, checked_in = _expected_and_checked_in(event)
    by_quarter = _arrivals_by_quarter(event)
    by_day: dict[date, int] = {}
    local_day = {index: _local(index, tz).date() for index in by_quarter}
    for index, count in by_quarter.items():
        by_day[local_day[index]] = by_day.get(local_day[index], 0) + count
    days = days_of(event, set(by_day))
    if day not in days:
        day = default_day(event, days, set(by_day), now)
    counts, running = [], 0
    for each in days:
        running += by_day.get(each, 0)
        counts.append(DayCount(each, by_day.get(each, 0), running))
    quarters: list[Quarter] = []
    chosen = sorted(index for index in by_quarter if local_day[index] == day)
    if chosen:
        last = chosen[-1]
        now_index = int(now.timestamp()) // QUARTER_SECONDS
        if _local(now_index, tz).date() == day:
            last = max(last, now_index)  # quiet quarters up to now show as quiet
        quarters = [Quarter(_local(index, tz), by_quarter.get(index, 0)) for index in range(chosen[0], last + 1)]
    return LiveDay(day, expected, checked_in, counts, quarters)

