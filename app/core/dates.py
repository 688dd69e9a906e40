"""The range of dates Convene accepts, so that every date can be shown and computed with.

Python's dates end at year 9999 and begin at year 1; an event's last day plus one, or a
local midnight turned into UTC, would leave that range at its edges (9999-12-31 in
Pacific/Honolulu, 0001-01-01 in America/Adak). Forms, services and the import refuse dates
outside EARLIEST..LATEST, far from either edge.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def in_range(value: date | datetime | None) -> bool:
    """None passes (an optional date left empty); a date or datetime must lie within the range."""
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST <= day <= LATEST


# A value stored before the range existed (or by a script) may still lie at an edge; the
# helpers below clamp instead of overflowing, so such an event's pages and feeds still work.
_UTC_MIN = datetime.min.replace(tzinfo=UTC)
_UTC_MAX = datetime.max.replace(tzinfo=UTC)


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the first or last representable date."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def local_midnight_utc(day: date, tz_name: str) -> datetime:
    """The start of `day` in the time zone, as UTC (clamped at the representable edges)."""
    try:
        return datetime.combine(day, time(0), ZoneInfo(tz_name)).astimezone(UTC)
    except OverflowError:
        return _UTC_MAX if day.year > 1 else _UTC_MIN


def local_day_end_utc(day: date, tz_name: str) -> datetime:
    """The end of `day` in the time zone (the next local midnight), as UTC."""
    if day == date.max:
        return _UTC_MAX
    return local_midnight_utc(day + timedelta(days=1), tz_name)
