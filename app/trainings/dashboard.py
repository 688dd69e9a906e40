"""Feedback's part of the organiser's dashboard: each survey's response rate and average ratings,
counted by the database (a constant number of queries, whatever the number of answers)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Float, cast, func, literal, select, union_all

from app.agenda.published import published_agenda
from app.core.i18n import localize
from app.events.dashboard import DashboardPart
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.trainings.feedback import response_counts
from app.trainings.models import FeedbackQuestion, FeedbackResponse, FeedbackSurvey, QuestionKind


@dataclass
class SurveyFigures:
    survey: FeedbackSurvey
    title: str
    responses: int
    participants: int
    ratings: list[tuple[str, float | None, int]] = field(default_factory=list)  # (question, average, answers)

    @property
    def rate(self) -> float | None:
        return self.responses / self.participants if self.participants else None


def feedback_figures(event) -> list[SurveyFigures]:
    """Five queries at most, plus the published agenda's (for the sessions' titles)."""
    surveys = list(db.session.scalars(select(FeedbackSurvey).where(FeedbackSurvey.event_id == event.id)
                                      .order_by(FeedbackSurvey.id)))
    if not surveys:
        return []
    agenda = published_agenda(event) if any(s.session_id for s in surveys) else None
    sessions = agenda.by_id if agenda else {}
    responses = response_counts(event)
    participants = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.erased_at.is_(None))) or 0
    questions = list(db.session.scalars(select(FeedbackQuestion).where(
        FeedbackQuestion.survey_id.in_([s.id for s in surveys]), FeedbackQuestion.kind == QuestionKind.RATING)
        .order_by(FeedbackQuestion.survey_id, FeedbackQuestion.position, FeedbackQuestion.id)))
    averages = {}
    if questions:
        parts = []
        for question in questions:
            value = FeedbackResponse.answers[str(question.id)].as_integer()
            parts.append(select(literal(question.id).label("question"), func.avg(cast(value, Float)).label("average"),
                                func.count(value).label("n"))
                         .where(FeedbackResponse.survey_id == question.survey_id, value.between(1, 5)))
        averages = {question_id: (average, n) for question_id, average, n in db.session.execute(union_all(*parts))}
    figures = []
    for survey in sorted(surveys, key=lambda s: (s.session_id is not None, sessions[s.session_id].starts_at.timestamp()
                                                 if s.session_id in sessions else 0, s.id)):
        if survey.session_id is None:
            title = _("About the event")
        elif survey.session_id in sessions:
            title = str(localize(sessions[survey.session_id].title, event.default_language))
        else:
            title = _("A session no longer in the agenda")
        ratings = [(str(localize(q.label, event.default_language)), *averages.get(q.id, (None, 0)))
                   for q in questions if q.survey_id == survey.id]
        figures.append(SurveyFigures(survey, title, responses.get(survey.id, 0), participants, ratings))
    return figures


def dashboard_parts(event, chart_ids) -> DashboardPart | None:
    figures = feedback_figures(event)
    if not figures:
        return None
    return DashboardPart("trainings/_dashboard_feedback.html", 60, {"surveys": figures})
