"""The personal agenda: stars, "my agenda", and the secret feed address."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.agenda import services
from app.agenda.models import Session
from app.agenda.published import published_agenda
from app.core.http import wants_json
from app.core.permissions import login_required_view
from app.core.security import safe_next_url
from app.events.permissions import event_required
from app.extensions import db

bp = Blueprint("my_agenda", __name__, template_folder="templates")


@bp.post("/events/<slug>/sessions/<id:session_id>/star")
@event_required("event.view")
def star(event, session_id: int):
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for("agenda.session_page", slug=event.slug, session_id=session_id)))
    published = published_agenda(event)
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id or published is None or session_id not in published.by_id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    starred = request.form.get("starred") == "1"
    services.set_star(current_user, session, starred)
    if wants_json():  # static/js/stars.js: the page stays where it is
        return jsonify(starred=starred)
    fallback = url_for("agenda.session_page", slug=event.slug, session_id=session_id)
    return redirect(safe_next_url(request.form.get("next"), fallback))


@bp.get("/my/agenda")
@login_required_view
def my_agenda():
    # Made on the first visit; this GET's answer commits it (two first visits at once: see feed_for).
    feed = services.feed_for(current_user)
    return render_template("agenda/my_agenda.html", entries=services.personal_agenda(current_user),
                           feed=feed, form=ConfirmForm())


@bp.post("/my/agenda/feed/revoke")
@login_required_view
def revoke_feed():
    if ConfirmForm().validate_on_submit():
        services.revoke_feed(current_user)
        flash(_("Your calendar address has been replaced. The old one no longer works."), "success")
    return redirect(url_for("my_agenda.my_agenda"))
