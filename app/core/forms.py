"""Form pieces shared by every domain: the text and date fields, the multilingual field and small helpers.

Every text input is a LineField (one line: names, titles, e-mail addresses, passwords) or a
TextField (several lines); both refuse control and bidirectional formatting characters
(app/core/text.py). Every date input is a DateField or DateTimeLocalField from here, bounded
to the dates Convene can compute with (app/core/dates.py). tests/core/test_form_fields.py
walks every form to keep it so.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField as _DateField
from wtforms import DateTimeLocalField as _DateTimeLocalField
from wtforms import Field, SelectMultipleField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core import dates
from app.core.errors import DomainError
from app.core.i18n import language_in_text
from app.core.text import has_refused_characters
from app.extensions import db

REFUSED_CHARACTERS_MESSAGE = _l("Please remove the invisible control characters from this text.")


def date_range_message() -> str:
    return _("Please enter a date between %(earliest)s and %(latest)s.",
             earliest=dates.EARLIEST.year, latest=dates.LATEST.year)


class LineField(StringField):
    """One line of text: refuses control and bidirectional formatting characters.

    The one field type of every single-line input; give it another widget for an e-mail
    address, a password or a hidden value (`widget=PasswordInput()`)."""

    multiline = False

    def pre_validate(self, form):
        if isinstance(self.data, str) and has_refused_characters(self.data, multiline=self.multiline):
            raise ValidationError(str(REFUSED_CHARACTERS_MESSAGE))


class TextField(TextAreaField):
    """Several lines of text: tabs and line breaks allowed, other control characters refused."""

    multiline = True
    pre_validate = LineField.pre_validate


class _BoundedDate:
    def pre_validate(self, form):
        if not dates.in_range(self.data):
            raise ValidationError(date_range_message())


class DateField(_BoundedDate, _DateField):
    """A date within the range Convene computes with (app/core/dates.py)."""


class DateTimeLocalField(_BoundedDate, _DateTimeLocalField):
    """A local date and time within the range Convene computes with."""


class MultilingualField(Field):
    """Edits one text in several languages; its data is {locale: text}.

    The browser sends one input per language, named "<field>-<locale>". Set
    `languages` (the languages to offer) and optionally `required_language`
    (which one may not be empty, normally the event's default language) before
    validation, e.g. in the form's __init__. Templates render it with the
    `multilingual_field` macro, which marks the languages still missing.
    """

    def __init__(self, label=None, validators=None, *, multiline: bool = False, markdown: bool = False,
                 max_length: int = 20000, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.multiline = multiline or markdown
        self.markdown = markdown
        self.max_length = max_length
        self.languages: list[str] = []
        self.required_language: str | None = None
        self.data: dict[str, str] = {}

    def input_name(self, lang: str) -> str:
        return f"{self.name}-{lang}"

    def input_id(self, lang: str) -> str:
        return f"{self.id}-{lang}"

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = dict(data or {})
        if formdata is not None:
            submitted = {lang: formdata[self.input_name(lang)] for lang in current_app.config["LANGUAGES"]
                         if self.input_name(lang) in formdata}
            if submitted:
                self.data = {lang: text.strip() for lang, text in submitted.items() if text and text.strip()}

    def pre_validate(self, form):
        offered = set(self.languages)
        if offered:
            self.data = {lang: text for lang, text in self.data.items() if lang in offered}
        for lang, text in self.data.items():
            if has_refused_characters(text, multiline=self.multiline):
                raise ValidationError(_("Please remove the invisible control characters from the %(language)s text.",
                                        language=language_in_text(lang)))
            if len(text) > self.max_length:
                raise ValidationError(_("The %(language)s text is too long (at most %(max)d characters).",
                                   language=language_in_text(lang), max=self.max_length))
        if self.required_language and not self.data.get(self.required_language):
            self.errors.append(_("Please fill in the %(language)s version.", language=language_in_text(self.required_language)))

    def missing_languages(self) -> list[str]:
        return [lang for lang in self.languages if not self.data.get(lang)]

    def value_for(self, lang: str) -> str:
        return self.data.get(lang, "")

    def _value(self):
        return ""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes with one data list, e.g. the languages an event offers."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


REQUIRED_MESSAGE = _l("This field is required.")


class Refusal:
    """What `refusal_onto` caught: false until a business rule said no; then `error` is its DomainError."""

    def __init__(self):
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def message(self) -> str:
        return str(self.error.message) if self.error is not None else ""


@contextmanager
def refusal_onto(form=None, *, category: str = "error", quiet: bool = False):
    """Run a service call; when a rule says no (DomainError), undo what the request wrote so far
    and show the reason: on the form field the error names, above the form, or, without a form,
    as a flashed message. The one way a view turns a domain error into something the user reads.

        with refusal_onto(form) as refused:
            services.do_it(...)
        if not refused:
            return redirect(...)

    `quiet=True` (without a form) only undoes and records: the view shows `refused.message`
    itself, e.g. on an error page that would otherwise repeat a flashed copy of it.
    """
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as error:
        db.session.rollback()
        refusal.error = error
        message = str(error.message)  # translated now: a FieldList keeps only plain strings as errors
        target = getattr(form, error.field, None) if form is not None and error.field else None
        if target is not None and hasattr(target, "errors"):
            target.errors = [e for e in target.errors if isinstance(e, str)] + [message]
        elif form is not None:
            form.form_errors.append(message)
        elif not quiet:
            flash(message, category)
