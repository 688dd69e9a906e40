"""What every route of the read API v1 shares: the blueprint, JSON responses and problem details,
pagination, and finding an event anonymous readers may see.

The routes are in app/api/views.py (events and the published agenda), app/api/materials.py and
app/api/notes.py; app/api/openapi.py describes them.
"""
from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.events.models import Event, Visibility
from app.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_AGE = 60
_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


# --- responses ----------------------------------------------------------------------

def _json(data, status: int = 200, content_type: str = "application/json") -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = Response(body, status=status, content_type=content_type)
    # Public data only, no credentials involved: any site's scripts may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def ok(data) -> Response:
    """200 with an ETag of the body, or 304 when the client already has it."""
    response = _json(data)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


def _problem(error: HTTPException) -> Response:
    code = error.code or 500
    response = _json({"type": "about:blank", "title": HTTP_STATUS_CODES.get(code, "Error"), "status": code,
                      "detail": error.description}, status=code, content_type="application/problem+json")
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(HTTPException)
def api_error(error: HTTPException):
    return _problem(error)


@bp.before_app_request
def api_routing_error():
    """Unknown paths and wrong methods under /api/v1 never reach the blueprint: answer them in JSON too."""
    error = request.routing_exception
    in_api = request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/")
    if in_api and isinstance(error, HTTPException) and (error.code or 0) >= 400:
        return _problem(error)
    return None


# --- pagination ---------------------------------------------------------------------

def _number_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not _PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        abort(400, description=f"'{name}' must be a positive integer.")
    return int(raw)


def page_args() -> tuple[int, int]:
    return _number_arg("page", 1), min(_number_arg("per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)


def envelope(items: list, page: int, per_page: int, total: int) -> dict:
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "pages": math.ceil(total / per_page)}


def paged(items: list, serialize) -> dict:
    page, per_page = page_args()
    chunk = items[(page - 1) * per_page: page * per_page]
    return envelope([serialize(item) for item in chunk], page, per_page, len(items))


# --- representations ----------------------------------------------------------------

def utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def visible_event(slug: str) -> Event:
    """Public and unlisted events; private ones are 404 like unknown ones (requests are anonymous)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug, Event.visibility != Visibility.PRIVATE))
    if event is None:
        abort(404, description="No such event.")
    return event
