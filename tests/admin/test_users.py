"""The administration's accounts: search, site roles, disabled accounts, the instance's log, the way in."""
import pytest

from app.accounts.models import User
from app.core.models import AuditEntry
from app.db import utcnow
from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD, signed_in_id, translated


def _user(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _site_log(app) -> list[tuple[str, dict]]:
    with app.app_context():
        return [(entry.action, entry.details) for entry in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.event_id.is_(None)).order_by(AuditEntry.id))]


def test_only_administrators_see_the_administration_link_and_pages(app, client, create_user, login):
    login(create_user())
    assert "/admin/" not in client.get("/").get_data(as_text=True)
    assert client.get("/admin/users").status_code == 403
    login(create_user(is_admin=True, preferred_language="kk"))
    home = client.get("/").get_data(as_text=True)
    assert f'href="/admin/">{translated(app, "kk", "Administration")}</a>' in home
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("term", ["айгүл", "АЙГҮЛ", "Жақсылық", "ЖАҚСЫЛЫҚОВА", "zhaksylykova", "ZHAKSYLYKOVA@EXAMPLE",
                                  "Akmola"])
def test_users_are_found_by_name_e_mail_or_organisation_in_any_case_cyrillic_too(app, client, create_user, login,
                                                                                 term):
    create_user(email="a.zhaksylykova@example.org", name="Айгүл Жақсылықова", organisation="Akmola commission")
    create_user(email="y.toleuov@example.org", name="Ержан Төлеуов")
    login(create_user(email="root@example.org", name="Root", is_admin=True))
    page = client.get("/admin/users", query_string={"q": term}).get_data(as_text=True)
    assert "a.zhaksylykova@example.org" in page
    assert "y.toleuov@example.org" not in page and "root@example.org" not in page


def test_a_search_for_a_wildcard_finds_only_what_contains_it(app, client, create_user, login):
    create_user(email="plain@example.org", name="Plain")
    login(create_user(email="root@example.org", name="Root", is_admin=True))
    for term in ("%", "_"):
        page = client.get("/admin/users", query_string={"q": term}).get_data(as_text=True)
        assert "plain@example.org" not in page, term


def test_the_users_list_pages(app, client, create_user, login, monkeypatch):
    import app.admin.views as views

    monkeypatch.setattr(views, "USERS_PER_PAGE", 2)
    for name in ("Bota", "Chingiz", "Dana"):
        create_user(name=name, email=f"{name.lower()}@example.org")
    login(create_user(email="anna@example.org", name="Anna", is_admin=True))
    first = client.get("/admin/users").get_data(as_text=True)
    assert "anna@example.org" in first and "bota@example.org" in first and "dana@example.org" not in first
    assert "/admin/users?page=2" in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert "dana@example.org" in second and "anna@example.org" not in second


def test_administrator_grants_and_revokes_site_roles_and_the_log_says_so(app, client, create_user, login):
    person = create_user(email="person@example.org")
    admin = create_user(email="root@example.org", is_admin=True)
    login(admin)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert f'action="/admin/users/{person.id}/roles"' in page

    client.post(f"/admin/users/{person.id}/roles", data={"role": "event_creator", "change": "grant"})
    assert _user(app, person.id).is_event_creator
    client.post(f"/admin/users/{person.id}/roles", data={"role": "administrator", "change": "grant"})
    assert _user(app, person.id).is_admin
    client.post(f"/admin/users/{person.id}/roles", data={"role": "event_creator", "change": "revoke"})
    assert not _user(app, person.id).is_event_creator
    assert _site_log(app) == [
        ("admin.role_granted", {"user": "person@example.org", "role": "event_creator"}),
        ("admin.role_granted", {"user": "person@example.org", "role": "administrator"}),
        ("admin.role_revoked", {"user": "person@example.org", "role": "event_creator"}),
    ]
    # The new administrator may create public events at once, and reach the administration.
    login(_user(app, person.id))
    assert client.get("/admin/").status_code == 200


def test_an_administrator_cannot_lock_themselves_out(app, client, create_user, login):
    admin = create_user(is_admin=True)
    login(admin)
    response = client.post(f"/admin/users/{admin.id}/roles", data={"role": "administrator", "change": "revoke"},
                           follow_redirects=True)
    assert "You cannot take the administrator role from yourself." in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{admin.id}/disable", follow_redirects=True)
    assert "You cannot disable your own account." in response.get_data(as_text=True)
    stored = _user(app, admin.id)
    assert stored.is_admin and stored.is_active
    assert _site_log(app) == []


def test_unknown_roles_and_changes_are_refused_without_a_change(app, client, create_user, login):
    person = create_user()
    login(create_user(is_admin=True))
    for data in ({"role": "superuser", "change": "grant"}, {"role": "administrator", "change": "promote"}, {}):
        assert client.post(f"/admin/users/{person.id}/roles", data=data).status_code == 302
    assert not _user(app, person.id).is_admin and _site_log(app) == []
    assert client.post("/admin/users/99999/roles", data={"role": "administrator", "change": "grant"}).status_code == 404


def test_a_disabled_account_cannot_sign_in_and_its_sessions_stop_working(app, client, create_user, login):
    person = create_user(email="person@example.org")
    their_browser = app.test_client()
    with their_browser.session_transaction() as session:
        session["_user_id"] = signed_in_id(app, person.id)
    assert their_browser.get("/account/profile").status_code == 200

    login(create_user(is_admin=True))
    assert client.post(f"/admin/users/{person.id}/disable").status_code == 302
    assert their_browser.get("/account/profile").status_code == 302  # to the login page
    signing_in = app.test_client().post("/account/login", data={"email": "person@example.org",
                                                                "password": DEFAULT_PASSWORD})
    assert "This account has been disabled." in signing_in.get_data(as_text=True)
    assert "/admin/users" in client.get("/admin/").get_data(as_text=True)
    assert "Disabled" in client.get(f"/admin/users/{person.id}").get_data(as_text=True)

    client.post(f"/admin/users/{person.id}/enable")
    assert their_browser.get("/account/profile").status_code == 302  # the old session does not come back
    again = app.test_client()
    assert again.post("/account/login", data={"email": "person@example.org",
                                              "password": DEFAULT_PASSWORD}).status_code == 302
    assert again.get("/account/profile").status_code == 200
    assert [action for action, _ in _site_log(app)] == ["admin.account_disabled", "admin.account_enabled"]


def test_the_instance_log_shows_every_event_and_the_site_pages_and_filters(app, client, create_user, create_event,
                                                                          login, monkeypatch):
    import app.admin.views as views

    monkeypatch.setattr(views, "AUDIT_PER_PAGE", 2)
    person = create_user(email="person@example.org")
    create_event(slug="logged-forum")  # event.created
    login(create_user(is_admin=True))
    client.post(f"/admin/users/{person.id}/roles", data={"role": "event_creator", "change": "grant"})
    client.post(f"/admin/users/{person.id}/disable")

    newest = client.get("/admin/audit").get_data(as_text=True)
    assert "admin.account_disabled" in newest and "admin.role_granted" in newest and "event.created" not in newest
    older = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "event.created" in older and "/manage/events/logged-forum/audit" in older
    site_only = client.get("/admin/audit?scope=site&page=2").get_data(as_text=True)
    assert "event.created" not in site_only


def test_create_admin_command_is_in_the_log_and_lets_a_disabled_administrator_back_in(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create-admin", "root@example.org", "--password", "admin password 1"]).exit_code == 0
    with app.app_context():
        root = db.session.scalar(db.select(User).where(User.email == "root@example.org"))
        root.disabled_at = utcnow()
        db.session.commit()
    assert runner.invoke(args=["users", "create-admin", "root@example.org", "--password", "admin password 2"]).exit_code == 0
    assert _site_log(app) == [("admin.role_granted", {"user": "root@example.org", "role": "administrator"}),
                              ("admin.account_enabled", {"user": "root@example.org"})]
    assert app.test_client().post("/account/login", data={"email": "root@example.org",
                                                          "password": "admin password 2"}).status_code == 302


def test_the_instance_log_shows_an_empty_detail_as_a_dash_not_as_none(app, client, create_user, login):
    from app.core.models import record_audit

    login(create_user(is_admin=True))
    with app.app_context():
        record_audit(None, "materials.replaced", material=7, version=None)
        db.session.commit()
    log = client.get("/admin/audit").get_data(as_text=True)
    assert '<span class="muted">version:</span> —' in log
    assert "None" not in log
