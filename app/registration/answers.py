"""Stored answers as words in the reader's language: the one place that turns them into text.

Answers are stored as keys (a choice's key, an ISO country code, a language code, True or
False) so that they survive a change of language and of wording. Everything that shows one —
the participant's page, the organiser's page of a registration, the CSV/XLSX lists and the
mail — asks `AnswerWords` for its text, in the locale in effect (a request's, or the
recipient's inside the mail's `force_locale`).
"""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from app.core.i18n import country_choices, language_name, localize
from app.registration.models import FieldKind, RegistrationField

CHOICE_KINDS = (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE)


def field_label(field: RegistrationField, event) -> str:
    """The question in the reader's language (else the event's, else its key)."""
    return str(localize(field.label, event.default_language)) or field.key


def choice_label(field: RegistrationField, key: str, event) -> str:
    for choice in field.choices or []:
        if choice.get("key") == key:
            return str(localize(choice.get("label"), event.default_language)) or key
    return key  # a choice removed from the form since: its key is all that is left


class AnswerWords:
    """The texts of one event's answers in the current locale, worked out once for many rows."""

    def __init__(self, event, fields: list[RegistrationField]):
        self.event = event
        self.yes, self.no = _("Yes"), _("No")
        self.choices = {field.key: {c.get("key"): choice_label(field, c.get("key"), event) for c in field.choices or []}
                        for field in fields if field.kind in CHOICE_KINDS}
        self.countries = dict(country_choices()) if any(f.kind == FieldKind.COUNTRY for f in fields) else {}
        self._languages: dict[str, str] = {}

    def language(self, code: str) -> str:
        if code not in self._languages:
            self._languages[code] = language_name(code)
        return self._languages[code]

    def text(self, field: RegistrationField, value) -> str:
        """An answer as words: choice labels, country and language names, Yes/No; "" when not answered.
        A value the form no longer offers (a removed choice, an unknown code) is shown as stored."""
        if field.kind == FieldKind.CHECKBOX:
            return self.yes if value is True else self.no if value is False else ""
        if value is None or value == "" or value == []:
            return ""
        values = [str(v) for v in (value if isinstance(value, list) else [value])]
        if field.kind in CHOICE_KINDS:
            names = self.choices.get(field.key, {})
            return "; ".join(names.get(v, v) for v in values)
        if field.kind == FieldKind.COUNTRY:
            return "; ".join(self.countries.get(v, v) for v in values)
        if field.kind == FieldKind.LANGUAGE:
            return "; ".join(self.language(v) for v in values)
        return "; ".join(values)

    def listed(self, fields: list[RegistrationField], answers: dict | None) -> list[tuple[str, str]]:
        """(question, answer) for each field, in the form's order ("" for a question not answered)."""
        answers = answers or {}
        return [(field_label(field, self.event), self.text(field, answers.get(field.key))) for field in fields]


def answered(event, fields: list[RegistrationField], answers: dict | None,
             words: dict | None = None) -> list[tuple[str, str]]:
    """The questions a participant answered, with the answers as words (for pages and mail).

    `words`: a dict kept by a caller that words the answers of many participants (a bulk
    approval's mail), where each language's AnswerWords is worked out once."""
    if words is None:
        in_words = AnswerWords(event, fields)
    else:
        locale = str(get_locale())
        in_words = words.get(locale) or words.setdefault(locale, AnswerWords(event, fields))
    return [(question, text) for question, text in in_words.listed(fields, answers) if text]
