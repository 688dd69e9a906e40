"""The demo training's attendance, certificates and feedback (the 2017 course for new NPM monitors).

load_trainings(event) is idempotent: what exists is kept, so running the demo twice changes nothing.
It needs the published agenda and the confirmed registrations, so it runs after both.
"""
from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.accounts import services as accounts
from app.demo import specs
from app.extensions import db
from app.trainings import feedback, services
from app.trainings.models import (
    Attendance,
    Certificate,
    CompletionKind,
    CompletionRule,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSurvey,
    QuestionKind,
)

# Participants (by position in the confirmed list, sorted by registration) who missed modules.
_BELOW_RULE = {4: 6, 9: 5, 15: 7}   # index: modules attended (the rule asks for 8 of 9)
_NEVER_CAME = {18, 19}              # not checked in at the door, no attendance either
_REVOKED = 7                        # a certificate issued in error, then revoked

EVENT_QUESTIONS = [
    (QuestionKind.RATING, {"en": "Overall, how useful was the course for your work as a monitor?",
                           "ru": "Насколько в целом курс был полезен для вашей работы в качестве участника НПМ?",
                           "kk": "Жалпы алғанда, курс ҰАТ қатысушысы ретіндегі жұмысыңызға қаншалықты пайдалы болды?"},
     True, []),
    (QuestionKind.RATING, {"en": "How would you rate the practical exercises (role play, case studies)?",
                           "ru": "Как вы оцениваете практические упражнения (ролевые игры, разбор ситуаций)?",
                           "kk": "Практикалық жаттығуларды (рөлдік ойындар, жағдаяттарды талдау) қалай бағалайсыз?"},
     False, []),
    (QuestionKind.CHOICE, {"en": "The length of the course was…", "ru": "Продолжительность курса была…",
                           "kk": "Курстың ұзақтығы…"},
     False, [{"key": "short", "label": {"en": "too short", "ru": "слишком короткой", "kk": "тым қысқа"}},
             {"key": "right", "label": {"en": "about right", "ru": "в самый раз", "kk": "дәл келді"}},
             {"key": "long", "label": {"en": "too long", "ru": "слишком длинной", "kk": "тым ұзақ"}}]),
    (QuestionKind.TEXT, {"en": "What should we change in the next edition?",
                         "ru": "Что нам изменить в следующем курсе?",
                         "kk": "Келесі курста нені өзгертуіміз керек?"},
     False, []),
]

SESSION_QUESTIONS = [
    (QuestionKind.RATING, {"en": "How confident do you now feel interviewing a detainee in private?",
                           "ru": "Насколько уверенно вы теперь проводите конфиденциальную беседу с содержащимся?",
                           "kk": "Енді ұсталған адаммен оңаша әңгімені қаншалықты сенімді жүргізесіз?"},
     True, []),
    (QuestionKind.TEXT, {"en": "Comments on the role play", "ru": "Комментарии о ролевой игре",
                         "kk": "Рөлдік ойын туралы пікірлер"},
     False, []),
]

COMMENTS = {
    "ru": ["Больше времени на ролевые игры и разбор реальных отчётов.",
           "Хотелось бы отдельный модуль о посещении учреждений для несовершеннолетних.",
           "Очень полезно, спасибо тренерам! Материалы раздать заранее."],
    "kk": ["Рөлдік ойындарға көбірек уақыт бөлу керек.",
           "Материалдарды қазақ тілінде алдын ала беру жақсы болар еді.",
           "Өте пайдалы курс, тренерлерге рахмет!"],
    "en": ["More time for the role play, please.", "Send the reading materials a week before the course."],
}


def _rule(event) -> None:
    if db.session.get(CompletionRule, event.id) is not None:
        return
    spec = specs.training().get("completion_rule", {"kind": "share", "share": 0.8})
    db.session.add(CompletionRule(event_id=event.id, kind=CompletionKind(spec["kind"]), share=spec.get("share", 0.8),
                                  required_session_ids=spec.get("required", [])))
    db.session.flush()


def _attendance(event, modules, people, staff) -> None:
    if db.session.scalar(select(Attendance.id).where(Attendance.event_id == event.id).limit(1)) is not None:
        return
    rng = random.Random(f"{event.slug}-attendance")
    for index, registration in enumerate(people):
        if index in _NEVER_CAME:
            continue
        count = _BELOW_RULE.get(index, len(modules) if rng.random() < 0.7 else len(modules) - 1)
        attended = sorted(rng.sample(range(len(modules)), count))
        for position in attended:
            module = modules[position]
            db.session.add(Attendance(
                event_id=event.id, session_id=module.id, registration_id=registration.id,
                marked_at=module.starts_at + timedelta(minutes=rng.randint(-10, 12)),
                marked_by_id=staff.id if staff else None, method=rng.choice(["scan", "scan", "code", "roll-call"])))
    db.session.flush()


def _certificates(event, organiser) -> None:
    if db.session.scalar(select(Certificate.id).where(Certificate.event_id == event.id).limit(1)) is not None:
        return
    tz = ZoneInfo(event.timezone)
    issued_at = datetime.combine(event.end_date, time(17, 30), tz).astimezone(UTC)
    issued = services.issue_certificates(event, organiser, list(current_app.config["LANGUAGES"]), notify=False,
                                         now=issued_at)
    if len(issued) > _REVOKED:
        services.revoke_certificate(issued[_REVOKED], event, organiser, now=issued_at + timedelta(days=6))


def _survey(event, session_id, anonymous: bool, questions: list) -> tuple[FeedbackSurvey, list[FeedbackQuestion]]:
    survey = db.session.scalar(select(FeedbackSurvey).where(
        FeedbackSurvey.event_id == event.id,
        FeedbackSurvey.session_id.is_(None) if session_id is None else FeedbackSurvey.session_id == session_id))
    if survey is None:
        survey = FeedbackSurvey(event_id=event.id, session_id=session_id, anonymous=anonymous, is_open=True,
                                created_at=datetime.combine(event.start_date, time(6), UTC))
        db.session.add(survey)
        db.session.flush()
    existing = feedback.questions_of(survey)
    if not existing:
        for position, (kind, label, required, choices) in enumerate(questions):
            db.session.add(FeedbackQuestion(survey_id=survey.id, kind=kind, label=label, required=required,
                                            choices=choices, position=position))
        db.session.flush()
        existing = feedback.questions_of(survey)
    return survey, existing


def _answers(survey, questions, people, rng, when: datetime, share: float) -> None:
    if feedback.has_responses(survey):
        return
    for registration in people:
        if registration.user_id is None or rng.random() > share:
            continue
        answers = {}
        for question in questions:
            if question.kind == QuestionKind.RATING:
                answers[str(question.id)] = rng.choice([3, 4, 4, 5, 5, 5])
            elif question.kind == QuestionKind.CHOICE:
                answers[str(question.id)] = rng.choice(["right", "right", "right", "short", "long"])
            elif rng.random() < 0.5:
                answers[str(question.id)] = rng.choice(COMMENTS.get(registration.language, COMMENTS["en"]))
        db.session.add(FeedbackResponse(
            survey_id=survey.id, respondent_key=feedback.respondent_key(survey.id, registration.user_id),
            user_id=None if survey.anonymous else registration.user_id, answers=answers,
            submitted_on=feedback.coarse_day(when) if survey.anonymous else when + timedelta(minutes=rng.randint(0, 90))))
    db.session.flush()


def load_trainings(event) -> None:
    """Attendance, completion rule, certificates (one revoked) and two surveys with answers."""
    modules = services.modules(event)
    if not modules:
        return
    people = sorted(services.participants(event), key=lambda r: (r.created_at, r.id))
    staff = accounts.find_user_by_email("checkin@example.org")
    organiser = accounts.find_user_by_email(specs.training()["organisers"][0]["email"])
    _rule(event)
    _attendance(event, modules, people, staff)
    _certificates(event, organiser)

    rng = random.Random(f"{event.slug}-feedback")
    tz = ZoneInfo(event.timezone)
    last_day = datetime.combine(event.end_date, time(17, 0), tz).astimezone(UTC)
    survey, questions = _survey(event, None, True, EVENT_QUESTIONS)
    _answers(survey, questions, people, rng, last_day, share=0.85)
    # The interviewing module: a named survey, answered at the end of that day.
    interview = next((m for m in modules if "interview" in m.title.get("en", "").lower()), modules[0])
    survey, questions = _survey(event, interview.id, False, SESSION_QUESTIONS)
    _answers(survey, questions, people, rng, interview.ends_at, share=0.6)
