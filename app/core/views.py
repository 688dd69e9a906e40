from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, send_from_directory
from sqlalchemy import text

from app.core.templating import static_url
from app.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        # The 503 makes the request frame roll the failed transaction back.
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


# Browsers and phones ask for these at fixed addresses, whatever the page links to.
ROOT_ICONS = {"favicon.ico": "image/vnd.microsoft.icon", "apple-touch-icon.png": "image/png"}
ICON_MAX_AGE = 7 * 24 * 3600


def _root_icon(name: str):
    return send_from_directory(Path(current_app.static_folder) / "img", name, mimetype=ROOT_ICONS[name],
                               max_age=ICON_MAX_AGE)


@bp.get("/favicon.ico")
def favicon():
    return _root_icon("favicon.ico")


@bp.get("/apple-touch-icon.png")
def apple_touch_icon():
    return _root_icon("apple-touch-icon.png")


@bp.get("/manifest.webmanifest")
def web_manifest():
    """What a phone needs to put the site on its home screen: a name and icons."""
    response = jsonify(name="Convene", short_name="Convene", start_url="/", display="browser",
                       background_color="#f6f7fa", theme_color="#1f5aa6", icons=[
                           {"src": static_url("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                           {"src": static_url("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                           {"src": static_url("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}])
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = ICON_MAX_AGE
    return response
