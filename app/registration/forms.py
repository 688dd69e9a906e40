"""The registration form is built at run time from the organiser's fields."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import EmailInput

from app.core.forms import LineField, MultiCheckboxField, TextField, strip_filter
from app.core.i18n import country_choices, language_name, localize
from app.registration.models import FieldKind, RegistrationField

REQUIRED = _l("This field is required.")


def _unbound_field(field: RegistrationField, event, lang: str):
    label = str(localize(field.label, event.default_language, lang=lang)) or field.key
    description = str(localize(field.help, event.default_language, lang=lang))
    required = [DataRequired(message=REQUIRED)] if field.required else [Optional()]
    # {value: label}: the shape WTForms keeps (lists of tuples are deprecated in 3.3).
    choices = {c["key"]: str(localize(c.get("label"), event.default_language, lang=lang)) or c["key"]
               for c in field.choices or []}
    kind = field.kind
    if kind == FieldKind.TEXT:
        return LineField(label, description=description, filters=[strip_filter], validators=[*required, Length(max=500)])
    if kind == FieldKind.LONG_TEXT:
        return TextField(label, description=description, filters=[strip_filter], validators=[*required, Length(max=5000)])
    if kind == FieldKind.SINGLE_CHOICE:
        return RadioField(label, description=description, choices=choices,
                          validators=[InputRequired(message=REQUIRED)] if field.required else [Optional()])
    if kind == FieldKind.MULTIPLE_CHOICE:
        return MultiCheckboxField(label, description=description, choices=choices, validators=required)
    if kind == FieldKind.CHECKBOX:
        return BooleanField(label, description=description, validators=required)
    if kind == FieldKind.COUNTRY:
        return SelectField(label, description=description, choices={"": "—", **dict(country_choices(lang))},
                           validators=required)
    # LANGUAGE: one of the event's languages, e.g. for interpretation.
    return SelectField(label, description=description,
                       choices={"": "—", **{code: language_name(code, lang) for code in event.languages}},
                       validators=required)


def registration_form(fields: list[RegistrationField], event, lang: str, answers: dict | None = None, **kwargs):
    """A FlaskForm with one input per organiser field, named `f_<key>`, pre-filled from `answers`."""

    class RegistrationForm(FlaskForm):
        pass

    for field in fields:
        setattr(RegistrationForm, f"f_{field.key}", _unbound_field(field, event, lang))
    data = {f"f_{key}": value for key, value in (answers or {}).items()}
    form = RegistrationForm(data=data, **kwargs)
    form.custom_fields = [(field, form[f"f_{field.key}"]) for field in fields]
    return form


def answers_from(form) -> dict:
    answers = {}
    for field, bound in form.custom_fields:
        value = bound.data
        if field.kind == FieldKind.CHECKBOX:
            value = bool(value)
        elif field.kind == FieldKind.MULTIPLE_CHOICE:
            value = list(value or [])
        else:
            value = value or ""
        answers[field.key] = value
    return answers


class AddParticipantForm(FlaskForm):
    name = LineField(_l("Full name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)])
    email = LineField(_l("E-mail address"), filters=[strip_filter], validators=[
        DataRequired(), Email(message=_l("Please enter a valid e-mail address.")), Length(max=320)], widget=EmailInput())
    organisation = LineField(_l("Organisation"), filters=[strip_filter], validators=[Optional(), Length(max=300)])
    language = SelectField(_l("Language for e-mails"), validators=[DataRequired()])
