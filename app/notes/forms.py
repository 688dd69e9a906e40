"""Forms of the note pages. Every one carries a CSRF token (FlaskForm).

Revision ids arrive in hidden fields and are never trusted: the services check
that each belongs to the note (or to its original) before using it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length
from wtforms.widgets import HiddenInput

from app.core.forms import LineField, TextField
from app.core.http import parse_id
from app.notes.services import MAX_BODY_LENGTH


def optional_id(value):
    """A hidden field's value as an id: empty -> None; anything else that is not a plausible id -> 0,
    which matches no revision, so the service refuses it with a message."""
    if value is None or value == "":
        return None
    return parse_id(value) or 0


class NoteForm(FlaskForm):
    body = TextField(_l("Text"), validators=[Length(max=MAX_BODY_LENGTH)],
                         description=_l("Markdown: **bold**, *italic*, lists with -, links as [text](https://…), "
                                        "headings with ##."))
    base_revision = LineField(widget=HiddenInput())
    source_revision = LineField(widget=HiddenInput())

    @property
    def base_revision_id(self):
        return optional_id(self.base_revision.data)

    @property
    def source_revision_id(self):
        return optional_id(self.source_revision.data)


class PublishForm(FlaskForm):
    revision = LineField(widget=HiddenInput())

    @property
    def revision_id(self):
        return optional_id(self.revision.data)
