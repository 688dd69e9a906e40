"""The archive covers the schema: a table or column added later either travels as it should
or makes one of these tests fail, naming what to decide."""
from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import JSON, Index, Table, TypeDecorator, UniqueConstraint

import app.models  # noqa: F401  (registers every table)
from app.db import Translations
from app.extensions import db
from app.transfer.rules import (
    AUDIT_FORMATTED_KEYS,
    AUDIT_ID_KEYS,
    AUDIT_ID_KEYS_BY_ACTION,
    AUDIT_PLAIN_KEYS,
    DERIVED,
    IDS_IN_VALUES,
    JSON_WITHOUT_IDS,
    STORED_FILES,
    TOKENS,
    USER,
)
from app.transfer.schema import (
    EVENT,
    EXCLUDED,
    account_tables,
    deferred_columns,
    event_tables,
    insertion_order,
    surrogate_key,
)

APP = Path(__file__).resolve().parents[2] / "app"


def _reaches_event(table: Table, seen: frozenset = frozenset()) -> bool:
    """Whether a chain of foreign keys leads from `table` to `event` (not through accounts, which every event shares)."""
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name == EVENT:
            return True
        if parent.name != USER and parent.name not in seen | {table.name} and _reaches_event(parent, seen | {table.name}):
            return True
    return False


def _exported() -> set[str]:
    return {table.name for table in event_tables()}


def test_every_table_with_a_foreign_key_path_to_events_is_exported_or_excluded():
    reaching = {name for name, table in db.metadata.tables.items() if _reaches_event(table)}
    assert reaching - _exported() - set(EXCLUDED) == set()
    assert _exported() == reaching - set(EXCLUDED) | {EVENT}
    # What the issue names, and the places in limited sessions added since.
    assert {"registration", "registration_field", "session", "session_person", "agenda_publication", "material",
            "material_version", "note", "note_revision", "attendance", "certificate", "feedback_survey",
            "feedback_question", "feedback_response", "audit_entry", "session_registration"} <= _exported()
    # The mail outbox has no path to an event: it stays behind.
    assert "outbox_message" not in _exported()


def test_every_other_table_naming_accounts_travels_with_them():
    """A person's own rows (the personal iCal feed) go with the accounts an archive names; only
    a table marked as this server's own (sign-ins: its sessions; API tokens) stays behind."""
    accounts = {table.name for table in account_tables()}
    assert "agenda_feed" in accounts
    staying = {name for name, table in db.metadata.tables.items() if table.info.get("stays_on_instance")}
    assert staying == {"user_sign_in", "api_token"}  # sessions and API tokens are secrets of this server
    for name, table in db.metadata.tables.items():
        if table.foreign_keys and name not in _exported() and name not in staying and name not in EXCLUDED:
            assert name in accounts, f"{name} names rows but is neither an event's table nor an account's"


def test_accounts_are_the_only_rows_outside_the_event_that_its_rows_name():
    for table in event_tables():
        for fk in table.foreign_keys:
            assert fk.column.table.name in _exported() | {USER}, f"{table.name}.{fk.parent.name}"
            assert fk.column is surrogate_key(fk.column.table), f"{table.name}.{fk.parent.name} names no generated id"


def test_cycles_are_only_between_rows_with_their_own_generated_id():
    order = insertion_order()
    for table in event_tables():
        deferred = deferred_columns(table, order)
        if deferred:
            assert surrogate_key(table) is not None, table.name
            assert all(column.nullable for column in deferred), table.name


def _is_json(column) -> bool:
    sql_type = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    return isinstance(sql_type, JSON) and not isinstance(column.type, Translations)


def test_every_json_column_of_an_event_table_is_known_to_hold_ids_or_not():
    for table in event_tables():
        for column in table.columns:
            if _is_json(column):
                key = (table.name, column.name)
                assert key in IDS_IN_VALUES or key in JSON_WITHOUT_IDS, f"ids inside {table.name}.{column.name}?"


def _unique_column_sets(table: Table) -> list[tuple[str, ...]]:
    sets = [(column.name,) for column in table.columns if column.unique]
    sets += [tuple(c.name for c in constraint.columns) for constraint in table.constraints
             if isinstance(constraint, UniqueConstraint)]
    sets += [tuple(c.name for c in index.columns) for index in table.indexes if isinstance(index, Index) and index.unique]
    return sets


def test_every_unique_value_of_an_event_table_is_a_secret_a_file_or_scoped_to_a_new_row():
    """A value unique across the instance would clash when an event is imported next to its original."""
    handled = set(TOKENS) | set(STORED_FILES) | {(EVENT, "slug")}
    for table in event_tables() + account_tables():
        foreign = {fk.parent.name for fk in table.foreign_keys}
        for columns in _unique_column_sets(table):
            if len(columns) == 1 and columns[0] not in foreign:
                assert (table.name, columns[0]) in handled, f"{table.name}.{columns[0]} is unique: keep or renew?"
            else:
                assert foreign & set(columns), f"{table.name} {columns} is unique without naming a parent row"


def test_every_rule_names_a_column_of_a_table_that_travels():
    tables = {table.name: table for table in event_tables() + account_tables()}
    for table_name, column in [*IDS_IN_VALUES, *JSON_WITHOUT_IDS, *TOKENS, *STORED_FILES, *DERIVED]:
        assert column in tables[table_name].columns, f"{table_name}.{column}"
    for rule in IDS_IN_VALUES.values():
        assert rule.refers_to <= set(tables) | {USER}


def _audit_keys() -> set[str]:
    """The detail keys of every record_audit(...) call in the application."""
    keys = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record_audit":
                keys |= {keyword.arg for keyword in node.keywords if keyword.arg is not None}
    return keys


def test_every_audit_detail_key_is_known_to_hold_ids_or_not():
    by_action = {key for keys in AUDIT_ID_KEYS_BY_ACTION.values() for key in keys}
    assert set(AUDIT_ID_KEYS).isdisjoint(AUDIT_PLAIN_KEYS) and AUDIT_FORMATTED_KEYS.isdisjoint(AUDIT_PLAIN_KEYS)
    unknown = _audit_keys() - set(AUDIT_ID_KEYS) - AUDIT_FORMATTED_KEYS - AUDIT_PLAIN_KEYS - by_action
    assert not unknown, f"audit details {sorted(unknown)}: ids to remap (AUDIT_ID_KEYS) or not (AUDIT_PLAIN_KEYS)?"


def test_every_id_column_without_a_foreign_key_has_a_rule():
    """A column named like a foreign key but without one (a note's published session) must still be remapped."""
    for table in event_tables():
        for column in table.columns:
            if column.name.endswith("_id") and not column.foreign_keys:
                assert (table.name, column.name) in IDS_IN_VALUES, f"{table.name}.{column.name}: which rows does it name?"
