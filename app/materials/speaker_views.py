"""The speaker's dashboard: my events and sessions, my profile and photo, materials per session.

A speaker is a signed-in user linked to a person of the event's agenda (by accepting an
invitation). Organisers may open these pages too (they see no profile of their own).
Each route loads the event (404), then asks can() ("speaker.dashboard", app.materials.permissions).
"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.forms import refusal_onto
from app.core.permissions import can, login_required_view
from app.core.storage import get_storage
from app.events.models import Event
from app.events.permissions import event_required
from app.extensions import db
from app.materials import editing, services, speakers
from app.materials.blueprint import bp, max_upload_mb, owned_material, owned_session, staged
from app.materials.forms import SpeakerProfileForm, uploaded_file
from app.materials.permissions import speaker_person
from app.materials.uploads import PHOTO_EXTENSIONS


def speaker_event_required(view):
    """Load the event named by `slug` (404) and check "speaker.dashboard" (a person of this event linked
    to the account, or an organiser's rights; anonymous visitors get the login page); pass `event`
    and `person` (None for organisers)."""

    @event_required("speaker.dashboard")
    @wraps(view)
    def wrapper(*args, event, **kwargs):
        return view(*args, event=event, person=speaker_person(current_user, event), **kwargs)

    return wrapper


def _manageable(event, material_id: int):
    material = owned_material(event, material_id)
    if not can(current_user, "material.manage", material):
        abort(403)
    return material


@bp.get("/speaker")
@login_required_view
def speaker_home():
    people = speakers.people_of_user(current_user)
    events = {e.id: e for e in db.session.scalars(db.select(Event).where(
        Event.id.in_([p.event_id for p in people])))} if people else {}
    rows = [(events[p.event_id], p) for p in people if p.event_id in events]
    rows.sort(key=lambda row: row[0].start_date, reverse=True)
    return render_template("materials/speaker_home.html", rows=rows)


@bp.get("/speaker/events/<slug>")
@speaker_event_required
def speaker_event(event, person):
    sessions = speakers.sessions_of_person(person) if person else []
    materials = services.all_materials(event)
    by_session: dict[int, list] = {}
    for material in materials:
        if material.session_id is not None:
            by_session.setdefault(material.session_id, []).append(material)
    return render_template("materials/speaker_event.html", event=event, person=person,
                           sessions=[(s, by_session.get(s.id, [])) for s in sessions],
                           invitation=speakers.latest_invitation(person) if person else None,
                           delete_form=ConfirmForm())


@bp.route("/speaker/events/<slug>/profile", methods=["GET", "POST"])
@speaker_event_required
def speaker_profile(event, person):
    if person is None:
        return redirect(url_for("materials.speakers_page", slug=event.slug))
    data = None
    if request.method == "GET":
        data = {"name": person.name, "title": person.title, "organisation": person.organisation,
                "country": person.country, "bio": person.bio}
    form = SpeakerProfileForm(event, data=data)
    if form.validate_on_submit():
        storage = get_storage()
        with refusal_onto(form) as refused:
            speakers.update_profile(person, current_user, form.person_data())
            photo = uploaded_file(form.photo)
            if photo is not None:
                with staged(photo, allowed=PHOTO_EXTENSIONS, field="photo") as staged_photo:
                    speakers.set_photo(person, current_user, staged_photo, storage)
            elif form.remove_photo.data:
                speakers.remove_photo(person, current_user, storage)
        if not refused:
            flash(_("Your profile has been saved. It appears in the public agenda when the organisers next "
                    "publish it."), "success")
            return redirect(url_for("materials.speaker_event", slug=event.slug))
    return render_template("materials/speaker_profile.html", event=event, person=person, form=form,
                           max_mb=max_upload_mb()), 400 if (form.errors or form.form_errors) else 200


@bp.route("/speaker/events/<slug>/sessions/<id:session_id>/materials/new", methods=["GET", "POST"])
@speaker_event_required
def speaker_new_material(event, person, session_id: int):
    session = owned_session(event, session_id)
    if not can(current_user, "speaker.upload", session):
        abort(403)
    return editing.new_material_page(event, editing.SPEAKER, sessions=[session], session=session)


@bp.route("/speaker/events/<slug>/materials/<id:material_id>/edit", methods=["GET", "POST"])
@speaker_event_required
def speaker_edit_material(event, person, material_id: int):
    material = _manageable(event, material_id)
    return editing.edit_material_page(event, editing.SPEAKER, material, sessions=[])


@bp.post("/speaker/events/<slug>/materials/<id:material_id>/replace")
@speaker_event_required
def speaker_replace_material(event, person, material_id: int):
    material = _manageable(event, material_id)
    return editing.replace_material_action(event, editing.SPEAKER, material, sessions=[])


@bp.post("/speaker/events/<slug>/materials/<id:material_id>/delete")
@speaker_event_required
def speaker_delete_material(event, person, material_id: int):
    material = _manageable(event, material_id)
    return editing.delete_material_action(event, editing.SPEAKER, material, ConfirmForm())
