"""The demo training gets attendance, certificates (one revoked) and feedback, idempotently."""
from sqlalchemy import func, select

from app.extensions import db
from app.trainings.models import Attendance, Certificate, FeedbackResponse, FeedbackSurvey


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Attendance, Certificate, FeedbackSurvey, FeedbackResponse))


def test_demo_training_has_attendance_certificates_and_feedback(app, client, demo_data):
    from app.demo.trainings import load_trainings
    from app.events.models import Event
    from app.trainings import services

    with app.test_request_context():
        event = db.session.scalar(select(Event).where(Event.slug == "npm-monitors-training-2017"))
        load_trainings(event)
        db.session.commit()
        first = _counts()
        load_trainings(event)
        db.session.commit()
        assert _counts() == first

        items = services.progress(event)
        assert len(items) == 20 and len(services.modules(event)) == 9
        completed = [i for i in items if i.completed]
        below = [i for i in items if i.attended and not i.completed]
        assert 10 <= len(completed) < 20 and below
        certificates = [i.certificate for i in items if i.certificate]
        assert len(certificates) == len(completed)
        assert sum(1 for c in certificates if c.revoked_at) == 1
        assert {c.language for c in certificates} >= {"ru", "kk"}

        surveys = db.session.scalars(select(FeedbackSurvey).where(FeedbackSurvey.event_id == event.id)).all()
        about_event = next(s for s in surveys if s.session_id is None)
        about_module = next(s for s in surveys if s.session_id is not None)
        assert about_event.anonymous and not about_module.anonymous
        responses = db.session.scalars(select(FeedbackResponse).where(
            FeedbackResponse.survey_id == about_event.id)).all()
        assert responses and all(r.user_id is None and r.submitted_on.hour == 0 for r in responses)
        code = next(c.code for c in certificates if c.revoked_at is None)
        revoked = next(c.code for c in certificates if c.revoked_at is not None)
    assert "This certificate is valid" in client.get(f"/certificates/{code}?lang=en").get_data(as_text=True)
    assert "has been revoked" in client.get(f"/certificates/{revoked}?lang=en").get_data(as_text=True)
