"""A change of the agenda in words, from an entry of publishing.change_list:
"Opening of the forum: 09:30 → 10:00, Room A → Plenary hall; formerly “Opening”".

Times are in the event's zone, without seconds (app.core.i18n styles); titles and rooms in the
reader's language with the event's default as fallback. Entries stored before changes carried
their rooms' names and titles are worded with what they have.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.i18n import format_datetime_in, format_time_in, localize

FIELD_NAMES = {
    "title": _l("title"), "abstract": _l("abstract"), "kind": _l("type"), "status": _l("status"),
    "track_id": _l("track"), "floor_language": _l("language on the floor"), "interpretation": _l("interpretation"), "people": _l("people"),
}


def _moment(side: dict, key: str) -> datetime:
    return datetime.fromisoformat(side[key])


def _span(side: dict, tz: str, with_day: bool) -> str:
    start, end = _moment(side, "starts_at"), _moment(side, "ends_at")
    first = format_datetime_in(start, tz) if with_day else format_time_in(start, tz)
    return f"{first}–{format_time_in(end, tz)}"


def _times(before: dict, after: dict, tz: str) -> str | None:
    """"09:30 → 10:00" when the session kept its length, else both spans; with the day when it changed."""
    if (before["starts_at"], before["ends_at"]) == (after["starts_at"], after["ends_at"]):
        return None
    zone = ZoneInfo(tz)
    other_day = _moment(before, "starts_at").astimezone(zone).date() != _moment(after, "starts_at").astimezone(zone).date()
    same_length = _moment(before, "ends_at") - _moment(before, "starts_at") == \
        _moment(after, "ends_at") - _moment(after, "starts_at")
    if same_length:
        show = format_datetime_in if other_day else format_time_in
        return f"{show(_moment(before, 'starts_at'), tz)} → {show(_moment(after, 'starts_at'), tz)}"
    return f"{_span(before, tz, other_day)} → {_span(after, tz, other_day)}"


def _room(side: dict, fallback: str) -> str:
    return str(localize(side["room"], fallback)) if side.get("room") else _("no room")


def change_details(change: dict, event) -> str:
    """What changed, after the session's title: the new place and time of an added session;
    old → new time and room of a moved one, its former title, the other fields that changed."""
    tz, fallback = event.timezone, event.default_language
    before, after = change.get("before"), change.get("after")
    if change["kind"] == "added" and after:
        where = f", {_room(after, fallback)}" if "room" in after else ""
        return _span(after, tz, with_day=True) + where
    if not (before and after):
        return ""
    placement = [_times(before, after, tz)]
    if before["room_id"] != after["room_id"] and ("room" in before or "room" in after):
        placement.append(f"{_room(before, fallback)} → {_room(after, fallback)}")
    parts = [", ".join(part for part in placement if part)]
    if "title" in before and before["title"] != after.get("title"):
        parts.append(_("formerly “%(title)s”", title=localize(before["title"], fallback)))
    fields = [name for name in change.get("fields", []) if not (name == "title" and "title" in before)]
    if fields:
        parts.append(_("changed: %(fields)s", fields=", ".join(str(FIELD_NAMES.get(f, f)) for f in fields)))
    return "; ".join(part for part in parts if part)
