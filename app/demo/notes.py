"""The demo forum's session notes: Russian originals, some English and Kazakh translations.

The rapporteur writes every Russian note after its session and translates some; the
organiser publishes most of them a week later. The mix makes the translation matrix
show every state:

- missing: sessions with no English or Kazakh text in the notes of data/forum.toml;
- draft: the Russian notes of the closing session, some translations not yet published;
- outdated: the legal-framework panel, whose Russian note got a later revision (one
  more recommendation) after it had been translated;
- published: the rest, and the event's conclusions in all three languages.

Idempotent: a note that exists is left as it is (with whatever was edited since).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.accounts.services import find_user_by_email
from app.agenda.published import published_agenda
from app.demo import specs
from app.notes import services
from app.notes.services import EVENT_SCOPE, session_scope

RAPPORTEUR = "rapporteur@example.org"
SOURCE_LANGUAGE = "ru"
# The Russian note of this session gained a recommendation after it was translated.
REVISED_LATER = "legal-framework"
DRAFTS = {
    "ru": {"closing"},
    "en": {"spain-uk"},
    "kk": {"legal-framework", "public-oversight"},
}
TRANSLATED_ON = {"en": datetime(2017, 5, 22, 5, tzinfo=UTC), "kk": datetime(2017, 5, 24, 5, tzinfo=UTC)}
PUBLISHED_ON = datetime(2017, 5, 26, 4, tzinfo=UTC)
REVISED_ON = datetime(2017, 5, 29, 6, tzinfo=UTC)
CONCLUSIONS_WRITTEN_ON = datetime(2017, 5, 18, 9, tzinfo=UTC)


def without_last_item(text: str) -> str:
    """The text without its last list item (what the note said before the later revision)."""
    lines = text.split("\n")
    items = [i for i, line in enumerate(lines) if line.startswith("- ")]
    if len(items) < 2:
        return text
    del lines[items[-1]]
    previous = items[-2]
    lines[previous] = lines[previous].rstrip(";") + "."
    return "\n".join(lines)


def _load_scope(event, scope: str, texts: dict, key: str, written_at: datetime, order: int, rapporteur,
                organiser) -> int:
    created = 0
    revised = key == REVISED_LATER
    source = services.note_for(event, scope, SOURCE_LANGUAGE)
    new_source = source is None
    if new_source:
        first = without_last_item(texts[SOURCE_LANGUAGE]) if revised else texts[SOURCE_LANGUAGE]
        source = services.save_note(event, scope, SOURCE_LANGUAGE, rapporteur, first, base_revision_id=None,
                                    at=written_at).note
        created += 1
    for lang in (lang for lang in event.languages if lang != SOURCE_LANGUAGE and lang in texts):
        if services.note_for(event, scope, lang) is not None:
            continue
        text = without_last_item(texts[lang]) if revised and new_source else texts[lang]
        at = TRANSLATED_ON.get(lang, written_at) + timedelta(minutes=35 * order)
        note = services.save_note(event, scope, lang, rapporteur, text, base_revision_id=None,
                                  source_revision_id=source.current_revision_id, at=at).note
        created += 1
        if key not in DRAFTS.get(lang, ()):
            services.publish_note(event, note, organiser, note.current_revision_id, at=PUBLISHED_ON)
    if new_source:
        if revised:
            services.save_note(event, scope, SOURCE_LANGUAGE, rapporteur, texts[SOURCE_LANGUAGE],
                               base_revision_id=source.current_revision_id, at=REVISED_ON)
        if key not in DRAFTS[SOURCE_LANGUAGE]:
            services.publish_note(event, source, organiser, source.current_revision_id,
                                  at=REVISED_ON if revised else PUBLISHED_ON)
    return created


def load_notes(event) -> int:
    """Notes of the demo forum's published sessions and its conclusions; returns how many notes were created."""
    published = published_agenda(event)
    rapporteur = find_user_by_email(RAPPORTEUR)
    forum = specs.forum()
    organiser = find_user_by_email(forum["organisers"][0]["email"])
    by_title = {session.title.get("en"): session for session in (published.sessions if published else [])}
    created = 0
    for order, spec in enumerate(forum["sessions"]):
        texts = forum["notes"].get(spec["key"])
        session = by_title.get(spec["title"]["en"])
        if not texts or session is None:
            continue
        created += _load_scope(event, session_scope(session.id), texts, spec["key"], session.ends_at + timedelta(hours=3),
                               order, rapporteur, organiser)
    created += _load_scope(event, EVENT_SCOPE, forum["conclusions"], EVENT_SCOPE, CONCLUSIONS_WRITTEN_ON,
                           len(forum["sessions"]), rapporteur, organiser)
    return created
