"""Command-line interface: `flask --app app <command>`.

The demo and the event archives (app.demo, app.transfer) are imported by their commands only:
the web app never needs them, and they take about half a second to import.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from app.accounts import services as accounts
from app.core.catalogs import check_all
from app.core.jobs import job_queue
from app.core.mail import as_text, deliver_due, deliver_outbox, requeue_failed
from app.core.models import OutboxMessage, record_audit
from app.core.storage import get_storage, sweep
from app.events.forms import SLUG_PATTERN
from app.events.models import Event
from app.extensions import db

if TYPE_CHECKING:
    from app.transfer.archive import Summary

ROOT = Path(__file__).resolve().parent.parent

users_cli = AppGroup("users", help="Manage user accounts.")
translations_cli = AppGroup("translations", help="Extract, update, compile and check the UI catalogs.")
outbox_cli = AppGroup("outbox", help="The mail outbox.")
storage_cli = AppGroup("storage", help="Stored files.")
jobs_cli = AppGroup("jobs", help="Background jobs (mail delivery and the rest).")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a site administrator, or make an existing account one (re-enabled if it was disabled).

    The way in for the first administrator, and back in for a locked-out one; recorded in the
    instance's activity log, with no one as the actor.
    """
    if len(password) < 10:
        raise click.ClickException("The password needs at least 10 characters.")
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_user(email=email, password=password, name=name, is_admin=True, verified=True)
        record_audit(None, "admin.role_granted", user=user.email, role="administrator")
        click.echo(f"Created administrator {user.email}.")
    else:
        if user.disabled_at is not None:
            user.disabled_at = None
            record_audit(None, "admin.account_enabled", user=user.email)
        if not user.is_admin:
            user.is_admin = True
            record_audit(None, "admin.role_granted", user=user.email, role="administrator")
        accounts.set_password(user, password)
        click.echo(f"{user.email} is now an administrator.")
    db.session.commit()


@translations_cli.command("check")
def translations_check() -> None:
    """Fail on an untranslated or fuzzy message, or a placeholder that differs from the source."""
    problems = check_all(Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]), list(current_app.config["LANGUAGES"]))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the catalogs.")
    click.echo("All catalogs are complete.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translations_cli.command("update")
def translations_update() -> None:
    """Extract messages from the code and merge them into every catalog."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_pgettext:1c,2", "--no-location", "--sort-output", "-o", "translations/messages.pot", ".")
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile the catalogs into .mo files."""
    _pybabel("compile", "-d", "translations")


@outbox_cli.command("send")
def outbox_send() -> None:
    """Send the mail that is due now, once (retries included): for cron, or without a worker."""
    sent, failed = deliver_due()
    click.echo(f"sent {sent}, failed {failed}")


@outbox_cli.command("retry")
@click.option("--id", "ids", type=int, multiple=True, help="A failed message to send again (repeatable).")
@click.option("--all-failed", is_flag=True, help="Every failed message.")
def outbox_retry(ids: tuple[int, ...], all_failed: bool) -> None:
    """Give failed mail a fresh set of attempts; the worker sends it."""
    if bool(ids) == all_failed:
        raise click.UsageError("Give --id N (one or more) or --all-failed.")
    count = requeue_failed(None if all_failed else list(ids))
    db.session.commit()
    click.echo(f"requeued {count}")


@outbox_cli.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many messages.")
@click.option("--status", type=click.Choice([OutboxMessage.PENDING, OutboxMessage.SENDING, OutboxMessage.SENT,
                                             OutboxMessage.FAILED]), help="Only messages in this state.")
def outbox_list(limit: int, status: str | None) -> None:
    """The latest messages, newest first: id, state, created (UTC), recipient, subject."""
    statement = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        statement = statement.where(OutboxMessage.status == status)
    messages = db.session.scalars(statement).all()
    if not messages:
        click.echo("The outbox is empty." if not status else f"No {status} messages.")
    for message in messages:
        click.echo(f"{message.id:>6}  {message.status:<7}  {message.created_at:%Y-%m-%d %H:%M}  "
                   f"{message.recipient}  {message.subject}")


@outbox_cli.command("show")
@click.argument("message_id", type=int)
def outbox_show(message_id: int) -> None:
    """One message: its delivery state, headers and text (with the links in it, whole)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"No message {message_id} in the outbox (`flask outbox list` shows the latest).")
    click.echo(f"State: {message.status} (attempts: {message.attempts})")
    click.echo(f"Created: {message.created_at:%Y-%m-%d %H:%M:%S} UTC")
    if message.sent_at:
        click.echo(f"Sent: {message.sent_at:%Y-%m-%d %H:%M:%S} UTC")
    if message.last_error:
        click.echo(f"Last error: {message.last_error}")
    click.echo(as_text(message))


@jobs_cli.command("worker")
@click.option("--workers", type=int, default=None, help="Threads running jobs (default: JOBS_WORKERS).")
def jobs_worker(workers: int | None) -> None:
    """Run the background worker: mail delivery, the outbox sweep and every other job.

    Runs until interrupted (Ctrl-C or SIGINT waits for running jobs; SIGTERM stops now).
    A job's error is logged and never stops the worker; a storage outage is retried with back-off.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.WARNING)  # not two lines per job run...
    logging.getLogger("huey.consumer").setLevel(logging.INFO)  # ...but start, stop and trouble
    queue = job_queue()
    if queue.huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run where they are enqueued, there is no worker.")
    queue.register_all()
    try:
        # Whatever became due while no worker ran goes out now, not at the first periodic sweep.
        queue.enqueue(deliver_outbox)
    except Exception:  # noqa: BLE001 - the queue's storage is down: the consumer retries it with back-off
        logging.getLogger(__name__).exception("Could not enqueue the first outbox pass")
    _lower_priority(current_app.config["JOBS_WORKER_NICE"])
    consumer = queue.huey.create_consumer(
        workers=workers or current_app.config["JOBS_WORKERS"], worker_type="thread", periodic=True,
        # A SQLite queue is polled: at most a second between looks keeps mail prompt in `make run`.
        max_delay=1.0, check_worker_health=True,
    )
    consumer.run()


def _lower_priority(nice: int) -> None:
    """Run at a lower scheduling priority than the web server, so background work takes the CPU the
    requests leave. Before the consumer starts its threads: on Linux each thread has its own
    priority, and new threads inherit it. Never raises the priority (that needs privileges)."""
    nice = max(0, min(nice, 19))
    if nice > os.getpriority(os.PRIO_PROCESS, 0):
        os.setpriority(os.PRIO_PROCESS, 0, nice)


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only load when the database has no event yet.")
def demo(if_empty: bool) -> None:
    """Load the model forum and training (idempotent)."""
    from app.demo import load_demo  # command-only (see the module's docstring)
    from app.demo.specs import DemoDataError

    if if_empty and db.session.scalar(db.select(Event.id).limit(1)) is not None:
        click.echo("The database already has events; demo not loaded.")
        return
    try:
        summary = load_demo()
    except DemoDataError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(summary)


@click.command("export-event")
@with_appcontext
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def export_event(slug: str, file: str) -> None:
    """Write the event SLUG, with everything that belongs to it and its files, to the ZIP FILE."""
    from app.transfer.archive import ArchiveError  # command-only (see the module's docstring)
    from app.transfer.exporting import export_event as export

    try:
        summary = export(slug, file)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Exported {slug} to {file}:")
    _echo_summary(summary)


@click.command("import-event")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--slug", help="The new event's address, instead of the archive's (which must then be free).")
def import_event(file: str, slug: str | None) -> None:
    """Create an event from a ZIP FILE written by export-event (all or nothing)."""
    from app.transfer.archive import ArchiveError  # command-only (see the module's docstring)
    from app.transfer.importing import import_event as load

    if slug is not None and not (3 <= len(slug) <= 80 and SLUG_PATTERN.match(slug)):
        raise click.ClickException("--slug: use lower-case Latin letters, digits and hyphens, e.g. npm-forum-2017.")
    try:
        event, summary = load(file, slug=slug)
        db.session.commit()
    except Exception as error:
        db.session.rollback()  # nothing is written: the files stored so far are removed too
        if isinstance(error, ArchiveError):
            raise click.ClickException(str(error)) from error
        raise
    click.echo(f"Imported {event.slug} from {file}:")
    _echo_summary(summary)
    click.echo(f"Accounts: {summary.users_created} created, {summary.users_matched} already here.")


def _echo_summary(summary: Summary) -> None:
    for table, count in summary.rows.items():
        if count:
            click.echo(f"  {table}: {count}")
    click.echo(f"  files: {summary.files} ({summary.file_bytes / 1_000_000:.1f} MB)")


@storage_cli.command("sweep")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=None,
              help="Keep files younger than this (default: STORAGE_SWEEP_GRACE_HOURS).")
def storage_sweep(dry_run: bool, grace_hours: float | None) -> None:
    """Remove staging files and stored files that no row references (left by a killed process)."""
    hours = current_app.config["STORAGE_SWEEP_GRACE_HOURS"] if grace_hours is None else grace_hours
    report = sweep(get_storage(), db.session, grace_seconds=hours * 3600, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for name in report.staging:
        click.echo(f"{verb} staging file {name}")
    for key in report.unreferenced:
        click.echo(f"{verb} unreferenced file {key}")
    click.echo(f"{verb} {len(report.staging)} staging and {len(report.unreferenced)} unreferenced file(s)")


def register_cli(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(storage_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo)
    app.cli.add_command(export_event)
    app.cli.add_command(import_event)
