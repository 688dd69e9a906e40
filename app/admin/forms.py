from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired, Length

from app.admin.models import SiteRole
from app.core.forms import TextField, strip_filter
from app.core.labels import enum_choices


class RoleForm(FlaskForm):
    """One button: grant or revoke one site role (both fields are hidden inputs)."""
    role = SelectField(choices=enum_choices(SiteRole), validators=[DataRequired()])
    change = SelectField(choices=[SelectChoice("grant", "grant"), SelectChoice("revoke", "revoke")],
                         validators=[DataRequired()])


class RefuseEventForm(FlaskForm):
    reason = TextField(_l("Why (the organisers will read it)"), filters=[strip_filter],
                           validators=[DataRequired(message=_l("Please say why, so that the organisers know what "
                                                               "to change.")), Length(max=1000)])
