"""The HTTP pieces every domain shares: one Content-Disposition for every download."""
from urllib.parse import unquote

from flask import Response

from app.core.http import content_disposition, never_cache


def test_a_download_name_keeps_its_letters_and_gets_an_ascii_name_for_old_clients():
    header = content_disposition("Доклад НПМ «2016».pdf")
    assert header.startswith('attachment; filename="Doklad-NPM-2016.pdf"; ')
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == "Доклад НПМ «2016».pdf"


def test_a_name_cannot_break_out_of_the_header():
    header = content_disposition('a"b\r\nSet-Cookie: x=1;.csv')
    assert "\r" not in header and "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in fallback and ";" not in fallback
    assert header.count(";") == 2  # the two parameters, nothing injected


def test_an_ascii_name_and_a_given_fallback_and_inline():
    assert content_disposition("forum.ics") == "attachment; filename=\"forum.ics\"; filename*=UTF-8''forum.ics"
    assert content_disposition("npm-участники.csv", fallback="npm-participants.csv").startswith(
        'attachment; filename="npm-participants.csv"; filename*=UTF-8\'\'npm-%D1%83')
    assert content_disposition("report.pdf", inline=True).startswith('inline; filename="report.pdf"')
    assert content_disposition("README").startswith('attachment; filename="README";')
    assert content_disposition("«».pdf").startswith('attachment; filename="download.pdf";')


def test_never_cache_forbids_every_copy():
    assert never_cache(Response("personal")).headers["Cache-Control"] == "private, no-store"


def test_pages_with_personal_data_are_kept_out_of_every_cache(app, client, create_user, create_event, login):
    """Issue 13: a ticket, the feed address, the profile, registration pages: `no-store`, one rule for all."""
    from app.extensions import db
    from app.registration.models import Registration

    user = create_user()
    create_event(slug="forum")
    with app.app_context():
        from app.events.models import Event

        event = db.session.scalar(db.select(Event))
        registration = Registration(event_id=event.id, user_id=user.id, email=user.email, name=user.name,
                                    language="en", status="confirmed", answers={})
        db.session.add(registration)
        db.session.commit()
        code = registration.ticket_code
    assert "no-store" in client.get(f"/tickets/{code}").headers["Cache-Control"]  # no sign-in needed
    assert "no-store" in client.get("/account/password/reset/made-up").headers["Cache-Control"]
    assert "Cache-Control" not in client.get("/account/login").headers  # nothing personal
    login(user)
    for url in ("/my/agenda", "/account/profile", "/events/forum/registration", "/events/forum", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_the_site_has_a_favicon_and_an_app_icon_where_browsers_look(client):
    import io
    import re

    from PIL import Image

    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert {(16, 16), (32, 32)} <= Image.open(io.BytesIO(icon.data)).ico.sizes()
    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200 and Image.open(io.BytesIO(touch.data)).size == (180, 180)
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    for entry in manifest.get_json()["icons"]:
        assert client.get(entry["src"]).status_code == 200, entry
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico"' in home and '<link rel="manifest"' in home
    assert re.search(r'<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png\?v=\w+">', home)
    for response in (icon, touch, manifest):
        response.close()
