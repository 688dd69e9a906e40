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
