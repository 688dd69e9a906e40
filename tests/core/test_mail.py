import re
import socket
import time
from datetime import timedelta

import pytest

from app.core.mail import deliver_due, mail_link, queue_mail
from app.core.models import OutboxMessage
from app.core.text import isolate
from app.db import utcnow
from app.extensions import db
from tests.conftest import translated

# Most tests here run deliver_due() themselves, the job the worker runs: nothing else delivers.
pytestmark = pytest.mark.usefixtures("worker_stopped")


@pytest.fixture
def refusing_port():
    """A loopback port where connections are refused: bound here, never listening, so no one else takes it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def _queue(app, to="a@example.org", locale="ru"):
    from app.accounts.models import User

    with app.test_request_context():
        user = User(name="Асель", email=to)
        queue_mail(to, "verify_email", locale, lambda: translated(app, locale, "Confirm your e-mail address"),
                   user=user, link=mail_link("accounts.verify", token="x"))
        db.session.commit()


def test_queued_mail_arrives_over_smtp_in_recipient_language(app, mailbox):
    _queue(app, locale="kk")
    with app.app_context():
        assert deliver_due() == (1, 0)
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.status == OutboxMessage.SENT and message.sent_at is not None
    [received] = mailbox.wait_for("a@example.org")
    assert received["Subject"] == translated(app, "kk", "Confirm your e-mail address")
    # The name is isolated from the sentence (issue 12.10).
    assert translated(app, "kk", "Hello %(name)s,", name="\u2068Асель\u2069") in received.get_content()
    assert received["Content-Language"] == "kk"


def test_smtp_down_keeps_mail_and_retries_later(app, mailbox, monkeypatch, refusing_port):
    _queue(app)
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "MAIL_PORT", refusing_port)
        with app.app_context():
            assert deliver_due() == (0, 1)
            message = db.session.scalar(db.select(OutboxMessage))
            assert message.status == OutboxMessage.PENDING
            assert message.attempts == 1 and "Connection" in message.last_error or "refused" in message.last_error.lower()
            assert message.next_attempt_at > utcnow()
            # Not due yet: nothing is tried.
            assert deliver_due() == (0, 0)
    assert mailbox.messages == []
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage))
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert deliver_due() == (1, 0)
    mailbox.wait_for("a@example.org")


def test_gives_up_after_max_attempts(app, mailbox, monkeypatch, refusing_port):
    _queue(app)
    monkeypatch.setitem(app.config, "MAIL_PORT", refusing_port)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    with app.app_context():
        for _ in range(2):
            db.session.execute(db.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
            db.session.commit()
            deliver_due()
        assert db.session.scalar(db.select(OutboxMessage.status)) == OutboxMessage.FAILED


def test_console_backend_prints_readable_text_and_keeps_the_message(app, capsys, monkeypatch):
    """Development without SMTP: the mail on the console is text a person reads (not base64 MIME),
    so the verification link can be copied from it."""
    _queue(app, to="dev@example.org", locale="ru")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    with app.app_context():
        assert deliver_due() == (1, 0)
        assert db.session.scalar(db.select(OutboxMessage.status)) == OutboxMessage.SENT
    printed = capsys.readouterr().err
    assert f"Subject: {translated(app, 'ru', 'Confirm your e-mail address')}" in printed
    assert "To: dev@example.org" in printed
    assert translated(app, "ru", "Hello %(name)s,", name=isolate("Асель")) in printed
    assert re.search(r"(^|\s)http://\S+/account/verify/x\?lang=ru", printed, re.M)
    assert "base64" not in printed and "Content-Transfer-Encoding" not in printed and "=?utf-8?" not in printed


def test_outbox_list_and_show_commands_read_the_outbox(app, worker_stopped):
    for to in ("a@example.org", "b@example.org"):
        _queue(app, to=to, locale="kk")
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["outbox", "list"])
    assert listing.exit_code == 0
    subject = translated(app, "kk", "Confirm your e-mail address")
    newest, oldest = listing.output.splitlines()
    assert "b@example.org" in newest and "a@example.org" in oldest  # newest first
    assert "pending" in newest and subject in newest
    message_id = oldest.split()[0]
    assert runner.invoke(args=["outbox", "list", "--limit", "1"]).output.count("\n") == 1
    assert runner.invoke(args=["outbox", "list", "--status", "sent"]).output.strip() == "No sent messages."
    shown = runner.invoke(args=["outbox", "show", message_id])
    assert shown.exit_code == 0
    assert "State: pending" in shown.output and "To: a@example.org" in shown.output
    assert f"Subject: {subject}" in shown.output and re.search(r"http://\S+/account/verify/x\?lang=kk", shown.output)
    assert translated(app, "kk", "Hello %(name)s,", name=isolate("Асель")) in shown.output
    missing = runner.invoke(args=["outbox", "show", "999999"])
    assert missing.exit_code != 0 and "No message 999999" in missing.output


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
        queue_mail("long@example.org", "verify_email", "ru", lambda: subject, user=None, link=mail_link("accounts.verify", token="x"))
        db.session.commit()
        deliver_due()
    [received] = mailbox.wait_for("long@example.org")
    assert received["Subject"] == subject


def test_mail_is_handed_to_the_worker_only_when_its_transaction_commits(app, worker_stopped):
    queue = worker_stopped
    with app.test_request_context():
        queue_mail("a@example.org", "verify_email", "en", lambda: "Hi", user=None, link=mail_link("accounts.verify", token="x"))
        with db.session.begin_nested():
            queue_mail("b@example.org", "verify_email", "en", lambda: "Hi", user=None, link=mail_link("accounts.verify", token="x"))
        assert queue.huey.pending_count() == 0  # a savepoint released is not a commit
        db.session.rollback()
    assert queue.huey.pending_count() == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    _queue(app)
    _queue(app, to="b@example.org")
    assert queue.huey.pending_count() == 2  # one wake-up per commit
    with app.app_context():
        assert deliver_due() == (2, 0)


def test_each_attempt_carries_the_message_id_stored_on_the_row(app, mailbox):
    _queue(app)
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage))
        stored = message.message_id
        assert stored.startswith("<") and stored.endswith("@convene.localhost>")
        deliver_due()
        # Sent again by hand, as a resend after a crash would: the same Message-ID.
        db.session.execute(db.update(OutboxMessage).values(status=OutboxMessage.PENDING))
        db.session.commit()
        deliver_due()
    assert [m["Message-ID"] for m in mailbox.wait_for("a@example.org", count=2)] == [stored, stored]


def test_a_header_the_mail_library_refuses_fails_that_message_alone(app, mailbox, monkeypatch):
    """Issue 12.4: a CR/LF in a subject made the worker stop; now it is one message's failed attempt."""
    with app.test_request_context():
        message = queue_mail("bad@example.org", "verify_email", "en", lambda: "Forum", user=None,
                             link=mail_link("accounts.verify", token="x"))
        # queue_mail keeps a subject on one line now; a row written before that still holds CR/LF.
        message.subject = "Forum\r\nBcc: everyone@example.org"
        db.session.commit()
    _queue(app, to="good@example.org")
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    with app.app_context():
        assert deliver_due() == (1, 1)
        bad = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == "bad@example.org"))
        assert (bad.status, bad.attempts) == (OutboxMessage.PENDING, 1)
        assert bad.last_error.startswith("ValueError") and bad.next_attempt_at > utcnow()
        bad.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert deliver_due() == (0, 1)
        assert db.session.get(OutboxMessage, bad.id).status == OutboxMessage.FAILED
    mailbox.wait_for("good@example.org")
    assert mailbox.to("bad@example.org") == [] and mailbox.to("everyone@example.org") == []


def test_a_claim_that_reached_data_is_resent_only_after_the_longer_delay_and_marked(app, mailbox):
    _queue(app)
    with app.app_context():
        # A worker claimed the message, began DATA and died before committing "sent".
        started = utcnow() - timedelta(minutes=30)
        db.session.execute(db.update(OutboxMessage).values(status=OutboxMessage.SENDING, attempts=1,
                                                           claimed_at=started, data_started_at=started))
        db.session.commit()
        assert deliver_due() == (0, 0)  # 30 minutes: long past a "never started" claim, still waiting
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.status == OutboxMessage.SENDING and not message.possible_duplicate
        db.session.execute(db.update(OutboxMessage).values(data_started_at=utcnow() - timedelta(minutes=61)))
        db.session.commit()
        assert deliver_due() == (1, 0)
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.status == OutboxMessage.SENT and message.possible_duplicate and message.attempts == 2
        message_id = message.message_id
        assert deliver_due() == (0, 0)
    [received] = mailbox.wait_for("a@example.org")
    assert received["Message-ID"] == message_id


def test_outbox_retry_requeues_failed_mail(app, mailbox, worker_stopped):
    for to in ("a@example.org", "b@example.org", "c@example.org"):
        _queue(app, to=to)
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).values(status=OutboxMessage.FAILED, attempts=10,
                                                           last_error="SMTPRecipientsRefused"))
        db.session.commit()
        first = db.session.scalar(db.select(OutboxMessage.id).order_by(OutboxMessage.id))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["outbox", "retry"]).exit_code != 0  # says what to give
    result = runner.invoke(args=["outbox", "retry", "--id", str(first)])
    assert result.exit_code == 0 and "requeued 1" in result.output
    with app.app_context():
        assert deliver_due() == (1, 0)
    assert runner.invoke(args=["outbox", "retry", "--all-failed"]).output.strip() == "requeued 2"
    with app.app_context():
        assert deliver_due() == (2, 0)
        assert set(db.session.scalars(db.select(OutboxMessage.status))) == {OutboxMessage.SENT}
    for to in ("a@example.org", "b@example.org", "c@example.org"):
        assert len(mailbox.wait_for(to)) == 1


@pytest.mark.parametrize("mode", ["silent", "trickle"])
def test_a_stalling_server_holds_a_message_no_longer_than_the_deadline(app, mode, monkeypatch):
    """smtplib's timeout is per socket operation: a greeting trickled byte by byte never trips it."""
    from tests.core.mail_helpers import StallingSMTP

    _queue(app)
    server = StallingSMTP(mode)
    for name, value in {"MAIL_PORT": server.port, "MAIL_SEND_DEADLINE": 1, "MAIL_TIMEOUT": 10}.items():
        monkeypatch.setitem(app.config, name, value)
    try:
        with app.app_context():
            started = time.monotonic()
            assert deliver_due() == (0, 1)
            assert time.monotonic() - started < 2.5
            message = db.session.scalar(db.select(OutboxMessage))
            assert message.status == OutboxMessage.PENDING and "deadline of 1 s" in message.last_error
    finally:
        server.stop()


def test_a_wake_up_during_a_delivery_pass_makes_it_go_round_once_more(app, monkeypatch):
    """A burst of commits wakes the worker once each: one pass at a time delivers them, a wake-up
    during it only asks for one more pass (which sees what was committed before that wake-up)."""
    from app.core import mail

    passes = []

    def deliver_due():
        passes.append("pass")
        if len(passes) == 1:
            mail.deliver_outbox()  # two wake-ups arrive while the first pass runs
            mail.deliver_outbox()
        return 0, 0

    monkeypatch.setattr(mail, "deliver_due", deliver_due)
    with app.app_context():
        mail.deliver_outbox()
        assert passes == ["pass", "pass"]
        mail.deliver_outbox()  # nothing running: a wake-up makes its own pass
        assert len(passes) == 3


def test_a_failed_delivery_pass_does_not_swallow_later_wake_ups(app, monkeypatch):
    from app.core import mail

    def broken():
        raise RuntimeError("database restarting")

    monkeypatch.setattr(mail, "deliver_due", broken)
    with app.app_context():
        with pytest.raises(RuntimeError):
            mail.deliver_outbox()
        calls = []
        monkeypatch.setattr(mail, "deliver_due", lambda: calls.append(1) or (1, 0))
        mail.deliver_outbox()
        assert calls == [1]



def test_with_smtp_down_a_claimed_batch_is_given_back_and_only_the_first_attempt_counts(
        app, mailbox, monkeypatch, refusing_port):
    for to in ("a@example.org", "b@example.org", "c@example.org"):
        _queue(app, to=to)
    monkeypatch.setitem(app.config, "MAIL_PORT", refusing_port)
    with app.app_context():
        assert deliver_due() == (0, 1)
        rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(row.status, row.attempts) for row in rows] == [(OutboxMessage.PENDING, 1),
                                                               (OutboxMessage.PENDING, 0), (OutboxMessage.PENDING, 0)]
        assert rows[1].claimed_at is None and rows[1].next_attempt_at <= utcnow()


def test_a_large_outbox_is_delivered_once_each_over_several_connections(app, mailbox):
    """Claims of `limit` at a time; on PostgreSQL more connections join once a full batch is due."""
    from app.core.mail import queue_rendered, render_mail

    recipients = [f"p{i:03d}@example.org" for i in range(120)]
    with app.test_request_context():
        queue_rendered([render_mail(to, "verify_email", "en", "Hello", user=None,
                                    link=mail_link("accounts.verify", token="x")) for to in recipients])
        db.session.commit()
    with app.app_context():
        assert deliver_due(limit=10) == (120, 0)
        statuses = db.session.execute(db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status))
        assert dict(statuses.all()) == {OutboxMessage.SENT: 120}
    deadline = time.monotonic() + 10
    while len(mailbox.messages) < 120 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(m["To"] for m in mailbox.messages) == recipients


def test_mail_erased_after_its_claim_and_before_data_is_not_sent(app, mailbox, monkeypatch):
    from app.core import mail

    with app.test_request_context():
        queue_mail("gone@example.org", "verify_email", "en", lambda: "Hello", user=None, about="registration:1",
                   link=mail_link("accounts.verify", token="x"))
        db.session.commit()
    real_claim = mail._claim_batch

    def claim_then_erase(limit):
        claimed = real_claim(limit)
        mail.erase_mail_about(["registration:1"], "erased@example.invalid")
        db.session.commit()
        return claimed

    monkeypatch.setattr(mail, "_claim_batch", claim_then_erase)
    with app.app_context():
        assert deliver_due() == (0, 0)
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    time.sleep(0.3)
    assert mailbox.messages == []


def test_console_backend_records_every_message_of_a_batch_as_sent(app, capsys, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    for to in ("a@example.org", "b@example.org", "c@example.org"):
        _queue(app, to=to)
    with app.app_context():
        assert deliver_due() == (3, 0)
        assert set(db.session.scalars(db.select(OutboxMessage.status))) == {OutboxMessage.SENT}
