"""Convene: forums and trainings, end to end."""
from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine

from app.core.unit_of_work import UnitOfWorkFlask
from config import CONFIGS


def create_app(config: str | type | dict | None = None) -> Flask:
    """Build the app. `config` is a name from config.CONFIGS, a class, or a dict of overrides on testing."""
    app = UnitOfWorkFlask(__name__, static_folder="../static", instance_path=_instance_dir())
    config_class = _config_class(config)
    app.config.from_object(config_class)
    if isinstance(config, dict):
        app.config.update(config)
    config_class.validate(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from app import extensions as ext
    from app import models  # noqa: F401  (registers every table)
    from app.accounts.views import load_user
    from app.core.i18n import select_locale

    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                        render_as_batch=True, compare_type=True)
    ext.babel.init_app(app, locale_selector=select_locale)
    ext.csrf.init_app(app)
    ext.limiter.init_app(app)
    ext.cache.init_app(app)
    ext.login_manager.init_app(app)
    ext.login_manager.user_loader(load_user)
    ext.login_manager.login_view = "accounts.login"
    ext.login_manager.session_protection = "basic"

    from app.core.requests import IdConverter

    app.url_map.converters["id"] = IdConverter

    from app.accounts.views import bp as accounts_bp
    from app.agenda.export_views import bp as agenda_exports_bp
    from app.agenda.manage_views import bp as agenda_manage_bp
    from app.agenda.my_views import bp as my_agenda_bp
    from app.agenda.views import bp as agenda_bp
    from app.api import materials as _api_materials, notes as _api_notes  # noqa: F401  (routes on the API blueprint)
    from app.api.views import bp as api_bp
    from app.materials.views import bp as materials_bp
    from app.notes.views import bp as notes_bp
    from app.trainings.views import bp as trainings_bp
    from app.registration.manage_views import bp as registration_manage_bp
    from app.registration.places_views import bp as session_places_bp
    from app.registration.views import bp as registration_bp
    from app.core.views import bp as core_bp
    from app.events.views import bp as events_bp, manage_bp as events_manage_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(events_manage_bp)
    app.register_blueprint(agenda_bp)
    app.register_blueprint(agenda_manage_bp)
    app.register_blueprint(agenda_exports_bp)
    app.register_blueprint(my_agenda_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(registration_manage_bp)
    app.register_blueprint(session_places_bp)
    app.register_blueprint(materials_bp)
    app.register_blueprint(notes_bp)
    app.register_blueprint(trainings_bp)

    from app.cli import register_cli
    from app.core.errors import register_error_handlers
    from app.core.requests import register_request_hooks
    from app.core.security import register_security_headers
    from app.core.templating import register_templating

    register_templating(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_request_hooks(app)
    register_cli(app)
    return app


def _instance_dir() -> str:
    from config import INSTANCE_DIR
    return str(INSTANCE_DIR)


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
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
