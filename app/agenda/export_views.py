"""Machine-readable agenda: iCalendar feeds and the frab/c3voc schedule (XML and JSON).

Everything here reads the latest publication only, never the draft; before the first
publication the exports are 404. Each response has a strong ETag made from what its body
is built from (publication, event, language, format, site address), so a conditional
request is answered with 304 before anything is rendered. The event's exports live in the
shared page cache, where a publish has them pre-rendered (app.agenda.prerender).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import force_locale, gettext

from app.agenda import frab, ical
from app.agenda.published import PublicationStamp, PublishedAgenda, publication_stamp, published_agenda
from app.agenda.services import personal_agenda, user_for_feed_token
from app.core import pagecache
from app.core.http import content_disposition
from app.core.urls import external_url
from app.events.models import Visibility
from app.events.permissions import event_required

bp = Blueprint("agenda_exports", __name__)

# Part of every ETag: bump it when the output of a builder changes, so clients refetch.
EXPORT_REVISION = "1"
MAX_AGE = 300

ICS = "text/calendar; charset=utf-8"
XML = "application/xml; charset=utf-8"
JSON = "application/json"

# A body and the ETag of the version it is (a previous one while the new one renders).
Rendered = Callable[[], tuple[str, bytes]]


def _valid_lang(value: str | None) -> str | None:
    return value if value in current_app.config["LANGUAGES"] else None


def _event_lang(event) -> str:
    """?lang= when it names a configured language, else the event's default language."""
    return _valid_lang(request.args.get("lang")) or event.default_language


def _base_url() -> str:
    return external_url("events.home")


def _etag(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, (EXPORT_REVISION, *parts))).encode()).hexdigest()[:40]


def _event_parts(event, published: PublishedAgenda | PublicationStamp) -> tuple:
    # The event row feeds titles, time zone and URLs; the publication everything else but the
    # people's profiles, which are live.
    return (event.id, event.slug, event.updated_at.isoformat(), published.publication_id, published.version,
            published.published_at.isoformat(), published.profiles_changed_at)


def _cache_control(event) -> str:
    return f"{'private' if event.visibility == Visibility.PRIVATE else 'public'}, max-age={MAX_AGE}"


def _shared(name: str, event, lang: str, base: str, etag: str, render: Callable[[], bytes]) -> Rendered:
    """An event export from the shared page cache (app.core.pagecache), keyed by its ETag, which names
    everything the body is made of: an entry never goes stale. Rendered once across every process; while
    another renders a new version, a previous one is served with its own ETag."""
    identity = f"export:{name}:{event.slug}:{lang}:{base}"

    def cached_render() -> tuple[str, bytes]:
        (served_etag, body), _ = pagecache.render_once(f"export:{etag}", identity, event.slug,
                                                        lambda: (etag, render()))
        return served_etag, body

    return cached_render


def _fresh(etag: str, render: Callable[[], bytes]) -> Rendered:
    return lambda: (etag, render())


def _conditional(etag: str, render: Rendered, *, mimetype: str, cache_control: str,
                 lang: str | None = None, filename: str | None = None) -> Response:
    """304 when the client has `etag`, else the rendered body; the same headers either way."""
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        served, body = render()
        response = Response(body, content_type=mimetype)
        if filename:
            response.headers["Content-Disposition"] = content_disposition(filename)
        if served != etag:  # a previous version, while the new one renders: ask again next time
            etag, cache_control = served, "no-cache"
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


def _stamp_or_404(event) -> PublicationStamp:
    stamp = publication_stamp(event)
    if stamp is None:
        abort(404)
    return stamp


@bp.get("/events/<slug>/agenda.ics")
@event_required("event.view")
def agenda_ics(event):
    stamp = _stamp_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("agenda.ics", *_event_parts(event, stamp), lang, base)
    return _conditional(
        etag, _shared("agenda.ics", event, lang, base, etag, lambda: ical.agenda_calendar(
            event, published_agenda(event, stamp), lang=lang, base_url=base)),
        mimetype=ICS, cache_control=_cache_control(event), lang=lang, filename=f"{event.slug}.ics")


@bp.get("/events/<slug>/sessions/<id:session_id>.ics")
@event_required("event.view")
def session_ics(event, session_id: int):
    published = _published_or_404(event)
    session = published.by_id.get(session_id)
    if session is None:
        abort(404)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("session.ics", session_id, *_event_parts(event, published), lang, base)
    return _conditional(
        etag, _fresh(etag, lambda: ical.session_calendar(event, published, session, lang=lang, base_url=base)),
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
    etag = _etag("personal.ics", user.id, lang, base, name, parts)
    response = _conditional(
        etag, _fresh(etag, lambda: ical.personal_calendar(entries, lang=lang, name=name, base_url=base)),
        mimetype=ICS, cache_control=f"private, max-age={MAX_AGE}", lang=lang, filename="my-agenda.ics")
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/events/<slug>/schedule.xml")
@event_required("event.view")
def schedule_xml(event):
    stamp = _stamp_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("schedule.xml", *_event_parts(event, stamp), lang, base)
    return _conditional(
        etag, _shared("schedule.xml", event, lang, base, etag, lambda: frab.schedule_xml(
            event, published_agenda(event, stamp), lang=lang, base_url=base)),
        mimetype=XML, cache_control=_cache_control(event), lang=lang)


@bp.get("/events/<slug>/schedule.json")
@event_required("event.view")
def schedule_json(event):
    stamp = _stamp_or_404(event)
    lang, base = _event_lang(event), _base_url()
    etag = _etag("schedule.json", *_event_parts(event, stamp), lang, base)
    return _conditional(
        etag, _shared("schedule.json", event, lang, base, etag, lambda: json.dumps(
            frab.schedule_document(event, published_agenda(event, stamp), lang=lang, base_url=base),
            ensure_ascii=False, separators=(",", ":")).encode()),
        mimetype=JSON, cache_control=_cache_control(event), lang=lang)
