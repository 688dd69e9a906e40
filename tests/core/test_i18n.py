from app.core.i18n import localize


def test_localize_prefers_reader_then_fallbacks_then_any(ctx):
    value = {"ru": "Форум", "kk": "Форумы"}
    assert (localize(value, "ru", lang="kk"), localize(value, "ru", lang="kk").is_fallback) == ("Форумы", False)
    english = localize(value, "ru", lang="en")
    assert (english, english.lang, english.is_fallback) == ("Форум", "ru", True)
    assert localize({"kk": "Тек қазақша"}, "ru", lang="en") == "Тек қазақша"
    assert localize({}, "ru", lang="en") == ""


def test_accept_language_chooses_the_page_language(client):
    page = client.get("/", headers={"Accept-Language": "kk-KZ,kk;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="kk">' in page
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_switcher_choice_is_remembered_and_beats_accept_language(client):
    assert '<html lang="kk">' in client.get("/?lang=kk", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="kk">' in client.get("/account/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    assert '<html lang="en">' in client.get("/?lang=xx", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_user_preference_beats_accept_language_and_switcher_updates_it(client, create_user, login, app):
    from app.accounts.models import User
    from app.extensions import db

    user = create_user(preferred_language="kk")
    login(user)
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    client.get("/?lang=ru")
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).preferred_language == "ru"


def test_event_default_language_applies_when_nothing_else_says(client, create_event):
    create_event(slug="forum", default_language="kk", languages=["kk", "ru"])
    page = client.get("/events/forum", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="kk">' in page


def test_russian_plural_forms(client, create_event, app):
    from tests.conftest import translated  # noqa: F401  (catalog must be compiled)

    for capacity, expected in [(1, "1 место"), (3, "3 места"), (5, "5 мест"), (21, "21 место"), (11, "11 мест")]:
        create_event(slug=f"forum-{capacity}", capacity=capacity)
        page = client.get(f"/events/forum-{capacity}?lang=ru").get_data(as_text=True)
        assert expected in page, (capacity, expected)


def test_switcher_links_keep_the_current_page(client, create_event):
    create_event(slug="forum")
    page = client.get("/events/forum?lang=en").get_data(as_text=True)
    assert 'href="/events/forum?lang=ru"' in page
    assert 'href="/events/forum?lang=kk"' in page


def test_zone_label_names_the_city_and_never_summer_time(ctx):
    """Kazakhstan has no summer time, yet Babel's Russian location format says "летнее время"."""
    from flask_babel import force_locale

    from app.core.i18n import timezone_label

    with ctx.test_request_context():
        for lang, city in (("ru", "Алматы"), ("kk", "Алматы"), ("en", "Almaty")):
            with force_locale(lang):
                assert timezone_label("Asia/Almaty") == city
        with force_locale("ru"):
            assert timezone_label("Europe/Berlin") == "Берлин"


def test_public_agenda_labels_its_zone_by_city_in_russian(client, create_event, create_session, publish):
    event = create_event()
    create_session(event, "Opening")
    publish(event)
    page = client.get(f"/events/{event.slug}/agenda?lang=ru").get_data(as_text=True)
    assert "Алматы (Asia/Almaty)" in page
    assert "летнее" not in page


def test_one_style_per_context_for_dates_moments_and_numbers(ctx):
    from datetime import UTC, date, datetime

    from flask_babel import force_locale

    from app.core.i18n import format_date, format_datetime_in, format_number, format_share

    moment = datetime(2017, 5, 16, 3, 30, 15, tzinfo=UTC)
    with ctx.test_request_context():
        with force_locale("ru"):
            # A moment is a compact date and a time without seconds, whatever width a template asks for.
            for width in (None, "short", "medium", "long"):
                assert format_datetime_in(moment, "Asia/Almaty", width) == "16 мая 2017\u202fг., 09:30"
            assert format_date(date(2017, 5, 16), "day") == "вторник, 16 мая 2017\u202fг."
            assert format_date(date(2017, 5, 16)) == "16 мая 2017\u202fг."
            assert (format_number(3.94, 1), format_number(1250), format_share(0.666)) == ("3,9", "1\xa0250", "67\xa0%")
        with force_locale("kk"):
            assert format_datetime_in(moment, "Asia/Almaty") == "2017\u202fж. 16 мам., 09:30"
            assert (format_number(8.333, 2), format_number(4, 1)) == ("8,33", "4,0")
        with force_locale("en"):
            assert (format_number(3.94, 1), format_share(0.666)) == ("3.9", "67%")
