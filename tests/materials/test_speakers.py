"""Speaker invitations (mail in their language, accept/decline, account linking or creation, re-sending),
the speaker's dashboard and profile with a photo stripped of its metadata."""
import io
import re

from PIL import Image

from app.extensions import db
from app.materials.models import InvitationStatus, SpeakerInvitation
from tests.conftest import DEFAULT_PASSWORD
from tests.materials import samples
from tests.materials.conftest import upload


def _invite(client, forum, person_id, email="lucia@example.org", language="ru", sessions=None):
    return client.post(f"/manage/events/forum/speakers/{person_id}/invite", data={
        "email": email, "language": language, "sessions": [str(s) for s in (sessions or [forum.past_session])]})


def _link_from(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/invitations/speaker/\S+", body).group(0)


def _invitation(app):
    with app.app_context():
        invitation = db.session.scalar(db.select(SpeakerInvitation).order_by(SpeakerInvitation.id.desc()))
        db.session.expunge(invitation)
        return invitation


def test_invitation_mail_is_in_the_chosen_language_and_accepting_creates_the_account(
        app, client, forum, login, link_person, mailbox):
    person_id = link_person(forum.event, forum.past_session, None, name="Lucia Ferrante")
    login(forum.organiser)
    assert _invite(client, forum, person_id).status_code == 302
    message = mailbox.wait_for("lucia@example.org")[0]
    assert message["Content-Language"] == "ru"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Открытие" in body  # the session title in Russian
    link = _link_from(message)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/account/logout")
    page = client.get("/" + path)
    assert page.status_code == 200 and "Lucia Ferrante" in page.get_data(as_text=True)
    response = client.post("/" + path, data={
        "decision": "create", "account-name": "Lucia Ferrante", "account-password": DEFAULT_PASSWORD,
        "account-confirm": DEFAULT_PASSWORD, "account-preferred_language": "ru"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/speaker/events/forum")
    with app.app_context():
        from app.accounts.models import User
        from app.agenda.models import Person
        from app.events.models import EventMember, EventRole

        user = db.session.scalar(db.select(User).where(User.email == "lucia@example.org"))
        assert user.is_verified  # the link proved the address
        assert db.session.get(Person, person_id).user_id == user.id
        assert db.session.scalar(db.select(EventMember).where(EventMember.user_id == user.id)).role == EventRole.SPEAKER
    assert _invitation(app).status == InvitationStatus.ACCEPTED
    # Signed in now: the dashboard lists the session, and uploading works.
    dashboard = client.get("/speaker/events/forum").get_data(as_text=True)
    assert "Opening" in dashboard or "Открытие" in dashboard
    response = upload(client, f"/speaker/events/forum/sessions/{forum.past_session}/materials/new", "Слайды.pdf",
                      samples.pdf())
    assert response.status_code == 302
    # Organisers see who accepted.
    login(forum.organiser)
    page = client.get("/manage/events/forum/speakers").get_data(as_text=True)
    assert "Lucia Ferrante" in page and "badge-ok" in page


def test_an_existing_account_signs_in_to_accept(app, client, forum, login, link_person, mailbox, create_user):
    person_id = link_person(forum.event, forum.past_session, None, name="Helen Marsh")
    existing = create_user(email="helen@example.org", name="Helen Marsh")
    login(forum.organiser)
    _invite(client, forum, person_id, email="Helen@Example.org", language="en")
    path = "/" + _link_from(mailbox.wait_for("helen@example.org")[0]).split("://", 1)[1].split("/", 1)[1]
    client.post("/account/logout")
    with client.session_transaction() as session:
        session.clear()
    page = client.get(path).get_data(as_text=True)
    assert "/account/login" in page and "account-password" not in page
    # Creating a second account for the address is refused.
    response = client.post(path, data={"decision": "create", "account-name": "X", "account-password": DEFAULT_PASSWORD,
                                       "account-confirm": DEFAULT_PASSWORD, "account-preferred_language": "en"})
    assert response.status_code == 400
    login(existing)
    response = client.post(path, data={"decision": "accept"})
    assert response.status_code == 302
    with app.app_context():
        from app.agenda.models import Person

        assert db.session.get(Person, person_id).user_id == existing.id


def test_an_account_whose_commit_fails_is_neither_kept_nor_signed_in(app, client, forum, login, link_person, mailbox,
                                                                    monkeypatch):
    """The request frame commits after the view: the new account is signed in only once it exists."""
    from sqlalchemy import event as sa_event
    from sqlalchemy.orm import Session as OrmSession

    from app.accounts.models import User

    person_id = link_person(forum.event, forum.past_session, None, name="Lucia Ferrante")
    login(forum.organiser)
    _invite(client, forum, person_id)
    path = "/" + _link_from(mailbox.wait_for("lucia@example.org")[0]).split("://", 1)[1].split("/", 1)[1]
    client.post("/account/logout")
    with client.session_transaction() as session:
        session.clear()

    def commit_fails(session):
        raise RuntimeError("the database went away while committing")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    sa_event.listen(OrmSession, "before_commit", commit_fails)
    try:
        response = client.post(path, data={
            "decision": "create", "account-name": "Lucia Ferrante", "account-password": DEFAULT_PASSWORD,
            "account-confirm": DEFAULT_PASSWORD, "account-preferred_language": "ru"})
    finally:
        sa_event.remove(OrmSession, "before_commit", commit_fails)
    assert response.status_code == 500
    with client.session_transaction() as session:
        assert "_user_id" not in session
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.email == "lucia@example.org")) is None
    assert _invitation(app).status == InvitationStatus.PENDING


def test_declining_and_resending(app, client, forum, login, link_person, mailbox):
    person_id = link_person(forum.event, forum.past_session, None, name="Carmen Ruiz")
    login(forum.organiser)
    _invite(client, forum, person_id, email="carmen@example.org", language="kk")
    first = _link_from(mailbox.wait_for("carmen@example.org")[0])
    invitation = _invitation(app)
    assert client.post(f"/manage/events/forum/speakers/invitations/{invitation.id}/resend").status_code == 302
    second = _link_from(mailbox.wait_for("carmen@example.org", count=2)[1])
    assert first != second and _invitation(app).sent_count == 2
    old_path = "/" + first.split("://", 1)[1].split("/", 1)[1]
    new_path = "/" + second.split("://", 1)[1].split("/", 1)[1]
    client.post("/account/logout")
    assert client.get(old_path).status_code == 404  # the old link stopped working
    assert client.post(new_path, data={"decision": "decline"}).status_code == 302
    assert _invitation(app).status == InvitationStatus.DECLINED
    login(forum.organiser)
    assert client.post(f"/manage/events/forum/speakers/invitations/{invitation.id}/resend").status_code == 302
    assert _invitation(app).sent_count == 2  # only pending invitations are re-sent


def test_invitations_only_name_the_persons_own_sessions(app, client, forum, login, link_person):
    person_id = link_person(forum.event, forum.past_session, None, name="Tina Kralj")
    login(forum.organiser)
    response = _invite(client, forum, person_id, email="tina@example.org", sessions=[forum.future_session])
    assert response.status_code == 400
    assert client.get("/invitations/speaker/not-a-token").status_code == 404


def test_speaker_profile_with_multilingual_bio_and_a_clean_photo(app, client, forum, login, link_person,
                                                                  publish):
    person_id = link_person(forum.event, forum.past_session, forum.users["speaker"], name="Speaker")
    login(forum.users["speaker"])
    response = client.post("/speaker/events/forum/profile", data={
        "name": "Lucia Ferrante", "title-en": "Member of the SPT", "title-ru": "Член ППП", "organisation-en": "UN",
        "country": "IT", "bio-en": "Lawyer.", "bio-ru": "Юрист.", "bio-kk": "Заңгер.",
        "photo": (io.BytesIO(samples.jpeg_with_gps()), "me.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        from app.agenda.models import Person

        person = db.session.get(Person, person_id)
        assert person.bio == {"en": "Lawyer.", "ru": "Юрист.", "kk": "Заңгер."} and person.country == "IT"
        assert person.photo_key and person.photo_key.startswith(f"photos/{forum.event.id}/")
    photo = client.get(f"/events/forum/people/{person_id}/photo", buffered=True)
    assert photo.status_code == 200 and photo.headers["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(photo.data))
    assert image.format == "JPEG" and max(image.size) <= 600
    assert image.size == (450, 600)  # the orientation tag was applied before it was dropped
    assert not image.getexif() and "exif" not in image.info and b"SecretPhone" not in photo.data
    # The public pages show the photo once the agenda with it is published.
    photo_url = f"/events/forum/people/{person_id}/photo"
    assert photo_url not in client.get("/events/forum/speakers").get_data(as_text=True)
    publish(forum.event)
    assert photo_url in client.get("/events/forum/speakers").get_data(as_text=True)
    assert photo_url in client.get(f"/events/forum/sessions/{forum.past_session}").get_data(as_text=True)
    # A fake photo is refused with a message on the photo field.
    response = client.post("/speaker/events/forum/profile", data={
        "name": "Lucia Ferrante", "photo": (io.BytesIO(samples.SVG), "me.png")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'id="photo-error"' in response.get_data(as_text=True)


def test_the_session_page_offers_upload_to_its_speaker_only(client, forum, login, link_person, add_material):
    link_person(forum.event, forum.past_session, forum.users["speaker"])
    add_material(forum.event, forum.past_session, filename="a.pdf")
    add_material(forum.event, forum.past_session, filename="b.pdf")
    login(forum.users["speaker"])
    page = client.get(f"/events/forum/sessions/{forum.past_session}").get_data(as_text=True)
    assert f"/speaker/events/forum/sessions/{forum.past_session}/materials/new" in page
    assert f"/events/forum/sessions/{forum.past_session}/materials.zip" in page
    login(forum.users["participant"])
    page = client.get(f"/events/forum/sessions/{forum.past_session}").get_data(as_text=True)
    assert "/materials/new" not in page and "a.pdf" in page


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(app, client, forum, login, link_person):
    """Issue 12.11: a 227 KB PNG of 7,740 x 7,740 pixels took a worker from 222 to 911 MB. A PNG is
    decoded whole, so its pixels are bounded; a JPEG of the same size is decoded in draft mode."""
    link_person(forum.event, forum.past_session, forum.users["speaker"], name="Speaker")
    login(forum.users["speaker"])
    png, jpeg = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (7740, 7740), (200, 30, 30)).save(png, format="PNG")
    # 4000 x 4000 decoded whole would be 64 MB, over the budget: accepted only because of draft mode.
    Image.new("RGB", (4000, 4000), (200, 30, 30)).save(jpeg, format="JPEG", quality=60)
    response = client.post("/speaker/events/forum/profile", data={
        "name": "Lucia Ferrante", "photo": (io.BytesIO(png.getvalue()), "me.png")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "too many pixels" in response.get_data(as_text=True)
    response = client.post("/speaker/events/forum/profile", data={
        "name": "Lucia Ferrante", "photo": (io.BytesIO(jpeg.getvalue()), "me.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 302
def test_a_speakers_new_bio_is_public_at_once_without_a_new_publication(app, client, forum, login, link_person,
                                                                        publish):
    link_person(forum.event, forum.past_session, forum.users["speaker"], name="Lucia Ferrante")
    login(forum.users["speaker"])
    profile = {"name": "Lucia Ferrante", "title-en": "Member of the SPT", "country": "IT"}
    assert client.post("/speaker/events/forum/profile", data={**profile, "bio-en": "Lawyer."}).status_code == 302
    publish(forum.event)
    reader = app.test_client()  # anonymous: served from the page cache once rendered
    pages = ("/events/forum/speakers?lang=en", f"/events/forum/sessions/{forum.past_session}?lang=en")
    assert all("Lawyer." in reader.get(page).get_data(as_text=True) for page in pages)
    etag = reader.get("/api/v1/events/forum/speakers").headers.get("ETag")

    assert client.post("/speaker/events/forum/profile", data={**profile, "bio-en": "Judge of the court."}).status_code == 302
    for page in pages:
        html = reader.get(page).get_data(as_text=True)
        assert "Judge of the court." in html and "Lawyer." not in html, page
    speakers = reader.get("/api/v1/events/forum/speakers")
    assert "Judge of the court." in speakers.get_data(as_text=True)
    assert etag is None or speakers.headers.get("ETag") != etag
    # Nothing is left to publish for it: the organiser is not asked to republish a biography.
    login(forum.organiser)
    page = client.get("/manage/events/forum/agenda/publish?lang=en").get_data(as_text=True)
    assert "There is nothing new to publish." in page


def test_an_expired_invitation_cannot_be_answered_and_sending_it_again_renews_it(
        app, client, forum, login, link_person, mailbox, monkeypatch):
    from datetime import timedelta

    from app.accounts.models import User
    from tests.conftest import translated

    person_id = link_person(forum.event, forum.past_session, None, name="Lucia Ferrante")
    login(forum.organiser)
    _invite(client, forum, person_id)
    body = mailbox.wait_for("lucia@example.org")[0].get_body(preferencelist=("plain",)).get_content()
    assert "до" in body  # the mail says until when the link works (in Russian)
    path = "/" + _link_from(mailbox.wait_for("lucia@example.org")[0]).split("://", 1)[1].split("/", 1)[1]
    days = app.config["SPEAKER_INVITATION_VALID_DAYS"]
    with app.app_context():
        invitation = db.session.scalar(db.select(SpeakerInvitation))
        invitation.last_sent_at -= timedelta(days=days, minutes=1)
        db.session.commit()
    page = client.get("/manage/events/forum/speakers?lang=en").get_data(as_text=True)
    assert "The link has expired: send it again for a new one." in page

    client.post("/account/logout")
    for lang in ("ru", "kk"):
        response = client.get(f"{path.split('?')[0]}?lang={lang}")
        assert response.status_code == 400
        assert translated(app, lang, "This invitation has expired") in response.get_data(as_text=True)
    refused = client.post(path, data={
        "decision": "create", "account-name": "Lucia Ferrante", "account-password": DEFAULT_PASSWORD,
        "account-confirm": DEFAULT_PASSWORD, "account-preferred_language": "ru"})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.email == "lucia@example.org")) is None
        assert db.session.scalar(db.select(SpeakerInvitation)).status == InvitationStatus.PENDING

    login(forum.organiser)
    invitation_id = _invitation(app).id
    assert client.post(f"/manage/events/forum/speakers/invitations/{invitation_id}/resend").status_code == 302
    fresh = _link_from(mailbox.wait_for("lucia@example.org", count=2)[-1])
    client.post("/account/logout")
    assert client.get("/" + fresh.split("://", 1)[1].split("/", 1)[1]).status_code == 200

