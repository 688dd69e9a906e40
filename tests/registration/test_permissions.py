"""Registration's permission rule: the invitation token is an explicit argument of can(), not read from a request."""
from flask_login import AnonymousUserMixin

from app.events.models import RegistrationMode, Visibility
from app.extensions import db


def test_an_invitation_opens_the_form_of_a_private_event_when_the_caller_passes_it(app, create_event, create_user,
                                                                                  mailbox):
    from app.accounts.models import User
    from app.core.mail import deliver_due
    from app.core.permissions import can
    from app.events.models import Event
    from app.registration import invitations

    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, slug="closed", visibility=Visibility.PRIVATE,
                         registration_mode=RegistrationMode.INVITATION)
    with app.test_request_context():
        invitations.invite(db.session.get(Event, event.id), db.session.get(User, organiser.id),
                        ["guest@example.org"], "en")
        db.session.commit()
        deliver_due()
    token = mailbox.wait_for("guest@example.org")[0].get_content().split("invitation=")[1].split()[0]
    guest = create_user(email="guest@example.org")

    with app.app_context():  # no request: the rule has nothing to read but its arguments
        event, guest = db.session.get(Event, event.id), db.session.get(User, guest.id)
        assert not can(guest, "event.view", event)
        assert not can(guest, "event.register", event)
        assert not can(guest, "event.register", event, invitation="forged")
        assert can(guest, "event.register", event, invitation=token)
        assert can(AnonymousUserMixin(), "event.register", event, invitation=token)  # the form asks to sign in
    with app.test_request_context(f"/events/closed/register?invitation={token}"):
        assert not can(db.session.get(User, guest.id), "event.register", db.session.get(Event, event.id))
