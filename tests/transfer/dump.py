"""The event as comparable data, for the round-trip tests.

Every row of every table that belongs to the event and every column, with ids replaced by
what they name (a row by its table and position, an account by its e-mail, a row gone
before the export as "gone"), stored files by the SHA-256 of their bytes, and the accounts
the rows name. Positions compare too: an import gives new ids in the old order.
"""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import select, true

from app.core.storage import get_storage
from app.events.models import Event
from app.extensions import db
from app.trainings.feedback import respondent_key
from app.transfer.archive import encode
from app.transfer.rules import DERIVED, STORED_FILES, TOKENS, USER
from app.transfer.schema import EVENT, event_tables, levels, owner_clause, surrogate_key


def _rows(table, clause) -> list[dict]:
    query = select(table).where(clause).order_by(*table.primary_key.columns)
    return [{c.name: row[c] for c in table.columns} for row in db.session.execute(query).mappings()]


class _Names:
    """Refs for the dump: a row is named by its table and position, an account by its e-mail."""

    def __init__(self, rows: dict[str, list[dict]], keep_secrets: bool):
        self.rows, self.keep_secrets = rows, keep_secrets
        self.labels = {}
        for table in event_tables():
            key = surrogate_key(table)
            if key is not None:
                self.labels[table.name] = {row[key.name]: f"{table.name}#{i}" for i, row in enumerate(rows[table.name])}
        self.users = {row["id"]: row for row in _rows(db.metadata.tables[USER], true())}
        self.named: set[int] = set()

    def id(self, table: str, value: int | None):
        if value is None:
            return None
        if table == USER:
            self.named.add(value)
            return self.users[value]["email"] if value in self.users else "gone"
        return self.labels[table].get(value, "gone")

    def token(self, table: str, column: str, value: str) -> str:
        if self.keep_secrets:
            return value
        owners = {row[column]: self.labels[table][row["id"]] for row in self.rows[table]}
        return owners.get(value, "gone")

    def respondent(self, row: dict) -> str:
        return next((user["email"] for user_id, user in self.users.items()
                     if respondent_key(row["survey_id"], user_id) == row["respondent_key"]), "unknown")

    def accounts(self) -> list[dict]:
        return sorted(({name: encode(value) for name, value in self.users[user_id].items()
                        if name not in ("id", "is_admin", "is_event_creator")}  # site roles stay behind
                       for user_id in self.named if user_id in self.users),
                      key=lambda user: user["email"])


# Ids inside values, named here independently of app.transfer.rules (which a walk that
# forgets an id would fool): the key tells the table ("room_id"), or, for "id" and a
# published session's "uid", the list around it ("rooms": [...]).
_KEY_TABLES = {"session_id": "session", "room_id": "room", "track_id": "track", "person_id": "person", "user_id": USER}
_LIST_TABLES = {"rooms": "room", "tracks": "track", "people": "person", "sessions": "session"}
_AUDIT_TABLES = {"registration": "registration", "material": "material", "person": "person", "session": "session",
                 "sessions": "session", "required": "session", "room": "room", "track": "track",
                 "survey": "feedback_survey", "question": "feedback_question", "certificate": "certificate"}


def _named(value, names: _Names, within: str | None = None):
    if isinstance(value, list):
        return [_named(item, names, within) for item in value]
    if not isinstance(value, dict):
        return value
    named = {}
    for key, item in value.items():
        if key == "id" and within:
            named[key] = names.id(within, item)
        elif key == "uid" and within == "session":
            named[key] = names.token("session", "uid", item)
        elif key in _KEY_TABLES:
            named[key] = names.id(_KEY_TABLES[key], item)
        else:
            named[key] = _named(item, names, _LIST_TABLES.get(key))
    return named


def _scope(value: str, names: _Names) -> str:
    match = re.fullmatch(r"session:(-?\d+)", value)
    return f"session:{names.id('session', int(match[1]))}" if match else value


def _audit_value(table: str, value, names: _Names):
    if isinstance(value, list):
        return [_audit_value(table, item, names) for item in value]
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return names.id(table, int(value))
    return names.id(table, value) if isinstance(value, int) else value


def _audit(details: dict, row: dict, names: _Names) -> dict:
    tables = {**_AUDIT_TABLES, **({"source": "session"} if row["action"] == "agenda.session_duplicated" else {})}
    named = {key: _audit_value(tables[key], value, names) if key in tables else value for key, value in details.items()}
    if "scope" in named:
        named["scope"] = _scope(named["scope"], names)
    if "people" in named:  # "<person id>:<role>"
        named["people"] = [f"{names.id('person', int(item.split(':')[0]))}:{item.split(':')[1]}"
                           for item in named["people"]]
    return named


NAMED_IN_VALUES = {
    ("agenda_publication", "snapshot"): lambda value, row, names: _named(value, names),
    ("agenda_publication", "changes"): lambda value, row, names: _named(value, names),
    ("note", "session_id"): lambda value, row, names: names.id("session", value),
    ("speaker_invitation", "session_ids"): lambda value, row, names: [names.id("session", v) for v in value],
    ("completion_rule", "required_session_ids"): lambda value, row, names: [names.id("session", v) for v in value],
    ("certificate", "module_ids"): lambda value, row, names: [names.id("session", v) for v in value],
    ("feedback_response", "answers"): lambda value, row, names: {
        names.id("feedback_question", int(key)): answer for key, answer in value.items()},
    ("audit_entry", "details"): _audit,
}


def _value(table, column, row: dict, names: _Names):
    rule, value = (table.name, column.name), row[column.name]
    if value is None:
        return None
    if rule in NAMED_IN_VALUES:
        return NAMED_IN_VALUES[rule](value, row, names)
    if rule in TOKENS:
        return names.token(*rule, value)
    if rule in STORED_FILES:
        return hashlib.sha256(get_storage().read_bytes(value)).hexdigest()
    if rule in DERIVED:
        return names.respondent(row)
    if column.foreign_keys:
        return names.id(next(iter(column.foreign_keys)).column.table.name, value)
    return encode(value)


def dump(slug: str, keep_secrets: bool) -> dict[str, list]:
    """The event as comparable data (see the module's docstring); secrets compare as the rows
    holding them unless `keep_secrets`."""
    event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    owned = levels()
    rows = {table.name: _rows(table, owner_clause(table, event_id, owned)) for table in event_tables()}
    rows["audit_entry"] = [row for row in rows["audit_entry"] if row["action"] != "event.imported"]
    names = _Names(rows, keep_secrets)
    dump = {table.name: [{column.name: _value(table, column, row, names) for column in table.columns
                          if column is not surrogate_key(table) and (table.name, column.name) != (EVENT, "slug")}
                         for row in rows[table.name]]
            for table in event_tables()}
    dump[USER] = names.accounts()
    return dump


def assert_same(after: dict, before: dict) -> None:
    assert after.keys() == before.keys()
    for table in before:
        assert len(after[table]) == len(before[table]), table
        for row_after, row_before in zip(after[table], before[table]):
            assert row_after == row_before, table


def secrets_of(slug: str) -> set[str]:
    event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    owned = levels()
    values = set()
    for table_name, column in TOKENS:
        if table_name not in owned:
            continue  # an account's own rows
        table = db.metadata.tables[table_name]
        values |= set(db.session.scalars(select(table.c[column]).where(owner_clause(table, event_id, owned))))
    return values
