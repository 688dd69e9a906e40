"""The builder's day grid: rooms as columns, 5-minute rows, parallel sessions of a room side by side."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from math import ceil
from zoneinfo import ZoneInfo

from app.agenda.builder import DraftAgenda
from app.agenda.models import Room, Session
from app.events.models import Event

ROW_MINUTES = 5  # grid rows: sessions are placed to the minute that matters
SLOT_MINUTES = 15  # drop targets and time labels
GRID_FIRST_ROW = 2  # row 1 holds the room names
GRID_FIRST_COLUMN = 2  # column 1 holds the times


@dataclass
class GridItem:
    session: Session
    start: int  # minutes since local midnight, clipped to the day
    end: int
    row: int = 0
    span: int = 1
    lane: int = 1
    lanes: int = 1


@dataclass
class GridColumn:
    room: Room | None
    column: int
    items: list[GridItem] = field(default_factory=list)


@dataclass
class GridSlot:
    row: int
    span: int
    label: str  # "HH:MM", local
    is_hour: bool


@dataclass
class DayGrid:
    day: date
    slots: list[GridSlot]
    columns: list[GridColumn]


def _minutes(value: datetime, tz: ZoneInfo, day: date) -> int:
    local = value.astimezone(tz)
    if local.date() < day:
        return 0
    if local.date() > day:
        return 24 * 60
    return local.hour * 60 + local.minute


def day_grid(event: Event, draft: DraftAgenda, day: date, *, first_hour: int = 8, last_hour: int = 18) -> DayGrid:
    """Rooms as columns and 5-minute rows for the sessions that start on `day` (local time).

    The rows run from `first_hour` to `last_hour`, widened to whole hours that fit
    every session; 15-minute slots (drop targets, time labels) span three rows.
    Sessions that overlap in one room (a conflict) get side-by-side lanes so both stay visible.
    """
    tz = ZoneInfo(event.timezone)
    todays = [s for s in draft.sessions if s.starts_at.astimezone(tz).date() == day]
    items = []
    for session in todays:
        start = _minutes(session.starts_at, tz, day)
        items.append(GridItem(session, start, max(_minutes(session.ends_at, tz, day), start + ROW_MINUTES)))
    first = min([first_hour * 60] + [item.start // 60 * 60 for item in items])
    last = min(24 * 60, max([last_hour * 60] + [ceil(item.end / 60) * 60 for item in items]))
    per_slot = SLOT_MINUTES // ROW_MINUTES
    slots = [GridSlot(GRID_FIRST_ROW + i * per_slot, per_slot, f"{m // 60:02d}:{m % 60:02d}", m % 60 == 0)
             for i, m in enumerate(range(first, last, SLOT_MINUTES))]

    columns = [GridColumn(room, GRID_FIRST_COLUMN + i) for i, room in enumerate(draft.rooms)]
    by_room = {column.room.id: column for column in columns}
    unassigned = GridColumn(None, GRID_FIRST_COLUMN + len(columns))
    for item in items:
        item.row = GRID_FIRST_ROW + (item.start - first) // ROW_MINUTES
        item.span = max(1, ceil((item.end - first) / ROW_MINUTES) - (item.start - first) // ROW_MINUTES)
        by_room.get(item.session.room_id, unassigned).items.append(item)
    if unassigned.items:
        columns.append(unassigned)
    for column in columns:
        _assign_lanes(column.items)
    return DayGrid(day, slots, columns)


def _assign_lanes(items: list[GridItem]) -> None:
    """Greedy lanes by real times; every item of a cluster of overlaps learns the cluster's lane count."""
    items.sort(key=lambda item: (item.start, -item.end, item.session.id))
    cluster: list[GridItem] = []
    cluster_end = 0
    lane_ends: list[int] = []
    for item in items:
        if cluster and item.start >= cluster_end:
            for member in cluster:
                member.lanes = len(lane_ends)
            cluster, lane_ends = [], []
        for index, end in enumerate(lane_ends):
            if end <= item.start:
                lane_ends[index] = item.end
                item.lane = index + 1
                break
        else:
            lane_ends.append(item.end)
            item.lane = len(lane_ends)
        cluster.append(item)
        cluster_end = max(cluster_end, item.end)
    for member in cluster:
        member.lanes = len(lane_ends)
