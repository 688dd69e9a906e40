"""Locale selection, multilingual content and locale-aware formatting.

Locale order (PRODUCT.md): ?lang= for that one response > user preference >
explicit choice (switcher, remembered in the session) > Accept-Language > the
event's default language. The switcher is a POST form (core/views.py); while
signed in it sets the user's preference, so the two never disagree and mail
follows the same choice. A GET never changes what is stored, except that a
signed ?lang= from a mail link is remembered for an anonymous visitor
(core/requests.py, core/urls.py).
"""
from __future__ import annotations

import functools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, available_timezones

import pycountry
from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, get_date_format, get_time_format, get_timezone_location
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal, format_percent
from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.core.collation import sort_key


def languages() -> dict[str, str]:
    """The configured UI languages: {code: name in that language}."""
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    langs = languages()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    explicit = request.args.get("lang")
    if explicit in langs:
        return explicit
    user = current_user
    if user and user.is_authenticated and user.preferred_language in langs:
        return user.preferred_language
    requested = requested_language()
    if requested:
        return requested
    event_default = g.get("event_default_language")
    if event_default in langs:
        return event_default
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def requested_language() -> str | None:
    """The language the request itself asks for, a signed-in user's preference aside: ?lang=,
    then the choice remembered in the session, then Accept-Language. None when it asks for
    none of ours, and the page's own default (the event's language) decides."""
    langs = languages()
    for wanted in (request.args.get("lang"), session.get("lang")):
        if wanted in langs:
            return wanted
    return request.accept_languages.best_match(list(langs))


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


class Localized(str):
    """Text picked from a {locale: text} mapping, remembering which language it is in."""

    lang: str
    is_fallback: bool

    def __new__(cls, text: str, lang: str, is_fallback: bool):
        obj = super().__new__(cls, text)
        obj.lang = lang
        obj.is_fallback = is_fallback
        return obj


def localize(translations: dict[str, str] | None, *fallbacks: str | None, lang: str | None = None) -> Localized:
    """Pick the reader's language from a multilingual value.

    Tries `lang` (default: the current locale), then each fallback in order
    (normally the event's default language), then any language present, so a
    reader always gets some text when there is any.
    """
    translations = translations or {}
    wanted = lang or current_language()
    for candidate in (wanted, *fallbacks):
        if candidate and translations.get(candidate):
            return Localized(translations[candidate], candidate, candidate != wanted)
    for candidate, text in sorted(translations.items()):
        if text:
            return Localized(text, candidate, True)
    return Localized("", wanted, False)


def language_name(code: str, in_locale: str | None = None) -> str:
    """The name of a language, in the reader's language ("русский", "Russian")."""
    try:
        name = Locale.parse(code).get_display_name(in_locale or current_language())
    except (ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code


def language_in_text(code: str, in_locale: str | None = None) -> str:
    """A language's name as it is written inside a sentence ("казахский", "қазақ тілі", "Kazakh"),
    in the reader's language or `in_locale`: language_name capitalises it for lists and menus."""
    try:
        return Locale.parse(code).get_display_name(in_locale or current_language()) or code
    except (ValueError, TypeError):
        return code


# ISO 3166-1 alpha-2, from pycountry (the Debian iso-codes data). CLDR's territory names also
# have regions and pseudo-locales ("Европейский союз" EU, "еврозона" EZ, "ООН" UN, "псевдо-Bidi"
# XB, "жалған акцент" XA, "Внешняя Океания" QO, Kosovo's provisional XK...): they are no countries.
COUNTRY_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)


def is_country_code(code: str | None) -> bool:
    return code in COUNTRY_CODES


@functools.lru_cache(maxsize=8)
def _sorted_countries(locale: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(locale).territories
    names = {code: territories.get(code) or pycountry.countries.get(alpha_2=code).name for code in COUNTRY_CODES}
    key = sort_key(locale)
    return tuple(sorted(names.items(), key=lambda pair: key(pair[1])))


def country_choices(in_locale: str | None = None) -> list[tuple[str, str]]:
    """The ISO 3166 countries as (code, name in the reader's language), in that language's
    alphabetical order (Unicode collation: Қазақстан after Куба, Ұлыбритания after Уругвай)."""
    return list(_sorted_countries(in_locale or current_language()))


def country_name(code: str | None, in_locale: str | None = None) -> str:
    """A country's name in the reader's language; an unknown code is shown as it is."""
    if not code:
        return ""
    if code not in COUNTRY_CODES:
        return code
    return Locale.parse(in_locale or current_language()).territories.get(code) or code


_TIMEZONES: frozenset[str] | None = None


def is_valid_timezone(name: str) -> bool:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(available_timezones())
    return name in _TIMEZONES


def timezone_choices() -> list[str]:
    is_valid_timezone("UTC")
    return sorted(tz for tz in _TIMEZONES if "/" in tz and not tz.startswith(("Etc/", "SystemV/"))) + ["UTC"]


# --- numbers, dates and times: always through Babel, in the reader's locale --------------------

# One date style per context; templates and code name the context, never a width of their own.
#   "day"       a day as a heading (agenda days, reports)       вторник, 16 мая 2017 г.
#   "date"      a date in a sentence or a document                16 мая 2017 г.
#   "compact"   a date in a table, a card, a tab                  16 мая 2017 г. / 2017 ж. 16 мам.
# Moments (a registration, a publication, an entry of a log) are a compact date and a time of day
# without seconds: format_datetime_in. Babel's widths as arguments are read as the context they
# served ("full" a heading, "long" running text, "medium"/"short" a table).
DATE_STYLES = {"day": "full", "date": "long", "compact": "medium"}
_WIDTH_STYLE = {"full": "day", "long": "date", "medium": "compact", "short": "compact"}


def _date_width(style: str) -> str:
    return DATE_STYLES[_WIDTH_STYLE.get(style, style)]


def format_date(value: date, style: str = "date") -> str:
    return babel_format_date(value, format=_date_width(style), locale=current_language())


def format_date_range(start: date, end: date) -> str:
    """"16–17 May 2017" / "16–17 мая 2017 г." in the reader's language."""
    if start == end:
        return format_date(start)
    return format_interval(start, end, skeleton="yMMMMd", locale=current_language())


@functools.lru_cache(maxsize=64)
def _moment_patterns(lang: str) -> tuple:
    """A language's Locale, the pattern joining a moment's time and date, and the patterns of
    both, looked up once: a table of participants formats a hundred moments per page."""
    locale = Locale.parse(lang)
    return (locale, str(locale.datetime_formats["medium"]), get_time_format("short", locale=locale),
            get_date_format(DATE_STYLES["compact"], locale=locale))


def format_datetime_in(value: datetime, tz_name: str, _width: str | None = None) -> str:
    """A UTC moment in an event's time zone: compact date and time of day, never seconds
    ("16 мая 2017 г., 09:30"). One style for every moment, whatever width a caller names."""
    local = value.astimezone(ZoneInfo(tz_name))
    return _local_moment(current_language(), local.date(), local.hour, local.minute)


@functools.lru_cache(maxsize=4096)
def _local_moment(lang: str, day: date, hour: int, minute: int) -> str:
    """A moment's words from its local date and time of day (a table shows many moments of the
    same days and minutes: each is formatted once)."""
    locale, joined, time_pattern, date_pattern = _moment_patterns(lang)
    # What babel's format_time(local, "short") and format_date(local.date(), "medium") do, without
    # parsing the locale and looking the patterns up again for every moment.
    return joined.format(time_pattern.apply(time(hour, minute), locale), date_pattern.apply(day, locale))


def format_date_in(value: datetime, tz_name: str, style: str = "day") -> str:
    """The local date of a UTC datetime in an event's time zone."""
    return format_date(value.astimezone(ZoneInfo(tz_name)).date(), style)


def format_time_in(value: datetime, tz_name: str) -> str:
    """A time of day in an event's time zone, without seconds ("09:30")."""
    return babel_format_time(value, format="short", tzinfo=ZoneInfo(tz_name), locale=current_language())


def format_number(value: float | int, digits: int = 0) -> str:
    """A number with the reader's decimal sign and grouping, with `digits` decimals ("4,0", "1 250")."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=current_language())


def format_share(fraction: float) -> str:
    """A share as a percentage the reader's way ("45 %", "45%")."""
    return format_percent(fraction, locale=current_language())


def timezone_label(tz_name: str) -> str:
    """The city that names a time zone, in the reader's language ("Алматы" for Asia/Almaty), shown
    with its IANA name. Not Babel's zone names: its Russian location format reads "летнее время"
    (summer time) for every zone, and Kazakhstan has none."""
    try:
        return get_timezone_location(ZoneInfo(tz_name), locale=current_language(), return_city=True)
    except LookupError:
        return tz_name
