"""The background jobs mechanism (app/core/jobs.py): the worker's periodic passes, and a lost wake-up."""
from __future__ import annotations

import os
import time
from pathlib import Path

from app.core.jobs import JobQueue, job_queue
from app.core.mail import sweep_outbox
from app.core.models import OutboxMessage
from app.core.storage import get_storage, sweep_storage_every_hour
from app.extensions import db


def test_the_worker_runs_every_periodic_pass_of_the_wave(app):
    queue = job_queue(app)
    queue.register_all()
    periodic = {task.__module__ + "." + task.__name__ for task in queue.huey._registry._periodic_tasks}
    assert periodic == {"app.core.mail.sweep_outbox", "app.core.pagecache.flush_invalidations_every_minute",
                        "app.core.storage.sweep_storage_every_hour", "app.accounts.signins.forget_old_sign_ins",
                        "app.reminders.jobs.send_reminders", "app.messages.services.release_due_messages"}


def test_the_hourly_storage_sweep_removes_a_stale_staging_file_and_keeps_a_fresh_one(app):
    with app.app_context():
        staging = get_storage().staging_dir()
    staging.mkdir(parents=True, exist_ok=True)
    stale, fresh = staging / "upload-killed", staging / "upload-in-progress"
    stale.write_bytes(b"x" * 100)
    fresh.write_bytes(b"y" * 100)
    long_ago = time.time() - (app.config["STORAGE_SWEEP_GRACE_HOURS"] + 1) * 3600
    os.utime(stale, (long_ago, long_ago))
    try:
        job_queue(app).task(sweep_storage_every_hour).call_local()  # the job as the worker runs it
        assert not stale.exists() and fresh.exists()
    finally:
        fresh.unlink(missing_ok=True)


class _QueueDown(JobQueue):
    def enqueue(self, func, *args, **kwargs):
        raise ConnectionError("the queue's Redis is down")


def test_a_lost_wake_up_breaks_no_request_and_loses_no_mail(app, client, mailbox, create_user, caplog):
    """Enqueueing fails (Redis down, say): the request answers as usual, the mail waits in the
    outbox, and the worker's minute sweep sends it."""
    user = create_user(email="someone@example.org")
    original = job_queue(app)
    app.extensions["convene.jobs"] = _QueueDown(app, "memory://")
    try:
        response = client.post("/account/password/forgot", data={"email": user.email})
        assert response.status_code == 200
    finally:
        app.extensions["convene.jobs"] = original
    assert "Could not enqueue app.core.mail.deliver_outbox" in caplog.text
    assert mailbox.to(user.email) == []
    with app.app_context():
        assert db.session.scalar(db.select(OutboxMessage.status)) == OutboxMessage.PENDING
    job_queue(app).task(sweep_outbox).call_local()
    [message] = mailbox.wait_for(user.email)
    assert "password" in message["Subject"].lower()


def test_the_worker_runs_below_the_web_servers_priority_and_still_delivers(app, worker, mailbox):
    from app.core.mail import deliver_outbox, mail_link, queue_mail

    worker.start(JOBS_WORKER_NICE="12")
    with app.test_request_context():
        queue_mail("nice@example.org", "verify_email", "en", lambda: "Hello", user=None,
                   link=mail_link("accounts.verify", token="x"))
        db.session.commit()
        job_queue(app).enqueue(deliver_outbox)
    assert mailbox.wait_for("nice@example.org")

    def nice_of_each_thread() -> dict[int, int]:
        # /proc/<pid>/task/<tid>/stat: the 19th field is the nice value (after the name in parentheses).
        tasks = Path(f"/proc/{worker.process.pid}/task")
        return {int(task.name): int((task / "stat").read_text().rsplit(")", 1)[1].split()[16])
                for task in tasks.iterdir()}

    threads = nice_of_each_thread()
    assert len(threads) > 1 and set(threads.values()) == {12}, threads
    assert os.getpriority(os.PRIO_PROCESS, 0) == 0  # the test's own process is untouched


def test_the_sqlite_queue_does_not_wait_for_the_disk_on_each_job(app, tmp_path):
    # WAL + synchronous=NORMAL, as the app's own SQLite database: an enqueue inside a request is a write
    # to the WAL, not an fsync (app/core/jobs.py).
    queue = JobQueue(app, f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    connection = queue.huey.storage.conn
    assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert connection.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL
    with app.app_context():
        queue.enqueue(sweep_outbox)
    assert queue.huey.storage.queue_size() == 1
