"""Public materials in API v1 (described by the OpenAPI document), and the demo's materials."""
import json

from openapi_schema_validator import OAS31Validator, oas31_format_checker

from app.extensions import db


def _schema(client, name):
    document = json.loads(client.get("/api/v1/openapi.json").data)
    return {**document["components"]["schemas"][name], "components": document["components"]}, document


def test_api_lists_only_public_materials_whose_embargo_is_over(app, client, forum, add_material):
    public = add_material(forum.event, forum.past_session, filename="Доклад.pdf")
    add_material(forum.event, forum.past_session, filename="members.pdf", visibility="participants")
    add_material(forum.event, forum.past_session, filename="team.pdf", visibility="organisers")
    add_material(forum.event, forum.future_session, filename="later.pdf", embargo=True)
    link = add_material(forum.event, None, kind="link", url="https://example.org/programme")
    response = client.get("/api/v1/events/forum/materials")
    assert response.status_code == 200 and response.headers["ETag"]
    body = json.loads(response.data)
    assert [item["id"] for item in body["items"]] == [link, public]
    item = body["items"][1]
    assert item["file"]["filename"] == "Доклад.pdf" and len(item["file"]["sha256"]) == 64
    assert item["file"]["download_url"].endswith(f"/events/forum/materials/{public}/download")
    assert body["items"][0]["url"] == "https://example.org/programme" and body["items"][0]["file"] is None
    schema, document = _schema(client, "Material")
    validator = OAS31Validator(schema, format_checker=oas31_format_checker)
    for material in body["items"]:
        validator.validate(material)
    assert "/events/{slug}/materials" in document["paths"]
    only = json.loads(client.get(f"/api/v1/events/forum/materials?session={forum.past_session}").data)
    assert [i["id"] for i in only["items"]] == [public]
    assert client.get("/api/v1/events/forum/materials?session=abc").status_code == 400
    assert client.get("/api/v1/events/nope/materials").status_code == 404
    assert client.get("/api/v1/events/forum/materials", headers={"If-None-Match": response.headers["ETag"]}
                      ).status_code == 304


def test_with_a_token_the_api_lists_the_materials_its_owner_may_see(app, client, forum, add_material, api_token):
    public = add_material(forum.event, forum.past_session, filename="Доклад.pdf")
    members = add_material(forum.event, forum.past_session, filename="members.pdf", visibility="participants")
    team = add_material(forum.event, None, filename="team.pdf", visibility="organisers")
    later = add_material(forum.event, forum.future_session, filename="later.pdf", embargo=True)

    def listed(user=None) -> set[int]:
        headers = {"Authorization": f"Bearer {api_token(user)}"} if user else {}
        response = client.get("/api/v1/events/forum/materials", headers=headers)
        assert response.status_code == 200
        return {item["id"] for item in json.loads(response.data)["items"]}

    assert listed() == {public}
    assert listed(forum.users["stranger"]) == {public}
    assert listed(forum.users["waiting"]) == {public}  # on the waiting list: not a participant yet
    assert listed(forum.users["participant"]) == {public, members}
    assert listed(forum.users["rapporteur"]) == {public, members, later}  # the team sees through the embargo
    assert listed(forum.organiser) == {public, members, team, later}


def test_openapi_document_with_materials_is_valid(client):
    from openapi_spec_validator import validate

    validate(json.loads(client.get("/api/v1/openapi.json").data))


def test_demo_materials_load_idempotently(app, demo_data):
    from app.demo import specs
    from app.demo.materials import SPEAKER_EMAIL, load_materials
    from app.events.models import Event
    from app.materials.models import Material, MaterialVersion

    with app.test_request_context():
        forum = db.session.scalar(db.select(Event).where(Event.slug == specs.forum()["slug"]))
        # `flask demo` has loaded them; loading again adds nothing.
        assert load_materials(forum, specs.forum()) == 0
        db.session.commit()
        materials = db.session.scalars(db.select(Material).where(Material.event_id == forum.id)).all()
        assert len(materials) >= 10
        assert {m.language for m in materials} >= {"en", "ru", "kk"}
        assert {m.visibility.value for m in materials} == {"public", "participants", "organisers"}
        assert any(m.embargo_until_start for m in materials)
        assert any(m.kind.value == "link" for m in materials)
        assert len({m.session_id for m in materials if m.session_id}) >= 5
        versions = db.session.scalars(db.select(MaterialVersion)).all()
        assert max(v.number for v in versions) == 2
        from app.accounts.services import find_user_by_email
        from app.agenda.models import Person

        speaker = find_user_by_email(SPEAKER_EMAIL)
        assert db.session.scalar(db.select(Person).where(Person.user_id == speaker.id)).event_id == forum.id
