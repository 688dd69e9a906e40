"""import_event: a new event from an archive written by export_event, in the caller's transaction."""
from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
import zlib
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Column, Table, bindparam, insert, update
from sqlalchemy.exc import DataError, IntegrityError

from app.accounts.services import normalise_email
from app.core import dates
from app.core.errors import DomainError
from app.core.i18n import is_valid_timezone
from app.core.models import record_audit
from app.core.pagecache import invalidate as invalidate_public_pages
from app.core.storage import CHUNK_SIZE, check_key, get_storage, track_new
from app.core.text import has_refused_characters
from app.events.models import Event
from app.events.services import slug_taken
from app.extensions import db
from app.materials.uploads import max_upload_bytes
from app.transfer.archive import FILES, FORMAT, MANIFEST, VERSION, ArchiveError, Summary, decode
from app.transfer.rules import DERIVED, IDS_IN_VALUES, STORED_FILES, TOKENS, USER, StoredFile
from app.transfer.schema import EVENT, account_tables, deferred_columns, insertion_order, rows_where_in, surrogate_key

_EXTENSION = re.compile(r"[a-z0-9]{1,10}")
# An event's rows as JSON; the largest real events write a few megabytes.
MAX_MANIFEST_MB = 64
# Columns holding one of the instance's languages, or a list of them.
_LANGUAGE_COLUMNS = {"language", "default_language", "preferred_language", "floor_language"}
_MAY_BE_EMPTY = {("material", "language"), ("session", "floor_language")}  # "": not stated
_LANGUAGE_LIST_COLUMNS = {"languages", "interpretation"}
# Columns the forms edit as one line (LineField, or a single-line MultilingualField).
_SINGLE_LINE_COLUMNS = {"title", "name", "venue", "organisation", "email", "label", "slug", "key"}
_SESSION_SCOPE = re.compile(r"session:(-?[0-9]+)")


def import_event(path: str | os.PathLike, slug: str | None = None) -> tuple[Event, Summary]:
    """Create the archive's event, under `slug` when given, with new ids for every row.

    Accounts are matched by e-mail: an existing one is used as it is; a missing one is
    created with its password hash and its own rows, such as its iCal feed (never as an
    administrator). Secrets are kept unless this database already uses them (rules.TOKENS).
    Files are stored under new keys and removed again if the transaction rolls back.
    Callers commit or roll back.

    Raises ArchiveError for a damaged or foreign archive, another format version, or an
    event address already taken.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _Import(archive, _read_manifest(archive), slug).run()
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise ArchiveError(f"The archive is damaged: {error}") from error
    except (IntegrityError, DataError) as error:
        raise ArchiveError(f"The archive's rows do not fit this database: {error.orig}") from error


def _manifest_bytes(archive: zipfile.ZipFile) -> bytes:
    """The manifest, read no further than MAX_MANIFEST_MB: a few hundred kilobytes of ZIP can
    inflate to gigabytes (of whitespace, say), which json.loads would hold several times over."""
    limit = int(current_app.config.get("IMPORT_MAX_MANIFEST_MB", MAX_MANIFEST_MB)) * 1024 * 1024
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise ArchiveError(f"The archive has no {MANIFEST}: it is not a Convene event archive.") from None
    too_large = ArchiveError(f"{MANIFEST} is larger than {limit // (1024 * 1024)} MB: it is not one Convene wrote.")
    if info.file_size > limit:
        raise too_large
    with archive.open(info) as source:
        data = source.read(limit + 1)  # the ZIP header may lie about the size: count what comes
    if len(data) > limit:
        raise too_large
    return data


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    data = _manifest_bytes(archive)
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise ArchiveError(f"{MANIFEST} is damaged: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a Convene event archive.")
    version = manifest.get("version")
    if type(version) is not int or version != VERSION and version not in OLDER_VERSIONS:
        raise ArchiveError(f"The archive has format version {version}; "
                           f"this version of Convene reads versions {', '.join(map(str, [*OLDER_VERSIONS, VERSION]))}.")
    if isinstance(manifest.get("tables"), dict):
        for older, upgrade in sorted(OLDER_VERSIONS.items()):
            if older >= version:
                upgrade(manifest["tables"])
    _check_tables(manifest.get("tables"))
    if not isinstance(manifest.get("files"), dict):
        raise ArchiveError(f"{MANIFEST} lists no files.")
    return manifest


def _notes_by_session_id(tables: dict) -> None:
    """Version 1 named a note's session in `scope` ("session:<id>" or "event") beside an empty session_id."""
    for row in tables.get("note") or []:
        scope = row.pop("scope", None) if isinstance(row, dict) else None
        if scope is not None and scope != "event":
            match = _SESSION_SCOPE.fullmatch(scope) if isinstance(scope, str) else None
            if match is None:
                raise ArchiveError(f"{MANIFEST}: a note's scope {scope!r} names no session.")
            row["session_id"] = int(match[1])


# Older format versions this importer reads, each with what brings its tables to the next version.
OLDER_VERSIONS = {1: _notes_by_session_id}


def _check_tables(tables: Any) -> None:
    """Every table and column known here (an archive of a newer schema is refused), one event."""
    known = {table.name: table for table in insertion_order()}
    if not isinstance(tables, dict) or len(tables.get(EVENT) or []) != 1:
        raise ArchiveError(f"{MANIFEST} does not hold exactly one event.")
    for name, rows in tables.items():
        if name not in known or not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ArchiveError(f"{MANIFEST}: unknown or damaged table {name!r} (an archive of a newer version?).")
        columns = set(known[name].columns.keys())
        unknown = {column for row in rows for column in row} - columns
        if unknown:
            raise ArchiveError(f"{MANIFEST}: unknown columns {name}.{', '.join(sorted(unknown))}.")
        key = surrogate_key(known[name])
        if key is not None and not all(isinstance(row.get(key.name), int) for row in rows):
            raise ArchiveError(f"{MANIFEST}: rows of {name} without an id.")


class _Import:
    """One import: the id and secret maps it builds while inserting table after table."""

    def __init__(self, archive: zipfile.ZipFile, manifest: dict, slug: str | None):
        self.archive, self.manifest = archive, manifest
        self.tables: dict[str, list[dict]] = manifest["tables"]
        self.slug = slug or self.tables[EVENT][0]["slug"]
        self.order = insertion_order()
        self.ids: dict[str, dict[int, int]] = defaultdict(dict)
        self.gone: dict[str, dict[int, int]] = defaultdict(dict)
        self.tokens: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        self.storage = get_storage()
        self.summary = Summary()
        self.event_id = 0
        self.account_tables = {table.name for table in account_tables()}
        self.created: set[int] = set()  # archive ids of the accounts this import creates
        # Per table: foreign keys to itself or to later tables (the cycles), and files whose
        # keys name the row's own id. Both are written once every row exists.
        self.deferred = {table.name: deferred_columns(table, self.order) for table in self.order}
        self.files_later = {table.name: {column: spec for (name, column), spec in STORED_FILES.items()
                                         if name == table.name and spec.needs_row_id} for table in self.order}
        # Per table, the rows waiting for that: (new id, archive row, inserted values).
        self.later: dict[str, list[tuple[int, dict, dict]]] = defaultdict(list)

    def run(self) -> tuple[Event, Summary]:
        if slug_taken(self.slug):
            raise ArchiveError(f"An event with the address {self.slug!r} exists; choose another one (--slug).")
        self._accounts()
        for table in self.order:
            if table.name != USER:
                self._insert(table, self._rows_of(table))
        for table in self.order:
            self._write_later(table)
        event = db.session.get(Event, self.event_id)
        record_audit(None, "event.imported", event, source=self.tables[EVENT][0]["slug"])
        invalidate_public_pages(event.slug)  # pages cached for an event that had this address before
        db.session.flush()
        return event, self.summary

    # --- Refs: how rules reach other rows --------------------------------------------

    def id(self, table: str, value: int | None) -> int | None:
        if value is None:
            return None
        if value in self.ids[table]:
            return self.ids[table][value]
        # A row deleted before the export (a session of an older publication, a material in
        # the activity log): a negative id names it consistently, and never names a row.
        gone = self.gone[table]
        return gone.setdefault(value, -(len(gone) + 1))

    def token(self, table: str, column: str, value: str) -> str:
        self._reserve_tokens(table, column, [value])
        return self.tokens[(table, column)][value]

    # --- accounts -----------------------------------------------------------------------

    def _accounts(self) -> None:
        users = db.metadata.tables[USER]
        rows = self.tables.get(USER, [])
        for row in rows:
            row["email"] = normalise_email(str(row.get("email", "")))
        existing = {user["email"]: user["id"] for user in
                    rows_where_in(users, users.c.email, [row["email"] for row in rows])}
        new = [row for row in rows if row["email"] not in existing]
        self.created = {row["id"] for row in new}
        for row in rows:
            if row["email"] in existing:
                self.ids[USER][row["id"]] = existing[row["email"]]
        # Site roles are granted on each instance (`users create-admin`, the admin pages), never by an archive.
        values = [{**self._plain_values(users, row), "is_admin": False, "is_event_creator": False} for row in new]
        self._insert_rows(users, new, values)
        self.summary.rows[USER] = len(rows)
        self.summary.users_created, self.summary.users_matched = len(new), len(rows) - len(new)

    def _rows_of(self, table: Table) -> list[dict]:
        rows = self.tables.get(table.name, [])
        if table.name not in self.account_tables:
            return rows
        # An existing account keeps its own rows (its iCal feed); a created one gets the archive's.
        (fk,) = table.foreign_keys
        return [row for row in rows if row.get(fk.parent.name) in self.created]

    # --- the event's tables ------------------------------------------------------------

    def _insert(self, table: Table, rows: list[dict]) -> None:
        if not rows:
            return
        key = surrogate_key(table)
        if key is not None:
            rows = sorted(rows, key=lambda row: row[key.name])  # new ids in the old order
        for (name, column) in TOKENS:
            if name == table.name:
                self._reserve_tokens(name, column, [row[column] for row in rows if row.get(column) is not None])
        values = [self._values(table, row) for row in rows]
        new_ids = self._insert_rows(table, rows, values)
        if table.name == EVENT:
            self.event_id = new_ids[0]
        waiting = [column.name for column in self.deferred[table.name]] + list(self.files_later[table.name])
        self.later[table.name] += [(new_id, row, row_values) for new_id, row, row_values in zip(new_ids, rows, values)
                                   if any(row.get(name) is not None for name in waiting)]
        self.summary.rows[table.name] = len(rows)

    def _insert_rows(self, table: Table, rows: list[dict], values: list[dict]) -> list[int]:
        """Insert without the old ids (sequences give new ones, in order) and note old -> new."""
        if not rows:
            return []
        key = surrogate_key(table)
        if key is None:
            db.session.execute(insert(table), values)
            return []
        new_ids = list(db.session.scalars(insert(table).returning(key, sort_by_parameter_order=True), values))
        self.ids[table.name].update(zip((row[key.name] for row in rows), new_ids))
        return new_ids

    def _plain_values(self, table: Table, row: dict) -> dict:
        key = surrogate_key(table)
        return {name: decode(table.c[name], value) for name, value in row.items() if key is None or name != key.name}

    def _values(self, table: Table, row: dict) -> dict:
        """The row as inserted: foreign keys remapped, then the columns with rules; deferred columns empty."""
        values = self._plain_values(table, row)
        for name, value in values.items():
            _check_value(table.name, name, value)
        later = {column.name for column in self.deferred[table.name]} | set(self.files_later[table.name])
        for name in values:
            column = table.c[name]
            if name in later:
                values[name] = None
            elif column.foreign_keys:
                values[name] = self._foreign_key(column, values[name])
        for name in values:
            if name not in later and values[name] is not None:
                values[name] = self._apply_rule(table, name, values[name], values)
        if table.name == EVENT:
            values["slug"] = self.slug
        return values

    def _apply_rule(self, table: Table, name: str, value: Any, values: dict) -> Any:
        key = (table.name, name)
        try:
            if key in IDS_IN_VALUES:
                return IDS_IN_VALUES[key].walk(value, values, self)
            if key in TOKENS:
                return self.tokens[key][value]
            if key in STORED_FILES:
                return self._copy_file(STORED_FILES[key], value, values)
            if key in DERIVED:
                return DERIVED[key].unpack(value, values, self)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ArchiveError(f"{table.name}.{name}: unexpected value {value!r} ({error!r}).") from error
        return value

    def _foreign_key(self, column: Column, value: Any) -> int | None:
        (fk,) = column.foreign_keys
        target = fk.column.table.name
        if value is None:
            return None
        if value not in self.ids[target]:
            raise ArchiveError(f"{column.table.name}.{column.name} names {target} {value!r}, which the archive lacks.")
        return self.ids[target][value]

    def _reserve_tokens(self, table: str, column: str, values: list[str]) -> None:
        """Keep each value, unless this database already uses it (then a new one)."""
        known = self.tokens[(table, column)]
        wanted = [value for value in values if value not in known]
        target = db.metadata.tables[table]
        taken = {row[column] for row in rows_where_in(target, target.c[column], wanted)}
        for value in wanted:
            known[value] = TOKENS[(table, column)]() if value in taken else value

    # --- what waits until every row exists -----------------------------------------------

    def _write_later(self, table: Table) -> None:
        entries = self.later.get(table.name)
        if not entries:
            return
        changes = [self._later_values(table, new_id, row, values) for new_id, row, values in entries]
        # Bound under other names: a column's own name is taken by the SET clause.
        statement = (update(table).where(surrogate_key(table) == bindparam("row_id"))
                     .values({name: bindparam(f"set_{name}") for name in changes[0]}))
        db.session.execute(statement, [{"row_id": new_id, **{f"set_{name}": value for name, value in change.items()}}
                                       for (new_id, _, _), change in zip(entries, changes)])

    def _later_values(self, table: Table, new_id: int, row: dict, values: dict) -> dict:
        change = {column.name: self._foreign_key(column, decode(column, row.get(column.name)))
                  for column in self.deferred[table.name]}
        for column, spec in self.files_later[table.name].items():
            with_id = {**values, surrogate_key(table).name: new_id}
            change[column] = self._copy_file(spec, row[column], with_id) if row.get(column) else None
        # An UPDATE stamps updated_at (onupdate) with the import's time: write the archive's again.
        change.update({column.name: values[column.name] for column in table.columns
                       if column.onupdate is not None and column.name in values})
        return change

    # --- files ----------------------------------------------------------------------------

    def _copy_file(self, spec: StoredFile, old_key: str, values: dict) -> str:
        """Store the archive's file `old_key` under a new key, checked against the manifest."""
        expected = self.manifest["files"].get(old_key)
        if not isinstance(expected, dict):
            raise ArchiveError(f"The archive lacks the file {old_key}.")
        extension = self._extension(old_key)
        new_key = check_key(spec.new_key(values, self.event_id, extension))
        try:
            info = self.archive.getinfo(FILES + old_key)
        except KeyError:
            raise ArchiveError(f"The archive lacks the file {old_key}.") from None
        damaged = ArchiveError(f"The file {old_key} in the archive is damaged.")
        declared = expected.get("size")
        limit = max_upload_bytes(current_app.config)
        if type(declared) is not int or not 0 <= declared <= limit:
            raise ArchiveError(f"The file {old_key} is larger than an upload may be ({limit // (1024 * 1024)} MB).")
        if info.file_size != declared:
            raise damaged
        digest, size = hashlib.sha256(), 0
        with self.storage.staging_file() as (file, staged):
            with self.archive.open(info) as source:
                while chunk := source.read(CHUNK_SIZE):
                    size += len(chunk)
                    if size > declared:  # stop at once: never more on disk than the manifest declares
                        raise damaged
                    digest.update(chunk)
                    file.write(chunk)
            file.flush()
            if size != declared or digest.hexdigest() != expected.get("sha256"):
                raise damaged
            try:
                spec.check(staged, extension)  # what the upload of this file would have checked
            except DomainError as error:
                raise ArchiveError(f"The file {old_key} is refused: {error.message}") from None
            self.storage.put(new_key, staged)
        track_new(db.session, new_key, self.storage)
        self.summary.files += 1
        self.summary.file_bytes += size
        return new_key

    @staticmethod
    def _extension(old_key: str) -> str:
        extension = old_key.rsplit(".", 1)[-1] if "." in old_key.rsplit("/", 1)[-1] else ""
        if not _EXTENSION.fullmatch(extension):
            raise ArchiveError(f"The file name {old_key!r} in the archive has no usable extension.")
        return extension


def _strings_in(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _check_value(table: str, name: str, value: Any) -> None:
    """The rules the forms apply, for a value that comes from an archive instead: no NUL or other
    control character, dates Convene can compute with, known time zones and languages."""
    where = f"{table}.{name}"
    multiline = name not in _SINGLE_LINE_COLUMNS
    if any(has_refused_characters(text, multiline=multiline) for text in _strings_in(value)):
        raise ArchiveError(f"{where} holds a NUL byte or another control character.")
    if isinstance(value, (date, datetime)) and not dates.in_range(value):
        raise ArchiveError(f"{where}: {value} is outside the dates Convene accepts "
                           f"({dates.EARLIEST.year}-{dates.LATEST.year}).")
    languages = current_app.config["LANGUAGES"]
    if name == "timezone" and table == EVENT and not (isinstance(value, str) and is_valid_timezone(value)):
        raise ArchiveError(f"{where}: {value!r} is not a time zone.")
    if name in _LANGUAGE_COLUMNS and value not in languages and not ((table, name) in _MAY_BE_EMPTY and value == ""):
        raise ArchiveError(f"{where}: {value!r} is not one of this instance's languages ({', '.join(languages)}).")
    if name in _LANGUAGE_LIST_COLUMNS and not (isinstance(value, list) and all(v in languages for v in value)):
        raise ArchiveError(f"{where}: {value!r} names languages this instance does not offer.")
