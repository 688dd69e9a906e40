"""The organiser's menu of an event: groups of destinations, in one data structure.

MANAGE_MENU lists every management page a person may be sent to, grouped the way an event
runs (setup, programme, people, on the day, after). A destination names its endpoint as a
string (most pages belong to higher layers, which this module does not import) and the
endpoints of the pages under it, so the menu shows where the reader is.

Who sees a destination is not written here: it is the permission of the view behind it (the
action `event_required` records on the view), asked through can(). The menu offers exactly
the pages the reader may open: organisers everything, check-in staff the desk, rapporteurs
the notes. Pages of a blueprint that is not registered are left out.

Rendered by events/manage_layout.html: a side menu on wide screens, one menu button on phones
(static/js/manage-nav.js).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.core.permissions import can
from app.events.models import EventKind


@dataclass(frozen=True)
class Destination:
    endpoint: str
    label: str
    covers: tuple[str, ...] = ()
    """Other endpoints that belong to this destination; "blueprint." covers a whole blueprint."""
    kinds: frozenset[EventKind] | None = None
    """Only for these kinds of events (None: every kind)."""

    def is_current(self, endpoint: str | None) -> bool:
        if not endpoint:
            return False
        return endpoint == self.endpoint or any(
            endpoint == other or (other.endswith(".") and endpoint.startswith(other)) for other in self.covers)


@dataclass(frozen=True)
class Group:
    label: str | None
    destinations: tuple[Destination, ...]


TRAININGS = frozenset({EventKind.TRAINING})

MANAGE_MENU: tuple[Group, ...] = (
    # The event at a glance; the first entry, where a future dashboard takes its place.
    Group(None, (Destination("events_manage.dashboard", _l("Overview")),)),
    Group(lazy_pgettext("management menu", "Setup"), (
        Destination("events_manage.edit_event", _l("Settings")),
        Destination("registration_manage.form_builder", _l("Registration form"),
                    covers=("registration_manage.field_new", "registration_manage.field_edit")),
        Destination("events_manage.clone_event", _l("Clone")),
    )),
    Group(lazy_pgettext("management menu", "Programme"), (
        Destination("agenda_manage.grid", _l("Agenda"), covers=("agenda_manage.",)),
        Destination("materials.speakers_page", _l("Speakers"), covers=("materials.invite_speaker",)),
        Destination("materials.manage_materials", _l("Materials"),
                    covers=("materials.new_material", "materials.edit_material", "materials.versions")),
        Destination("session_places.overview", _l("Limited sessions"), covers=("session_places.roster",)),
        Destination("interpretation.planning", _l("Interpretation"), covers=("interpretation.",)),
    )),
    Group(lazy_pgettext("management menu", "People"), (
        Destination("registration_manage.registrations", _l("Participants"),
                    covers=("registration_manage.registration", "registration_manage.add_registration",
                            "registration_manage.badge")),
        Destination("registration_manage.invitations", _l("Invitations")),
        Destination("events_manage.team", _l("Team")),
        Destination("reminders.overview", _l("Reminders"), covers=("reminders.",)),
        Destination("messages.index", _l("Messages"), covers=("messages.",)),
    )),
    Group(lazy_pgettext("management menu", "On the day"), (
        Destination("registration_manage.checkin", _l("Check-in")),
        Destination("registration_manage.live_view", _l("Live view")),
        Destination("trainings.attendance", _l("Attendance"),
                    covers=("trainings.attendance_module", "trainings.attendance_roll_call"), kinds=TRAININGS),
        Destination("notes.matrix", _l("Notes"), covers=("notes.editor", "notes.history", "notes.revision",
                                                         "notes.diff")),
    )),
    Group(lazy_pgettext("management menu", "After the event"), (
        Destination("trainings.certificates", _l("Certificates"), kinds=TRAININGS),
        Destination("trainings.feedback_surveys", _l("Feedback"),
                    covers=("trainings.feedback_survey", "trainings.feedback_results", "trainings.question_new",
                            "trainings.question_edit")),
        Destination("events_manage.audit_log", _l("Activity log")),
    )),
)

PUBLIC_PAGE = Destination("events.event_page", _l("Public page"))


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class MenuGroup:
    label: str | None
    items: list[MenuItem]


@dataclass(frozen=True)
class Menu:
    groups: list[MenuGroup]
    public_page: MenuItem | None

    @property
    def current(self) -> MenuItem | None:
        return next((item for group in self.groups for item in group.items if item.current), None)


def _allowed(user, event, destination: Destination) -> bool:
    view = current_app.view_functions.get(destination.endpoint)
    if view is None or (destination.kinds is not None and event.kind not in destination.kinds):
        return False
    action = getattr(view, "permission", None)
    if action is None:  # a page outside the rules is never offered
        return False
    return can(user, action, event)


def _item(event, destination: Destination, endpoint: str | None) -> MenuItem:
    return MenuItem(str(destination.label), url_for(destination.endpoint, slug=event.slug),
                    destination.is_current(endpoint))


def manage_menu(user, event, endpoint: str | None = None) -> Menu:
    """The destinations `user` may open for `event`, grouped; empty groups are left out.
    `endpoint` (default: the request's) is marked current."""
    endpoint = endpoint if endpoint is not None else request.endpoint
    groups = []
    for group in MANAGE_MENU:
        items = [_item(event, d, endpoint) for d in group.destinations if _allowed(user, event, d)]
        if items:
            groups.append(MenuGroup(str(group.label) if group.label else None, items))
    public = _item(event, PUBLIC_PAGE, endpoint) if groups and _allowed(user, event, PUBLIC_PAGE) else None
    return Menu(groups, public)
