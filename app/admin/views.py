"""The site administration pages, under /admin/: accounts, events awaiting approval, the activity log.

Every page is the site administrators' (app.admin.permissions): the permission is checked before
anything is loaded, so others learn nothing, not even whether an account or an event exists.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.accounts.models import User
from app.admin import services
from app.admin.forms import RefuseEventForm, RoleForm
from app.admin.models import SiteRole
from app.core.forms import refusal_onto
from app.core.permissions import permission_required
from app.events import services as events
from app.events.models import Event
from app.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

USERS_PER_PAGE = 50
AUDIT_PER_PAGE = 50
MAX_PAGE = 100_000  # beyond any real page; keeps the offset within a 64-bit integer


def _page() -> int:
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _event_or_404(slug: str) -> Event:
    event = db.session.scalar(db.select(Event).where(Event.slug == slug))
    if event is None:
        abort(404)
    return event


@bp.get("/")
@permission_required("admin")
def index():
    return render_template("admin/index.html", figures=services.overview())


# --- accounts ---------------------------------------------------------------------------

@bp.get("/users")
@permission_required("admin.users")
def users():
    search = request.args.get("q", "")[:services.SEARCH_MAX_LENGTH]
    page = db.paginate(services.users_query(search), page=_page(), per_page=USERS_PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, search=search)


@bp.get("/users/<id:user_id>")
@permission_required("admin.users")
def user(user_id: int):
    account = _user_or_404(user_id)
    return render_template("admin/user.html", account=account, roles=list(SiteRole), has_role=services.has_role,
                           confirm_form=ConfirmForm())


@bp.post("/users/<id:user_id>/roles")
@permission_required("admin.users")
def change_role(user_id: int):
    account = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        role = SiteRole(form.role.data)
        with refusal_onto() as refused:
            if form.change.data == "grant":
                services.grant_role(current_user, account, role)
            else:
                services.revoke_role(current_user, account, role)
        if not refused:
            flash(_("%(name)s: the roles have been updated.", name=account.name), "success")
    else:
        flash(_("Nothing was changed: please use the buttons of the page."), "error")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<id:user_id>/disable")
@permission_required("admin.users")
def disable_user(user_id: int):
    account = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            services.disable_account(current_user, account)
        if not refused:
            flash(_("%(name)s's account has been disabled: they can no longer sign in.", name=account.name),
                  "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<id:user_id>/enable")
@permission_required("admin.users")
def enable_user(user_id: int):
    account = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            services.enable_account(current_user, account)
        if not refused:
            flash(_("%(name)s's account has been re-enabled.", name=account.name), "success")
    return redirect(url_for("admin.user", user_id=account.id))


# --- events awaiting approval ---------------------------------------------------------------

@bp.get("/events")
@permission_required("event.approve")
def approvals():
    pending, refused = events.events_for_approval()
    creators = services.users_by_id({e.created_by_id for e in pending + refused if e.created_by_id})
    return render_template("admin/events.html", pending=pending, refused=refused, creators=creators,
                           confirm_form=ConfirmForm(), refuse_form=RefuseEventForm())


@bp.post("/events/<slug>/approve")
@permission_required("event.approve")
def approve_event(slug: str):
    event = _event_or_404(slug)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            events.approve_event(event, current_user)
        if not refused:
            flash(_("The event has been approved; its organisers have been told."), "success")
    return redirect(url_for("admin.approvals"))


@bp.post("/events/<slug>/refuse")
@permission_required("event.approve")
def refuse_event(slug: str):
    event = _event_or_404(slug)
    form = RefuseEventForm()
    if not form.validate_on_submit():
        for error in form.reason.errors:
            flash(error, "error")
        return redirect(url_for("admin.approvals"))
    with refusal_onto() as refused:
        events.refuse_event(event, current_user, form.reason.data)
    if not refused:
        flash(_("The event stays private; its organisers have been told why."), "success")
    return redirect(url_for("admin.approvals"))


# --- the instance's activity log ------------------------------------------------------------

@bp.get("/audit")
@permission_required("admin.audit")
def audit():
    scope = request.args.get("scope", "all")
    if scope not in services.AUDIT_SCOPES:
        scope = "all"
    page = db.paginate(services.audit_query(scope), page=_page(), per_page=AUDIT_PER_PAGE, error_out=False)
    event_of = services.events_by_id({entry.event_id for entry in page.items if entry.event_id})
    return render_template("admin/audit.html", page=page, scope=scope, event_of=event_of)
