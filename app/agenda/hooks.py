"""What the agenda asks of the layers above it (see app.core.hooks); they connect from their wiring.

Registration sits above the agenda (places in limited sessions are rows about agenda sessions),
so the agenda learns about places only through these hooks.
"""
from __future__ import annotations

from app.core.hooks import Hook

SESSION_CAPACITY_CHANGING = Hook("agenda.session_capacity_changing")
"""(session, capacity) before a draft session's limit of participants is saved: raise DomainError to
refuse (registration: the places already taken must fit)."""

SESSION_CAPACITY_CHANGED = Hook("agenda.session_capacity_changed")
"""(session, event) after the limit was saved and flushed (registration: new places go to the waiting list)."""

PERSON_DELETING = Hook("agenda.person_deleting")
"""(person, event) before a person is deleted (their data erased): forget what other layers keep about
them (messages: the address and name a message to speakers was recorded with)."""

SESSION_DELETING = Hook("agenda.session_deleting")
"""(session) before a draft session is deleted: raise DomainError to refuse (registration: people hold places)."""

EXPECTED_AT_EVENT = Hook("agenda.expected_at_event")
"""(event) -> int: how many people are expected at the event; the answers are added up
(registration: its confirmed participants). Conflicts use it to warn about small rooms."""

SESSION_PAGE_PARTS = Hook("agenda.session_page_parts")
"""(event, session) -> dict, called while the public session page renders (`session` is the published
one): the part's template variables (registration `places`, materials `materials`, notes `session_notes`)."""

PERSONAL_SESSIONS = Hook("agenda.personal_sessions")
"""(user) -> dict[int, set[int]]: by event id, sessions that belong in the person's agenda besides the ones
they starred (registration: the limited sessions they hold a place in). "My agenda", the personal iCal
feed and "My events" show them."""
