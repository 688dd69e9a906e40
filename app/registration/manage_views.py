"""Organiser pages of registration: participants table, form builder, invitations (the check-in desk: desk_views)."""
from __future__ import annotations

import os

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func

from app.accounts.forms import ConfirmForm
from app.core import labels
from app.core.forms import refusal_onto
from app.core.http import content_disposition, never_cache
from app.db import utcnow
from app.events.permissions import event_required
from app.extensions import db
from app.registration import answers, exports, invitations, services, table
from app.registration import form_builder as questions  # the view form_builder() would shadow the module
from app.registration.hooks import MANAGE_REGISTRATION_PARTS
from app.registration.manage_forms import (
    BULK_LIMIT,
    STATUS_ACTIONS,
    BulkActionForm,
    FieldForm,
    InvitationForm,
    InvitationLinkForm,
    MoveForm,
    NoteForm,
    StatusActionForm,
    TableFilters,
    add_participant_form,
    choices_example,
    filter_options,
)
from app.registration.models import Invitation, Registration, RegistrationField, RegistrationStatus

bp = Blueprint("registration_manage", __name__, url_prefix="/manage/events/<slug>", template_folder="templates")
bp.after_request(never_cache)  # every page here shows personal data

S = RegistrationStatus
PER_PAGE = 50
EXPORT_CHUNK = 64 * 1024


def _registration_or_404(event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


# --- participants table -----------------------------------------------------------------------

def _flash_bulk(action: str, changed: list, refused: list) -> None:
    if changed:
        n = len(changed)
        flash({"approve": ngettext("%(num)d registration approved.", "%(num)d registrations approved.", n),
               "reject": ngettext("%(num)d registration rejected.", "%(num)d registrations rejected.", n),
               "promote": ngettext("%(num)d registration promoted.", "%(num)d registrations promoted.", n)}[action],
              "success")
    # One message per reason, naming a few of the people it concerns.
    by_reason: dict[str, list[str]] = {}
    for registration, message in refused:
        by_reason.setdefault(str(message), []).append(registration.name)
    for reason, names in by_reason.items():
        shown = ", ".join(names[:5])
        if len(names) > 5:
            shown += " " + ngettext("and %(num)d more", "and %(num)d more", len(names) - 5)
        flash(ngettext("%(num)d registration was not changed: %(reason)s (%(names)s)",
                       "%(num)d registrations were not changed: %(reason)s (%(names)s)", len(names),
                       reason=reason, names=shown), "error")


def _bulk_action(event, form: BulkActionForm, filters: TableFilters) -> None:
    """The bulk form's action on the ticked registrations, or on those matching the filters."""
    action = form.action.data
    if form.scope.data == "matching":
        matching = filters.query(event).order_by(None).with_only_columns(Registration.id)
        if action == "approve":
            matching = matching.where(Registration.status == S.PENDING)
        total = db.session.scalar(db.select(func.count()).select_from(matching.subquery()))
        chosen = matching.order_by(Registration.id).limit(BULK_LIMIT)
    else:
        ids = sorted(set(form.ids.data))
        if db.session.scalar(db.select(func.count(Registration.id)).where(
                Registration.id.in_(ids), Registration.event_id == event.id)) != len(ids):
            abort(404)  # someone else's registrations are not even acknowledged
        total, chosen = len(ids), ids
    changed, refused = table.bulk_change(event, current_user, chosen, action)
    _flash_bulk(action, changed, refused)
    if not changed and not refused:
        flash(_("No pending registration matches the filters.") if action == "approve"
              else _("No registration matches the filters."), "info")
    if total > BULK_LIMIT:
        flash(ngettext("%(num)d more registration matches the filters: apply the action again for it.",
                       "%(num)d more registrations match the filters: apply the action again for the next ones.",
                       total - BULK_LIMIT), "info")


def _registration_url(event):
    """url_for(".registration", ...) of each row of the table, built once (the id ends the URL):
    fifty url_for calls cost a page about a millisecond."""
    first = url_for(".registration", slug=event.slug, registration_id=1)
    prefix = first.removesuffix("/1") + "/"
    return lambda registration_id: f"{prefix}{registration_id}"


@bp.route("/registrations", methods=["GET", "POST"])
@event_required("event.manage")
def registrations(event):
    fields = services.fields_of(event)
    filters = TableFilters.from_args(request.args, fields)
    form = BulkActionForm()
    status_code = 200
    if request.method == "POST":
        if form.validate_on_submit():
            _bulk_action(event, form, filters)
            return redirect(url_for(".registrations", slug=event.slug, **filters.args(page=request.args.get("page"))))
        status_code = 400
    counts = services.counts(event)
    page = table.participants_page(filters.query(event), per_page=PER_PAGE, total=filters.total_from(counts))

    def table_url(**changes):
        return url_for(".registrations", slug=event.slug, **filters.args(**changes))

    return render_template("registration/manage/registrations.html", event=event, page=page, form=form,
                           filters=filters, filter_options=filter_options(event, fields), table_url=table_url,
                           registration_url=_registration_url(event), counts=counts, export_args=filters.args(),
                           status_labels={status: labels.label(status) for status in S}), status_code


@bp.route("/registrations/add", methods=["GET", "POST"])
@event_required("event.manage")
def add_registration(event):
    form = add_participant_form(event)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            registration = services.add_manually(event, current_user, name=form.name.data, email=form.email.data,
                                                 organisation=form.organisation.data or "", language=form.language.data)
        if not refused:
            flash(_("%(name)s has been registered: %(status)s.", name=registration.name,
                    status=labels.label(registration.status)), "success")
            return redirect(url_for(".registration", slug=event.slug, registration_id=registration.id))
    return render_template("registration/manage/add.html", event=event, form=form), 400 if form.errors else 200


# --- one registration -------------------------------------------------------------------------

def _render_registration(event, registration, note_form, status_code=200):
    all_fields = services.fields_of(event)
    fields = exports.own_columns(all_fields)
    given = registration.answers or {}
    known = {spec.key for spec in all_fields}
    return render_template(
        "registration/manage/registration.html", event=event, registration=registration, note_form=note_form,
        answers=answers.AnswerWords(event, fields).listed(fields, given),
        other_answers=[(key, value) for key, value in given.items() if key not in known],
        history=table.registration_history(registration, event), action_form=StatusActionForm(),
        actions=[name for name, statuses in STATUS_ACTIONS.items() if registration.status in statuses],
        **MANAGE_REGISTRATION_PARTS.merged(event, registration),
    ), status_code


@bp.get("/registrations/<id:registration_id>")
@event_required("event.manage")
def registration(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    return _render_registration(event, registration, NoteForm(data={"note": registration.internal_note}))


@bp.post("/registrations/<id:registration_id>/note")
@event_required("event.manage")
def registration_note(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_registration(event, registration, form, 400)
    services.set_note(registration, event, current_user, form.note.data or "")
    flash(_("The note has been saved."), "success")
    return redirect(url_for(".registration", slug=event.slug, registration_id=registration.id))


@bp.post("/registrations/<id:registration_id>/status")
@event_required("event.manage")
def registration_status(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    form = StatusActionForm()
    if not form.validate_on_submit():
        abort(400)
    action = form.action.data
    with refusal_onto() as refused:
        if action == "cancel":
            services.cancel(registration, event, actor=current_user)
        else:
            getattr(services, action)(registration, event, current_user)
    if not refused:
        flash(_("%(name)s: %(status)s.", name=registration.name, status=labels.label(registration.status)),
              "success")
    return redirect(url_for(".registration", slug=event.slug, registration_id=registration.id))


def _ticket_qr(registration) -> Markup:
    qr = segno.make(services.ticket_url(registration), error="m")
    return Markup(qr.svg_inline(scale=5, border=2, title=_("Ticket QR code"), dark="#000", light="#fff"))


@bp.get("/registrations/<id:registration_id>/badge")
@event_required("event.manage")
def badge(event, registration_id: int):
    registration = _registration_or_404(event, registration_id)
    if registration.erased_at is not None:
        abort(404)
    return render_template("registration/manage/badge.html", event=event, registration=registration,
                           qr_svg=_ticket_qr(registration))


# --- exports ----------------------------------------------------------------------------------

def _export_query(event):
    """The export's questions, and its rows: the table's filters and sort, as plain rows read
    500 at a time (a server-side cursor on PostgreSQL)."""
    fields = services.fields_of(event)
    query = (TableFilters.from_args(request.args, fields).query(event).with_only_columns(*exports.ROW_COLUMNS)
             .execution_options(yield_per=500))
    return exports.own_columns(fields), query


def _export_name(event, extension: str) -> tuple[str, str]:
    """The download's name in the reader's language ("npm-forum-участники.csv"), and an ASCII one."""
    word = _("participants")
    return f"{event.slug}-{word}.{extension}", f"{event.slug}-participants.{extension}"


@bp.get("/registrations.csv")
@event_required("event.manage")
def export_csv(event):
    fields, query = _export_query(event)
    columns = exports.Columns(event, fields)
    filename, fallback = _export_name(event, "csv")

    app = current_app._get_current_object()

    def csv_text():
        # Sent while it is written, a few hundred rows at a time. The request (and its database
        # session) has ended by then: the rows are read in an application context of their own,
        # pushed when the first row is wanted and popped after the last (or when the client leaves).
        yield columns.csv_header()
        with app.app_context():
            yield from columns.csv_rows(db.session.execute(query))

    return Response(csv_text(), mimetype="text/csv",
                    headers={"Content-Disposition": content_disposition(filename, fallback=fallback)})


@bp.get("/registrations.xlsx")
@event_required("event.manage")
def export_xlsx(event):
    fields, query = _export_query(event)
    filename, fallback = _export_name(event, "xlsx")
    workbook = exports.Columns(event, fields).xlsx_file(db.session.execute(query))
    size = os.fstat(workbook.fileno()).st_size

    def chunks():
        # The temporary file is closed, and so deleted, once sent, when the client goes away, or when
        # the answer is dropped unread (the generator is started below, so closing it closes the file).
        with workbook:
            yield b""
            while chunk := workbook.read(EXPORT_CHUNK):
                yield chunk

    body = chunks()
    next(body)
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": content_disposition(filename, fallback=fallback),
                             "Content-Length": str(size)})


# --- form builder -----------------------------------------------------------------------------

def _field_or_404(event, field_id: int) -> RegistrationField:
    field = db.session.get(RegistrationField, field_id)
    if field is None or field.event_id != event.id:
        abort(404)
    return field


@bp.get("/registration-form")
@event_required("event.manage")
def form_builder(event):
    return render_template("registration/manage/form_builder.html", event=event, fields=services.fields_of(event),
                           action_form=ConfirmForm())


def _edit_field(event, field: RegistrationField | None):
    form = FieldForm(event, obj=field, field=field)
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            saved = questions.save_field(event, current_user, form.field_data(), field=field)
        if not refused:
            flash(_("The question “%(label)s” has been saved.", label=answers.field_label(saved, event)), "success")
            return redirect(url_for(".form_builder", slug=event.slug))
    return render_template("registration/manage/field_form.html", event=event, form=form, field=field,
                           example=choices_example(event)), 400 if form.errors else 200


@bp.route("/registration-form/new", methods=["GET", "POST"])
@event_required("event.manage")
def field_new(event):
    return _edit_field(event, None)


@bp.route("/registration-form/<id:field_id>", methods=["GET", "POST"])
@event_required("event.manage")
def field_edit(event, field_id: int):
    return _edit_field(event, _field_or_404(event, field_id))


@bp.post("/registration-form/<id:field_id>/delete")
@event_required("event.manage")
def field_delete(event, field_id: int):
    field = _field_or_404(event, field_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    label = answers.field_label(field, event)
    questions.delete_field(field, event, current_user)
    flash(_("The question “%(label)s” has been removed. Answers already given are kept.", label=label), "success")
    return redirect(url_for(".form_builder", slug=event.slug))


@bp.post("/registration-form/<id:field_id>/move")
@event_required("event.manage")
def field_move(event, field_id: int):
    field = _field_or_404(event, field_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    questions.move_field(field, event, current_user, -1 if form.direction.data == "up" else 1)
    return redirect(url_for(".form_builder", slug=event.slug, _anchor=f"field-{field.id}"))


# --- invitations ------------------------------------------------------------------------------

def _invitations_page(event, form=None, link_form=None, status=200):
    return render_template("registration/manage/invitations.html", event=event,
                           form=form or InvitationForm(event), link_form=link_form or InvitationLinkForm(),
                           invitations=invitations.invitations_of(event), links=invitations.links_of(event),
                           link_url=invitations.link_url, confirm_form=ConfirmForm(), now=utcnow()), status


@bp.route("/invitations", methods=["GET", "POST"], endpoint="invitations")
@event_required("event.manage")
def invitations_page(event):
    form = InvitationForm(event)
    if form.validate_on_submit():
        invited = invitations.invite(event, current_user, form.addresses, form.language.data)
        skipped = len(form.addresses) - len(invited)
        flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(invited)), "success")
        if skipped:
            flash(ngettext("%(num)d address already registered with its invitation, so it was not invited again.",
                           "%(num)d addresses already registered with their invitations, so they were not invited again.",
                           skipped), "info")
        return redirect(url_for(".invitations", slug=event.slug))
    return _invitations_page(event, form=form, status=400 if form.errors else 200)


def _invitation_or_404(event, invitation_id: int, *, shareable: bool) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id or invitation.shareable != shareable:
        abort(404)
    return invitation


@bp.post("/invitations/<id:invitation_id>/resend")
@event_required("event.manage")
def invitation_resend(event, invitation_id: int):
    invitation = _invitation_or_404(event, invitation_id, shareable=False)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if invitations.invite(event, current_user, [invitation.email], invitation.language):
        flash(_("The invitation to %(email)s has been sent again.", email=invitation.email), "success")
    else:
        flash(_("%(email)s has already registered with this invitation.", email=invitation.email), "error")
    return redirect(url_for(".invitations", slug=event.slug))


@bp.post("/invitations/links")
@event_required("event.manage")
def invitation_link_create(event):
    form = InvitationLinkForm()
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            link = invitations.create_link(event, current_user, label=form.label.data or "",
                                           max_uses=form.max_uses.data, valid_days=form.valid_days.data,
                                           language=event.default_language)
        if not refused:
            flash(_("The link is ready: copy it from the list of shareable links."), "success")
            return redirect(url_for(".invitations", slug=event.slug, _anchor=f"link-{link.id}"))
    return _invitations_page(event, link_form=form, status=400)


@bp.post("/invitations/links/<id:invitation_id>/revoke")
@event_required("event.manage")
def invitation_link_revoke(event, invitation_id: int):
    link = _invitation_or_404(event, invitation_id, shareable=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    invitations.revoke_link(link, event, current_user)
    flash(_("The link no longer works. Registrations made with it stay."), "success")
    return redirect(url_for(".invitations", slug=event.slug, _anchor="links"))

