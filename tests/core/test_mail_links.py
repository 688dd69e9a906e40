"""Issue 12.2 and 13.4: every link in every mail starts with the configured base URL, whatever the Host
or X-Forwarded-Host of the request that caused it, and carries the mail's language, which the page it
opens then speaks."""
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app.core.models import OutboxMessage
from app.extensions import db
from tests.conftest import translated

FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
BASE = "http://localhost"  # TestingConfig.BASE_URL
MAIL_TEMPLATES = sorted(p.stem for p in (Path(__file__).parents[2] / "app/templates/mail").glob("*.txt")
                        if not p.name.startswith("_"))


def _outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        messages = list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))
        for message in messages:
            db.session.expunge(message)
        return messages


@pytest.fixture(autouse=True)
def mail_printed_not_sent(app, monkeypatch):
    """Mail is printed, not sent, so the outbox keeps the bodies (and links) it forgets once sent."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")


@pytest.fixture
def mail_templates(app):
    """The names of the mail templates rendered during the test."""
    from flask import template_rendered

    names = []

    def record(sender, template, context, **extra):
        # The text of each mail (an organiser's message also renders its HTML alternative).
        if template.name.startswith("mail/") and not template.name.startswith("mail/_") \
                and template.name.endswith(".txt"):
            names.append(template.name.removeprefix("mail/").removesuffix(".txt"))

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.fixture
def forged(app, client, monkeypatch):
    """The test client, its every request forging Host and X-Forwarded-Host, behind a proxy the app trusts."""
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1))

    def request(method, url, **kwargs):
        # The browser's cookies are those of the real site: the test client files them by host.
        for cookie in list(client._cookies.values()):
            client.set_cookie(cookie.key, cookie.value, domain="evil.example")
        response = client.open(url, method=method, headers=FORGED, **kwargs)
        for key, cookie in list(client._cookies.items()):
            if cookie.domain != "localhost":
                del client._cookies[key]
                client.set_cookie(cookie.key, cookie.value, domain="localhost")
        return response

    return request


def _sign_in_as(client, login, user):
    client.post("/account/logout")
    login(user)


def test_every_mail_links_to_the_base_url_in_its_language_whatever_the_host(
        app, client, forged, login, create_user, create_event, create_session, publish, mail_templates):
    from app.agenda.models import Person, SessionKind, SessionPerson
    from app.events.models import EventKind, RegistrationMode
    from app.registration.models import Registration
    from app.trainings.models import Attendance

    organiser = create_user(email="org@example.org", name="Organiser")
    kk = create_user(email="kk@example.org", name="Айгерім", preferred_language="kk")
    ru = create_user(email="ru@example.org", name="Пётр", preferred_language="ru")
    third = create_user(email="third@example.org", name="Third", preferred_language="kk")

    # Accounts: sign-up, resending the verification, a forgotten password.
    assert forged("POST", "/account/signup", data={
        "name": "Нұрлан", "email": "new@example.org", "password": "long enough pw", "confirm": "long enough pw",
        "organisation": "", "country": "KZ", "preferred_language": "kk"}).status_code == 302
    assert forged("POST", "/account/signup", data={  # an address that has an account: its owner is told
        "name": "Someone", "email": kk.email, "password": "long enough pw", "confirm": "long enough pw",
        "organisation": "", "country": "KZ", "preferred_language": "ru"}).status_code == 302
    assert forged("POST", "/account/verify/resend", data={"email": "new@example.org"}).status_code == 200
    # ... for a confirmed address, and for one without an account: each is told what to do instead.
    assert forged("POST", "/account/verify/resend", data={"email": ru.email}).status_code == 200
    assert forged("POST", "/account/verify/resend", data={"email": "nobody@example.org"}).status_code == 200
    assert forged("POST", "/account/password/forgot", data={"email": ru.email}).status_code == 200
    assert forged("POST", "/account/password/forgot", data={"email": "nobody@example.org"}).status_code == 200

    # An administrator's decision on events that await approval.
    admin = create_user(email="admin@example.org", is_admin=True, preferred_language="ru")
    create_event(organiser=kk, slug="approve-me", needs_approval=True)
    create_event(organiser=ru, slug="refuse-me", needs_approval=True)
    login(admin)
    assert forged("POST", "/admin/events/approve-me/approve").status_code == 302
    assert forged("POST", "/admin/events/refuse-me/refuse", data={"reason": "Not ours"}).status_code == 302

    # Registration: confirmed, waiting, cancelled and promoted; pending, approved, rejected; an invitation.
    forum = create_event(organiser=organiser, slug="forum", capacity=1)
    workshop = create_session(forum, "Workshop", capacity=1)
    speaker = create_session(forum, "Keynote", day=1, start=time(14))
    publish(forum)
    login(kk)
    assert forged("POST", "/events/forum/register?lang=kk").status_code == 302
    _sign_in_as(client, login, ru)
    assert forged("POST", "/events/forum/register?lang=ru").status_code == 302  # waiting
    _sign_in_as(client, login, kk)
    assert forged("POST", "/events/forum/registration/cancel").status_code == 302  # ru promoted
    _sign_in_as(client, login, ru)
    assert forged("POST", f"/events/forum/sessions/{workshop}/place").status_code in (302, 303)
    with app.app_context():
        db.session.add(Registration(event_id=forum.id, user_id=third.id, email=third.email, name=third.name,
                                    language="kk", status="confirmed", answers={}))
        db.session.commit()
    _sign_in_as(client, login, third)
    assert forged("POST", f"/events/forum/sessions/{workshop}/place").status_code in (302, 303)  # waiting
    _sign_in_as(client, login, ru)
    assert forged("POST", f"/events/forum/sessions/{workshop}/place/cancel").status_code in (302, 303)

    review = create_event(organiser=organiser, slug="review", registration_mode=RegistrationMode.APPROVAL)
    for user in (kk, ru):
        _sign_in_as(client, login, user)
        assert forged("POST", f"/events/review/register?lang={user.preferred_language}").status_code == 302
    _sign_in_as(client, login, organiser)
    with app.app_context():
        ids = {r.email: r.id for r in db.session.scalars(db.select(Registration)
                                                          .where(Registration.event_id == review.id))}
    for email, action in ((kk.email, "approve"), (ru.email, "reject")):
        response = forged("POST", f"/manage/events/review/registrations/{ids[email]}/status", data={"action": action})
        assert response.status_code == 302
    assert forged("POST", "/manage/events/forum/invitations",
                  data={"emails": "guest@example.org", "language": "kk"}).status_code == 302

    # A speaker invitation.
    with app.app_context():
        person = Person(event_id=forum.id, name="Lucia")
        db.session.add(SessionPerson(session_id=speaker, person=person, role="speaker", position=0))
        db.session.commit()
        person_id = person.id
    response = forged("POST", f"/manage/events/forum/speakers/{person_id}/invite",
                      data={"email": "lucia@example.org", "language": "kk", "sessions": [str(speaker)]})
    assert response.status_code == 302

    # A certificate of attendance.
    course = create_event(organiser=organiser, slug="course", kind=EventKind.TRAINING)
    module = create_session(course, "Module 1", kind=SessionKind.TRAINING_MODULE)
    publish(course)
    with app.app_context():
        registration = Registration(event_id=course.id, user_id=kk.id, email=kk.email, name=kk.name,
                                    language="kk", status="confirmed", answers={})
        db.session.add(registration)
        db.session.flush()
        db.session.add(Attendance(event_id=course.id, session_id=module, registration_id=registration.id,
                                  marked_by_id=organiser.id))
        db.session.commit()
    assert forged("POST", "/manage/events/course/certificates/issue").status_code == 302

    # An organiser's message to the forum's confirmed participants (ru, and third in kk), every link placeholder.
    links = " {event_link} {registration_link} {ticket_link} {my_agenda_link} "
    texts = {f"{field}-{lang}": f"News {lang}" if field == "subject" else f"Hello {{name}}:{links}"
             for field in ("subject", "body") for lang in ("en", "ru", "kk")}
    response = forged("POST", "/manage/events/forum/messages/new", data={
        "form_key": "k" * 32, "audience": "participants", "status": "confirmed", "place": "", "checked_in": "",
        "role": "", **texts, "action": "send"})
    assert response.status_code == 302

    # The forum's reminders, switched on, then the periodic job, without a request, at each one's moment.
    for kind in ("before-event", "session-morning", "speaker-material", "after-event"):
        assert forged("POST", f"/manage/events/forum/reminders/{kind}/switch",
                      data={"enabled": "1"}).status_code == 302
    with app.app_context():
        from app.reminders.services import send_due

        start, end, tz = forum.start_date, forum.end_date, ZoneInfo(forum.timezone)
        for day, hour in ((start - timedelta(days=2), 9), (start, 8), (end + timedelta(days=1), 10)):
            assert send_due(datetime.combine(day, time(hour, 30), tz).astimezone(UTC))

    messages = _outbox(app)
    # One rendered template is not sent: register() renders the confirmation before it takes the
    # seat (app.registration.services.register), and the forum's second registration found none.
    assert len(messages) == len(mail_templates) - 1
    for message in messages:
        urls = re.findall(r"https?://\S+", message.body_text)
        assert urls, message.body_text
        for url in urls:
            assert url.startswith(BASE + "/"), (message.subject, url)
            query = parse_qs(urlsplit(url).query)
            assert query["lang"] == [message.locale] and query["lang_sig"], (message.subject, url)
    missing = sorted(set(MAIL_TEMPLATES) - set(mail_templates))
    assert not missing, f"mail templates this test never had sent (add the route that sends them): {missing}"


def test_the_ticket_qr_code_and_feeds_use_the_base_url(app, client, forged, create_user, create_event, login,
                                                       create_session, publish):
    from app.registration.models import Registration

    user = create_user()
    event = create_event(slug="forum")
    create_session(event, "Opening")
    publish(event)
    with app.app_context():
        registration = Registration(event_id=event.id, user_id=user.id, email=user.email, name=user.name,
                                    language="en", status="confirmed", answers={})
        db.session.add(registration)
        db.session.commit()
        code = registration.ticket_code
    login(user)
    agenda = forged("GET", "/my/agenda").get_data(as_text=True)
    assert 'value="http://localhost/my/agenda/' in agenda and "evil.example" not in agenda
    ticket = forged("GET", f"/tickets/{code}")
    assert ticket.status_code == 200 and "evil.example" not in ticket.get_data(as_text=True)
    ics = forged("GET", "/events/forum/agenda.ics")
    assert ics.status_code == 200 and "evil.example" not in ics.get_data(as_text=True)


def test_a_ready_made_url_is_refused_in_mail(ctx):
    from app.core.mail import queue_mail

    with pytest.raises(ValueError, match="mail_link"):
        queue_mail("a@example.org", "verify_email", "en", "Subject", user=None, link="http://evil.example/x")


def test_trusted_hosts_refuse_any_other_host(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["localhost"])
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/").status_code == 200


def test_production_refuses_to_start_without_a_base_url(tmp_path):
    from app import create_app
    from config import ProductionConfig

    class Prod(ProductionConfig):
        SECRET_KEY = "k" * 40
        BASE_URL = ""
        SERVER_NAME = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"

    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app(Prod)

    class ProdWithBase(Prod):
        BASE_URL = "https://convene.example.org/forums"
        REDIS_URL = "redis://127.0.0.1:6379/0"
        RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"

    app = create_app(ProdWithBase)
    assert (app.config["SERVER_NAME"], app.config["PREFERRED_URL_SCHEME"], app.config["APPLICATION_ROOT"]) == (
        "convene.example.org", "https", "/forums")
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        from app.core.urls import external_url

        assert external_url("accounts.login") == "https://convene.example.org/forums/account/login"


def test_production_warns_at_start_up_when_rate_limits_have_no_redis(tmp_path, caplog):
    from app import create_app
    from config import ProductionConfig

    class Prod(ProductionConfig):
        SECRET_KEY = "k" * 40
        BASE_URL = "https://convene.example.org"
        RATELIMIT_STORAGE_URI = "memory://"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"

    with caplog.at_level("WARNING"):
        create_app(Prod)
    assert any("REDIS_URL" in record.getMessage() for record in caplog.records)


# --- the mail's language on the page it opens (issue 13.4) ------------------------------------

def _link(message, path_part: str) -> str:
    url = re.search(rf"https?://\S*{re.escape(path_part)}\S*", message.body_text).group(0)
    return url.removeprefix(BASE)


def test_a_kazakh_verification_link_leads_to_a_kazakh_login_page(app, client):
    client.post("/account/signup", data={
        "name": "Нұрлан", "email": "new@example.org", "password": "long enough pw", "confirm": "long enough pw",
        "organisation": "", "country": "KZ", "preferred_language": "kk"}, headers={"Accept-Language": "en"})
    [message] = _outbox(app)
    response = client.get(_link(message, "/account/verify/"), headers={"Accept-Language": "en"})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    login_page = client.get(response.headers["Location"], headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="kk">' in login_page
    assert translated(app, "kk", "Thank you: your e-mail address is confirmed. You can now sign in.") in login_page


def test_a_speaker_invitation_sent_in_kazakh_opens_in_kazakh(app, client, create_user, create_event, login,
                                                              create_session):
    from app.agenda.models import Person, SessionPerson

    organiser = create_user(email="org@example.org", preferred_language="en")
    forum = create_event(organiser=organiser, slug="forum")
    keynote = create_session(forum, "Keynote")
    with app.app_context():
        person = Person(event_id=forum.id, name="Lucia")
        db.session.add(SessionPerson(session_id=keynote, person=person, role="speaker", position=0))
        db.session.commit()
        person_id = person.id
    login(organiser)
    client.post(f"/manage/events/forum/speakers/{person_id}/invite",
                data={"email": "lucia@example.org", "language": "kk", "sessions": [str(keynote)]})
    client.post("/account/logout")
    [message] = _outbox(app)
    page = client.get(_link(message, "/invitations/speaker/"), headers={"Accept-Language": "en"})
    assert '<html lang="kk">' in page.get_data(as_text=True)
    # The anonymous visitor keeps the mail's language on the pages that follow.
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_mail_link_never_changes_a_signed_in_users_preference(app, client, create_user, login):
    from app.core.mail import mail_link

    user = create_user(preferred_language="ru")
    login(user)
    with app.test_request_context():
        url = mail_link("events.home").url("kk").removeprefix(BASE)
    assert '<html lang="kk">' in client.get(url).get_data(as_text=True)
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)
    with app.app_context():
        from app.accounts.models import User

        assert db.session.get(User, user.id).preferred_language == "ru"


def test_an_unsigned_or_forged_lang_is_not_remembered(client):
    for url in ("/?lang=kk", "/?lang=kk&lang_sig=forged", "/?lang=kk&lang_sig="):
        assert '<html lang="kk">' in client.get(url, headers={"Accept-Language": "ru"}).get_data(as_text=True)
        assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_a_password_reset_link_opens_in_the_mail_language_and_still_works(app, client, create_user):
    """The token survives the added language arguments."""
    user = create_user(email="r@example.org", preferred_language="ru")
    client.post("/account/password/forgot", data={"email": user.email})
    [message] = _outbox(app)
    path = _link(message, "/account/password/reset/")
    assert '<html lang="ru">' in client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    response = client.post(path, data={"password": "a brand new password", "confirm": "a brand new password"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
