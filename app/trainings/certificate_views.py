"""Certificates of attendance: the completion rule, issuing in bulk, revoking, downloads, public verification."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.forms import refusal_onto
from app.core.http import content_disposition
from app.core.i18n import current_language
from app.events.models import Event
from app.events.permissions import event_required
from app.extensions import db, limiter
from app.registration.services import registration_of
from app.trainings import services
from app.trainings.blueprint import bp
from app.trainings.certificate_pdf import certificate_pdf
from app.trainings.forms import CompletionRuleForm, SignatoryForm
from app.trainings.models import Certificate

PER_PAGE = 100  # participants listed per page of the certificates page


def _report_batch(batch) -> None:
    """Once a batch has finished, tell the organiser who asked for it what it did (once)."""
    if batch is None or batch.finished_at is None or batch.reported or batch.requested_by_id != current_user.id:
        return
    batch.reported = True
    if batch.failed:
        flash(_("Issuing the certificates stopped after %(num)d of them. Issue them again to go on.",
                num=batch.done), "error")
    elif batch.done:
        flash(ngettext("%(num)d certificate issued; its holder has been told by e-mail.",
                       "%(num)d certificates issued; their holders have been told by e-mail.", batch.done), "success")
    else:
        flash(_("Everyone who completed the training already has a certificate."), "success")


def _rule_form(event, modules, submitted: bool = False):
    """The rule's form: from the request when submitted, else filled from the saved (or default) rule."""
    if submitted:
        return CompletionRuleForm(modules, event)
    rule = services.completion_rule(event)
    return CompletionRuleForm(modules, event, formdata=None, data={
        "kind": rule.kind.value, "percent": round(rule.share * 100), "required": list(rule.required_session_ids or [])})


def _signatory_form(event, submitted: bool = False):
    if submitted:
        return SignatoryForm(event)
    rule = services.completion_rule(event)
    return SignatoryForm(event, formdata=None, data={"name": rule.signatory_name, "title": rule.signatory_title})


def _render_certificates(event, rule_form, status_code=200, signatory_form=None):
    modules = services.modules(event)
    module_ids = [m.id for m in modules]
    rule = services.completion_rule(event)
    items = services.progress(event)
    pending = [i for i in items if i.completed and i.certificate is None]
    batch = services.current_batch(event)
    _report_batch(batch)
    # The counts are of everyone; the list shows a page of them (a training of a thousand people
    # would otherwise take seconds to draw, a revoke form per certificate).
    pages = max(1, -(-len(items) // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template(
        "trainings/certificates.html", event=event, modules=modules, rule=rule, rule_form=rule_form, items=items,
        pending=len(pending), completed=sum(1 for i in items if i.completed),
        needed=services.required_count(rule, module_ids), required_ids=services.required_modules(rule, module_ids),
        action_form=ConfirmForm(), display_code=services.display_code, batch=batch, batch_state=_batch_state(batch),
        shown=items[(page - 1) * PER_PAGE:page * PER_PAGE], page=page, pages=pages,
        signatory_form=signatory_form or _signatory_form(event),
        hours=lambda value: services.format_hours(value, current_language()),
    ), status_code


@bp.get("/manage/events/<slug>/certificates")
@event_required("event.manage")
def certificates(event):
    return _render_certificates(event, _rule_form(event, services.modules(event)))


@bp.post("/manage/events/<slug>/certificates/rule")
@event_required("event.manage")
def completion_rule(event):
    modules = services.modules(event)
    form = _rule_form(event, modules, submitted=True)
    if form.validate_on_submit():
        share = form.percent.data / 100 if form.percent.data is not None else None
        with refusal_onto(form) as refused:
            services.save_completion_rule(event, current_user, form.kind.data, share, form.required.data or [])
        if not refused:
            flash(_("The completion rule has been saved."), "success")
            return redirect(url_for(".certificates", slug=event.slug))
    return _render_certificates(event, form, 400)


@bp.post("/manage/events/<slug>/certificates/signatory")
@event_required("event.manage")
def certificate_signatory(event):
    form = _signatory_form(event, submitted=True)
    if form.validate_on_submit():
        services.save_signatory(event, current_user, form.name.data or "", form.title.data)
        flash(_("The signatory of the certificates has been saved."), "success")
        return redirect(url_for(".certificates", slug=event.slug, _anchor="signatory-heading"))
    return _render_certificates(event, _rule_form(event, services.modules(event)), 400, signatory_form=form)


@bp.post("/manage/events/<slug>/certificates/issue")
@event_required("event.manage")
def issue_certificates(event):
    """Hands the work to the background worker and answers at once: the certificates page shows how
    far the batch has got (and what it did, once it is done)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    base_url = None if current_app.config.get("SERVER_NAME") else request.host_url
    _batch, new = services.request_certificates(event, current_user, base_url=base_url)
    if not new:
        flash(_("Certificates are already being issued: this page shows how far it has got."), "info")
    return redirect(url_for(".certificates", slug=event.slug, _anchor="issue-heading"))


def _batch_state(batch) -> dict:
    return {"total": batch.total if batch else None, "done": batch.done if batch else 0,
            "running": services.batch_running(batch), "finished": bool(batch and batch.finished_at),
            "failed": bool(batch and batch.failed)}


@bp.get("/manage/events/<slug>/certificates/progress.json")
@event_required("event.manage")
def certificates_progress(event):
    """How far the latest batch of certificates has got (the page polls it while it runs)."""
    return jsonify(_batch_state(services.current_batch(event)))


def _certificate_or_404(event, certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.event_id != event.id:
        abort(404)
    return certificate


@bp.post("/manage/events/<slug>/certificates/<id:certificate_id>/revoke")
@event_required("event.manage")
def revoke_certificate(event, certificate_id: int):
    certificate = _certificate_or_404(event, certificate_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if services.revoke_certificate(certificate, event, current_user):
        flash(_("The certificate of %(name)s has been revoked. Its verification page now says so.",
                name=certificate.holder_name), "success")
    return redirect(url_for(".certificates", slug=event.slug, _anchor=f"certificate-{certificate.id}"))


def _pdf_response(certificate: Certificate, event: Event) -> Response:
    rule = services.completion_rule(event)
    pdf = certificate_pdf(certificate, event, services.certificate_modules(event, certificate),
                          services.verify_url(certificate), (rule.signatory_name, rule.signatory_title))
    filename = f"certificate-{event.slug}-{certificate.code[:4].lower()}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": content_disposition(filename)})


@bp.get("/manage/events/<slug>/certificates/<id:certificate_id>.pdf")
@event_required("event.manage")
def certificate_pdf_download(event, certificate_id: int):
    return _pdf_response(_certificate_or_404(event, certificate_id), event)


@bp.get("/events/<slug>/certificate.pdf")
@event_required("event.view")
def my_certificate(event):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    certificate = services.certificate_of(event, registration_of(event, current_user))
    if certificate is None or certificate.revoked_at is not None:
        abort(404)
    return _pdf_response(certificate, event)


@bp.get("/certificates/<code>")
@limiter.limit("60 per minute")
def verify_certificate(code: str):
    """Public: valid or revoked, the holder's name and the event, nothing more."""
    certificate = services.certificate_by_code(code)
    event = db.session.get(Event, certificate.event_id) if certificate is not None else None
    response = Response(render_template("trainings/verify.html", certificate=certificate, event=event,
                                        code=services.normalise_code(code)),
                        status=200 if certificate is not None else 404)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
