"""Participant lists as CSV and XLSX, in constant memory whatever the number of participants.

Everything is written in the organiser's current language (headers, statuses, and the
answers as words: app.registration.answers) with times in the event's time zone.
`Columns` works all of that out once, while the request is active, so rows can then
be written one by one from a streamed response.

Rows are read as plain database rows (`ROW_COLUMNS`, no ORM objects), a few hundred at a
time. The CSV is sent while it is written; the XLSX is written row by row by openpyxl's
write-only workbook into a temporary file, which is then sent in chunks and deleted.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from app.agenda.services import limited_session_ids
from app.core.i18n import localize
from app.core.labels import label
from app.core.spreadsheets import csv_row, xlsx_cell, xlsx_row
from app.registration import places
from app.registration.answers import AnswerWords, field_label
from app.registration.models import (
    FieldKind,
    Registration,
    RegistrationField,
    RegistrationStatus,
    SessionRegistrationStatus,
)

# What a row of the lists needs of a registration: read as plain rows, not ORM objects (a third of
# the time of an export of 10,000).
ROW_COLUMNS = (Registration.id, Registration.name, Registration.email, Registration.organisation,
               Registration.status, Registration.language, Registration.created_at, Registration.checked_in_at,
               Registration.answers, Registration.internal_note)


def own_columns(fields: list[RegistrationField]) -> list[RegistrationField]:
    """The questions that need a column of their own: an "organisation" text question is
    already the registration's Organisation (registration copies the answer there)."""
    return [field for field in fields
            if not (field.key == "organisation" and field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT))]


class Columns:
    """The participant list's columns and cell texts in the reader's language."""

    def __init__(self, event, fields: list[RegistrationField]):
        # Key and kind are all a row needs of a question, kept as plain values: the request's
        # commit expires its ORM objects before a streamed response writes the rows.
        self.fields = [_Question(field.key, field.kind) for field in fields]
        self.tz = ZoneInfo(event.timezone)
        self.field_labels = [field_label(field, event) for field in fields]
        self.header = [
            _("Name"), _("E-mail address"), _("Organisation"), _("Status"), _("Language for e-mails"),
            _("Registered (%(timezone)s)", timezone=event.timezone),
            _("Checked in (%(timezone)s)", timezone=event.timezone),
            *self.field_labels,
            _("Internal note"),
        ]
        # Workshops and modules with places: one column listing each person's (only when there are any).
        self.with_places = bool(limited_session_ids(event))
        self.places: dict[int, str] = {}
        if self.with_places:
            waiting = _("on the waiting list")
            self.places = {registration_id: "; ".join(
                str(localize(session.title, event.default_language))
                + ("" if place.status == SessionRegistrationStatus.CONFIRMED else f" ({waiting})")
                for session, place in held) for registration_id, held in places.places_by_registration(event).items()}
            self.header.append(_("Limited sessions"))
        self.statuses = {status: label(status) for status in RegistrationStatus}  # the badges' words
        self.words = AnswerWords(event, fields)
        for code in dict.fromkeys([*current_app.config["LANGUAGES"], *event.languages]):
            self.words.language(code)  # now, while there is a request: rows may be written after it

    def _local(self, value: datetime | None) -> datetime | None:
        """A UTC datetime as the event's wall-clock time (naive, for spreadsheets)."""
        return value.astimezone(self.tz).replace(tzinfo=None) if value else None

    def row(self, registration: Registration) -> list:
        answers = registration.answers or {}
        return [
            registration.name, registration.email, registration.organisation, self.statuses[registration.status],
            self.words.language(registration.language), self._local(registration.created_at),
            self._local(registration.checked_in_at),
            *(self.words.text(field, answers.get(field.key)) for field in self.fields),
            registration.internal_note,
            *([self.places.get(registration.id, "")] if self.with_places else []),
        ]

    # --- CSV ------------------------------------------------------------------------------------

    def csv_header(self) -> str:
        """The first chunk of the CSV: the UTF-8 BOM (so that Excel reads Cyrillic and Kazakh
        letters) and the header row (question labels are organisers' text: neutralised like any cell)."""
        buffer = io.StringIO()
        csv.writer(buffer).writerow(csv_row(self.header))
        return "\ufeff" + buffer.getvalue()

    def csv_rows(self, registrations: Iterable[Registration]) -> Iterator[str]:
        """The CSV's rows, a few hundred at a time."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for number, registration in enumerate(registrations, start=1):
            writer.writerow(csv_row(self.row(registration)))
            if number % 200 == 0:
                yield _flush(buffer)
        yield _flush(buffer)

    # --- XLSX -----------------------------------------------------------------------------------

    def xlsx_file(self, registrations: Iterable[Registration]) -> IO[bytes]:
        """The XLSX in a temporary file (deleted when closed), positioned at its start.

        A write-only workbook: openpyxl writes each row to its own temporary file as it is
        appended and never keeps it as cells; saving zips that into the file returned."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Participants")[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([xlsx_cell(sheet, title, font=bold) for title in self.header])
        for registration in registrations:
            sheet.append(xlsx_row(sheet, self.row(registration)))
        output = tempfile.TemporaryFile()
        try:
            workbook.save(output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        return output


@dataclass(frozen=True)
class _Question:
    key: str
    kind: FieldKind


def _flush(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
