"""The trainings blueprint and the small helpers its pages share."""
from __future__ import annotations

from flask import Blueprint, abort

from app.core.http import never_cache
from app.trainings import services

bp = Blueprint("trainings", __name__, template_folder="templates")
bp.after_request(never_cache)  # attendance, certificates and answers are personal


def module_or_404(event, session_id: int):
    for module in services.modules(event):
        if module.id == session_id:
            return module
    abort(404)
