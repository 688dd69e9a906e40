"""Organiser forms of the agenda builder. Every form carries a CSRF token (FlaskForm).

Choices of rooms, tracks and people are filled in for one event, but the ids a
browser sends are never trusted: selects do not check their choices here, the
services refuse ids of another event with a message tied to the field.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, SelectField, TimeField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import ColorInput, EmailInput

from app.agenda.models import PersonRole, SessionKind, SessionStatus
from app.core.forms import DateField, LineField, MultiCheckboxField, MultilingualField, strip_filter
from app.core.http import parse_id
from app.core.i18n import country_choices, language_name, localize
from app.core.labels import enum_choices

TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
INVALID_DATE = _l("Please enter a valid date.")
INVALID_TIME = _l("Please enter a time as HH:MM, e.g. 09:30.")


def optional_id(value):
    """A select's value as an id: empty -> None; anything that is not a plausible id -> 0, which
    matches no row, so the service refuses it with a message rather than the form crashing."""
    if value is None or value == "" or value == "None":
        return None
    return parse_id(value) or 0


def _named_choices(objects, event, empty_label):
    return [("", empty_label)] + [(str(obj.id), str(localize(obj.name, event.default_language))) for obj in objects]


def _multilingual(event, *fields, required=()):
    for f in fields:
        f.languages = list(event.languages)
        f.required_language = event.default_language if f in required else None


class PersonLinkForm(Form):
    """One row of a session's people: who, in which role. Rows without a person are ignored."""

    person = SelectField(_l("Person"), coerce=optional_id, validate_choice=False)
    role = SelectField(_l("Role"), choices=enum_choices(PersonRole), default=PersonRole.SPEAKER.value)


class SessionForm(FlaskForm):
    title = MultilingualField(_l("Title"), max_length=300)
    abstract = MultilingualField(_l("Abstract"), markdown=True, max_length=20000)
    kind = SelectField(_l("Type"), choices=enum_choices(SessionKind), validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=enum_choices(SessionStatus), validators=[DataRequired()])
    day = DateField(_l("Day"), invalid_value_message=INVALID_DATE, validators=[InputRequired(message=INVALID_DATE)])
    start_time = TimeField(_l("Starts at"), format=TIME_FORMATS, invalid_value_message=INVALID_TIME,
                           validators=[InputRequired(message=INVALID_TIME)])
    end_time = TimeField(_l("Ends at"), format=TIME_FORMATS, invalid_value_message=INVALID_TIME,
                         validators=[InputRequired(message=INVALID_TIME)])
    room = SelectField(_l("Room"), coerce=optional_id, validate_choice=False)
    track = SelectField(_l("Track"), coerce=optional_id, validate_choice=False)
    floor_language = SelectField(_l("Language on the floor"), validate_choice=False)
    interpretation = MultiCheckboxField(_l("Interpretation into"))
    capacity = IntegerField(_l("Places (limited session)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    people = FieldList(FormField(PersonLinkForm), label=_l("People"), max_entries=40)

    def __init__(self, event, draft, *args, blank_people_rows: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        _multilingual(event, self.title, self.abstract, required=(self.title,))
        self.room.choices = _named_choices(draft.rooms, event, _l("No room"))
        self.track.choices = _named_choices(draft.tracks, event, _l("No track"))
        self.interpretation.choices = [(lang, language_name(lang)) for lang in event.languages]
        self.floor_language.choices = [("", _l("— not stated —"))] + self.interpretation.choices
        if not self.is_submitted():
            if self.floor_language.data is None:  # a new session: most are held in the main language
                self.floor_language.data = event.default_language
            for _ in range(blank_people_rows):
                self.people.append_entry()
        people = [("", _l("— nobody —"))] + [(str(p.id), p.name) for p in draft.people]
        for row in self.people:
            row.person.choices = people

    def session_data(self) -> dict:
        return {
            "title": self.title.data, "abstract": self.abstract.data, "kind": self.kind.data,
            "status": self.status.data, "day": self.day.data, "start_time": self.start_time.data,
            "end_time": self.end_time.data, "room_id": self.room.data, "track_id": self.track.data,
            "floor_language": self.floor_language.data or "",
            "interpretation": list(self.interpretation.data or []), "capacity": self.capacity.data,
            "people": [(row.person.data, row.role.data) for row in self.people if row.person.data is not None],
        }

    @staticmethod
    def initial_data(session, day, start_time, end_time) -> dict:
        """What the form shows for an existing session (times already local)."""
        return {
            "title": dict(session.title), "abstract": dict(session.abstract), "kind": session.kind.value,
            "status": session.status.value, "day": day, "start_time": start_time, "end_time": end_time,
            "room": session.room_id, "track": session.track_id, "interpretation": list(session.interpretation),
            "floor_language": session.floor_language, "capacity": session.capacity,
            "people": [{"person": link.person_id, "role": link.role.value} for link in session.people],
        }


class MoveForm(FlaskForm):
    """Where to put a session; it keeps its duration. Also read from JSON by the drag-and-drop endpoint."""

    day = DateField(_l("Day"), invalid_value_message=INVALID_DATE, validators=[InputRequired(message=INVALID_DATE)])
    start_time = TimeField(_l("Starts at"), format=TIME_FORMATS, invalid_value_message=INVALID_TIME,
                           validators=[InputRequired(message=INVALID_TIME)])
    room = SelectField(_l("Room"), coerce=optional_id, validate_choice=False)

    def __init__(self, event, draft, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.room.choices = _named_choices(draft.rooms, event, _l("No room"))


class RoomForm(FlaskForm):
    name = MultilingualField(_l("Room name"), max_length=200)
    capacity = IntegerField(_l("Capacity (seats)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    position = IntegerField(_l("Position"), validators=[Optional(), NumberRange(min=0, max=1000)])

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _multilingual(event, self.name, required=(self.name,))

    def room_data(self) -> dict:
        return {"name": self.name.data, "capacity": self.capacity.data, "position": self.position.data}


class TrackForm(FlaskForm):
    name = MultilingualField(_l("Track name"), max_length=200)
    colour = LineField(_l("Colour"), default="#1f5aa6", filters=[strip_filter],
                        validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$",
                                                           message=_l("Give the colour as #rrggbb, e.g. #1f5aa6."))], widget=ColorInput())

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _multilingual(event, self.name, required=(self.name,))

    def track_data(self) -> dict:
        return {"name": self.name.data, "colour": self.colour.data}


class PersonForm(FlaskForm):
    name = LineField(_l("Name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)])
    email = LineField(_l("E-mail address"), filters=[strip_filter],
                       validators=[Optional(), Email(message=_l("Please enter a valid e-mail address.")),
                                   Length(max=320)], widget=EmailInput())
    title = MultilingualField(_l("Job title"), max_length=300)
    organisation = MultilingualField(_l("Organisation"), max_length=300)
    country = SelectField(_l("Country"))
    bio = MultilingualField(_l("Biography"), markdown=True, max_length=20000)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _multilingual(event, self.title, self.organisation, self.bio)
        self.country.choices = [("", _l("— not given —"))] + country_choices()

    def person_data(self) -> dict:
        return {"name": self.name.data, "email": self.email.data, "title": self.title.data,
                "organisation": self.organisation.data, "country": self.country.data, "bio": self.bio.data}
