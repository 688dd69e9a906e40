from __future__ import annotations

from flask import Blueprint

bp = Blueprint("trainings", __name__, template_folder="templates")
