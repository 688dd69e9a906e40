"""Site administration: finding accounts, site roles, disabled accounts, the instance's log.

Functions take plain values, change the session, record what they did in the activity log
and flush; the caller commits. A rule that says no raises DomainError.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from app.accounts.models import User
from app.admin.models import ROLE_COLUMNS, SiteRole
from app.core.errors import DomainError
from app.core.models import AuditEntry, record_audit
from app.db import utcnow
from app.events.models import Approval, Event
from app.extensions import db

SEARCH_MAX_LENGTH = 200
AUDIT_SCOPES = ("all", "site")  # every entry, or only those of no event (accounts, roles)


def _contains(column, term: str):
    if db.session.get_bind().dialect.name == "postgresql":
        # ILIKE folds every script there, and a trigram index serves it (migration 0014).
        escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
        return column.ilike(f"%{escaped}%", escape="/")
    # SQLite's lower() only folds ASCII: also try the usual spellings of a Cyrillic term
    # ("айгүл" finds "Айгүл", "ЖАҚСЫЛЫҚОВА" finds "Жақсылықова"), as the participants table does.
    variants = {term, term.lower(), term.upper(), term.capitalize(), term.title()}
    return or_(func.lower(column).contains(term.lower(), autoescape=True),
               *(column.contains(variant, autoescape=True) for variant in variants))


def users_query(search: str = "") -> Select:
    """Accounts whose name, e-mail address or organisation contains `search`, by name."""
    statement = select(User)
    term = search.strip()[:SEARCH_MAX_LENGTH]
    if term:
        statement = statement.where(or_(*(_contains(column, term)
                                          for column in (User.name, User.email, User.organisation))))
    return statement.order_by(func.lower(User.name), User.id)


def overview() -> dict[str, int]:
    """The figures of the administration's first page."""
    def count(*conditions) -> int:
        return db.session.scalar(select(func.count()).select_from(User).where(*conditions)) or 0

    return {
        "users": count(),
        "administrators": count(User.is_admin.is_(True)),
        "event_creators": count(User.is_event_creator.is_(True)),
        "disabled": count(User.disabled_at.is_not(None)),
        "awaiting_approval": db.session.scalar(
            select(func.count()).select_from(Event).where(Event.approval == Approval.PENDING)) or 0,
    }


def has_role(user: User, role: SiteRole) -> bool:
    return bool(getattr(user, ROLE_COLUMNS[role]))


def grant_role(actor: User, user: User, role: SiteRole) -> None:
    if has_role(user, role):
        raise DomainError(_l("This person already has this role."))
    if not user.is_active:
        raise DomainError(_l("Re-enable the account first."))
    setattr(user, ROLE_COLUMNS[role], True)
    record_audit(actor, "admin.role_granted", user=user.email, role=role.value)
    db.session.flush()


def revoke_role(actor: User, user: User, role: SiteRole) -> None:
    if not has_role(user, role):
        raise DomainError(_l("This person does not have this role."))
    if role == SiteRole.ADMINISTRATOR and user.id == actor.id:
        # Another administrator can; so the instance always keeps one.
        raise DomainError(_l("You cannot take the administrator role from yourself."))
    setattr(user, ROLE_COLUMNS[role], False)
    record_audit(actor, "admin.role_revoked", user=user.email, role=role.value)
    db.session.flush()


def disable_account(actor: User, user: User) -> None:
    """The person can no longer sign in, and is signed out everywhere at their next request."""
    if user.id == actor.id:
        raise DomainError(_l("You cannot disable your own account."))
    if not user.is_active:
        raise DomainError(_l("This account is already disabled."))
    user.disabled_at = utcnow()
    user.session_version += 1  # re-enabling it later does not bring old sessions back
    record_audit(actor, "admin.account_disabled", user=user.email)
    db.session.flush()


def enable_account(actor: User, user: User) -> None:
    if user.is_active:
        raise DomainError(_l("This account is not disabled."))
    user.disabled_at = None
    record_audit(actor, "admin.account_enabled", user=user.email)
    db.session.flush()


def audit_query(scope: str = "all") -> Select:
    """The instance's activity log, newest first: every event's entries and the site's own."""
    statement = select(AuditEntry)
    if scope == "site":
        statement = statement.where(AuditEntry.event_id.is_(None))
    return statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def events_by_id(ids: set[int]) -> dict[int, Event]:
    """The events a page of the log names, in one query."""
    if not ids:
        return {}
    return {event.id: event for event in db.session.scalars(select(Event).where(Event.id.in_(ids)))}


def users_by_id(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
