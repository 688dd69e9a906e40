"""Issue 12.7: signing out ends the session on the server; a cookie captured before is worth nothing after."""
from datetime import timedelta

from app.accounts.models import SignIn
from app.extensions import db
from tests.conftest import DEFAULT_PASSWORD


def _sign_in(app, email, remember=False):
    browser = app.test_client()
    response = browser.post("/account/login", data={"email": email, "password": DEFAULT_PASSWORD,
                                                     "remember": "y" if remember else ""})
    assert response.status_code == 302
    return browser


def _copy_of_cookies(browser, app):
    """Another browser holding copies of this one's cookies (an attacker who captured them)."""
    thief = app.test_client()
    for cookie in browser._cookies.values():
        thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def _signed_in(browser) -> bool:
    return browser.get("/account/profile").status_code == 200


def test_a_cookie_captured_before_sign_out_does_not_work_after_it(app, create_user):
    user = create_user(email="a@example.org")
    browser = _sign_in(app, user.email)
    thief = _copy_of_cookies(browser, app)
    assert _signed_in(thief)
    browser.post("/account/logout")
    assert not _signed_in(browser)
    assert not _signed_in(thief)


def test_the_remember_me_cookie_stops_working_at_sign_out(app, create_user):
    user = create_user(email="a@example.org")
    browser = _sign_in(app, user.email, remember=True)
    remembered = app.test_client()  # the session cookie gone (browser closed), the year-long one kept
    remember = browser.get_cookie("remember_token")
    assert remember is not None
    remembered.set_cookie("remember_token", remember.value)
    assert _signed_in(remembered)
    browser.post("/account/logout")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    assert not _signed_in(fresh)


def test_signing_out_leaves_the_users_other_browsers_signed_in(app, create_user):
    user = create_user(email="a@example.org")
    laptop, phone = _sign_in(app, user.email), _sign_in(app, user.email)
    laptop.post("/account/logout")
    assert not _signed_in(laptop)
    assert _signed_in(phone)


def test_sign_out_everywhere_ends_every_browser_and_remembered_cookie(app, create_user):
    user = create_user(email="a@example.org")
    other = create_user(email="b@example.org")
    laptop, phone = _sign_in(app, user.email), _sign_in(app, user.email, remember=True)
    remember = phone.get_cookie("remember_token").value
    someone_else = _sign_in(app, other.email)
    page = laptop.get("/account/profile").get_data(as_text=True)
    assert 'action="/account/sign-out-everywhere"' in page
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not _signed_in(laptop) and not _signed_in(phone)
    remembered = app.test_client()
    remembered.set_cookie("remember_token", remember)
    assert not _signed_in(remembered)
    assert _signed_in(someone_else)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SignIn).where(SignIn.user_id == user.id)) == 0


def test_a_sign_in_older_than_the_remember_cookie_is_refused_and_swept(app, create_user):
    from app.accounts.signins import forget_old_sign_ins
    from app.core.jobs import job_queue

    user = create_user(email="a@example.org")
    browser = _sign_in(app, user.email)
    with app.app_context():
        sign_in = db.session.scalar(db.select(SignIn).where(SignIn.user_id == user.id))
        sign_in.created_at -= app.config["REMEMBER_COOKIE_DURATION"] + timedelta(minutes=1)
        db.session.commit()
    assert not _signed_in(browser)
    job_queue(app).task(forget_old_sign_ins).call_local()  # the job as the worker runs it
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SignIn)) == 0


def test_a_made_up_or_old_style_cookie_id_signs_no_one_in(app, client, create_user):
    user = create_user(email="a@example.org")
    for user_id in (f"{user.id}:{user.session_version}", f"{user.id}:{user.session_version}:", f"{user.id}:1:guess",
                    "x:y:z", f"{2**40}:1:a", ""):
        with client.session_transaction() as session:
            session["_user_id"] = user_id
        assert client.get("/account/profile").status_code == 302, user_id
