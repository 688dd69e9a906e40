"""Fixtures of the materials tests: an event whose sessions have started or not, people in every role,
materials made through the services, and a look at the files on disk."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from app.extensions import db
from tests.materials import samples


@dataclass
class Forum:
    event: object
    organiser: object
    past_session: int      # started yesterday
    future_session: int    # starts tomorrow
    users: dict = field(default_factory=dict)


@pytest.fixture
def files_on_disk(app):
    """files_on_disk() -> the stored files (paths relative to the storage root), staging included."""

    def list_files() -> set[str]:
        root = Path(app.config["STORAGE_LOCAL_ROOT"])
        if not root.exists():
            return set()
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    return list_files


@pytest.fixture
def add_material(app):
    """add_material(event, session_id, filename="Доклад.pdf", data=None, visibility="public", embargo=False,
    kind="file", url=None, title=None, language="ru") -> material id, through the service (as the organiser)."""

    def factory(event, session_id, filename="Доклад.pdf", data=None, visibility="public", embargo=False, kind="file",
                url=None, title=None, language="ru", actor=None):
        from app.core.storage import get_storage
        from app.events.models import Event
        from app.materials import services
        from app.materials.uploads import stage_bytes

        with app.test_request_context():
            target = db.session.get(Event, event.id)
            common = dict(session_id=session_id, title=title or {"en": filename}, language=language,
                          visibility=visibility, embargo_until_start=embargo)
            if kind == "link":
                material = services.create_material(target, actor, kind="link", url=url or "https://example.org/x",
                                                    **common)
            else:
                storage = get_storage()
                with stage_bytes(storage, data if data is not None else samples.pdf(filename), filename) as staged:
                    material = services.create_material(target, actor, kind="file", staged=staged, storage=storage,
                                                        **common)
            db.session.commit()
            return material.id

    return factory


@pytest.fixture
def link_person(app):
    """link_person(event, session_id, user, name=...) -> person id: the user speaks in that session."""

    def run(event, session_id, user, name="Speaker", role="speaker"):
        from app.agenda.models import Person, PersonRole, SessionPerson
        from app.events.models import EventMember, EventRole

        with app.app_context():
            person = Person(event_id=event.id, name=name, user_id=user.id if user else None,
                            email=user.email if user else None)
            db.session.add(person)
            db.session.flush()
            db.session.add(SessionPerson(session_id=session_id, person_id=person.id, role=PersonRole(role)))
            if user is not None and db.session.scalar(db.select(EventMember.id).where(
                    EventMember.event_id == event.id, EventMember.user_id == user.id,
                    EventMember.role == EventRole.SPEAKER)) is None:
                db.session.add(EventMember(event_id=event.id, user_id=user.id, role=EventRole.SPEAKER))
            db.session.commit()
            return person.id

    return run


@pytest.fixture
def set_registration(app):
    """set_registration(event, user, status) writes a registration in that state."""

    def run(event, user, status="confirmed"):
        from app.registration.models import Registration, RegistrationStatus

        with app.app_context():
            db.session.add(Registration(event_id=event.id, user_id=user.id, email=user.email, name=user.name,
                                        status=RegistrationStatus(status), language="en", answers={}))
            db.session.commit()

    return run


@pytest.fixture
def forum(create_user, create_event, create_session, publish, add_role, link_person, set_registration) -> Forum:
    """A public event from yesterday to tomorrow: a session that has started, one that has not,
    both published; users in every role the materials rules know."""
    organiser = create_user(email="organiser@example.org", name="Organiser")
    today = date.today()
    event = create_event(organiser=organiser, slug="forum", start_date=today - timedelta(days=1),
                         end_date=today + timedelta(days=1), timezone="UTC")
    past = create_session(event, {"en": "Opening", "ru": "Открытие"}, day=1, start=time(9))
    future = create_session(event, {"en": "Закрытие", "kk": "Жабылу"}, day=3, start=time(9))
    users = {
        "participant": create_user(email="participant@example.org", name="Participant"),
        "waiting": create_user(email="waiting@example.org", name="Waiting"),
        "stranger": create_user(email="stranger@example.org", name="Stranger"),
        "rapporteur": create_user(email="rapporteur@example.org", name="Rapporteur"),
        "speaker": create_user(email="speaker@example.org", name="Speaker"),
        "other_speaker": create_user(email="other@example.org", name="Other speaker"),
        "admin": create_user(email="admin@example.org", name="Admin", is_admin=True),
        "other_organiser": create_user(email="elsewhere@example.org", name="Organiser elsewhere"),
        "organiser": organiser,
    }
    set_registration(event, users["participant"], "confirmed")
    set_registration(event, users["waiting"], "waiting")
    add_role(event, users["rapporteur"], "rapporteur")
    create_event(organiser=users["other_organiser"], slug="elsewhere")
    publish(event)
    return Forum(event=event, organiser=organiser, past_session=past, future_session=future, users=users)


def upload(client, url: str, filename: str, data: bytes, **fields):
    """POST a multipart form with one file under `file` (or fields['file_field'])."""
    file_field = fields.pop("file_field", "file")
    form = {"kind": "file", "visibility": "public", **fields, file_field: (io.BytesIO(data), filename)}
    return client.post(url, data=form, content_type="multipart/form-data")


def multipart_body(fields: dict, file_field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body as bytes, and its content type."""
    boundary = "convene-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def material_row(app, material_id: int):
    from app.materials.models import Material

    with app.app_context():
        material = db.session.get(Material, material_id)
        if material is not None:
            db.session.expunge(material)
        return material


def count_rows(app, model) -> int:
    from sqlalchemy import func, select

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
