"""Pages of no domain: the health check and the language form."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.core.security import is_same_origin_request, safe_next_url
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
