import re
from datetime import UTC, date, datetime

import pytest

from app.core.errors import DomainError
from app.core.models import AuditEntry
from app.events import services
from app.events.models import Event, EventMember, EventRole, RegistrationMode, Visibility
from app.extensions import db
from tests.conftest import EVENT_YEAR, event_data, translated

FORM = {
    "title-en": "Forum on NPM", "title-ru": "Форум по НПМ", "title-kk": "ҰАТ форумы",
    "summary-en": "Two days.", "description-en": "Intro with <script>alert(1)</script> and **bold**.",
    "venue-en": "Astana", "slug": "", "kind": "forum", "start_date": f"{EVENT_YEAR}-05-16", "end_date": f"{EVENT_YEAR}-05-17",
    "timezone": "Asia/Almaty", "languages": ["en", "ru", "kk"], "default_language": "ru",
    "visibility": "public", "capacity": "120", "registration_mode": "approval",
    "registration_opens_at": f"{EVENT_YEAR}-04-01T09:00", "registration_closes_at": f"{EVENT_YEAR}-05-10T18:00",
}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_organiser_creates_event_and_becomes_its_organiser(client, create_user, login, app):
    user = create_user()
    login(user)
    response = client.post("/manage/events/new", data=FORM)
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(db.select(Event))
        assert event.slug == f"forum-on-npm-{EVENT_YEAR}"
        assert event.title == {"en": "Forum on NPM", "ru": "Форум по НПМ", "kk": "ҰАТ форумы"}
        assert event.summary == {"en": "Two days."}  # empty languages are not stored
        # 09:00 in Almaty (UTC+5) is 04:00 UTC.
        assert event.registration_opens_at == datetime(EVENT_YEAR, 4, 1, 4, 0, tzinfo=UTC)
        roles = db.session.scalars(db.select(EventMember.role).where(EventMember.user_id == user.id)).all()
        assert roles == [EventRole.ORGANISER]
        assert db.session.scalar(db.select(AuditEntry.action)) == "event.created"
    assert response.headers["Location"].endswith(f"/manage/events/forum-on-npm-{EVENT_YEAR}/")


@pytest.mark.parametrize("field, value, message", [
    ("timezone", "Mars/Olympus", "Choose a time zone from the list, e.g. Asia/Almaty."),
    ("end_date", f"{EVENT_YEAR}-05-01", "The last day cannot be before the first day."),
    ("title-ru", "", "Please fill in the %(language)s version."),
    ("start_date", f"16/05/{EVENT_YEAR}", "Please enter a valid date."),
    ("slug", "Not A Slug!", "Use lower-case Latin letters, digits and hyphens, e.g. npm-forum-2017."),
    ("default_language", "de", None),
    ("capacity", "-5", None),
    ("registration_closes_at", f"{EVENT_YEAR}-03-01T09:00", "Registration must close after it opens."),
])
def test_bad_event_input_is_shown_again_translated_and_changes_nothing(client, create_user, login, app, field, value, message):
    login(create_user(preferred_language="ru"))
    response = client.post("/manage/events/new", data=dict(FORM, **{field: value}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error"' in page
    if message:
        variables = {"language": "русский"} if "%(language)s" in message else {}
        if variables:
            assert "русский" in page.lower()
        else:
            assert translated(app, "ru", message) in page
    assert _count(app, Event) == 0


def test_taken_slug_is_refused(client, create_user, login, create_event, app):
    create_event(slug="npm-forum")
    login(create_user())
    response = client.post("/manage/events/new", data=dict(FORM, slug="npm-forum"))
    assert response.status_code == 400
    assert "already used" in response.get_data(as_text=True)
    assert _count(app, Event) == 1


def test_organiser_edits_event(client, create_event, login, app):
    event = create_event()
    with app.app_context():
        organiser = db.session.scalar(db.select(EventMember).where(EventMember.event_id == event.id)).user
        db.session.expunge(organiser)
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/edit").get_data(as_text=True)
    assert "Форум о предупреждении" in page
    response = client.post(f"/manage/events/{event.slug}/edit", data=dict(FORM, slug=event.slug, **{"title-en": "Renamed"}))
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Event, event.id)
        assert stored.title["en"] == "Renamed"
        assert stored.default_language == "ru"
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "event.updated")).one()
        assert "title" in entry.details["fields"]


def test_clone_copies_content_moves_dates_and_starts_private(ctx, create_user):
    from app.accounts.models import User

    organiser = db.session.get(User, create_user().id)
    source = services.create_event(organiser, event_data(
        registration_opens_at=datetime(EVENT_YEAR, 4, 1, 4, tzinfo=UTC)))
    clone = services.clone_event(source, organiser, slug="forum-2031", start_date=date(EVENT_YEAR + 1, 5, 20))
    assert clone.title == source.title and clone.description == source.description
    assert (clone.start_date, clone.end_date) == (date(EVENT_YEAR + 1, 5, 20), date(EVENT_YEAR + 1, 5, 21))
    assert clone.visibility == Visibility.PRIVATE
    assert clone.registration_opens_at == datetime(EVENT_YEAR + 1, 4, 5, 4, tzinfo=UTC)
    assert [m.role for m in clone.members] == [EventRole.ORGANISER]
    with pytest.raises(DomainError):
        services.clone_event(source, organiser, slug="forum-2031", start_date=date(EVENT_YEAR + 2, 1, 1))


def test_clone_over_http(client, create_user, login, create_event, app):
    organiser = create_user()
    event = create_event(organiser=organiser)
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/clone", data={"slug": "copy-of-forum", "start_date": f"{EVENT_YEAR + 1}-01-10"})
    assert response.status_code == 302
    assert client.get("/manage/events/copy-of-forum/").status_code == 200
    assert _count(app, Event) == 2


def test_team_add_and_remove_keeps_one_organiser(client, create_user, login, create_event, app):
    organiser = create_user(email="org@example.org")
    create_user(email="staff@example.org", name="Staff Person")
    event = create_event(organiser=organiser)
    login(organiser)
    assert client.post(f"/manage/events/{event.slug}/team", data={"email": "STAFF@example.org", "role": "checkin"}).status_code == 302
    unknown = client.post(f"/manage/events/{event.slug}/team", data={"email": "ghost@example.org", "role": "checkin"})
    assert unknown.status_code == 400 and "No account uses this e-mail address" in unknown.get_data(as_text=True)
    page = client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert "Staff Person" in page
    with app.app_context():
        members = {m.user.email: m.id for m in db.session.scalars(db.select(EventMember))}
    client.post(f"/manage/events/{event.slug}/team/{members['org@example.org']}/remove")
    assert _count(app, EventMember) == 2  # the last organiser stays
    client.post(f"/manage/events/{event.slug}/team/{members['staff@example.org']}/remove")
    assert _count(app, EventMember) == 1


def test_removing_a_member_of_another_event_is_refused(client, create_user, login, create_event, app):
    mine = create_event(organiser=(me := create_user()))
    other = create_event(slug="other-event")
    with app.app_context():
        other_member = db.session.scalar(db.select(EventMember.id).where(EventMember.event_id == other.id))
    login(me)
    assert client.post(f"/manage/events/{mine.slug}/team/{other_member}/remove").status_code == 404
    assert _count(app, EventMember) == 2


def test_home_lists_upcoming_and_past_public_events_only(client, create_event):
    create_event(slug="future-forum", title={"en": "Future forum"}, start_date=date(2099, 1, 1), end_date=date(2099, 1, 2))
    create_event(slug="past-forum", title={"en": "Past forum"}, start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    create_event(slug="secret", title={"en": "Secret meeting"}, visibility=Visibility.PRIVATE)
    create_event(slug="by-link", title={"en": "Unlisted meeting"}, visibility=Visibility.UNLISTED)
    page = client.get("/?lang=en").get_data(as_text=True)
    upcoming, past = page.split('id="past-heading"')
    assert "Future forum" in upcoming and "/events/future-forum" in upcoming
    assert "Past forum" in past
    assert "Secret meeting" not in page and "Unlisted meeting" not in page


def test_event_page_falls_back_to_default_language_and_sanitises_markdown(client, create_event):
    create_event(slug="forum", title={"ru": "Форум"}, default_language="ru", languages=["ru", "en"],
                 description={"ru": "Текст <script>alert(1)</script> [x](javascript:alert(2)) **жирный**"})
    page = client.get("/events/forum?lang=en").get_data(as_text=True)
    assert '<span lang="ru">Форум</span>' in page
    assert "<strong>жирный</strong>" in page
    assert "<script>alert" not in page and 'href="javascript:' not in page


def test_private_event_is_hidden_from_outsiders(client, create_event, create_user, login, add_role):
    event = create_event(slug="closed", visibility=Visibility.PRIVATE)
    assert client.get("/events/closed").status_code == 404  # anonymous too: as an unknown slug (issue 12.9)
    outsider = create_user(email="outsider@example.org")
    login(outsider)
    assert client.get("/events/closed").status_code == 404
    add_role(event, outsider, "rapporteur")
    assert client.get("/events/closed").status_code == 200
    assert client.get("/manage/events/closed/edit").status_code == 403


def test_unlisted_event_is_reachable_by_link(client, create_event):
    create_event(slug="by-link", visibility=Visibility.UNLISTED)
    assert client.get("/events/by-link").status_code == 200


def test_event_page_shows_dates_in_reader_language(client, create_event):
    create_event(slug="forum", start_date=date(2017, 5, 16), end_date=date(2017, 5, 17))
    russian = client.get("/events/forum?lang=ru").get_data(as_text=True)
    assert "16—17 мая 2017" in russian
    assert "May 16" in client.get("/events/forum?lang=en").get_data(as_text=True)
    assert "16–17 мам." in client.get("/events/forum?lang=kk").get_data(as_text=True)



@pytest.mark.parametrize(("lang", "languages"), [("ru", "Русский, казахский, английский"),
                                                 ("kk", "Орыс тілі, қазақ тілі, ағылшын тілі"),
                                                 ("en", "Russian, Kazakh, English")])
def test_the_event_languages_read_as_a_list_capital_letter_first_only(client, create_event, lang, languages):
    create_event(slug="forum", languages=["ru", "kk", "en"], default_language="ru")
    assert f"<dd>{languages}</dd>" in client.get(f"/events/forum?lang={lang}").get_data(as_text=True)

def test_registration_window_state(ctx):
    event = Event(registration_opens_at=datetime(2030, 1, 1, tzinfo=UTC),
                  registration_closes_at=datetime(2030, 2, 1, tzinfo=UTC),
                  end_date=date(2030, 3, 1), timezone="Asia/Almaty")
    assert services.registration_state(event, datetime(2029, 12, 31, tzinfo=UTC)) == "not_yet_open"
    assert services.registration_state(event, datetime(2030, 1, 15, tzinfo=UTC)) == "open"
    assert services.registration_state(event, datetime(2030, 2, 1, tzinfo=UTC)) == "closed"
    # Without a closing time, registration closes at midnight after the last day, in the event's zone.
    event.registration_closes_at = None
    assert services.registration_state(event, datetime(2030, 3, 1, 18, 59, tzinfo=UTC)) == "open"
    assert services.registration_state(event, datetime(2030, 3, 1, 19, 0, tzinfo=UTC)) == "closed"


def test_create_form_asks_for_the_title_in_the_main_language(client, create_user, login):
    login(create_user(preferred_language="ru"))
    page = client.get("/manage/events/new").get_data(as_text=True)
    assert "required" in _tag(page, 'id="title-ru"') and "required" not in _tag(page, 'id="title-en"')
    response = client.post("/manage/events/new", data={
        "title-ru": "Семинар", "kind": "meeting", "start_date": f"{EVENT_YEAR}-06-01", "end_date": f"{EVENT_YEAR}-06-01",
        "timezone": "Asia/Almaty", "languages": ["ru", "kk"], "default_language": "ru", "visibility": "private",
        "registration_mode": "open"})
    assert response.status_code == 302, response.get_data(as_text=True)


def _tag(page: str, attribute: str) -> str:
    at = page.index(attribute)
    return page[page.rindex("<", 0, at):page.index(">", at) + 1]


def test_my_events_lists_roles(client, create_user, login, create_event, add_role):
    me = create_user()
    create_event(organiser=me, slug="mine", title={"en": "My forum"})
    theirs = create_event(slug="theirs", title={"en": "Their training"})
    add_role(theirs, me, "checkin")
    create_event(slug="unrelated", title={"en": "Unrelated"})
    login(me)
    assert client.get("/manage/").headers["Location"] == "/me/#team"  # the former address still leads there
    page = client.get("/me/?lang=en").get_data(as_text=True)
    team = page.split('id="team"')[1]
    assert "My forum" in team and "Their training" in team and "Unrelated" not in page
    assert "Check-in staff" in team


@pytest.mark.parametrize("mode", [RegistrationMode.OPEN, RegistrationMode.APPROVAL, RegistrationMode.INVITATION])
@pytest.mark.parametrize("lang, stem", [("en", "registration"), ("ru", "регистрац"), ("kk", "тірке")])
def test_the_registration_fact_names_the_mode_without_repeating_the_word(app, client, create_event, mode, lang, stem):
    """Not "Открытая регистрация. Регистрация открыта.": the mode's label and the state sentence share one line."""
    create_event(slug="forum", registration_mode=mode)
    page = client.get(f"/events/forum?lang={lang}").get_data(as_text=True)
    fact = re.search(rf"<dt>{re.escape(translated(app, lang, 'Registration'))}</dt>\s*<dd>([^<]*)</dd>", page).group(1)
    assert fact.lower().count(stem) == 1, fact
