"""Pages of no domain: the health check and the language form."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, redirect, request, send_from_directory, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.core.security import is_same_origin_request, safe_next_url
from app.core.templating import static_url
from app.extensions import csrf, db

bp = Blueprint("core", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        # The 503 makes the request frame roll the failed transaction back.
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.post("/language")
@csrf.exempt  # the form is on public pages cached for every visitor: no session's token fits them all
def choose_language():
    """The language switcher: the visitor's choice, and a signed-in user's stored preference.

    A POST from our own pages only (Fetch Metadata or Origin: what a CSRF token would prove),
    so neither another site nor a link or image in a note can change it.
    """
    lang = request.form.get("lang")
    if not is_same_origin_request() or lang not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        current_user.preferred_language = lang  # the request frame commits
    else:
        session["lang"] = lang
    return redirect(safe_next_url(request.form.get("next"), url_for("events.home")), 303)
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
