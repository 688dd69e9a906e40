"""What the events domain asks of the layers above it (see app.core.hooks); they connect from their wiring."""
from __future__ import annotations

from app.core.hooks import Hook

PRIVATE_EVENT_GUESTS = Hook("events.private_event_guests")
"""(user, event) -> bool, asked for a private event the user is not on the team of: True lets them
see it (registration: the people registered for it)."""

EVENT_PAGE_PARTS = Hook("events.event_page_parts")
"""(event) -> dict, called while the public event page renders: the part's template variables
(registration: `my_registration`, the reader's registration)."""

EVENT_LIST_PARTS = Hook("events.event_list_parts")
"""(events) -> dict, called while a list of event cards renders (the home page): the part's template
variables, keyed by event id inside (registration: `availability`, seats left or full and waiting)."""

MY_EVENTS_PARTS = Hook("events.my_events_parts")
"""(user) -> dict[int, PersonalPart]: what a higher domain shows on the person's own page ("My events"),
by event id (registration: status, waiting-list position, ticket, places; agenda: the person's sessions;
trainings: certificate and feedback to give). An event any part names gets a card on the page."""

DASHBOARD_PARTS = Hook("events.dashboard_parts")
"""(event, chart_ids) -> DashboardPart | list[DashboardPart] | None, called while the organiser's
dashboard (the event's management home) renders: each part is a template of the domain that counted
it and its variables, in `order` (app/events/dashboard.py); `chart_ids(name)` gives each chart an id
unique on the page. Registration: registrations over time, seats, pending approvals, the answers;
materials: speakers and sessions without material; notes: the matrix's totals; trainings: feedback.
A part counts with a constant number of queries, whatever the size of the event."""
