"""API v1: published notes (routes on the API blueprint, described in OPENAPI_PATHS)."""
from __future__ import annotations

OPENAPI_PATHS: dict = {}
OPENAPI_SCHEMAS: dict = {}
