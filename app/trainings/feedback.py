"""Feedback: surveys about the event or a session, questions, one answer per participant, results.

Anonymity. In an anonymous survey a response keeps no user id, only a keyed hash
(HMAC-SHA256 with the app's secret) of survey and user: the participant's next
visit finds and edits their answer, and the unique constraint allows one each,
while nothing an organiser can read names the author. The date is kept to the
day (midnight UTC) and lists are ordered by that hash, so neither timing nor
order ties an answer to the moment someone was seen answering. Nothing about a
participant's answer goes into the audit log.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.agenda.models import SessionKind
from app.agenda.published import published_agenda
from app.core.errors import DomainError
from app.core.i18n import localize
from app.core.models import record_audit
from app.core.spreadsheets import csv_row
from app.db import utcnow
from app.extensions import db
from app.registration.models import Registration
from app.trainings.models import FeedbackQuestion, FeedbackResponse, FeedbackSurvey, QuestionKind

RATINGS = (1, 2, 3, 4, 5)
MAX_QUESTIONS = 40
MAX_CHOICES = 20
MAX_TEXT = 5000
NO_FEEDBACK_KINDS = (SessionKind.BREAK,)


# --- identity -----------------------------------------------------------------------------

def respondent_key(survey_id: int, user_id: int) -> str:
    """A keyed hash of survey and user: stable for the pair, meaningless without the app's secret."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"feedback:{survey_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def coarse_day(now: datetime) -> datetime:
    """Midnight UTC of the day: when an answer was given, to the day and no closer."""
    now = now.astimezone(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


# --- surveys ------------------------------------------------------------------------------

def feedback_sessions(event) -> list:
    """Published sessions a survey may be about (not breaks, not cancelled)."""
    agenda = published_agenda(event)
    if agenda is None:
        return []
    return [s for s in agenda.sessions if s.kind not in NO_FEEDBACK_KINDS and not s.is_cancelled]


def surveys_of(event, open_only: bool = False) -> list[FeedbackSurvey]:
    """The event's surveys: the one about the event first, then by session time."""
    query = select(FeedbackSurvey).where(FeedbackSurvey.event_id == event.id)
    if open_only:
        query = query.where(FeedbackSurvey.is_open.is_(True))
    surveys = list(db.session.scalars(query.order_by(FeedbackSurvey.id)))
    agenda = published_agenda(event)
    by_id = agenda.by_id if agenda else {}

    def order(survey):
        session = by_id.get(survey.session_id)
        return (survey.session_id is not None, session.starts_at.timestamp() if session else 0, survey.id)

    return sorted(surveys, key=order)


def survey_of(event, survey_id: int) -> FeedbackSurvey | None:
    survey = db.session.get(FeedbackSurvey, survey_id)
    return survey if survey is not None and survey.event_id == event.id else None


def survey_title(survey: FeedbackSurvey, event) -> str:
    """"About the event", or the session's title in the reader's language."""
    if survey.session_id is None:
        return _("About the event")
    agenda = published_agenda(event)
    session = agenda.by_id.get(survey.session_id) if agenda else None
    if session is None:
        return _("A session no longer in the agenda")
    return str(localize(session.title, event.default_language))


def response_counts(event) -> dict[int, int]:
    return dict(db.session.execute(
        select(FeedbackResponse.survey_id, func.count(FeedbackResponse.id))
        .join(FeedbackSurvey, FeedbackSurvey.id == FeedbackResponse.survey_id)
        .where(FeedbackSurvey.event_id == event.id).group_by(FeedbackResponse.survey_id)).all())


def create_survey(event, actor, session_id: int | None, anonymous: bool) -> FeedbackSurvey:
    """One survey about the event, and at most one per session."""
    if session_id is not None and session_id not in {s.id for s in feedback_sessions(event)}:
        raise DomainError(_l("Choose a session of this event's published agenda."), field="target")
    taken = db.session.scalar(select(FeedbackSurvey.id).where(
        FeedbackSurvey.event_id == event.id,
        FeedbackSurvey.session_id.is_(None) if session_id is None else FeedbackSurvey.session_id == session_id))
    if taken is not None:
        raise DomainError(_l("There is already a survey about this. Add questions to it instead."), field="target")
    survey = FeedbackSurvey(event_id=event.id, session_id=session_id, anonymous=anonymous, is_open=True)
    db.session.add(survey)
    db.session.flush()
    record_audit(actor, "trainings.survey_created", event, survey=survey.id, session=session_id, anonymous=anonymous)
    return survey


def has_responses(survey: FeedbackSurvey) -> bool:
    return db.session.scalar(select(FeedbackResponse.id).where(FeedbackResponse.survey_id == survey.id).limit(1)) \
        is not None


def update_survey(survey: FeedbackSurvey, event, actor, *, anonymous: bool, is_open: bool) -> None:
    """Open or close the survey; anonymity can only change while nobody has answered."""
    if anonymous != survey.anonymous and has_responses(survey):
        raise DomainError(_l("Anonymity cannot change once participants have answered."), field="anonymous")
    survey.anonymous = anonymous
    survey.is_open = is_open
    db.session.flush()
    record_audit(actor, "trainings.survey_changed", event, survey=survey.id, anonymous=anonymous, open=is_open)


def delete_survey(survey: FeedbackSurvey, event, actor) -> None:
    record_audit(actor, "trainings.survey_deleted", event, survey=survey.id, session=survey.session_id)
    db.session.delete(survey)
    db.session.flush()


# --- questions ----------------------------------------------------------------------------

def questions_of(survey: FeedbackSurvey) -> list[FeedbackQuestion]:
    return list(db.session.scalars(select(FeedbackQuestion).where(FeedbackQuestion.survey_id == survey.id)
                                   .order_by(FeedbackQuestion.position, FeedbackQuestion.id)))


def questions_by_survey(surveys: list[FeedbackSurvey]) -> dict[int, list[FeedbackQuestion]]:
    result: dict[int, list[FeedbackQuestion]] = {s.id: [] for s in surveys}
    if surveys:
        for question in db.session.scalars(select(FeedbackQuestion).where(
                FeedbackQuestion.survey_id.in_(list(result))).order_by(FeedbackQuestion.position, FeedbackQuestion.id)):
            result[question.survey_id].append(question)
    return result


def question_of(survey: FeedbackSurvey, question_id: int) -> FeedbackQuestion | None:
    question = db.session.get(FeedbackQuestion, question_id)
    return question if question is not None and question.survey_id == survey.id else None


def merge_choices(labels: list[dict], existing: list[dict]) -> list[dict]:
    """Choices from edited labels, keeping the keys (and so the answers) of the ones that stayed.

    A choice keeps its key when one of its labels is unchanged, or when it is at the same
    place as an old choice that matched nothing else (a typo corrected in place).
    """
    old = list(existing or [])
    used: set[str] = set()
    keys: list[str | None] = []
    for label in labels:
        key = next((c["key"] for c in old if c["key"] not in used
                    and any(text and c.get("label", {}).get(lang) == text for lang, text in label.items())), None)
        if key:
            used.add(key)
        keys.append(key)
    for index, key in enumerate(keys):
        if key is None and index < len(old) and old[index]["key"] not in used:
            keys[index] = old[index]["key"]
            used.add(old[index]["key"])
    numbers = [int(c["key"][1:]) for c in old if c["key"][1:].isascii() and c["key"][1:].isdigit()]
    next_number = max(numbers, default=0) + 1
    result = []
    for label, key in zip(labels, keys):
        if key is None:
            key = f"c{next_number}"
            next_number += 1
        result.append({"key": key, "label": label})
    return result


def save_question(survey: FeedbackSurvey, event, actor, *, kind: str, label: dict, required: bool,
                  choice_labels: list[dict] | None = None,
                  question: FeedbackQuestion | None = None) -> FeedbackQuestion:
    """Add or change a question. Its kind is fixed once created (answers are stored for it)."""
    if question is None:
        count = db.session.scalar(select(func.count(FeedbackQuestion.id)).where(FeedbackQuestion.survey_id == survey.id))
        if count >= MAX_QUESTIONS:
            raise DomainError(_l("A survey has at most %(max)d questions.", max=MAX_QUESTIONS))
        position = db.session.scalar(select(func.max(FeedbackQuestion.position)).where(
            FeedbackQuestion.survey_id == survey.id))
        question = FeedbackQuestion(survey_id=survey.id, kind=QuestionKind(kind),
                                    position=0 if position is None else position + 1)
        db.session.add(question)
    if not any((text or "").strip() for text in (label or {}).values()):
        raise DomainError(_l("Please write the question."), field="label")
    question.label = label
    question.required = required
    if question.kind == QuestionKind.CHOICE:
        labels = choice_labels or []
        if len(labels) < 2:
            raise DomainError(_l("Give at least two choices, one per line."), field="choices")
        if len(labels) > MAX_CHOICES:
            raise DomainError(_l("Give at most %(max)d choices.", max=MAX_CHOICES), field="choices")
        question.choices = merge_choices(labels, question.choices)
    else:
        question.choices = []
    db.session.flush()
    record_audit(actor, "trainings.question_saved", event, survey=survey.id, question=question.id,
                 kind=question.kind.value)
    return question


def delete_question(question: FeedbackQuestion, survey: FeedbackSurvey, event, actor) -> None:
    record_audit(actor, "trainings.question_deleted", event, survey=survey.id, question=question.id)
    db.session.delete(question)
    db.session.flush()


def move_question(question: FeedbackQuestion, survey: FeedbackSurvey, event, actor, offset: int) -> bool:
    questions = questions_of(survey)
    index = next(i for i, q in enumerate(questions) if q.id == question.id)
    target = index + offset
    if not 0 <= target < len(questions):
        return False
    questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    db.session.flush()
    return True


# --- answers ------------------------------------------------------------------------------

def response_of(survey: FeedbackSurvey, user) -> FeedbackResponse | None:
    return db.session.scalar(select(FeedbackResponse).where(
        FeedbackResponse.survey_id == survey.id, FeedbackResponse.respondent_key == respondent_key(survey.id, user.id)))


def answered_survey_ids(surveys: list[FeedbackSurvey], user) -> set[int]:
    keys = {respondent_key(s.id, user.id): s.id for s in surveys}
    if not keys:
        return set()
    return {keys[key] for key in db.session.scalars(select(FeedbackResponse.respondent_key).where(
        FeedbackResponse.survey_id.in_([s.id for s in surveys]), FeedbackResponse.respondent_key.in_(list(keys))))}


def clean_answers(questions: list[FeedbackQuestion], raw: dict) -> dict:
    """{question id (str): value}: ratings as 1..5, choices as their keys, texts trimmed; empty ones left out."""
    answers = {}
    for question in questions:
        value = raw.get(str(question.id), raw.get(question.id))
        if question.kind == QuestionKind.RATING:
            try:
                value = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                value = None
            if value is not None and value not in RATINGS:
                raise DomainError(_l("Choose a rating from 1 to 5."), field=f"q_{question.id}")
        elif question.kind == QuestionKind.CHOICE:
            value = value or None
            if value is not None and value not in {c["key"] for c in question.choices or []}:
                raise DomainError(_l("Choose one of the answers offered."), field=f"q_{question.id}")
        else:
            value = (value or "").strip()[:MAX_TEXT] or None
        if value is None:
            if question.required:
                raise DomainError(_l("This field is required."), field=f"q_{question.id}")
            continue
        answers[str(question.id)] = value
    return answers


class AlreadyAnswered(DomainError):
    """The person's first answer was saved a moment ago by another request (the form sent twice at once)."""

    def __init__(self):
        super().__init__(_l("You have answered already; you can change your answers."))


def submit_response(survey: FeedbackSurvey, event, user, raw_answers: dict, *, is_participant: bool,
                    now: datetime | None = None) -> FeedbackResponse:
    """Save the user's answer: the first time a new response, afterwards an edit of the same one.

    Raises DomainError when refused, and its subclass AlreadyAnswered when two first answers
    race and the other one won (the unique key lets only one in); the caller rolls back.
    """
    if not is_participant:
        raise DomainError(_l("Only confirmed participants can give feedback."))
    if not survey.is_open:
        raise DomainError(_l("This survey is closed."))
    answers = clean_answers(questions_of(survey), raw_answers)
    if not answers:
        raise DomainError(_l("Please answer at least one question."))
    now = now or utcnow()
    response = response_of(survey, user)
    first = response is None
    if first:
        response = FeedbackResponse(survey_id=survey.id, respondent_key=respondent_key(survey.id, user.id))
        db.session.add(response)
    response.user_id = None if survey.anonymous else user.id
    response.answers = answers
    response.submitted_on = coarse_day(now) if survey.anonymous else now
    try:
        db.session.flush()
    except IntegrityError:
        if not first:
            raise
        raise AlreadyAnswered() from None
    return response


# --- results ------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: FeedbackQuestion
    label: str
    answered: int = 0
    bars: list = field(default_factory=list)      # [(label, count)] for ratings and choices
    average: float | None = None
    texts: list = field(default_factory=list)     # [(text, author name or None)]

    @property
    def top(self) -> int:
        return max([count for _, count in self.bars] + [1])


def responses_of(survey: FeedbackSurvey) -> list[FeedbackResponse]:
    """Responses in an order that says nothing about when they came (the keyed hash, for anonymous ones)."""
    order = (FeedbackResponse.respondent_key,) if survey.anonymous else (FeedbackResponse.submitted_on, FeedbackResponse.id)
    return list(db.session.scalars(select(FeedbackResponse).where(FeedbackResponse.survey_id == survey.id)
                                   .order_by(*order)))


def author_names(event, responses: list[FeedbackResponse]) -> dict[int, tuple[str, str]]:
    """{user id: (name, e-mail)} from the registrations, for surveys that are not anonymous."""
    user_ids = {r.user_id for r in responses if r.user_id is not None}
    if not user_ids:
        return {}
    return {user_id: (name, email) for user_id, name, email in db.session.execute(
        select(Registration.user_id, Registration.name, Registration.email).where(
            Registration.event_id == event.id, Registration.user_id.in_(user_ids)))}


def choice_label(question: FeedbackQuestion, key: str, event) -> str:
    for choice in question.choices or []:
        if choice["key"] == key:
            return str(localize(choice.get("label"), event.default_language)) or key
    return key


def results(survey: FeedbackSurvey, event, questions: list[FeedbackQuestion],
            responses: list[FeedbackResponse]) -> list[QuestionResult]:
    names = {} if survey.anonymous else author_names(event, responses)
    out = []
    for question in questions:
        key = str(question.id)
        values = [(r.answers or {}).get(key) for r in responses]
        result = QuestionResult(question=question, label=str(localize(question.label, event.default_language)))
        if question.kind == QuestionKind.RATING:
            ratings = [v for v in values if isinstance(v, int) and v in RATINGS]
            result.bars = [(str(n), ratings.count(n)) for n in RATINGS]
            result.answered = len(ratings)
            result.average = sum(ratings) / len(ratings) if ratings else None
        elif question.kind == QuestionKind.CHOICE:
            chosen = [v for v in values if v]
            result.bars = [(choice_label(question, c["key"], event), chosen.count(c["key"]))
                           for c in question.choices or []]
            result.answered = sum(count for _, count in result.bars)
        else:
            for response, value in zip(responses, values):
                if value:
                    author = None if survey.anonymous else names.get(response.user_id, ("", ""))[0]
                    result.texts.append((value, author))
            result.answered = len(result.texts)
        out.append(result)
    return out


def csv_text(survey: FeedbackSurvey, event, questions: list[FeedbackQuestion],
             responses: list[FeedbackResponse]) -> str:
    """All answers, one row per response, UTF-8 with a BOM (Excel then reads Cyrillic and Kazakh).

    An anonymous survey's file has no column about the person or the time.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    labels = [str(localize(q.label, event.default_language)) for q in questions]
    named = not survey.anonymous
    writer.writerow(csv_row(([_("Name"), _("E-mail address"), _("Date")] if named else []) + labels))
    names = author_names(event, responses) if named else {}
    for response in responses:
        answers = response.answers or {}
        row = []
        if named:
            name, email = names.get(response.user_id, ("", ""))
            row += [name, email, response.submitted_on.strftime("%Y-%m-%d %H:%M")]
        for question in questions:
            value = answers.get(str(question.id))
            row.append(choice_label(question, value, event) if question.kind == QuestionKind.CHOICE and value else value)
        writer.writerow(csv_row(row))
    return "\ufeff" + buffer.getvalue()
