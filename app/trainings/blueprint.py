"""The trainings blueprint and the small helpers its pages share."""
from __future__ import annotations

from flask import Blueprint, abort, request

from app.trainings import services

bp = Blueprint("trainings", __name__, template_folder="templates")


@bp.after_request
def never_cache(response):
    # Attendance, certificates and answers are personal: no browser or proxy keeps a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def module_or_404(event, session_id: int):
    for module in services.modules(event):
        if module.id == session_id:
            return module
    abort(404)


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
