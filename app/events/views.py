from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core import dates
from app.core.forms import refusal_onto
from app.core.models import AuditEntry
from app.core.permissions import login_required_view, permission_required
from app.db import utcnow
from app.events import services
from app.events.dashboard import dashboard_parts
from app.events.forms import CloneEventForm, EventForm, TeamMemberForm
from app.events.hooks import EVENT_LIST_PARTS, EVENT_PAGE_PARTS
from app.events.models import Approval, EventKind, EventMember, EventRole, RegistrationMode, Visibility
from app.events.permissions import event_required
from app.events.personal import personal_space
from app.extensions import db

bp = Blueprint("events", __name__, template_folder="templates")
manage_bp = Blueprint("events_manage", __name__, url_prefix="/manage", template_folder="templates")


@bp.get("/")
def home():
    upcoming, past = services.public_events(datetime.now(UTC).date())
    return render_template("events/home.html", upcoming=upcoming, past=past, **EVENT_LIST_PARTS.merged(upcoming))


@bp.get("/events/<slug>")
@event_required("event.view")
def event_page(event):
    return render_template("events/event.html", event=event,
                           registration_state=services.registration_state(event, utcnow()),
                           **EVENT_PAGE_PARTS.merged(event))


@bp.get("/me/")
@login_required_view
def my_events():
    """The person's own page: their registrations, tickets, places, agenda, certificates and
    feedback per event, and the events they help run."""
    return render_template("events/my_events.html", space=personal_space(current_user, datetime.now(UTC).date()))


# --- organisers -------------------------------------------------------------

@manage_bp.get("/")
@login_required_view
def my_managed_events():
    """The organisers' former list, now a section of "My events"."""
    return redirect(url_for("events.my_events", _anchor="team", **request.args), 301)


@manage_bp.route("/events/new", methods=["GET", "POST"])
@permission_required("event.create")
def create_event():
    # The starting values go in as the form's data, so that what the form derives from them (the
    # title required in the main language) is derived from them too.
    form = EventForm(data=None if request.method == "POST" else dict(
        kind=EventKind.FORUM.value, timezone="Asia/Almaty", languages=list(current_app.config["LANGUAGES"]),
        default_language=current_user.preferred_language, visibility=Visibility.PRIVATE.value,
        registration_mode=RegistrationMode.OPEN.value))
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            event = services.create_event(current_user, form.event_data())
        if not refused:
            if event.approval != Approval.APPROVED:
                flash(_("The event has been created. It stays private until a site administrator approves it; "
                        "meanwhile you can prepare it with your team."), "success")
            elif event.visibility == Visibility.PRIVATE:
                flash(_("The event has been created. It stays private until you make it public."), "success")
            else:
                flash(_("The event has been created."), "success")
            return redirect(url_for("events_manage.dashboard", slug=event.slug))
    return render_template("events/event_form.html", form=form, event=None), 400 if form.errors else 200


@manage_bp.get("/events/<slug>/")
@event_required("event.manage")
def dashboard(event):
    return render_template("events/dashboard.html", event=event, parts=dashboard_parts(event),
                           registration_state=services.registration_state(event, utcnow()))


@manage_bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_event(event):
    form = EventForm(obj=event)
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.update_event(event, current_user, form.event_data())
        if not refused:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("events_manage.dashboard", slug=event.slug))
    return render_template("events/event_form.html", form=form, event=event), 400 if form.errors else 200


@manage_bp.route("/events/<slug>/clone", methods=["GET", "POST"])
@event_required("event.manage")
def clone_event(event):
    form = CloneEventForm()
    if request.method == "GET":
        form.slug.data = f"{event.slug}-copy"
        start = event.start_date
        # The same day a year later; a date stored at the edge of the calendar stays as it is.
        form.start_date.data = start.replace(year=start.year + 1) \
            if start.year < dates.LATEST.year and (start.month, start.day) != (2, 29) else start
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            clone = services.clone_event(event, current_user, slug=form.slug.data, start_date=form.start_date.data)
        if not refused:
            flash(_("The copy has been created. It is private until you make it public."), "success")
            return redirect(url_for("events_manage.dashboard", slug=clone.slug))
    return render_template("events/clone.html", form=form, event=event), 400 if form.errors else 200


@manage_bp.route("/events/<slug>/team", methods=["GET", "POST"])
@event_required("event.manage")
def team(event):
    form = TeamMemberForm()
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.add_member(event, current_user, form.email.data, EventRole(form.role.data))
        if not refused:
            flash(_("The team has been updated."), "success")
            return redirect(url_for("events_manage.team", slug=event.slug))
    members = sorted(event.members, key=lambda m: (m.user.name.lower(), m.role.value))
    return render_template("events/team.html", event=event, form=form, members=members,
                           remove_form=ConfirmForm()), 400 if form.errors else 200


@manage_bp.post("/events/<slug>/team/<id:member_id>/remove")
@event_required("event.manage")
def remove_member(event, member_id: int):
    member = db.session.get(EventMember, member_id)
    if member is None or member.event_id != event.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            services.remove_member(event, current_user, member)
        if not refused:
            flash(_("The team has been updated."), "success")
    return redirect(url_for("events_manage.team", slug=event.slug))


@manage_bp.get("/events/<slug>/audit")
@event_required("event.manage")
def audit_log(event):
    page = db.paginate(
        db.select(AuditEntry).where(AuditEntry.event_id == event.id).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()),
        per_page=50, error_out=False,
    )
    return render_template("events/audit.html", event=event, page=page)
