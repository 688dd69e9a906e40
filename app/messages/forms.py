"""Forms of the messages pages: compose (recipients, text per language, when), cancel, settings."""
from __future__ import annotations

import secrets
from datetime import UTC
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import EmailInput, HiddenInput

from app.core.forms import DateTimeLocalField, LineField, MultilingualField, strip_filter
from app.core.i18n import localize
from app.core.labels import enum_choices
from app.events.models import EventKind, EventRole
from app.messages import rendering
from app.registration.models import RegistrationStatus


def _check_placeholders(field) -> None:
    for text in field.data.values():
        unknown = rendering.unknown_placeholders(text)
        if unknown:
            raise ValidationError(_("Unknown placeholder {%(name)s}: use one of those listed.", name=unknown[0]))


class ComposeForm(FlaskForm):
    form_key = LineField(widget=HiddenInput(), validators=[Length(min=16, max=64)])
    audience = SelectField(_l("Send to"), choices=[
        SelectChoice("participants", _l("Participants")), SelectChoice("team", _l("The event's team")),
        SelectChoice("speakers", _l("Speakers with no material for a session"))], default="participants")
    status = SelectField(_l("Registration status"), validate_choice=False, default="confirmed")
    place = SelectField(_l("Has a place in"), validate_choice=False, default="")
    checked_in = SelectField(_l("Checked in"), choices=[
        SelectChoice("", _l("Either")), SelectChoice("yes", _l("Checked in")),
        SelectChoice("no", _l("Not checked in"))], default="")
    below_completion = BooleanField(_l("Attendance below the completion rule"))
    role = SelectField(_l("Team role"), validate_choice=False, default="")
    subject = MultilingualField(_l("Subject"), max_length=200)
    body = MultilingualField(_l("Message"), markdown=True, max_length=20000)
    send_at = DateTimeLocalField(_l("Send later (the event's time)"), validators=[Optional()])
    preview_for = SelectField(_l("Preview for"), validate_choice=False, default="")

    def __init__(self, event, limited_sessions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not self.form_key.data:
            self.form_key.data = secrets.token_hex(16)
        for f in (self.subject, self.body):
            f.languages, f.required_language = list(event.languages), event.default_language
        self.status.choices = [SelectChoice("", _("Any status")), *enum_choices(RegistrationStatus)]
        self.place.choices = [SelectChoice("", _("Any (or none)"))] + [
            SelectChoice(str(s.id), str(localize(s.title, event.default_language))) for s in limited_sessions]
        self.role.choices = [SelectChoice("", _("Every role")), *enum_choices(EventRole)]
        if event.kind != EventKind.TRAINING:
            del self.below_completion

    def validate_subject(self, field):
        _check_placeholders(field)

    def validate_body(self, field):
        _check_placeholders(field)

    def send_at_utc(self):
        if not self.send_at.data:
            return None
        return self.send_at.data.replace(tzinfo=ZoneInfo(self.event.timezone)).astimezone(UTC)


class ReplyToForm(FlaskForm):
    reply_to = LineField(_l("Replies go to"), widget=EmailInput(), filters=[strip_filter],
                         validators=[Length(max=320)],
                         description=_l("An address of the organisers; empty: replies go to the sender address."))


class DailyLimitForm(FlaskForm):
    daily_limit = IntegerField(_l("Recipients in 24 hours"), validators=[Optional(), NumberRange(min=0, max=1_000_000)],
                               description=_l("Empty: the instance's limit."))
