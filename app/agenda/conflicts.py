"""Conflicts in the draft agenda, found on the server and shown in the builder.

Four kinds, none of which stops the organiser from saving or publishing (an
agenda is often wrong for a while as it is being built):
  room_double_booked    two sessions overlap in one room
  person_double_booked  one person is in two overlapping sessions
  outside_event_days    a session is not on one of the event's days (event time zone)
  over_capacity         more people expected than the room holds
Cancelled sessions never conflict. Sessions that merely touch (one ends at
10:00, the next starts at 10:00) do not overlap.
"""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from app.agenda.builder import DraftAgenda, load_draft
from app.agenda.hooks import EXPECTED_AT_EVENT
from app.agenda.models import SessionStar, SessionStatus
from app.core import labels
from app.core.i18n import format_date_range, localize
from app.extensions import db

_EPSILON = timedelta(microseconds=1)


class ConflictKind(enum.StrEnum):
    ROOM = "room_double_booked"
    PERSON = "person_double_booked"
    OUTSIDE = "outside_event_days"
    CAPACITY = "over_capacity"


# The short names of the badges on sessions; Conflict.message says the whole sentence.
labels.register_labels(ConflictKind, {
    ConflictKind.ROOM: _l("Room double-booked"),
    ConflictKind.PERSON: _l("Person in two places"),
    ConflictKind.OUTSIDE: _l("Outside the event's days"),
    ConflictKind.CAPACITY: _l("Over room capacity"),
})


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    session_ids: tuple[int, ...]
    params: dict = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        """A short name for the badge on a session, in the reader's language."""
        return labels.label(self.kind)

    @property
    def message(self) -> str:
        """The whole sentence, in the reader's language."""
        p = self.params
        if self.kind == ConflictKind.ROOM:
            return _("%(room)s is booked for two sessions at the same time.", room=localize(p["room"], p["fallback"]))
        if self.kind == ConflictKind.PERSON:
            return _("%(person)s is in two sessions at the same time.", person=p["person"])
        if self.kind == ConflictKind.OUTSIDE:
            return _("The session is not on one of the event's days (%(days)s).",
                     days=format_date_range(p["first"], p["last"]))
        return ngettext("%(num)d person is expected, but %(room)s holds %(capacity)d.",
                        "%(num)d people are expected, but %(room)s holds %(capacity)d.", p["count"],
                        room=localize(p["room"], p["fallback"]), capacity=p["capacity"])


def expected_attendance(event, sessions) -> dict[int, int]:
    """How many people are expected in each session: {session_id: count}, in two queries.

    A session with nothing in parallel expects everyone expected at the event
    (EXPECTED_AT_EVENT: registration's confirmed participants). Where sessions run
    in parallel, people split between them, so a session expects those who put it
    in their personal agenda (its stars).
    """
    confirmed = sum(EXPECTED_AT_EVENT(event))
    ids = [s.id for s in sessions]
    stars = dict(db.session.execute(
        select(SessionStar.session_id, func.count(SessionStar.id))
        .where(SessionStar.session_id.in_(ids)).group_by(SessionStar.session_id)).all()) if ids else {}
    in_parallel = {s.id for pair in _overlapping_pairs(sessions) for s in pair}
    return {s.id: stars.get(s.id, 0) if s.id in in_parallel else confirmed for s in sessions}


def _overlapping_pairs(sessions):
    """Every pair of overlapping sessions, by a sweep over start times."""
    active = []
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.id)):
        active = [other for other in active if other.ends_at > session.starts_at]
        for other in active:
            yield other, session
        active.append(session)


def find_conflicts(event, draft: DraftAgenda | None = None) -> list[Conflict]:
    """All conflicts of the event's draft, ordered by time.

    Pass the `draft` a page has already loaded; otherwise it is loaded here
    (five queries), plus whatever expected_attendance needs: constant in the
    number of sessions.
    """
    draft = draft or load_draft(event)
    tz = ZoneInfo(event.timezone)
    fallback = event.default_language
    rooms = {room.id: room for room in draft.rooms}
    names = {person.id: person.name for person in draft.people}
    live = [s for s in draft.sessions if s.status != SessionStatus.CANCELLED]
    conflicts: list[Conflict] = []

    by_room = defaultdict(list)
    for session in live:
        if session.room_id is not None:
            by_room[session.room_id].append(session)
    for room_id, sessions in by_room.items():
        for first, second in _overlapping_pairs(sessions):
            conflicts.append(Conflict(ConflictKind.ROOM, (first.id, second.id),
                                      {"room": rooms[room_id].name, "fallback": fallback}))

    by_person = defaultdict(dict)
    for session in live:
        for link in session.people:
            by_person[link.person_id][session.id] = session
    for person_id, sessions in by_person.items():
        for first, second in _overlapping_pairs(sessions.values()):
            conflicts.append(Conflict(ConflictKind.PERSON, (first.id, second.id),
                                      {"person": names.get(person_id, "?")}))

    days = set(event.days)
    for session in live:
        first_day = session.starts_at.astimezone(tz).date()
        last_day = (session.ends_at.astimezone(tz) - _EPSILON).date()
        if first_day not in days or last_day not in days:
            conflicts.append(Conflict(ConflictKind.OUTSIDE, (session.id,),
                                      {"first": event.start_date, "last": event.end_date}))

    expected = expected_attendance(event, live)
    if expected:
        for session in live:
            room = rooms.get(session.room_id)
            count = expected.get(session.id, 0)
            if room is not None and room.capacity is not None and count > room.capacity:
                conflicts.append(Conflict(ConflictKind.CAPACITY, (session.id,),
                                          {"room": room.name, "fallback": fallback, "count": count,
                                           "capacity": room.capacity}))

    starts = {s.id: (s.starts_at, s.id) for s in live}
    conflicts.sort(key=lambda c: (min(starts[i] for i in c.session_ids), list(ConflictKind).index(c.kind)))
    return conflicts


def conflicts_by_session(conflicts: list[Conflict]) -> dict[int, list[tuple[int, Conflict]]]:
    """{session_id: [(index in `conflicts`, conflict)]}, for badges that link to the list."""
    result: dict[int, list[tuple[int, Conflict]]] = defaultdict(list)
    for index, conflict in enumerate(conflicts):
        for session_id in conflict.session_ids:
            result[session_id].append((index, conflict))
    return result
