from datetime import timedelta

import pytest

from app.core.mail import deliver_due, queue_mail
from app.core.models import OutboxMessage
from app.db import utcnow
from app.extensions import db
from tests.conftest import _free_port, translated
from tests.core.mail_helpers import worker_stopped  # noqa: F401  (fixture)

# Most tests here run deliver_due() themselves, the job the worker runs: nothing else delivers.
pytestmark = pytest.mark.usefixtures("worker_stopped")


def _queue(app, to="a@example.org", locale="ru"):
    from app.accounts.models import User

    with app.test_request_context():
        user = User(name="Асель", email=to)
        queue_mail(to, "verify_email", locale, lambda: translated(app, locale, "Confirm your e-mail address"),
                   user=user, link="http://example.org/verify/x")
        db.session.commit()


def test_queued_mail_arrives_over_smtp_in_recipient_language(app, mailbox):
    _queue(app, locale="kk")
    with app.app_context():
        assert deliver_due() == (1, 0)
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.status == OutboxMessage.SENT and message.sent_at is not None
    [received] = mailbox.wait_for("a@example.org")
    assert received["Subject"] == translated(app, "kk", "Confirm your e-mail address")
    assert translated(app, "kk", "Hello %(name)s,", name="Асель") in received.get_content()
    assert received["Content-Language"] == "kk"


def test_smtp_down_keeps_mail_and_retries_later(app, mailbox):
    _queue(app)
    real_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    try:
        with app.app_context():
            assert deliver_due() == (0, 1)
            message = db.session.scalar(db.select(OutboxMessage))
            assert message.status == OutboxMessage.PENDING
            assert message.attempts == 1 and "Connection" in message.last_error or "refused" in message.last_error.lower()
            assert message.next_attempt_at > utcnow()
            # Not due yet: nothing is tried.
            assert deliver_due() == (0, 0)
    finally:
        app.config["MAIL_PORT"] = real_port
    assert mailbox.messages == []
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage))
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert deliver_due() == (1, 0)
    mailbox.wait_for("a@example.org")


def test_gives_up_after_max_attempts(app, mailbox):
    _queue(app)
    real_port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=_free_port(), MAIL_MAX_ATTEMPTS=2)
    try:
        with app.app_context():
            for _ in range(2):
                db.session.execute(db.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
                db.session.commit()
                deliver_due()
            assert db.session.scalar(db.select(OutboxMessage.status)) == OutboxMessage.FAILED
    finally:
        app.config.update(MAIL_PORT=real_port, MAIL_MAX_ATTEMPTS=10)


def test_console_backend_prints_and_keeps_the_message(app, capsys):
    _queue(app, locale="en")
    server = app.config["MAIL_SERVER"]
    app.config["MAIL_SERVER"] = ""
    try:
        with app.app_context():
            assert deliver_due() == (1, 0)
    finally:
        app.config["MAIL_SERVER"] = server
    assert "Subject: Confirm your e-mail address" in capsys.readouterr().err


def test_a_message_claimed_by_another_worker_is_not_sent_twice(app, mailbox):
    _queue(app)
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).values(status=OutboxMessage.SENDING, claimed_at=utcnow()))
        db.session.commit()
        assert deliver_due() == (0, 0)
        # A worker that died long ago releases its claim.
        db.session.execute(db.update(OutboxMessage).values(claimed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert deliver_due() == (1, 0)
    assert len(mailbox.wait_for("a@example.org")) == 1


def test_outbox_send_command(app, mailbox):
    _queue(app)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent 1" in result.output


def test_a_long_cyrillic_subject_arrives_whole(app, mailbox):
    """Folding a long non-ASCII header must not eat the spaces between words (CPython gh-144156)."""
    subject = "Приглашение выступить: Форум национального превентивного механизма против пыток, Астана"
    with app.test_request_context():
        queue_mail("long@example.org", "verify_email", "ru", lambda: subject, user=None, link="http://example.org/x")
        db.session.commit()
        deliver_due()
    [received] = mailbox.wait_for("long@example.org")
    assert received["Subject"] == subject
