"""Organiser pages of the agenda: builder grid, sessions, rooms, tracks, people, publishing.

Every view: load (404 for an id that is not this event's), check event.manage
(through event_required), validate the form, call one service, redirect with a
message; the request frame commits (app/core/unit_of_work.py). Bad input re-renders
the form with status 400; a DomainError is shown on the form by refusal_onto, which
rolls back first, so nothing is half-written.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.accounts.forms import ConfirmForm
from app.accounts.models import User
from app.agenda import builder, publishing
from app.agenda.conflicts import conflicts_by_session, find_conflicts
from app.agenda.forms import MoveForm, PersonForm, RoomForm, SessionForm, TrackForm
from app.agenda.grid import day_grid
from app.agenda.models import Person, Room, Session, Track
from app.agenda.services import agenda_by_day
from app.core.forms import refusal_onto
from app.core.http import id_arg
from app.core.i18n import localize
from app.events.permissions import event_required
from app.extensions import db

bp = Blueprint("agenda_manage", __name__, url_prefix="/manage/events/<slug>/agenda", template_folder="templates")

CHANGE_KINDS = ("added", "moved", "changed", "cancelled", "removed")


def _owned(model, object_id: int, event):
    """The row `object_id` of `model` if it belongs to `event`; 404 otherwise (other events' ids included)."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.event_id != event.id:
        abort(404)
    return obj


def _status(form) -> int:
    return 400 if form.errors else 200


def _grid_url(event, session=None, day: date | None = None) -> str:
    if session is not None:
        day = builder.local_parts(event, session.starts_at)[0]
        return url_for(".grid", slug=event.slug, day=day.isoformat(), _anchor=f"session-{session.id}")
    return url_for(".grid", slug=event.slug, day=day.isoformat() if day else None)


def _title(event, session) -> str:
    return str(localize(session.title, event.default_language))


def _conflict_note(event, draft=None) -> str:
    count = len(find_conflicts(event, draft))
    if not count:
        return _("No conflicts.")
    return ngettext("%(num)d conflict to look at.", "%(num)d conflicts to look at.", count)


# --- grid and list ----------------------------------------------------------------

def _day_arg(days: list[date], event=None, draft=None) -> date:
    """The day asked for by ?day=YYYY-MM-DD, or the day of ?session=<id>; else the first day."""
    session = draft.by_id.get(id_arg("session")) if draft else None
    if session is not None:
        return builder.local_parts(event, session.starts_at)[0]
    try:
        wanted = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return days[0]
    return wanted if wanted in days else days[0]


@bp.get("")
@event_required("event.manage")
def grid(event):
    draft = builder.load_draft(event)
    days = draft.days(event)
    day = _day_arg(days, event, draft)
    conflicts = find_conflicts(event, draft)
    return render_template(
        "agenda/manage/grid.html", event=event, draft=draft, days=days, day=day,
        grid=day_grid(event, draft, day), conflicts=conflicts, by_session=conflicts_by_session(conflicts),
        publication=publishing.latest_publication(event), delete_form=ConfirmForm())


@bp.get("/list")
@event_required("event.manage")
def session_list(event):
    draft = builder.load_draft(event)
    conflicts = find_conflicts(event, draft)
    return render_template(
        "agenda/manage/list.html", event=event, draft=draft, days=agenda_by_day(event, draft.sessions),
        conflicts=conflicts, by_session=conflicts_by_session(conflicts),
        publication=publishing.latest_publication(event), action_form=ConfirmForm())


# --- sessions ---------------------------------------------------------------------

def _new_session_defaults(event, draft) -> dict:
    """Day, time and room of a new session from ?day=&start=&room= (the grid's "add here" links)."""
    days = draft.days(event)
    day = _day_arg(days)
    try:
        start = time.fromisoformat(request.args.get("start", ""))
    except ValueError:
        start = time(9)
    end = (datetime.combine(day, start) + timedelta(hours=1)).time()
    if end <= start:
        end = time(23, 59)
    room_id = id_arg("room")
    room_id = room_id if any(room.id == room_id for room in draft.rooms) else None
    return {"day": day, "start_time": start, "end_time": end, "room": room_id, "kind": "plenary",
            "status": "confirmed"}


@bp.route("/sessions/new", methods=["GET", "POST"])
@event_required("event.manage")
def new_session(event):
    draft = builder.load_draft(event)
    form = SessionForm(event, draft, data=None if request.method == "POST" else _new_session_defaults(event, draft))
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            session = builder.create_session(event, current_user, form.session_data())
        if not refused:
            flash(_("The session has been added.") + " " + _conflict_note(event), "success")
            return redirect(_grid_url(event, session))
    return render_template("agenda/manage/session_form.html", event=event, form=form, session=None,
                           session_conflicts=[]), _status(form)


@bp.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_session(event, session_id: int):
    session = _owned(Session, session_id, event)
    draft = builder.load_draft(event)
    data = None
    if request.method != "POST":
        day, start = builder.local_parts(event, session.starts_at)
        end_day, end = builder.local_parts(event, session.ends_at)
        data = SessionForm.initial_data(session, day, start, end if end_day == day else time(23, 59))
    form = SessionForm(event, draft, data=data)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            builder.update_session(session, current_user, form.session_data())
        if not refused:
            flash(_("Your changes have been saved.") + " " + _conflict_note(event), "success")
            return redirect(_grid_url(event, session))
    conflicts = find_conflicts(event)
    session_conflicts = [c for c in conflicts if session_id in c.session_ids]
    return render_template("agenda/manage/session_form.html", event=event, form=form, session=session,
                           session_conflicts=session_conflicts, action_form=ConfirmForm()), _status(form)


@bp.route("/sessions/<id:session_id>/move", methods=["GET", "POST"])
@event_required("event.manage")
def move_session(event, session_id: int):
    """The move as a plain form: the keyboard and no-JavaScript alternative to drag and drop."""
    session = _owned(Session, session_id, event)
    draft = builder.load_draft(event)
    data = None
    if request.method != "POST":
        day, start = builder.local_parts(event, session.starts_at)
        data = {"day": day, "start_time": start, "room": session.room_id}
    form = MoveForm(event, draft, data=data)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            builder.move_session_local(session, current_user, form.day.data, form.start_time.data, form.room.data)
        if not refused:
            flash(_("The session has been moved.") + " " + _conflict_note(event), "success")
            return redirect(_grid_url(event, session))
    return render_template("agenda/manage/move.html", event=event, form=form, session=session), _status(form)


@bp.post("/sessions/<id:session_id>/move.json")
@event_required("event.manage")
def move_session_json(event, session_id: int):
    """Drag and drop: {"day": "YYYY-MM-DD", "start_time": "HH:MM", "room": "<id>" or ""} (CSRF in X-CSRFToken).

    Answers {"ok": true, "conflicts": <count for the event>, "message": ...} or
    {"ok": false, "errors": [...]} with status 400.
    """
    session = _owned(Session, session_id, event)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(ok=False, errors=[_("The request could not be understood. Please reload the page.")]), 400
    formdata = MultiDict({key: str(value) for key, value in payload.items()
                          if isinstance(value, (str, int)) and not isinstance(value, bool)})
    draft = builder.load_draft(event)
    form = MoveForm(event, draft, formdata=formdata)
    if form.validate():
        with refusal_onto(form) as refused:
            builder.move_session_local(session, current_user, form.day.data, form.start_time.data, form.room.data)
        if not refused:
            count = len(find_conflicts(event))
            message = _("The session has been moved.") + " " + _conflict_note(event)
            if request.args.get("flash") == "1":
                flash(message, "success")  # the page reloads and shows it
            return jsonify(ok=True, conflicts=count, message=message)
    errors = [str(e) for f in form for e in f.errors if isinstance(e, str)] + [str(e) for e in form.form_errors]
    return jsonify(ok=False, errors=errors or [_("The session could not be moved.")]), 400


@bp.post("/sessions/<id:session_id>/duplicate")
@event_required("event.manage")
def duplicate_session(event, session_id: int):
    session = _owned(Session, session_id, event)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = builder.duplicate_session(session, current_user)
    flash(_("A copy has been placed right after the original. Adjust it here.") + " " + _conflict_note(event),
          "success")
    return redirect(url_for(".edit_session", slug=event.slug, session_id=copy.id))


@bp.post("/sessions/<id:session_id>/delete")
@event_required("event.manage")
def delete_session(event, session_id: int):
    session = _owned(Session, session_id, event)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    day = builder.local_parts(event, session.starts_at)[0]
    with refusal_onto() as refused:
        builder.delete_session(session, current_user)
    if refused:
        return redirect(url_for(".edit_session", slug=event.slug, session_id=session_id))
    flash(_("The session has been deleted."), "success")
    return redirect(_grid_url(event, day=day))


# --- rooms, tracks and people ------------------------------------------------------------

def _event_rows(model, event, *order):
    return db.session.scalars(db.select(model).where(model.event_id == event.id).order_by(*order)).all()


def _manage_list(event, *, model, order, form, data_method, create, template, created_message, endpoint):
    """The list page of rooms or tracks with its add form."""
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            create(event, current_user, getattr(form, data_method)())
        if not refused:
            flash(created_message, "success")
            return redirect(url_for(endpoint, slug=event.slug))
    return render_template(template, event=event, form=form, rows=_event_rows(model, event, *order),
                           delete_form=ConfirmForm()), _status(form)


def _manage_edit(event, obj, *, form, data_method, update, template, endpoint):
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            update(obj, current_user, getattr(form, data_method)())
        if not refused:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for(endpoint, slug=event.slug))
    return render_template(template, event=event, form=form, obj=obj), _status(form)


def _manage_delete(event, obj, *, delete, message, endpoint):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    delete(obj, current_user)
    flash(message, "success")
    return redirect(url_for(endpoint, slug=event.slug))


@bp.route("/rooms", methods=["GET", "POST"])
@event_required("event.manage")
def rooms(event):
    return _manage_list(event, model=Room, order=(Room.position, Room.id), form=RoomForm(event),
                        data_method="room_data", create=builder.create_room, template="agenda/manage/rooms.html",
                        created_message=_("The room has been added."), endpoint=".rooms")


@bp.route("/rooms/<id:room_id>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_room(event, room_id: int):
    room = _owned(Room, room_id, event)
    return _manage_edit(event, room, form=RoomForm(event, obj=room), data_method="room_data",
                        update=builder.update_room, template="agenda/manage/room_form.html", endpoint=".rooms")


@bp.post("/rooms/<id:room_id>/delete")
@event_required("event.manage")
def delete_room(event, room_id: int):
    return _manage_delete(event, _owned(Room, room_id, event), delete=builder.delete_room,
                          message=_("The room has been deleted; its sessions now have no room."), endpoint=".rooms")


@bp.route("/tracks", methods=["GET", "POST"])
@event_required("event.manage")
def tracks(event):
    return _manage_list(event, model=Track, order=(Track.id,), form=TrackForm(event),
                        data_method="track_data", create=builder.create_track, template="agenda/manage/tracks.html",
                        created_message=_("The track has been added."), endpoint=".tracks")


@bp.route("/tracks/<id:track_id>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_track(event, track_id: int):
    track = _owned(Track, track_id, event)
    return _manage_edit(event, track, form=TrackForm(event, obj=track), data_method="track_data",
                        update=builder.update_track, template="agenda/manage/track_form.html", endpoint=".tracks")


@bp.post("/tracks/<id:track_id>/delete")
@event_required("event.manage")
def delete_track(event, track_id: int):
    return _manage_delete(event, _owned(Track, track_id, event), delete=builder.delete_track,
                          message=_("The track has been deleted; its sessions now have no track."), endpoint=".tracks")


@bp.get("/people")
@event_required("event.manage")
def people(event):
    draft = builder.load_draft(event)
    sessions_of = {person.id: [] for person in draft.people}
    for session in draft.sessions:
        for link in session.people:
            if session not in sessions_of.setdefault(link.person_id, []):
                sessions_of[link.person_id].append(session)
    return render_template("agenda/manage/people.html", event=event, rows=draft.people, sessions_of=sessions_of,
                           delete_form=ConfirmForm())


@bp.route("/people/new", methods=["GET", "POST"])
@event_required("event.manage")
def new_person(event):
    form = PersonForm(event)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            builder.create_person(event, current_user, form.person_data())
        if not refused:
            flash(_("The person has been added."), "success")
            return redirect(url_for(".people", slug=event.slug))
    return render_template("agenda/manage/person_form.html", event=event, form=form, obj=None), _status(form)


@bp.route("/people/<id:person_id>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_person(event, person_id: int):
    person = _owned(Person, person_id, event)
    return _manage_edit(event, person, form=PersonForm(event, obj=person), data_method="person_data",
                        update=builder.update_person, template="agenda/manage/person_form.html", endpoint=".people")


@bp.post("/people/<id:person_id>/delete")
@event_required("event.manage")
def delete_person(event, person_id: int):
    return _manage_delete(event, _owned(Person, person_id, event), delete=builder.delete_person,
                          message=_("The person has been deleted and removed from their sessions."),
                          endpoint=".people")


# --- publishing ---------------------------------------------------------------------------

@bp.route("/publish", methods=["GET", "POST"])
@event_required("event.manage")
def publish(event):
    form = ConfirmForm()
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            publication = publishing.publish(event, current_user)
        if not refused:
            flash(_("Version %(num)d of the agenda is now public.", num=publication.version), "success")
            return redirect(url_for(".publish", slug=event.slug))
    latest = publishing.latest_publication(event)
    draft = publishing.draft_snapshot(event)
    changes = publishing.change_list(latest.snapshot if latest else None, draft)
    other_changes = latest is not None and publishing.static_parts(latest.snapshot) != publishing.static_parts(draft)
    groups = {kind: [] for kind in CHANGE_KINDS}
    for change in changes:
        groups[change["kind"]].append(change)
    return render_template(
        "agenda/manage/publish.html", event=event, form=form, latest=latest, groups=groups, changes=changes,
        other_changes=other_changes, conflicts=find_conflicts(event),
        published_by=db.session.get(User, latest.published_by_id) if latest and latest.published_by_id else None,
    ), _status(form)
