"""The demo's content: the TOML files in data/, read once and checked against the schema below.

forum(), training(), round_table() and participants() give plain dicts and lists as the files write them, except
that an absent `capacity` or `track` reads as None and a session's people are (person key, role)
tuples. They are shared: copy before changing them. A file that does not fit raises DemoDataError
naming the file and the key.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from app.agenda.models import PersonRole, SessionKind
from app.events.models import Approval, EventKind, RegistrationMode, Visibility
from app.registration.models import FieldKind, RegistrationStatus
from app.reminders.models import ReminderKind
from app.trainings.models import CompletionKind

DATA = Path(__file__).with_name("data")
LANGUAGES = ("en", "ru", "kk")  # the languages the demo is written in


class DemoDataError(ValueError):
    """A demo data file is not valid TOML, lacks a key, has an unknown one or a value of the wrong type."""


class _Invalid(Exception):
    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Omittable:
    """A key the file may leave out; `default` (unless omitted) stands in for it."""
    schema: Any
    default: Any = ...


@dataclass(frozen=True)
class TableOf:
    """A table whose keys are names the file chooses (e.g. session keys), each value of `schema`."""
    schema: Any


# A schema is a type, an Enum or a frozenset (one of its values), [schema] (an array),
# (schema, schema) (an array of that length, read as a tuple), {key: schema} or TableOf.
LANGUAGE = frozenset(LANGUAGES)
TEXT = {language: Omittable(str) for language in LANGUAGES}
KEYED_TEXT = {**TEXT, "en": str}  # the English text identifies the object: it must be there
PERSON = {"key": str, "name": str, "email": str, "country": Omittable(str), "title": Omittable(TEXT),
          "organisation": Omittable(TEXT), "bio": Omittable(TEXT)}
SESSION = {"key": str, "day": int, "start": time, "end": time, "room": str, "track": Omittable(str, None),
           "type": SessionKind, "title": KEYED_TEXT, "abstract": Omittable(TEXT),
           "people": Omittable([(str, PersonRole)]), "interpretation": Omittable([LANGUAGE]),
           "floor_language": Omittable(LANGUAGE)}
FIELD = {"key": str, "type": FieldKind, "required": Omittable(bool), "label": TEXT, "help": Omittable(TEXT),
         "choices": Omittable([{"key": str, "label": TEXT}]),
         "listening": Omittable(bool),  # the language question participants answer with the language they listen in
         "demo_share": Omittable(float)}  # a checkbox: the share of the demo's participants who tick it
MESSAGE = {"key": str, "to": frozenset(status.value for status in RegistrationStatus), "subject": KEYED_TEXT,
           "body": KEYED_TEXT, "sent_days_ago": Omittable(int, None), "send_days_before": Omittable(int, None)}
EVENT = {
    "slug": str, "kind": EventKind, "start_date": date, "end_date": date, "timezone": str,
    "languages": [LANGUAGE], "default_language": LANGUAGE, "visibility": Visibility,
    "approval": Omittable(Approval, Approval.APPROVED.value),  # "pending": waits for the demo administrator
    "capacity": Omittable(int, None), "registration_mode": RegistrationMode,
    "title": TEXT, "summary": TEXT, "description": TEXT, "venue": TEXT,
    # event_creator: the organiser holds the site role (their events need no approval)
    "organisers": [{"email": str, "name": str, "organisation": Omittable(TEXT), "event_creator": Omittable(bool, False)}],
    "rooms": [{"key": str, "name": KEYED_TEXT, "capacity": Omittable(int)}],
    "tracks": [{"key": str, "name": KEYED_TEXT, "colour": str}],
    "people": [PERSON], "sessions": [SESSION], "registration_fields": [FIELD],
    "completion_rule": Omittable({"kind": CompletionKind, "share": Omittable(float)}),
    # The first morning at the door (the live on-the-day view): people checked in between two times.
    "arrivals": Omittable({"checked_in": int, "first": time, "last": time}),
    "notes": Omittable(TableOf(TEXT)),      # rapporteurs' notes, by session key
    "conclusions": Omittable(TEXT),         # the note of the whole event
    # reminders switched on (the training's apply to its upcoming edition): days before or after, hour of day
    "reminders": Omittable([{"kind": ReminderKind, "days": Omittable(int, 0), "hour": int,
                             "subject": Omittable(TEXT), "body": Omittable(TEXT)}]),
    "messages": Omittable([MESSAGE], []),   # organiser messages of the next edition (trainings)
}
PARTICIPANTS = {"participants": [{"name": str, "email": str, "organisation": KEYED_TEXT, "country": Omittable(str),
                                  "language": LANGUAGE, "listening": Omittable(LANGUAGE)}]}

_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
          date: "a date (YYYY-MM-DD)", time: "a time (HH:MM:SS)"}


def _checked(value: Any, schema: Any, where: str) -> Any:
    """`value` read against `schema`, `where` naming it in errors (raises _Invalid)."""
    if isinstance(schema, (dict, TableOf)) and not isinstance(value, dict):
        raise _Invalid(where, f"expected a table, got {value!r:.60}")
    if isinstance(schema, TableOf):
        return {key: _checked(item, schema.schema, _at(where, key)) for key, item in value.items()}
    if isinstance(schema, dict):
        unknown = sorted(value.keys() - schema.keys())
        if unknown:
            raise _Invalid(_at(where, unknown[0]), f"unknown key (known: {', '.join(schema)})")
        out = {}
        for key, item in schema.items():
            if key in value:
                out[key] = _checked(value[key], item.schema if isinstance(item, Omittable) else item, _at(where, key))
            elif not isinstance(item, Omittable):
                raise _Invalid(_at(where, key), "missing")
            elif item.default is not ...:
                out[key] = item.default
        return out
    if isinstance(schema, (list, tuple)):
        size = f" of {len(schema)}" if isinstance(schema, tuple) else ""
        if not isinstance(value, list) or size and len(value) != len(schema):
            raise _Invalid(where, f"expected an array{size}, got {value!r:.60}")
        if isinstance(schema, tuple):
            pairs = enumerate(zip(value, schema, strict=True))
            return tuple(_checked(item, part, f"{where}[{i}]") for i, (item, part) in pairs)
        return [_checked(item, schema[0], f"{where}[{_label(item, i)}]") for i, item in enumerate(value)]
    if isinstance(schema, frozenset) or issubclass(schema, Enum):
        allowed = sorted(schema) if isinstance(schema, frozenset) else [member.value for member in schema]
        if value not in allowed:
            raise _Invalid(where, f"expected one of {', '.join(allowed)}, got {value!r:.60}")
        return value
    if schema is date:
        valid = type(value) is date  # a TOML date-time reads as a datetime, which is a date too
    elif schema is float:
        valid = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        valid = isinstance(value, schema) and (schema is bool or not isinstance(value, bool))
    if not valid:
        raise _Invalid(where, f"expected {_NAMES[schema]}, got {value!r:.60}")
    return value


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _label(item: Any, index: int) -> str:
    """How an error names an item of an array: by its key when it has one (easy to find in the file)."""
    return item["key"] if isinstance(item, dict) and isinstance(item.get("key"), str) else str(index)


def _unique_keys(records: list[dict], where: str) -> set[str]:
    keys = [record["key"] for record in records]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise _Invalid(f"{where}[{twice[0]}]", "the key is used twice")
    return set(keys)


def _check_event(event: dict) -> None:
    """Sessions fall within the event and name rooms, tracks and people by key; notes name sessions."""
    rooms, tracks, people = (_unique_keys(event[name], name) for name in ("rooms", "tracks", "people"))
    sessions = _unique_keys(event["sessions"], "sessions")
    days = (event["end_date"] - event["start_date"]).days + 1
    for session in event["sessions"]:
        where = f"sessions[{session['key']}]"
        if not 1 <= session["day"] <= days:
            raise _Invalid(f"{where}.day", f"the event has days 1 to {days}, not {session['day']}")
        if session["end"] <= session["start"]:
            raise _Invalid(f"{where}.end", "not after the start")
        if session["room"] not in rooms:
            raise _Invalid(f"{where}.room", f"{session['room']!r} is not the key of a room")
        if session["track"] is not None and session["track"] not in tracks:
            raise _Invalid(f"{where}.track", f"{session['track']!r} is not the key of a track")
        for index, (person, _role) in enumerate(session.get("people", [])):
            if person not in people:
                raise _Invalid(f"{where}.people[{index}]", f"{person!r} is not the key of a person")
    strays = sorted(event.get("notes", {}).keys() - sessions)
    if strays:
        raise _Invalid(f"notes.{strays[0]}", "not the key of a session")


def read(path: Path, schema: dict) -> dict:
    """The TOML file at `path`, checked against `schema` (an event's also for its references)."""
    try:
        data = _checked(tomllib.loads(path.read_text(encoding="utf-8")), schema, "")
        if schema is EVENT:
            _check_event(data)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{path}: {error}") from None
    except _Invalid as error:
        raise DemoDataError(f"{path}: {error}") from None
    return data


@cache
def forum() -> dict:
    """The model forum, with its rapporteurs' notes and conclusions."""
    return read(DATA / "forum.toml", EVENT)


@cache
def training() -> dict:
    """The model training (2017); its next edition is made from it."""
    return read(DATA / "training.toml", EVENT)


@cache
def round_table() -> dict:
    """A small meeting its organiser created without the event-creator role: awaiting approval."""
    return read(DATA / "roundtable.toml", EVENT)


@cache
def participants() -> list[dict]:
    """People who register for the demo events, in the order they register."""
    return read(DATA / "participants.toml", PARTICIPANTS)["participants"]
