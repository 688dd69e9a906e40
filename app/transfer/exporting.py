"""export_event: an event, everything that belongs to it, and its stored files, in one ZIP file."""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

from sqlalchemy import Table, select

from app.core.storage import Storage, StorageError, get_storage
from app.db import utcnow
from app.events.models import Event
from app.extensions import db
from app.transfer.archive import FILES, FORMAT, MANIFEST, VERSION, ArchiveError, Summary, encode
from app.transfer.rules import DERIVED, IDS_IN_VALUES, STORED_FILES, USER
from app.transfer.schema import account_tables, event_tables, levels, owner_clause, rows_where_in


class _NamedAccounts:
    """Refs that change nothing and note the accounts a value names."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def id(self, table: str, value: int | None) -> int | None:
        if table == USER and value is not None:
            self.ids.add(value)
        return value

    def token(self, table: str, column: str, value: str) -> str:
        return value


def export_event(slug: str, path: str | os.PathLike) -> Summary:
    """Write the event `slug`, every row that belongs to it, the accounts those rows name and
    the stored files to a ZIP file at `path`. The file appears only once complete.

    Raises ArchiveError for an unknown event, or when a file the rows name cannot be read.
    """
    _read_one_snapshot()
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise ArchiveError(f"No event has the address {slug!r}.")
    tables = _collect(event.id)
    summary = Summary(rows={name: len(rows) for name, rows in tables.items()})
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            files = {key: _write_file(archive, get_storage(), key, summary) for key in _stored_keys(tables)}
            manifest = {"format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(), "event": event.slug,
                        "files": files, "tables": {name: [_encoded(row) for row in rows] for name, rows in tables.items()}}
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False), compress_type=zipfile.ZIP_DEFLATED)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def _read_one_snapshot() -> None:
    # PostgreSQL reads each statement's own snapshot by default: rows added during the export
    # could then appear without their parents. (A SQLite transaction is one snapshot already.)
    # Possible only before the transaction begins: the CLI's case; a caller inside one has its own.
    if not db.session().in_transaction() and db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _collect(event_id: int) -> dict[str, list[dict]]:
    """The event's rows per table, after the accounts they name and their own rows (which an import needs first)."""
    owned = levels()
    tables = {table.name: _rows(table, event_id, owned) for table in event_tables()}
    users = db.metadata.tables[USER]
    accounts = rows_where_in(users, users.c.id, _named_accounts(tables))
    account_ids = [account["id"] for account in accounts]
    for (table, _), rule in DERIVED.items():
        rule.pack(tables[table], account_ids)
    own_rows = {table.name: rows_where_in(table, next(iter(table.foreign_keys)).parent, account_ids)
                for table in account_tables()}
    return {USER: accounts, **own_rows, **tables}


def _rows(table: Table, event_id: int, owned: dict[str, int]) -> list[dict]:
    # In id order: an import inserts them in the same order, so "oldest first" stays true.
    query = select(table).where(owner_clause(table, event_id, owned)).order_by(*table.primary_key.columns)
    return [{column.name: row[column] for column in table.columns} for row in db.session.execute(query).mappings()]


def _named_accounts(tables: dict[str, list[dict]]) -> set[int]:
    """The ids of the accounts that the rows name, through foreign keys or inside values."""
    named = _NamedAccounts()
    for name, rows in tables.items():
        table = db.metadata.tables[name]
        user_columns = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == USER]
        rules = [(column, rule) for (owner, column), rule in IDS_IN_VALUES.items() if owner == name]
        for row in rows:
            for column in user_columns:
                named.id(USER, row[column])
            for column, rule in rules:
                if row[column] is not None:
                    rule.walk(row[column], row, named)
    return named.ids


def _stored_keys(tables: dict[str, list[dict]]) -> list[str]:
    return [row[column] for (name, column) in STORED_FILES for row in tables.get(name, []) if row[column]]


def _write_file(archive: zipfile.ZipFile, storage: Storage, key: str, summary: Summary) -> dict:
    """Stream one stored file into the archive; its size and SHA-256 let the import check it."""
    digest, size = hashlib.sha256(), 0
    try:
        # Stored, not deflated: slides, photos and videos are compressed already.
        with archive.open(FILES + key, "w", force_zip64=True) as out:
            for chunk in storage.iter_bytes(key):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except StorageError as error:
        raise ArchiveError(f"The stored file {key} cannot be read: {error}") from error
    summary.files += 1
    summary.file_bytes += size
    return {"size": size, "sha256": digest.hexdigest()}


def _encoded(row: dict) -> dict:
    return {name: encode(value) for name, value in row.items()}
