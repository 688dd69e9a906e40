"""The live on-the-day view (check-in staff and organisers): checked in against expected, arrivals
per quarter-hour, and a search of the people not arrived yet.

The routes belong to the registration_manage blueprint (its URLs and its no-store rule: neither a
browser nor the production proxy keeps an answer); app.registration.wiring imports this module
before registering the blueprint. The page polls live.json with plain GET requests
(static/js/live.js). People are shown only as the desk shows them (app.registration.desk.DeskMatch),
and never in the large-type screen mode, which is meant for a projector.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.accounts.forms import ConfirmForm
from app.core.i18n import format_date
from app.db import utcnow
from app.events.permissions import event_required
from app.registration import desk, live
from app.registration.hooks import ON_THE_DAY_PARTS
from app.registration.live import clock
from app.registration.manage_views import bp

DEFAULT_POLL_SECONDS = 5


def _day_arg() -> date | None:
    try:
        return date.fromisoformat(request.args.get("day", "")[:10])
    except ValueError:
        return None


def _typed() -> str:
    return (request.args.get("q") or "").strip()[:200]


def _numbers(event, view: live.LiveDay, typed: str, screen: bool) -> dict:
    """What the page shows and the poll answers, ready for JSON, in the reader's language."""
    numbers = {
        "day": view.day.isoformat(), "day_label": format_date(view.day, "day"),
        "expected": view.expected, "checked_in": view.checked_in, "not_arrived": view.not_arrived,
        "arrived_on_day": view.arrived_on_day,
        "arrived_on_day_text": ngettext("%(num)d arrival on this day.", "%(num)d arrivals on this day.",
                                        view.arrived_on_day),
        "days": [{"day": d.day.isoformat(), "label": format_date(d.day, "compact"), "arrived": d.arrived,
                  "checked_in": d.checked_in, "current": d.day == view.day,
                  "url": url_for(".live_view", slug=event.slug, day=d.day.isoformat(), screen=1 if screen else None)}
                 for d in view.days],
        "quarters": [{"label": clock(q.starts_at, event.timezone), "arrived": q.arrived} for q in view.quarters],
        "busiest_quarter": view.busiest_quarter,
        "modules": [],
        "updated": _("Updated at %(time)s", time=clock(utcnow(), event.timezone)),
    }
    numbers.update(ON_THE_DAY_PARTS.merged(event, view.day, view.expected))
    for module in numbers["modules"]:
        module["present_text"] = _("%(present)d of %(total)d", present=module["present"], total=module["expected"])
    if not screen and typed:
        matches = desk.find_people(event, typed, not_arrived=True)
        numbers["matches"] = [{"id": m.id, "name": m.name, "organisation": m.organisation}
                              for m in matches[:desk.LIMIT]]
        numbers["more_matches"] = len(matches) > desk.LIMIT
    return numbers


def _poll_url(event, view: live.LiveDay, typed: str, screen: bool) -> str:
    return url_for(".live_numbers", slug=event.slug, day=view.day.isoformat(), q=typed or None,
                   screen=1 if screen else None)


@bp.get("/live")
@event_required("event.checkin")
def live_view(event):
    screen = request.args.get("screen") == "1"
    typed = "" if screen else _typed()
    view = live.live_day(event, _day_arg())
    numbers = _numbers(event, view, typed, screen)
    poll_seconds = current_app.config.get("LIVE_POLL_SECONDS") or DEFAULT_POLL_SECONDS
    return render_template(
        "registration/manage/live.html", event=event, view=view, numbers=numbers, screen=screen, q=typed,
        searchable=desk.searchable(typed), poll_url=_poll_url(event, view, typed, screen),
        poll_ms=int(poll_seconds * 1000), checkin_form=ConfirmForm(), timezone=event.timezone)


@bp.get("/live.json")
@event_required("event.checkin")
def live_numbers(event):
    screen = request.args.get("screen") == "1"
    typed = "" if screen else _typed()
    view = live.live_day(event, _day_arg())
    return jsonify(_numbers(event, view, typed, screen))
