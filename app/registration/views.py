"""Participant pages: register, my registration (edit, cancel, data, erasure), ticket."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.errors import DomainError
from app.core.forms import refusal_onto
from app.core.http import content_disposition, never_cache, personal_page
from app.core.i18n import current_language
from app.core.permissions import can
from app.db import utcnow
from app.events.models import Event, RegistrationMode
from app.events.permissions import event_required
from app.events.services import registration_state
from app.extensions import db
from app.registration import invitations, places, services
from app.registration.answers import AnswerWords
from app.registration.availability import availability, waiting_position
from app.registration.forms import answers_from, registration_form
from app.registration.hooks import MY_REGISTRATION_PARTS
from app.registration.models import Registration, RegistrationStatus
from app.registration.personal import ticket_qr_svg

bp = Blueprint("registration", __name__, template_folder="templates")


def _sign_in_first(event):
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _invitation_from_link() -> dict:
    return {"invitation": request.values.get("invitation")}


def _invitation_refused_page(message):
    return render_template("registration/invitation_refused.html", message=message), 403


def _refused_invitation(event):
    """A presented invitation token that does not let this person in: one page that says why and
    names nothing of the event, not even whether there is one. None: refused for another reason."""
    token = request.values.get("invitation")
    if not token:
        return None
    if event is None:
        return _invitation_refused_page(invitations.REFUSALS["unknown"])
    try:
        invitations.check(event, token, current_user)
    except invitations.InvitationRefused as error:
        return _invitation_refused_page(error.message)
    except DomainError:
        return None
    return None


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@event_required("event.register", context=_invitation_from_link, refused=_refused_invitation)
def register(event):
    invitation_token = request.values.get("invitation")
    if not current_user.is_authenticated:
        # Someone with only an invitation link sees nothing of a private event before signing in.
        return render_template("registration/sign_in_first.html", event=event,
                               show_event=can(current_user, "event.view", event), invited=bool(invitation_token),
                               next=request.full_path.rstrip("?")), 200
    # The registration the service would find (theirs, or one made for their address): one query.
    existing = services.registration_for(event, current_user)
    own = existing if existing is not None and existing.user_id == current_user.id else None
    if own is not None and own.status != RegistrationStatus.CANCELLED:
        return redirect(url_for("registration.my_registration", slug=event.slug))
    state = registration_state(event, utcnow())
    fields = services.fields_of(event)
    # A GET starts from the profile (or a cancelled registration's answers); a POST from what was sent.
    form = registration_form(fields, event, current_language(), answers=services.answers_from_profile(
        fields, current_user, own.answers if own is not None else None))
    # A refusal replaces the form on this page (`problem`); refusal_onto also notes it on the form.
    problem = None
    if state != "open":
        problem = _("Registration for this event is not open.")
    elif event.registration_mode == RegistrationMode.INVITATION:
        with refusal_onto(form) as refused:
            invitations.check(event, invitation_token, current_user)
        problem = refused.message or None
    if problem is None and form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.register(event, current_user, answers=answers_from(form),
                              language=current_language(), invitation_token=invitation_token, fields=fields,
                              existing=existing)
        if not refused:
            return redirect(url_for("registration.my_registration", slug=event.slug, new=1))
        if isinstance(refused.error, invitations.InvitationRefused):
            return _invitation_refused_page(refused.message)  # e.g. someone else took the link's last use
        problem = refused.message
    # Only a submitted form is a bad request: a GET that finds the registration closed is a normal page.
    status = 400 if request.method == "POST" and (form.errors or problem) else 200
    return render_template("registration/register.html", event=event, form=form, problem=problem,
                           invitation=invitation_token, state=state, availability=availability(event)), status


def _own_registration(event) -> Registration:
    registration = services.registration_of(event, current_user)
    if registration is None:
        abort(404)
    return registration


@bp.route("/events/<slug>/registration", methods=["GET", "POST"])
@event_required("event.view")
def my_registration(event):
    if not current_user.is_authenticated:
        return _sign_in_first(event)
    registration = _own_registration(event)
    fields = services.fields_of(event)
    form = registration_form(fields, event, current_language(), answers=registration.answers)
    editable = (registration_state(event, utcnow()) == "open"
                and registration.status not in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED))
    if request.method == "POST":
        if not editable:
            abort(400)
        if form.validate_on_submit():
            with refusal_onto() as refused:
                services.update_answers(registration, event, answers_from(form))
            if not refused:
                flash(_("Your answers have been saved."), "success")
            return redirect(url_for("registration.my_registration", slug=event.slug))
    return render_template("registration/my_registration.html", event=event, registration=registration,
                           form=form, editable=editable, confirm_form=ConfirmForm(),
                           answer_words=None if editable else AnswerWords(event, fields).listed(fields, registration.answers),
                           waiting_position=waiting_position(registration),
                           my_places=places.places_of(registration), counts=None,
                           **MY_REGISTRATION_PARTS.merged(event, registration)), 400 if form.errors else 200


@bp.route("/events/<slug>/registration/cancel", methods=["GET", "POST"])
@event_required("event.view")
def cancel(event):
    if not current_user.is_authenticated:
        return _sign_in_first(event)
    registration = _own_registration(event)
    form = ConfirmForm()
    if form.validate_on_submit():
        with refusal_onto() as refused:
            services.cancel(registration, event)
        if not refused:
            flash(_("Your registration has been cancelled."), "success")
        return redirect(url_for("registration.my_registration", slug=event.slug))
    return render_template("registration/confirm.html", event=event, form=form, action="cancel")


@bp.get("/events/<slug>/registration/data.json")
@event_required("event.view")
def my_data(event):
    if not current_user.is_authenticated:
        return _sign_in_first(event)
    registration = _own_registration(event)
    body = json.dumps(services.personal_data(registration, event), ensure_ascii=False, indent=2)
    return never_cache(Response(body, mimetype="application/json", headers={
        "Content-Disposition": content_disposition(f"registration-{event.slug}.json")}))


@bp.route("/events/<slug>/registration/erase", methods=["GET", "POST"])
@event_required("event.view")
def erase(event):
    if not current_user.is_authenticated:
        return _sign_in_first(event)
    registration = _own_registration(event)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.erase(registration, event)
        flash(_("Your personal data for this event has been erased."), "success")
        return redirect(url_for("events.event_page", slug=event.slug))
    return render_template("registration/confirm.html", event=event, form=form, action="erase")


def _ticket(code: str) -> tuple[Registration, Event]:
    code = "".join(ch for ch in code.upper() if ch.isalnum())[:32]
    registration = db.session.scalar(db.select(Registration).where(Registration.ticket_code == code))
    if registration is None or registration.erased_at is not None:
        abort(404)
    return registration, db.session.get(Event, registration.event_id)


@bp.get("/tickets/<code>")
@personal_page
def ticket(code: str):
    """The ticket, reachable by its unguessable code (also from the mail, without signing in)."""
    registration, event = _ticket(code)
    response = Response(render_template("registration/ticket.html", event=event, registration=registration,
                                        qr_svg=ticket_qr_svg(registration)))
    never_cache(response)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
