"""export-event / import-event: an event leaves in one ZIP file and comes back whole.

Each round-trip compares the dump of the event before and after (tests/transfer/dump.py:
every row and column, ids replaced by what they name, files by their bytes). The import
next to the original proves the remapping (every new id differs from the old one); the
import into an emptied database proves that secrets (tickets, certificates, links) are kept.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.accounts.models import User
from app.agenda.models import AgendaFeed, Room, Session, SessionKind
from app.agenda.services import feed_for, user_for_feed_token
from app.core.storage import LocalStorage, get_storage
from app.events.models import Event, EventMember, EventRole
from app.extensions import db
from app.registration.models import Registration
from app.transfer.archive import MANIFEST, VERSION, ArchiveError
from app.transfer.exporting import export_event
from app.transfer.importing import import_event
from app.transfer.rules import IDS_IN_VALUES, USER
from app.transfer.schema import account_tables, levels, owner_clause
from tests.transfer.dump import NAMED_IN_VALUES, assert_same, dump, secrets_of

FORUM = "npm-forum-astana-2017"
TRAINING = "npm-monitors-training-2017"
DEMO_PASSWORD = "convene-demo"


# --- the data: the demo, and what it lacks ----------------------------------------------

def _event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _organiser(event: Event) -> User:
    return db.session.scalar(select(User).join(EventMember, EventMember.user_id == User.id).where(
        EventMember.event_id == event.id, EventMember.role == EventRole.ORGANISER).order_by(User.id))


def _sessions(event: Event) -> list[Session]:
    return list(db.session.scalars(select(Session).where(Session.event_id == event.id).order_by(Session.id)))


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 50), (31, 90, 166)).save(out, format="PNG")
    return out.getvalue()


def _reverse_people(event: Event, session: Session, actor: User) -> None:
    """The session's people in reverse order, saved as the session form saves them."""
    from app.agenda import builder

    day, start = builder.local_parts(event, session.starts_at)
    builder.update_session(session, actor, {
        "title": dict(session.title), "abstract": dict(session.abstract), "kind": session.kind,
        "status": session.status, "day": day, "start_time": start,
        "end_time": builder.local_parts(event, session.ends_at)[1], "capacity": session.capacity,
        "room_id": session.room_id, "track_id": session.track_id, "interpretation": list(session.interpretation),
        "people": [(link.person_id, link.role) for link in session.people[::-1]]})


def _enrich_forum(event: Event) -> None:
    """A speaker's photo, a starred session, an open invitation, and agenda edits published as a
    second version (people reordered, a session duplicated, one moved, one deleted), and one more
    deletion after it: older publications and the activity log then name rows that are gone."""
    from app.agenda import builder
    from app.agenda import services as agenda
    from app.agenda.publishing import publish
    from app.materials import speakers
    from app.materials.uploads import stage_bytes
    from app.registration import invitations

    organiser, sessions, storage = _organiser(event), _sessions(event), get_storage()
    with stage_bytes(storage, _png(), "photo.png", allowed=("png",)) as staged:
        speakers.set_photo(sessions[1].people[0].person, organiser, staged, storage)
    participant = db.session.scalar(select(User).join(Registration, Registration.user_id == User.id)
                                    .where(Registration.event_id == event.id).order_by(Registration.id))
    agenda.set_star(participant, sessions[1], True)
    agenda.feed_for(participant)
    invitations.invite(event, organiser, ["guest@example.org"], "kk")
    _reverse_people(event, sessions[2], organiser)
    builder.duplicate_session(sessions[3], organiser)
    other_room = next(room_id for room_id in {s.room_id for s in sessions} - {sessions[4].room_id} if room_id)
    builder.move_session(sessions[4], organiser, sessions[4].starts_at + timedelta(minutes=15), other_room)
    builder.delete_session(sessions[-1], organiser)
    publish(event, organiser)
    builder.delete_session(sessions[-2], organiser)  # still in the published agenda


def _enrich_training(event: Event) -> None:
    """A module with two places taken and one person waiting."""
    from app.registration.models import SessionRegistration, SessionRegistrationStatus, SessionSeatCounter

    module = next(s for s in _sessions(event) if s.kind == SessionKind.TRAINING_MODULE)
    module.capacity = 2
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                       .order_by(Registration.id).limit(3)).all()
    at = datetime(2017, 9, 20, 6, tzinfo=UTC)
    for registration, status in zip(registrations, ("confirmed", "confirmed", "waiting")):
        status = SessionRegistrationStatus(status)
        db.session.add(SessionRegistration(
            session_id=module.id, registration_id=registration.id, status=status, created_at=at,
            confirmed_at=at if status == SessionRegistrationStatus.CONFIRMED else None,
            waiting_since=at if status == SessionRegistrationStatus.WAITING else None))
    db.session.add(SessionSeatCounter(session_id=module.id, taken=2))


@pytest.fixture
def demo(app, demo_data) -> list[str]:
    """The demo's three events (a forum with notes and materials, a training with attendance,
    certificates and feedback, an upcoming edition with a waiting list), enriched."""
    with app.test_request_context():
        _enrich_forum(_event(FORUM))
        _enrich_training(_event(TRAINING))
        db.session.commit()
        return list(db.session.scalars(select(Event.slug).order_by(Event.id)))


# --- round trips ----------------------------------------------------------------------

def test_the_dump_names_the_ids_inside_every_column_the_import_remaps():
    assert NAMED_IN_VALUES.keys() == IDS_IN_VALUES.keys()


def _counts() -> dict[str, int]:
    return {name: db.session.scalar(select(func.count()).select_from(table)) for name, table in db.metadata.tables.items()}


def _stored_files(app) -> set[str]:
    root = Path(app.config["STORAGE_LOCAL_ROOT"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".staging" not in p.parts}


def test_every_event_round_trips_next_to_its_original_with_new_ids_andsecrets_of(app, demo, tmp_path):
    for slug in demo:
        archive = tmp_path / f"{slug}.zip"
        with app.app_context():
            before = dump(slug, keep_secrets=False)
            exported = export_event(slug, archive)
        with app.app_context():
            event, imported = import_event(archive, slug=f"{slug}-copy")
            db.session.commit()
            assert event.slug == f"{slug}-copy"
        with app.app_context():
            assert_same(dump(f"{slug}-copy", keep_secrets=False), before)
            assert secrets_of(slug).isdisjoint(secrets_of(f"{slug}-copy"))
        # The accounts exist already: they keep their own rows (feeds), the archive's are left out.
        own_rows = {table.name for table in account_tables()}
        assert imported.rows == {table: count for table, count in exported.rows.items() if count and table not in own_rows}
        assert (imported.files, imported.file_bytes) == (exported.files, exported.file_bytes)
        assert (imported.users_created, imported.users_matched) == (0, exported.rows[USER])


def _archived(path: Path) -> dict[str, list[dict]]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(MANIFEST))["tables"]


def test_the_archives_hold_what_the_issue_names(app, demo, tmp_path):
    """The comparisons above would also pass on empty tables: what the data must contain."""
    with app.app_context():
        forum = export_event(FORUM, tmp_path / "forum.zip")
        training = export_event(TRAINING, tmp_path / "training.zip")
        export_event(demo[2], tmp_path / "upcoming.zip")
    tables = _archived(tmp_path / "forum.zip")
    for table in ("registration_field", "session_person", "speaker_invitation", "invitation", "session_star",
                  "event_member", "seat_counter", "audit_entry"):
        assert tables[table], table
    assert any(row["answers"] for row in tables["registration"]) and any(r["checked_in_at"] for r in tables["registration"])
    assert len(tables["agenda_publication"]) == 2
    versions = [row["material_id"] for row in tables["material_version"]]
    assert len(versions) > len(set(versions))  # a material with several versions
    assert forum.files == len(versions) + 1  # and the speaker's photo
    assert {row["language"] for row in tables["note"]} == {"ru", "en", "kk"}
    # Notes of the event, of sessions, and of a session deleted from the draft since (still published).
    assert {row["session_id"] for row in tables["note"]} - {row["id"] for row in tables["session"]} - {None}
    assert None in {row["session_id"] for row in tables["note"]}
    revisions = [row["note_id"] for row in tables["note_revision"]]
    assert len(revisions) > len(set(revisions))
    tables = _archived(tmp_path / "training.zip")
    for table in ("attendance", "certificate", "completion_rule", "feedback_survey", "feedback_question",
                  "feedback_response", "session_registration", "session_seat_counter"):
        assert tables[table], table
    assert training.rows["certificate"] == len(tables["certificate"])
    statuses = [row["status"] for row in _archived(tmp_path / "upcoming.zip")["registration"]]
    assert statuses.count("waiting") == 3


def _labels_of(slug: str) -> dict[str, dict[int, str]]:
    event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    owned, labels = levels(), {}
    for name in ("session", "person", "material", "room"):
        table = db.metadata.tables[name]
        ids = db.session.scalars(select(table.c.id).where(owner_clause(table, event_id, owned)).order_by(table.c.id))
        labels[name] = {id_: f"{name}#{i}" for i, id_ in enumerate(ids)}
    return labels


_PAGE_IDS = re.compile(r"(sessions/|session-|people/|person-|materials/|material-|group-)(-?\d+)")
_PAGE_TABLES = {"sessions/": "session", "session-": "session", "people/": "person", "person-": "person",
                "materials/": "material", "material-": "material"}


def _public_page(app, client, slug: str, page: str, groups: str) -> str:
    """The page with the event's address and ids replaced by what they name (`groups`: the table
    whose ids name the page's groups)."""
    with app.app_context():
        labels = _labels_of(slug)
    response = client.get(f"/events/{slug}/{page}?lang=ru")
    assert response.status_code == 200
    html = response.get_data(as_text=True).replace(slug, "SLUG")
    tables = {**_PAGE_TABLES, "group-": groups}
    html = _PAGE_IDS.sub(lambda m: m[1] + labels[tables[m[1]]].get(int(m[2]), "gone"), html)
    return re.sub(r'<option value="\d+"', '<option value="N"', html)


def test_the_copy_shows_the_same_public_agenda_speakers_materials_and_report(app, demo, client, tmp_path):
    with app.app_context():
        export_event(FORUM, tmp_path / "forum.zip")
        import_event(tmp_path / "forum.zip", slug="forum-copy")
        db.session.commit()
    for page, groups in (("agenda", "session"), ("agenda/rooms", "room"), ("speakers", "person"),
                         ("materials", "session"), ("report", "session")):
        copy, original = (_public_page(app, client, slug, page, groups) for slug in ("forum-copy", FORUM))
        assert copy == original, page


def _wipe(app) -> None:
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    shutil.rmtree(app.config["STORAGE_LOCAL_ROOT"], ignore_errors=True)


def _answered(slug: str, email: str) -> set[str]:
    from app.trainings import feedback

    event, user = _event(slug), db.session.scalar(select(User).where(User.email == email))
    surveys = feedback.surveys_of(event)
    labels = {survey.id: f"survey#{i}" for i, survey in enumerate(sorted(surveys, key=lambda s: s.id))}
    return {labels[survey_id] for survey_id in feedback.answered_survey_ids(surveys, user)}


def test_events_come_back_whole_into_an_emptied_database(app, demo, tmp_path):
    with app.app_context():
        before = {slug: dump(slug, keep_secrets=True) for slug in demo}
        participant = db.session.scalar(select(Registration.email).join(Event).where(Event.slug == TRAINING)
                                        .order_by(Registration.id))
        answered = _answered(TRAINING, participant)
        feeds = {user.email: feed_for(user, create=False).token for user in db.session.scalars(select(User).join(AgendaFeed))}
        for slug in demo:
            export_event(slug, tmp_path / f"{slug}.zip")
    _wipe(app)
    created = 0
    for slug in demo:
        with app.app_context():
            created += import_event(tmp_path / f"{slug}.zip")[1].users_created
            db.session.commit()
    with app.app_context():
        for slug in demo:
            assert_same(dump(slug, keep_secrets=True), before[slug])
        assert created == db.session.scalar(select(func.count(User.id)))
        # What people hold still works: their password, and their anonymous answers are theirs.
        from app.accounts.services import authenticate

        assert authenticate(participant, DEMO_PASSWORD).email == participant
        assert answered and _answered(TRAINING, participant) == answered
        assert feeds and {email: user_for_feed_token(token).email for email, token in feeds.items()} == {
            email: email for email in feeds}
        assert not db.session.scalar(select(func.count(User.id)).where(User.is_admin | User.is_event_creator))
        # The database gave every id: new rows get theirs after the imported ones.
        forum = _event(FORUM)
        start = _sessions(forum)[0].starts_at
        db.session.add_all([Room(event_id=forum.id, name={"en": "New room"}),
                            Session(event_id=forum.id, title={"en": "New"}, starts_at=start, ends_at=start)])
        db.session.flush()


def test_the_cli_exports_and_imports_and_prints_what_it_did(app, demo, tmp_path):
    runner, archive = app.test_cli_runner(), tmp_path / "training.zip"
    result = runner.invoke(args=["export-event", TRAINING, str(archive)])
    assert result.exit_code == 0, result.output
    assert f"Exported {TRAINING}" in result.output
    assert re.search(r"^  attendance: \d+$", result.output, re.M) and re.search(r"^  files: \d+ ", result.output, re.M)

    result = runner.invoke(args=["import-event", str(archive)])
    assert result.exit_code == 1 and "--slug" in result.output

    result = runner.invoke(args=["import-event", str(archive), "--slug", "training-copy"])
    assert result.exit_code == 0, result.output
    assert "Imported training-copy" in result.output and "Accounts: 0 created" in result.output
    assert re.search(r"^  certificate: \d+$", result.output, re.M)

    assert runner.invoke(args=["export-event", "no-such-event", str(archive)]).exit_code == 1
    assert runner.invoke(args=["import-event", str(archive), "--slug", "Not A Slug"]).exit_code == 1


# --- refusals: nothing written --------------------------------------------------------

def test_a_truncated_archive_is_refused_and_nothing_is_written(app, demo, tmp_path):
    archive = tmp_path / "forum.zip"
    with app.app_context():
        export_event(FORUM, archive)
        counts = _counts()
    files = _stored_files(app)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    result = app.test_cli_runner().invoke(args=["import-event", str(archive), "--slug", "forum-copy"])
    assert result.exit_code == 1 and "damaged" in result.output
    with app.app_context():
        assert _counts() == counts
    assert _stored_files(app) == files


def _rewrite(archive: Path, change) -> None:
    """Rewrite the archive (valid ZIP) with `change(name, data) -> data` applied to each member."""
    with zipfile.ZipFile(archive) as source:
        members = [(name, source.read(name)) for name in source.namelist()]
    with zipfile.ZipFile(archive, "w") as target:
        for name, data in members:
            target.writestr(name, change(name, data))


def test_a_damaged_file_rolls_back_the_rows_and_the_files_already_stored(app, demo, tmp_path, monkeypatch):
    archive = tmp_path / "forum.zip"
    with app.app_context():
        export_event(FORUM, archive)
        counts = _counts()
    files = _stored_files(app)
    # The photo is stored last (its key names the person's new id): every material's file is in before it.
    _rewrite(archive, lambda name, data: data[:-1] + b"x" if name.startswith("files/photos/") else data)
    stored = []
    original_put = LocalStorage.put
    monkeypatch.setattr(LocalStorage, "put", lambda self, key, *args: stored.append(key) or original_put(self, key, *args))
    with app.app_context():
        with pytest.raises(ArchiveError, match="damaged"):
            import_event(archive, slug="forum-copy")
        db.session.rollback()
        assert _counts() == counts
    assert len(stored) > 10 and _stored_files(app) == files


@pytest.mark.parametrize("change, message", [
    (lambda manifest: {**manifest, "version": VERSION + 1}, f"format version {VERSION + 1}"),
    (lambda manifest: {**manifest, "version": [1]}, r"format version \[1\]"),
    (lambda manifest: {**manifest, "format": "something-else"}, "not a Convene event archive"),
    (lambda manifest: {**manifest, "tables": {**manifest["tables"], "no_such_table": []}}, "no_such_table"),
])
def test_an_archive_of_another_format_is_refused(app, demo, tmp_path, change, message):
    archive = tmp_path / "forum.zip"
    with app.app_context():
        export_event(FORUM, archive)
    _rewrite(archive, lambda name, data: json.dumps(change(json.loads(data))).encode() if name == MANIFEST else data)
    with app.app_context():
        with pytest.raises(ArchiveError, match=message):
            import_event(archive, slug="forum-copy")


def test_an_archive_of_version_1_with_note_scopes_still_imports(app, demo, tmp_path):
    """Version 1 named a note's session in `scope` ("session:<id>" or "event"), its session_id empty."""
    def as_version_1(manifest: dict) -> dict:
        for row in manifest["tables"]["note"]:
            session_id = row.pop("session_id")
            row.update(scope="event" if session_id is None else f"session:{session_id}", session_id=None)
        return {**manifest, "version": 1}

    archive = tmp_path / "forum.zip"
    with app.app_context():
        before = dump(FORUM, keep_secrets=False)
        export_event(FORUM, archive)
    _rewrite(archive, lambda name, data: json.dumps(as_version_1(json.loads(data))).encode() if name == MANIFEST
             else data)
    assert {row["scope"] for row in _archived(archive)["note"]} > {"event"}
    with app.app_context():
        import_event(archive, slug="forum-copy")
        db.session.commit()
        assert_same(dump("forum-copy", keep_secrets=False), before)
