"""API v1: published notes only, in agenda order, filtered by language or session, as documented."""
import json

from openapi_schema_validator import OAS31Validator, oas31_format_checker

from app.events.models import Visibility


def _get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (response.status_code, response.data[:300])
    return json.loads(response.data)


def test_published_notes_in_agenda_order_with_their_translation_links(client, forum, write_note):
    ru = write_note(forum, forum.opening, "ru", "Форум открыл **модератор**.", publish=True)
    write_note(forum, forum.opening, "en", "The moderator opened the forum.", publish=True)
    write_note(forum, forum.opening, "kk", "Жоба.")  # a draft: never served
    write_note(forum, forum.panel, "ru", "Панель.", publish=True)
    write_note(forum, None, "ru", "Итоги.", publish=True)
    body = _get(client, f"/api/v1/events/{forum.slug}/notes")
    items = body["items"]
    assert body["total"] == 4
    assert [(i["scope"], i["session_id"], i["language"]) for i in items] == [
        ("session", forum.opening, "ru"), ("session", forum.opening, "en"), ("session", forum.panel, "ru"),
        ("event", None, "ru")]
    first, english = items[0], items[1]
    assert first["original"] and first["translates_revision"] is None and first["revision"] == 1
    assert first["body"] == "Форум открыл **модератор**." and "<strong>модератор</strong>" in first["html"]
    assert first["url"] == f"http://localhost/events/{forum.slug}/sessions/{forum.opening}?lang=ru"
    assert not english["original"] and english["translates_revision"] == 1
    assert items[3]["url"].endswith(f"/events/{forum.slug}/report?lang=ru#conclusions")
    assert "Жоба." not in json.dumps(body, ensure_ascii=False)
    assert ru


def test_notes_filtered_by_language_and_session(client, forum, write_note):
    write_note(forum, forum.opening, "ru", "Открытие.", publish=True)
    write_note(forum, forum.opening, "kk", "Ашылу.", publish=True)
    write_note(forum, forum.panel, "ru", "Панель.", publish=True)
    assert [i["body"] for i in _get(client, f"/api/v1/events/{forum.slug}/notes?lang=kk")["items"]] == ["Ашылу."]
    by_session = _get(client, f"/api/v1/events/{forum.slug}/notes?session={forum.panel}")["items"]
    assert [i["body"] for i in by_session] == ["Панель."]
    assert _get(client, f"/api/v1/events/{forum.slug}/notes?session=999999")["items"] == []
    for bad in ("lang=de", "session=abc", "session=-1", "per_page=0"):
        problem = _get(client, f"/api/v1/events/{forum.slug}/notes?{bad}", status=400)
        assert problem["status"] == 400, bad
    page = _get(client, f"/api/v1/events/{forum.slug}/notes?per_page=2&page=2")
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 1)


def test_private_events_have_no_public_notes(client, create_event):
    create_event(slug="secret", visibility=Visibility.PRIVATE)
    assert _get(client, "/api/v1/events/secret/notes", status=404)["status"] == 404


def test_the_notes_endpoint_is_documented_and_answers_as_documented(client, forum, write_note):
    write_note(forum, forum.opening, "ru", "Открытие.", publish=True)
    write_note(forum, forum.opening, "en", "Opening.", publish=True)
    document = _get(client, "/api/v1/openapi.json")
    from openapi_spec_validator import validate

    validate(document)
    operation = document["paths"]["/events/{slug}/notes"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = OAS31Validator({**schema, "components": document["components"]}, format_checker=oas31_format_checker)
    body = _get(client, f"/api/v1/events/{forum.slug}/notes")
    assert [e.message for e in validator.iter_errors(body)] == []
    response = client.get(f"/api/v1/events/{forum.slug}/notes")
    again = client.get(f"/api/v1/events/{forum.slug}/notes", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    write_note(forum, forum.opening, "kk", "Ашылу.", publish=True)
    changed = client.get(f"/api/v1/events/{forum.slug}/notes", headers={"If-None-Match": response.headers["ETag"]})
    assert changed.status_code == 200
