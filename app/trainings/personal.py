"""What trainings show on the person's own page ("My events"): their attendance and certificate of a
training, and the feedback surveys still waiting for their answers (the answer to MY_EVENTS_PARTS)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.events.models import Event, EventKind
from app.events.personal import PersonalPart
from app.extensions import db
from app.registration.models import RegistrationStatus
from app.registration.services import registrations_of_user
from app.trainings import feedback
from app.trainings.models import Certificate, FeedbackSurvey


@dataclass
class TrainingSummary:
    is_training: bool
    certificate: Certificate | None  # a valid one (revoked certificates are not offered)
    surveys_to_answer: list[FeedbackSurvey] = field(default_factory=list)


def my_events_part(user) -> dict[int, PersonalPart]:
    registrations = [r for r in registrations_of_user(user) if r.status == RegistrationStatus.CONFIRMED]
    if not registrations:
        return {}
    certificates = {c.registration_id: c for c in db.session.scalars(select(Certificate).where(
        Certificate.registration_id.in_([r.id for r in registrations]), Certificate.revoked_at.is_(None)))}
    events = {e.id: e for e in db.session.scalars(select(Event).where(
        Event.id.in_([r.event_id for r in registrations])))}
    result = {}
    for registration in registrations:
        event = events[registration.event_id]
        surveys = feedback.surveys_of(event, open_only=True)
        questions = feedback.questions_by_survey(surveys)
        surveys = [s for s in surveys if questions[s.id]]
        answered = feedback.answered_survey_ids(surveys, user)
        summary = TrainingSummary(is_training=event.kind == EventKind.TRAINING,
                                  certificate=certificates.get(registration.id),
                                  surveys_to_answer=[s for s in surveys if s.id not in answered])
        if summary.is_training or summary.surveys_to_answer:
            result[event.id] = PersonalPart("trainings/_my_events_part.html", summary, order=30)
    return result
