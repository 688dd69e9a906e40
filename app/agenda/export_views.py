"""Machine-readable agenda: iCalendar feeds and the frab/c3voc schedule (XML and JSON).

Everything here reads the latest publication only, never the draft; before the first
publication the exports are 404. Each response has a strong ETag made from what its body
is built from (publication, event, language, format, site address), so a conditional
request is answered with 304 before anything is rendered.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from threading import Lock

from cachetools import LRUCache
from flask import Blueprint, Response, abort, current_app, request
from flask_babel import force_locale, gettext

from app.agenda import frab, ical
from app.agenda.published import PublishedAgenda, published_agenda
from app.agenda.services import personal_agenda, user_for_feed_token
from app.core.http import content_disposition
from app.core.urls import external_url
from app.events.models import Visibility
from app.events.permissions import event_required
from app.extensions import db

bp = Blueprint("agenda_exports", __name__)

# Part of every ETag: bump it when the output of a builder changes, so clients refetch.
EXPORT_REVISION = "1"
MAX_AGE = 300

ICS = "text/calendar; charset=utf-8"
XML = "application/xml; charset=utf-8"
JSON = "application/json"


def _valid_lang(value: str | None) -> str | None:
    return value if value in current_app.config["LANGUAGES"] else None


def _event_lang(event) -> str:
    """?lang= when it names a configured language, else the event's default language."""
    return _valid_lang(request.args.get("lang")) or event.default_language


def _base_url() -> str:
    return external_url("events.home")


def _etag(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, (EXPORT_REVISION, *parts))).encode()).hexdigest()[:40]


def _event_parts(event, published: PublishedAgenda) -> tuple:
    # The event row feeds titles, time zone and URLs; the publication everything else but the
    # people's profiles, which are live.
    return (event.id, event.slug, event.updated_at.isoformat(), published.publication_id, published.version,
            published.published_at.isoformat(), published.profiles_changed_at)


def _cache_control(event) -> str:
    return f"{'private' if event.visibility == Visibility.PRIVATE else 'public'}, max-age={MAX_AGE}"


# Rendered event exports by ETag. The ETag names everything the body is made of, so an entry
# never goes stale; it only saves re-rendering (icalendar needs ~80 ms for 300 sessions).
_rendered: LRUCache[tuple[str, str], bytes] = LRUCache(maxsize=32)
_rendered_lock = Lock()


def _cached(etag: str, render: Callable[[], bytes]) -> Callable[[], bytes]:
    def cached_render() -> bytes:
        key = (str(db.engine.url), etag)
        with _rendered_lock:
            body = _rendered.get(key)
        if body is None:
            body = render()
            with _rendered_lock:
                _rendered[key] = body
        return body

    return cached_render


def _conditional(etag: str, render: Callable[[], bytes], *, mimetype: str, cache_control: str,
                 lang: str | None = None, filename: str | None = None) -> Response:
    """304 when the client has `etag`, else the rendered body; the same headers either way."""
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(render(), content_type=mimetype)
        if filename:
            response.headers["Content-Disposition"] = content_disposition(filename)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    if lang:
        response.headers["Content-Language"] = lang
    return response


def _published_or_404(event) -> PublishedAgenda:
    published = published_agenda(event)
    if published is None:
        abort(404)
    return published


@bp.get("/events/<slug>/agenda.ics")
@event_required("event.view")
def agenda_ics(event):
    published = _published_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("agenda.ics", *_event_parts(event, published), lang, base)
    return _conditional(
        etag, _cached(etag, lambda: ical.agenda_calendar(event, published, lang=lang, base_url=base)),
        mimetype=ICS, cache_control=_cache_control(event), lang=lang, filename=f"{event.slug}.ics")


@bp.get("/events/<slug>/sessions/<id:session_id>.ics")
@event_required("event.view")
def session_ics(event, session_id: int):
    published = _published_or_404(event)
    session = published.by_id.get(session_id)
    if session is None:
        abort(404)
    lang, base = _event_lang(event), _base_url()
    return _conditional(
        _etag("session.ics", session_id, *_event_parts(event, published), lang, base),
        lambda: ical.session_calendar(event, published, session, lang=lang, base_url=base),
        mimetype=ICS, cache_control=_cache_control(event), lang=lang,
        filename=f"{event.slug}-{session_id}.ics")


@bp.get("/my/agenda/<token>.ics")
def personal_ics(token: str):
    """The secret personal feed: calendar apps send no cookie, the token is the credential."""
    user = user_for_feed_token(token)
    if user is None:
        abort(404)
    lang = _valid_lang(request.args.get("lang")) or _valid_lang(user.preferred_language)
    # Only events the person may still see (access may have ended since the star was given), as published.
    entries = [(mine.event, mine.published, mine.sessions) for mine in personal_agenda(user)]
    base = _base_url()
    parts = [(*_event_parts(event, published), *sorted(s.id for s in sessions))
             for event, published, sessions in entries]
    with force_locale(lang or current_app.config["BABEL_DEFAULT_LOCALE"]):
        name = gettext("My agenda")
    response = _conditional(
        _etag("personal.ics", user.id, lang, base, name, parts),
        lambda: ical.personal_calendar(entries, lang=lang, name=name, base_url=base),
        mimetype=ICS, cache_control=f"private, max-age={MAX_AGE}", lang=lang, filename="my-agenda.ics")
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/events/<slug>/schedule.xml")
@event_required("event.view")
def schedule_xml(event):
    published = _published_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("schedule.xml", *_event_parts(event, published), lang, base)
    return _conditional(
        etag, _cached(etag, lambda: frab.schedule_xml(event, published, lang=lang, base_url=base)),
        mimetype=XML, cache_control=_cache_control(event), lang=lang)


@bp.get("/events/<slug>/schedule.json")
@event_required("event.view")
def schedule_json(event):
    published = _published_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("schedule.json", *_event_parts(event, published), lang, base)
    return _conditional(
        etag, _cached(etag, lambda: json.dumps(frab.schedule_document(event, published, lang=lang, base_url=base),
                                               ensure_ascii=False, separators=(",", ":")).encode()),
        mimetype=JSON, cache_control=_cache_control(event), lang=lang)
