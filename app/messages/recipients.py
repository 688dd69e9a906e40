"""Who a message goes to: the participant table's filters (app/registration/table.py does the
filtering), plus the audiences outside it (the event's team by role, speakers with no material).

A filter is kept with the message as a plain dict (RecipientFilter.as_dict), so its history says how
the recipients were chosen. People who erased their data are never recipients.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from app.accounts.models import User
from app.events.models import EventKind, EventMember, EventRole
from app.extensions import db
from app.materials.speakers import speakers_without_material
from app.messages import optout
from app.registration import places, table
from app.registration import services as registration_services
from app.registration.manage_forms import TableFilters
from app.registration.models import Registration
from app.trainings import services as trainings

AUDIENCES = ("participants", "team", "speakers")


@dataclass
class RecipientFilter:
    audience: str = "participants"
    status: str = "confirmed"
    answers: dict = field(default_factory=dict)  # field key -> the table's URL value ("yes", a choice key...)
    place: int | None = None                     # a place in this limited session
    checked_in: str = ""                          # "yes", "no" or "" (either)
    below_completion: bool = False                # trainings: attendance below the completion rule
    role: str = ""                                # team: one role, or "" for the whole team

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RecipientFilter:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    @classmethod
    def from_args(cls, args, event) -> RecipientFilter:
        """Read from a form or query string with the table's names (status, f_<key>), checked:
        unknown values are dropped, as the participant table drops them."""
        table_filters = TableFilters.from_args(args, registration_services.fields_of(event))
        audience = args.get("audience", "participants")
        role = args.get("role", "")
        place = args.get("place", "")
        checked_in = args.get("checked_in", "")
        limited = limited_sessions(event)
        return cls(audience=audience if audience in AUDIENCES else "participants",
                   status=table_filters.status if "status" in args else "confirmed",
                   answers=table_filters.answers,
                   place=int(place) if place.isdigit() and int(place) in limited else None,
                   checked_in=checked_in if checked_in in ("yes", "no") else "",
                   below_completion=args.get("below_completion") in ("y", "1", "on", "true")
                   and event.kind == EventKind.TRAINING,
                   role=role if role in {r.value for r in EventRole} else "")


@dataclass(frozen=True)
class Candidate:
    """A recipient before the message exists: a registration id, or an address (team, speakers)."""

    registration_id: int | None
    email: str
    name: str
    language: str

    @property
    def key(self) -> str:
        return f"r{self.registration_id}" if self.registration_id else f"e{self.email}"


def limited_sessions(event) -> dict[int, object]:
    """The event's limited sessions, by id (for the "has a place in" filter)."""
    return {session.id: session for session in places.limited_sessions(event)}


@dataclass
class Chosen:
    """The recipients a filter chooses, and how many more it would choose but for their opting out."""

    people: list[Candidate]
    opted_out: int = 0


def _participants(event, spec: RecipientFilter) -> Chosen:
    answers = {key: {"yes": True, "no": False}.get(value, value) for key, value in spec.answers.items()}
    statement = table.participants_query(
        event, status=spec.status or None, answers=answers,
        checked_in={"yes": True, "no": False}.get(spec.checked_in), place_in_session=spec.place)
    statement = statement.where(Registration.erased_at.is_(None)).with_only_columns(
        Registration.id, Registration.email, Registration.name, Registration.language,
        optout.has_opted_out().label("opted_out"))
    rows = db.session.execute(statement).all()
    if spec.below_completion:
        completed = {p.registration.id for p in trainings.progress(event) if p.completed}
        rows = [row for row in rows if row.id not in completed]
    return Chosen([Candidate(row.id, row.email, row.name, row.language) for row in rows if not row.opted_out],
                  sum(1 for row in rows if row.opted_out))


def _team(event, spec: RecipientFilter) -> list[Candidate]:
    statement = (select(User).join(EventMember, EventMember.user_id == User.id)
                 .where(EventMember.event_id == event.id).order_by(User.name, User.id))
    if spec.role:
        statement = statement.where(EventMember.role == EventRole(spec.role))
    users = list(dict.fromkeys(db.session.scalars(statement)))
    return [Candidate(None, user.email, user.name, user.preferred_language or event.default_language)
            for user in users if user.email]


def _speakers(event) -> list[Candidate]:
    found = {}
    for person, _sessions in speakers_without_material(event):
        user = db.session.get(User, person.user_id) if person.user_id else None
        email = person.email or (user.email if user else None)
        if email and email not in found:
            language = user.preferred_language if user else event.default_language
            found[email] = Candidate(None, email, person.name, language or event.default_language)
    return list(found.values())


def choose(event, spec: RecipientFilter) -> Chosen:
    """The recipients `spec` chooses now, in the table's order (team and speakers: by name), without
    the participants who opted out of the event's messages (counted apart)."""
    if spec.audience == "team":
        return Chosen(_team(event, spec))
    if spec.audience == "speakers":
        return Chosen(_speakers(event))
    return _participants(event, spec)


def candidates(event, spec: RecipientFilter) -> list[Candidate]:
    return choose(event, spec).people


def language_counts(event, people: list[Candidate]) -> dict[str, int]:
    """How many recipients read each language (the event's languages first, then any other)."""
    counted = Counter(person.language for person in people)
    ordered = {lang: counted.pop(lang, 0) for lang in event.languages}
    ordered.update(counted)
    return ordered
