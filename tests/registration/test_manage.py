"""Organiser pages of registration: privacy, participants table, bulk actions, manual add, notes,
one registration's page, badges and invitations."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.core.models import AuditEntry, OutboxMessage
from app.events.models import RegistrationMode
from app.extensions import db
from app.registration.models import Invitation, Registration, RegistrationField, RegistrationStatus, SeatCounter
from tests.conftest import EVENT_YEAR, translated

BASE_TIME = datetime(EVENT_YEAR, 4, 1, 6, 0, tzinfo=UTC)
SECTOR = [{"key": "government", "label": {"en": "Government", "ru": "Государство"}},
          {"key": "ngo", "label": {"en": "Civil society", "ru": "Гражданское общество"}}]
TOPICS = [{"key": "detention", "label": {"en": "Detention", "ru": "Места лишения свободы"}},
          {"key": "health", "label": {"en": "Health", "ru": "Здоровье"}}]


def insert_registrations(app, event, rows: list[dict]) -> list[int]:
    """Registrations written straight to the database (fast, any status); returns their ids."""
    with app.app_context():
        registrations = []
        for index, row in enumerate(rows):
            status = RegistrationStatus(row.get("status", "confirmed"))
            created = row.get("created_at", BASE_TIME + timedelta(minutes=index))
            registrations.append(Registration(
                event_id=event.id, email=row.get("email", f"person{index}@example.org"),
                name=row.get("name", f"Person {index:03d}"), organisation=row.get("organisation", ""),
                language=row.get("language", "en"), status=status, answers=row.get("answers", {}),
                created_at=created, confirmed_at=created if status == RegistrationStatus.CONFIRMED else None,
                waiting_since=created if status == RegistrationStatus.WAITING else None,
                checked_in_at=row.get("checked_in_at")))
        db.session.add_all(registrations)
        db.session.flush()
        confirmed = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED))
        counter = db.session.get(SeatCounter, event.id) or SeatCounter(event_id=event.id)
        counter.taken = confirmed
        db.session.add(counter)
        db.session.commit()
        return [r.id for r in registrations]


def statuses(app, ids) -> list[str]:
    with app.app_context():
        return [db.session.get(Registration, i).status.value for i in ids]


def audit_actions(app, event) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.event_id == event.id)
                                       .order_by(AuditEntry.id)))


def names_in(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="col-name"><a href="[^"]+"><bdi>([^<]+)</bdi></a>', page)


@pytest.fixture
def organiser(create_user):
    return create_user(email="org@example.org", name="Olga Organiser")


@pytest.fixture
def event(create_event, organiser):
    return create_event(organiser=organiser, slug="forum", capacity=100)


# --- privacy ------------------------------------------------------------------------------------

CHECKIN_ENDPOINTS = {"registration_manage.checkin", "registration_manage.checkin_person", "registration_manage.checkin_undo",
                     "registration_manage.checkin_counts", "registration_manage.live_view",
                     "registration_manage.live_numbers"}


def _routes(app, event, ids: dict):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("registration_manage."):
            continue
        url = adapter.build(rule.endpoint, {arg: {"slug": event.slug}.get(arg, ids.get(arg, 1)) for arg in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, url


def test_every_registration_page_is_for_organisers_only(app, client, create_user, create_event, event, add_role,
                                                      register, login, add_field):
    participant = create_user(email="participant@example.org")
    registration_id, _ = register(event, participant)
    field_id = add_field(event, "sector", "single_choice", choices=SECTOR)
    with app.app_context():
        db.session.add(Invitation(event_id=event.id, email="x@example.org", token_hash="h" * 64, language="en",
                                  expires_at=BASE_TIME))
        db.session.commit()
        invitation_id = db.session.scalar(select(Invitation.id))
    ids = {"registration_id": registration_id, "field_id": field_id, "invitation_id": invitation_id}
    routes = list(_routes(app, event, ids))
    assert len(routes) >= 20

    for endpoint, method, url in routes:  # anonymous: sign in first
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], (endpoint, method)

    staff = create_user(email="staff@example.org")
    add_role(event, staff, "checkin")
    other_organiser = create_user(email="other@example.org")
    create_event(organiser=other_organiser, slug="other-forum")
    for user in (participant, staff, other_organiser):
        login(user)
        for endpoint, method, url in routes:
            if user is staff and endpoint in CHECKIN_ENDPOINTS:
                continue
            assert client.open(url, method=method).status_code == 403, (user.email, endpoint, method)
    assert statuses(app, [registration_id]) == ["confirmed"]


def test_check_in_staff_may_use_the_check_in_pages(client, create_user, event, add_role, login):
    staff = create_user(email="staff@example.org")
    add_role(event, staff, "checkin")
    login(staff)
    page = client.get(f"/manage/events/{event.slug}/checkin")
    assert page.status_code == 200
    # They see only the check-in tab, not the organiser's.
    assert "/registration-form" not in page.get_data(as_text=True)
    assert client.get(f"/manage/events/{event.slug}/checkin/counts.json").status_code == 200


def test_another_events_ids_are_not_found(app, client, create_user, create_event, event, organiser, login, register,
                                          add_field):
    elsewhere = create_event(slug="elsewhere", registration_mode=RegistrationMode.APPROVAL)
    foreign_id, _ = register(elsewhere, create_user(email="p@example.org"))
    foreign_field = add_field(elsewhere, "sector", "single_choice", choices=SECTOR)
    with app.app_context():
        db.session.add(Invitation(event_id=elsewhere.id, email="x@example.org", token_hash="h" * 64, language="en",
                                  expires_at=BASE_TIME))
        db.session.commit()
        foreign_invitation = db.session.scalar(select(Invitation.id))
    login(organiser)
    base = f"/manage/events/{event.slug}"
    for url in (f"/registrations/{foreign_id}", f"/registrations/{foreign_id}/badge",
                f"/registration-form/{foreign_field}"):
        assert client.get(base + url).status_code == 404, url
    for url, data in ((f"/registrations/{foreign_id}/note", {"note": "x"}),
                      (f"/registrations/{foreign_id}/status", {"action": "approve"}),
                      ("/registrations", {"action": "approve", "ids": [foreign_id]}),
                      (f"/checkin/{foreign_id}/undo", {}),
                      (f"/registration-form/{foreign_field}", {"label-en": "Hacked", "kind": "text"}),
                      (f"/registration-form/{foreign_field}/delete", {}),
                      (f"/registration-form/{foreign_field}/move", {"direction": "up"}),
                      (f"/invitations/{foreign_invitation}/resend", {})):
        assert client.post(base + url, data=data).status_code == 404, url
    assert statuses(app, [foreign_id]) == ["pending"]
    with app.app_context():
        assert db.session.get(RegistrationField, foreign_field).label.get("en") != "Hacked"
        assert db.session.get(Registration, foreign_id).internal_note == ""


def test_registration_pages_are_never_cached(client, event, organiser, login):
    login(organiser)
    for path in ("/registrations", "/registrations.csv", "/registrations.xlsx", "/checkin", "/checkin/counts.json",
                 "/registration-form", "/invitations"):
        response = client.get(f"/manage/events/{event.slug}{path}")
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path


# --- the table ----------------------------------------------------------------------------------

def test_table_shows_people_counts_and_times_in_the_event_time_zone(app, client, event, organiser, login):
    checked = datetime(EVENT_YEAR, 5, 16, 3, 45, tzinfo=UTC)
    insert_registrations(app, event, [
        {"name": "Aliya Nurlanovna", "email": "aliya@example.org", "organisation": "Ombudsman's office",
         "checked_in_at": checked},
        {"name": "Boris Petrov", "status": "pending"},
        {"name": "Chen Wei", "status": "waiting"},
    ])
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/registrations").get_data(as_text=True)
    assert names_in(page) == ["Aliya Nurlanovna", "Boris Petrov", "Chen Wei"]
    assert "aliya<wbr>@example.org" in page and "Ombudsman&#39;s office" in page
    # Status is written out, not only coloured.
    assert "Awaiting approval" in page and "On the waiting list" in page
    # Counts per status at the top.
    counts = dict(re.findall(r'count-chip count-(\w+)[^>]*>\s*<span class="count-number">(\d+)</span>', page))
    assert counts["confirmed"] == "1" and counts["pending"] == "1" and counts["waiting"] == "1"
    # Registered at 06:00 UTC = 11:00 in Almaty; checked in at 03:45 UTC = 08:45.
    local = BASE_TIME.astimezone(ZoneInfo("Asia/Almaty"))
    assert local.strftime("%H:%M").lstrip("0") in page or local.strftime("%-I:%M") in page
    assert "8:45" in page
    assert "<caption" in page and 'scope="col"' in page


def test_table_filters_by_status_answers_and_search(app, client, event, organiser, login, add_field):
    add_field(event, "sector", "single_choice", choices=SECTOR)
    add_field(event, "topics", "multiple_choice", choices=TOPICS)
    add_field(event, "country", "country")
    add_field(event, "interpretation", "language")
    add_field(event, "wheelchair", "checkbox")
    add_field(event, "diet", "text")
    insert_registrations(app, event, [
        {"name": "Айгерим Сапарова", "email": "aigerim@example.kz", "organisation": "Министерство юстиции",
         "answers": {"sector": "government", "topics": ["detention", "health"], "country": "KZ",
                     "interpretation": "ru", "wheelchair": True}},
        {"name": "John Smith", "email": "john@ngo.example.org", "organisation": "Penal Reform",
         "answers": {"sector": "ngo", "topics": ["health"], "country": "GB", "interpretation": "en",
                     "wheelchair": False}},
        {"name": "Ерлан Касымов", "email": "erlan@example.kz", "organisation": "НПО «Кадір-қасиет»", "status": "pending",
         "answers": {"sector": "ngo", "topics": [], "country": "KZ", "interpretation": "kk"}},
        {"name": "Old Answer", "answers": {"sector": "government_old", "diet": "government"}},
    ])
    login(organiser)

    def names(**args):
        response = client.get(f"/manage/events/{event.slug}/registrations", query_string=args)
        assert response.status_code == 200
        return sorted(names_in(response.get_data(as_text=True)))

    assert names(status="pending") == ["Ерлан Касымов"]
    assert names(f_sector="government") == ["Айгерим Сапарова"]
    assert names(f_sector="ngo", status="confirmed") == ["John Smith"]
    assert names(f_topics="health") == ["John Smith", "Айгерим Сапарова"]
    assert names(f_topics="detention") == ["Айгерим Сапарова"]
    assert names(f_country="KZ") == ["Айгерим Сапарова", "Ерлан Касымов"]
    assert names(f_interpretation="kk") == ["Ерлан Касымов"]
    assert names(f_wheelchair="yes") == ["Айгерим Сапарова"]
    assert names(f_wheelchair="no") == ["John Smith", "Old Answer", "Ерлан Касымов"]
    # Free-text fields are not filters; unknown values simply match nobody.
    assert len(names(f_diet="government")) == 4
    assert names(f_sector="nobody") == []
    # Search: name, e-mail, organisation; case does not matter, Cyrillic included.
    assert names(q="айгерим") == ["Айгерим Сапарова"]
    assert names(q="ЮСТИЦИИ") == ["Айгерим Сапарова"]
    assert names(q="JOHN") == ["John Smith"]
    assert names(q="ngo.example") == ["John Smith"]
    assert names(q="кадір") == ["Ерлан Касымов"]
    assert names(q="%") == []
    # Unknown status or sort: ignored rather than an error.
    assert len(names(status="bogus", sort="bogus")) == 4


def test_table_sorts_by_name_date_and_status(app, client, event, organiser, login):
    insert_registrations(app, event, [
        {"name": "Bolat", "status": "waiting", "created_at": BASE_TIME + timedelta(hours=1)},
        {"name": "Asel", "status": "confirmed", "created_at": BASE_TIME + timedelta(hours=3)},
        {"name": "Chingiz", "status": "pending", "created_at": BASE_TIME + timedelta(hours=2)},
    ])
    login(organiser)

    def order(sort):
        return names_in(client.get(f"/manage/events/{event.slug}/registrations?sort={sort}").get_data(as_text=True))

    assert order("date") == ["Bolat", "Chingiz", "Asel"]
    assert order("-date") == ["Asel", "Chingiz", "Bolat"]
    assert order("name") == ["Asel", "Bolat", "Chingiz"]
    assert order("-name") == ["Chingiz", "Bolat", "Asel"]
    assert order("status") == ["Chingiz", "Asel", "Bolat"]  # pending, confirmed, waiting
    page = client.get(f"/manage/events/{event.slug}/registrations?sort=name").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page


def test_table_paginates_fifty_per_page_and_keeps_filters(app, client, event, organiser, login):
    insert_registrations(app, event, [{"name": f"Person {i:03d}"} for i in range(55)]
                         + [{"name": "Waiting Person", "status": "waiting"}])
    login(organiser)
    first = client.get(f"/manage/events/{event.slug}/registrations?status=confirmed").get_data(as_text=True)
    assert len(names_in(first)) == 50
    assert "page=2" in first and "status=confirmed" in first
    second = client.get(f"/manage/events/{event.slug}/registrations?status=confirmed&page=2").get_data(as_text=True)
    assert names_in(second) == [f"Person {i:03d}" for i in range(50, 55)]


def test_table_query_count_does_not_grow_with_rows(app, client, create_event, organiser, login, count_queries,
                                                   add_field):
    counted = {}
    for size in (5, 60):
        event = create_event(organiser=organiser, slug=f"forum-{size}")
        add_field(event, "sector", "single_choice", choices=SECTOR)
        insert_registrations(app, event, [{"email": f"p{i}-{size}@example.org", "answers": {"sector": "ngo"},
                                           "checked_in_at": BASE_TIME if i % 2 else None} for i in range(size)])
        login(organiser)
        client.get(f"/manage/events/{event.slug}/registrations")  # warm up: session, caches
        url = f"/manage/events/{event.slug}/registrations?f_sector=ngo"
        counted[size] = count_queries(lambda url=url: client.get(url))
    assert counted[5] == counted[60], counted
    assert counted[60] <= 10, counted


# --- bulk actions ---------------------------------------------------------------------------------

def test_bulk_approve_reports_what_succeeded_and_why_the_rest_did_not(app, client, create_event, organiser, login,
                                                                      mailbox):
    event = create_event(organiser=organiser, slug="approval", capacity=2, registration_mode=RegistrationMode.APPROVAL)
    ids = insert_registrations(app, event, [
        {"name": "Pending One", "email": "one@example.org", "status": "pending"},
        {"name": "Pending Two", "email": "two@example.org", "status": "pending", "language": "ru"},
        {"name": "Already Confirmed", "email": "three@example.org", "status": "confirmed"},
        {"name": "Pending Four", "email": "four@example.org", "status": "pending"},
    ])
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/registrations?status=pending",
                           data={"action": "approve", "ids": ids}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "3 registrations approved." in page
    assert "1 registration was not changed: Only pending registrations can be approved. (Already Confirmed)" in page
    # One seat was left: the first approved gets it, the others go to the waiting list in order.
    assert statuses(app, ids) == ["confirmed", "waiting", "confirmed", "waiting"]
    assert audit_actions(app, event).count("registration.approved") == 3
    assert response.request.path.endswith("/registrations") and "status=pending" in response.request.query_string.decode()
    mailbox.wait_for("one@example.org")
    [waiting_mail] = mailbox.wait_for("two@example.org")
    assert waiting_mail["Content-Language"] == "ru"
    assert not mailbox.to("three@example.org")


def test_bulk_reject_and_promote(app, client, create_event, organiser, login):
    event = create_event(organiser=organiser, slug="full", capacity=1)
    ids = insert_registrations(app, event, [{"name": "Seated"}, {"name": "Waiting A", "status": "waiting"},
                                            {"name": "Waiting B", "status": "waiting"}])
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations"
    page = client.post(base, data={"action": "promote", "ids": ids[1:]}, follow_redirects=True).get_data(as_text=True)
    assert "2 registrations were not changed: No seat is free." in page and "(Waiting A, Waiting B)" in page
    assert statuses(app, ids) == ["confirmed", "waiting", "waiting"]
    # Rejecting the seated person frees the seat for the first on the waiting list.
    client.post(base, data={"action": "reject", "ids": [ids[0]]})
    assert statuses(app, ids) == ["rejected", "confirmed", "waiting"]


def test_bulk_action_without_selection_or_with_bad_input_changes_nothing(app, client, event, organiser, login):
    ids = insert_registrations(app, event, [{"status": "pending"}])
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations"
    response = client.post(base, data={"action": "approve"})
    assert response.status_code == 400
    assert translated(app, "en", "Select at least one registration.") in response.get_data(as_text=True)
    for data in ({"action": "delete", "ids": ids}, {"action": "approve", "ids": ["x"]},
                 {"action": "approve", "ids": ["99999999999999"]}):
        assert client.post(base, data=data).status_code == 400, data
    assert statuses(app, ids) == ["pending"]


def _outbox(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(OutboxMessage.recipient, OutboxMessage.subject)
                                                         .order_by(OutboxMessage.id))]


def _approval_event(app, create_event, organiser, add_field, capacity):
    """An event by approval with a sector question: pending people of two sectors, and others."""
    event = create_event(organiser=organiser, slug="approval", capacity=capacity,
                         registration_mode=RegistrationMode.APPROVAL)
    add_field(event, "sector", "single_choice", choices=SECTOR)
    rows = [{"name": f"Pending NGO {i}", "email": f"ngo{i}@example.org", "status": "pending",
             "language": "ru" if i == 1 else "en", "answers": {"sector": "ngo"}} for i in range(4)]
    rows += [{"name": "Pending Gov", "email": "gov@example.org", "status": "pending", "answers": {"sector": "government"}},
             {"name": "Confirmed NGO", "email": "seated@example.org", "answers": {"sector": "ngo"}},
             {"name": "Cancelled NGO", "email": "gone@example.org", "status": "cancelled", "answers": {"sector": "ngo"}}]
    return event, insert_registrations(app, event, rows)


def test_approving_every_pending_registration_that_matches_the_filters_in_one_action(
        app, client, create_event, organiser, login, add_field):
    event, ids = _approval_event(app, create_event, organiser, add_field, capacity=3)  # 1 seated: 2 seats free
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/registrations?f_sector=ngo&status=pending").get_data(as_text=True)
    assert 'name="scope" value="matching"' not in page  # every match is on the page: ticking them is enough
    base = f"/manage/events/{event.slug}/registrations?f_sector=ngo"
    response = client.post(base, data={"action": "approve", "scope": "matching"}, follow_redirects=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "4 registrations approved." in text and "not changed" not in text  # the others match but are not pending
    # Only the pending ones of the filter, in order: the first two get the free seats, the others wait.
    assert statuses(app, ids) == ["confirmed", "confirmed", "waiting", "waiting", "pending", "confirmed", "cancelled"]
    with app.app_context():
        assert db.session.get(SeatCounter, event.id).taken == 3
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "registration.approved")
                                   .order_by(AuditEntry.id)).all()
        assert [(entry.details["registration"], entry.details["result"], entry.actor_id) for entry in audit] == \
            [(ids[0], "confirmed", organiser.id), (ids[1], "confirmed", organiser.id),
             (ids[2], "waiting", organiser.id), (ids[3], "waiting", organiser.id)]
    # One message each, in the person's language, queued with the change.
    assert _outbox(app) == [
        ("ngo0@example.org", translated(app, "en", "Your registration has been approved")),
        ("ngo1@example.org", translated(app, "ru", "Your registration has been approved")),
        ("ngo2@example.org", translated(app, "en", "You are on the waiting list")),
        ("ngo3@example.org", translated(app, "en", "You are on the waiting list"))]
    with app.app_context():
        body, attachments = db.session.execute(select(OutboxMessage.body_text, OutboxMessage.attachments)
                                               .where(OutboxMessage.recipient == "ngo0@example.org")).one()
        code = db.session.get(Registration, ids[0]).ticket_code
    assert code in body and attachments[0]["kind"] == "qr"  # the ticket, its QR code attached


def test_the_scope_choice_shows_when_the_table_has_more_pages(app, client, event, organiser, login):
    insert_registrations(app, event, [{"status": "pending", "email": f"p{i}@example.org"} for i in range(51)])
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/registrations").get_data(as_text=True)
    assert 'name="scope" value="matching"' in page and "all 51 registrations in the table" in page


def test_bulk_approval_takes_a_thousand_at_a_time_and_says_how_many_are_left(
        app, client, create_event, organiser, login, add_field, monkeypatch):
    monkeypatch.setattr("app.registration.manage_views.BULK_LIMIT", 3)
    event, ids = _approval_event(app, create_event, organiser, add_field, capacity=None)
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations?status=pending"
    text = client.post(base, data={"action": "approve", "scope": "matching"}, follow_redirects=True).get_data(as_text=True)
    assert "3 registrations approved." in text and "2 more registrations match the filters" in text
    assert statuses(app, ids)[:5] == ["confirmed", "confirmed", "confirmed", "pending", "pending"]
    text = client.post(base, data={"action": "approve", "scope": "matching"}, follow_redirects=True).get_data(as_text=True)
    assert "2 registrations approved." in text and "more registration" not in text
    assert statuses(app, ids)[:5] == ["confirmed"] * 5
    text = client.post(base, data={"action": "approve", "scope": "matching"}, follow_redirects=True).get_data(as_text=True)
    assert "No pending registration matches the filters." in text
    assert audit_actions(app, event).count("registration.approved") == 5


def test_bulk_approval_refuses_bad_input_and_changes_nothing(app, client, create_event, organiser, login, add_field):
    event, ids = _approval_event(app, create_event, organiser, add_field, capacity=10)
    other = create_event(organiser=organiser, slug="other", registration_mode=RegistrationMode.APPROVAL)
    [foreign] = insert_registrations(app, other, [{"status": "pending", "email": "f@example.org"}])
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations"
    for data in ({"action": "approve", "scope": "everything"}, {"action": "approve", "scope": "selected"},
                 {"action": "approve"}, {"action": "delete", "scope": "matching"},
                 {"action": "approve", "ids": [str(ids[0]), "x"]}, {"action": "approve", "ids": ["0"]},
                 {"action": "approve", "ids": [str(i) for i in range(1, 1003)]}):
        assert client.post(base, data=data).status_code == 400, data
    assert client.post(base, data={"action": "approve", "ids": [ids[0], foreign]}).status_code == 404
    assert statuses(app, ids + [foreign]) == ["pending"] * 5 + ["confirmed", "cancelled", "pending"]
    assert "registration.approved" not in audit_actions(app, event) and _outbox(app) == []


def test_bulk_approval_is_one_transaction_with_its_mail(app, create_event, organiser, add_field):
    """Rolled back, the approval leaves no mail, no audit entry and no seat taken behind."""
    from app.accounts.models import User
    from app.events.models import Event
    from app.registration import services

    event, ids = _approval_event(app, create_event, organiser, add_field, capacity=3)
    with app.test_request_context():
        try:
            approved, not_pending = services.approve_many(db.session.get(Event, event.id),
                                                          db.session.get(User, organiser.id), ids)
            approved, not_pending = [r.id for r in approved], [r.id for r in not_pending]
            queued = db.session.scalar(select(func.count(OutboxMessage.id)))
            audited = db.session.scalar(select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "registration.approved"))
        finally:
            db.session.rollback()
    assert approved == ids[:5] and not_pending == ids[5:] and queued == audited == 5
    assert statuses(app, ids) == ["pending"] * 5 + ["confirmed", "cancelled"]
    assert _outbox(app) == [] and "registration.approved" not in audit_actions(app, event)
    with app.app_context():
        assert db.session.get(SeatCounter, event.id).taken == 1


def test_bulk_approval_runs_as_many_statements_for_1000_as_for_5(app, client, create_event, organiser, login,
                                                                  count_queries, monkeypatch):
    monkeypatch.setattr("app.core.mail.enqueue_after_commit", lambda *job: None)  # the worker sends them, elsewhere
    counted = {}
    for size in (5, 1000):
        event = create_event(organiser=organiser, slug=f"approval-{size}", capacity=size // 2,
                             registration_mode=RegistrationMode.APPROVAL)
        insert_registrations(app, event, [{"status": "pending", "email": f"p{i}-{size}@example.org"}
                                          for i in range(size)])
        login(organiser)
        url = f"/manage/events/{event.slug}/registrations?status=pending"
        client.get(url)
        counted[size] = count_queries(lambda url=url: client.post(url, data={"action": "approve", "scope": "matching"}))
        with app.app_context():
            assert db.session.scalar(select(func.count(Registration.id)).where(
                Registration.event_id == event.id, Registration.status == RegistrationStatus.PENDING)) == 0
            assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
                OutboxMessage.recipient.like(f"%-{size}@example.org"))) == size
    assert counted[5] == counted[1000], counted


# --- add by hand, notes, one registration ---------------------------------------------------------

def test_organiser_adds_someone_by_hand_and_they_get_mail_in_their_language(app, client, event, organiser, login,
                                                                           mailbox):
    login(organiser)
    form = client.get(f"/manage/events/{event.slug}/registrations/add").get_data(as_text=True)
    assert '<option selected value="en">' in form or 'value="en" selected' in form
    assert 'value="kk"' in form and 'value="de"' not in form
    response = client.post(f"/manage/events/{event.slug}/registrations/add", data={
        "name": "Гульнара Ахметова", "email": "Gulnara@Example.org", "organisation": "Акимат", "language": "ru"})
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
        assert (registration.email, registration.status, registration.language, registration.user_id) == \
            ("gulnara@example.org", RegistrationStatus.CONFIRMED, "ru", None)
        assert response.headers["Location"].endswith(f"/registrations/{registration.id}")
    assert "registration.added" in audit_actions(app, event)
    [message] = mailbox.wait_for("gulnara@example.org")
    assert message["Subject"] == translated(app, "ru", "Your registration is confirmed")


def test_adding_someone_twice_or_with_bad_input_is_refused(app, client, event, organiser, login):
    insert_registrations(app, event, [{"email": "dana@example.org"}])
    login(organiser)
    url = f"/manage/events/{event.slug}/registrations/add"
    duplicate = client.post(url, data={"name": "Dana", "email": "dana@example.org", "language": "en"})
    assert duplicate.status_code == 400
    assert translated(app, "en", "This person is already registered.") in duplicate.get_data(as_text=True)
    for data in ({"name": "", "email": "x@example.org", "language": "en"},
                 {"name": "X", "email": "not-an-address", "language": "en"},
                 {"name": "X", "email": "x@example.org", "language": "de"}):
        assert client.post(url, data=data).status_code == 400, data
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_registration_page_shows_answers_in_the_viewers_language_history_and_note(
        app, client, create_user, create_event, register, login, add_field):
    organiser = create_user(email="ru-org@example.org", preferred_language="ru")
    event = create_event(organiser=organiser, slug="ru-forum", registration_mode=RegistrationMode.APPROVAL)
    add_field(event, "sector", "single_choice", label={"en": "Sector", "ru": "Сфера"}, choices=SECTOR)
    add_field(event, "country", "country", label={"en": "Country", "ru": "Страна"})
    add_field(event, "wheelchair", "checkbox", label={"en": "Wheelchair access", "ru": "Доступ для колясок"})
    participant = create_user(email="p@example.org", name="Dana")
    registration_id, _ = register(event, participant, answers={
        "sector": "ngo", "country": "KZ", "wheelchair": True, "removed_question": "kept"})
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations/{registration_id}"
    client.post(f"{base}/status", data={"action": "approve"})
    response = client.post(f"{base}/note", data={"note": "  Needs a visa letter.  "})
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Сфера" in page and "Гражданское общество" in page and "Казахстан" in page
    assert "Доступ для колясок" in page and translated(app, "ru", "Yes") in page
    assert "removed_question" in page and "kept" in page  # answers to deleted questions are not lost
    assert "Needs a visa letter." in page
    history = page.split('class="history"')[1]
    assert history.count("<li>") == 3  # registered, approved, note
    assert "ru-org@example.org" not in history and organiser.name in history
    with app.app_context():
        assert db.session.get(Registration, registration_id).internal_note == "Needs a visa letter."
    assert audit_actions(app, event) == ["event.created", "registration.approved", "registration.note"]
    too_long = client.post(f"{base}/note", data={"note": "x" * 5001})
    assert too_long.status_code == 400
    with app.app_context():
        assert db.session.get(Registration, registration_id).internal_note == "Needs a visa letter."


def test_single_actions_on_one_registration(app, client, create_event, organiser, login):
    event = create_event(organiser=organiser, slug="one", capacity=1, registration_mode=RegistrationMode.APPROVAL)
    first, second = insert_registrations(app, event, [{"name": "First", "status": "pending"},
                                                      {"name": "Second", "status": "pending"}])
    login(organiser)
    base = f"/manage/events/{event.slug}/registrations"
    client.post(f"{base}/{first}/status", data={"action": "approve"})
    client.post(f"{base}/{second}/status", data={"action": "promote"})  # no seat left: refused
    assert statuses(app, [first, second]) == ["confirmed", "pending"]
    page = client.get(f"{base}/{second}").get_data(as_text=True)
    assert "No seat is free" in page
    client.post(f"{base}/{first}/status", data={"action": "cancel"})
    client.post(f"{base}/{second}/status", data={"action": "promote"})
    assert statuses(app, [first, second]) == ["cancelled", "confirmed"]
    client.post(f"{base}/{second}/status", data={"action": "reject"})
    assert statuses(app, [first, second]) == ["cancelled", "rejected"]
    assert client.post(f"{base}/{second}/status", data={"action": "erase"}).status_code == 400
    assert audit_actions(app, event)[1:] == ["registration.approved", "registration.cancelled",
                                             "registration.promoted", "registration.rejected"]


def test_printable_badge_has_name_organisation_event_and_qr(app, client, event, organiser, login):
    [registration_id] = insert_registrations(app, event, [{"name": "Әлия Қасымқызы", "organisation": "ҰАТ"}])
    login(organiser)
    page = client.get(f"/manage/events/{event.slug}/registrations/{registration_id}/badge").get_data(as_text=True)
    assert "Әлия Қасымқызы" in page and "ҰАТ" in page and "Forum on prevention" in page
    assert "<svg" in page and 'data-print' in page


# --- invitations ----------------------------------------------------------------------------------

def test_invitations_are_sent_in_the_chosen_language_and_listed(app, client, create_event, organiser, login, mailbox):
    event = create_event(organiser=organiser, slug="invited", registration_mode=RegistrationMode.INVITATION)
    login(organiser)
    url = f"/manage/events/{event.slug}/invitations"
    response = client.post(url, data={"emails": "Aigerim@example.org, bolat@example.org\n\n chen@example.org;",
                                      "language": "kk"}, follow_redirects=True)
    assert "3 invitations sent." in response.get_data(as_text=True)
    for address in ("aigerim@example.org", "bolat@example.org", "chen@example.org"):
        [message] = mailbox.wait_for(address)
        assert message["Subject"] == translated(app, "kk", "You are invited to register")
        assert "invitation=" in message.get_content()
    page = client.get(url).get_data(as_text=True)
    assert page.count("Send again") == 3 and "aigerim@example.org" in page
    assert "registration.invited" in audit_actions(app, event)


def test_invalid_addresses_are_shown_back_and_nobody_is_invited(app, client, event, organiser, login, mailbox):
    login(organiser)
    response = client.post(f"/manage/events/{event.slug}/invitations",
                           data={"emails": "good@example.org\nnot-an-address\nalso@bad", "language": "ru"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "not-an-address" in page and "also@bad" in page
    assert "good@example.org" in page  # what was typed stays in the box
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 0
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
    assert client.post(f"/manage/events/{event.slug}/invitations",
                       data={"emails": "a@example.org", "language": "de"}).status_code == 400
    assert client.post(f"/manage/events/{event.slug}/invitations",
                       data={"emails": " , ", "language": "en"}).status_code == 400


def test_resending_an_invitation_makes_a_new_link(app, client, create_event, organiser, login, mailbox):
    event = create_event(organiser=organiser, slug="invited", registration_mode=RegistrationMode.INVITATION)
    login(organiser)
    client.post(f"/manage/events/{event.slug}/invitations", data={"emails": "dana@example.org", "language": "ru"})
    [first] = mailbox.wait_for("dana@example.org")
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation_id, old_hash = invitation.id, invitation.token_hash
    response = client.post(f"/manage/events/{event.slug}/invitations/{invitation_id}/resend")
    assert response.status_code == 302
    second = mailbox.wait_for("dana@example.org", count=2)[1]
    assert second["Subject"] == first["Subject"] == translated(app, "ru", "You are invited to register")
    assert first.get_content() != second.get_content()
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).token_hash != old_hash
