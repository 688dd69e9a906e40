"""The periodic job that sends reminders (app/core/jobs.py; the worker runs it)."""
from __future__ import annotations

from app.core.jobs import crontab, periodic_job
from app.reminders.services import send_due


@periodic_job(crontab(minute="*/5"))
def send_reminders() -> None:
    """Every five minutes: queue the reminders that came due. Several workers may run it at once:
    each mail is queued once all the same (services.send_reminder)."""
    send_due()
