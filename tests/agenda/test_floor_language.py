"""A session's language on the floor: edited in the builder, published, shown and exported."""
import json
from datetime import time

import pytest
from icalendar import Calendar
from lxml import etree

from app.agenda import builder, publishing
from app.agenda.models import AgendaPublication, Session
from app.core.errors import DomainError
from app.events.models import Event
from app.extensions import db
from tests.agenda.test_builder import _session_data
from tests.agenda.test_frab import SCHEMAS


@pytest.fixture
def forum(create_event, create_session, publish):
    event = create_event(slug="forum")
    session_id = create_session(event, "Opening", start=time(10), floor_language="ru", interpretation=["en", "kk"])
    publish(event)
    return event, session_id


def test_builder_stores_the_floor_language_and_refuses_another_events_language(ctx, create_event, create_user):
    from app.accounts.models import User

    organiser = create_user()
    event = db.session.get(Event, create_event(organiser=organiser).id)
    actor = db.session.get(User, organiser.id)
    session = builder.create_session(event, actor, _session_data(floor_language="kk", interpretation=["ru"]))
    assert (session.floor_language, session.interpretation) == ("kk", ["ru"])
    assert builder.duplicate_session(session, actor).floor_language == "kk"
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        builder.update_session(session, actor, _session_data(floor_language="de"))
    assert refused.value.field == "floor_language"
    db.session.rollback()
    assert db.session.get(Session, session.id).floor_language == "kk"


def test_new_session_form_proposes_the_main_language(client, create_event, create_user, login):
    organiser = create_user()
    create_event(organiser=organiser, slug="forum", default_language="ru")
    login(organiser)
    page = client.get("/manage/events/forum/agenda/sessions/new").get_data(as_text=True)
    select = page.split('name="floor_language"')[1].split("</select>")[0]
    assert '<option selected value="ru">' in select and '<option value="">' in select


def test_session_page_and_agenda_show_the_floor_and_interpretation_languages(client, forum):
    event, session_id = forum
    page = client.get(f"/events/forum/sessions/{session_id}").get_data(as_text=True)
    assert "<dt>Language</dt><dd>Russian</dd>" in page
    assert "<dt>Interpretation</dt>" in page and "English, kazakh" in page.replace("Kazakh", "kazakh")
    agenda = client.get("/events/forum/agenda").get_data(as_text=True)
    assert '<span aria-hidden="true">RU → EN, KK</span>' in agenda
    assert "Language: Russian; interpretation: English, Kazakh" in agenda


def test_frab_and_ical_carry_the_floor_language(client, forum):
    event, session_id = forum
    document = json.loads(client.get("/events/forum/schedule.json").data)
    [entry] = [e for day in document["schedule"]["conference"]["days"] for es in day["rooms"].values() for e in es]
    assert entry["language"] == "ru"
    xml = etree.fromstring(client.get("/events/forum/schedule.xml").data)
    assert xml.findtext(".//event/language") == "ru"
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd"))).validate(xml)
    calendar = Calendar.from_ical(client.get(f"/events/forum/sessions/{session_id}.ics").data)
    [vevent] = calendar.walk("VEVENT")
    assert "Language: Russian\nInterpretation: English, Kazakh" in str(vevent["DESCRIPTION"])
    api = client.get("/api/v1/events/forum/sessions").get_json()
    assert [(s["floor_language"], s["interpretation"]) for s in api["items"]] == [("ru", ["en", "kk"])]


def test_a_snapshot_published_without_floor_languages_is_not_a_change(app, create_event, create_session, publish):
    event = create_event(slug="forum")
    session_id = create_session(event, "Opening")
    publish(event)
    with app.app_context():
        publication = db.session.scalar(db.select(AgendaPublication))
        snapshot = json.loads(json.dumps(publication.snapshot))
        for entry in snapshot["sessions"]:
            del entry["floor_language"]  # as published before the language on the floor was recorded
        publication.snapshot = snapshot
        db.session.commit()
        ev = db.session.get(Event, event.id)
        assert publishing.pending_changes(ev) == []
        db.session.get(Session, session_id).floor_language = "kk"
        db.session.flush()
        [change] = publishing.pending_changes(ev)
        assert (change["kind"], change["fields"]) == ("changed", ["floor_language"])
        db.session.rollback()


@pytest.mark.parametrize(("lang", "floor", "interpretation"), [
    ("en", "Russian", "English, Kazakh"),
    ("ru", "русский", "английский, казахский"),
    ("kk", "орыс тілі", "ағылшын тілі, қазақ тілі"),
])
def test_exports_name_languages_in_the_feeds_language_as_it_writes_them_and_frab_carries_codes(
        app, client, forum, lang, floor, interpretation):
    """Before, the Russian and Kazakh feeds capitalised language names as a menu does ("Русский")."""
    from tests.conftest import translated

    event, session_id = forum
    for path in (f"/events/forum/sessions/{session_id}.ics?lang={lang}", f"/events/forum/agenda.ics?lang={lang}"):
        [vevent] = Calendar.from_ical(client.get(path).data).walk("VEVENT")
        description = str(vevent["DESCRIPTION"])
        assert (f"{translated(app, lang, 'Language') if lang != 'en' else 'Language'}: {floor}\n"
                f"{translated(app, lang, 'Interpretation') if lang != 'en' else 'Interpretation'}: {interpretation}"
                in description), description
    document = json.loads(client.get(f"/events/forum/schedule.json?lang={lang}").data)
    [entry] = [e for day in document["schedule"]["conference"]["days"] for es in day["rooms"].values() for e in es]
    assert entry["language"] == "ru"  # a code, as the schema's examples
    assert entry["description"].endswith(f": {interpretation}")
    xml = etree.fromstring(client.get(f"/events/forum/schedule.xml?lang={lang}").data)
    assert xml.findtext(".//event/language") == "ru"
    assert xml.findtext(".//event/description").endswith(f": {interpretation}")
