"""The form of one reminder: on or off, its timing, and the organiser's own wording per language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange

from app.core.forms import MultilingualField
from app.reminders.models import ReminderKind
from app.reminders.services import MAX_DAYS

DAYS_MESSAGE = _l("Give a number of days from 0 to %(max)d.", max=MAX_DAYS)


class ReminderForm(FlaskForm):
    enabled = BooleanField(_l("Send this reminder"))
    days = IntegerField(_l("Days"), validators=[InputRequired(message=DAYS_MESSAGE),
                                                NumberRange(min=0, max=MAX_DAYS, message=DAYS_MESSAGE)])
    hour = SelectField(_l("At"), coerce=int, choices=[SelectChoice(h, f"{h:02d}:00") for h in range(24)])
    subject = MultilingualField(_l("Subject"), max_length=200)
    body = MultilingualField(_l("Your text"), multiline=True, max_length=5000)

    def __init__(self, event, kind: ReminderKind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in (self.subject, self.body):
            field.languages = list(event.languages)
        if kind == ReminderKind.SESSION_MORNING:
            del self.days  # always the day of the session
