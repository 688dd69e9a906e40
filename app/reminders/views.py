"""The organisers' reminders page: each reminder's switch, timing, next run, mail sent, and its editor with a preview."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.forms import refusal_onto
from app.core.http import never_cache
from app.db import utcnow
from app.events.permissions import event_required
from app.reminders import services
from app.reminders.forms import ReminderForm
from app.reminders.models import ReminderKind

bp = Blueprint("reminders", __name__, url_prefix="/manage/events/<slug>/reminders", template_folder="templates")
bp.after_request(never_cache)


def _kind_or_404(kind: str) -> ReminderKind:
    try:
        return ReminderKind(kind)
    except ValueError:
        abort(404)


@bp.get("")
@event_required("event.manage")
def overview(event):
    now = utcnow()
    reminders = services.reminders_of(event)
    return render_template("reminders/overview.html", event=event, reminders=reminders,
                           counts=services.counts(event), switch_form=ConfirmForm(),
                           next_runs={kind: services.next_run(r, event, now) for kind, r in reminders.items()})


@bp.post("/<kind>/switch")
@event_required("event.manage")
def switch(event, kind: str):
    kind = _kind_or_404(kind)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    enabled = request.form.get("enabled") == "1"
    services.switch(event, current_user, kind, enabled)
    flash(_("The reminder is on.") if enabled else _("The reminder is off."), "success")
    return redirect(url_for(".overview", slug=event.slug))


@bp.route("/<kind>", methods=["GET", "POST"])
@event_required("event.manage")
def edit(event, kind: str):
    kind = _kind_or_404(kind)
    reminder = services.reminders_of(event)[kind]
    form = ReminderForm(event, kind, obj=reminder)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.save_reminder(event, current_user, kind, enabled=bool(form.enabled.data),
                                   days=form.days.data if hasattr(form, "days") else 0, hour=form.hour.data,
                                   subject=form.subject.data, body=form.body.data)
        if not refused:
            flash(_("The reminder has been saved."), "success")
            return redirect(url_for(".edit", slug=event.slug, kind=kind.value))
        reminder = services.reminders_of(event)[kind]
    status = 400 if form.is_submitted() else 200
    return render_template("reminders/edit.html", event=event, reminder=reminder, kind=kind, form=form,
                           previews=services.preview(reminder, event, event.languages)), status
