"""The organisers' messages pages: history, compose (with preview), one message's record, settings."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.forms import ConfirmForm
from app.core.forms import refusal_onto
from app.core.http import never_cache, parse_id
from app.core.permissions import can
from app.events.permissions import event_required
from app.extensions import db
from app.messages import recipients, rendering, services
from app.messages.forms import ComposeForm, DailyLimitForm, ReplyToForm
from app.messages.models import EventMessage, MessageStatus
from app.registration import services as registration_services
from app.registration.manage_forms import filter_options

bp = Blueprint("messages", __name__, url_prefix="/manage/events/<slug>/messages", template_folder="templates")
bp.after_request(never_cache)  # names, addresses and what they were sent

PER_PAGE = 100


def _message_or_404(event, message_id: int) -> EventMessage:
    message = db.session.get(EventMessage, message_id)
    if message is None or message.event_id != event.id:
        abort(404)
    return message


def _index(event, reply_form=None, limit_form=None, status_code=200):
    messages = services.messages_of(event)
    settings = services.settings_of(event)
    return render_template(
        "messages/index.html", event=event, messages=messages,
        subjects={m.id: rendering.history_subject(event, m.subject) for m in messages},
        counts=services.delivery_counts([m.id for m in messages]),
        reply_form=reply_form or ReplyToForm(data={"reply_to": settings.reply_to}),
        limit_form=limit_form or DailyLimitForm(data={"daily_limit": settings.daily_limit}),
        may_set_limit=can(current_user, "messages.set_limit", event), daily_limit=services.daily_limit(event),
    ), status_code


@bp.get("")
@event_required("event.manage")
def index(event):
    return _index(event)


@bp.post("/reply-to")
@event_required("event.manage")
def reply_to(event):
    form = ReplyToForm()
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.save_reply_to(event, current_user, form.reply_to.data or "")
        if not refused:
            flash(_("The reply-to address has been saved."), "success")
            return redirect(url_for(".index", slug=event.slug))
    return _index(event, reply_form=form, status_code=400)


@bp.post("/limit")
@event_required("messages.set_limit")
def daily_limit(event):
    form = DailyLimitForm()
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            services.save_daily_limit(event, current_user, form.daily_limit.data)
        if not refused:
            flash(_("The limit has been saved."), "success")
            return redirect(url_for(".index", slug=event.slug))
    return _index(event, limit_form=form, status_code=400)


@dataclass
class Preview:
    person: recipients.Candidate
    message: rendering.RenderedMessage


@bp.route("/new", methods=["GET", "POST"])
@event_required("event.manage")
def compose(event):
    limited = recipients.limited_sessions(event)
    form = ComposeForm(event, limited.values(), formdata=request.form if request.method == "POST" else request.args
                       if request.args else None)
    source = request.form if request.method == "POST" else request.args
    spec = recipients.RecipientFilter.from_args(source, event)
    preview = None
    status_code = 200
    sending = request.method == "POST" and request.form.get("action") == "send"
    matched = recipients.Chosen([]) if sending else recipients.choose(event, spec)  # a send reads them itself, once
    people = matched.people
    if request.method == "POST":
        if form.validate_on_submit():
            if sending:
                with refusal_onto(form) as refused:
                    message = services.send_message(event, current_user, subject=form.subject.data,
                                                    body=form.body.data, spec=spec, form_key=form.form_key.data,
                                                    scheduled_for=form.send_at_utc())
                if not refused:
                    if message.status == MessageStatus.SCHEDULED:
                        flash(_("The message has been scheduled."), "success")
                    else:
                        flash(ngettext("The message is being sent to %(num)d person.",
                                       "The message is being sent to %(num)d people.", message.recipient_count),
                              "success")
                    if message.opted_out_count:
                        flash(ngettext("%(num)d person chosen has unsubscribed from this event's messages and will "
                                       "not get it.", "%(num)d people chosen have unsubscribed from this event's "
                                       "messages and will not get it.", message.opted_out_count), "info")
                    return redirect(url_for(".message", slug=event.slug, message_id=message.id))
                status_code = 400
            elif people:
                chosen = next((p for p in people if p.key == form.preview_for.data), people[0])
                preview = Preview(chosen, rendering.render(event, form.subject.data, form.body.data,
                                                          services.person_for_preview(event, chosen)))
        else:
            status_code = 400
    if sending:  # refused: the page shows the count again
        matched = recipients.choose(event, spec)
        people = matched.people
    form.preview_for.choices = [SelectChoice(p.key, f"{p.name} ({p.language})") for p in people[:200]]
    languages = recipients.language_counts(event, people)
    written = set(form.subject.data) & set(form.body.data) if form.subject.data else set()
    return render_template(
        "messages/compose.html", event=event, form=form, spec=spec, people_count=len(people), languages=languages,
        opted_out_count=matched.opted_out,
        missing=[lang for lang in event.languages if lang not in written],
        fallback_count=sum(n for lang, n in languages.items() if lang not in written),
        placeholders=rendering.PLACEHOLDERS, preview=preview,
        answer_filters=filter_options(event, registration_services.fields_of(event)),
    ), status_code


@bp.get("/<id:message_id>")
@event_required("event.manage")
def message(event, message_id: int):
    message = _message_or_404(event, message_id)
    page = max(1, parse_id(request.args.get("page")) or 1)
    failed_only = request.args.get("state") == "failed"
    statement = services.recipient_rows(message, "failed" if failed_only else None)
    rows = db.session.execute(statement.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    return render_template(
        "messages/message.html", event=event, message=message, rows=rows[:PER_PAGE], page=page,
        has_next=len(rows) > PER_PAGE, failed_only=failed_only,
        counts=services.delivery_counts([message.id])[message.id], cancel_form=ConfirmForm(),
        state_of=services.delivery_state, subject=rendering.history_subject(event, message.subject))


@bp.post("/<id:message_id>/cancel")
@event_required("event.manage")
def cancel(event, message_id: int):
    message = _message_or_404(event, message_id)
    if ConfirmForm().validate_on_submit():
        with refusal_onto() as refused:
            stopped = services.cancel(message, event, current_user)
        if not refused:
            flash(ngettext("Cancelled: %(num)d person will not get it.", "Cancelled: %(num)d people will not get it.",
                           stopped), "success")
    else:
        abort(400)
    return redirect(url_for(".message", slug=event.slug, message_id=message.id))
