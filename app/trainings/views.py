"""Training pages: attendance per module, certificates of attendance, feedback.

The routes live in one module per subject, all on the one "trainings" blueprint:
attendance_views (desk, roll call, own attendance), certificate_views (rule,
issue, revoke, downloads, public verification) and feedback_views (surveys,
answers, results).
"""
from __future__ import annotations

from app.trainings import attendance_views, certificate_views, feedback_views  # noqa: F401  (routes on bp)
from app.trainings.blueprint import bp

__all__ = ["bp"]
