"""Publishing pays, readers don't: after a publish the background worker renders the published
agenda's public pages and exports, in every language of the event, into the shared page cache
(app.core.pagecache), so the first reader finds them there.

Always a job, never the organiser's request: at 1,000 sessions the pages and exports of three
languages take seconds, and the worker picks the job up within a second. Until it is done,
a reader who finds no page of the new version gets the previous version at once: the publish
marks the pre-render as pending, and the job renews the mark before each page. If no worker
gets to it within PAGE_PRERENDER_GRACE seconds, the mark lapses and the next reader renders the
page (one of them: the others keep getting the previous version). A page that has no previous
version (the first publication) is rendered by one request while the others wait for it. Each page goes through the app as an
anonymous GET, so it is stored under exactly the key a reader's request looks up.
"""
from __future__ import annotations

import contextvars
import logging

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import select

from app.core import pagecache
from app.core.jobs import enqueue_after_commit, job
from app.events.models import Event, Visibility
from app.extensions import db

log = logging.getLogger(__name__)

# The agenda page (one per language asked for, and one for a request that asks for none)... The
# pages by room, by track and of speakers are rendered by their first reader, once (the others get the
# previous version meanwhile): a pre-render of them would double the job for pages read far less.
PAGES = ("agenda.agenda",)
# ...and the event's exports (one per language; without ?lang= a request shares the default's).
EXPORTS = ("agenda_exports.agenda_ics", "agenda_exports.schedule_xml", "agenda_exports.schedule_json")


def schedule_prerender(event) -> None:
    """Have the event's public agenda pre-rendered once the current transaction commits."""
    if not current_app.config["PAGE_PRERENDER"] or event.visibility != Visibility.PUBLIC:
        return
    # Links in exports are built on BASE_URL; without one (development) on the host the organiser used.
    base_url = current_app.config.get("BASE_URL") or (request.host_url if has_request_context() else None)
    pagecache.expect_prerender(event.slug)
    enqueue_after_commit(prerender_agenda, event.slug, base_url)


@job
def prerender_agenda(slug: str, base_url: str | None = None) -> int:
    """Render the event's public agenda pages and exports into the page cache; returns how many
    requests were made (those already in the cache cost a look-up)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    try:
        if event is None or event.visibility != Visibility.PUBLIC:
            return 0
        languages = list(dict.fromkeys([event.default_language, *(event.languages or [])]))
        db.session.rollback()  # the requests below read in sessions of their own
        app = current_app._get_current_object()
        client = app.test_client(use_cookies=False)  # each request as a new visitor
        options = {"environ_base": {pagecache.PRERENDER_ENVIRON_KEY: True, "REMOTE_ADDR": "127.0.0.1"}}
        if base_url:
            options["base_url"] = base_url
        with app.test_request_context():
            pages = [url_for(endpoint, slug=slug) for endpoint in PAGES]
            exports = [url_for(endpoint, slug=slug) for endpoint in EXPORTS]
        requests = [(path, {"headers": {"Accept-Language": lang} if lang else {}})
                    for path in pages for lang in (None, *languages)]
        requests += [(path, {"query_string": {"lang": lang}}) for path in exports for lang in languages]
        # Each request in a context of its own, as a server's are: inside this job's app context they
        # would share its `g` (the locale Flask-Babel picked for the first, the signed-in user...).
        for path, arguments in requests:
            pagecache.expect_prerender(slug)  # still on its way: readers keep getting the previous version
            contextvars.Context().run(_get, client, path, options, **arguments)
        return len(requests)
    finally:
        pagecache.prerender_done(slug)


def _get(client, path: str, options: dict, **kwargs) -> None:
    response = client.get(path, **options, **kwargs)
    if response.status_code != 200:
        log.warning("Pre-rendering %s answered %s", path, response.status_code)
