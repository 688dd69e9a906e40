"""Organiser pages of registration: participants table, form builder, invitations, check-in."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registration_manage", __name__, url_prefix="/manage/events/<slug>", template_folder="templates")
