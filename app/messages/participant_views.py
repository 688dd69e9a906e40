"""A participant's side of the organisers' mail: the one-click unsubscribe link (RFC 8058) and the
switch on their registration page (app/messages/optout.py has the rules)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.core.http import never_cache
from app.events.models import Event
from app.events.permissions import event_required
from app.extensions import csrf, db
from app.messages import optout
from app.registration import services as registration_services

bp = Blueprint("messages_public", __name__, template_folder="templates")
bp.after_request(never_cache)  # whether a person gets mail is theirs


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token in the URL authenticates the request; the page's button still carries a CSRF token
def unsubscribe(token: str):
    """GET: a page that asks (a link scanner that opens the URL changes nothing). POST: the RFC 8058
    one-click body (List-Unsubscribe=One-Click, from a mail program, without a CSRF token), or the
    page's button (with its CSRF token)."""
    registration = optout.registration_from_token(token)
    if registration is None:
        abort(404 if request.method == "GET" else 400)
    event = db.session.get(Event, registration.event_id)
    if request.method == "POST":
        one_click = request.form.get("List-Unsubscribe") == optout.ONE_CLICK_BODY
        if not one_click and not ConfirmForm().validate_on_submit():
            abort(400)
        if registration.erased_at is None:
            optout.opt_out(registration, event, via="one-click" if one_click else "page")
        if one_click:
            return render_template("messages/unsubscribe.html", event=event, done=True, form=None)
        return redirect(url_for(".unsubscribe", token=token), 303)
    done = registration.erased_at is not None or optout.is_opted_out(registration)
    return render_template("messages/unsubscribe.html", event=event, done=done, form=ConfirmForm())


@bp.post("/events/<slug>/registration/messages")
@event_required("event.view")
def my_messages_choice(event):
    """The participant's own switch: opt out of the event's organiser mail, or back in."""
    if not current_user.is_authenticated:  # signed out since the page was shown: sign in, then the page again
        return redirect(url_for("accounts.login", next=url_for("registration.my_registration", slug=event.slug)))
    registration = registration_services.registration_of(event, current_user)
    if registration is None or registration.erased_at is not None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("receive") == "yes":
        optout.opt_in(registration, event, current_user)
        flash(_("You will receive the organisers' messages and reminders for this event again."), "success")
    else:
        optout.opt_out(registration, event, current_user, via="registration page")
        flash(_("You will receive no more messages or reminders from the organisers of this event."), "success")
    return redirect(url_for("registration.my_registration", slug=event.slug) + "#messages-choice")
