"""Speakers and materials: the blueprint, with its routes in three modules.

- public_views: the event's materials page, downloads, ZIPs, photos, the invitation page;
- manage_views: organisers (/manage/events/<slug>/materials, /manage/events/<slug>/speakers);
- speaker_views: the speaker's dashboard (/speaker/...).
"""
from __future__ import annotations

from app.materials import manage_views, public_views, speaker_views  # noqa: F401  (their routes are on bp)
from app.materials.blueprint import bp

__all__ = ["bp"]
