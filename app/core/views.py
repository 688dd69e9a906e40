from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

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
