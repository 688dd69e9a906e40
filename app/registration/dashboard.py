"""Registration's part of the organiser's dashboard: registrations over time, seats, approvals to
give and what participants answered, all counted by the database (a constant number of queries)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import String, case, cast, func, literal, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from app.core.charts import Series, as_date, bar_chart, cumulative, day_range, line_chart, local_day
from app.core.collation import sort_key
from app.core.i18n import current_language, format_date, format_number, format_share
from app.events.dashboard import DashboardPart
from app.extensions import db
from app.registration.answers import AnswerWords, field_label
from app.registration.models import FieldKind, Registration, RegistrationField, RegistrationStatus
from app.registration.services import fields_of
from app.registration.table import _answer_is

S = RegistrationStatus
ACTIVE = (S.CONFIRMED, S.WAITING, S.PENDING)
"""Whose answers the charts count: everyone registered but not cancelled or rejected."""
COUNTED_KINDS = (FieldKind.SINGLE_CHOICE, FieldKind.COUNTRY, FieldKind.LANGUAGE)
"""Questions with one answer from a list: counted per answer with GROUP BY."""
TICKED_KINDS = (FieldKind.CHECKBOX, FieldKind.MULTIPLE_CHOICE)
"""Questions counted per option with a SUM each (a box ticked; an option among several)."""
PLAIN_KEY = re.compile(r"[A-Za-z0-9_.-]+")
MOST_BARS = 12  # a chart shows the 12 commonest answers, the rest as one bar


@dataclass
class RegistrationCounts:
    capacity: int | None
    by_status: dict[RegistrationStatus, int]
    by_day: dict[RegistrationStatus, dict[date, int]]  # day of registration (event's zone) -> how many, by current status
    answers: dict[str, dict[str, int]] = field(default_factory=dict)  # field key -> answer -> active registrations
    ticked: dict[tuple[str, str], int] = field(default_factory=dict)  # (field key, option or "yes") -> active registrations

    @property
    def active(self) -> int:
        return sum(self.by_status.get(status, 0) for status in ACTIVE)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.by_status.get(S.CONFIRMED, 0), 0)


def registration_counts(event, fields: list[RegistrationField]) -> RegistrationCounts:
    """Every number of the registration part, in three queries at most (whatever the number of
    registrations, days or questions)."""
    dialect = db.session.get_bind().dialect.name
    day = local_day(Registration.created_at, event.timezone, dialect).label("day")
    by_status = {status: 0 for status in S}
    by_day: dict[RegistrationStatus, dict[date, int]] = {status: {} for status in S}
    for registered_on, status, count in db.session.execute(
            select(day, Registration.status, func.count(Registration.id))
            .where(Registration.event_id == event.id).group_by(day, Registration.status)):
        by_status[status] += count
        by_day[status][as_date(registered_on)] = count
    counts = RegistrationCounts(event.capacity, by_status, by_day)

    active = (Registration.event_id == event.id) & Registration.status.in_(ACTIVE)
    counted = [f for f in fields if f.kind in COUNTED_KINDS]
    if counted:
        parts = []
        for spec in counted:
            answer = cast(Registration.answers[spec.key].as_string(), String)
            parts.append(select(literal(spec.key).label("key"), answer.label("answer"), func.count(Registration.id).label("n"))
                         .where(active).group_by(answer))
        for key, answer, count in db.session.execute(union_all(*parts)):
            if answer not in (None, ""):
                counts.answers.setdefault(key, {})[answer] = count
    options = [(f.key, True if f.kind == FieldKind.CHECKBOX else choice.get("key"))
               for f in fields if f.kind in TICKED_KINDS
               for choice in ([{}] if f.kind == FieldKind.CHECKBOX else f.choices or [])]
    if options:
        row = db.session.execute(select(*(func.coalesce(func.sum(case((_holds(key, value, dialect), 1), else_=0)), 0)
                                          for key, value in options)).where(active)).one()
        counts.ticked = {(key, "yes" if value is True else value): total for (key, value), total in zip(options, row)}
    return counts


def _holds(key: str, value, dialect: str) -> ColumnElement[bool]:
    """The answer to `key` is a ticked box (value True) or a list holding the choice `value`. Cheap
    tests on the stored JSON text (a JSON function per row and option would take seconds at 5,000
    registrations); a choice key that is not a plain word falls back to the exact JSON test."""
    if value is True:
        if dialect == "postgresql":
            return Registration.answers[key].as_string() == "true"
        return func.json_type(Registration.answers, f'$."{key.replace(chr(34), "")}"') == "true"
    if not PLAIN_KEY.fullmatch(str(value)):
        return _answer_is(key, value)
    return cast(Registration.answers[key].as_json(), String).contains(f'"{value}"')


# --- the part -------------------------------------------------------------------------------

def _over_time(event, counts: RegistrationCounts, chart_id: str):
    days_with = {day for per_day in counts.by_day.values() for day in per_day}
    if not days_with:
        return None
    today = datetime.now(UTC).astimezone(ZoneInfo(event.timezone)).date()
    last = max(max(days_with), min(today, event.start_date))
    days = day_range(min(days_with), last)
    shown = ((S.CONFIRMED, "confirmed", _("Confirmed")), (S.WAITING, "waiting", _("Waiting list")),
             (S.PENDING, "pending", _("Awaiting approval")))
    series = [Series(key, label, cumulative(days, counts.by_day[status])) for status, key, label in shown
              if status != S.PENDING or counts.by_status[S.PENDING] or status == S.CONFIRMED]
    numbers = {"confirmed": format_number(counts.by_status[S.CONFIRMED]),
               "waiting": format_number(counts.by_status[S.WAITING]),
               "pending": format_number(counts.by_status[S.PENDING]),
               "first": format_date(days[0]), "last": format_date(days[-1])}
    summary = _("Registrations made from %(first)s to %(last)s, counted in their status today: %(confirmed)s "
                "confirmed, %(waiting)s on the waiting list, %(pending)s awaiting approval.", **numbers)
    reference_label = ""
    if counts.capacity is not None:
        reference_label = _("Capacity: %(num)s", num=format_number(counts.capacity))
        summary += " " + reference_label + "."
    return line_chart(chart_id, _("Registrations over time"), days, series, day_header=_("Day"), summary=summary,
                      reference=counts.capacity, reference_label=reference_label)


def _answer_charts(event, fields, counts: RegistrationCounts, chart_ids) -> list:
    words = AnswerWords(event, fields)
    charts = []
    table = "registration_manage.registrations"
    by_name = sort_key(current_language())
    for spec in fields:
        if spec.kind in COUNTED_KINDS:
            found = sorted(((words.text(spec, value), count, value) for value, count in counts.answers.get(spec.key, {}).items()),
                           key=lambda item: (-item[1], by_name(item[0])))
            items = [(text, count, url_for(table, slug=event.slug, **{f"f_{spec.key}": value}))
                     for text, count, value in found[:MOST_BARS]]
            rest = sum(count for _text, count, _value in found[MOST_BARS:])
            if rest:
                items.append((_("Other answers"), rest))
        elif spec.kind == FieldKind.MULTIPLE_CHOICE:
            items = [(words.text(spec, c.get("key")), counts.ticked.get((spec.key, c.get("key")), 0),
                      url_for(table, slug=event.slug, **{f"f_{spec.key}": c.get("key")})) for c in spec.choices or []]
        else:
            continue
        answered = sum(item[1] for item in items) if spec.kind != FieldKind.MULTIPLE_CHOICE else None
        if not items:
            continue
        if answered is not None and counts.active > answered:
            items.append((_("Not answered"), counts.active - answered))
        charts.append(bar_chart(chart_ids(spec.key), field_label(spec, event), items, label_header=_("Answer"),
                                value_header=_("Registrations"), total=counts.active or None))
    return charts


def _ticked(event, fields, counts: RegistrationCounts) -> list[dict]:
    """The share of active registrations that ticked each checkbox (accessibility needs, ...)."""
    return [{"label": field_label(spec, event), "count": format_number(counts.ticked.get((spec.key, "yes"), 0)),
             "share": format_share(counts.ticked.get((spec.key, "yes"), 0) / counts.active) if counts.active else None,
             "href": url_for("registration_manage.registrations", slug=event.slug, **{f"f_{spec.key}": "yes"})}
            for spec in fields if spec.kind == FieldKind.CHECKBOX]


def dashboard_parts(event, chart_ids) -> list[DashboardPart]:
    fields = fields_of(event)
    counts = registration_counts(event, fields)
    summary = DashboardPart("registration/_dashboard_registrations.html", 10, {
        "counts": counts, "statuses": S, "over_time": _over_time(event, counts, chart_ids("registrations"))})
    answers = DashboardPart("registration/_dashboard_answers.html", 20, {
        "charts": _answer_charts(event, fields, counts, chart_ids), "ticked": _ticked(event, fields, counts),
        "active": counts.active})
    return [summary, answers] if (answers.context["charts"] or answers.context["ticked"]) and counts.active else [summary]
