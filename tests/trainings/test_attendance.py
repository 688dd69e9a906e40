"""Attendance per module: the desk (typed or scanned codes), the roll call, and what participants see."""
from sqlalchemy import select

from app.extensions import db
from app.trainings.models import Attendance
from tests.conftest import at_once


def _present(app, training, module_index) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Attendance.registration_id).where(
            Attendance.session_id == training.modules[module_index])))


def _desk(training, module_index=0):
    return f"/manage/events/{training.event.slug}/attendance/{training.modules[module_index]}"


def test_staff_marks_attendance_by_typed_code(app, client, login, make_training):
    training = make_training(modules=3, participants=2)
    login(training.staff)
    user, registration_id, code = training.people[0]
    page = client.get(_desk(training))
    assert page.status_code == 200 and "Module 1" in page.get_data(as_text=True)
    # Typed in lower case, with spaces: still found.
    response = client.post(_desk(training), data={"code": f" {code[:5].lower()} {code[5:]} "})
    assert response.status_code == 200
    assert "Marked present" in response.get_data(as_text=True)
    assert _present(app, training, 0) == {registration_id}
    again = client.post(_desk(training), data={"code": code}, headers={"Accept": "application/json"})
    assert again.status_code == 200 and again.json["outcome"] == "already"
    assert _present(app, training, 0) == {registration_id}


def test_scanned_ticket_url_marks_attendance_and_answers_json(app, client, login, make_training):
    training = make_training(modules=2, participants=2)
    login(training.staff)
    _, registration_id, code = training.people[1]
    response = client.post(_desk(training, 1), data={"code": f"http://localhost/tickets/{code}", "method": "scan"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.json
    assert body["outcome"] == "marked" and body["name"] == "Participant 2"
    assert body["counts"] == {"present": 1, "participants": 2}
    assert body["undo_url"].endswith(f"/{registration_id}/undo")
    with app.app_context():
        assert db.session.scalar(select(Attendance.method)) == "scan"


def test_unknown_and_unconfirmed_tickets_are_refused(app, client, login, make_training, add_participant):
    training = make_training(modules=1, participants=1)
    _, _, waiting_code = add_participant(training.event, "Waiting Person", status="waiting")
    other = make_training(modules=1, participants=1, slug="other-training")
    login(training.staff)
    accept = {"Accept": "application/json"}
    assert client.post(_desk(training), data={"code": "NOSUCHCODE"}, headers=accept).status_code == 404
    # A ticket of another event is unknown here.
    assert client.post(_desk(training), data={"code": other.people[0][2]}, headers=accept).status_code == 404
    refused = client.post(_desk(training), data={"code": waiting_code}, headers=accept)
    assert refused.status_code == 409 and refused.json["outcome"] == "refused"
    assert client.post(_desk(training), data={"code": ""}, headers=accept).status_code == 400
    assert _present(app, training, 0) == set()


def test_only_modules_of_this_event_have_a_desk(client, login, make_training):
    training = make_training(modules=1, participants=1)
    other = make_training(modules=1, participants=0, slug="other-training")
    login(training.staff)
    base = f"/manage/events/{training.event.slug}/attendance"
    assert client.get(f"{base}/{training.other_sessions[1]}").status_code == 404   # a plenary
    assert client.get(f"{base}/{other.modules[0]}").status_code == 404             # another event's module
    assert client.get(f"{base}/{other.modules[0]}/roll-call").status_code == 404


def test_undo_removes_the_mark(app, client, login, make_training):
    training = make_training(modules=1, participants=1)
    login(training.staff)
    _, registration_id, code = training.people[0]
    client.post(_desk(training), data={"code": code})
    response = client.post(f"{_desk(training)}/{registration_id}/undo", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["outcome"] == "undone"
    assert _present(app, training, 0) == set()


def test_roll_call_applies_only_what_changed(app, client, login, make_training, attend):
    training = make_training(modules=2, participants=4)
    ids = [registration_id for _, registration_id, _ in training.people]
    attend(training, 0, [0])
    login(training.staff)
    url = f"{_desk(training)}/roll-call"
    page = client.get(url).get_data(as_text=True)
    assert page.count('name="present"') == 4 and page.count('name="initial"') == 1
    # Meanwhile the desk scans participant 3; the roll call (shown before) does not undo it.
    client.post(_desk(training), data={"code": training.people[2][2]})
    response = client.post(url, data={"present": [str(ids[1]), str(ids[3])], "initial": [str(ids[0])]})
    assert response.status_code == 302
    assert _present(app, training, 0) == {ids[1], ids[2], ids[3]}
    assert _present(app, training, 1) == set()


def test_roll_call_refuses_foreign_or_malformed_ids(app, client, login, make_training):
    training = make_training(modules=1, participants=1)
    other = make_training(modules=1, participants=1, slug="other-training")
    login(training.staff)
    url = f"{_desk(training)}/roll-call"
    assert client.post(url, data={"present": [str(other.people[0][1])]}).status_code == 400
    assert client.post(url, data={"present": ["abc"]}).status_code == 400
    assert client.post(url, data={"present": ["-1"]}).status_code == 400
    assert _present(app, training, 0) == set() and _present(app, other, 0) == set()


def test_overview_counts_each_module(client, login, make_training, attend):
    training = make_training(modules=2, participants=3)
    attend(training, 0, [0, 1])
    attend(training, 1, [0])
    login(training.organiser)
    page = client.get(f"/manage/events/{training.event.slug}/attendance").get_data(as_text=True)
    assert "2 of 3" in page and "1 of 3" in page


def test_participants_cannot_mark_and_staff_cannot_manage_certificates(client, login, make_training):
    training = make_training(modules=1, participants=1)
    login(training.people[0][0])
    assert client.get(_desk(training)).status_code == 403
    assert client.post(_desk(training), data={"code": training.people[0][2]}).status_code == 403
    login(training.staff)
    assert client.get(f"/manage/events/{training.event.slug}/certificates").status_code == 403
    assert client.get(f"/manage/events/{training.event.slug}/feedback").status_code == 403


def test_participant_sees_own_attendance(client, login, make_training, attend):
    training = make_training(modules=5, participants=2)
    attend(training, 0, [0, 2])
    attend(training, 1, [0, 1, 2, 3, 4])
    login(training.people[0][0])
    page = client.get(f"/events/{training.event.slug}/my-attendance?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "You attended 2 of 5 modules (3 hours)." in text
    assert text.count("✓ present") == 2 and "Not completed yet" in text
    assert "attend at least 4 modules" in text


def test_my_attendance_needs_a_confirmed_registration(client, login, create_user, make_training):
    training = make_training(modules=1, participants=0)
    url = f"/events/{training.event.slug}/my-attendance"
    assert client.get(url).status_code == 302
    login(create_user(email="nobody@example.org"))
    assert client.get(url).status_code == 404


def test_desk_page_queries_do_not_grow_with_participants(client, login, make_training, add_participant,
                                                         count_queries):
    training = make_training(modules=2, participants=2)
    login(training.staff)
    url = f"/manage/events/{training.event.slug}/attendance"
    client.get(url)  # the published agenda is parsed once per process
    few = count_queries(lambda: client.get(url))
    for n in range(15):
        add_participant(training.event, f"Extra {n}")
    assert count_queries(lambda: client.get(url)) == few


def test_desk_warns_when_someone_without_a_place_comes_to_a_limited_module(app, client, login, make_training):
    from app.agenda.models import Session
    from app.events.models import Event
    from app.registration import places
    from app.registration.models import Registration

    training = make_training(modules=1, participants=2)
    (_, with_place, code_with), (_, without_place, code_without) = training.people
    with app.test_request_context():
        module = db.session.get(Session, training.modules[0])
        module.capacity = 1
        places.join(module, db.session.get(Registration, with_place), db.session.get(Event, training.event.id))
        db.session.commit()
    login(training.staff)
    json = {"Accept": "application/json"}
    assert "warning" not in client.post(_desk(training), data={"code": code_with}, headers=json).json
    answer = client.post(_desk(training), data={"code": code_without}, headers=json).json
    assert answer["outcome"] == "marked"  # staff at the door decide; the desk tells them
    assert answer["warning"] == "No place in this limited module: this person did not take one."
    page = client.post(_desk(training), data={"code": code_without}).get_data(as_text=True)
    assert "result-warning" in page and "did not take one" in page


def test_desks_marking_the_same_person_at_once_record_one_row(app, make_training):
    """Real connections race (PostgreSQL row locks, SQLite's single writer): one row, one "marked", the rest
    "already", and no desk gets an error that would spoil its request."""

    from app.accounts.models import User
    from app.events.models import Event
    from app.registration.models import Registration
    from app.trainings import services

    training = make_training(modules=1, participants=1)
    _, registration_id, _ = training.people[0]
    desks = 8

    def desk(_):
        event = db.session.get(Event, training.event.id)
        module = services.modules(event)[0]
        registration = db.session.get(Registration, registration_id)
        return services.mark_attendance(event, module, registration, db.session.get(User, training.staff.id)) is not None

    marked, errors = at_once(app, desk, range(desks))
    assert errors == []
    assert sorted(marked) == [False] * (desks - 1) + [True]
    assert _present(app, training, 0) == {registration_id}
    with app.app_context():
        from app.core.models import AuditEntry
        audits = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "trainings.attendance_marked")).all()
        assert len(audits) == 1
