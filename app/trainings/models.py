"""Trainings: attendance per module, completion rules, certificates, feedback."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.labels import register_labels
from app.db import Translations, enum_column, utcnow
from app.extensions import db


class CompletionKind(enum.StrEnum):
    SHARE = "share"        # at least a share of the modules, e.g. 0.8
    REQUIRED = "required"  # every module of a list


# Lower case: a form completes the sentence "Participants complete the training when they attend ...".
register_labels(CompletionKind, {CompletionKind.SHARE: _l("a share of the modules"),
                                 CompletionKind.REQUIRED: _l("every module of a list")})


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1 to 5
    TEXT = "text"
    CHOICE = "choice"


register_labels(QuestionKind, {QuestionKind.RATING: _l("Rating from 1 to 5"),
                               QuestionKind.TEXT: _l("Comment (free text)"),
                               QuestionKind.CHOICE: _l("One choice from a list")})


class Attendance(db.Model):
    """A participant's presence at one module (session)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "registration_id", name="uq_attendance_session_registration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(20), default="code")  # code, scan, roll-call


class CompletionRule(db.Model):
    """The certificate settings of a training: who completes it, and who signs its certificates."""

    __tablename__ = "completion_rule"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[CompletionKind] = mapped_column(enum_column(CompletionKind), default=CompletionKind.SHARE)
    share: Mapped[float] = mapped_column(default=0.8)
    required_session_ids: Mapped[list] = mapped_column(JSON, default=list)
    # The signature line of the certificates: a name, and a title in each language ("Director, …").
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_title: Mapped[dict] = mapped_column(Translations, default=dict)


class Certificate(db.Model):
    """A certificate of attendance; its public code is checked at /certificates/<code>."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("event_id", "registration_id", name="uq_certificate_event_registration"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10))
    hours: Mapped[float] = mapped_column(default=0)
    module_ids: Mapped[list] = mapped_column(JSON, default=list)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class CertificateBatch(db.Model):
    """One "issue certificates" of an organiser, carried out by a background job
    (app.trainings.services.issue_certificate_batch), its progress shown on the certificates page.

    `total` is known once the job has found who completed without a certificate; `done` grows as
    it issues them, a hundred per transaction. An unfinished batch whose job has said nothing for
    a while (its worker stopped) no longer keeps the organiser from asking again: the next batch
    goes on from where it stopped, since those who have a certificate are skipped.
    """

    __tablename__ = "certificate_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)  # the job's latest word
    total: Mapped[int | None]
    done: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None]
    failed: Mapped[bool] = mapped_column(default=False)
    reported: Mapped[bool] = mapped_column(default=False)  # its outcome was shown to the organiser who asked


class FeedbackSurvey(db.Model):
    """Questions about the event (session_id empty) or one session."""

    __tablename__ = "feedback_survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    anonymous: Mapped[bool] = mapped_column(default=True)
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackQuestion(db.Model):
    __tablename__ = "feedback_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    label: Mapped[dict] = mapped_column(Translations, default=dict)
    choices: Mapped[list] = mapped_column(JSON, default=list)  # [{"key": ..., "label": {...}}]
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class FeedbackResponse(db.Model):
    """One participant's answers to one survey.

    For an anonymous survey `respondent_key` is a keyed hash (HMAC with the
    app's secret) of survey and user: it lets the participant find and edit
    their own answers and allows one answer each, while nothing an organiser
    can see ties the answers to a person. `user_id` is set only for
    non-anonymous surveys.
    """

    __tablename__ = "feedback_response"
    __table_args__ = (UniqueConstraint("survey_id", "respondent_key", name="uq_feedback_response_respondent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    respondent_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # {question_id: value}
    submitted_on: Mapped[datetime] = mapped_column(default=utcnow)
