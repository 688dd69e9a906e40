"""The form builder: organisers add, edit, remove and reorder their questions; answers survive."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.models import AuditEntry
from app.extensions import db
from app.registration.models import FieldKind, Registration, RegistrationField
from tests.conftest import choose_language, translated
from tests.registration.test_manage import SECTOR

SECTOR_FORM = {
    "label-en": "Sector of work", "label-ru": "Сфера деятельности", "label-kk": "Қызмет саласы",
    "help-en": "Choose the closest.", "kind": "single_choice", "required": "y", "key": "",
    "choices": "government | Government | Государственный орган | Мемлекеттік орган\n"
               "| Civil society | Гражданское общество\n"
               "\n"
               "International organisation",
}


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org")


@pytest.fixture
def event(create_event, organiser):
    return create_event(organiser=organiser, slug="forum")


def fields(app, event) -> list[RegistrationField]:
    with app.app_context():
        rows = db.session.scalars(select(RegistrationField).where(RegistrationField.event_id == event.id)
                                  .order_by(RegistrationField.position, RegistrationField.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_organiser_adds_a_choice_question_with_a_key_made_from_the_english_label(app, client, event, organiser, login):
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/registration-form/new", data=SECTOR_FORM)
    assert response.status_code == 302
    [field] = fields(app, event)
    assert field.key == "sector_of_work"
    assert field.kind == FieldKind.SINGLE_CHOICE and field.required
    assert field.label == {"en": "Sector of work", "ru": "Сфера деятельности", "kk": "Қызмет саласы"}
    assert field.help == {"en": "Choose the closest."}
    assert field.choices == [
        {"key": "government", "label": {"en": "Government", "ru": "Государственный орган", "kk": "Мемлекеттік орган"}},
        {"key": "civil_society", "label": {"en": "Civil society", "ru": "Гражданское общество"}},
        {"key": "international_organisation", "label": {"en": "International organisation"}},
    ]
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action.like("registration.%"))) \
            == "registration.field_added"
    page = client.get(f"/manage/events/{event.slug}/registration-form").get_data(as_text=True)
    assert "Sector of work" in page and "Civil society" in page
    # Participants see it on the registration form, in their language.
    choose_language(client, "ru")
    register_page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Сфера деятельности" in register_page and "Гражданское общество" in register_page


def test_second_question_with_the_same_label_gets_its_own_key_and_goes_last(app, client, event, organiser, login):
    login(organiser)
    for _ in range(2):
        client.post(f"/manage/events/{event.slug}/registration-form/new",
                    data={"label-en": "Organisation", "kind": "text"})
    assert [(f.key, f.position) for f in fields(app, event)] == [("organisation", 0), ("organisation_2", 1)]


def test_key_from_a_cyrillic_label_when_the_event_has_no_english(app, client, create_event, organiser, login):
    event = create_event(organiser=organiser, slug="ru-only", languages=["ru", "kk"], default_language="ru")
    login(organiser)
    client.post(f"/manage/events/{event.slug}/registration-form/new",
                data={"label-ru": "Организация", "label-en": "ignored", "kind": "text"})
    [field] = fields(app, event)
    assert field.key == "organizatsiia" and field.label == {"ru": "Организация"}


@pytest.mark.parametrize("changes, message", [
    ({"label-en": ""}, "Please fill in the %(language)s version."),
    ({"choices": ""}, "Add at least one choice, one per line."),
    ({"choices": "a | A\na | Again"}, "Line %(number)d: the key “%(key)s” is used twice."),
    ({"choices": "Bad Key! | Label"}, None),
    ({"choices": "key_only |"}, "Line %(number)d: please give the choice a label."),
    ({"key": "Not a key"}, "Use lower-case Latin letters, digits and underscores, starting with a letter."),
    ({"kind": "rating"}, None),
    ({"label-en": "x" * 301}, None),
])
def test_bad_question_input_is_shown_again_and_changes_nothing(app, client, event, organiser, login, changes, message):
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/registration-form/new", data={**SECTOR_FORM, **changes})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error"' in page
    if message and "%(" not in message:
        assert translated(app, "en", message) in page
    assert fields(app, event) == []


def test_a_taken_key_is_refused(app, client, event, organiser, login, add_field):
    add_field(event, "sector", "text")
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/registration-form/new", data={**SECTOR_FORM, "key": "sector"})
    assert response.status_code == 400
    assert translated(app, "en", "Another question already uses this key.") in response.get_data(as_text=True)
    assert len(fields(app, event)) == 1


def test_editing_keeps_the_key_and_the_answers(app, client, create_user, event, organiser, login, add_field, register):
    field_id = add_field(event, "sector", "single_choice", required=True, choices=[
        *SECTOR, {"key": "media", "label": {"en": "Media", "de": "Medien"}}])
    registration_id, _ = register(event, create_user(email="p@example.org"), answers={"sector": "ngo"})
    login(organiser)
    url = f"/manage/events/{event.slug}/registration-form/{field_id}"
    form = client.get(url).get_data(as_text=True)
    assert "ngo | Civil society | Гражданское общество" in form  # the choices as editable lines
    assert 'name="key"' not in form
    response = client.post(url, data={"label-en": "Sector", "label-ru": "Сфера", "kind": "multiple_choice",
                                      "key": "hijacked", "choices": "media | Mass media\ngovernment | Government"})
    assert response.status_code == 302
    [field] = fields(app, event)
    assert field.key == "sector" and field.kind == FieldKind.MULTIPLE_CHOICE and not field.required
    assert field.label == {"en": "Sector", "ru": "Сфера"}
    # A label in a language the event does not offer is kept, not silently lost.
    assert field.choices[0] == {"key": "media", "label": {"en": "Mass media", "de": "Medien"}}
    with app.app_context():
        assert db.session.get(Registration, registration_id).answers == {"sector": "ngo"}
    bad = client.post(url, data={"label-en": "", "kind": "text"})
    assert bad.status_code == 400
    assert fields(app, event)[0].label == {"en": "Sector", "ru": "Сфера"}


def test_removing_a_question_keeps_the_answers(app, client, create_user, event, organiser, login, add_field, register):
    field_id = add_field(event, "diet", "text")
    registration_id, _ = register(event, create_user(email="p@example.org"), answers={"diet": "vegetarian"})
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/registration-form/{field_id}/delete")
    assert response.status_code == 302
    assert fields(app, event) == []
    with app.app_context():
        assert db.session.get(Registration, registration_id).answers == {"diet": "vegetarian"}
        assert db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "registration.field_deleted")) \
            == {"field": "diet"}


def test_questions_move_up_and_down(app, client, event, organiser, login, add_field):
    ids = [add_field(event, key, "text") for key in ("a", "b", "c")]  # all at position 0: ordered by id
    login(organiser)
    base = f"/manage/events/{event.slug}/registration-form"
    assert client.post(f"{base}/{ids[2]}/move", data={"direction": "up"}).status_code == 302
    assert [f.key for f in fields(app, event)] == ["a", "c", "b"]
    client.post(f"{base}/{ids[0]}/move", data={"direction": "down"})
    assert [f.key for f in fields(app, event)] == ["c", "a", "b"]
    client.post(f"{base}/{ids[2]}/move", data={"direction": "up"})  # already first: nothing happens
    assert [f.key for f in fields(app, event)] == ["c", "a", "b"]
    assert client.post(f"{base}/{ids[0]}/move", data={"direction": "sideways"}).status_code == 400
    page = client.get(base).get_data(as_text=True)
    assert page.index("<code>c</code>") < page.index("<code>a</code>") < page.index("<code>b</code>")
