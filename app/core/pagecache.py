"""Whole-page caching for anonymous readers of published content.

A public agenda of 1,000 sessions takes ~100 ms to render but changes only when
the organisers publish, so anonymous visitors get the rendered page from the
cache. The key holds everything the page depends on (the publication, the
event's last change, the language, the query string), so publishing a new
version needs no explicit purge; with Redis configured the cache is shared by
all app servers. Signed-in readers (stars, forms with CSRF tokens) and visitors
with pending flash messages always get a fresh render.
"""
from __future__ import annotations

import hashlib
from typing import Callable

from flask import make_response, render_template, request, session
from flask_login import current_user

from app.core.i18n import current_language
from app.extensions import cache


def cacheable_request() -> bool:
    return not current_user.is_authenticated and not session.get("_flashes") and request.method == "GET"


def render_public(template: str, version_key: tuple, build_context: Callable[[], dict]):
    """Render `template` with `build_context()`; for anonymous readers the page comes from the cache
    (the context is then not even built), with an ETag and If-None-Match honoured."""
    if not cacheable_request():
        return render_template(template, **build_context())
    raw_key = "|".join(map(str, (request.endpoint, *version_key, current_language(),
                                 request.query_string.decode("latin-1"))))
    key = "page:" + hashlib.sha256(raw_key.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_template(template, **build_context())
        cache.set(key, html)
    response = make_response(html)
    response.set_etag(key[5:37])
    response.headers["Cache-Control"] = "public, max-age=60"
    return response.make_conditional(request)
