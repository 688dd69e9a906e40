"""Training rules: modules, attendance, the completion rule and certificates of attendance.

Modules are the published sessions of kind "training module" (cancelled ones
excluded); participants are the confirmed, not erased registrations. Every
function takes plain arguments, changes the session and flushes; the request commits.
"""
from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from babel.numbers import format_decimal
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import User
from app.agenda.models import Session, SessionKind
from app.agenda.published import PublicSession, published_agenda
from app.core.errors import DomainError
from app.core.jobs import enqueue_after_commit, job
from app.core.mail import mail_link, queue_rendered, render_mail
from app.core.models import record_audit
from app.core.urls import external_url
from app.db import utcnow
from app.events.models import Event
from app.extensions import db
from app.registration.models import Registration, RegistrationStatus
from app.registration.services import find_by_code
from app.trainings.models import Attendance, Certificate, CertificateBatch, CompletionKind, CompletionRule

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (0/O, 1/I)
CODE_LENGTH = 20  # ~100 bits: unguessable, still typeable from paper
METHODS = ("code", "scan", "roll-call")
DEFAULT_SHARE = 0.8


# --- modules and participants ------------------------------------------------------------

def modules(event) -> list[PublicSession]:
    """The event's training modules in the published agenda, in time order."""
    agenda = published_agenda(event)
    if agenda is None:
        return []
    return [s for s in agenda.sessions if s.kind == SessionKind.TRAINING_MODULE and not s.is_cancelled]


def module_hours(module) -> float:
    return (module.ends_at - module.starts_at).total_seconds() / 3600


def format_hours(hours: float, lang: str) -> str:
    """"13.5" / "13,5" in the reader's language."""
    return format_decimal(round(hours, 2), format="#,##0.##", locale=lang)


def participants(event) -> list[Registration]:
    """Confirmed registrations (erased ones have no name left), by name."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.CONFIRMED,
                                   Registration.erased_at.is_(None))
        .order_by(Registration.name, Registration.id)))


def is_participant(registration: Registration | None, event) -> bool:
    return (registration is not None and registration.event_id == event.id
            and registration.status == RegistrationStatus.CONFIRMED and registration.erased_at is None)


# --- attendance ---------------------------------------------------------------------------

def attendance_map(event) -> dict[int, set[int]]:
    """{registration id: {session ids attended}} for the whole event, in one query."""
    result: dict[int, set[int]] = {}
    for registration_id, session_id in db.session.execute(
            select(Attendance.registration_id, Attendance.session_id).where(Attendance.event_id == event.id)):
        result.setdefault(registration_id, set()).add(session_id)
    return result


def present_at(event, module) -> dict[int, Attendance]:
    """{registration id: attendance} for one module."""
    return {a.registration_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.event_id == event.id, Attendance.session_id == module.id))}


def find_participant(event, code: str) -> Registration | None:
    """The registration of a typed ticket code or a scanned ticket URL (None when unknown or erased)."""
    return find_by_code(event, code)


def _check_participant(registration: Registration, event) -> None:
    if not is_participant(registration, event):
        raise DomainError(_l("This ticket is not valid: the registration is not confirmed."))


def mark_attendance(event, module, registration: Registration, actor, method: str = "code",
                    now: datetime | None = None) -> Attendance | None:
    """Record presence at a module. Returns the new row, or None when it was already recorded
    (also when another desk recorded it a moment ago)."""
    _check_participant(registration, event)
    existing = db.session.scalar(select(Attendance).where(
        Attendance.session_id == module.id, Attendance.registration_id == registration.id))
    if existing is not None:
        return None
    # Two desks scanning the same ticket at once: the unique constraint lets one row in and the
    # other insert does nothing (on PostgreSQL after waiting for the first), so that desk answers
    # "already marked" with its transaction intact; no IntegrityError, no rollback in the request.
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    attendance = db.session.scalar(
        insert(Attendance).values(event_id=event.id, session_id=module.id, registration_id=registration.id,
                                  marked_at=now or utcnow(), marked_by_id=getattr(actor, "id", None),
                                  method=method if method in METHODS else "code")
        .on_conflict_do_nothing(index_elements=["session_id", "registration_id"])
        .returning(Attendance))
    if attendance is None:
        return None
    record_audit(actor, "trainings.attendance_marked", event, session=module.id, registration=registration.id,
                 method=attendance.method)
    return attendance


def unmark_attendance(event, module, registration: Registration, actor) -> bool:
    result = db.session.execute(delete(Attendance).where(
        Attendance.event_id == event.id, Attendance.session_id == module.id,
        Attendance.registration_id == registration.id))
    if result.rowcount:
        record_audit(actor, "trainings.attendance_removed", event, session=module.id, registration=registration.id)
    return bool(result.rowcount)


def roll_call(event, module, actor, present: set[int], initial: set[int], now: datetime | None = None) -> tuple[int, int]:
    """Apply a roll-call list: what the caller ticked or unticked since the list was shown.

    Only the changes are applied (ticked now but not before: marked; ticked before but
    not now: removed), so a ticket scanned at the door meanwhile is not undone.
    Every id must be a participant of the event. Returns (added, removed).
    """
    ids = present | initial
    registrations = {r.id: r for r in db.session.scalars(select(Registration).where(
        Registration.id.in_(ids), Registration.event_id == event.id))} if ids else {}
    if set(registrations) != ids or not all(is_participant(r, event) for r in registrations.values()):
        raise DomainError(_l("The list has changed: please reload it and try again."))
    already = present_at(event, module)
    now = now or utcnow()
    to_add = [rid for rid in sorted(present - initial) if rid not in already]
    to_remove = [rid for rid in sorted(initial - present) if rid in already]
    for rid in to_add:
        db.session.add(Attendance(event_id=event.id, session_id=module.id, registration_id=rid, marked_at=now,
                                  marked_by_id=getattr(actor, "id", None), method="roll-call"))
    if to_remove:
        db.session.execute(delete(Attendance).where(Attendance.session_id == module.id,
                                                    Attendance.registration_id.in_(to_remove)))
    db.session.flush()
    if to_add or to_remove:
        record_audit(actor, "trainings.roll_call", event, session=module.id, added=len(to_add), removed=len(to_remove))
    return len(to_add), len(to_remove)


# --- completion ---------------------------------------------------------------------------

def completion_rule(event) -> CompletionRule:
    """The event's rule; an unsaved default (80% of the modules) when none was set."""
    rule = db.session.get(CompletionRule, event.id)
    if rule is None:
        rule = CompletionRule(event_id=event.id, kind=CompletionKind.SHARE, share=DEFAULT_SHARE,
                              required_session_ids=[])
    return rule


def save_completion_rule(event, actor, kind: str, share: float | None, required_ids: list[int]) -> CompletionRule:
    """Set the rule. A share is a fraction in (0, 1]; a list names current modules only."""
    kind = CompletionKind(kind)
    module_ids = {m.id for m in modules(event)}
    rule = db.session.get(CompletionRule, event.id) or CompletionRule(event_id=event.id)
    if kind == CompletionKind.SHARE:
        if share is None or not (0 < share <= 1):
            raise DomainError(_l("The share must be more than 0% and at most 100%."), field="percent")
        rule.share = share
    else:
        wanted = sorted(set(required_ids))
        if not wanted:
            raise DomainError(_l("Choose at least one required module."), field="required")
        if not set(wanted) <= module_ids:
            raise DomainError(_l("Choose modules of this training only."), field="required")
        rule.required_session_ids = wanted
    rule.kind = kind
    db.session.add(rule)
    db.session.flush()
    record_audit(actor, "trainings.completion_rule", event, kind=kind.value, share=rule.share,
                 required=list(rule.required_session_ids or []))
    return rule


def save_signatory(event, actor, name: str, title: dict) -> CompletionRule:
    """Who signs the event's certificates: printed under a signature line (none when the name is empty)."""
    rule = db.session.get(CompletionRule, event.id) or completion_rule(event)
    rule.signatory_name = name.strip()
    rule.signatory_title = title
    db.session.add(rule)
    db.session.flush()
    record_audit(actor, "trainings.signatory", event, name=rule.signatory_name)
    return rule


def required_count(rule: CompletionRule, module_ids: list[int]) -> int:
    """How many modules the share rule asks for (0 when there are no modules)."""
    if not module_ids:
        return 0
    # A tiny tolerance, so that 80% of 10 modules is 8 and not 9 through floating point.
    return max(1, math.ceil(rule.share * len(module_ids) - 1e-9))


def required_modules(rule: CompletionRule, module_ids: list[int]) -> list[int]:
    """The required modules that still exist (a list rule may name a module since removed)."""
    current = set(module_ids)
    return [sid for sid in (rule.required_session_ids or []) if sid in current]


def is_complete(rule: CompletionRule, module_ids: list[int], attended: set[int]) -> bool:
    """Whether attendance at `attended` (session ids) meets the rule for these modules.

    Attendance at sessions that are no longer modules never counts. With no modules,
    or a list rule whose modules have all gone, nobody completes.
    """
    if not module_ids:
        return False
    counted = attended & set(module_ids)
    if rule.kind == CompletionKind.REQUIRED:
        required = required_modules(rule, module_ids)
        return bool(required) and set(required) <= counted
    return len(counted) >= required_count(rule, module_ids)


@dataclass
class Progress:
    registration: Registration
    attended: list = field(default_factory=list)  # modules (PublicSession), in time order
    hours: float = 0.0
    completed: bool = False
    certificate: Certificate | None = None


def progress(event, registrations: list[Registration] | None = None) -> list[Progress]:
    """Attendance, hours, completion and certificate of each participant (a fixed number of queries)."""
    registrations = participants(event) if registrations is None else registrations
    all_modules = modules(event)
    module_ids = [m.id for m in all_modules]
    rule = completion_rule(event)
    attended = attendance_map(event)
    certificates = certificates_of(event)
    result = []
    for registration in registrations:
        mine = attended.get(registration.id, set())
        taken = [m for m in all_modules if m.id in mine]
        result.append(Progress(registration=registration, attended=taken,
                               hours=sum(module_hours(m) for m in taken),
                               completed=is_complete(rule, module_ids, mine),
                               certificate=certificates.get(registration.id)))
    return result


def progress_of(event, registration: Registration) -> Progress:
    return progress(event, [registration])[0]


# --- certificates -------------------------------------------------------------------------

def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """"abcd-efgh ..." as typed or read from paper -> "ABCDEFGH..."."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:32]


def display_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def certificates_of(event) -> dict[int, Certificate]:
    """{registration id: certificate} for the event."""
    return {c.registration_id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.event_id == event.id))}


def certificate_by_code(code: str) -> Certificate | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def certificate_of(event, registration: Registration | None) -> Certificate | None:
    if registration is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.event_id == event.id,
                                                       Certificate.registration_id == registration.id))


def certificate_language(registration: Registration, event, available: list[str]) -> str:
    """The participant's language when the site speaks it, else the event's default."""
    for lang in (registration.language, event.default_language):
        if lang in available:
            return lang
    return available[0]


def verify_url(certificate: Certificate) -> str:
    return external_url("trainings.verify_certificate", code=certificate.code)


def issue_certificates(event, actor, languages: list[str], notify: bool = True,
                       now: datetime | None = None) -> list[Certificate]:
    """A certificate for every participant who completed and has none yet.

    A revoked certificate stays revoked: its holder is not issued a new one here.
    The certificate keeps the name, hours and modules of the day it was issued.
    All in the caller's transaction; an organiser's request asks a job for it instead
    (`request_certificates`), which issues them the same way, a hundred at a time.
    """
    issued = _issue(event, actor, _to_certify(event), languages, notify, now or utcnow())
    if issued:
        record_audit(actor, "trainings.certificates_issued", event, count=len(issued))
    return issued


def _to_certify(event) -> list[Progress]:
    """Who completed the training and has no certificate yet."""
    return [item for item in progress(event) if item.completed and item.certificate is None]


def _issue(event, actor, items: list[Progress], languages: list[str], notify: bool, now: datetime) -> list[Certificate]:
    """Certificates (and their mail) for `items`, written at one flush."""
    issued = []
    for item in items:
        registration = item.registration
        certificate = Certificate(
            event_id=event.id, registration_id=registration.id, code=new_certificate_code(),
            holder_name=registration.name, language=certificate_language(registration, event, languages),
            hours=round(item.hours, 2), module_ids=[m.id for m in item.attended], issued_at=now,
            issued_by_id=getattr(actor, "id", None))
        db.session.add(certificate)
        issued.append(certificate)
    db.session.flush()
    if notify:
        queue_rendered([_certificate_mail(certificate, item.registration, event)
                        for certificate, item in zip(issued, items)])
    return issued


# --- certificates in a batch: the organiser's request, a job, its progress ---------------------

BATCH_CHUNK = 100  # certificates per transaction of the job: the progress the organiser sees moves by this
BATCH_SILENCE = timedelta(minutes=10)  # an unfinished batch silent this long: its worker stopped


def current_batch(event) -> CertificateBatch | None:
    """The event's latest batch of certificates (finished or not), or None."""
    return db.session.scalar(select(CertificateBatch).where(CertificateBatch.event_id == event.id)
                             .order_by(CertificateBatch.id.desc()).limit(1))


def batch_running(batch: CertificateBatch | None, now: datetime | None = None) -> bool:
    return (batch is not None and batch.finished_at is None
            and (now or utcnow()) - batch.updated_at < BATCH_SILENCE)


def request_certificates(event, actor, base_url: str | None = None) -> tuple[CertificateBatch, bool]:
    """Ask the background worker to issue the event's certificates; returns (the batch, whether it
    is a new one). A batch already running is returned as it is: one at a time per event.

    The job starts once the caller's transaction commits. `base_url` (the request's, when the app
    has no configured BASE_URL, in development) is where the mail's links point."""
    batch = current_batch(event)
    if batch_running(batch):
        return batch, False
    batch = CertificateBatch(event_id=event.id, requested_by_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    enqueue_after_commit(issue_certificate_batch, batch.id, base_url)
    return batch, True


@job
def issue_certificate_batch(batch_id: int, base_url: str | None = None) -> None:
    """The worker's side of `request_certificates`: finds who completed without a certificate, then
    issues theirs a hundred at a time, each hundred (certificates, mail, progress) in one commit,
    so the page shows it moving and a stopped worker loses one hundred at most (asked again, the
    next batch skips those who have one). One audit entry at the end, as for issue_certificates."""
    if base_url and not current_app.config.get("SERVER_NAME"):
        # No configured base URL (development): the mail's links point where the organiser was.
        with current_app.test_request_context(base_url=base_url):
            return issue_certificate_batch(batch_id)
    batch = db.session.get(CertificateBatch, batch_id)
    if batch is None or batch.finished_at is not None:
        return
    event = db.session.get(Event, batch.event_id)
    actor = db.session.get(User, batch.requested_by_id) if batch.requested_by_id else None
    languages = list(current_app.config["LANGUAGES"])
    try:
        items = _to_certify(event)
        batch.total, batch.done, batch.updated_at = len(items), 0, utcnow()
        db.session.commit()
        issued = 0
        for start in range(0, len(items), BATCH_CHUNK):
            chunk = items[start:start + BATCH_CHUNK]
            issued += len(_issue(event, actor, chunk, languages, True, utcnow()))
            batch.done, batch.updated_at = issued, utcnow()
            db.session.commit()
        if issued:
            record_audit(actor, "trainings.certificates_issued", event, count=issued)
        batch.finished_at = batch.updated_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Certificate batch %s of event %s failed", batch_id, getattr(event, "id", None))
        failed = db.session.get(CertificateBatch, batch_id)
        failed.failed, failed.finished_at = True, utcnow()
        db.session.commit()


def _certificate_mail(certificate: Certificate, registration: Registration, event) -> dict:
    """The holder's mail about a new certificate, rendered in its language (for queue_rendered)."""
    return render_mail(registration.email, "certificate_issued", certificate.language,
                       _l("Your certificate of attendance"), registration=registration, event=event,
                       certificate=certificate, code=display_code(certificate.code),
                       download_url=mail_link("trainings.my_certificate", slug=event.slug),
                       verify_url=mail_link("trainings.verify_certificate", code=certificate.code),
                       about=registration.mail_about)


def revoke_certificate(certificate: Certificate, event, actor, now: datetime | None = None) -> bool:
    """Revoke; returns False when it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = now or utcnow()
    certificate.revoked_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_audit(actor, "trainings.certificate_revoked", event, certificate=certificate.id,
                 registration=certificate.registration_id)
    return True


def certificate_modules(event, certificate: Certificate) -> list:
    """The modules named on a certificate: from the published agenda, or the draft when unpublished since."""
    agenda = published_agenda(event)
    by_id = agenda.by_id if agenda else {}
    found = {sid: by_id[sid] for sid in certificate.module_ids or [] if sid in by_id}
    missing = [sid for sid in certificate.module_ids or [] if sid not in found]
    if missing:
        for session in db.session.scalars(select(Session).where(Session.id.in_(missing),
                                                                Session.event_id == event.id)):
            found[session.id] = session
    return sorted(found.values(), key=lambda s: (s.starts_at, s.id))
