"""Forms of the training pages: attendance desk, completion rule, surveys, questions and answers."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import LineField, MultiCheckboxField, MultilingualField, TextField, strip_filter
from app.core.i18n import language_name, localize
from app.core.labels import enum_choices
from app.trainings.feedback import MAX_CHOICES, MAX_TEXT, RATINGS
from app.trainings.models import CompletionKind, QuestionKind

REQUIRED = _l("This field is required.")


class AttendanceCodeForm(FlaskForm):
    code = LineField(_l("Ticket code"), filters=[strip_filter],
                       validators=[DataRequired(message=_l("Type or scan a ticket code.")), Length(max=500)])
    method = SelectField(choices={"code": "code", "scan": "scan"}, default="code", validate_choice=False)


class CompletionRuleForm(FlaskForm):
    kind = RadioField(_l("Participants complete the training when they attend"),
                      choices=enum_choices(CompletionKind),
                      validators=[InputRequired(message=REQUIRED)])
    percent = IntegerField(_l("Share of the modules (%)"), validators=[Optional(), NumberRange(min=1, max=100)])
    required = MultiCheckboxField(_l("Required modules"), coerce=int, validate_choice=False)

    def __init__(self, modules: list, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.required.choices = {m.id: str(localize(m.title, event.default_language)) for m in modules}

    def validate_percent(self, field):
        if self.kind.data == CompletionKind.SHARE.value and field.data is None:
            raise ValidationError(_("Give the share of the modules, from 1 to 100%."))


class SignatoryForm(FlaskForm):
    """Who signs the certificates: a name and, in each language of the event, a title."""

    name = LineField(_l("Name of the signatory"), filters=[strip_filter], validators=[Length(max=200)])
    title = MultilingualField(_l("Title of the signatory"), max_length=200)

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title.languages = list(event.languages)


class SurveyForm(FlaskForm):
    target = SelectField(_l("What the survey is about"), validate_choice=False)
    anonymous = BooleanField(_l("Anonymous: organisers see the answers but not who gave them"), default=True)

    def __init__(self, sessions: list, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {"": _("The event as a whole")}
        choices.update({str(s.id): str(localize(s.title, event.default_language)) for s in sessions})
        self.target.choices = choices

    def validate_target(self, field):
        if field.data not in dict(self.target.choices):
            raise ValidationError(_("Choose the event or one of its sessions."))

    @property
    def session_id(self) -> int | None:
        return int(self.target.data) if self.target.data else None


class SurveySettingsForm(FlaskForm):
    anonymous = BooleanField(_l("Anonymous: organisers see the answers but not who gave them"))
    is_open = BooleanField(_l("Open: participants can answer and edit their answers"))


class QuestionForm(FlaskForm):
    """One question. Choices are typed one per line, with the labels in the event's languages separated by "|"."""

    label = MultilingualField(_l("Question"), max_length=300)
    kind = SelectField(_l("Kind of answer"), choices=enum_choices(QuestionKind),
                       validators=[DataRequired()])
    required = BooleanField(_l("An answer is required"))
    choices = TextField(_l("Choices"), validators=[Length(max=10000)])

    def __init__(self, event, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.label.languages = list(event.languages)
        self.label.required_language = event.default_language
        self.parsed_choices: list[dict] = []
        if question is not None:
            del self.kind  # fixed once created: answers are stored for it
            self.question_kind = question.kind.value
            if not self.is_submitted():
                self.choices.data = choices_to_text(question.choices, event)
        else:
            self.question_kind = None
        self.choices.render_kw = {"rows": 6, "spellcheck": "false"}

    @property
    def kind_value(self) -> str:
        return self.question_kind or (self.kind.data if hasattr(self, "kind") else "")

    def validate_choices(self, field):
        if self.kind_value != QuestionKind.CHOICE.value:
            return
        self.parsed_choices = parse_choices(field.data or "", self.event)
        if len(self.parsed_choices) < 2:
            raise ValidationError(_("Give at least two choices, one per line."))
        if len(self.parsed_choices) > MAX_CHOICES:
            raise ValidationError(_("Give at most %(max)d choices.", max=MAX_CHOICES))


def parse_choices(text: str, event) -> list[dict]:
    """One choice per line: "label in the first language | in the second | ..." (the event's order)."""
    result = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip()[:200] for part in line.split("|")]
        label = {lang: part for lang, part in zip(event.languages, parts) if part}
        if label:
            result.append(label)
    return result


def choices_to_text(choices: list[dict], event) -> str:
    lines = []
    for choice in choices or []:
        label = choice.get("label") or {}
        parts = [label.get(lang, "") for lang in event.languages]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def choices_hint(event) -> str:
    names = " | ".join(language_name(lang) for lang in event.languages)
    return _("One choice per line. To give a choice in several languages, separate them with “|” in this order: "
             "%(languages)s.", languages=names)


def answer_form(questions: list, event, lang: str, answers: dict | None = None, **kwargs):
    """A form with one input per question, named q_<id>, pre-filled from earlier answers."""

    class AnswerForm(FlaskForm):
        pass

    for question in questions:
        label = str(localize(question.label, event.default_language, lang=lang))
        optional = [InputRequired(message=REQUIRED)] if question.required else [Optional()]
        if question.kind == QuestionKind.RATING:
            unbound = RadioField(label, choices={str(n): str(n) for n in RATINGS}, validators=optional)
        elif question.kind == QuestionKind.CHOICE:
            choices = {c["key"]: str(localize(c.get("label"), event.default_language, lang=lang)) or c["key"]
                       for c in question.choices or []}
            unbound = RadioField(label, choices=choices, validators=optional)
        else:
            required = [DataRequired(message=REQUIRED)] if question.required else [Optional()]
            unbound = TextField(label, filters=[strip_filter], validators=[*required, Length(max=MAX_TEXT)],
                                    render_kw={"rows": 4})
        setattr(AnswerForm, f"q_{question.id}", unbound)
    data = {f"q_{key}": str(value) for key, value in (answers or {}).items()}
    form = AnswerForm(data=data, **kwargs)
    form.questions = [(question, form[f"q_{question.id}"]) for question in questions]
    return form


def answers_from(form) -> dict:
    return {str(question.id): bound.data for question, bound in form.questions}
