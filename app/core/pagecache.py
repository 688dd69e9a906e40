"""Whole-page caching for anonymous readers of published content.

A public agenda of 1,000 sessions takes ~100 ms to render but changes only when
the organisers publish, so anonymous visitors get the rendered page (stored
plain and gzip-compressed) from the cache, without a database query:

- each event has a *generation* in the cache (its last change and its
  publication); a page's key holds the generation and everything the request's
  language depends on;
- publishing and editing an event delete the generation (`invalidate`), so the
  next request renders afresh. With Redis configured the cache, and so the
  invalidation, is shared by every app server; with the in-process default a
  generation lives only PAGE_CACHE_GENERATION_TTL seconds, which bounds how
  long another worker can serve an old page.

Signed-in readers (stars, forms with CSRF tokens) and visitors with pending
flash messages always get a fresh render.
"""
from __future__ import annotations

import gzip
import hashlib
from functools import wraps
from typing import Callable

from flask import current_app, make_response, render_template, request, session
from flask_login import current_user

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as SASession

from app.extensions import cache, db


def cacheable_request() -> bool:
    return request.method == "GET" and not current_user.is_authenticated and not session.get("_flashes")


def _generation_key(slug: str) -> str:
    return f"gen:{slug}"


def _page_key(slug: str, generation: str) -> str:
    # Everything that decides the page's language and content, besides the generation.
    parts = (request.endpoint, slug, generation, session.get("lang", ""), request.headers.get("Accept-Language", ""),
             request.query_string.decode("latin-1"), request.view_args and sorted(request.view_args.items()))
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def invalidate(slug: str) -> None:
    """Forget an event's cached public pages, now and again once the change is committed
    (a request that read the old data in between could otherwise store it again)."""
    cache.delete(_generation_key(slug))
    db.session.info.setdefault("pagecache_slugs", set()).add(slug)


@sa_event.listens_for(SASession, "after_commit")
def _invalidate_committed(db_session) -> None:
    for slug in db_session.info.pop("pagecache_slugs", ()):
        cache.delete(_generation_key(slug))


@sa_event.listens_for(SASession, "after_rollback")
def _forget_rolled_back(db_session) -> None:
    db_session.info.pop("pagecache_slugs", None)


def _respond(key: str, cached: tuple[bytes, bytes]):
    html, compressed = cached
    wants_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = make_response(compressed if wants_gzip else html)
    response.mimetype = "text/html"
    if wants_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.set_etag(key[5:37] + ("-gz" if wants_gzip else ""))
    response.headers["Cache-Control"] = "public, max-age=60"
    return response.make_conditional(request)


def cached_public_page(view):
    """Serve the view's page from the cache when this anonymous request was seen before.

    Goes outside the permission decorator: a page is only ever stored by
    render_public(), after the view has loaded the event and checked access.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        slug = kwargs.get("slug")
        if slug and cacheable_request():
            generation = cache.get(_generation_key(slug))
            if generation is not None:
                key = _page_key(slug, generation)
                cached = cache.get(key)
                if cached is not None:
                    return _respond(key, cached)
        return view(*args, **kwargs)

    return wrapper


def render_public(template: str, slug: str, version: tuple, build_context: Callable[[], dict]):
    """Render `template` with `build_context()`; for anonymous readers store it under the event's generation."""
    if not cacheable_request():
        return render_template(template, **build_context())
    generation = hashlib.sha256(repr(version).encode()).hexdigest()[:16]
    cache.set(_generation_key(slug), generation, timeout=current_app.config["PAGE_CACHE_GENERATION_TTL"])
    key = _page_key(slug, generation)
    cached = cache.get(key)
    if cached is None:
        html = render_template(template, **build_context()).encode()
        # Compressed once here, not on every request: the agenda of a big event shrinks ~15x.
        cached = (html, gzip.compress(html, compresslevel=6))
        cache.set(key, cached)
    return _respond(key, cached)
