"""What the events domain asks of the layers above it (see app.core.hooks); they connect from their wiring."""
from __future__ import annotations

from app.core.hooks import Hook

PRIVATE_EVENT_GUESTS = Hook("events.private_event_guests")
"""(user, event) -> bool, asked for a private event the user is not on the team of: True lets them
see it (registration: the people registered for it)."""

EVENT_PAGE_PARTS = Hook("events.event_page_parts")
"""(event) -> dict, called while the public event page renders: the part's template variables
(registration: `my_registration`, the reader's registration)."""
