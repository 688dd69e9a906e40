"""Materials for readers: the event's materials page, downloads, ZIPs, speaker photos, and
the invitation page a speaker opens from their e-mail."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.accounts import signins
from app.accounts.forms import ConfirmForm
from app.accounts.services import find_user_by_email
from app.agenda.models import Person, Session
from app.agenda.published import published_agenda
from app.core.forms import refusal_onto
from app.core.http import personal_page
from app.core.i18n import current_language, localize
from app.core.permissions import can
from app.core.storage import get_storage
from app.events.models import Event
from app.events.permissions import event_required
from app.extensions import db
from app.materials import services, speakers, zips
from app.materials.blueprint import bp, counts_as_download, file_response, max_upload_mb, protect_download
from app.materials.forms import NewAccountForm
from app.materials.models import InvitationStatus, MaterialKind
from app.materials.permissions import material_required


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """Bodies over MAX_CONTENT_LENGTH are refused before they are read: say what the limit is."""
    return render_template("errors/error.html", code=413, title=_("File too large"),
                           text=_("The file is too large: at most %(max)s MB are accepted.", max=max_upload_mb()),
                           detail=None), 413


# --- the session page's part ----------------------------------------------------------------

@dataclass
class SessionMaterials:
    items: list
    can_upload: bool
    zip_url: str | None
    upload_url: str | None


def session_materials(event, session) -> SessionMaterials:
    """What the public session page shows (app.materials.wiring adds it there as `materials`)."""
    items = services.visible_materials(event, current_user, session_id=session.id)
    draft = db.session.get(Session, session.id)
    can_upload = bool(draft is not None and current_user.is_authenticated and can(current_user, "speaker.upload", draft))
    upload_url = None
    if can_upload:
        upload_url = (url_for("materials.new_material", slug=event.slug, session=session.id)
                      if can(current_user, "event.manage", event)
                      else url_for("materials.speaker_new_material", slug=event.slug, session_id=session.id))
    files = [m for m in items if m.kind == MaterialKind.FILE]
    zip_url = (url_for("materials.session_zip", slug=event.slug, session_id=session.id) if len(files) > 1 else None)
    return SessionMaterials(items=items, can_upload=can_upload, zip_url=zip_url, upload_url=upload_url)


# --- the materials page ----------------------------------------------------------------------

@bp.get("/events/<slug>/materials")
@event_required("event.view")
def event_materials(event):
    published = published_agenda(event)
    materials = services.visible_materials(event, current_user)
    groups = services.grouped_by_session(event, materials, published)
    files = sum(1 for m in materials if m.kind == MaterialKind.FILE)
    return render_template("materials/event_materials.html", event=event, groups=groups, files=files,
                           manage=can(current_user, "event.manage", event))


# --- downloads -----------------------------------------------------------------------------

@bp.get("/events/<slug>/materials/<id:material_id>/download")
@event_required("event.view")
@material_required("material.view", hide=True)
def download(event, material):
    if material.kind != MaterialKind.FILE or material.current_version is None:
        abort(404)
    response = file_response(material.current_version)
    if counts_as_download(response):
        services.record_download(material)
    return response


@bp.get("/events/<slug>/materials/<id:material_id>/open")
@event_required("event.view")
@material_required("material.view", hide=True)
def open_link(event, material):
    if material.kind != MaterialKind.LINK or not material.url:
        abort(404)
    services.record_download(material)
    response = redirect(material.url, code=303)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _zip_response(event, groups, name: str, single_session: bool = False) -> Response:
    entries = zips.entries_for(event, groups, links_title=_("Links"), single_session=single_session)
    if not entries:
        abort(404)
    archive = zips.build_stream(get_storage(), entries)
    response = Response(archive, mimetype="application/zip", direct_passthrough=True)
    response.content_length = len(archive)
    return protect_download(response, f"{name}.zip")


@bp.get("/events/<slug>/materials.zip")
@event_required("event.view")
def event_zip(event):
    published = published_agenda(event)
    groups = services.grouped_by_session(event, services.visible_materials(event, current_user), published)
    title = str(localize(event.title, event.default_language))
    return _zip_response(event, groups, f"{event.slug} – {title[:60]}".rstrip())


@bp.get("/events/<slug>/sessions/<id:session_id>/materials.zip")
@event_required("event.view")
def session_zip(event, session_id: int):
    published = published_agenda(event)
    session = published.by_id.get(session_id) if published else None
    materials = services.visible_materials(event, current_user, session_id=session_id)
    if session is None and not materials:
        abort(404)
    groups = [services.MaterialGroup(session, materials)]
    title = str(localize(session.title, event.default_language)) if session else str(session_id)
    return _zip_response(event, groups, title[:80], single_session=True)


# --- speaker photos ----------------------------------------------------------------------------

@bp.get("/events/<slug>/people/<id:person_id>/photo")
@event_required("event.view")
def person_photo(event, person_id: int):
    """A speaker's photo: public once they appear in the published agenda; the person and organisers always."""
    person = db.session.get(Person, person_id)
    if person is None or person.event_id != event.id or not person.photo_key:
        abort(404)
    if not can(current_user, "speaker.profile", person):
        published = published_agenda(event)
        if published is None or all(p.id != person.id for p in published.people):
            abort(404)
    response = get_storage().send(person.photo_key, content_type=speakers.photo_type(person.photo_key),
                                  download_name=None, etag=person.photo_key.rsplit("/", 1)[-1], as_attachment=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers.pop("Content-Disposition", None)
    return response


# --- the invitation page -------------------------------------------------------------------------

@bp.route("/invitations/speaker/<token>", methods=["GET", "POST"])
@personal_page
def invitation(token: str):
    """Accept or decline an invitation to speak; accepting may create the account on the way."""
    found = speakers.invitation_for_token(token)
    if found is None:
        return render_template("materials/invitation_problem.html"), 404
    event = db.session.get(Event, found.event_id)
    person = db.session.get(Person, found.person_id)
    if event is None or person is None:
        return render_template("materials/invitation_problem.html"), 404
    if speakers.is_expired(found):
        # Said as such, with the next step: the organisers send it again (a new link, a new period).
        return render_template("materials/invitation_problem.html", expired=True, event=event), 400
    sessions = [s for s in (db.session.get(speakers.Session, sid) for sid in found.session_ids or []) if s is not None]
    existing_account = None if current_user.is_authenticated else find_user_by_email(found.email)
    confirm_form = ConfirmForm(prefix="answer")
    account_form = NewAccountForm(prefix="account", data=None if request.method == "POST" else {
        "name": person.name, "preferred_language": found.language or current_language()})
    problem = None
    status = 200
    if request.method == "POST":
        decision = request.form.get("decision")
        # A refusal is shown above both answers (`problem`), whatever field it names; the
        # confirm form only carries it.
        with refusal_onto(confirm_form) as refused:
            if decision == "decline" and confirm_form.validate_on_submit():
                speakers.decline(found)
                flash(_("You have declined the invitation. Thank you for letting the organisers know."), "success")
                return redirect(url_for("materials.invitation", token=token))
            if decision == "accept" and current_user.is_authenticated and confirm_form.validate_on_submit():
                speakers.accept(found, current_user)
                flash(_("Welcome! You can now add your materials and your profile."), "success")
                return redirect(url_for("materials.speaker_event", slug=event.slug))
            if decision == "create" and not current_user.is_authenticated and existing_account is None:
                if account_form.validate_on_submit():
                    user = speakers.accept_with_new_account(
                        found, name=account_form.name.data, password=account_form.password.data,
                        preferred_language=account_form.preferred_language.data)
                    signins.sign_in(user)  # once committed: never the id of an account rolled back
                    flash(_("Your account has been created and the invitation accepted."), "success")
                    return redirect(url_for("materials.speaker_event", slug=event.slug))
        problem = refused.message or None
        status = 400
    return render_template(
        "materials/invitation.html", invitation=found, event=event, person=person, sessions=sessions,
        existing_account=existing_account, confirm_form=confirm_form, account_form=account_form, problem=problem,
        accepted=found.status == InvitationStatus.ACCEPTED, declined=found.status == InvitationStatus.DECLINED,
        login_url=url_for("accounts.login", next=request.path, email=found.email)), status


