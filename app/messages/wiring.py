"""How messages wire themselves into the app: their pages, the site administrator's rule for the daily
limit, and the messages a participant received on the registration pages (theirs and the organisers')."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.agenda import hooks as agenda
from app.core.audit import register_audit_actions
from app.core.permissions import Rule, is_admin, register_rules
from app.messages import optout, participant_views, services, views
from app.registration import hooks as registration

RULES: dict[str, Rule] = {
    # The daily limit keeps an instance from being used to send spam: the site administrator's to set.
    "messages.set_limit": lambda user, _event=None: is_admin(user),
}

register_audit_actions({
    "messages.cancelled": _l("Message cancelled"),
    "messages.daily_limit": _l("Daily sending limit changed"),
    "messages.opted_in": _l("Organisers' mail received again"),
    "messages.opted_out": _l("Unsubscribed from organisers' mail"),
    "messages.reply_to": _l("Reply address changed"),
    "messages.scheduled": _l("Message scheduled"),
    "messages.sent": _l("Message sent"),
})


def _my_registration_part(event, registration_row) -> dict:
    return {"received_messages": [(message, outbox, services.readable_html(outbox))
                                  for message, outbox in services.received_by(registration_row)],
            "messages_opted_out_at": optout.opted_out_at(registration_row)}


def _manage_registration_part(event, registration_row) -> dict:
    return {"received_messages": services.received_by(registration_row),
            "messages_opted_out_at": optout.opted_out_at(registration_row)}


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(participant_views.bp)
    register_rules(app, RULES)
    registration.MY_REGISTRATION_PARTS.connect(app, _my_registration_part)
    registration.MANAGE_REGISTRATION_PARTS.connect(app, _manage_registration_part)
    agenda.PERSON_DELETING.connect(app, services.forget_speaker)
