"""What every route of the read API v1 shares: the blueprint, who reads (app/api/auth.py), JSON
responses and problem details, query numbers and pagination, and finding an event the reader may see.

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

from app.api.auth import authenticate, has_token, reader, token_in_address
from app.core.permissions import can
from app.events.models import Event
from app.extensions import db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(authenticate)

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100  # a larger per_page counts as this many
MAX_PAGE = 100_000  # a larger page is refused
MAX_ID = 2**31 - 1  # ids are INTEGER columns
MAX_AGE = 60
_DIGITS = re.compile(r"[0-9]+")


# --- responses ----------------------------------------------------------------------

def _json(data, status: int = 200, content_type: str = "application/json") -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = Response(body, status=status, content_type=content_type)
    # Any site's scripts may read what anonymous readers get. A token cannot come along: a browser
    # sends an Authorization header across sites only after a preflight that is never granted.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Authorization")
    return response


def ok(data) -> Response:
    """200 with an ETag of the body, or 304 when the client already has it. What a token reads is
    its owner's business: no shared cache keeps it."""
    response = _json(data)
    response.headers["Cache-Control"] = f"{'private' if has_token() else 'public'}, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


def _problem(error: HTTPException) -> Response:
    code = error.code or 500
    response = _json({"type": "about:blank", "title": HTTP_STATUS_CODES.get(code, "Error"), "status": code,
                      "detail": error.description}, status=code, content_type="application/problem+json")
    for name, value in error.get_headers():  # Allow of a 405, WWW-Authenticate of a 401
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.errorhandler(HTTPException)
def api_error(error: HTTPException):
    return _problem(error)


@bp.before_app_request
def api_refusals():
    """Under /api/v1, whatever the path: a token in the address is refused (400), and unknown paths and
    wrong methods, which never reach the blueprint, are answered in JSON too."""
    if not (request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/")):
        return None
    error = token_in_address() or request.routing_exception
    if isinstance(error, HTTPException) and (error.code or 0) >= 400:
        return _problem(error)
    return None


# --- pagination ---------------------------------------------------------------------

def number_arg(name: str, default: int | None = None, *, maximum: int = MAX_ID, clamp: bool = False,
               what: str = "a whole number") -> int | None:
    """A query parameter holding a whole number from 1 to `maximum`: 400 otherwise, or, with `clamp`,
    `maximum` for any larger number. `default` when absent (`?page=` is not absent: it is refused)."""
    if name not in request.args:
        return default
    raw = request.args[name]
    digits = raw.lstrip("0")
    if not _DIGITS.fullmatch(raw) or not digits:
        abort(400, description=f"'{name}' must be {what} from 1 to {maximum}"
                               f"{' (a larger one counts as ' + str(maximum) + ')' if clamp else ''}.")
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        if clamp:
            return maximum
        abort(400, description=f"'{name}' must be {what} from 1 to {maximum}.")
    return int(digits)


def page_args() -> tuple[int, int]:
    return (number_arg("page", 1, maximum=MAX_PAGE),
            number_arg("per_page", DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE, clamp=True))


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
    """An event the reader may see (event.view): public and unlisted ones; private ones only with the
    token of someone who may see them, and otherwise 404 like unknown ones."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not can(reader(), "event.view", event):
        abort(404, description="No such event.")
    return event
