"""Convene: forums and trainings, end to end."""
from __future__ import annotations

import gc
import os

from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from app import extensions as ext
from app import models  # noqa: F401  (registers every table)
from app.accounts.wiring import init_app as init_accounts
from app.admin.wiring import init_app as init_admin
from app.agenda.wiring import init_app as init_agenda
from app.api.wiring import init_app as init_api
from app.cli import register_cli
from app.core.i18n import select_locale
from app.core.requests import register_request_hooks
from app.core.security import check_limits_in_routes_only, instance_secret_key
from app.core.unit_of_work import UnitOfWorkFlask
from app.core.urls import configure_base_url
from app.core.wiring import init_app as init_core
from app.events.wiring import init_app as init_events
from app.materials.wiring import init_app as init_materials
from app.messages.wiring import init_app as init_messages
from app.notes.wiring import init_app as init_notes
from app.registration.wiring import init_app as init_registration
from app.reminders.wiring import init_app as init_reminders
from app.trainings.wiring import init_app as init_trainings
from config import CONFIGS, INSTANCE_DIR


def create_app(config: str | type | dict | None = None) -> Flask:
    """Build the app. `config` is a name from config.CONFIGS, a class, or a dict of overrides on testing."""
    app = UnitOfWorkFlask(__name__, static_folder="../static", instance_path=str(INSTANCE_DIR))
    config_class = _config_class(config)
    app.config.from_object(config_class)
    if isinstance(config, dict):
        app.config.update(config)
    configure_base_url(app)
    config_class.validate(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    for warning in config_class.startup_warnings(app.config):
        app.logger.warning(warning)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                        render_as_batch=True, compare_type=True)
    ext.babel.init_app(app, locale_selector=select_locale)
    ext.csrf.init_app(app)
    ext.limiter.init_app(app)
    check_limits_in_routes_only(app, ext.limiter)
    ext.cache.init_app(app)
    ext.login_manager.init_app(app)

    # The layers, lowest first (tests/core/test_import_direction.py): each registers its pages and what
    # it gives the layers below it (permission rules, parts of their pages, answers to their hooks).
    init_core(app)
    init_accounts(app)
    init_events(app)
    init_admin(app)
    init_agenda(app)
    init_registration(app)
    init_materials(app)
    init_trainings(app)
    init_notes(app)
    init_reminders(app)
    init_messages(app)
    init_api(app)
    register_request_hooks(app)  # after the API's, which answers routing errors under /api/v1 first
    register_cli(app)
    if not app.testing:
        _ready_to_serve()
    return app


def _ready_to_serve() -> None:
    """Do at start-up what would otherwise land on some reader's request, then freeze what start-up made.

    SQLAlchemy configures its mappers at the first query: 25 ms of a worker's first request (a first
    request after a publish, served from the cache, took 41 ms in a new process instead of 11).

    The ~216,000 objects of start-up (modules, mappers, templates, routes) live as long as the process:
    out of the garbage collector's reach, a full collection no longer walks them. It took 110-130 ms in
    a gunicorn worker, on whichever request triggered it (first requests after a publish took 60 ms
    instead of 5); it now walks only what requests made since. Also what the Python documentation
    advises before a fork (gunicorn --preload): the frozen pages stay shared."""
    configure_mappers()
    gc.collect()
    gc.freeze()


def _config_class(config):
    if isinstance(config, type):
        return config
    if isinstance(config, dict):
        return CONFIGS["testing"]
    name = config or os.environ.get("CONVENE_ENV") or os.environ.get("FLASK_ENV") or "development"
    return CONFIGS[name]


@sa_event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # WAL lets readers work while one writer writes; foreign keys are off by default in SQLite.
    # synchronous=NORMAL is what SQLite advises with WAL: a commit no longer waits for the disk (the WAL is
    # synced at checkpoints), and the database stays consistent after a crash; a power cut may lose the
    # last commits.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


@sa_event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(connection, name):
    # pysqlite opens a transaction only at the first write. A SAVEPOINT before it starts a
    # transaction of its own, and its RELEASE then commits for good: a later rollback of the
    # request would not undo what the savepoint wrapped. Open the real transaction first.
    dbapi_connection = connection.connection.dbapi_connection
    if type(dbapi_connection).__module__.startswith("sqlite3") and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")
