"""The site roles an administrator grants. They are columns of the account (app/accounts/models.py),
where the permission rules of the layers below read them; this names them and their words."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from app.core.labels import register_labels


class SiteRole(enum.StrEnum):
    ADMINISTRATOR = "administrator"  # User.is_admin: everything, on every event
    EVENT_CREATOR = "event_creator"  # User.is_event_creator: creates events that need no approval


register_labels(SiteRole, {
    SiteRole.ADMINISTRATOR: _l("Administrator"),
    SiteRole.EVENT_CREATOR: _l("Event creator"),
})

ROLE_COLUMNS = {SiteRole.ADMINISTRATOR: "is_admin", SiteRole.EVENT_CREATOR: "is_event_creator"}
