"""Organiser pages: every material of the event (on anyone's behalf), versions and restore, speakers
and their invitations. Every route checks event.manage first (through event_required), then loads
the ids in the URL and 404s those of another event."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.agenda.models import Person
from app.core.forms import refusal_onto
from app.events.permissions import event_required
from app.extensions import db
from app.materials import editing, services, speakers
from app.materials.blueprint import bp, draft_sessions, file_response, owned_material
from app.materials.forms import InviteForm
from app.materials.models import SpeakerInvitation

# --- materials -------------------------------------------------------------------------------

@bp.get("/manage/events/<slug>/materials")
@event_required("event.manage")
def manage_materials(event):
    sessions = draft_sessions(event)
    materials = services.all_materials(event)
    by_session: dict[int | None, list] = {}
    for material in materials:
        by_session.setdefault(material.session_id, []).append(material)
    groups = [(None, by_session.get(None, []))] + [(s, by_session.get(s.id, [])) for s in sessions
                                                    if s.kind.value not in ("break",) or s.id in by_session]
    return render_template("materials/manage_materials.html", event=event, groups=groups, total=len(materials),
                           delete_form=ConfirmForm())


@bp.route("/manage/events/<slug>/materials/new", methods=["GET", "POST"])
@event_required("event.manage")
def new_material(event):
    return editing.new_material_page(event, editing.MANAGE, sessions=draft_sessions(event))


@bp.route("/manage/events/<slug>/materials/<id:material_id>/edit", methods=["GET", "POST"])
@event_required("event.manage")
def edit_material(event, material_id: int):
    material = owned_material(event, material_id)
    return editing.edit_material_page(event, editing.MANAGE, material, sessions=draft_sessions(event))


@bp.post("/manage/events/<slug>/materials/<id:material_id>/replace")
@event_required("event.manage")
def replace_material(event, material_id: int):
    material = owned_material(event, material_id)
    return editing.replace_material_action(event, editing.MANAGE, material, sessions=draft_sessions(event))


@bp.post("/manage/events/<slug>/materials/<id:material_id>/delete")
@event_required("event.manage")
def delete_material(event, material_id: int):
    material = owned_material(event, material_id)
    return editing.delete_material_action(event, editing.MANAGE, material, ConfirmForm())


@bp.get("/manage/events/<slug>/materials/<id:material_id>/versions")
@event_required("event.manage")
def versions(event, material_id: int):
    material = owned_material(event, material_id)
    return render_template("materials/versions.html", event=event, material=material,
                           versions=services.versions_of(material), restore_form=ConfirmForm())


@bp.get("/manage/events/<slug>/materials/<id:material_id>/versions/<id:version_id>/download")
@event_required("event.manage")
def download_version(event, material_id: int, version_id: int):
    material = owned_material(event, material_id)
    version = services.version_of(material, version_id)
    if version is None:
        abort(404)
    return file_response(version)  # organisers' look at history is not counted as a download


@bp.post("/manage/events/<slug>/materials/<id:material_id>/versions/<id:version_id>/restore")
@event_required("event.manage")
def restore_version(event, material_id: int, version_id: int):
    material = owned_material(event, material_id)
    version = services.version_of(material, version_id)
    if version is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.restore_version(material, event, current_user, version)
        flash(_("Version %(number)d is the current file again.", number=version.number), "success")
    return redirect(url_for("materials.versions", slug=event.slug, material_id=material.id))


# --- speakers and invitations ------------------------------------------------------------------

@bp.get("/manage/events/<slug>/speakers")
@event_required("event.manage")
def speakers_page(event):
    rows = speakers.speakers_overview(event)
    expired = {row.invitation.id for row in rows if row.invitation and speakers.is_expired(row.invitation)}
    return render_template("materials/manage_speakers.html", event=event, rows=rows, expired=expired,
                           resend_form=ConfirmForm())


def _owned_person(event, person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.event_id != event.id:
        abort(404)
    return person


@bp.route("/manage/events/<slug>/speakers/<id:person_id>/invite", methods=["GET", "POST"])
@event_required("event.manage")
def invite_speaker(event, person_id: int):
    person = _owned_person(event, person_id)
    own_sessions = speakers.sessions_of_person(person)
    previous = speakers.latest_invitation(person)
    data = None
    if request.method == "GET":
        data = {"email": (previous.email if previous else None) or person.email or "",
                "language": (previous.language if previous else None) or event.default_language,
                "sessions": [str(s.id) for s in own_sessions]}
    form = InviteForm(own_sessions, event, data=data)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            speakers.invite(event, current_user, person, email=form.email.data, language=form.language.data,
                            session_ids=form.session_ids())
        if not refused:
            flash(_("The invitation has been sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("materials.speakers_page", slug=event.slug))
    return render_template("materials/invite.html", event=event, person=person, form=form, sessions=own_sessions,
                           previous=previous), 400 if form.errors else 200


@bp.post("/manage/events/<slug>/speakers/invitations/<id:invitation_id>/resend")
@event_required("event.manage")
def resend_invitation(event, invitation_id: int):
    invitation = db.session.get(SpeakerInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            speakers.resend(invitation, event, current_user)
        if not refused:
            flash(_("The invitation has been sent again to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("materials.speakers_page", slug=event.slug))

