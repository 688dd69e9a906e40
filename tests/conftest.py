"""Fixtures shared by the whole suite.

Every test runs once on SQLite and once on PostgreSQL (when TEST_DATABASE_URL
is set; otherwise the PostgreSQL half is skipped with a reason). The schema is
built by the migrations, so the suite also proves that `db upgrade` from empty
works on both. Each test starts on empty tables; `demo_data` fills them with the
demo (a copy of what `flask demo` loaded once per database, see tests/database.py).

`make test` runs the suite in three processes (pytest-xdist, tests/scheduling.py);
each has its own PostgreSQL database, SMTP server, ports and temporary directory,
and keeps its app on each database for the whole run. A plain `pytest` runs
everything in one process.

Tests that call services directly use `ctx` (an app context). HTTP tests use
`client`/`login` and must not hold an app context while requesting, so each
request gets its own, as in production.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as time_of_day
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from app import create_app
from app.extensions import cache, db
from tests.database import Snapshot, empty_all_tables, postgres_url, reset_postgres, stored_files

BACKENDS = ["sqlite", "postgresql"]

# The factory's event runs 16-17 May of next year: always ahead of today, so its registration is open
# (registration closes when an event ends). Tests that name its dates use EVENT_YEAR.
EVENT_YEAR = date.today().year + 1


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist (`make test`: -n 3), tests go to whichever worker is free (tests/scheduling.py)."""
    if config.getvalue("dist") == "load":
        from tests.scheduling import SpreadTests

        return SpreadTests(config, log)
    return None


# Tests that prove what a page, a form or a route does whatever stores the rows run once, on the production
# database when there is one (PostgreSQL at TEST_DATABASE_URL), else on SQLite: the browser journeys and the
# accessibility sweep (the browser is their cost, not the database) and the sweeps over every route (role matrix,
# hostile input, the API contract), which are built on services and queries that the rest of the suite tests
# on both databases. Mark a test or module `one_database`; everything in ONE_DATABASE_DIRS is.
ONE_DATABASE_DIRS = ("tests/browser/",)


def pytest_collection_modifyitems(config, items):
    primary = "postgresql" if postgres_url_configured() else "sqlite"
    kept, dropped = [], []
    for item in items:
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("backend")
        once = item.nodeid.startswith(ONE_DATABASE_DIRS) or item.get_closest_marker("one_database")
        (dropped if once and backend not in (None, primary) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def postgres_url_configured() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))


# --- SMTP: a real server on loopback ------------------------------------------

class Mailbox:
    """Messages received by the test SMTP server, parsed."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # An address at refused.invalid is refused for good, as a server refuses an unknown mailbox.
        if address.endswith("@refused.invalid"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def clear(self):
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 10.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no mail for {address} after {timeout}s; got {[m['To'] for m in self.messages]}")


class LoopbackController(Controller):
    """aiosmtpd's Controller serving a socket bound here to a port the system picks (or `sock`, already
    listening): no other process can take the port between finding it and listening on it, as with a port
    found free and then bound (aiosmtpd itself cannot bind port 0)."""

    def __init__(self, handler, sock: socket.socket | None = None):
        self._socket = sock or socket.create_server(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self._socket.getsockname()[1])

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._socket, ssl=self.ssl_context)


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = LoopbackController(mailbox)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    _, box = smtp_server
    box.clear()
    yield box
    box.clear()


# --- databases ----------------------------------------------------------------

def _database_url(backend: str, tmp_dir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'test.db'}"
    url = postgres_url()
    if not url:
        pytest.skip("PostgreSQL skipped: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    reset_postgres(url)
    return url


# A test database need not survive a crash of its server: PostgreSQL acknowledges a commit without waiting for
# its WAL to reach the disk (the commits of a test run are many and tiny; the disk is shared with the browser).
_FAST_COMMITS = {"sqlite": {}, "postgresql": {"connect_args": {"options": "-c synchronous_commit=off"}}}


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def _apps(smtp_server, tmp_path_factory):
    """_apps(backend) -> this process's app on that database, built on first use and kept to the end.

    Kept, not rebuilt: pytest tears down a session fixture whose parameter changes, and a worker may go from
    SQLite tests to PostgreSQL ones and back (tests/scheduling.py). Building one runs the migrations, so the
    suite also proves that `flask db upgrade` from empty works on both.
    """
    from flask_migrate import upgrade

    built = {}

    def app_on(backend: str):
        if backend not in built:
            tmp_dir = tmp_path_factory.mktemp(f"convene-{backend}")
            controller, _ = smtp_server
            app = create_app({
                "SQLALCHEMY_DATABASE_URI": _database_url(backend, tmp_dir),
                "STORAGE_LOCAL_ROOT": str(tmp_dir / "files"),
                "PAGE_LOCK_DIR": str(tmp_dir / "cache-locks"),
                "MAIL_SERVER": controller.hostname,
                "MAIL_PORT": controller.port,
                "SERVER_NAME": None,
                # Room for the race tests' 60 simultaneous connections.
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 5, "max_overflow": 70, **_FAST_COMMITS[backend]},
            })
            app.config["TEST_BACKEND"] = backend
            with app.app_context():
                upgrade()  # the migrations build the schema, as `flask db upgrade` does
            _CONFIG_AS_BUILT[backend] = (app, dict(app.config))
            built[backend] = app
        return built[backend]

    yield app_on
    for backend, app in built.items():
        del _CONFIG_AS_BUILT[backend]
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def _app(backend, _apps):
    return _apps(backend)


# The session's apps and their settings as built: a test changes them through monkeypatch.setitem (undone after
# it) or not at all, and the check below fails the test that left a change behind for the tests after it.
_CONFIG_AS_BUILT: dict[str, tuple] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield  # every fixture, monkeypatch included, has been torn down
    for app, settings in _CONFIG_AS_BUILT.values():
        changed = sorted(key for key in settings.keys() | app.config.keys()
                         if key not in settings or key not in app.config or settings[key] != app.config[key])
        if changed:
            app.config.clear()
            app.config.update(settings)
            raise AssertionError(f"the test changed app.config {changed} and left it so: "
                                 "use monkeypatch.setitem(app.config, key, value)")
    return result


@pytest.fixture
def app(_app):
    yield _app
    empty_all_tables(_app)
    with _app.app_context():
        cache.clear()  # pages cached by this test were built from rows that are gone


@pytest.fixture(scope="session")
def _demo_snapshots(tmp_path_factory):
    """_demo_snapshots(app) -> `flask demo` as loaded into that app's (empty) database once, its rows and files
    copied, the tables emptied again."""
    taken = {}

    def snapshot_of(app) -> Snapshot:
        backend = app.config["TEST_BACKEND"]
        if backend not in taken:
            files_before = stored_files(app)
            result = app.test_cli_runner().invoke(args=["demo"])
            assert result.exit_code == 0, result.output
            taken[backend] = Snapshot.take(app, tmp_path_factory.mktemp(f"demo-{backend}"), files_before)
            empty_all_tables(app)
            with app.app_context():
                cache.clear()
        return taken[backend]

    return snapshot_of


@pytest.fixture
def demo_data(app, _demo_snapshots):
    """The demo's events, people and files, as `flask demo` loads them into an empty database."""
    _demo_snapshots(app).restore()
    return app


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


# --- factories ----------------------------------------------------------------

DEFAULT_PASSWORD = "correct horse battery"


def _detached(obj):
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def create_user(app):
    """create_user(email=..., **fields) -> a verified User (detached, fields loaded)."""
    counter = iter(range(1, 10_000))

    def factory(email: str | None = None, password: str = DEFAULT_PASSWORD, verified: bool = True, **fields):
        from app.accounts.services import create_user as create

        with app.app_context():
            event_creator = fields.pop("is_event_creator", False)  # a site role, granted on the admin pages
            user = create(email=email or f"user{next(counter)}@example.org", password=password,
                          name=fields.pop("name", "Test User"), verified=verified, **fields)
            user.is_event_creator = event_creator
            db.session.commit()
            return _detached(user)

    return factory


def event_data(**overrides) -> dict:
    from app.events.models import EventKind, RegistrationMode, Visibility

    data = {
        "title": {"en": "Forum on prevention", "ru": "Форум о предупреждении", "kk": "Алдын алу форумы"},
        "summary": {"en": "A two-day forum."}, "description": {"en": "About the **forum**."},
        "venue": {"en": "Astana"}, "slug": None, "kind": EventKind.FORUM,
        "start_date": date(EVENT_YEAR, 5, 16), "end_date": date(EVENT_YEAR, 5, 17), "timezone": "Asia/Almaty",
        "languages": ["en", "ru", "kk"], "default_language": "en", "visibility": Visibility.PUBLIC,
        "capacity": 100, "registration_mode": RegistrationMode.OPEN,
        "registration_opens_at": None, "registration_closes_at": None,
    }
    data.update(overrides)
    return data


@pytest.fixture
def create_event(app, create_user):
    """create_event(organiser=None, **fields) -> an Event (detached); makes an organiser when none is given.
    The event is approved (as an administrator's would be) unless `needs_approval=None` leaves it to the rule."""

    def factory(organiser=None, needs_approval: bool | None = False, **overrides):
        from app.events.models import Event
        from app.events.services import create_event as create

        organiser = organiser or create_user(name="Organiser")
        with app.app_context():
            from app.accounts.models import User

            actor = db.session.get(User, organiser.id)
            event = create(actor, event_data(**overrides), needs_approval=needs_approval)
            db.session.commit()
            return _detached(db.session.get(Event, event.id))

    return factory


@pytest.fixture
def add_role(app):
    def give(event, user, role: str):
        from app.events.models import EventMember, EventRole

        with app.app_context():
            db.session.add(EventMember(event_id=event.id, user_id=user.id, role=EventRole(role)))
            db.session.commit()

    return give


def signed_in_id(app, user_id: int) -> str:
    """A new sign-in of that user, as the id a session cookie holds (app/accounts/signins.py)."""
    from app.accounts.models import User
    from app.accounts.signins import start_sign_in

    with app.app_context():
        user = db.session.get(User, user_id)
        start_sign_in(user)
        db.session.commit()
        return user.get_id()


@pytest.fixture
def login(app, client):
    """login(user) signs the test client in as that user (a real session cookie, a real sign-in)."""

    def sign_in(user):
        user_id = signed_in_id(app, user.id)
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
        return client

    return sign_in


@pytest.fixture
def api_token(app):
    """api_token(user, name="Script") -> the secret of a new personal API token of that user."""

    def make(user, name: str = "Script") -> str:
        from app.accounts.models import User
        from app.accounts.tokens import create_token

        with app.app_context():
            _, secret = create_token(db.session.get(User, user.id), name)
            db.session.commit()
        return secret

    return make


def bearer(secret: str) -> dict:
    """The headers that send a personal API token."""
    return {"Authorization": f"Bearer {secret}"}
def choose_language(client, lang: str) -> None:
    """What the language switcher does: a form from our own page (a GET with ?lang= stores nothing)."""
    response = client.post("/language", data={"lang": lang}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303


def translated(app, lang: str, msgid: str, **variables) -> str:
    """The catalog's translation of `msgid`; fails when the catalog has none."""
    from flask_babel import force_locale, gettext

    with app.test_request_context():
        with force_locale(lang):
            text = gettext(msgid, **variables)
    if lang != "en":
        assert text != (msgid % variables if variables else msgid), f"no {lang} translation for {msgid!r}"
    return text


def at_once(app, work, arguments) -> tuple[list, list]:
    """Call work(argument) for every argument, each in a thread with its own request context and
    database session, released together by a barrier and committing its own transaction, as
    simultaneous requests would; returns (what the calls returned, the errors they raised)."""
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def run(argument):
        with app.test_request_context():
            try:
                barrier.wait(timeout=10)
                results.append(work(argument))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected for the test to assert on
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def queries_run(app, fn) -> int:
    """The number of SQL statements `fn()` ran on `app`'s engine."""
    from sqlalchemy import event as sa_event

    with app.app_context():
        engine = db.engine
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        sa_event.remove(engine, "before_cursor_execute", before)
    return len(statements)


@pytest.fixture
def count_queries(app):
    """count_queries(callable) -> number of SQL statements the callable ran."""
    return lambda fn: queries_run(app, fn)


# --- agenda ---------------------------------------------------------------------
@pytest.fixture
def create_session(app):
    """create_session(event, title_en, day=1, start=time(10), minutes=60, **fields) -> session id."""

    def factory(event, title, day=1, start=time_of_day(10), minutes=60, people=(), **fields):
        tz = ZoneInfo(event.timezone)
        starts = datetime.combine(event.start_date + timedelta(days=day - 1), start, tz).astimezone(UTC)
        from app.agenda.models import Person, Session, SessionPerson

        with app.app_context():
            session = Session(event_id=event.id, title=title if isinstance(title, dict) else {"en": title},
                              starts_at=starts, ends_at=starts + timedelta(minutes=minutes), **fields)
            for position, (name, role) in enumerate(people):
                person = Person(event_id=event.id, name=name, bio={"en": f"Bio of **{name}**"})
                session.people.append(SessionPerson(person=person, role=role, position=position))
            db.session.add(session)
            db.session.commit()
            return session.id

    return factory


@pytest.fixture
def publish(app):
    """publish(event) publishes the event's draft agenda as an admin would."""

    def run(event):
        from app.agenda.publishing import publish as publish_agenda
        from app.events.models import Event

        with app.app_context():
            publication = publish_agenda(db.session.get(Event, event.id), None)
            db.session.commit()
            return publication.version

    return run
