"""The check-in desk (check-in staff and organisers): tickets typed or scanned, and people
without their ticket found by name, organisation or e-mail.

The routes belong to the registration_manage blueprint (its URLs and its no-cache rule);
app.registration.wiring imports this module before registering the blueprint. The desk
shows people only as app.registration.desk.DeskMatch does: never the participant list.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from flask import abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core import labels
from app.core.forms import refusal_onto
from app.core.http import wants_json
from app.core.i18n import current_language
from app.events.permissions import event_required
from app.registration import desk, services
from app.registration.manage_forms import CheckinForm
from app.registration.manage_views import _registration_or_404, bp
from app.registration.models import Registration


def _checkin_counts(event) -> dict:
    counts = services.counts(event)
    return {"checked_in": counts["checked_in"], "confirmed": counts["confirmed"]}


def _local_date_and_clock(value: datetime, event) -> tuple[str | None, str]:
    """(None, "09:41") today, ("16 May 2030", "09:41") another day, in the event's time zone."""
    tz = ZoneInfo(event.timezone)
    local = value.astimezone(tz)
    clock = babel_format_time(local, "HH:mm", locale=current_language())
    if local.date() == datetime.now(tz).date():
        return None, clock
    return babel_format_date(local.date(), "medium", locale=current_language()), clock


def _when(value: datetime, event) -> str:
    """"09:41", or "16 May 2030, 09:41" when it was another day."""
    date, clock = _local_date_and_clock(value, event)
    return clock if date is None else _("%(date)s, %(time)s", date=date, time=clock)


def _already_in(value: datetime, event) -> str:
    date, clock = _local_date_and_clock(value, event)
    if date is None:
        return _("Already checked in at %(time)s.", time=clock)
    return _("Already checked in on %(date)s at %(time)s.", date=date, time=clock)


def _checkin_result(event, registration: Registration | None, outcome: str, message: str) -> dict:
    result = {"outcome": outcome, "message": message, "counts": _checkin_counts(event)}
    if registration is not None:
        result.update(
            registration_id=registration.id,
            name=registration.name, organisation=registration.organisation, status=registration.status.value,
            status_label=labels.label(registration.status),
            checked_in_at=_when(registration.checked_in_at, event) if registration.checked_in_at else None,
            checked_in_text=_already_in(registration.checked_in_at, event) if registration.checked_in_at else None,
            undo_url=url_for(".checkin_undo", slug=event.slug, registration_id=registration.id)
            if registration.checked_in_at else None,
            undo_label=_("Undo check-in"))
    return result


def _search_context(event, typed: str | None) -> dict:
    """The desk's search box and what it found (people as DeskMatch only)."""
    typed = (typed or "").strip()[:200]
    matches = desk.find_people(event, typed) if typed else []
    return {
        "q": typed, "searchable": desk.searchable(typed), "more_matches": len(matches) > desk.LIMIT,
        "matches": [(match, _already_in(match.checked_in_at, event) if match.checked_in_at else "")
                    for match in matches[:desk.LIMIT]],
    }


def _checkin_response(event, form, result: dict | None, status_code: int):
    if wants_json():
        body = result or {"outcome": "invalid", "message": " ".join(str(e) for e in form.code.errors) or _("Bad request"),
                          "counts": _checkin_counts(event)}
        return jsonify(body), status_code
    if result is not None and status_code < 400:
        form = CheckinForm(formdata=None)  # empty, ready for the next ticket
    counts = result["counts"] if result else _checkin_counts(event)
    return render_template("registration/manage/checkin.html", event=event, form=form, result=result,
                           counts=counts, undo_form=ConfirmForm(), **_search_context(event, request.values.get("q"))
                           ), status_code


def _check_in(event, form, registration: Registration):
    """Admit one person (found by ticket or by name) and answer as the desk shows it."""
    # The form takes the refusal too, but the desk shows it in the result box only.
    with refusal_onto(form) as refused:
        first_time = services.check_in(registration, event, current_user)
    if refused:
        return _checkin_response(event, form, _checkin_result(event, registration, "refused", refused.message), 409)
    if first_time:
        result = _checkin_result(event, registration, "checked_in", _("Welcome! Checked in."))
    else:
        result = _checkin_result(event, registration, "already", _already_in(registration.checked_in_at, event))
    return _checkin_response(event, form, result, 200)


@bp.route("/checkin", methods=["GET", "POST"])
@event_required("event.checkin")
def checkin(event):
    form = CheckinForm()
    if not form.validate_on_submit():
        return _checkin_response(event, form, None, 400 if request.method == "POST" else 200)
    registration = services.find_by_code(event, form.code.data)
    if registration is None:
        return _checkin_response(event, form, _checkin_result(
            event, None, "not_found", _("Ticket not found. Check the code: it may be mistyped or for another event.")), 404)
    return _check_in(event, form, registration)


@bp.post("/checkin/<id:registration_id>")
@event_required("event.checkin")
def checkin_person(event, registration_id: int):
    """Check in someone found by name at the desk (they have no ticket with them)."""
    registration = _registration_or_404(event, registration_id)
    if registration.erased_at is not None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _check_in(event, CheckinForm(formdata=None), registration)


@bp.post("/checkin/<id:registration_id>/undo")
@event_required("event.checkin")
def checkin_undo(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if registration.checked_in_at is not None:
        services.undo_check_in(registration, event, current_user)
    result = _checkin_result(event, registration, "undone", _("Check-in undone for %(name)s.", name=registration.name))
    return _checkin_response(event, CheckinForm(formdata=None), result, 200)


@bp.get("/checkin/counts.json")
@event_required("event.checkin")
def checkin_counts(event):
    return jsonify(_checkin_counts(event))
