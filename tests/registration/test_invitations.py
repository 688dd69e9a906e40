"""Invitations are not bearer passes: a personal one works once and only for its addressee, a
shareable one as often as its organiser allowed (counted atomically), and a refused token gets one
translated page that tells nothing of the event."""
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.models import OutboxMessage
from app.events.models import Event, RegistrationMode, Visibility
from app.extensions import db
from app.registration import invitations
from app.registration.models import Invitation, Registration
from tests.conftest import at_once, translated

TITLE = {"en": "Closed Summit", "ru": "Закрытый саммит", "kk": "Жабық саммит"}


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org", name="Olga Organiser")


def _invite(app, event, organiser, address, mailbox) -> str:
    """Send a personal invitation; returns the path of its link, read from the delivered mail."""
    from app.accounts.models import User

    with app.test_request_context():
        invitations.invite(db.session.get(Event, event.id), db.session.get(User, organiser.id), [address], "en")
        db.session.commit()
    [message] = mailbox.wait_for(address.lower())
    path = re.search(r"https?://[^/\s]+(/\S+)", message.get_content())[1]
    # Without the mail's language (tests add their own ?lang=).
    parts = urlsplit(path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in ("lang", "lang_sig")])
    return f"{parts.path}?{query}"


def _link(app, event, organiser, max_uses=2, valid_days=7) -> str:
    from app.accounts.models import User

    with app.test_request_context():
        link = invitations.create_link(db.session.get(Event, event.id), db.session.get(User, organiser.id),
                                       label="Partners", max_uses=max_uses, valid_days=valid_days, language="en")
        db.session.commit()
        return re.sub(r"^https?://[^/]+", "", invitations.link_url(link, db.session.get(Event, event.id)))


def _registrations(app, event) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Registration.id)).where(Registration.event_id == event.id))


def _refused(response, app, msgid: str, lang: str = "en") -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 403, page
    assert translated(app, lang, "This invitation cannot be used") in page
    assert translated(app, lang, msgid) in page
    for title in TITLE.values():
        assert title not in page
    assert "closed" not in page.split("<main", 1)[-1]  # not even the event's address


@pytest.mark.parametrize("mode", [RegistrationMode.OPEN, RegistrationMode.APPROVAL])
def test_an_invitation_to_a_private_event_is_used_up_by_the_registration_in_every_mode(
        app, client, create_event, create_user, login, organiser, mailbox, mode):
    event = create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE,
                         registration_mode=mode)
    link = _invite(app, event, organiser, "guest@example.org", mailbox)
    login(create_user(email="guest@example.org"))
    assert client.post(link, data={}).status_code == 302
    assert client.get("/events/closed").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Invitation.use_count)) == 1

    # Whoever sees the link afterwards gets nothing: not the form, not the event.
    login(create_user(email="nosy@example.org"))
    _refused(client.get(link), app, "This invitation has already been used.")
    _refused(client.post(link, data={}), app, "This invitation has already been used.")
    assert client.get("/events/closed").status_code == 404
    assert _registrations(app, event) == 1


def test_a_personal_invitation_works_only_for_the_account_with_the_invited_address(
        app, client, create_event, create_user, login, organiser, mailbox, register):
    event = create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE,
                         registration_mode=RegistrationMode.INVITATION)
    link = _invite(app, event, organiser, "Guest@Example.org", mailbox)
    token = link.split("invitation=")[1]

    login(create_user(email="stranger@example.org"))
    _refused(client.get(link), app, "This invitation was sent to another e-mail address. Please sign in with the "
                                    "address that received it.")
    _refused(client.post(link, data={}), app, "This invitation was sent to another e-mail address. Please sign in "
                                              "with the address that received it.")
    # An account with the address that has not confirmed it is refused too (the service's own check).
    with pytest.raises(invitations.InvitationRefused):
        register(event, create_user(email="guest@example.org", verified=False), invitation_token=token)
    assert _registrations(app, event) == 0

    with app.app_context():
        from app.accounts.models import User

        guest = db.session.scalar(select(User).where(User.email == "guest@example.org"))
        guest.email_verified_at = guest.created_at
        db.session.commit()
        login(guest)
    assert client.post(link, data={}).status_code == 302
    assert _registrations(app, event) == 1


def test_a_refused_token_gets_one_translated_page_that_tells_nothing_of_the_event(
        app, client, create_event, create_user, login, organiser):
    create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE)
    create_event(organiser=organiser, slug="public", title=TITLE, registration_mode=RegistrationMode.INVITATION)
    unknown = "This invitation link is not valid. Please check that you copied it completely."
    pages = []
    for signed_in in (False, True):
        if signed_in:
            login(create_user(email="someone@example.org"))
        for path in ("/events/closed/register", "/events/public/register", "/events/no-such-event/register"):
            response = client.get(f"{path}?invitation=made-up&lang=kk")
            _refused(response, app, unknown, "kk")
            pages.append(response.get_data(as_text=True).replace(path, "PATH"))  # the language links name it
    assert len(set(pages[:3])) == 1 and len(set(pages[3:])) == 1  # the same page, event or none


def test_someone_with_only_a_link_sees_nothing_of_a_private_event_before_signing_in(
        app, client, create_event, organiser, mailbox):
    event = create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE)
    response = client.get(_invite(app, event, organiser, "guest@example.org", mailbox) + "&lang=ru")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "/account/login?next=" in page
    assert translated(app, "ru", "Please use the e-mail address your invitation was sent to. If you create an "
                                 "account, confirm your address and then open the invitation link again.") in page
    assert all(title not in page for title in TITLE.values())


def test_a_shareable_link_lets_in_as_many_people_as_allowed_until_it_is_stopped(
        app, client, create_event, create_user, login, organiser):
    event = create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE)
    login(organiser)
    response = client.post("/manage/events/closed/invitations/links",
                           data={"label": "Ministry delegation", "max_uses": "2", "valid_days": "10"})
    assert response.status_code == 302
    page = client.get("/manage/events/closed/invitations").get_data(as_text=True)
    assert "Ministry delegation" in page and "0 of 2" in page
    link = re.sub(r"^https?://[^/]+", "", re.search(r'value="(http[^"]+invitation=[^"]+)"', page)[1])

    for address in ("one@example.org", "Two@Example.org"):
        login(create_user(email=address))
        assert client.post(link, data={}).status_code == 302
        assert client.get("/events/closed").status_code == 200
    login(create_user(email="three@example.org"))
    _refused(client.get(link), app, "This link has already been used as many times as the organisers allowed.")
    assert _registrations(app, event) == 2

    # A second link, stopped by the organiser: it no longer lets anyone in.
    second = _link(app, event, organiser)
    login(organiser)
    with app.app_context():
        second_id = db.session.scalar(select(Invitation.id).order_by(Invitation.id.desc()).limit(1))
    assert client.post(f"/manage/events/closed/invitations/links/{second_id}/revoke").status_code == 302
    login(create_user(email="four@example.org"))
    _refused(client.get(second), app, "This invitation has expired.")
    assert _registrations(app, event) == 2


def test_the_last_use_of_a_shareable_link_goes_to_one_of_simultaneous_registrations(
        app, create_event, create_user, organiser):
    from app.accounts.models import User
    from app.registration import services

    event = create_event(organiser=organiser, slug="closed", visibility=Visibility.PRIVATE)
    token = _link(app, event, organiser, max_uses=2).split("invitation=")[1]
    people = [create_user(email=f"p{i}@example.org").id for i in range(6)]

    def register(user_id):
        return services.register(db.session.get(Event, event.id), db.session.get(User, user_id), answers={},
                                 language="en", invitation_token=token).id

    results, errors = at_once(app, register, people)
    assert len(results) == 2, errors
    assert len(errors) == 4 and all(isinstance(error, DomainError) for error in errors), errors
    assert _registrations(app, event) == 2
    with app.app_context():
        assert db.session.scalar(select(Invitation.use_count)) == 2


@pytest.mark.parametrize("data", [
    {"max_uses": "0", "valid_days": "7"}, {"max_uses": "-1", "valid_days": "7"},
    {"max_uses": "99999999999999999999", "valid_days": "7"}, {"max_uses": "two", "valid_days": "7"},
    {"max_uses": "", "valid_days": "7"}, {"max_uses": "5", "valid_days": "0"}, {"max_uses": "5", "valid_days": "366"},
    {"max_uses": "5", "valid_days": "7", "label": "x" * 201},
], ids=range(8))
def test_a_shareable_link_with_impossible_limits_is_refused(app, client, create_event, login, organiser, data):
    create_event(organiser=organiser, slug="forum")
    login(organiser)
    response = client.post("/manage/events/forum/invitations/links", data=data)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_links_and_invitations_are_reached_only_through_their_own_event_and_kind(
        app, client, create_event, login, organiser, mailbox):
    event = create_event(organiser=organiser, slug="forum")
    create_event(organiser=organiser, slug="other")
    _invite(app, event, organiser, "guest@example.org", mailbox)
    _link(app, event, organiser)
    with app.app_context():
        personal = db.session.scalar(select(Invitation.id).where(Invitation.email.is_not(None)))
        shareable = db.session.scalar(select(Invitation.id).where(Invitation.email.is_(None)))
    login(organiser)
    assert client.post(f"/manage/events/other/invitations/links/{shareable}/revoke").status_code == 404
    assert client.post(f"/manage/events/forum/invitations/links/{personal}/revoke").status_code == 404
    assert client.post(f"/manage/events/forum/invitations/{shareable}/resend").status_code == 404
    with app.app_context():
        assert db.session.get(Invitation, shareable).expires_at > db.session.get(Invitation, shareable).created_at


def test_erasing_a_registration_erases_the_mail_about_it(app, client, create_event, create_user, login, organiser,
                                                         mailbox):
    event = create_event(organiser=organiser, slug="closed", visibility=Visibility.PRIVATE)
    link = _invite(app, event, organiser, "guest@example.org", mailbox)
    login(create_user(email="guest@example.org", name="Gulnara Guest"))
    assert client.post(link, data={}).status_code == 302
    mailbox.wait_for("guest@example.org", count=2)  # the invitation, the confirmation
    assert client.post("/events/closed/registration/erase").status_code == 302

    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        assert len(rows) == 2  # the cancellation queued by the erasure was never sent
        for row in rows:
            assert "guest@example.org" not in row.recipient
            assert "Gulnara" not in row.body_text and "guest@example.org" not in row.body_text
            assert row.attachments == []
        # The invitation no longer names the person either.
        assert db.session.scalar(select(Invitation.email)).endswith("@invalid")
    assert len(mailbox.to("guest@example.org")) == 2


@pytest.mark.parametrize(("lang", "zone"), [("ru", "Время указано по часовому поясу: Алматы (Asia/Almaty)."),
                                            ("kk", "Алматы (Asia/Almaty)")])
def test_the_links_table_names_its_time_zone_in_words_not_only_by_its_code(
        app, client, create_event, login, organiser, lang, zone):
    event = create_event(organiser=organiser, slug="closed", title=TITLE, visibility=Visibility.PRIVATE)
    _link(app, event, organiser)
    login(organiser)
    assert zone in client.get(f"/manage/events/closed/invitations?lang={lang}").get_data(as_text=True)


def test_a_personal_invitation_to_register_is_valid_for_the_configured_days(app, create_event, organiser,
                                                                              monkeypatch, mailbox):
    from datetime import timedelta

    monkeypatch.setitem(app.config, "INVITATION_VALID_DAYS", 3)
    event = create_event(organiser=organiser)
    with app.test_request_context():
        from app.accounts.models import User

        invitations.invite(db.session.get(Event, event.id), db.session.get(User, organiser.id), ["g@example.org"], "en")
        invitation = db.session.scalar(db.select(Invitation))
        assert timedelta(days=2, hours=23) < invitation.expires_at - invitation.created_at <= timedelta(days=3, minutes=1)
