from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import EmailInput, HiddenInput, PasswordInput

from app.core.forms import LineField, strip_filter
from app.core.i18n import country_choices

PASSWORD_MIN = 10


def _password_field(label):
    return LineField(label, validators=[
        DataRequired(),
        Length(min=PASSWORD_MIN, max=200, message=_l("Use between %(min)d and %(max)d characters.")),
    ], render_kw={"autocomplete": "new-password"}, widget=PasswordInput())


def _email_field():
    return LineField(_l("E-mail address"), filters=[strip_filter],
                      validators=[DataRequired(), Email(message=_l("Please enter a valid e-mail address.")), Length(max=320)],
                      render_kw={"autocomplete": "email"}, widget=EmailInput())


class _ProfileFields:
    """Helpers for forms that choose a language and a country."""

    def _fill_choices(self):
        self.preferred_language.choices = list(current_app.config["LANGUAGES"].items())
        self.country.choices = [("", _l("— not specified —"))] + country_choices()


class SignupForm(FlaskForm, _ProfileFields):
    name = LineField(_l("Full name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = _email_field()
    password = _password_field(_l("Password"))
    confirm = LineField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"}, widget=PasswordInput())
    organisation = LineField(_l("Organisation"), filters=[strip_filter], validators=[Optional(), Length(max=300)],
                               render_kw={"autocomplete": "organization"})
    country = SelectField(_l("Country"), validators=[Optional()])
    preferred_language = SelectField(_l("Preferred language"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fill_choices()


class LoginForm(FlaskForm):
    email = _email_field()
    password = LineField(_l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}, widget=PasswordInput())
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = LineField(widget=HiddenInput())


class EmailOnlyForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = _password_field(_l("New password"))
    confirm = LineField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"}, widget=PasswordInput())


class ChangePasswordForm(ResetPasswordForm):
    current_password = LineField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"}, widget=PasswordInput())


class ProfileForm(FlaskForm, _ProfileFields):
    name = LineField(_l("Full name"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    organisation = LineField(_l("Organisation"), filters=[strip_filter], validators=[Optional(), Length(max=300)],
                               render_kw={"autocomplete": "organization"})
    country = SelectField(_l("Country"), validators=[Optional()])
    preferred_language = SelectField(_l("Preferred language"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fill_choices()


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change state (log out)."""


class ApiTokenForm(FlaskForm):
    name = LineField(_l("Token name"), filters=[strip_filter], validators=[DataRequired(), Length(max=100)],
                       description=_l("What the token is for, e.g. “Report script”."),
                       render_kw={"autocomplete": "off"})
