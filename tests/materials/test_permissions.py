"""Who may download what: every visibility x role x embargo, on single downloads and in ZIPs; no IDOR."""
import io
import itertools
import zipfile

import pytest

from app.extensions import db

ROLES = ["anonymous", "stranger", "waiting", "participant", "rapporteur", "other_speaker", "speaker", "organiser",
         "admin", "other_organiser"]
VISIBILITIES = ["public", "participants", "organisers"]
EMBARGOES = ["none", "embargo_not_started", "embargo_started"]


def expected(role: str, visibility: str, embargo: str) -> bool:
    if role in ("organiser", "admin", "speaker"):  # speaker: of this material's session
        return True
    if visibility == "organisers":
        return False
    team = role in ("rapporteur", "other_speaker")
    if embargo == "embargo_not_started" and not team:
        return False
    if visibility == "participants":
        return team or role == "participant"
    return True


@pytest.fixture
def matrix(app, forum, add_material, link_person):
    """One material per visibility x embargo case; the speaker speaks in both sessions, the other speaker
    in another session of the same event."""
    link_person(forum.event, forum.past_session, forum.users["speaker"], name="Speaker")
    link_person(forum.event, forum.future_session, forum.users["speaker"], name="Speaker again")
    materials = {}
    for visibility, embargo in itertools.product(VISIBILITIES, EMBARGOES):
        session = forum.future_session if embargo == "embargo_not_started" else forum.past_session
        filename = f"{visibility}-{embargo}-Доклад.pdf"
        materials[(visibility, embargo)] = (add_material(forum.event, session, filename=filename,
                                                         visibility=visibility, embargo=embargo != "none"), filename)
    return materials


def _other_speaker_session(app, forum, create_session, link_person):
    session = create_session(forum.event, "Workshop", day=2)
    link_person(forum.event, session, forum.users["other_speaker"], name="Other")
    return session


def _sign_in(client, login, forum, role):
    if role != "anonymous":
        login(forum.users[role])


@pytest.mark.parametrize("role", ROLES)
def test_download_rights_for_every_visibility_and_embargo(app, client, forum, matrix, login, role, create_session,
                                                          link_person):
    _other_speaker_session(app, forum, create_session, link_person)
    _sign_in(client, login, forum, role)
    for (visibility, embargo), (material_id, _filename) in matrix.items():
        response = client.get(f"/events/forum/materials/{material_id}/download", buffered=True)
        allowed = expected(role, visibility, embargo)
        case = (role, visibility, embargo, response.status_code)
        if allowed:
            assert response.status_code == 200, case
            assert response.data.startswith(b"%PDF-"), case
        elif role == "anonymous":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], case
        else:
            assert response.status_code == 404, case


@pytest.mark.parametrize("role", ROLES)
def test_the_event_zip_holds_exactly_what_the_user_may_see(app, client, forum, matrix, login, role, create_session,
                                                            link_person):
    _other_speaker_session(app, forum, create_session, link_person)
    _sign_in(client, login, forum, role)
    wanted = {filename for (visibility, embargo), (_, filename) in matrix.items() if expected(role, visibility, embargo)}
    response = client.get("/events/forum/materials.zip", buffered=True)
    if not wanted:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    names = {name.rsplit("/", 1)[-1] for name in zipfile.ZipFile(io.BytesIO(response.data)).namelist()}
    assert names == wanted, role
    for session in (forum.past_session, forum.future_session):
        response = client.get(f"/events/forum/sessions/{session}/materials.zip", buffered=True)
        if response.status_code == 200:
            names = {n.rsplit("/", 1)[-1] for n in zipfile.ZipFile(io.BytesIO(response.data)).namelist()}
            assert names <= wanted, (role, session)


@pytest.mark.parametrize("role", ["anonymous", "participant", "organiser"])
def test_the_materials_page_and_session_page_list_only_what_the_user_may_see(client, forum, matrix, login, role):
    _sign_in(client, login, forum, role)
    page = client.get("/events/forum/materials").get_data(as_text=True)
    session_pages = (client.get(f"/events/forum/sessions/{forum.past_session}").get_data(as_text=True)
                     + client.get(f"/events/forum/sessions/{forum.future_session}").get_data(as_text=True))
    for (visibility, embargo), (material_id, _filename) in matrix.items():
        link = f"/events/forum/materials/{material_id}/download"
        assert (link in page) == expected(role, visibility, embargo), (role, visibility, embargo)
        assert (link in session_pages) == expected(role, visibility, embargo), (role, visibility, embargo)


def test_materials_of_unpublished_sessions_stay_hidden_from_the_public(app, client, forum, add_material, login,
                                                                       create_session):
    draft_only = create_session(forum.event, "Not yet published", day=2)
    material_id = add_material(forum.event, draft_only, filename="draft.pdf")
    assert client.get(f"/events/forum/materials/{material_id}/download", buffered=True).status_code == 302
    login(forum.users["participant"])
    assert client.get(f"/events/forum/materials/{material_id}/download", buffered=True).status_code == 404
    login(forum.organiser)
    assert client.get(f"/events/forum/materials/{material_id}/download", buffered=True).status_code == 200


def test_private_events_do_not_reveal_their_materials(app, client, create_event, create_user, add_material, login,
                                                      create_session, publish):
    from app.events.models import Visibility

    organiser = create_user(email="o@example.org")
    event = create_event(organiser=organiser, slug="closed", visibility=Visibility.PRIVATE)
    session = create_session(event, "Closed session")
    publish(event)
    material_id = add_material(event, session, filename="secret.pdf")
    login(create_user(email="nosy@example.org"))
    assert client.get(f"/events/closed/materials/{material_id}/download", buffered=True).status_code == 404
    assert client.get("/events/closed/materials.zip").status_code == 404


def test_ids_of_another_event_are_404_everywhere(app, client, forum, add_material, login, create_session, publish):
    elsewhere_session = create_session(_event(app, "elsewhere"), "Elsewhere")
    publish(_event(app, "elsewhere"))
    foreign = add_material(_event(app, "elsewhere"), elsewhere_session, filename="foreign.pdf")
    own = add_material(forum.event, forum.past_session, filename="own.pdf")
    login(forum.organiser)
    assert client.get(f"/events/forum/materials/{foreign}/download", buffered=True).status_code == 404
    assert client.get(f"/manage/events/forum/materials/{foreign}/edit").status_code == 404
    assert client.get(f"/manage/events/forum/materials/{foreign}/versions").status_code == 404
    assert client.post(f"/manage/events/forum/materials/{foreign}/delete").status_code == 404
    assert client.get(f"/events/forum/sessions/{elsewhere_session}/materials.zip").status_code == 404
    with app.app_context():
        from app.materials.models import Material

        foreign_version = db.session.get(Material, foreign).current_version_id
    assert client.get(f"/manage/events/forum/materials/{own}/versions/{foreign_version}/download", buffered=True).status_code == 404
    assert client.post(f"/manage/events/forum/materials/{own}/versions/{foreign_version}/restore").status_code == 404
    # The organiser of the other event cannot reach this one's management pages.
    login(forum.users["other_organiser"])
    assert client.get(f"/manage/events/forum/materials/{own}/edit").status_code == 403
    assert client.get(f"/manage/events/forum/materials/{own}/versions").status_code == 403


def test_speakers_manage_only_their_own_sessions(app, client, forum, add_material, link_person, login):
    link_person(forum.event, forum.past_session, forum.users["speaker"])
    own = add_material(forum.event, forum.past_session, filename="mine.pdf")
    other = add_material(forum.event, forum.future_session, filename="theirs.pdf")
    login(forum.users["speaker"])
    assert client.get(f"/speaker/events/forum/materials/{own}/edit").status_code == 200
    assert client.get(f"/speaker/events/forum/materials/{other}/edit").status_code == 403
    assert client.post(f"/speaker/events/forum/materials/{other}/delete").status_code == 403
    assert client.get(f"/speaker/events/forum/sessions/{forum.future_session}/materials/new").status_code == 403
    assert client.get(f"/speaker/events/forum/sessions/{forum.past_session}/materials/new").status_code == 200
    # Versions and restore are for organisers.
    assert client.get(f"/manage/events/forum/materials/{own}/versions").status_code == 403
    login(forum.users["participant"])
    assert client.get("/speaker/events/forum").status_code == 403
    assert client.get(f"/speaker/events/forum/materials/{own}/edit").status_code == 403


def _event(app, slug):
    from app.events.models import Event

    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == slug))
        db.session.expunge(event)
        return event


def test_permission_rules_answer_directly(app, forum, matrix):
    """can() is the one place: the same answers without HTTP (a service caller's view)."""
    from flask_login import AnonymousUserMixin

    from app.accounts.models import User
    from app.core.permissions import can
    from app.materials.models import Material

    with app.app_context():
        for (visibility, embargo), (material_id, _) in matrix.items():
            material = db.session.get(Material, material_id)
            assert can(AnonymousUserMixin(), "material.view", material) == expected("anonymous", visibility, embargo)
            participant = db.session.get(User, forum.users["participant"].id)
            assert can(participant, "material.view", material) == expected("participant", visibility, embargo)
            assert not can(participant, "material.manage", material)
            assert can(db.session.get(User, forum.organiser.id), "material.history", material)


def test_speaker_pages_are_a_permission_action(app, forum, link_person):
    """"speaker.dashboard": people of the event's agenda linked to the account, and its organisers."""
    from flask_login import AnonymousUserMixin

    from app.accounts.models import User
    from app.core.permissions import can
    from app.events.models import Event

    link_person(forum.event, forum.past_session, forum.users["speaker"], name="Speaker")
    with app.app_context():
        event = db.session.get(Event, forum.event.id)
        allowed = {role for role in ROLES if role != "anonymous"
                   and can(db.session.get(User, forum.users[role].id), "speaker.dashboard", event)}
        assert allowed == {"speaker", "organiser", "admin"}
        assert not can(AnonymousUserMixin(), "speaker.dashboard", event)
