"""Who may create events: administrators and event creators publish at once; anyone else's event
starts private and awaiting approval until a site administrator approves it."""
import pytest

from app.core.models import AuditEntry
from app.events.models import Approval, Event, Visibility
from app.extensions import db
from tests.conftest import translated
from tests.events.test_events import FORM


def _event(app, slug=None) -> Event:
    with app.app_context():
        query = db.select(Event) if slug is None else db.select(Event).where(Event.slug == slug)
        event = db.session.scalars(query).one()
        db.session.expunge(event)
        return event


def _actions(app, event_id=None) -> list[str]:
    with app.app_context():
        query = db.select(AuditEntry.action).order_by(AuditEntry.id)
        if event_id is not None:
            query = query.where(AuditEntry.event_id == event_id)
        return list(db.session.scalars(query))


def test_a_newcomers_public_event_starts_private_awaiting_approval_and_is_listed_nowhere(app, client, create_user,
                                                                                          login):
    login(create_user(email="newcomer@example.org", preferred_language="ru"))
    response = client.post("/manage/events/new", data=dict(FORM, slug="newcomers-forum"))
    assert response.status_code == 302
    event = _event(app)
    assert (event.visibility, event.approval) == (Visibility.PRIVATE, Approval.PENDING)
    assert _actions(app, event.id) == ["event.created", "event.approval_requested"]

    anonymous = app.test_client()
    assert "newcomers-forum" not in anonymous.get("/").get_data(as_text=True)
    assert "newcomers-forum" not in anonymous.get("/api/v1/events").get_data(as_text=True)
    assert anonymous.get("/events/newcomers-forum").status_code == 404  # as if it did not exist
    # The organiser sees the state and why, in their language.
    dashboard = client.get(response.headers["Location"]).get_data(as_text=True)
    assert translated(app, "ru", "Awaiting approval") in dashboard
    assert translated(app, "ru", "Please contact the site administrators if you have questions.") not in dashboard
    assert translated(app, "ru", "Awaiting approval") in client.get("/me/").get_data(as_text=True)


@pytest.mark.parametrize("visibility", ["public", "unlisted"])
def test_an_event_awaiting_approval_cannot_be_made_public_or_unlisted(app, client, create_user, create_event, login,
                                                                       visibility):
    organiser = create_user()
    event = create_event(organiser=organiser, slug="waiting", needs_approval=None)
    login(organiser)
    response = client.post("/manage/events/waiting/edit", data=dict(FORM, slug="waiting", visibility=visibility))
    assert response.status_code == 400
    assert "only once a site administrator has approved it" in response.get_data(as_text=True)
    assert _event(app).visibility == Visibility.PRIVATE
    # Everything else may still be prepared while it waits.
    assert client.post("/manage/events/waiting/edit", data=dict(FORM, slug="waiting", visibility="private",
                                                                 **{"title-en": "Renamed"})).status_code == 302
    assert _event(app).title["en"] == "Renamed" and _event(app).id == event.id


@pytest.mark.parametrize("role", ["is_event_creator", "is_admin"])
def test_event_creators_and_administrators_publish_at_once(app, client, create_user, login, role):
    login(create_user(**{role: True}))
    assert client.post("/manage/events/new", data=dict(FORM, slug="trusted-forum")).status_code == 302
    event = _event(app)
    assert (event.visibility, event.approval) == (Visibility.PUBLIC, Approval.APPROVED)
    assert "/events/trusted-forum" in client.get("/").get_data(as_text=True)


def test_a_newcomers_copy_of_an_approved_event_awaits_approval_too(app, client, create_user, create_event, login):
    organiser = create_user()
    create_event(organiser=organiser, slug="approved-forum")
    login(organiser)
    response = client.post("/manage/events/approved-forum/clone", data={"slug": "its-copy", "start_date": "2040-01-10"})
    assert response.status_code == 302
    assert _event(app, "its-copy").approval == Approval.PENDING


def test_approval_lets_the_organiser_publish_and_tells_them(app, client, create_user, create_event, login, mailbox):
    organiser = create_user(email="newcomer@example.org", preferred_language="kk")
    event = create_event(organiser=organiser, slug="waiting", needs_approval=None)
    login(create_user(is_admin=True))
    page = client.get("/admin/events").get_data(as_text=True)
    assert "/admin/events/waiting/approve" in page and "newcomer@example.org" in page

    assert client.post("/admin/events/waiting/approve").status_code == 302
    assert _event(app).approval == Approval.APPROVED
    assert _actions(app, event.id)[-1] == "event.approved"
    [mail] = mailbox.wait_for("newcomer@example.org")
    assert str(mail["Subject"]) == translated(app, "kk", "Your event has been approved")
    assert "/admin/events/waiting/approve" not in client.get("/admin/events").get_data(as_text=True)
    # A second approval changes nothing.
    client.post("/admin/events/waiting/approve")
    assert _actions(app, event.id).count("event.approved") == 1

    login(organiser)
    assert client.post("/manage/events/waiting/edit", data=dict(FORM, slug="waiting")).status_code == 302
    assert "/events/waiting" in app.test_client().get("/").get_data(as_text=True)


def test_refusal_keeps_the_event_private_and_shows_the_organiser_why(app, client, create_user, create_event, login,
                                                                       mailbox):
    organiser = create_user(email="newcomer@example.org", preferred_language="ru")
    event = create_event(organiser=organiser, slug="waiting", needs_approval=None)
    login(create_user(is_admin=True))
    assert client.post("/admin/events/waiting/refuse", data={"reason": "   "}).status_code == 302
    assert _event(app).approval == Approval.PENDING  # a refusal needs a reason

    client.post("/admin/events/waiting/refuse", data={"reason": "Not an event of our organisation."})
    stored = _event(app)
    assert (stored.approval, stored.approval_reason) == (Approval.REFUSED, "Not an event of our organisation.")
    entry_details = None
    with app.app_context():
        entry_details = db.session.scalars(db.select(AuditEntry.details).where(
            AuditEntry.action == "event.approval_refused", AuditEntry.event_id == event.id)).one()
    assert entry_details == {"reason": "Not an event of our organisation."}
    [mail] = mailbox.wait_for("newcomer@example.org")
    assert "Not an event of our organisation." in mail.get_content()
    refused_list = client.get("/admin/events").get_data(as_text=True)
    assert "Not an event of our organisation." in refused_list and "/admin/events/waiting/approve" in refused_list

    login(organiser)
    dashboard = client.get("/manage/events/waiting/").get_data(as_text=True)
    assert translated(app, "ru", "Approval refused") in dashboard
    assert "Not an event of our organisation." in dashboard
    response = client.post("/manage/events/waiting/edit", data=dict(FORM, slug="waiting"))
    assert response.status_code == 400 and _event(app).visibility == Visibility.PRIVATE


def test_only_administrators_and_event_creators_create_events_when_the_site_says_so(app, client, create_user, login,
                                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "EVENT_CREATORS", "creators")
    login(create_user())
    assert client.get("/manage/events/new").status_code == 403
    assert client.post("/manage/events/new", data=FORM).status_code == 403
    assert "/manage/events/new" not in client.get("/me/").get_data(as_text=True)
    login(create_user(is_event_creator=True))
    assert client.get("/manage/events/new").status_code == 200


def test_an_unknown_event_creators_policy_stops_the_app_at_start():
    from app import create_app

    with pytest.raises(RuntimeError, match="EVENT_CREATORS"):
        create_app({"EVENT_CREATORS": "users"})


def test_organisers_whose_accounts_are_disabled_are_not_mailed_the_decision(app, client, create_user, create_event,
                                                                              login):
    from app.core.models import OutboxMessage

    organiser = create_user(email="gone@example.org")
    create_event(organiser=organiser, slug="waiting", needs_approval=None)
    login(create_user(is_admin=True))
    client.post(f"/admin/users/{organiser.id}/disable")
    client.post("/admin/events/waiting/approve")
    assert _event(app).approval == Approval.APPROVED
    with app.app_context():
        assert not db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == "gone@example.org")).all()
