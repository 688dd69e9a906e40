"""The demo: the model forum (Astana, 2017) and the model training, with their team, and a
regional round table that waits for the demo administrator's approval.

load_demo() is idempotent: it finds what exists by slug or e-mail and brings
it back to the demo's content, so running it twice changes nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from app.accounts import services as accounts
from app.accounts.models import User
from app.agenda.publishing import latest_publication, pending_changes, publish
from app.demo import specs
from app.demo.agenda import load_agenda
from app.demo.materials import load_materials
from app.demo.messages import load_messages
from app.demo.notes import load_notes
from app.demo.registrations import load_arrivals, load_fields, load_registrations, load_session_places
from app.demo.reminders import load_reminders
from app.demo.trainings import load_trainings
from app.events import services as events
from app.events.models import Approval, Event, EventKind, EventRole, RegistrationMode, Visibility
from app.extensions import db
from app.registration.models import RegistrationStatus

DEMO_PASSWORD = "convene-demo"

TEAM = [
    # e-mail, name, roles in the forum, roles in the training, preferred language
    ("admin@example.org", "Site Administrator", [], [], "en"),
    ("checkin@example.org", "Daniyar Sadykov", [EventRole.CHECKIN], [EventRole.CHECKIN], "kk"),
    ("rapporteur@example.org", "Olga Petrenko", [EventRole.RAPPORTEUR], [EventRole.RAPPORTEUR], "ru"),
]

_EVENT_FIELDS = ("kind", "title", "summary", "description", "venue", "start_date", "end_date", "timezone",
                 "languages", "default_language", "visibility", "capacity", "registration_mode")


def _user(email: str, name: str, language: str, organisation: str = "", admin: bool = False) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(email=email, password=DEMO_PASSWORD, name=name, organisation=organisation,
                                    country="KZ", preferred_language=language, is_admin=admin, verified=True)
    return user


def _event(spec: dict) -> Event:
    event = db.session.scalar(db.select(Event).where(Event.slug == spec["slug"]))
    if event is None:
        event = Event(slug=spec["slug"])
        db.session.add(event)
    values = {key: spec[key] for key in _EVENT_FIELDS}
    values["kind"] = EventKind(values["kind"])
    values["visibility"] = Visibility(values["visibility"])
    values["registration_mode"] = RegistrationMode(values["registration_mode"])
    values["approval"] = Approval(spec["approval"])
    for key, value in values.items():
        if getattr(event, key, None) != value:
            setattr(event, key, value)
    db.session.flush()
    return event


def _organisers(event: Event, spec: dict) -> None:
    for organiser in spec["organisers"]:
        org = organiser.get("organisation") or {}
        user = _user(organiser["email"], organiser["name"], spec["default_language"],
                     organisation=org.get(spec["default_language"], ""))
        user.is_event_creator = organiser["event_creator"]
        _give_role(event, user, EventRole.ORGANISER)
        if event.created_by_id is None:
            event.created_by_id = user.id


def _next_year(spec: dict) -> dict:
    """The spec moved to next year, same month and day."""
    year = date.today().year + 1
    return dict(spec, start_date=spec["start_date"].replace(year=year), end_date=spec["end_date"].replace(year=year))


def _give_role(event: Event, user: User, role: EventRole) -> None:
    events.ensure_member(event, user, role)


# Limited modules of the upcoming training: places, and how many participants take one (the rest wait).
LIMITED_MODULES = {"Module 3.": 8, "Module 7.": 6}
DEMO_PLACES = {"Module 3.": 10, "Module 7.": 4}


def _upcoming_training_spec() -> dict:
    """The next edition of the model training: same course, next year, open for registration."""
    today = date.today()
    start = date(today.year + 1, 10, 5)
    spec = dict(specs.training())
    spec.update(slug=f"npm-monitors-training-{start.year}", start_date=start, end_date=start + timedelta(days=2),
                visibility="public", registration_mode="open", capacity=12)
    # Two modules work in small groups, so participants take a place in them.
    spec["sessions"] = [dict(session, capacity=LIMITED_MODULES.get(session["title"]["en"][:9]))
                        for session in spec["sessions"]]
    return spec


def load_demo() -> str:
    forum_spec, training_spec, upcoming_spec = specs.forum(), specs.training(), _upcoming_training_spec()
    forum, training, upcoming = _event(forum_spec), _event(training_spec), _event(upcoming_spec)
    round_table_spec = _next_year(specs.round_table())
    round_table = _event(round_table_spec)
    for spec, event in ((forum_spec, forum), (training_spec, training), (upcoming_spec, upcoming),
                        (round_table_spec, round_table)):
        load_fields(event, spec)
        _organisers(event, spec)
    for email, name, forum_roles, training_roles, language in TEAM:
        user = _user(email, name, language, admin=email.startswith("admin@"))
        for role in forum_roles:
            _give_role(forum, user, role)
        for role in training_roles:
            _give_role(training, user, role)
            _give_role(upcoming, user, role)
    db.session.flush()
    sessions = (load_agenda(forum, forum_spec) + load_agenda(training, training_spec)
                + load_agenda(upcoming, upcoming_spec))
    admin = accounts.find_user_by_email("admin@example.org")
    for event in (forum, training, upcoming):
        if pending_changes(event) or latest_publication(event) is None:
            publish(event, admin)
    load_notes(forum)
    confirmed, waiting = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING
    people = specs.participants()
    load_registrations(forum, forum_spec, people, statuses=[confirmed] * len(people),
                       registered_on=date(2017, 3, 20), spread_days=55, checked_in=len(people) - 3,
                       password=DEMO_PASSWORD)
    load_registrations(training, training_spec, people[:20], statuses=[confirmed] * 20,
                       registered_on=date(2017, 9, 1), checked_in=18, password=DEMO_PASSWORD)
    load_trainings(training)
    for spec, event in ((forum_spec, forum), (training_spec, training), (upcoming_spec, upcoming)):
        load_materials(event, spec)
    # The upcoming training is full: twelve seats taken, three people waiting. The first of them,
    # Timur Akhmetov, also attended the forum and holds a certificate of the 2017 training: "My events"
    # shows him registrations in several states.
    load_registrations(upcoming, upcoming_spec, people[10:22] + [people[3], people[22], people[23]],
                       statuses=[confirmed] * 12 + [waiting] * 3,
                       registered_on=date.today() - timedelta(days=20), password=DEMO_PASSWORD)
    load_session_places(upcoming, DEMO_PLACES, taken_on=date.today() - timedelta(days=10))
    load_reminders(upcoming, upcoming_spec)
    load_arrivals(upcoming, upcoming_spec.get("arrivals"))
    db.session.flush()
    load_messages(upcoming, upcoming_spec, upcoming_spec["organisers"][0]["email"])
    return (f"Demo loaded ({sessions} sessions): {forum.slug}, {training.slug}, {upcoming.slug}, "
            f"and {round_table.slug} awaiting approval. "
            f"Sign in as admin@example.org (administrator), organiser@example.org (event creator), "
            f"training@example.org, regional@example.org, checkin@example.org, "
            f"rapporteur@example.org or a participant such as {people[0]['email']} (or {people[3]['email']}, "
            f"on a waiting list) with the password '{DEMO_PASSWORD}'.")
