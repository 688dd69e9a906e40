"""Read API v1: public data as paginated JSON, described by an OpenAPI document."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
