"""The organiser's participants table: filters, search and sorts as one SELECT, bulk actions, a
registration's history and the event's invitations."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import (
    Integer,
    Select,
    String,
    Text,
    and_,
    case,
    cast,
    column,
    exists,
    func,
    literal,
    select,
    table,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

from app.core.errors import DomainError
from app.core.models import AuditEntry
from app.core.text import search_words
from app.extensions import db
from app.registration.models import (
    Registration,
    RegistrationStatus,
    SessionRegistration,
    SessionRegistrationStatus,
    answer_token,
)
from app.registration.services import approve_many, promote, reject

S = RegistrationStatus


TABLE_SORTS = ("date", "-date", "name", "-name", "status", "-status")
# What a row of the participants table shows, read as plain rows: no registration objects, no
# answers' JSON parsed for 50 rows that do not show it.
TABLE_COLUMNS = (Registration.id, Registration.name, Registration.email, Registration.organisation,
                 Registration.status, Registration.created_at, Registration.checked_in_at)
# Statuses in the order an organiser works through them.
_STATUS_ORDER = {S.PENDING: 0, S.CONFIRMED: 1, S.WAITING: 2, S.REJECTED: 3, S.CANCELLED: 4}


def key_contains(column, text: str):
    """SQL: the stored key `column` holds `text` as it is (both folded already, or both exact).

    PostgreSQL: LIKE '%text%' (escaped), which its trigram indexes serve. SQLite: instr(), a plain
    substring test, twice as fast as its LIKE, which would also fold ASCII case and handle escapes
    on every row it reads.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return func.instr(column, text) > 0
    return column.contains(text, autoescape=True)


def _answer_is(key: str, value) -> ColumnElement[bool]:
    """The answer to `key` equals `value` (a string, or True for a ticked checkbox) or, for a
    multiple choice, contains it: one line of the registration's answers key (no JSON is read).
    A plain substring test (strpos, instr): an answer is a quarter of an event as often as one in a
    hundred, and the event's rows are read either way (no trigram index for it to keep up)."""
    token = answer_token(key, value)
    if db.session.get_bind().dialect.name == "postgresql":
        return func.strpos(Registration.answers_key, token) > 0
    return func.instr(Registration.answers_key, token) > 0


# SQLite's FTS5 trigram index of the registrations' search keys (migration 0023; no model).
_SEARCH_INDEX = table("registration_search_fts", column("rowid", Integer), column("search_key", Text))
TRIGRAM = 3  # the shortest word the trigram index finds


def search_key_holds(words: list[str]) -> ColumnElement[bool]:
    """SQL: the registration's search key holds every one of `words` (folded: search_words).

    PostgreSQL: LIKE '%word%' for each, which its trigram index serves. SQLite: the words of three
    letters or more as one query of its FTS5 trigram index (the same substrings: both sides are
    folded, the index is case-sensitive), shorter ones by key_contains.
    """
    if not words:
        return true()
    if db.session.get_bind().dialect.name != "sqlite":
        return and_(*(key_contains(Registration.search_key, word) for word in words))
    conditions = [key_contains(Registration.search_key, word) for word in words if len(word) < TRIGRAM]
    indexed = [word for word in words if len(word) >= TRIGRAM]
    if indexed:
        phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
        conditions.insert(0, Registration.id.in_(
            select(_SEARCH_INDEX.c.rowid).where(_SEARCH_INDEX.c.search_key.match(phrases))))
    return and_(*conditions)


def _search(term: str) -> ColumnElement[bool]:
    """Every typed word in the name, e-mail or organisation, whatever the case and accents
    (the folded search key: SQLite's lower() would only fold ASCII)."""
    return search_key_holds(search_words(term))


def participants_query(event, *, status: str | None = None, search: str | None = None,
                       answers: dict | None = None, sort: str = "date", checked_in: bool | None = None,
                       place_in_session: int | None = None) -> Select:
    """The event's registrations, filtered and sorted, as a SELECT for pages, exports and messages.

    `answers` maps a field key to the wanted answer: a choice key, a country or language
    code, or True/False for a checkbox (False also matches people who never answered).
    `checked_in` keeps those checked in (True) or not (False); `place_in_session` those with a
    place (not a waiting-list entry) in that limited session.
    Unknown statuses and sorts are the caller's to refuse; here they raise ValueError.
    """
    statement = select(Registration).where(Registration.event_id == event.id)
    if status:
        statement = statement.where(Registration.status == S(status))
    if search and search.strip():
        statement = statement.where(_search(search))
    for key, value in (answers or {}).items():
        statement = statement.where(~_answer_is(key, True) if value is False else _answer_is(key, value))
    if checked_in is not None:
        statement = statement.where(Registration.checked_in_at.is_not(None) if checked_in
                                    else Registration.checked_in_at.is_(None))
    if place_in_session is not None:
        statement = statement.where(exists(select(literal(1)).where(
            SessionRegistration.registration_id == Registration.id, SessionRegistration.session_id == place_in_session,
            SessionRegistration.status == SessionRegistrationStatus.CONFIRMED)))
    if sort not in TABLE_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    descending = sort.startswith("-")
    column = {"date": Registration.created_at, "name": Registration.name,
              "status": case(_STATUS_ORDER, value=Registration.status, else_=9)}[sort.lstrip("-")]
    order = [column.desc() if descending else column.asc()]
    if sort.lstrip("-") == "status":
        order.append(Registration.created_at.asc())
    order.append(Registration.id.desc() if descending else Registration.id.asc())
    return statement.order_by(*order)


class RowsPage(SelectPagination):
    """db.paginate()'s page of a SELECT of columns (its rows, where db.paginate keeps the first
    column only). `total`, when the caller knows it already (the counts by status), spares the
    count of every matching row."""

    def _query_items(self) -> list:
        statement = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(statement))

    def _query_count(self) -> int:
        if self._query_args.get("total") is not None:
            return self._query_args["total"]
        matching = self._query_args["select"].with_only_columns(Registration.id).order_by(None).subquery()
        return self._query_args["session"].scalar(select(func.count()).select_from(matching))


def participants_page(statement: Select, *, per_page: int, total: int | None = None) -> RowsPage:
    """A page (?page=) of the table: `statement` (participants_query) as rows of TABLE_COLUMNS;
    a page past the last is empty."""
    return RowsPage(select=statement.with_only_columns(*TABLE_COLUMNS), session=db.session, total=total,
                    per_page=per_page, max_per_page=per_page, error_out=False)


BULK_ACTIONS = ("approve", "reject", "promote")
NOT_PENDING = _l("Only pending registrations can be approved.")


def bulk_change(event, actor, chosen, action: str,
                now: datetime | None = None) -> tuple[list[Registration], list[tuple[Registration, object]]]:
    """Apply approve/reject/promote to the event's registrations among `chosen` (ids, or a SELECT
    of ids), in id order; returns (changed, refused: [(registration, reason)]).

    Approval is one change of them all (services.approve_many: a fixed number of statements,
    the mail and the audit entries in the same transaction); those not pending are refused.
    Reject and promote take each registration on its own, in a savepoint, so a refusal (a
    DomainError, whose message is kept with the registration) undoes only that row and the
    others still go through.
    """
    if action == "approve":
        approved, not_pending = approve_many(event, actor, chosen, now=now)
        return approved, [(registration, NOT_PENDING) for registration in not_pending]
    operation = {"reject": reject, "promote": promote}[action]
    registrations = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(chosen)).order_by(Registration.id)))
    changed, refused = [], []
    for registration in registrations:
        try:
            with db.session.begin_nested():
                operation(registration, event, actor, now=now)
        except DomainError as error:
            refused.append((registration, error.message))
        else:
            changed.append(registration)
    return changed, refused


def registration_history(registration: Registration, event) -> list[dict]:
    """What happened to a registration, oldest first: the organisers' actions from the audit
    log, plus what the row itself records (registered, automatic confirmation, cancellation
    by the participant). Items: {"when", "action", "actor", "details"}."""
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.event_id == event.id, AuditEntry.action.startswith("registration."),
            cast(AuditEntry.details["registration"].as_string(), String) == str(registration.id))
        .order_by(AuditEntry.created_at, AuditEntry.id)).all()
    actions = {entry.action for entry in entries}
    history = [{"when": entry.created_at, "action": entry.action.split(".", 1)[1], "actor": entry.actor,
                "details": entry.details} for entry in entries]
    if "registration.added" not in actions:
        history.append({"when": registration.created_at, "action": "registered", "actor": None, "details": {}})
    if registration.confirmed_at and not actions & {"registration.approved", "registration.promoted", "registration.added"}:
        history.append({"when": registration.confirmed_at, "action": "confirmed", "actor": None, "details": {}})
    if registration.cancelled_at and "registration.cancelled" not in actions:
        history.append({"when": registration.cancelled_at, "action": "cancelled_by_participant", "actor": None,
                        "details": {}})
    return sorted(history, key=lambda item: item["when"])

