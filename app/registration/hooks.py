"""What registration asks of the layers above it (see app.core.hooks); they connect from their wiring."""
from __future__ import annotations

from app.core.hooks import Hook

ON_THE_DAY_PARTS = Hook("registration.on_the_day_parts")
"""(event, day, expected) -> dict, asked while the live on-the-day view (app.registration.live_views)
renders or answers its poll: JSON-ready data shown under the day's arrivals, in the reader's
language (trainings: `modules`, each module of that local day with the participants marked present
and `expected`, the confirmed participants). Must run a constant number of queries."""

MY_REGISTRATION_PARTS = Hook("registration.my_registration_parts")
"""(event, registration) -> dict, called while the participant's own registration page renders: the
part's template variables (messages: `received_messages`, the organisers' messages sent to them)."""

MANAGE_REGISTRATION_PARTS = Hook("registration.manage_registration_parts")
"""(event, registration) -> dict, called while the organiser's page of one registration renders: the
part's template variables (messages: `received_messages`, what this participant was sent)."""
