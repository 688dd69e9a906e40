"""iCalendar (RFC 5545) views of the published agenda: a whole event, one session, a personal feed.

Builders are pure: they take the event, the published agenda, a language and the site's base URL
and return bytes; the views decide who may see what. The lines are written directly (see _Writer);
the text is escaped (a comma or semicolon in a title must not cut the SUMMARY short), and
icalendar builds the VTIMEZONE that every TZID used gets.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, timedelta
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask_babel import force_locale, gettext
from icalendar import Timezone, vDuration

from app.agenda.models import PersonRole
from app.agenda.published import PublicSession, PublishedAgenda
from app.core import dates
from app.core.i18n import language_in_text, localize
from app.core.labels import label
from app.core.text import without_controls

PRODID = "-//Convene//Agenda//EN"
UID_DOMAIN = "convene"
# Calendar apps poll subscribed feeds; this is a hint, the ETag makes polling cheap anyway.
REFRESH_INTERVAL = timedelta(hours=1)


def session_url(base_url: str, event_slug: str, session_id: int) -> str:
    """The public session page (`agenda.session_page`, a stable address in PRODUCT.md §3)."""
    return f"{base_url.rstrip('/')}/events/{quote(event_slug)}/sessions/{session_id}"


def session_uid(session: PublicSession) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def agenda_calendar(event, published: PublishedAgenda, *, lang: str, base_url: str) -> bytes:
    """Every published session of the event, cancelled ones included (STATUS:CANCELLED)."""
    writer = _Writer(localize(event.title, event.default_language, lang=lang), feed=True)
    description = localize(event.summary, event.default_language, lang=lang)
    if description:
        writer.text("X-WR-CALDESC", description)
    writer.line("X-WR-TIMEZONE:" + _single_line(event.timezone))
    writer.sessions(event, published, published.sessions, lang=lang, base_url=base_url)
    return writer.finish()


def session_calendar(event, published: PublishedAgenda, session: PublicSession, *, lang: str,
                     base_url: str) -> bytes:
    """One session, for "Add to calendar"."""
    writer = _Writer(localize(event.title, event.default_language, lang=lang), feed=False)
    writer.sessions(event, published, [session], lang=lang, base_url=base_url)
    return writer.finish()


def personal_calendar(entries: Iterable[tuple[object, PublishedAgenda, Sequence[PublicSession]]], *,
                      lang: str | None, name: str, base_url: str) -> bytes:
    """A user's starred sessions across events; `lang` None means each event's default language."""
    writer = _Writer(name, feed=True)
    for event, published, sessions in entries:
        writer.sessions(event, published, sessions, lang=lang or event.default_language, base_url=base_url)
    return writer.finish()


# Zones written as UTC ("...Z") rather than with a TZID and a VTIMEZONE, as icalendar does.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})


class _Writer:
    """The calendar written line by line: profiling showed icalendar's objects (a property object, its
    parameters and a case-insensitive dict per value, then folding character by character) at ~0.9 ms
    a session; the text is escaped as icalendar's vText does and folded at 75 octets (RFC 5545 3.1)."""

    def __init__(self, name: str, *, feed: bool):
        self.head = [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:" + PRODID.encode(), b"CALSCALE:GREGORIAN"]
        self.body: list[bytes] = []
        self.zones: set[str] = set()
        self.first: date | None = None
        self.last: date | None = None
        self.text("X-WR-CALNAME", name)
        if feed:
            self.line("REFRESH-INTERVAL;VALUE=DURATION:" + _duration(REFRESH_INTERVAL))
            self.line("X-PUBLISHED-TTL:PT1H")

    def line(self, text: str) -> None:
        self.head.append(_fold(text.encode()))

    def text(self, name: str, value: str, *, multiline: bool = True) -> None:
        self.head.append(_text_line(name, value, multiline=multiline))

    def sessions(self, event, published: PublishedAgenda, sessions: Sequence[PublicSession], *, lang: str,
                 base_url: str) -> None:
        if not sessions:
            return
        tz = ZoneInfo(event.timezone)
        default = event.default_language
        venue = localize(event.venue, default, lang=lang)
        with force_locale(lang):
            labels = _labels(lang)
        if event.timezone in _UTC_NAMES:
            def moment(value):
                return b":" + _utc(value)
        else:
            self.zones.add(event.timezone)
            prefix = f";TZID={event.timezone}:".encode()
            seen: dict = {}  # sessions share their times: each is converted once

            def moment(value):
                written = seen.get(value)
                if written is None:
                    written = seen[value] = prefix + value.astimezone(tz).strftime("%Y%m%dT%H%M%S").encode()
                return written
        dtstamp = b"DTSTAMP:" + _utc(published.published_at)
        out = self.body
        for session in sessions:
            url = session_url(base_url, event.slug, session.id)
            out.append(b"BEGIN:VEVENT")
            out.append(_fold(f"UID:{session_uid(session)}".encode()))
            # Without METHOD, DTSTAMP is the last modification: the publication this version comes from.
            out.append(dtstamp)
            out.append(b"DTSTART" + moment(session.starts_at))
            out.append(b"DTEND" + moment(session.ends_at))
            out.append(_text_line("SUMMARY", localize(session.title, default, lang=lang)))
            out.append(_text_line("DESCRIPTION", _description(session, default, lang, labels, url)))
            location = localize(session.room.name, default, lang=lang) if session.room else venue
            if location:
                out.append(_text_line("LOCATION", location))
            if session.track:
                out.append(_text_line("CATEGORIES", localize(session.track.name, default, lang=lang)))
            out.append(_fold(b"URL:" + url.encode()))
            out.append(b"SEQUENCE:%d" % session.sequence)
            out.append(b"STATUS:CANCELLED" if session.is_cancelled else b"STATUS:CONFIRMED")
            out.append(b"TRANSP:OPAQUE")
            out.append(b"END:VEVENT")
            starts, ends = session.starts_at.astimezone(tz).date(), session.ends_at.astimezone(tz).date()
            self.first = starts if self.first is None else min(self.first, starts)
            self.last = ends if self.last is None else max(self.last, ends)

    def finish(self) -> bytes:
        zones = []
        if self.zones:
            # A VTIMEZONE covering just the calendar's dates: correct there, and short. Within Convene's
            # date range: a session stored at the calendar's edge still gets a valid file.
            first = min(max(dates.shift(self.first, -1), dates.EARLIEST), dates.LATEST)
            last = max(min(dates.shift(self.last, 1), dates.LATEST), first)
            zones = [_vtimezone(tzid, first, last) for tzid in sorted(self.zones)]
        return b"\r\n".join([*self.head, *zones, *self.body, b"END:VCALENDAR", b""])


def _single_line(value: str) -> str:
    return without_controls(value)


def _text_line(name: str, value: str, *, multiline: bool = True) -> bytes:
    """NAME:value as TEXT (RFC 5545 3.3.11): no control character but tab, escaped, folded."""
    return _fold(f"{name}:{_escape(without_controls(str(value), multiline=multiline))}".encode())


def _escape(text: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon and comma escaped, every line break written as \\n
    (what icalendar's vText does; its escape_char helper is deprecated for icalendar 8)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: bytes) -> bytes:
    """Fold at 75 octets, never inside a UTF-8 sequence; continuation lines start with a space."""
    if len(line) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(line) - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(line[start:end])
        start, limit = end, 74
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _utc(value) -> bytes:
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y%m%dT%H%M%SZ").encode()


def _duration(value: timedelta) -> str:
    return vDuration(value).to_ical().decode()


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The zone's VTIMEZONE from first to last (icalendar builds it; once per zone and range)."""
    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical().rstrip(b"\r\n")


class LanguageNames(dict):
    """Language names in one language, looked up once per calendar (Babel's lookup is slow).

    As written after "Language:" in the feed's language: "Russian" in English, "русский" in
    Russian, "орыс тілі" in Kazakh (their own convention, as CLDR has them), never capitalised as
    a menu would. Machine-readable fields carry the code ("ru": frab's `language`)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def __missing__(self, code: str) -> str:
        self[code] = name = language_in_text(code, self.lang)
        return name


def _labels(lang: str) -> dict:
    return {
        **{role: label(role) for role in PersonRole},
        "interpretation": gettext("Interpretation"),
        "floor_language": gettext("Language"),
        "languages": LanguageNames(lang),
    }


def _description(session: PublicSession, default: str, lang: str, labels: dict, url: str) -> str:
    parts = []
    abstract = localize(session.abstract, default, lang=lang)
    if abstract:
        parts.append(abstract.strip())
    people = []
    for link in session.people:
        organisation = localize(link.person.organisation, default, lang=lang)
        people.append(f"{labels[link.role]}: {link.person.name}" + (f" ({organisation})" if organisation else ""))
    if people:
        parts.append("\n".join(people))
    languages = []
    if session.floor_language:
        languages.append(f"{labels['floor_language']}: {labels['languages'][session.floor_language]}")
    if session.interpretation:
        names = ", ".join(labels["languages"][code] for code in session.interpretation)
        languages.append(f"{labels['interpretation']}: {names}")
    if languages:
        parts.append("\n".join(languages))
    parts.append(url)
    return "\n\n".join(parts)
