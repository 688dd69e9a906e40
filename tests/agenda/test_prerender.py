"""Publishing pays, readers don't (issue 17.1): a publish has the agenda's pages and exports rendered in
every language by a job; a reader who comes first gets the previous version, and a page is rendered once
however many requests ask for it at the same time."""
import threading
import time as clock
from datetime import time

import pytest

from app.agenda import frab, ical
from app.core import pagecache
from app.core.jobs import JobQueue

TITLES = {"en": "Opening", "ru": "Открытие"}
EXPORTS = ("agenda.ics", "schedule.xml", "schedule.json")


@pytest.fixture
def prerendering(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_PRERENDER", True)


@pytest.fixture
def renders(monkeypatch):
    """Counts of what was rendered: page templates, and each export builder."""
    counts = {"page": 0, "agenda.ics": 0, "schedule.xml": 0, "schedule.json": 0}

    def counting(name, func, pause=0.0):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            clock.sleep(pause)  # long enough for a second request to arrive meanwhile
            return func(*args, **kwargs)
        return wrapper

    def slow(pause):
        monkeypatch.setattr(pagecache, "render_template", counting("page", pagecache.render_template, pause))
        monkeypatch.setattr(ical, "agenda_calendar", counting("agenda.ics", ical.agenda_calendar, pause))
        monkeypatch.setattr(frab, "schedule_xml", counting("schedule.xml", frab.schedule_xml, pause))
        monkeypatch.setattr(frab, "schedule_document", counting("schedule.json", frab.schedule_document, pause))
        return counts

    return slow


@pytest.fixture
def enqueued(monkeypatch):
    """The jobs handed to the queue; with `hold=True` they are not run (the worker has not got to them)."""
    jobs, run = [], JobQueue.enqueue
    hold = {"on": False}

    def record(queue, func, *args, **kwargs):
        jobs.append((func.__name__, args))
        if not hold["on"]:
            run(queue, func, *args, **kwargs)

    monkeypatch.setattr(JobQueue, "enqueue", record)
    return jobs, hold


def test_a_publish_prerenders_every_page_and_export_in_each_language(app, client, create_event, create_session,
                                                                     publish, prerendering, renders, enqueued,
                                                                     count_queries):
    jobs, _ = enqueued
    event = create_event(slug="forum", languages=["en", "ru"])
    create_session(event, TITLES)
    publish(event)
    assert jobs == [("prerender_agenda", ("forum", "http://localhost"))]
    counts = renders(0)
    # The first request reads which version is current (the event and its publication: the tests run the job
    # inside the commit, before the publish forgets the previous version's pointer); then none at all.
    assert client.get("/events/forum/agenda").status_code == 200
    for lang, title in TITLES.items():
        responses = []
        headers = {"Accept-Language": lang}
        assert count_queries(lambda h=headers, r=responses: r.append(client.get("/events/forum/agenda", headers=h))) == 0
        assert title in responses[0].get_data(as_text=True)
        for export in EXPORTS:
            body = client.get(f"/events/forum/{export}?lang={lang}").get_data(as_text=True)
            assert title in body or title.encode("unicode_escape").decode() in body, (export, lang)
    assert "Opening" in client.get("/events/forum/agenda").get_data(as_text=True)  # no language asked for
    assert counts == {"page": 0, "agenda.ics": 0, "schedule.xml": 0, "schedule.json": 0}


def test_until_the_prerender_is_done_readers_get_the_previous_version_at_once(app, client, create_event,
                                                                              create_session, publish, prerendering,
                                                                              renders, enqueued):
    jobs, hold = enqueued
    event = create_event(slug="forum", languages=["en", "ru"])
    create_session(event, "Opening")
    publish(event)
    create_session(event, "Closing", start=time(16))
    hold["on"] = True  # the worker has not picked the job up yet
    publish(event)
    counts = renders(0)
    page = client.get("/events/forum/agenda")
    assert "Opening" in page.get_data(as_text=True) and "Closing" not in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-cache"  # the browser asks again next time
    old_ics = client.get("/events/forum/agenda.ics")
    assert b"Closing" not in old_ics.data and old_ics.headers["Cache-Control"] == "no-cache"
    assert counts == {"page": 0, "agenda.ics": 0, "schedule.xml": 0, "schedule.json": 0}

    name, args = jobs[-1]
    from app.agenda.prerender import prerender_agenda

    with app.app_context():
        prerender_agenda(*args)  # the worker's turn
    renders_by_job = dict(counts)
    assert renders_by_job["page"] == 3 and renders_by_job["agenda.ics"] == 2  # none, en, ru; en, ru
    assert "Closing" in client.get("/events/forum/agenda").get_data(as_text=True)
    ics = client.get("/events/forum/agenda.ics", headers={"If-None-Match": old_ics.headers["ETag"]})
    assert ics.status_code == 200 and b"Closing" in ics.data and "no-cache" not in ics.headers["Cache-Control"]
    assert counts == renders_by_job  # served from the cache


def test_two_first_requests_at_once_render_the_page_once(app, create_event, create_session, publish, renders):
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)  # without pre-rendering: nothing is cached, and there is no previous version
    counts = renders(0.3)
    for path, name in (("/events/forum/agenda", "page"), ("/events/forum/agenda.ics", "agenda.ics")):
        bodies = []

        def read(path=path, bodies=bodies):
            bodies.append(app.test_client().get(path).data)

        threads = [threading.Thread(target=read) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert len(bodies) == 2 and bodies[0] == bodies[1] and b"Opening" in bodies[0]
        assert counts[name] == 1, (path, counts)


def test_without_redis_a_publish_reaches_every_worker_at_once(app, client, create_event, create_session, publish,
                                                              count_queries, tmp_path, monkeypatch):
    """Without Redis the page cache is in files, shared by the server's workers (two cache objects on one
    directory here): a publish reaches the other worker at once, not after a generation TTL (it was 5 s)."""
    from cachetools import LRUCache
    from flask_caching.backends.filesystemcache import FileSystemCache

    from app.extensions import cache

    if app.config["TEST_BACKEND"] != "sqlite":
        pytest.skip("about the cache, not the database: one is enough")
    monkeypatch.setattr(pagecache, "_bodies", LRUCache(maxsize=1 << 20, getsizeof=len))
    workers = [FileSystemCache(str(tmp_path), threshold=1000, default_timeout=3600) for _ in range(2)]

    def on(worker):
        monkeypatch.setitem(app.extensions["cache"], cache, worker)

    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    on(workers[0])
    assert "Opening" in client.get("/events/forum/agenda").get_data(as_text=True)
    on(workers[1])
    assert count_queries(lambda: client.get("/events/forum/agenda")) == 0  # what the first stored
    create_session(event, "Closing", start=time(16))
    on(workers[0])
    publish(event)
    on(workers[1])
    assert "Closing" in client.get("/events/forum/agenda").get_data(as_text=True)
