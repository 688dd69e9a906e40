"""Places in limited sessions: participants take and give up places; organisers see and manage who has one."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.agenda.models import Session, SessionStatus
from app.agenda.published import published_agenda
from app.core.errors import DomainError
from app.core.forms import refusal_onto
from app.core.http import never_cache
from app.db import utcnow
from app.events.permissions import event_required
from app.extensions import db
from app.registration import places, services
from app.registration.manage_forms import AddToSessionForm
from app.registration.models import Registration

bp = Blueprint("session_places", __name__, template_folder="templates")
bp.after_request(never_cache)  # whose place is personal data


def _limited_session_or_404(event, session_id: int, *, published: bool) -> Session:
    """A limited session of `event`; for participants, only one the published agenda shows."""
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id or session.capacity is None:
        abort(404)
    if published:
        agenda = published_agenda(event)
        if agenda is None or session.id not in agenda.by_id:
            abort(404)
    return session


def _session_page(event, session: Session):
    return redirect(url_for("agenda.session_page", slug=event.slug, session_id=session.id) + "#places")


# --- participants ----------------------------------------------------------------------------

@bp.post("/events/<slug>/sessions/<id:session_id>/place")
@event_required("event.view")
def join(event, session_id: int):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for("agenda.session_page", slug=event.slug,
                                                                session_id=session_id)))
    session = _limited_session_or_404(event, session_id, published=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    registration = services.registration_of(event, current_user)
    with refusal_onto() as refused:
        if registration is None:
            raise DomainError(_("Places in limited sessions are for confirmed participants of the event."))
        what = places.join(session, registration, event)
    if not refused:
        flash(_("You have a place in this session.") if what == "confirmed"
              else _("The session is full: you are on its waiting list."), "success")
    return _session_page(event, session)


@bp.route("/events/<slug>/sessions/<id:session_id>/place/cancel", methods=["GET", "POST"])
@event_required("event.view")
def leave(event, session_id: int):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.path))
    session = _limited_session_or_404(event, session_id, published=True)
    registration = services.registration_of(event, current_user)
    place = places.place_of(session, registration)
    if place is None or place.status not in places.ACTIVE:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        was_waiting = place.status == places.P.WAITING
        with refusal_onto() as refused:
            places.leave(session, registration, event)
        if not refused:
            flash(_("You have left the waiting list.") if was_waiting else _("You have given up your place."),
                  "success")
        return _session_page(event, session)
    return render_template("registration/place_cancel.html", event=event, session=session, place=place, form=form)


# --- organisers ------------------------------------------------------------------------------

@bp.get("/manage/events/<slug>/places")
@event_required("event.manage")
def overview(event):
    return render_template("registration/manage/places.html", event=event, sessions=places.limited_sessions(event),
                           counts=places.counts_by_session(event))


@bp.get("/manage/events/<slug>/sessions/<id:session_id>/places")
@event_required("event.manage")
def roster(event, session_id: int):
    session = _limited_session_or_404(event, session_id, published=False)
    form = AddToSessionForm(places.candidates(session, event))
    return _roster_page(event, session, form)


def _roster_page(event, session: Session, form, status: int = 200):
    return render_template("registration/manage/session_places.html", event=event, session=session,
                           rows=places.roster(session), form=form, remove_form=ConfirmForm()), status


@bp.post("/manage/events/<slug>/sessions/<id:session_id>/places")
@event_required("event.manage")
def add(event, session_id: int):
    session = _limited_session_or_404(event, session_id, published=False)
    form = AddToSessionForm(places.candidates(session, event))
    if form.validate_on_submit():
        registration = db.session.get(Registration, form.registration.data)
        with refusal_onto(form) as refused:
            what = places.join(session, registration, event, actor=current_user)
        if not refused:
            flash(_("%(name)s has a place.", name=registration.name) if what == "confirmed"
                  else _("%(name)s is on the waiting list.", name=registration.name), "success")
            return redirect(url_for(".roster", slug=event.slug, session_id=session.id))
    return _roster_page(event, session, form, 400)


@bp.post("/manage/events/<slug>/sessions/<id:session_id>/places/<id:registration_id>/remove")
@event_required("event.manage")
def remove(event, session_id: int, registration_id: int):
    session = _limited_session_or_404(event, session_id, published=False)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with refusal_onto() as refused:
        places.leave(session, registration, event, actor=current_user)
    if not refused:
        flash(_("%(name)s no longer has a place; the first person waiting, if any, got it.", name=registration.name),
              "success")
    return redirect(url_for(".roster", slug=event.slug, session_id=session.id))


def session_place_context(event, session_id: int) -> dict | None:
    """What the session page shows about places: None for a session everyone may attend."""
    session = db.session.get(Session, session_id)
    if session is None or session.capacity is None:
        return None
    counts = places.session_counts(session)
    registration = services.registration_of(event, current_user)
    place = places.place_of(session, registration)
    if place is not None and place.status not in places.ACTIVE:
        place = None
    return dict(capacity=session.capacity, free=max(session.capacity - counts["confirmed"], 0),
                waiting=counts["waiting"], registration=registration, place=place,
                position=places.waiting_position(place) if place and place.status == places.P.WAITING else None,
                started=session.starts_at <= utcnow(), cancelled=session.status == SessionStatus.CANCELLED,
                form=ConfirmForm())
