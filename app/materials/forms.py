"""Forms of speakers and materials. Every form carries a CSRF token (FlaskForm).

File fields only carry the upload; what is accepted (type, content, size) is decided
by app.materials.uploads while the file is streamed, and ids from selects are checked
by the services (a session of another event is refused with a message).
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, RadioField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import EmailInput, PasswordInput

from app.accounts.forms import PASSWORD_MIN
from app.core.forms import LineField, MultiCheckboxField, MultilingualField, strip_filter
from app.core.http import parse_id
from app.core.i18n import country_choices, language_name, localize
from app.core.labels import enum_choices
from app.materials.models import MaterialKind, MaterialVisibility
from app.materials.uploads import ALLOWED_EXTENSIONS, PHOTO_EXTENSIONS

# Choices are {value: label} dicts with plain str labels: WTForms reads any other iterable label
# (a lazy string, say) as an option group.

def language_choices(event) -> dict:
    codes = list(dict.fromkeys([*event.languages, *current_app.config["LANGUAGES"]]))
    return {"": str(_l("— not specified —")), **{code: str(language_name(code)) for code in codes}}


def accept_attribute(extensions) -> str:
    return ",".join(f".{ext}" for ext in extensions)


def uploaded_file(field) -> FileStorage | None:
    """The field's upload, or None when nothing (or something that is not a file) was sent."""
    data = field.data
    if isinstance(data, FileStorage) and data.filename:
        return data
    return None


class _MaterialFields(FlaskForm):
    title = MultilingualField(_l("Title"), max_length=300)
    language = SelectField(_l("Language of the material"), validators=[Optional()], validate_choice=False)
    visibility = RadioField(_l("Who may see it"), validators=[DataRequired()])
    embargo_until_start = BooleanField(_l("Hide it until the session starts (the event team sees it before)"))

    def _setup(self, event):
        self.title.languages = list(event.languages)
        self.language.choices = language_choices(event)
        self.visibility.choices = enum_choices(MaterialVisibility)


class NewMaterialForm(_MaterialFields):
    kind = RadioField(_l("What do you add?"), default=MaterialKind.FILE.value, validators=[DataRequired()])
    session = SelectField(_l("Session"), validators=[Optional()], validate_choice=False)
    file = FileField(_l("File"))
    url = LineField(_l("Web address"), filters=[strip_filter], validators=[Optional(), Length(max=2000)],
                      render_kw={"inputmode": "url", "placeholder": "https://"})

    def __init__(self, event, sessions=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(event)
        self.file.render_kw = {"accept": accept_attribute(ALLOWED_EXTENSIONS)}
        self.kind.choices = enum_choices(MaterialKind)
        self.session.choices = {"": str(_l("The whole event")), **{
            str(s.id): str(localize(s.title, event.default_language)) for s in (sessions or [])}}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == MaterialKind.LINK.value and not self.url.data:
            self.url.errors.append(_l("Enter a web address starting with https:// or http://."))
            ok = False
        if self.kind.data == MaterialKind.FILE.value and uploaded_file(self.file) is None:
            self.file.errors.append(_l("Please choose a file."))
            ok = False
        return ok


class EditMaterialForm(_MaterialFields):
    session = SelectField(_l("Session"), validators=[Optional()], validate_choice=False)
    url = LineField(_l("Web address"), filters=[strip_filter], validators=[Optional(), Length(max=2000)])

    def __init__(self, event, sessions=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(event)
        self.session.choices = {"": str(_l("The whole event")), **{
            str(s.id): str(localize(s.title, event.default_language)) for s in (sessions or [])}}


class ReplaceFileForm(FlaskForm):
    file = FileField(_l("New version of the file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.file.render_kw = {"accept": accept_attribute(ALLOWED_EXTENSIONS)}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if uploaded_file(self.file) is None:
            self.file.errors.append(_l("Please choose a file."))
            ok = False
        return ok


class InviteForm(FlaskForm):
    email = LineField(_l("E-mail address"), filters=[strip_filter], validators=[
        DataRequired(), Email(message=_l("Please enter a valid e-mail address.")), Length(max=320)], widget=EmailInput())
    language = SelectField(_l("Language of the invitation"), validators=[DataRequired()])
    sessions = MultiCheckboxField(_l("Sessions"), validate_choice=False)

    def __init__(self, sessions, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = dict(current_app.config["LANGUAGES"])
        self.sessions.choices = {str(s.id): str(localize(s.title, event.default_language)) for s in sessions}

    def session_ids(self) -> list[int]:
        return [number for number in map(parse_id, self.sessions.data or []) if number is not None]


class NewAccountForm(FlaskForm):
    name = LineField(_l("Full name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    password = LineField(_l("Password"), validators=[
        DataRequired(), Length(min=PASSWORD_MIN, max=200, message=_l("Use between %(min)d and %(max)d characters."))],
        render_kw={"autocomplete": "new-password"}, widget=PasswordInput())
    confirm = LineField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"}, widget=PasswordInput())
    preferred_language = SelectField(_l("Preferred language"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = dict(current_app.config["LANGUAGES"])


class SpeakerProfileForm(FlaskForm):
    name = LineField(_l("Name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)])
    title = MultilingualField(_l("Job title"), max_length=300)
    organisation = MultilingualField(_l("Organisation"), max_length=300)
    country = SelectField(_l("Country"), validators=[Optional()], validate_choice=False)
    bio = MultilingualField(_l("Biography"), markdown=True, max_length=20000)
    photo = FileField(_l("Photo"))
    remove_photo = BooleanField(_l("Remove the current photo"))

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in (self.title, self.organisation, self.bio):
            f.languages = list(event.languages)
        self.country.choices = {"": str(_l("— not given —")), **dict(country_choices())}
        self.photo.render_kw = {"accept": accept_attribute(PHOTO_EXTENSIONS)}

    def person_data(self) -> dict:
        return {"name": self.name.data, "title": self.title.data, "organisation": self.organisation.data,
                "country": self.country.data or "", "bio": self.bio.data}
