"""Which tables belong to an event, and in which order an import inserts them, read from the metadata.

A table belongs to an event when a chain of foreign keys leads from it to `event`
(registration -> event, attendance -> registration -> event...). Accounts are shared
by every event: `user` rows travel only as the accounts the event's rows name, with
their own rows (account_tables).
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, ColumnElement, Integer, Table, or_, select
from sqlalchemy.sql.util import sort_tables

from app.extensions import db
from app.transfer.rules import IDS_IN_VALUES, USER

EVENT = "event"

# Tables with a foreign-key path to an event that archives leave out, and why
# (tests/transfer fails for a table that is neither exported nor listed here).
# The mail outbox is not among them: it has no link to events at all.
EXCLUDED: dict[str, str] = {
    # Who got which reminder on this server (its targets name this database's ids): the event's
    # reminders travel, and an imported copy counts its own mail afresh.
    "reminder_delivery": "the record of reminder mail sent from this instance",
    # Organiser messages are mail this instance sent (their recipients point into its outbox, which no
    # archive carries); a copy of the event starts with no messages sent.
    "event_message": "the organiser messages sent from this instance",
    "message_recipient": "who each organiser message went to from this instance",
}


def levels() -> dict[str, int]:
    """Every table that belongs to an event, with its distance from `event` in foreign keys."""
    tables = db.metadata.tables
    found = {EVENT: 0}
    current, level = {EVENT}, 0
    while current:
        level += 1
        current = {name for name, table in tables.items()
                   if name not in found and name != USER and name not in EXCLUDED
                   and any(fk.column.table.name in current for fk in table.foreign_keys)}
        found.update((name, level) for name in current)
    return found


def account_tables() -> list[Table]:
    """Tables of a person's own rows, outside every event (the personal iCal feed): one foreign
    key, to `user`. They travel with the accounts an archive names; an import writes them only
    for the accounts it creates."""
    owned = levels()
    return [table for table in db.metadata.sorted_tables
            if [fk.column.table.name for fk in table.foreign_keys] == [USER] and table.name not in owned
            and not table.info.get("stays_on_instance")]  # e.g. sign-ins: this server's sessions


def insertion_order() -> list[Table]:
    """`user`, the account tables and the event's tables, parents first.

    sort_tables leaves out the foreign keys marked use_alter (the cycles material <->
    version, note <-> revision), and tables whose values name other rows come after those.
    """
    tables = db.metadata.tables
    names = set(levels()) | {USER} | {table.name for table in account_tables()}
    after_named = [(tables[named], tables[table]) for (table, _), rule in IDS_IN_VALUES.items()
                   for named in rule.refers_to if table in names and named in names]
    return sort_tables([tables[name] for name in sorted(names)], extra_dependencies=after_named)


def event_tables() -> list[Table]:
    """The tables that belong to an event, in insertion order."""
    owned = levels()
    return [table for table in insertion_order() if table.name in owned]


def owner_clause(table: Table, event_id: int, owned: dict[str, int]) -> ColumnElement[bool]:
    """The rows of `table` that belong to the event: reached through foreign keys to tables nearer to it."""
    if table.name == EVENT:
        return table.c.id == event_id
    paths = []
    for fk in table.foreign_keys:
        parent = fk.column.table
        if owned.get(parent.name, owned[table.name]) >= owned[table.name]:
            continue  # users, siblings, and the cycles back from children
        if parent.name == EVENT:
            paths.append(fk.parent == event_id)
        else:
            paths.append(fk.parent.in_(select(fk.column).where(owner_clause(parent, event_id, owned))))
    return or_(*paths)


def deferred_columns(table: Table, order: list[Table]) -> list[Column]:
    """Foreign keys of `table` to itself or to a table inserted later: written once every row exists."""
    position = {t.name: index for index, t in enumerate(order)}
    return [fk.parent for fk in table.foreign_keys if position[fk.column.table.name] >= position[table.name]]


def surrogate_key(table: Table) -> Column | None:
    """The table's generated id, which an import never copies (the database, its sequences, give new ones)."""
    columns = list(table.primary_key.columns)
    if len(columns) == 1 and not columns[0].foreign_keys and isinstance(columns[0].type, Integer):
        return columns[0]
    return None


def rows_where_in(table: Table, column: Column, values: Iterable, size: int = 500) -> list[dict]:
    """The rows of `table` whose `column` is one of `values`, ordered by it; in chunks, as backends cap a
    statement's parameters."""
    wanted, rows = sorted(set(values)), []
    for start in range(0, len(wanted), size):
        result = db.session.execute(select(table).where(column.in_(wanted[start:start + size])).order_by(column))
        rows.extend({c.name: row[c] for c in table.columns} for row in result.mappings())
    return rows
