"""The organiser's registration form: questions added, changed, removed and reordered."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func, select, update

from app.core.errors import DomainError
from app.core.models import record_audit
from app.extensions import db
from app.registration.models import FieldKind, RegistrationField
from app.registration.services import CHOICE_KINDS, fields_of

FIELD_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def field_key_from(label: dict, event) -> str:
    """A key made from the English label (else the default language's), unique in the event."""
    text = label.get("en") or label.get(event.default_language) or next(iter(label.values()), "")
    base = slugify(text, separator="_", max_length=50, word_boundary=True) or "field"
    if not base[0].isalpha():
        base = f"f_{base}"[:50]
    taken = set(db.session.scalars(select(RegistrationField.key).where(RegistrationField.event_id == event.id)))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def save_field(event, actor, data: dict, field: RegistrationField | None = None) -> RegistrationField:
    """Create a field (field=None) or change one. `data`: key, kind, required, label, help, choices.

    A field's key is fixed once created, so answers already given stay attached to it;
    no change here ever touches existing answers. Raises DomainError(field="key") when the
    key is taken.
    `data["listening"]` marks the event's one listening-language question (interpretation
    planning): only a language question can be it, and marking it unmarks any other
    (DomainError(field="listening") otherwise).
    """
    listening = bool(data.get("listening"))
    if listening and data["kind"] != FieldKind.LANGUAGE:
        raise DomainError(_l("Only a “Language” question can be the language participants listen in."),
                          field="listening")
    if listening:  # before this one is flushed: the database keeps one per event
        db.session.execute(update(RegistrationField).where(
            RegistrationField.event_id == event.id, RegistrationField.listening.is_(True),
            RegistrationField.id != (field.id if field is not None else 0)).values(listening=False)
            .execution_options(synchronize_session="fetch"))
    if field is None:
        key = data.get("key") or field_key_from(data["label"], event)
        if db.session.scalar(select(RegistrationField.id).where(
                RegistrationField.event_id == event.id, RegistrationField.key == key)) is not None:
            raise DomainError(_l("Another question already uses this key."), field="key")
        last = db.session.scalar(select(func.max(RegistrationField.position)).where(RegistrationField.event_id == event.id))
        field = RegistrationField(event_id=event.id, key=key, position=(last + 1) if last is not None else 0)
        db.session.add(field)
        action = "registration.field_added"
    else:
        action = "registration.field_changed"
    field.kind = data["kind"]
    field.required = bool(data["required"])
    field.label = data["label"]
    field.help = data.get("help") or {}
    field.choices = (data.get("choices") or []) if data["kind"] in CHOICE_KINDS else []
    field.listening = listening
    db.session.flush()
    record_audit(actor, action, event, field=field.key, **({"listening": "yes"} if listening else {}))
    return field


def delete_field(field: RegistrationField, event, actor) -> None:
    """Remove a question from the form; the answers people gave stay in their registrations."""
    key = field.key
    db.session.delete(field)
    db.session.flush()
    record_audit(actor, "registration.field_deleted", event, field=key)


def move_field(field: RegistrationField, event, actor, offset: int) -> bool:
    """Move a question up (-1) or down (+1) the form; False when it is already at that end."""
    fields = fields_of(event)
    index = next(i for i, f in enumerate(fields) if f.id == field.id)
    target = index + offset
    if not 0 <= target < len(fields):
        return False
    fields[index], fields[target] = fields[target], fields[index]
    for position, each in enumerate(fields):
        each.position = position
    db.session.flush()
    record_audit(actor, "registration.field_moved", event, field=field.key, position=str(target + 1))
    return True
