"""Whole-page caching for anonymous readers of published content.

A public agenda of 1,000 sessions takes ~400 ms to render but changes only when
the organisers publish, so anonymous visitors get the rendered page (stored
plain and gzip-compressed) from the cache, without a database query:

- each event has a *generation* in the cache (its last change and its
  publication); a page's key holds the generation, the language the request
  resolves to (not the raw Accept-Language header: "ru-RU,ru;q=0.9" and
  "?lang=ru" share a page) and the query arguments the page reads, from an
  allow-list: `?utm_source=...` and the like share the page without them, and
  a page rendered for such a request is never stored (its links would carry them);
- publishing and editing an event delete the generation (`invalidate`), so the
  next request renders afresh. The cache is shared by every process that serves
  the event: Redis when configured (every app server), otherwise files in the
  instance directory (every worker of the machine, and the background worker),
  so an invalidation reaches them all at once.
- a page (or an export, app.agenda.export_views) is rendered by one request at a
  time across all of them (`render_once`: a Redis lock, or without Redis an
  flock(2) on a file of PAGE_LOCK_DIR). Meanwhile the others get the previous
  version of the page if there is one (`no-cache`, so browsers ask again), or
  wait for the render. After a publish the background worker renders the pages
  and exports (app.agenda.prerender); until it is done a reader who has a previous
  version gets it at once instead of rendering the new one itself.

Signed-in readers (stars, forms with CSRF tokens) and visitors with pending
flash messages always get a fresh render.

The shared cache is a cache, not a single point of failure: when Redis does not
answer, pages are served uncached (a warning is logged once per interval, and
Redis is tried again after a short pause), and an invalidation that could not
reach it is stored in the database with the change that caused it
(PageCacheInvalidation) and carried out as soon as Redis answers again, so a
publish made during the outage is never served stale afterwards.
"""
from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from cachelib import SimpleCache
from cachelib.redis_base import BaseRedisCache
from cachetools import LRUCache
from flask import current_app, g, render_template, request, session
from flask_login import current_user
from redis.exceptions import LockError, RedisError
from sqlalchemy import delete, select
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as SASession

from app.core.i18n import requested_language
from app.core.jobs import crontab, periodic_job
from app.core.models import PageCacheInvalidation
from app.extensions import cache, db

log = logging.getLogger(__name__)

# After a failure the cache is left alone this long, so an outage costs one failed call per
# pause and process, not one per request; warnings repeat at most once per interval.
RETRY_PAUSE_SECONDS = 5.0
WARNING_INTERVAL_SECONDS = 60.0
CACHE_ERRORS = (RedisError, OSError)
# One render per page at a time: a holder that died frees a Redis lock after this long (a file
# lock at once); the others wait this long at most for a page that has no previous version.
RENDER_LOCK_SECONDS = 60
RENDER_WAIT_SECONDS = 10.0
RENDER_POLL_SECONDS = 0.02
PRERENDER_ENVIRON_KEY = "convene.prerender"


class _Health:
    """This process's view of the shared cache: up, or down since when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.last_warning = float("-inf")
        # Set when the cache answers again: invalidations stored meanwhile must be done first.
        self.flush_needed = False

    def usable(self) -> bool:
        return self.down_since is None or time.monotonic() >= self.retry_at

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + RETRY_PAUSE_SECONDS
            warn = now - self.last_warning >= WARNING_INTERVAL_SECONDS
            if warn:
                self.last_warning = now
        if warn:
            log.warning("Page cache unavailable, serving pages uncached: %s: %s", type(error).__name__, error)

    def answered(self) -> bool:
        """Record a successful call; True when this ends an outage seen by this process."""
        if self.down_since is None:
            return False
        with self.lock:
            recovered, self.down_since = self.down_since is not None, None
        if recovered:
            log.warning("Page cache available again")
            self.flush_needed = True
        return recovered


health = _Health()


def _call(operation: Callable[..., Any], *args, **kwargs) -> tuple[bool, Any]:
    """Run a cache operation; (False, None) when the cache is down."""
    if not health.usable():
        return False, None
    try:
        result = operation(*args, **kwargs)
    except CACHE_ERRORS as error:
        health.failed(error)
        return False, None
    if health.answered():
        return False, None  # not trusted until the invalidations stored meanwhile are done
    return True, result


def _get(key: str):
    return _call(cache.get, key)[1]


# Rendered pages and exports never change under their key (it names their version): a process
# that read one from a shared cache (files, Redis) keeps it in memory, bounded in bytes, and
# reads only the small generation pointer there. The in-process cache of the tests needs none.
_bodies: LRUCache[str, Any] = LRUCache(maxsize=48 * 1024 * 1024, getsizeof=lambda value: sum(map(len, value)))
_bodies_lock = threading.Lock()


def _get_body(key: str):
    """A page's or an export's stored value (immutable under its key)."""
    if isinstance(cache.cache, SimpleCache):
        return _get(key)
    with _bodies_lock:
        value = _bodies.get(key)
    if value is None:
        value = _get(key)
        if value is not None:
            with _bodies_lock:
                _bodies[key] = value
    return value


def _set(key: str, value, timeout: int | None = None) -> None:
    _call(cache.set, key, value, timeout=timeout)


def _delete(key: str) -> bool:
    return _call(cache.delete, key)[0]


def flush_pending_invalidations() -> int:
    """Carry out the invalidations stored during a cache outage; returns how many were done.

    Runs in its own connection, so call it before the request writes anything (SQLite allows
    one writer): from the public page wrapper when this process sees the cache come back, and
    from the background worker's periodic pass for processes that never saw the outage."""
    try:
        with db.engine.begin() as connection:
            pending = connection.execute(select(PageCacheInvalidation.id, PageCacheInvalidation.slug)).all()
            done = []
            for row_id, slug in pending:
                cache.delete(_generation_key(slug))
                done.append(row_id)
            if done:
                connection.execute(delete(PageCacheInvalidation).where(PageCacheInvalidation.id.in_(done)))
    except CACHE_ERRORS as error:
        health.failed(error)
        return 0
    health.flush_needed = False
    return len(done)


def cacheable_request() -> bool:
    return request.method == "GET" and not current_user.is_authenticated and not session.get("_flashes")


def prerender_request() -> bool:
    """A request made by the pre-render job (app.agenda.prerender): it renders what is missing and
    never serves a previous version. A WSGI environ key, which no HTTP client can set."""
    return bool(request.environ.get(PRERENDER_ENVIRON_KEY))


def _generation_key(slug: str) -> str:
    return f"gen:{slug}"


def _pending_key(slug: str) -> str:
    return f"prerendering:{slug}"


def _page_identity(slug: str) -> str:
    # Everything that decides the page's language and content, besides the generation. Without a
    # language of its own the request gets the event's default: the generation decides that one.
    listed = g.get("page_query_args", ())
    args = sorted((name, values) for name, values in request.args.lists() if name in listed)
    parts = (request.endpoint, slug, requested_language() or "", args,
             request.view_args and sorted(request.view_args.items()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _page_key(slug: str, generation: str) -> str:
    return "page:" + hashlib.sha256(f"{_page_identity(slug)}:{generation}".encode()).hexdigest()


def _has_unlisted_args() -> bool:
    """Query arguments the page does not read (?utm_source=, ?fbclid=): its language switcher's
    links would still carry them, so such a render is served but not stored for everyone."""
    listed = g.get("page_query_args", ())
    return any(name not in listed and name != "lang" for name in request.args)


def invalidate(slug: str) -> None:
    """Forget an event's cached public pages, now and again once the change is committed
    (a request that read the old data in between could otherwise store it again). When the
    cache cannot be reached, the invalidation is stored with the change and done later."""
    if not _delete(_generation_key(slug)):
        db.session.add(PageCacheInvalidation(slug=slug))
    db.session.info.setdefault("pagecache_slugs", set()).add(slug)


def expect_prerender(slug: str) -> None:
    """Say that a pre-render of the event's pages is on its way: until it is done (or
    PAGE_PRERENDER_GRACE seconds have passed) a reader who finds no page of the new version is
    served the previous version at once instead of rendering it. Set before the commit: if the
    change rolls back, nothing is missing, and the mark only expires."""
    _set(_pending_key(slug), 1, timeout=current_app.config["PAGE_PRERENDER_GRACE"])


def prerender_done(slug: str) -> None:
    _delete(_pending_key(slug))


@sa_event.listens_for(SASession, "after_commit")
def _invalidate_committed(db_session) -> None:
    for slug in db_session.info.pop("pagecache_slugs", ()):
        _delete(_generation_key(slug))


@sa_event.listens_for(SASession, "after_rollback")
def _forget_rolled_back(db_session) -> None:
    db_session.info.pop("pagecache_slugs", None)


# --- one render per page, across threads, workers and servers ---------------------------------

class _FileLock:
    """An exclusive flock(2) on a file of the cache's lock directory: shared by every process and
    thread of this machine (each holder opens the file itself), released by the kernel if the
    process dies. One file per page *identity* (not per version), so their number stays bounded."""

    def __init__(self, name: str):
        directory = Path(current_app.config["PAGE_LOCK_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.lock"
        self.fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class _RedisLock:
    """SET NX with an expiry in the shared Redis (redis-py's Lock): one holder across every app server.
    A holder that dies frees it after RENDER_LOCK_SECONDS."""

    def __init__(self, name: str):
        backend = cache.cache
        prefix = backend.key_prefix if isinstance(backend.key_prefix, str) else backend.key_prefix()
        self.lock = backend._write_client.lock(f"{prefix}lock:{name}", timeout=RENDER_LOCK_SECONDS, blocking=False)

    def acquire(self) -> bool:
        ok, acquired = _call(self.lock.acquire, blocking=False)
        return acquired if ok else True  # Redis is down: nothing is stored either, render uncached

    def release(self) -> None:
        with contextlib.suppress(*CACHE_ERRORS, LockError):
            self.lock.release()


def _render_lock(name: str):
    return _RedisLock(name) if isinstance(cache.cache, BaseRedisCache) else _FileLock(name)


def render_once(key: str, identity: str, slug: str, render: Callable[[], Any]) -> tuple[Any, str]:
    """The value stored under `key`, rendered (and stored) by one request at a time across every process.

    `identity` names the page whatever its version: it holds a pointer to the last version stored,
    which is what a reader gets while someone else renders the new one. Returns the value and the
    key it was stored under: `key`, or a previous version's. Without a previous version the others
    wait for the renderer (up to RENDER_WAIT_SECONDS, then render themselves). While a pre-render
    of the event is on its way (expect_prerender), a reader who has a previous version to serve
    does not even try: the job renders it.
    """
    value = _get_body(key)
    if value is not None:
        return value, key
    latest_key = f"latest:{identity}"
    stale, stale_key = None, _get(latest_key)
    if stale_key and stale_key != key and not prerender_request():
        stale = _get_body(stale_key)
    if stale is not None and _get(_pending_key(slug)) is not None:
        return stale, stale_key
    lock = _render_lock(identity)
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while True:
        if lock.acquire():
            try:
                value = _get(key)  # finished by another while this one waited
                if value is None:
                    value = render()
                    _set(key, value)
                    _set(latest_key, key)
                return value, key
            finally:
                lock.release()
        if stale is not None:
            return stale, stale_key
        value = _get(key)
        if value is not None:
            return value, key
        if time.monotonic() >= deadline:
            return render(), key
        time.sleep(RENDER_POLL_SECONDS)


_VARY = "Accept-Encoding, Accept-Language, Cookie"


def _respond(key: str, cached: tuple[bytes, bytes], *, stale: bool = False):
    html, compressed = cached
    wants_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = current_app.response_class(compressed if wants_gzip else html, mimetype="text/html")
    headers = response.headers
    if wants_gzip:
        headers["Content-Encoding"] = "gzip"
    # The same URL is rendered in the language the browser asks for or the visitor chose
    # (remembered in the session cookie): a shared cache must keep one copy per both.
    headers["Vary"] = _VARY
    headers["ETag"] = f'"{key[5:37]}{"-gz" if wants_gzip else ""}"'
    # A previous version, served while the new one renders: ask again next time.
    headers["Cache-Control"] = "no-cache" if stale else "public, max-age=60"
    if "HTTP_IF_NONE_MATCH" in request.environ or "HTTP_IF_MODIFIED_SINCE" in request.environ:
        return response.make_conditional(request)  # a 304 for a browser that has this version
    return response


def cached_public_page(view=None, *, query_args: tuple[str, ...] = ()):
    """Serve the view's page from the cache when an anonymous request for the same page was seen before.

    `query_args` are the query arguments the page reads (e.g. a filter): each value
    is a page of its own; any other argument is ignored for the key. Goes outside
    the permission decorator: a page is only ever stored by render_public(), after
    the view has loaded the event and checked access.
    """
    if view is None:
        return lambda view: cached_public_page(view, query_args=query_args)

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.page_query_args = query_args
        slug = kwargs.get("slug")
        if health.flush_needed:
            flush_pending_invalidations()
        if slug and cacheable_request() and not health.flush_needed:
            generation = _get(_generation_key(slug))
            if generation is not None:
                key = _page_key(slug, generation)
                cached = _get_body(key)
                if cached is not None:
                    return _respond(key, cached)
        return view(*args, **kwargs)

    return wrapper


def render_public(template: str, slug: str, version: tuple, build_context: Callable[[], dict]):
    """Render `template` with `build_context()`; for anonymous readers store it under the event's generation.

    `version` names everything the page is made of (read cheaply, without building the context)."""
    if not cacheable_request():
        return render_template(template, **build_context())
    generation = hashlib.sha256(repr(version).encode()).hexdigest()[:16]
    _set(_generation_key(slug), generation, timeout=current_app.config["PAGE_CACHE_GENERATION_TTL"])

    def render() -> tuple[bytes, bytes]:
        html = render_template(template, **build_context()).encode()
        # Compressed once here, not on every request: the agenda of a big event shrinks ~15x.
        return html, gzip.compress(html, compresslevel=6)

    key = _page_key(slug, generation)
    if _has_unlisted_args():
        return _respond(key, _get(key) or render())
    cached, served = render_once(key, _page_identity(slug), slug, render)
    return _respond(served, cached, stale=served != key)


@periodic_job(crontab(minute="*"))
def flush_invalidations_every_minute() -> None:
    """The background worker's periodic pass: invalidations stored while the cache was down."""
    flush_pending_invalidations()
