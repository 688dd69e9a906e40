"""Organiser pages of the agenda: builder grid, sessions, rooms, tracks, people, publishing."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agenda_manage", __name__, url_prefix="/manage/events/<slug>/agenda", template_folder="templates")
