"""axe-core (WCAG 2.1 A and AA) on every page type, in English, Russian and Kazakh.

The demo (the model forum, the model training and its next edition) gives every page real content. The
pages of each kind of user are visited in turn: anonymous visitors, a participant, a speaker, check-in staff,
the rapporteur, the forum's organiser, the site administrator and the training's organiser; a few pages are also checked in a state
reached by using them (a check-in result, a form sent back with its errors).

A page type is checked in one language, the languages taking turns down each person's list (and starting from a
different one for each person), so every language is checked on a third of the pages: a template's structure,
which is what axe judges, is the same in every language, and checking each page three times tripled the suite's
longest test. Pages whose path starts with "*" are checked in all three. One tab per language runs axe side by
side with the others.

Templates and styles are the same whatever the database: these run on one (tests/conftest.py, ONE_DATABASE_DIRS).
"""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}"
PASSWORD = "convene-demo"
FORUM = "npm-forum-astana-2017"
TRAINING = "npm-monitors-training-2017"
A11Y_TOKEN = "a11y-check-invitation-token"
LANGUAGES = ("en", "ru", "kk")


def _describe(result) -> list[str]:
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


def _violations(page) -> list[str]:
    return _describe(page.evaluate(f"axe.run(document, {RULES})"))


def _violations_in_each(pages: dict) -> dict[str, list[str]]:
    """axe on several pages at once (each tab runs it in its own renderer), {key: violations}."""
    for page in pages.values():
        page.evaluate(f"() => {{ window.__axe = axe.run(document, {RULES}); }}")
    return {key: _describe(page.evaluate("window.__axe")) for key, page in pages.items()}


@pytest.fixture
def demo(app, demo_data):
    """The demo; the ids the page addresses need."""
    from app.accounts.models import User
    from app.accounts.services import make_password_reset_token
    from app.agenda.models import Person, Session, SessionKind
    from app.events.models import Event
    from app.extensions import db
    from app.materials.models import InvitationStatus, Material, SpeakerInvitation
    from app.materials.speakers import _hash
    from app.messages.optout import token_for
    from app.notes.models import Note
    from app.registration.models import Registration, RegistrationField, RegistrationStatus
    from app.trainings.models import Certificate, FeedbackSurvey

    def first(statement):
        value = db.session.scalar(statement.limit(1))
        assert value is not None, str(statement)
        return value

    with app.test_request_context():
        events = {e.slug: e for e in db.session.scalars(db.select(Event))}
        forum, training = events[FORUM], events[TRAINING]
        upcoming = next(slug for slug in events if slug.startswith("npm-monitors-training-") and slug != TRAINING)
        participant = first(db.select(User).where(User.email == "a.zhaksylykova@example.org"))
        speaker = first(db.select(Person).where(Person.event_id == forum.id, Person.user_id.is_not(None)))
        invitation = first(db.select(SpeakerInvitation).where(SpeakerInvitation.event_id == forum.id,
                                                              SpeakerInvitation.status == InvitationStatus.PENDING))
        invitation.token_hash = _hash(A11Y_TOKEN)  # the real token only travels by e-mail
        ids = {
            "upcoming": upcoming,
            "session": first(db.select(Session.id).where(Session.event_id == forum.id,
                                                         Session.kind != SessionKind.BREAK).order_by(Session.id)),
            "noted_session": first(db.select(Note.session_id).where(
                Note.event_id == forum.id, Note.session_id.is_not(None), Note.language == "ru").order_by(Note.id)),
            "module": first(db.select(Session.id).where(Session.event_id == training.id,
                                                        Session.kind == SessionKind.TRAINING_MODULE)
                            .order_by(Session.starts_at)),
            "limited_module": first(db.select(Session.id).where(Session.event_id == events[upcoming].id,
                                                                Session.capacity.is_not(None)).order_by(Session.id)),
            "person": speaker.id,
            "speaker_session": first(db.select(Session.id).where(Session.people.any(person_id=speaker.id))),
            "material": first(db.select(Material.id).where(Material.event_id == forum.id,
                                                           Material.current_version_id.is_not(None))),
            "registration": first(db.select(Registration.id).where(Registration.event_id == forum.id)),
            "ticket": first(db.select(Registration.ticket_code).where(
                Registration.event_id == forum.id, Registration.user_id == participant.id,
                Registration.status == RegistrationStatus.CONFIRMED)),
            "field": first(db.select(RegistrationField.id).where(RegistrationField.event_id == forum.id)),
            "survey": first(db.select(FeedbackSurvey.id).where(FeedbackSurvey.event_id == training.id)
                            .order_by(FeedbackSurvey.id)),
            "certificate": first(db.select(Certificate.code).where(Certificate.event_id == training.id)),
            "reset": make_password_reset_token(participant),
            "participant_account": participant.id,
        }
        ids["unsubscribe"] = token_for(first(db.select(Registration.id).where(
            Registration.event_id == forum.id, Registration.user_id == participant.id)))
        db.session.commit()
    return ids


def _page_sets(ids) -> list[tuple[str | None, list[str]]]:
    """(who signs in, the pages they open): one page of each type, paths only (the language is added)."""
    f, t, u = f"/events/{FORUM}", f"/events/{TRAINING}", f"/events/{ids['upcoming']}"
    mf, mt = f"/manage/events/{FORUM}", f"/manage/events/{TRAINING}"
    notes, note = f"{mf}/notes", f"{mf}/notes/session:{ids['noted_session']}"
    return [
        (None, [
            "*/", f, f"*{f}/agenda", f"{f}/agenda/rooms", f"{f}/agenda/tracks", f"{f}/speakers",
            f"{f}/sessions/{ids['noted_session']}", f"{u}/sessions/{ids['limited_module']}", f"{f}/materials",
            f"{f}/report",
            f"/certificates/{ids['certificate']}", f"/invitations/speaker/{A11Y_TOKEN}",
            "/account/login", "/account/signup", "/account/password/forgot", f"/account/password/reset/{ids['reset']}",
            "/account/password/reset/not-a-token", "/account/verify/resend", "/no-such-page",
            f"/unsubscribe/{ids['unsubscribe']}",
        ]),
        ("a.zhaksylykova@example.org", [
            f"*{u}/register", f"{f}/registration", f"{f}/registration/cancel", f"{f}/registration/erase",
            f"/tickets/{ids['ticket']}", f"{t}/my-attendance", f"{t}/feedback", f"{t}/feedback/{ids['survey']}",
            "/my/agenda", "/me/", "/account/profile",
        ]),
        ("speaker@example.org", [
            "/speaker", f"/speaker/events/{FORUM}", f"/speaker/events/{FORUM}/profile",
            f"/speaker/events/{FORUM}/sessions/{ids['speaker_session']}/materials/new",
        ]),
        ("checkin@example.org", [
            f"{mf}/checkin", f"{mt}/checkin", f"{mt}/attendance", f"{mt}/attendance/{ids['module']}",
            f"{mt}/attendance/{ids['module']}/roll-call",
            # The live on-the-day view: the upcoming training's first morning, its large type, a search.
            f"*/manage/events/{ids['upcoming']}/live", f"/manage/events/{ids['upcoming']}/live?screen=1",
            f"/manage/events/{ids['upcoming']}/live?q=ов",
        ]),
        ("rapporteur@example.org", [
            notes, f"{note}/ru", f"{note}/kk", f"{mf}/notes/event/en", f"{note}/ru/revisions", f"{note}/ru/diff",
        ]),
        ("organiser@example.org", [
            "/me/", "/manage/events/new", f"*{mf}/", f"{mf}/edit", f"{mf}/team", f"{mf}/clone", f"{mf}/audit",
            f"{mf}/agenda", f"{mf}/agenda/list", f"{mf}/agenda/rooms", f"{mf}/agenda/tracks", f"{mf}/agenda/people",
            f"{mf}/agenda/people/{ids['person']}/edit", f"{mf}/agenda/sessions/new",
            f"{mf}/agenda/sessions/{ids['session']}/edit", f"{mf}/agenda/sessions/{ids['session']}/move",
            f"{mf}/agenda/publish",
            f"{mf}/registrations?status=confirmed&sort=-name", f"{mf}/registrations/{ids['registration']}",
            f"{mf}/registrations/{ids['registration']}/badge", f"{mf}/registration-form",
            f"{mf}/registration-form/{ids['field']}", f"{mf}/invitations",
            f"{mf}/materials", f"{mf}/materials/{ids['material']}/edit", f"{mf}/materials/{ids['material']}/versions",
            f"{mf}/speakers", f"{mf}/speakers/{ids['person']}/invite", notes, f"*{mf}/interpretation",
        ]),
        ("admin@example.org", [
            "/admin/", "/admin/users", "/admin/users?q=айгүл", f"/admin/users/{ids['participant_account']}",
            "/admin/events", "/admin/audit", "/admin/audit?scope=site",
        ]),
        ("training@example.org", [
            f"*{mt}/",  # the dashboard of a training: registrations, answers, feedback (the forum's is above)
            f"/manage/events/{ids['upcoming']}/places", f"/manage/events/{ids['upcoming']}/messages",
            f"/manage/events/{ids['upcoming']}/messages/new", f"/manage/events/{ids['upcoming']}/reminders",
            f"/manage/events/{ids['upcoming']}/sessions/{ids['limited_module']}/places",
            f"{mt}/attendance", f"{mt}/certificates", f"{mt}/feedback", f"{mt}/feedback/{ids['survey']}",
            f"{mt}/feedback/{ids['survey']}/results", f"{mt}/feedback/{ids['survey']}/questions/new",
        ]),
    ]


def _desks_in_use(page, base: str, lang: str, ids) -> dict[str, list[str]]:
    """The desks in a state reached by using them, as the check-in staff."""
    found = {}
    page.goto(f"{base}/manage/events/{FORUM}/checkin?lang={lang}")
    page.locator("#code").fill(ids["ticket"])
    page.locator("#code").press("Enter")
    page.locator(".checkin-result").wait_for()
    found["check-in result"] = _violations(page)
    page.locator("#code").fill("NO-SUCH-TICKET")
    page.locator("#code").press("Enter")
    page.locator(".result-not_found").wait_for()
    found["check-in: ticket not found"] = _violations(page)
    page.goto(f"{base}/manage/events/{FORUM}/checkin?lang={lang}&q=комиссия")  # people found by name
    page.locator("[data-match]").first.wait_for()
    found["check-in: people found by name"] = _violations(page)
    page.goto(f"{base}/manage/events/{TRAINING}/attendance/{ids['module']}?lang={lang}")
    page.locator("#code").fill("NO-SUCH-TICKET")
    page.locator("#code").press("Enter")
    page.locator(".result-not_found").wait_for()
    found["attendance desk result"] = _violations(page)
    return found


def _account_pages_in_use(page, base: str, lang: str) -> dict[str, list[str]]:
    """The sign-up form sent back with its errors, and the page that says a link is on its way."""
    found = {"sign-up with errors": _with_errors(page, base, lang, "/account/signup")}
    page.goto(f"{base}/account/password/forgot?lang={lang}")
    page.locator("#email").fill("nobody@example.org")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator("main form").count() == 0  # the form gave way to the message
    found["check your e-mail"] = _violations(page)
    return found


def _with_errors(page, base: str, lang: str, path: str) -> list[str]:
    """Send a form empty: the page comes back with its errors."""
    page.goto(f"{base}{path}?lang={lang}")
    page.locator("main form[method=post]:not(.inline-form) [type=submit]").last.click()
    page.locator(".alert-error, .error").first.wait_for()
    return _violations(page)


def _signed_in_pages(browser, base: str, email: str | None) -> dict:
    """One tab per language, each in a profile of its own, signed in as `email` (or anonymous)."""
    pages = {}
    for lang in LANGUAGES:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(10_000)
        if email:
            page.goto(f"{base}/account/login?lang={lang}")
            page.locator("#email").fill(email)
            page.locator("#password").fill(PASSWORD)
            page.locator("form.card button[type=submit]").click()
            page.locator("form[action='/account/logout']").wait_for(state="attached")
        pages[lang] = page
    return pages


def _open_in_each(pages: dict, base: str, paths: dict) -> dict:
    """Open paths[lang] in the tab of each language at once; {lang: response}."""
    with ExitStack() as stack:
        navigations = {lang: stack.enter_context(pages[lang].expect_navigation()) for lang in paths}
        for lang, path in paths.items():
            pages[lang].evaluate("url => { window.location.href = url; }",
                                 f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
    return {lang: navigation.value for lang, navigation in navigations.items()}


def _in_turns(paths: list[str], start: int) -> list[dict]:
    """Rounds of {lang: path}: each path in one language, the languages taking turns from `start`; a path
    starting with "*" in every language. A round opens at most one page per language tab."""
    queues = {lang: [] for lang in LANGUAGES}
    for index, path in enumerate(paths):
        if path.startswith("*"):
            for lang in LANGUAGES:
                queues[lang].append(path[1:])
        else:
            queues[LANGUAGES[(index + start) % len(LANGUAGES)]].append(path)
    rounds = max(len(queue) for queue in queues.values())
    return [{lang: queue[i] for lang, queue in queues.items() if i < len(queue)} for i in range(rounds)]


# One test per person (the organiser's many pages in two halves), so that xdist spreads them over its workers.
WHO = ["anonymous", "a.zhaksylykova@example.org", "speaker@example.org", "checkin@example.org",
       "rapporteur@example.org", "organiser@example.org#1", "organiser@example.org#2", "admin@example.org",
       "training@example.org"]


@pytest.mark.parametrize("who", WHO)
def test_every_page_type_has_no_axe_violations_in_any_language(browser, live_server, demo, who):
    person, _, part = who.partition("#")
    email = None if person == "anonymous" else person
    [paths] = [paths for someone, paths in _page_sets(demo) if someone == email]
    if part:
        half = (len(paths) + 1) // 2
        paths = paths[:half] if part == "1" else paths[half:]
    last_part = part in ("", "2")  # the forms in use are checked once per person
    start = WHO.index(who)
    problems = {}
    pages = _signed_in_pages(browser, live_server, email)
    for paths_now in _in_turns(paths, start):
        for lang, response in _open_in_each(pages, live_server, paths_now).items():
            path = paths_now[lang]
            assert response.status < 400 or path in ("/no-such-page", "/account/password/reset/not-a-token"), \
                (email, path, lang, response.status)
            assert pages[lang].locator("html").get_attribute("lang") == lang, (path, lang)
        for lang, found in _violations_in_each({lang: pages[lang] for lang in paths_now}).items():
            if found:
                problems[f"{lang} {email or 'anonymous'} {paths_now[lang]}"] = found
    # The forms in use, each in one language (turning as the pages do).
    turn = iter(LANGUAGES[(start + i) % len(LANGUAGES)] for i in range(100))
    if email is None:
        lang = next(turn)
        for label, found in _account_pages_in_use(pages[lang], live_server, lang).items():
            if found:
                problems[f"{lang} {label}"] = found
    if email == "checkin@example.org":
        lang = next(turn)
        for label, found in _desks_in_use(pages[lang], live_server, lang, demo).items():
            if found:
                problems[f"{lang} {label}"] = found
    if email == "organiser@example.org" and last_part:
        for path in (f"/manage/events/{FORUM}/registrations/add", f"/manage/events/{FORUM}/agenda/people/new",
                     f"/manage/events/{FORUM}/materials/new", f"/manage/events/{FORUM}/registration-form/new"):
            lang = next(turn)
            found = _with_errors(pages[lang], live_server, lang, path)
            if found:
                problems[f"{lang} {path} with errors"] = found
    if email == "a.zhaksylykova@example.org":
        lang = next(turn)
        found = _with_errors(pages[lang], live_server, lang, f"/events/{demo['upcoming']}/register")
        if found:
            problems[f"{lang} register with errors"] = found
    for page in pages.values():
        page.context.close()
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
