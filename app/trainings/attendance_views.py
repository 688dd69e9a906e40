"""Attendance per module: the staff's desk (typed or scanned code), the roll call, and the participant's own view."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.forms import refusal_onto
from app.core.http import id_arg, parse_id, wants_json
from app.core.i18n import current_language
from app.events.permissions import event_required
from app.extensions import db
from app.registration import places
from app.registration.models import Registration
from app.registration.services import registration_of
from app.trainings import services
from app.trainings.blueprint import bp, module_or_404
from app.trainings.forms import AttendanceCodeForm


def _module_counts(event, module) -> dict:
    present = services.present_at(event, module)
    participant_ids = {r.id for r in services.participants(event)}
    return {"present": len(set(present) & participant_ids), "participants": len(participant_ids)}


@bp.get("/manage/events/<slug>/attendance")
@event_required("event.checkin")
def attendance(event):
    modules = services.modules(event)
    chosen = id_arg("module")
    if any(m.id == chosen for m in modules):
        # The module picker on the desk and roll-call pages (a GET form that works without script).
        endpoint = ".attendance_roll_call" if request.args.get("mode") == "roll-call" else ".attendance_module"
        return redirect(url_for(endpoint, slug=event.slug, session_id=chosen))
    attended = services.attendance_map(event)
    participant_ids = {r.id for r in services.participants(event)}
    present = {m.id: sum(1 for rid in participant_ids if m.id in attended.get(rid, ())) for m in modules}
    return render_template("trainings/attendance.html", event=event, modules=modules, present=present,
                           participants=len(participant_ids))


def _result(event, module, registration: Registration | None, outcome: str, message: str) -> dict:
    result = {"outcome": outcome, "message": message, "counts": _module_counts(event, module)}
    if registration is not None:
        result.update(name=registration.name, organisation=registration.organisation)
        if outcome in ("marked", "already"):
            result.update(undo_url=url_for(".attendance_undo", slug=event.slug, session_id=module.id,
                                           registration_id=registration.id),
                          undo_label=_("Undo"))
            if places.has_place(module.id, registration) is False:
                # A limited module: staff at the door decide, but they should know.
                result["warning"] = _("No place in this limited module: this person did not take one.")
    return result


def _desk(event, module, form, result: dict | None, status_code: int):
    if wants_json():
        body = result or {"outcome": "invalid", "counts": _module_counts(event, module),
                          "message": " ".join(str(e) for e in form.code.errors) or _("Bad request")}
        return jsonify(body), status_code
    if result is not None and status_code < 400:
        form = AttendanceCodeForm(formdata=None)  # empty, ready for the next ticket
    return render_template("trainings/attendance_desk.html", event=event, module=module, modules=services.modules(event),
                           form=form, result=result, counts=_module_counts(event, module),
                           undo_form=ConfirmForm()), status_code


@bp.route("/manage/events/<slug>/attendance/<id:session_id>", methods=["GET", "POST"])
@event_required("event.checkin")
def attendance_module(event, session_id: int):
    module = module_or_404(event, session_id)
    form = AttendanceCodeForm()
    if not form.validate_on_submit():
        return _desk(event, module, form, None, 400 if request.method == "POST" else 200)
    registration = services.find_participant(event, form.code.data)
    if registration is None:
        return _desk(event, module, form, _result(event, module, None, "not_found", _(
            "Ticket not found. Check the code: it may be mistyped or for another event.")), 404)
    # The form takes the refusal too, but the desk shows it in the result box only.
    with refusal_onto(form) as refused:
        marked = services.mark_attendance(event, module, registration, current_user, method=form.method.data)
    if refused:
        return _desk(event, module, form, _result(event, module, registration, "refused", refused.message), 409)
    if marked is None:  # already marked, perhaps by another desk a moment ago
        result = _result(event, module, registration, "already", _("Already marked present at this module."))
    else:
        result = _result(event, module, registration, "marked", _("Marked present."))
    return _desk(event, module, form, result, 200)


@bp.post("/manage/events/<slug>/attendance/<id:session_id>/<id:registration_id>/undo")
@event_required("event.checkin")
def attendance_undo(event, session_id: int, registration_id: int):
    module = module_or_404(event, session_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.unmark_attendance(event, module, registration, current_user)
    result = _result(event, module, registration, "undone",
                     _("Attendance removed for %(name)s.", name=registration.name))
    return _desk(event, module, AttendanceCodeForm(formdata=None), result, 200)


@bp.get("/manage/events/<slug>/attendance/<id:session_id>/counts.json")
@event_required("event.checkin")
def attendance_counts(event, session_id: int):
    return jsonify(_module_counts(event, module_or_404(event, session_id)))


def _ids(values: list[str]) -> set[int] | None:
    """Registration ids from a posted list; None when any is not a plausible id."""
    ids = set()
    for value in values:
        number = parse_id(value)
        if number is None:
            return None
        ids.add(number)
    return ids


@bp.route("/manage/events/<slug>/attendance/<id:session_id>/roll-call", methods=["GET", "POST"])
@event_required("event.checkin")
def attendance_roll_call(event, session_id: int):
    module = module_or_404(event, session_id)
    form = ConfirmForm()
    error = None
    if request.method == "POST":
        present, initial = _ids(request.form.getlist("present")), _ids(request.form.getlist("initial"))
        if not form.validate_on_submit() or present is None or initial is None:
            error = _("The list could not be read. Please reload the page and try again.")
        else:
            with refusal_onto(form) as refused:
                added, removed = services.roll_call(event, module, current_user, present, initial)
            if not refused:
                if added or removed:
                    flash(_("Roll call saved: %(added)s, %(removed)s.",
                            added=ngettext("%(num)d marked present", "%(num)d marked present", added),
                            removed=ngettext("%(num)d removed", "%(num)d removed", removed)), "success")
                else:
                    flash(_("Nothing changed."), "success")
                return redirect(url_for(".attendance_roll_call", slug=event.slug, session_id=module.id))
            error = refused.message
    present_now = services.present_at(event, module)
    people = services.participants(event)
    return render_template("trainings/roll_call.html", event=event, module=module, modules=services.modules(event),
                           people=people, present=present_now, form=form, error=error,
                           count=sum(1 for r in people if r.id in present_now)), 400 if error else 200


@bp.get("/events/<slug>/my-attendance")
@event_required("event.view")
def my_attendance(event):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    registration = registration_of(event, current_user)
    if not services.is_participant(registration, event):
        return render_template("trainings/not_participant.html", event=event), 404
    modules = services.modules(event)
    item = services.progress_of(event, registration)
    rule = services.completion_rule(event)
    module_ids = [m.id for m in modules]
    return render_template("trainings/my_attendance.html", event=event, modules=modules, progress=item,
                           attended_ids={m.id for m in item.attended}, rule=rule,
                           hours=services.format_hours(item.hours, current_language()),
                           needed=services.required_count(rule, module_ids),
                           required_ids=services.required_modules(rule, module_ids))
