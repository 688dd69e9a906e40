"""The published agenda as a frab/c3voc schedule ("Fahrplan"), read by Giggity, ConfClerk, EventFahrplan.

`schedule_document` builds the JSON form (valid against schemas/schedule.json.schema.json);
`schedule_xml` renders the same content as XML (valid against schemas/schedule.xml.xsd).
Both are pure: event + published agenda + language + the site's base URL in, data out.

Cancelled sessions are left out, as pretalx does: schedule apps show a session that
disappears from the schedule as cancelled, and have no status field to show it otherwise.
"""
from __future__ import annotations

import math
import re
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask_babel import force_locale, gettext
from slugify import slugify

from app.agenda.ical import LanguageNames, session_url
from app.agenda.published import PublicRoom, PublicSession, PublishedAgenda
from app.core import dates
from app.core.i18n import localize

GENERATOR = "Convene"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
DEFAULT_TIMESLOT_MINUTES = 15

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TRACK_SLUG = re.compile(r"[a-z][a-z0-9-]+")
# Characters XML 1.0 cannot carry at all; titles typed into forms could still hold them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# text-unidecode transliterates every Kazakh letter but drops "ә" ("тәжірибе" -> "t-zhiribe").
_TRANSLITERATE = [["ә", "a"], ["Ә", "a"]]


def ascii_slug(text: str) -> str:
    return slugify(text, max_length=50, word_boundary=True, replacements=_TRANSLITERATE)


def acronym(event) -> str:
    """The event slug in the form both schemas accept: [a-z0-9_], at least four characters."""
    value = re.sub(r"[^a-z0-9_]", "_", event.slug.lower())
    return value.ljust(4, "_")


def session_slug(event, session: PublicSession) -> str:
    """"<acronym>-<id>-<title>", ASCII (Cyrillic and Kazakh transliterated), stable across languages."""
    title = ascii_slug(localize(session.title, event.default_language, lang=event.default_language))
    return f"{acronym(event)}-{session.id}-{title if len(title) >= 2 else 'session'}"


def _guid(base_url: str, kind: str, key: object) -> str:
    # Rooms and people have no UUID of their own: derive a stable one from this site's address.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url.rstrip('/')}/{kind}/{key}"))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _timeslot(sessions: list[PublicSession], tz: ZoneInfo) -> int:
    """The grid step that fits every start and duration (5 to 60 minutes)."""
    step = 0
    for session in sessions:
        start = session.starts_at.astimezone(tz)
        step = math.gcd(step, start.hour * 60 + start.minute, _minutes(session.ends_at - session.starts_at))
    return min(max(step, 5), 60) if step else DEFAULT_TIMESLOT_MINUTES


def schedule_document(event, published: PublishedAgenda, *, lang: str, base_url: str) -> dict:
    """The schedule as the c3voc JSON document."""
    base = base_url.rstrip("/") + "/"
    tz = ZoneInfo(event.timezone)
    default = event.default_language

    def text(value: dict) -> str:
        return localize(value, default, lang=lang)

    sessions = [s for s in published.sessions if not s.is_cancelled]
    with force_locale(lang):
        no_room = gettext("No room")
        interpretation = (gettext("Interpretation"), LanguageNames(lang))

    rooms: list[tuple[PublicRoom | None, str, str]] = [
        (room, text(room.name), _guid(base, "rooms", room.id)) for room in published.rooms]
    if any(s.room is None for s in sessions):
        rooms.append((None, no_room, _guid(base, f"events/{event.id}/rooms", "none")))
    room_names = {room.id if room else None: name for room, name, _ in rooms}

    by_day: dict[date, list[PublicSession]] = defaultdict(list)
    for session in sessions:
        by_day[session.starts_at.astimezone(tz).date()].append(session)
    day_dates = sorted(set(event.days) | set(by_day))

    days = []
    for index, day in enumerate(day_dates, start=1):
        day_sessions = by_day.get(day, [])
        if day_sessions:
            day_start = min(s.starts_at for s in day_sessions).astimezone(tz)
            day_end = max(s.ends_at for s in day_sessions).astimezone(tz)
        else:
            day_start = dates.local_midnight_utc(day, event.timezone).astimezone(tz)
            day_end = dates.local_day_end_utc(day, event.timezone).astimezone(tz)
        day_rooms: dict[str, list[dict]] = {name: [] for _, name, _ in rooms}
        for session in day_sessions:
            room_name = room_names[session.room.id if session.room else None]
            day_rooms[room_name].append(
                _event_entry(event, session, room_name, tz, text, base, interpretation))
        days.append({"index": index, "date": day.isoformat(), "day_start": _iso(day_start),
                     "day_end": _iso(day_end), "rooms": day_rooms})

    conference = {
        "acronym": acronym(event),
        "title": text(event.title),
        "start": event.start_date.isoformat(),
        "end": event.end_date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": _hhmm(_timeslot(sessions, tz)),
        "time_zone_name": event.timezone,
        "url": f"{base}events/{quote(event.slug)}",
        "tracks": [_track_entry(track, text, default) for track in published.tracks],
        "rooms": [{"name": name, "guid": guid, **({"capacity": room.capacity} if room and room.capacity else {})}
                  for room, name, guid in rooms],
        "days": days,
    }
    summary = text(event.summary)
    if summary:
        conference["description"] = summary
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {"version": str(published.version), "base_url": base, "conference": conference},
    }


def _track_entry(track, text, default: str) -> dict:
    # The slug comes from the default language, so it is the same in every ?lang= version.
    slug = ascii_slug(localize(track.name, default, lang=default))
    entry = {"name": text(track.name), "slug": slug if _TRACK_SLUG.fullmatch(slug) else f"track-{track.id}"}
    if _HEX_COLOUR.fullmatch(track.colour or ""):
        entry["color"] = track.colour.lower()
    return entry


def _event_entry(event, session: PublicSession, room_name: str, tz: ZoneInfo, text, base: str,
                 interpretation: tuple[str, LanguageNames]) -> dict:
    start = session.starts_at.astimezone(tz)
    description = ""
    if session.interpretation:
        label, names = interpretation
        description = f"{label}: " + ", ".join(names[code] for code in session.interpretation)
    return {
        "guid": session.uid,
        "id": session.id,
        "date": _iso(start),
        "start": start.strftime("%H:%M"),
        "end": _iso(session.ends_at.astimezone(tz)),
        "duration": _hhmm(_minutes(session.ends_at - session.starts_at)),
        "room": room_name,
        "slug": session_slug(event, session),
        "url": session_url(base, event.slug, session.id),
        "title": text(session.title),
        "subtitle": "",
        "track": text(session.track.name) if session.track else None,
        "type": session.kind.value,
        # The language spoken on the floor (an ISO 639-1 code, as the schema's examples), when stated.
        "language": session.floor_language or None,
        "abstract": text(session.abstract),
        "description": description,
        "persons": [{"id": link.person.id, "guid": _guid(base, "people", link.person.id), "name": link.person.name,
                     "biography": text(link.person.bio) or None}
                    for link in session.people],
        "links": [],
    }


# --- XML ---------------------------------------------------------------------------

def _clean(value: object) -> str:
    return _XML_INVALID.sub("", str(value))


def _child(parent: ET.Element, tag: str, text: object = None, **attributes: object) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = _clean(text)
    return element


def schedule_xml(event, published: PublishedAgenda, *, lang: str, base_url: str) -> bytes:
    """The same schedule as the frab XML (schedule.xml)."""
    document = schedule_document(event, published, lang=lang, base_url=base_url)
    schedule = document["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    _child(root, "generator", name=GENERATOR)
    _child(root, "url", f"{schedule['base_url']}events/{quote(event.slug)}/schedule.xml")
    _child(root, "version", schedule["version"])
    conf = _child(root, "conference")
    for key in ("acronym", "title", "start", "end"):
        _child(conf, key, conference[key])
    _child(conf, "days", conference["daysCount"])
    _child(conf, "timeslot_duration", conference["timeslot_duration"])
    _child(conf, "base_url", schedule["base_url"])
    _child(conf, "url", conference["url"])
    _child(conf, "time_zone_name", conference["time_zone_name"])
    for track in conference["tracks"]:
        _child(conf, "track", track["name"], name=track["name"], color=track.get("color"), slug=track["slug"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = _child(root, "day", index=day["index"], date=day["date"], start=day["day_start"],
                             end=day["day_end"])
        for room_name, entries in day["rooms"].items():
            room_element = _child(day_element, "room", name=room_name, guid=guids.get(room_name))
            for entry in entries:
                _event_xml(room_element, entry)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event_xml(parent: ET.Element, entry: dict) -> None:
    element = _child(parent, "event", guid=entry["guid"], id=entry["id"])
    for key in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug"):
        _child(element, key, entry[key])
    _child(element, "track", entry["track"] or "")
    persons = _child(element, "persons")
    for person in entry["persons"]:
        _child(persons, "person", person["name"], id=person["id"], guid=person["guid"])
    if entry["language"]:
        _child(element, "language", entry["language"])
    _child(element, "description", entry["description"])
    _child(element, "url", entry["url"])
