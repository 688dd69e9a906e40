"""The organiser's Interpretation page and its CSV and XLSX exports (the numbers for an interpretation agency)."""
from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from app.core.http import content_disposition, never_cache
from app.core.i18n import language_name, localize
from app.core.spreadsheets import csv_row, xlsx_cell
from app.events.permissions import event_required
from app.registration import interpretation
from app.registration.interpretation import Plan

bp = Blueprint("interpretation", __name__, url_prefix="/manage/events/<slug>", template_folder="templates")
bp.after_request(never_cache)  # counts of participants: organisers' data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/interpretation")
@event_required("event.manage")
def planning(event):
    return render_template("registration/manage/interpretation.html", event=event, plan=interpretation.plan(event))


# --- exports ----------------------------------------------------------------------------------

def _session_rows(event, plan: Plan) -> tuple[list, list[list]]:
    """One row per session and language: what an agency needs to staff each booth."""
    tz = ZoneInfo(event.timezone)
    yes, no = _("yes"), _("no")
    header = [_("Day"), _("Room"), _("Starts (%(timezone)s)", timezone=event.timezone), _("Ends"), _("Session"),
              _("Language on the floor"), _("Language"), _("Offered"), _("Listeners"), _("Need interpretation"),
              _("Receivers (session)")]
    not_stated = _("Not stated")
    names = {code: language_name(code) for code in {*plan.languages, *(n.floor for n in plan.sessions if n.floor)}}
    rows = []
    for needs in plan.sessions:
        session = needs.session
        common = [needs.day, localize(session.room.name, event.default_language) if session.room else _("No room"),
                  session.starts_at.astimezone(tz).replace(tzinfo=None), session.ends_at.astimezone(tz).strftime("%H:%M"),
                  localize(session.title, event.default_language),
                  names[needs.floor] if needs.floor else not_stated]
        for language in plan.languages:
            rows.append([*common, names[language], yes if needs.offers(language) else no,
                         needs.listeners.get(language, 0), needs.needs(language), needs.receivers])
        if needs.not_stated:
            rows.append([*common, not_stated, "", needs.not_stated, "", needs.receivers])
    return header, rows


def _receiver_rows(event, plan: Plan) -> tuple[list, list[list]]:
    """One row per day and room, then the day's total."""
    header = [_("Day"), _("Room"), _("Receivers"), _("Interpretation into"), _("Sessions")]
    rows = []
    totals = dict(plan.days)
    for index, room_day in enumerate(plan.rooms):
        rows.append([room_day.day,
                     localize(room_day.room.name, event.default_language) if room_day.room else _("No room"),
                     room_day.receivers, ", ".join(language_name(code) for code in room_day.languages),
                     len(room_day.sessions)])
        last_of_day = index + 1 == len(plan.rooms) or plan.rooms[index + 1].day != room_day.day
        if last_of_day:
            rows.append([room_day.day, _("All rooms"), totals[room_day.day], "", ""])
    return header, rows


def _file_name(event, extension: str) -> tuple[str, str]:
    return f"{event.slug}-{_('interpretation')}.{extension}", f"{event.slug}-interpretation.{extension}"


@bp.get("/interpretation.csv")
@event_required("event.manage")
def export_csv(event):
    """?table=sessions (default): per session and language; ?table=receivers: per day and room."""
    plan = interpretation.plan(event)
    table = request.args.get("table", "sessions")
    header, rows = (_receiver_rows if table == "receivers" else _session_rows)(event, plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    filename, fallback = _file_name(event, "csv")
    # The BOM: Excel then reads Cyrillic and Kazakh letters as UTF-8.
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": content_disposition(filename, fallback=fallback)})


@bp.get("/interpretation.xlsx")
@event_required("event.manage")
def export_xlsx(event):
    plan = interpretation.plan(event)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, (header, rows) in ((_("Sessions"), _session_rows(event, plan)),
                                  (_("Receivers"), _receiver_rows(event, plan))):
        sheet = workbook.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(sheet, value, font=bold) for value in header])
        for row in rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    filename, fallback = _file_name(event, "xlsx")
    return Response(output.getvalue(), mimetype=XLSX,
                    headers={"Content-Disposition": content_disposition(filename, fallback=fallback)})

