"""iCalendar (RFC 5545) views of the published agenda: a whole event, one session, a personal feed.

Builders are pure: they take the event, the published agenda, a language and the site's base URL
and return bytes; the views decide who may see what. icalendar escapes the text (a comma or
semicolon in a title must not cut the SUMMARY short), and every TZID used gets its VTIMEZONE.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask_babel import force_locale, gettext
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from app.agenda.models import PersonRole
from app.agenda.published import PublicSession, PublishedAgenda
from app.core import dates
from app.core.i18n import language_name, localize
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
    calendar = _calendar(localize(event.title, event.default_language, lang=lang), feed=True)
    description = localize(event.summary, event.default_language, lang=lang)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", event.timezone)
    _add_sessions(calendar, event, published, published.sessions, lang=lang, base_url=base_url)
    return _finish(calendar)


def session_calendar(event, published: PublishedAgenda, session: PublicSession, *, lang: str,
                     base_url: str) -> bytes:
    """One session, for "Add to calendar"."""
    calendar = _calendar(localize(event.title, event.default_language, lang=lang), feed=False)
    _add_sessions(calendar, event, published, [session], lang=lang, base_url=base_url)
    return _finish(calendar)


def personal_calendar(entries: Iterable[tuple[object, PublishedAgenda, Sequence[PublicSession]]], *,
                      lang: str | None, name: str, base_url: str) -> bytes:
    """A user's starred sessions across events; `lang` None means each event's default language."""
    calendar = _calendar(name, feed=True)
    for event, published, sessions in entries:
        _add_sessions(calendar, event, published, sessions, lang=lang or event.default_language, base_url=base_url)
    return _finish(calendar)


def _calendar(name: str, *, feed: bool) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if feed:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    return calendar


def _add_sessions(calendar: Calendar, event, published: PublishedAgenda, sessions: Sequence[PublicSession], *,
                  lang: str, base_url: str) -> None:
    tz = ZoneInfo(event.timezone)
    default = event.default_language
    venue = localize(event.venue, default, lang=lang)
    with force_locale(lang):
        labels = _labels(lang)
    for session in sessions:
        url = session_url(base_url, event.slug, session.id)
        vevent = VEvent()
        vevent.add("uid", session_uid(session))
        # Without METHOD, DTSTAMP is the last modification: the publication this version comes from.
        vevent.add("dtstamp", published.published_at)
        vevent.add("dtstart", session.starts_at.astimezone(tz))
        vevent.add("dtend", session.ends_at.astimezone(tz))
        vevent.add("summary", localize(session.title, default, lang=lang))
        vevent.add("description", _description(session, default, lang, labels, url))
        location = localize(session.room.name, default, lang=lang) if session.room else venue
        if location:
            vevent.add("location", location)
        if session.track:
            vevent.add("categories", [localize(session.track.name, default, lang=lang)])
        vevent.add("url", url)
        vevent.add("sequence", session.sequence)
        vevent.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
        vevent.add("transp", "OPAQUE")
        calendar.add_component(vevent)


class LanguageNames(dict):
    """Language names in one language, looked up once per calendar (Babel's lookup is slow)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def __missing__(self, code: str) -> str:
        self[code] = name = language_name(code, self.lang)
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


def _without_controls(calendar: Calendar) -> None:
    """RFC 5545 forbids control characters other than tab in text (line breaks are escaped):
    a value stored before the input refused them (app/core/text.py) must not make the file invalid."""
    for component in calendar.walk():
        for name, value in list(component.items()):
            if isinstance(value, vText):
                cleaned = without_controls(str(value), multiline=True)
                if cleaned != str(value):
                    replacement = vText(cleaned)
                    replacement.params = value.params
                    component[name] = replacement


def _finish(calendar: Calendar) -> bytes:
    _without_controls(calendar)
    events = calendar.walk("VEVENT")
    if events:
        # A VTIMEZONE covering just the calendar's dates: correct there, and short.
        starts = [e.decoded("dtstart") for e in events]
        ends = [e.decoded("dtend") for e in events]
        # Within Convene's date range: a session stored at the calendar's edge still gets a valid file.
        first = min(max(dates.shift(min(starts).date(), -1), dates.EARLIEST), dates.LATEST)
        last = max(min(dates.shift(max(ends).date(), 1), dates.LATEST), first)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
