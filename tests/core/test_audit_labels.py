"""Every action code the app records in the activity log has words, in every language, and the
organiser's and the administrator's log pages show them (the code stays beside them, small)."""
import re
from pathlib import Path

import pytest

from app.core.audit import audit_action_codes
from app.core.models import record_audit
from app.extensions import db
from tests.conftest import translated

APP = Path(__file__).resolve().parents[2] / "app"
# A record_audit call names its code as a literal, or through a variable set to one of a few literals.
_CODE = re.compile(r"\"((?:admin|agenda|event|materials|messages|notes|registration|reminder|session_place|speakers|"
                   r"team|trainings)\.[a-z_]+)\"")


def _recorded_codes() -> set[str]:
    codes = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"record_audit\((?:[^()]|\([^()]*\))*\)", text):
            codes.update(_CODE.findall(call.group(0)))
        for assignment in re.finditer(r"\baction = (\"[^\"]+\")", text):
            codes.update(_CODE.findall(assignment.group(1)))
    return codes


def test_every_recorded_action_has_a_label_translated_into_russian_and_kazakh(app):
    recorded = _recorded_codes()
    assert len(recorded) > 60 and "registration.approved" in recorded and "registration.field_added" in recorded
    assert recorded - audit_action_codes() == set()
    from app.core.audit import _ACTIONS

    for code in sorted(recorded):
        for lang in ("ru", "kk"):
            translated(app, lang, _ACTIONS[code]._args[0])


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_log_pages_show_words_in_the_readers_language_and_keep_the_code_small(app, client, create_event,
                                                                                  create_user, login, lang):
    organiser = create_user(email="org@example.org")
    admin = create_user(email="admin@example.org", is_admin=True)
    event = create_event(organiser=organiser, slug="forum")
    with app.app_context():
        from app.events.models import Event

        record_audit(organiser, "registration.approved", db.session.get(Event, event.id), registration=1)
        record_audit(organiser, "legacy.unknown_code", db.session.get(Event, event.id))
        db.session.commit()
    words = translated(app, lang, "Registration approved")
    for user, path in ((organiser, f"/manage/events/forum/audit?lang={lang}"), (admin, f"/admin/audit?lang={lang}")):
        login(user)
        page = client.get(path).get_data(as_text=True)
        assert f"<td>{words}<br>" in page, path
        assert "<code>registration.approved</code></small>" in page
        assert "<td>legacy.unknown_code<br>" in page  # an entry of an older version: its code
