"""The archive's format: names inside the ZIP file, the manifest's header, values as JSON."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, TypeDecorator

FORMAT = "convene-event"
# Raise when a change makes older importers misread new archives; importers refuse newer versions
# and bring older ones up to this one (importing.OLDER_VERSIONS).
# 2: a note names its session in session_id (1: in scope, "session:<id>" or "event").
VERSION = 2
MANIFEST = "event.json"
FILES = "files/"


class ArchiveError(Exception):
    """The archive cannot be written or imported: damaged, not ours, or in conflict with this database."""


@dataclass
class Summary:
    """What an export wrote or an import created: rows per table, stored files."""

    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    # Import only: accounts created, and accounts found by e-mail and reused.
    users_created: int = 0
    users_matched: int = 0


def encode(value: Any) -> Any:
    """A column value as JSON: dates and times in ISO 8601, enums by their stored value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def decode(column: Column, value: Any) -> Any:
    """The inverse of `encode`, guided by the column's type."""
    if value is None:
        return None
    sql_type = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    try:
        if isinstance(sql_type, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(sql_type, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ArchiveError(f"{column.table.name}.{column.name}: {value!r} is not a date") from error
    return value
