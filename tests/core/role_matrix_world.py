"""The world the route × role matrix (test_role_matrix.py) runs against.

Event A ("matrix-a", public) has something behind every route: rooms, tracks, a published
agenda with a speaker's session, another session, a training module and a workshop with
limited places (the participant has one), materials of each
visibility, a note, a registration form, a confirmed participant with a ticket, attendance
and a certificate, a feedback survey, invitations. Event B ("matrix-b", private) belongs to
another organiser. One user per role.

build_world() returns, besides the users' ids, every value a URL may need, by name:
  slug, slug_private                   A's and B's slugs
  slug_pending                         C's slug: a newcomer's event, awaiting an administrator's approval
  account                              an account for the administration's pages (the participant's)
  session, session_other, module       A's sessions: the speaker's, a panel, a training module
  session_limited                      a workshop with limited places; the participant has one
  session_private                      B's published session
  person, room, track, member          the speaker's person, A's room and track, the rapporteur's membership
  material                             a public file of the speaker's session; version: its current version
  material_participants, material_embargoed, material_link, material_other_session
                                       files for participants, under embargo, a link, a file of the panel
  material_organisers                  an organisers-only file of the whole event
  speaker_invitation(_token)           a pending invitation to speak, and its secret
  registration, ticket_code, field     the participant's registration and ticket, a form question
  registration_invitation              an invitation to register
  registration_link                    a shareable link to register
  scope, language, revision            the opening's note in English, published
  certificate(_code), survey, question the participant's certificate, a feedback survey and question
  feed_token, verify_token, reset_token  secrets of a personal feed, an e-mail check, a password reset
  unsubscribe_token                    the participant's one-click unsubscribe link (RFC 8058)
  api_token                            the participant's personal API token (its id)
  api_secrets                          {role: the secret of a personal API token of that role's user}
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.extensions import db
from tests.conftest import signed_in_id
from tests.materials import samples

ROLES = ("anonymous", "participant", "speaker", "rapporteur", "checkin", "other_organiser", "organiser", "admin")


def _at(event, day: int, start: time, minutes: int = 60) -> tuple[datetime, datetime]:
    begins = datetime.combine(event.start_date + timedelta(days=day - 1), start, ZoneInfo(event.timezone))
    begins = begins.astimezone(UTC)
    return begins, begins + timedelta(minutes=minutes)


def _link_from_outbox(pattern: str) -> str:
    """The secret part of a link that only went out by e-mail (only its hash is stored)."""
    from app.core.models import OutboxMessage

    for body in db.session.scalars(db.select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc())):
        found = re.search(pattern, body)
        if found:
            return found.group(1)
    raise AssertionError(f"no mail with a link matching {pattern!r}")


def _file(event, actor, session_id, filename: str, visibility: str = "public", embargo: bool = False) -> int:
    from app.core.storage import get_storage
    from app.materials import services
    from app.materials.uploads import stage_bytes

    storage = get_storage()
    with stage_bytes(storage, samples.pdf(filename), filename) as staged:
        material = services.create_material(event, actor, kind="file", session_id=session_id,
                                            title={"en": filename}, language="en", visibility=visibility,
                                            embargo_until_start=embargo, staged=staged, storage=storage)
    return material.id


def build_world(app, create_user, create_event) -> dict:
    from app.accounts import services as accounts
    from app.accounts.models import User
    from app.accounts.tokens import create_token
    from app.agenda import services as agenda
    from app.agenda.models import Person, PersonRole, Room, Session, SessionKind, SessionPerson, Track
    from app.agenda.publishing import publish
    from app.core.storage import get_storage
    from app.events.models import Event, EventKind, EventMember, EventRole, Visibility
    from app.materials import services as materials
    from app.materials import speakers
    from app.materials.models import Material
    from app.messages import optout
    from app.messages import services as messages
    from app.messages.recipients import RecipientFilter
    from app.notes import services as notes
    from app.registration import invitations, places
    from app.registration import services as registration
    from app.registration.models import FieldKind, Invitation, RegistrationField
    from app.trainings import feedback
    from app.trainings import services as trainings
    from app.trainings.models import Attendance

    ids = {
        "organiser": create_user(email="organiser@example.org", name="Organiser of A"),
        "other_organiser": create_user(email="elsewhere@example.org", name="Organiser of B"),
        "participant": create_user(email="participant@example.org", name="Participant"),
        "speaker": create_user(email="speaker@example.org", name="Speaker"),
        "rapporteur": create_user(email="rapporteur@example.org", name="Rapporteur"),
        "checkin": create_user(email="desk@example.org", name="Check-in staff"),
        "admin": create_user(email="admin@example.org", name="Site admin", is_admin=True),
    }
    unverified = create_user(email="unverified@example.org", name="Not verified yet", verified=False)
    event_a = create_event(organiser=ids["organiser"], slug="matrix-a", kind=EventKind.FORUM,
                           visibility=Visibility.PUBLIC)
    event_b = create_event(organiser=ids["other_organiser"], slug="matrix-b", visibility=Visibility.PRIVATE)
    event_c = create_event(organiser=create_user(email="newcomer@example.org", name="Newcomer"), slug="matrix-c",
                           needs_approval=True)
    world: dict = {"users": {role: user.id for role, user in ids.items()},
                   "session_ids": {role: signed_in_id(app, user.id) for role, user in ids.items()}}

    with app.test_request_context():
        a = db.session.get(Event, event_a.id)
        b = db.session.get(Event, event_b.id)
        users = {role: db.session.get(User, user.id) for role, user in ids.items()}
        organiser = users["organiser"]
        for role, member_role in [("speaker", EventRole.SPEAKER), ("rapporteur", EventRole.RAPPORTEUR),
                                  ("checkin", EventRole.CHECKIN)]:
            db.session.add(EventMember(event_id=a.id, user_id=users[role].id, role=member_role))

        # --- agenda: a room, a track, the speaker's session, a panel, a training module, a limited workshop
        room = Room(event_id=a.id, name={"en": "Plenary hall"}, capacity=120)
        track = Track(event_id=a.id, name={"en": "Prevention"})
        db.session.add_all([room, track])
        db.session.flush()
        speaker = Person(event_id=a.id, name="Speaker", user_id=users["speaker"].id, email=users["speaker"].email,
                         bio={"en": "Bio"})
        invitee = Person(event_id=a.id, name="Invited panellist", email="invitee@example.org")
        opening = Session(event_id=a.id, title={"en": "Opening"}, room_id=room.id, track_id=track.id,
                          kind=SessionKind.PLENARY)
        opening.starts_at, opening.ends_at = _at(a, 1, time(9))
        opening.people.append(SessionPerson(person=speaker, role=PersonRole.SPEAKER, position=0))
        panel = Session(event_id=a.id, title={"en": "Panel"}, room_id=room.id, kind=SessionKind.PANEL)
        panel.starts_at, panel.ends_at = _at(a, 1, time(11))
        panel.people.append(SessionPerson(person=invitee, role=PersonRole.PANELIST, position=0))
        module = Session(event_id=a.id, title={"en": "Module 1"}, room_id=room.id,
                         kind=SessionKind.TRAINING_MODULE)  # modules are sessions of this kind, in any event
        module.starts_at, module.ends_at = _at(a, 2, time(9), 90)
        workshop = Session(event_id=a.id, title={"en": "Workshop"}, kind=SessionKind.WORKSHOP, capacity=12)
        workshop.starts_at, workshop.ends_at = _at(a, 2, time(14))
        db.session.add_all([opening, panel, module, workshop])
        db.session.flush()
        storage = get_storage()
        photo_key = f"photos/{a.id}/{speaker.id}-matrix.png"
        storage.put_bytes(photo_key, samples.png(), "image/png")
        speaker.photo_key = photo_key
        publish(a, organiser)

        # --- materials of every visibility, a link, an embargoed file, one of another session
        material = _file(a, organiser, opening.id, "Slides.pdf")
        world.update(
            material=material,
            material_participants=_file(a, organiser, opening.id, "For participants.pdf", "participants"),
            material_organisers=_file(a, organiser, None, "Organisers only.pdf", "organisers"),
            material_embargoed=_file(a, organiser, opening.id, "Embargoed.pdf", embargo=True),
            material_other_session=_file(a, organiser, panel.id, "Panel slides.pdf"),
            material_link=materials.create_material(a, organiser, kind="link", session_id=opening.id,
                                                    title={"en": "Recording"}, language="en", visibility="public",
                                                    url="https://example.org/recording").id,
        )
        world["version"] = db.session.get(Material, material).current_version_id
        speakers.invite(a, organiser, invitee, email="invitee@example.org", language="en", session_ids=[panel.id])
        world["speaker_invitation"] = speakers.latest_invitation(invitee).id
        world["speaker_invitation_token"] = _link_from_outbox(r"/invitations/speaker/([A-Za-z0-9_\-]+)")

        # --- registration: a form field, a confirmed participant with a ticket, an invitation
        field = RegistrationField(event_id=a.id, key="organisation", kind=FieldKind.TEXT,
                                  label={"en": "Organisation"})
        db.session.add(field)
        db.session.flush()
        participation = registration.register(a, users["participant"], answers={"organisation": "NHRI"},
                                              language="en")
        assert participation.status.value == "confirmed"
        assert places.join(workshop, participation, a) == "confirmed"
        invitations.invite(a, organiser, ["guest@example.org"], "en")
        world["registration_invitation"] = db.session.scalar(db.select(Invitation.id).where(
            Invitation.event_id == a.id))
        world["registration_link"] = invitations.create_link(a, organiser, label="Partners", max_uses=5,
                                                             valid_days=7, language="en").id

        # --- notes: the rapporteur's note on the opening, published
        scope = notes.session_scope(opening.id)
        saved = notes.save_note(a, scope, "en", users["rapporteur"], "What was said at the **opening**.",
                                base_revision_id=None, source_revision_id=None)
        notes.publish_note(a, saved.note, organiser, saved.note.current_revision_id)

        # --- trainings: attendance, a certificate, a feedback survey with a question
        db.session.add(Attendance(event_id=a.id, session_id=module.id, registration_id=participation.id,
                                  marked_by_id=users["checkin"].id))
        db.session.flush()
        certificate, = trainings.issue_certificates(a, organiser, ["en"], notify=False)
        survey = feedback.create_survey(a, organiser, None, anonymous=False)
        question = feedback.save_question(survey, a, organiser, kind="rating", label={"en": "How useful was it?"},
                                          required=False)

        # --- a message to the participants, scheduled for tomorrow
        message = messages.send_message(a, organiser, subject={"en": "Hello"}, body={"en": "Dear {name}"},
                                        spec=RecipientFilter(status=""), form_key="role-matrix-message",
                                        scheduled_for=datetime.now(UTC) + timedelta(days=1))

        # --- the participant's personal agenda and feed
        agenda.set_star(users["participant"], opening, True)
        feed = agenda.feed_for(users["participant"])

        # --- a personal API token per signed-in role: the matrix reads the API with it
        api_tokens = {role: create_token(user, f"{role}'s script") for role, user in users.items()}
        world["api_secrets"] = {role: secret for role, (_, secret) in api_tokens.items()}

        # --- event B: private, another organiser's, with a published session and a public file
        b_session = Session(event_id=b.id, title={"en": "Closed meeting"}, kind=SessionKind.PLENARY)
        b_session.starts_at, b_session.ends_at = _at(b, 1, time(10))
        db.session.add(b_session)
        db.session.flush()
        _file(b, users["other_organiser"], b_session.id, "Private minutes.pdf")
        publish(b, users["other_organiser"])

        world.update(
            slug=a.slug, slug_private=b.slug, slug_pending=event_c.slug, account=users["participant"].id,
            session=opening.id, session_other=panel.id, module=module.id,
            session_limited=workshop.id, session_private=b_session.id, person=speaker.id, room=room.id, track=track.id,
            member=db.session.scalar(db.select(EventMember.id).where(
                EventMember.event_id == a.id, EventMember.role == EventRole.RAPPORTEUR)),
            registration=participation.id, ticket_code=participation.ticket_code, field=field.id,
            scope=scope, language="en", revision=saved.note.current_revision_id,
            certificate=certificate.id, message=message.id, certificate_code=certificate.code, survey=survey.id,
            question=question.id, feed_token=feed.token, reminder_kind="before-event",
            api_token=api_tokens["participant"][0].id,
            verify_token=accounts.make_verification_token(db.session.get(User, unverified.id)),
            reset_token=accounts.make_password_reset_token(users["participant"]),
            unsubscribe_token=optout.token_for(participation.id),
        )
        db.session.commit()
    return world
