import pytest

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


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends with a form from our own page


def test_switcher_choice_is_remembered_and_beats_accept_language(client):
    response = client.post("/language", data={"lang": "kk", "next": "/account/login"}, headers=SAME_ORIGIN)
    assert response.status_code == 303 and response.headers["Location"] == "/account/login"
    assert '<html lang="kk">' in client.get("/account/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_lang_in_a_link_shows_that_page_only(client):
    assert '<html lang="kk">' in client.get("/?lang=kk", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="ru">' in client.get("/account/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    assert '<html lang="en">' in client.get("/?lang=xx", headers={"Accept-Language": "en"}).get_data(as_text=True)


def _preference(app, user) -> str:
    from app.accounts.models import User
    from app.extensions import db

    with app.app_context():
        return db.session.get(User, user.id).preferred_language


def test_user_preference_beats_accept_language_and_switcher_form_updates_it(client, create_user, login, app):
    user = create_user(preferred_language="kk")
    login(user)
    assert '<html lang="kk">' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert client.post("/language", data={"lang": "ru", "next": "/"}, headers=SAME_ORIGIN).status_code == 303
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert _preference(app, user) == "ru"


def test_a_get_with_lang_never_changes_a_signed_in_users_preference(client, create_user, login, app, create_event):
    """A Markdown image `![](/?lang=kk)` in a note is a GET every reader's browser sends."""
    user = create_user(preferred_language="ru")
    login(user)
    create_event(slug="forum")
    for url in ("/?lang=kk", "/events/forum?lang=kk", "/account/profile?lang=kk"):
        assert '<html lang="kk">' in client.get(url).get_data(as_text=True)  # that one response
    assert _preference(app, user) == "ru"
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://evil.example"}, {"Origin": "null"}])
def test_the_switcher_refuses_a_form_from_another_site(client, create_user, login, app, headers):
    user = create_user(preferred_language="ru")
    login(user)
    assert client.post("/language", data={"lang": "kk", "next": "/"}, headers=headers).status_code == 400
    assert _preference(app, user) == "ru"


@pytest.mark.parametrize("lang", ["xx", "", "kk\x00", "<script>", "KK"])
def test_the_switcher_refuses_a_language_it_does_not_have(client, lang):
    assert client.post("/language", data={"lang": lang}, headers=SAME_ORIGIN).status_code == 400


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil", "javascript:alert(1)"])
def test_the_switcher_goes_back_only_to_our_own_pages(client, next_url):
    response = client.post("/language", data={"lang": "kk", "next": next_url}, headers=SAME_ORIGIN)
    assert response.headers["Location"] == "/"


def test_the_switcher_works_with_an_origin_header_alone(client):
    """Browsers that send no Fetch Metadata send Origin with every form POST."""
    assert client.post("/language", data={"lang": "kk"}, headers={"Origin": "http://localhost"}).status_code == 303


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


def test_switcher_form_comes_back_to_the_current_page_without_its_lang(client, create_event):
    create_event(slug="forum")
    page = client.get("/events/forum/agenda?lang=en&day=2&lang_sig=x").get_data(as_text=True)
    assert 'action="/language"' in page
    assert 'name="next" value="/events/forum/agenda?day=2"' in page
    for code in ("en", "ru", "kk"):
        assert f'name="lang" value="{code}"' in page


# --- countries and their order ---------------------------------------------------------------

NOT_COUNTRIES = ("псевдо", "Bidi", "еврозона", "Организация Объединенных Наций", "жалған акцент", "Еуропа одағы",
                 "Европейский союз", "Внешняя Океания", "Pseudo", "Eurozone", "United Nations")


def test_country_list_is_iso_3166_in_every_language(ctx):
    from app.core.i18n import country_choices, country_name, is_country_code

    for lang in ("ru", "kk", "en"):
        choices = country_choices(lang)
        assert len(choices) == 249 and len({code for code, _ in choices}) == 249
        names = [name for _, name in choices]
        assert not [name for name in names if any(word in name for word in NOT_COUNTRIES)]
    assert dict(country_choices("kk"))["KZ"] == "Қазақстан" and dict(country_choices("ru"))["KZ"] == "Казахстан"
    for pseudo in ("XA", "XB", "EZ", "EU", "UN", "QO", "XK", "ZZ"):
        assert not is_country_code(pseudo) and country_name(pseudo, "ru") == pseudo
    assert is_country_code("KZ") and country_name("GB", "kk") == "Ұлыбритания"


def test_countries_sort_by_each_languages_alphabet_not_code_points(ctx):
    from app.core.i18n import country_choices

    kk = [name for _, name in country_choices("kk")]
    # Kazakh letters follow their Russian neighbours (by code point they would all come after Я).
    assert kk.index("Куба") < kk.index("Қазақстан") < kk.index("Қытай") < kk.index("Лаос")
    assert kk.index("Оман") < kk.index("Өзбекстан") < kk.index("Пәкістан")
    assert kk.index("Уругвай") < kk.index("Ұлыбритания") < kk.index("Үндістан") < kk.index("Фиджи")
    assert kk[-1] == "Ямайка"
    ru = [name for _, name in country_choices("ru")]
    assert ru[:2] == ["Австралия", "Австрия"] and ru[-1] == "Япония"
    en = [name for _, name in country_choices("en")]
    assert en.index("Afghanistan") < en.index("Åland Islands") < en.index("Albania")  # Å is an A, not after Z
    assert en[-1] == "Zimbabwe"


def test_kazakh_collation_follows_the_kazakh_alphabet(ctx):
    from app.core.collation import sort_key

    alphabet = "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я".split()
    shuffled = alphabet[::-1][::2] + alphabet[::-1][1::2]
    assert sorted(shuffled, key=sort_key("kk")) == alphabet
    assert sorted([letter.upper() for letter in shuffled], key=sort_key("kk")) == [a.upper() for a in alphabet]
    assert sorted(["Ёлка", "Еюя", "Әлия", "Ая", "Ыя", "Іле", "Ью"], key=sort_key("kk")) == \
        ["Ая", "Әлия", "Еюя", "Ёлка", "Ыя", "Іле", "Ью"]
    # Russian keeps Ё with the Е's (an accent, not a letter of its own), as Russian dictionaries do.
    assert sorted(["Ёлка", "Еюя", "Ежи"], key=sort_key("ru")) == ["Ежи", "Ёлка", "Еюя"]


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
