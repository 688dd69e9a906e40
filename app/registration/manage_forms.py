"""Forms of the organiser pages: table filters, bulk actions, notes, form builder, invitations, check-in."""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from slugify import slugify
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import LineField, MultilingualField, TextField, strip_filter
from app.core.i18n import country_choices, language_name
from app.core.labels import enum_choices
from app.registration import invitations, table
from app.registration.answers import choice_label, field_label
from app.registration.form_builder import FIELD_KEY_PATTERN
from app.registration.forms import AddParticipantForm
from app.registration.models import FieldKind, RegistrationField, RegistrationStatus
from app.registration.services import CHOICE_KINDS

FILTER_KINDS = (FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE, FieldKind.CHECKBOX, FieldKind.COUNTRY,
                FieldKind.LANGUAGE)
MAX_CHOICES = 100
MAX_INVITATIONS = 500


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _event_languages(form, event) -> None:
    languages = [(code, language_name(code)) for code in event.languages]
    form.language.choices = languages


class FieldForm(FlaskForm):
    """One question of the registration form.

    Choices are typed one per line: the key, then the label in each of the event's
    languages in order, separated by "|". The key may be left empty (it is made from
    the first label), and a line without "|" is just a label in the first language.
    """

    label = MultilingualField(_l("Question"), max_length=300)
    help = MultilingualField(_l("Help text"), multiline=True, max_length=1000)
    kind = SelectField(_l("Kind of answer"), choices=enum_choices(FieldKind),
                       validators=[DataRequired()])
    required = BooleanField(_l("An answer is required"))
    key = LineField(_l("Key (for exports and filters)"), filters=[strip_filter, _lower],
                      validators=[Optional(), Length(max=60)])
    choices = TextField(_l("Choices"), validators=[Length(max=20000)])
    listening = BooleanField(_l("This is the language each participant listens in"),
                             description=_l("For a “Language” question: the Interpretation page counts the answers "
                                            "to plan interpreters and receivers. One question per event: marking "
                                            "this one unmarks any other."))

    def __init__(self, event, *args, field=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.existing = field
        for multilingual in (self.label, self.help):
            multilingual.languages = list(event.languages)
        self.label.required_language = event.default_language
        self.parsed_choices: list[dict] = []
        if field is not None:
            del self.key  # fixed once created: answers given are stored under it
            if not self.is_submitted():
                self.choices.data = choices_to_text(field.choices, event)
        lines = (self.choices.data or "").count("\n") + 1
        self.choices.render_kw = {"rows": min(max(lines + 2, 5), 20), "wrap": "off", "spellcheck": "false"}

    def validate_key(self, field):
        if field.data and not FIELD_KEY_PATTERN.match(field.data):
            raise ValidationError(_("Use lower-case Latin letters, digits and underscores, starting with a letter."))

    def validate_choices(self, field):
        if self.kind.data not in {k.value for k in CHOICE_KINDS}:
            self.parsed_choices = []
            return
        previous = {c.get("key"): c for c in (self.existing.choices if self.existing else [])}
        self.parsed_choices = parse_choices(field.data or "", self.event, previous)
        if not self.parsed_choices:
            raise ValidationError(_("Add at least one choice, one per line."))

    def field_data(self) -> dict:
        return {"key": self.key.data if "key" in self else None, "kind": FieldKind(self.kind.data),
                "required": self.required.data, "label": self.label.data, "help": self.help.data,
                "choices": self.parsed_choices, "listening": bool(self.listening.data)}


def choices_example(event) -> str:
    samples = {"en": "Government", "ru": "Государственный орган", "kk": "Мемлекеттік орган"}
    return " | ".join(["government", *(samples.get(lang, "…") for lang in event.languages)])


def choices_to_text(choices: list, event) -> str:
    lines = []
    for choice in choices or []:
        labels = choice.get("label") or {}
        lines.append(" | ".join([choice.get("key", ""), *(labels.get(lang, "") for lang in event.languages)]).rstrip(" |"))
    return "\n".join(lines)


def parse_choices(text: str, event, previous: dict | None = None) -> list[dict]:
    """Lines "key | label 1 | label 2 …" (labels in the order of event.languages) → choices.

    Raises ValidationError naming the line at fault. Labels in languages the event no
    longer offers are kept from `previous` (the stored choices, by key).
    """
    previous = previous or {}
    choices, keys = [], set()
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if "|" in line:
            key, *labels = (part.strip() for part in line.split("|"))
        else:
            key, labels = "", [line]
        labels = labels[:len(event.languages)]
        label = {lang: text[:300] for lang, text in zip(event.languages, labels) if text}
        if not label:
            raise ValidationError(_("Line %(number)d: please give the choice a label.", number=number))
        key = key.lower() if key else (slugify(next(iter(label.values())), separator="_", max_length=40) or f"choice_{number}")
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,59}", key):
            raise ValidationError(_("Line %(number)d: a key may only hold lower-case Latin letters, digits, “-” and “_”.",
                                    number=number))
        if key in keys:
            raise ValidationError(_("Line %(number)d: the key “%(key)s” is used twice.", number=number, key=key))
        kept = {lang: text for lang, text in ((previous.get(key) or {}).get("label") or {}).items()
                if lang not in event.languages}
        keys.add(key)
        choices.append({"key": key, "label": {**kept, **label}})
        if len(choices) > MAX_CHOICES:
            raise ValidationError(_("At most %(max)d choices, please.", max=MAX_CHOICES))
    return choices


# --- the participants table -------------------------------------------------------------------

@dataclass
class TableFilters:
    """The table's query arguments, checked: ?status= &q= &sort= &f_<key>= &page=."""

    status: str = ""
    search: str = ""
    sort: str = "date"
    answers: dict = dataclass_field(default_factory=dict)  # field key -> raw value from the URL

    @classmethod
    def from_args(cls, args, fields: list[RegistrationField]) -> TableFilters:
        status = args.get("status", "")
        sort = args.get("sort", "date")
        answers = {}
        for spec in fields:
            value = args.get(f"f_{spec.key}", "").strip()[:100]
            if spec.kind in FILTER_KINDS and value and (spec.kind != FieldKind.CHECKBOX or value in ("yes", "no")):
                answers[spec.key] = value
        return cls(status=status if status in {s.value for s in RegistrationStatus} else "",
                   search=args.get("q", "").strip()[:200],
                   sort=sort if sort in table.TABLE_SORTS else "date", answers=answers)

    def query(self, event):
        answers = {key: {"yes": True, "no": False}.get(value, value) for key, value in self.answers.items()}
        return table.participants_query(event, status=self.status or None, search=self.search or None,
                                           answers=answers, sort=self.sort)

    def args(self, **changes) -> dict:
        args = {"status": self.status, "q": self.search, "sort": "" if self.sort == "date" else self.sort,
                **{f"f_{key}": value for key, value in self.answers.items()}, **changes}
        return {key: value for key, value in args.items() if value not in ("", None)}

    @property
    def active(self) -> bool:
        return bool(self.status or self.search or self.answers)

    def total_from(self, counts: dict[str, int]) -> int | None:
        """How many registrations match, when the counts by status (services.counts) tell it:
        all of them, or those of one status; None when a search or an answer filters them."""
        if self.search or self.answers:
            return None
        return counts[self.status] if self.status else sum(counts[status.value] for status in RegistrationStatus)


def filter_options(event, fields: list[RegistrationField]) -> list[tuple[RegistrationField, str, list]]:
    """(field, label, [(value, text)]) for each question the table can filter by."""
    options = []
    for spec in fields:
        if spec.kind not in FILTER_KINDS:
            continue
        if spec.kind == FieldKind.CHECKBOX:
            values = [("yes", _("Yes")), ("no", _("No"))]
        elif spec.kind == FieldKind.COUNTRY:
            values = country_choices()
        elif spec.kind == FieldKind.LANGUAGE:
            values = [(code, language_name(code)) for code in event.languages]
        else:
            values = [(c["key"], choice_label(spec, c["key"], event)) for c in spec.choices or []]
        options.append((spec, field_label(spec, event), values))
    return options


BULK_LIMIT = 1000  # registrations changed by one bulk action


class BulkActionForm(FlaskForm):
    """An action on the ticked registrations, or (scope "matching") on every registration that
    matches the table's filters, up to BULK_LIMIT of them (approve: the pending ones)."""

    action = SelectField(choices=[SelectChoice(name) for name in ("approve", "reject", "promote")],
                         validators=[DataRequired()])
    scope = SelectField(choices=[SelectChoice("selected"), SelectChoice("matching")], default="selected")
    ids = SelectMultipleField(coerce=int, validate_choice=False)

    def validate_ids(self, field):
        if self.scope.data == "matching":
            return
        if not field.data or len(field.data) > BULK_LIMIT or any(not 0 < i < 2**31 for i in field.data):
            raise ValidationError(_("Select at least one registration."))


# Which organiser action applies to a registration in which status (services.py has the rules;
# this only decides which buttons to show).
STATUS_ACTIONS = {
    "approve": (RegistrationStatus.PENDING,),
    "reject": (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
    "promote": (RegistrationStatus.PENDING, RegistrationStatus.WAITING),
    "cancel": (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
}


class StatusActionForm(FlaskForm):
    action = SelectField(choices=[SelectChoice(name) for name in STATUS_ACTIONS], validators=[DataRequired()])


class MoveForm(FlaskForm):
    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")], validators=[DataRequired()])


class NoteForm(FlaskForm):
    note = TextField(_l("Internal note (only organisers see it)"), validators=[Length(max=5000)])


class InvitationForm(FlaskForm):
    emails = TextField(_l("E-mail addresses"), validators=[DataRequired(), Length(max=100_000)],
                           description=_l("One per line, or separated by commas."),
                           render_kw={"rows": 6, "spellcheck": "false", "autocomplete": "off"})
    language = SelectField(_l("Language of the invitation e-mail"), validators=[DataRequired()])

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _event_languages(self, event)
        if not self.is_submitted():
            self.language.data = event.default_language
        self.addresses: list[str] = []

    def validate_emails(self, field):
        parts = [part.strip().strip("<>") for part in re.split(r"[,;\s]+", field.data or "") if part.strip()]
        addresses, invalid = [], []
        for part in parts:
            try:
                addresses.append(validate_email(part, check_deliverability=False).normalized.lower())
            except EmailNotValidError:
                invalid.append(part)
        if invalid:
            raise ValidationError(_("These addresses are not valid, so nobody was invited: %(addresses)s",
                                    addresses=", ".join(invalid[:50]) + (" …" if len(invalid) > 50 else "")))
        if not addresses:
            raise ValidationError(_("Please enter at least one e-mail address."))
        self.addresses = list(dict.fromkeys(addresses))
        if len(self.addresses) > MAX_INVITATIONS:
            raise ValidationError(_("At most %(max)d addresses at a time, please.", max=MAX_INVITATIONS))


class InvitationLinkForm(FlaskForm):
    """A shareable registration link: a name for it, how many people may use it, for how long."""

    label = LineField(_l("Name of the link (only organisers see it)"), filters=[strip_filter],
                        validators=[Optional(), Length(max=200)],
                        description=_l("For example, the group or mailing list you will send it to."))
    max_uses = IntegerField(_l("How many people may register with it"), default=20, validators=[
        InputRequired(), NumberRange(min=1, max=invitations.MAX_LINK_USES)],
        render_kw={"min": 1, "max": invitations.MAX_LINK_USES})
    valid_days = IntegerField(_l("Valid for (days)"), default=14, validators=[
        InputRequired(), NumberRange(min=1, max=invitations.MAX_LINK_DAYS)],
        render_kw={"min": 1, "max": invitations.MAX_LINK_DAYS})


class CheckinForm(FlaskForm):
    code = LineField(_l("Ticket code"), filters=[strip_filter],
                       validators=[DataRequired(message=_l("Type or scan a ticket code.")), Length(max=500)])


def add_participant_form(event, **kwargs):
    """AddParticipantForm with the event's languages to choose from."""
    form = AddParticipantForm(**kwargs)
    _event_languages(form, event)
    if not form.is_submitted():
        form.language.data = event.default_language
    return form


class AddToSessionForm(FlaskForm):
    """An organiser gives a confirmed participant a place in a limited session (or a waiting-list entry)."""

    registration = SelectField(_l("Participant"), coerce=int,
                               validators=[DataRequired(message=_l("Choose a confirmed participant."))])

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration.choices = {r.id: f"{r.name} ({r.email})" for r in candidates}
