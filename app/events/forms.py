from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import EmailInput

from app.core.forms import (
    DateField,
    DateTimeLocalField,
    LineField,
    MultiCheckboxField,
    MultilingualField,
    strip_filter,
)
from app.core.i18n import is_valid_timezone, timezone_choices
from app.core.labels import enum_choices
from app.events.models import EventKind, EventRole, RegistrationMode, Visibility

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_slug(form, field):
    if field.data and not SLUG_PATTERN.match(field.data):
        raise ValidationError(_("Use lower-case Latin letters, digits and hyphens, e.g. npm-forum-2017."))


class EventForm(FlaskForm):
    title = MultilingualField(_l("Title"), max_length=300)
    summary = MultilingualField(_l("Summary"), multiline=True, max_length=1000)
    description = MultilingualField(_l("Description"), markdown=True, max_length=50000)
    venue = MultilingualField(_l("Venue"), max_length=300)
    slug = LineField(_l("Web address"), filters=[strip_filter, lambda v: v.lower() if v else v],
                       validators=[Optional(), Length(min=3, max=80), validate_slug])
    kind = SelectField(_l("Kind of event"), choices=enum_choices(EventKind), validators=[DataRequired()])
    start_date = DateField(_l("First day"), validators=[DataRequired(message=_l("Please enter a valid date."))])
    end_date = DateField(_l("Last day"), validators=[DataRequired(message=_l("Please enter a valid date."))])
    timezone = SelectField(_l("Time zone"), validators=[DataRequired()])
    languages = MultiCheckboxField(_l("Languages offered"), validators=[DataRequired(message=_l("Choose at least one language."))])
    default_language = SelectField(_l("Main language"), validators=[DataRequired()])
    visibility = RadioField(_l("Who can see the event"), choices=enum_choices(Visibility), validators=[DataRequired()])
    capacity = IntegerField(_l("Capacity (seats)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    registration_mode = RadioField(_l("Registration"), choices=enum_choices(RegistrationMode),
                                   validators=[DataRequired()])
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        langs = list(current_app.config["LANGUAGES"])
        language_choices = list(current_app.config["LANGUAGES"].items())
        self.languages.choices = language_choices
        self.default_language.choices = language_choices
        self.timezone.choices = [(tz, tz) for tz in timezone_choices()]
        for f in (self.title, self.summary, self.description, self.venue):
            f.languages = langs
        self.title.required_language = self.default_language.data if self.default_language.data in langs else langs[0]

    def validate_timezone(self, field):
        if not is_valid_timezone(field.data or ""):
            raise ValidationError(_("Choose a time zone from the list, e.g. Asia/Almaty."))

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_("The last day cannot be before the first day."))

    def validate_default_language(self, field):
        if self.languages.data and field.data not in self.languages.data:
            raise ValidationError(_("The main language must be one of the languages offered."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_("Registration must close after it opens."))

    def to_utc(self, local: datetime | None) -> datetime | None:
        """A datetime typed in the event's time zone, as UTC."""
        if local is None:
            return None
        return local.replace(tzinfo=ZoneInfo(self.timezone.data)).astimezone(UTC)

    def event_data(self) -> dict:
        return {
            "title": self.title.data, "summary": self.summary.data, "description": self.description.data,
            "venue": self.venue.data, "slug": self.slug.data or None, "kind": EventKind(self.kind.data),
            "start_date": self.start_date.data, "end_date": self.end_date.data, "timezone": self.timezone.data,
            "languages": [lang for lang in current_app.config["LANGUAGES"] if lang in self.languages.data],
            "default_language": self.default_language.data, "visibility": Visibility(self.visibility.data),
            "capacity": self.capacity.data, "registration_mode": RegistrationMode(self.registration_mode.data),
            "registration_opens_at": self.to_utc(self.registration_opens_at.data),
            "registration_closes_at": self.to_utc(self.registration_closes_at.data),
        }

    def fill_from(self, event) -> None:
        """Show an event's stored values, with UTC times in the event's own time zone."""
        tz = ZoneInfo(event.timezone)
        for name in ("registration_opens_at", "registration_closes_at"):
            value = getattr(event, name)
            getattr(self, name).data = value.astimezone(tz).replace(tzinfo=None) if value else None


class CloneEventForm(FlaskForm):
    slug = LineField(_l("Web address of the copy"), filters=[strip_filter, lambda v: v.lower() if v else v],
                       validators=[DataRequired(), Length(min=3, max=80), validate_slug])
    start_date = DateField(_l("First day of the copy"), validators=[DataRequired(message=_l("Please enter a valid date."))])


class TeamMemberForm(FlaskForm):
    email = LineField(_l("E-mail address"), filters=[strip_filter],
                       validators=[DataRequired(), Email(message=_l("Please enter a valid e-mail address.")), Length(max=320)], widget=EmailInput())
    role = SelectField(_l("Role"), choices=enum_choices(EventRole), validators=[DataRequired()])
