"""A message as one recipient receives it: their language's version (or the event's main language
with a note saying so), placeholders filled, Markdown as plain text and as sanitised HTML.

The composer's preview and the outbox use the same render(), so the preview is what is sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.core.i18n import current_language, format_date_range, format_datetime_in, language_in_text, localize
from app.core.mail import mail_link
from app.core.markdown import render_markdown

PLACEHOLDERS: dict[str, object] = {
    "name": _l("the recipient's name"),
    "event": _l("the event's title"),
    "venue": _l("the venue"),
    "dates": _l("the event's dates"),
    "event_link": _l("a link to the event's page"),
    "registration_link": _l("a link to the participant's registration page"),
    "ticket_link": _l("a link to the participant's ticket (without a ticket: their registration page)"),
    "my_agenda_link": _l("a link to the recipient's personal agenda"),
    "session_list": _l("the participant's places in limited sessions; for speakers, their sessions without material"),
}
LINKS = {"event_link", "registration_link", "ticket_link", "my_agenda_link"}
# The placeholders that are the same for every recipient (filled in the organisers' record) and short
# names of the others (each recipient's own: the record shows them as a marked label).
EVENT_PLACEHOLDERS = ("event", "venue", "dates")
PERSONAL_LABELS: dict[str, object] = {
    "name": _l("recipient's name"),
    "event_link": _l("event link"),
    "registration_link": _l("registration link"),
    "ticket_link": _l("ticket link"),
    "my_agenda_link": _l("personal agenda link"),
    "session_list": _l("their sessions"),
}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in `text` that are not placeholders, in order, each once."""
    return list(dict.fromkeys(name for name in _PLACEHOLDER.findall(text or "") if name not in PLACEHOLDERS))


@dataclass(frozen=True)
class Person:
    """What the placeholders need of a recipient (filled by the service from a registration, or not)."""

    name: str
    language: str
    ticket_code: str | None = None  # a confirmed participant's ticket
    has_registration: bool = False
    sessions: tuple = ()  # (title dict, starts_at) of their places, or a speaker's sessions


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: Markup
    language: str  # the version's language
    locale: str  # the language of the mail around it (the recipient's, when Convene speaks it)
    fallback_note: str  # "" when the recipient's own language was written


def _values(event, person: Person, locale: str, text_lang: str, used: set[str]) -> dict[str, str]:
    """Placeholder values of the names in `used` (the others are not worked out: a link takes a URL
    build, and a send renders this once per recipient): text in the version's language
    (`text_lang`), and links built with mail_link() (absolute, on the configured base URL, opening
    the page in the recipient's language)."""
    def registration():
        return mail_link("registration.my_registration", slug=event.slug)

    def ticket():
        return mail_link("registration.ticket", code=person.ticket_code) if person.ticket_code else registration()

    def sessions():
        return "\n".join(
            f"- {localize(title, event.default_language, lang=text_lang)} ({format_datetime_in(starts_at, event.timezone)})"
            for title, starts_at in person.sessions) or "—"

    makers = {
        "name": lambda: person.name,
        "event": lambda: localize(event.title, event.default_language, lang=text_lang),
        "venue": lambda: localize(event.venue, event.default_language, lang=text_lang),
        "dates": lambda: format_date_range(event.start_date, event.end_date),
        "event_link": lambda: mail_link("events.event_page", slug=event.slug).url(locale),
        "registration_link": lambda: registration().url(locale),
        "ticket_link": lambda: ticket().url(locale),
        "my_agenda_link": lambda: mail_link("my_agenda.my_agenda").url(locale),
        "session_list": sessions,
    }
    return {name: make() for name, make in makers.items() if name in used}


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def fill(source: str, values: dict[str, str], *, markdown: bool) -> str:
    """Put the values in; for Markdown, text is escaped (a name is never markup) and a link that
    is not already a link target becomes an autolink."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values[name]
        if not markdown:
            return value
        if name in LINKS:
            inside_link = source[max(0, match.start() - 2):match.start()] == "]("
            return value if inside_link else f"<{value}>"
        if name == "session_list":
            return "\n".join("- " + _escaped(line[2:]) if line.startswith("- ") else _escaped(line)
                             for line in value.splitlines())
        return _escaped(value)

    return _PLACEHOLDER.sub(lambda m: replace(m) if m.group(1) in values else m.group(0), source or "")


def render(event, subject: dict, body: dict, person: Person) -> RenderedMessage:
    """The message `person` receives. Raises KeyError for an unknown placeholder (the form refuses them)."""
    wanted = person.language
    version = wanted if body.get(wanted) and subject.get(wanted) else event.default_language
    locale = wanted if wanted in current_app.config["LANGUAGES"] else version
    with force_locale(locale):
        used = set(_PLACEHOLDER.findall(subject.get(version, "") or "")) | set(
            _PLACEHOLDER.findall(body.get(version, "") or ""))
        values = _values(event, person, locale, version, used)
        note = ""
        if version != wanted:
            note = _("This message was not written in %(language)s: here is its %(original)s version.",
                     language=language_in_text(wanted), original=language_in_text(version))
        for text in (subject.get(version, ""), body.get(version, "")):
            unknown = unknown_placeholders(text)
            if unknown:
                raise KeyError(unknown[0])
        subject_text = " ".join(fill(subject.get(version, ""), values, markdown=False).split())
        source = body.get(version, "")
        text = fill(source, values, markdown=False)
        html = render_markdown(fill(source, values, markdown=True))
    if note:
        text = f"{note}\n\n{text}"
        html = Markup('<p lang="{}"><em>{}</em></p>\n').format(locale, escape(note)) + html
    return RenderedMessage(subject=subject_text, text=text, html=Markup(f'<div lang="{version}">') + html
                           + Markup("</div>"), language=version, locale=locale, fallback_note=note)


def history_subject(event, subject: dict) -> Markup:
    """A message's subject as the organisers' record shows it: the version in the reader's language
    (else the event's main one), with the placeholders that are the same for everyone ({event},
    {venue}, {dates}) filled in as every recipient got them, and each recipient's own ones ({name},
    links...) shown as a marked label ("‹recipient's name›"), since they differ from one recipient
    to the next (a participant's own pages show the subject they got, from the outbox)."""
    reader = current_language()
    version = reader if subject.get(reader) else event.default_language
    source = subject.get(version) or next((text for text in subject.values() if text), "")
    values = {"event": localize(event.title, event.default_language, lang=version),
              "venue": localize(event.venue, event.default_language, lang=version),
              "dates": format_date_range(event.start_date, event.end_date)}
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(source):
        name = match.group(1)
        parts.append(escape(source[position:match.start()]))
        if name in values:
            parts.append(escape(values[name]))
        elif name in PERSONAL_LABELS:
            parts.append(Markup('<span class="placeholder-token">‹{}›</span>').format(PERSONAL_LABELS[name]))
        else:
            parts.append(escape(match.group(0)))
        position = match.end()
    parts.append(escape(source[position:]))
    text = Markup(" ".join(Markup("").join(parts).split()))
    if version != reader:
        return Markup('<span lang="{}">{}</span>').format(version, text)
    return text
