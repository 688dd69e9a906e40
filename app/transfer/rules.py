"""What the metadata cannot tell about a column: ids inside its values, secrets, stored files.

Foreign keys are found and remapped from the metadata alone (schema.py). The columns
below need more; tests/transfer fails when a JSON column or a unique column of an
event's table, or a key of the activity log's details, is in none of these lists.
"""
from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l

from app.materials.services import material_file_key
from app.materials.speakers import check_photo, photo_file_key
from app.materials.uploads import ALLOWED_EXTENSIONS, PHOTO_EXTENSIONS, UploadRefused, check_content
from app.notes.services import session_scope
from app.registration.models import new_ticket_code
from app.trainings.feedback import respondent_key
from app.trainings.services import new_certificate_code

USER = "user"


class Refs(Protocol):
    """How a rule reaches other rows: the exporter collects them, the importer remaps them."""

    def id(self, table: str, value: int | None) -> int | None:
        """The id to write for `value`, an id of `table` (None stays None)."""

    def token(self, table: str, column: str, value: str) -> str:
        """The value to write for `value`, a value of the secret column `table.column`."""


Walk = Callable[[Any, Mapping[str, Any], Refs], Any]


@dataclass(frozen=True)
class IdsInValue:
    """A column whose values hold ids of other rows: `walk(value, row, refs)` rewrites each of them."""

    refers_to: frozenset[str]
    walk: Walk


def _with_ids(entry: Mapping[str, Any], refs: Refs, keys: Mapping[str, str]) -> dict:
    """`entry` with the values of `keys` (key -> table) rewritten where present; other keys kept as they are."""
    return {key: refs.id(keys[key], value) if key in keys else value for key, value in entry.items()}


def _id_list(table: str) -> IdsInValue:
    return IdsInValue(frozenset({table}), lambda value, row, refs: [refs.id(table, v) for v in value or []])


# --- agenda publications: the agenda as published, and what changed -------------------

def _published_session(entry: Mapping[str, Any], refs: Refs) -> dict:
    result = _with_ids(entry, refs, {"id": "session", "room_id": "room", "track_id": "track"})
    if "uid" in entry:
        result["uid"] = refs.token("session", "uid", entry["uid"])
    if "people" in entry:
        result["people"] = [_with_ids(link, refs, {"person_id": "person"}) for link in entry["people"]]
    return result


_SNAPSHOT_LISTS = {"rooms": {"id": "room"}, "tracks": {"id": "track"}, "people": {"id": "person", "user_id": USER}}


def _snapshot(value: Mapping[str, Any], row: Mapping[str, Any], refs: Refs) -> dict:
    result = {key: [_with_ids(item, refs, _SNAPSHOT_LISTS[key]) for item in items] if key in _SNAPSHOT_LISTS else items
              for key, items in value.items()}
    if "sessions" in value:
        result["sessions"] = [_published_session(session, refs) for session in value["sessions"]]
    return result


def _change(change: Mapping[str, Any], refs: Refs) -> dict:
    result = _with_ids(change, refs, {"session_id": "session"})
    for side in ("before", "after"):
        if side in change:
            result[side] = _with_ids(change[side], refs, {"room_id": "room"})
    return result


def _changes(value: list, row: Mapping[str, Any], refs: Refs) -> list:
    return [_change(change, refs) for change in value]


# --- the activity log's note scopes: "session:<id>" or "event" ---------------------------

_SESSION_SCOPE = re.compile(r"session:(-?\d+)")


def _scope(value: str, refs: Refs) -> str:
    # Parsed here, not by notes.services.scope_session_id: the activity log keeps the scopes
    # of sessions deleted since, whose ids an import makes negative.
    match = _SESSION_SCOPE.fullmatch(value)
    return session_scope(refs.id("session", int(match[1]))) if match else value


# --- the audit log: details as each service writes them (ints, strings of digits, lists) ----

AUDIT_ID_KEYS = {
    "registration": "registration", "material": "material", "person": "person", "session": "session",
    "sessions": "session", "required": "session", "room": "room", "track": "track", "survey": "feedback_survey",
    "question": "feedback_question", "certificate": "certificate", "invitation": "invitation",
}
# "source" names a session only here; in "event.cloned" it is an event's address.
AUDIT_ID_KEYS_BY_ACTION = {"agenda.session_duplicated": {"source": "session"}}
# Detail keys whose strings embed ids: a note's scope, and "<person id>:<role>" items.
AUDIT_FORMATTED_KEYS = frozenset({"scope", "people"})
# Detail keys that never hold ids (a test reads every record_audit call and checks these lists).
AUDIT_PLAIN_KEYS = frozenset({
    "added", "after", "anonymous", "before", "changes", "clone", "count", "email", "emails", "field", "fields", "file",
    "kind", "language", "max_uses", "method", "name", "open", "position", "published", "reason", "removed", "result",
    "revision", "role", "sha256", "share", "skipped_outdated", "slug", "source", "title", "unpublished", "user",
    "valid_days", "version", "versions",
    # Organiser messages: archives leave their record out (app/transfer/schema.py EXCLUDED), so a message's id
    # in the log stays as it was, a reference to the instance it was sent from.
    "daily_limit", "message", "recipients", "reply_to", "stopped", "opted_out", "via",
})
_NUMBER = re.compile(r"-?\d+")
_PERSON_ROLE = re.compile(r"(-?\d+):(.*)")


def _audit_id(table: str, value: Any, refs: Refs) -> Any:
    if isinstance(value, list):
        return [_audit_id(table, item, refs) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return refs.id(table, value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return str(refs.id(table, int(value)))
    return value


def _audit_details(value: Mapping[str, Any], row: Mapping[str, Any], refs: Refs) -> dict:
    keys = {**AUDIT_ID_KEYS, **AUDIT_ID_KEYS_BY_ACTION.get(row["action"], {})}
    details = {key: _audit_id(keys[key], item, refs) if key in keys else item for key, item in value.items()}
    if isinstance(details.get("scope"), str):  # notes.*
        details["scope"] = _scope(details["scope"], refs)
    if isinstance(details.get("people"), list):  # agenda.session_people_set
        details["people"] = [_person_role(item, refs) for item in details["people"]]
    return details


def _person_role(item: Any, refs: Refs) -> Any:
    match = _PERSON_ROLE.fullmatch(item) if isinstance(item, str) else None
    return f"{refs.id('person', int(match[1]))}:{match[2]}" if match else item


IDS_IN_VALUES: dict[tuple[str, str], IdsInValue] = {
    ("agenda_publication", "snapshot"): IdsInValue(frozenset({"room", "track", "person", "session", USER}), _snapshot),
    ("agenda_publication", "changes"): IdsInValue(frozenset({"session", "room"}), _changes),
    # The published session, which the draft may have deleted since (not a foreign key: app/notes/models.py).
    ("note", "session_id"): IdsInValue(frozenset({"session"}), lambda value, row, refs: refs.id("session", value)),
    ("speaker_invitation", "session_ids"): _id_list("session"),
    ("completion_rule", "required_session_ids"): _id_list("session"),
    ("certificate", "module_ids"): _id_list("session"),
    # {question id: answer}
    ("feedback_response", "answers"): IdsInValue(frozenset({"feedback_question"}), lambda value, row, refs: {
        str(refs.id("feedback_question", int(key))): answer for key, answer in value.items()}),
    ("audit_entry", "details"): IdsInValue(
        frozenset(AUDIT_ID_KEYS.values()) | {table for keys in AUDIT_ID_KEYS_BY_ACTION.values()
                                              for table in keys.values()}, _audit_details),
}

# JSON columns that hold no ids (besides Translations columns, which never do).
JSON_WITHOUT_IDS = frozenset({
    ("event", "languages"), ("session", "interpretation"), ("registration_field", "choices"),
    ("registration", "answers"),  # keyed by the field's key, not its id
    ("feedback_question", "choices"),
})


# --- secrets: unique across the instance ----------------------------------------------
# An import keeps each value, so tickets, certificates and links already handed out keep
# working when an event moves; a value this database already uses (an event imported
# next to its original) is replaced by a new one.

def _token_hash() -> str:
    # Only the hash of an e-mailed token is stored: a random one disables the copy's links; resending makes new ones.
    return secrets.token_hex(32)


TOKENS: dict[tuple[str, str], Callable[[], str]] = {
    ("session", "uid"): lambda: str(uuid.uuid4()),
    ("registration", "ticket_code"): new_ticket_code,
    ("certificate", "code"): new_certificate_code,
    ("invitation", "token_hash"): _token_hash,
    ("speaker_invitation", "token_hash"): _token_hash,
    # A personal iCal feed's address, as app.agenda.services.feed_for makes it.
    ("agenda_feed", "token"): lambda: secrets.token_urlsafe(32),
}


# --- stored files -----------------------------------------------------------------------

@dataclass(frozen=True)
class StoredFile:
    """A column holding a storage key. An import stores the file under a new key: two rows must
    never share a file (deleting one would delete the other's), and keys name their rows' ids."""

    # (row with its new ids, new event id, file extension) -> key, shaped as the owning service shapes it.
    new_key: Callable[[Mapping[str, Any], int, str], str]
    # (staged file's path, extension) -> None, or DomainError: the checks of the upload the file came from.
    check: Callable[[str, str], None]
    # The key names the row's own id, known only once the row is inserted.
    needs_row_id: bool = False


def _check_material_file(path: str, extension: str) -> None:
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRefused(_l("This kind of file is not accepted. Allowed: %(types)s.",
                               types=", ".join(sorted(set(ALLOWED_EXTENSIONS) - {"jpeg"}))))
    with open(path, "rb") as file:
        check_content(file, extension)


def _check_photo_file(path: str, extension: str) -> None:
    if extension not in PHOTO_EXTENSIONS:
        raise UploadRefused(_l("This image could not be read. Please upload a JPEG or PNG photo."))
    check_photo(path)


STORED_FILES: dict[tuple[str, str], StoredFile] = {
    ("material_version", "storage_key"): StoredFile(
        lambda row, event_id, ext: material_file_key(event_id, row["material_id"], ext), _check_material_file),
    ("person", "photo_key"): StoredFile(
        lambda row, event_id, ext: photo_file_key(event_id, row["id"], ext), _check_photo_file, needs_row_id=True),
}


# --- values derived from the app's secret ------------------------------------------------

def pack_respondent_keys(rows: list[dict], user_ids: Iterable[int]) -> None:
    """Write, instead of a respondent key, the account it stands for, so that the importing
    instance can derive it anew from its own ids and secret and the participant still finds
    their (anonymous) answers. A key of no exported account stays as it is."""
    users = list(user_ids)
    owners = {respondent_key(survey_id, user_id): user_id
              for survey_id in {row["survey_id"] for row in rows} for user_id in users}
    for row in rows:
        owner = owners.get(row["respondent_key"])
        if owner is not None:
            row["respondent_key"] = {"user": owner}


def unpack_respondent_key(value: Any, row: Mapping[str, Any], refs: Refs) -> str:
    if isinstance(value, dict):
        return respondent_key(row["survey_id"], refs.id(USER, value["user"]))
    return value


@dataclass(frozen=True)
class Derived:
    """A value derived from other columns and the app's secret: exported as its inputs, derived anew on import."""

    pack: Callable[[list[dict], Iterable[int]], None]  # (rows, ids of the exported accounts)
    unpack: Walk


DERIVED: dict[tuple[str, str], Derived] = {
    ("feedback_response", "respondent_key"): Derived(pack_respondent_keys, unpack_respondent_key),
}
