"""Participant lists as CSV and XLSX, and the answer formatting the organiser pages share.

Everything is written in the organiser's current language (headers, statuses,
choice labels, country and language names) with times in the event's time zone.
`Columns` works all of that out once, while the request is active, so rows can then
be written one by one from a streamed response that no longer has a request (or an
application) context.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from app.agenda.services import limited_session_ids
from app.core.i18n import country_choices, language_name, localize
from app.core.labels import label
from app.core.spreadsheets import csv_row, xlsx_cell
from app.registration import places
from app.registration.models import (
    FieldKind,
    Registration,
    RegistrationField,
    RegistrationStatus,
    SessionRegistrationStatus,
)

_CHOICE_KINDS = (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE)


def own_columns(fields: list[RegistrationField]) -> list[RegistrationField]:
    """The questions that need a column of their own: an "organisation" text question is
    already the registration's Organisation (registration copies the answer there)."""
    return [field for field in fields
            if not (field.key == "organisation" and field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT))]


def field_label(field: RegistrationField, event) -> str:
    return str(localize(field.label, event.default_language)) or field.key


def choice_label(field: RegistrationField, key: str, event) -> str:
    for choice in field.choices or []:
        if choice.get("key") == key:
            return str(localize(choice.get("label"), event.default_language)) or key
    return key  # a choice removed from the form since: its key is all that is left


class Columns:
    """The participant list's columns and cell texts in the reader's language."""

    def __init__(self, event, fields: list[RegistrationField]):
        self.fields = fields
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
        self.yes, self.no = _("Yes"), _("No")
        codes = dict.fromkeys([*current_app.config["LANGUAGES"], *event.languages])
        self.languages = {code: language_name(code) for code in codes}
        self.countries = dict(country_choices()) if any(f.kind == FieldKind.COUNTRY for f in fields) else {}
        self.choices = {field.key: {c.get("key"): choice_label(field, c.get("key"), event) for c in field.choices or []}
                        for field in fields if field.kind in _CHOICE_KINDS}

    def answer(self, field: RegistrationField, value) -> str:
        """An answer as words: choice labels, country and language names, Yes/No."""
        if value is None or value == "" or value == []:
            return ""
        if field.kind == FieldKind.CHECKBOX:
            return self.yes if value is True else self.no
        values = [str(v) for v in (value if isinstance(value, list) else [value])]
        if field.kind in _CHOICE_KINDS:
            names = self.choices.get(field.key, {})
        elif field.kind == FieldKind.COUNTRY:
            names = self.countries
        elif field.kind == FieldKind.LANGUAGE:
            names = self.languages
        else:
            names = {}
        return "; ".join(names.get(v, v) for v in values)

    def _local(self, value: datetime | None) -> datetime | None:
        """A UTC datetime as the event's wall-clock time (naive, for spreadsheets)."""
        return value.astimezone(self.tz).replace(tzinfo=None) if value else None

    def row(self, registration: Registration) -> list:
        answers = registration.answers or {}
        return [
            registration.name, registration.email, registration.organisation, self.statuses[registration.status],
            self.languages.get(registration.language, registration.language), self._local(registration.created_at),
            self._local(registration.checked_in_at),
            *(self.answer(field, answers.get(field.key)) for field in self.fields),
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

    def xlsx(self, registrations: Iterable[Registration]) -> bytes:
        """The XLSX (a write-only workbook: rows go straight to the file, never kept as cells)."""
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Participants")[:31])
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([xlsx_cell(sheet, title, font=bold) for title in self.header])
        for registration in registrations:
            sheet.append([xlsx_cell(sheet, value) for value in self.row(registration)])
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()


def _flush(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
