"""What registration asks of the layers above it (see app.core.hooks); they connect from their wiring."""
from __future__ import annotations

from app.core.hooks import Hook

MY_REGISTRATION_PARTS = Hook("registration.my_registration_parts")
"""(event, registration) -> dict, called while the participant's own registration page renders: the
part's template variables (messages: `received_messages`, the organisers' messages sent to them)."""

MANAGE_REGISTRATION_PARTS = Hook("registration.manage_registration_parts")
"""(event, registration) -> dict, called while the organiser's page of one registration renders: the
part's template variables (messages: `received_messages`, what this participant was sent)."""
