"""Route × role authorisation matrix: every route of the app, opened by every kind of user.

EXPECTED names, for every endpoint of app.url_map (`static` aside), who may use it. An endpoint
missing from EXPECTED fails test_every_route_is_in_the_matrix, so no route goes unchecked:
when you add a route, add its line here (usually one word, from the vocabulary below).
The expectations come from the permission rules (app/*/permissions.py) and PRODUCT.md, not from what the code
happens to answer; a failure is a bug in the route or a decision to write down here.

Roles (tests/core/role_matrix_world.py builds them, with event A public and event B private)
  anonymous         not signed in
  participant       confirmed registration for A: a ticket, a place in a limited workshop,
                    attendance at a module, a certificate
  speaker           speaker of A's "Opening" session (not of its "Panel"), with the speaker role
  rapporteur        rapporteur on A
  checkin           check-in staff on A
  other_organiser   organiser of B only
  organiser         organiser of A
  admin             site admin, no role on A

Rules: who may
  public            everyone (A is public: event.view; or the page belongs to no event)
  api               everyone; the API ignores cookies and reads as the owner of the personal API token
                    sent (the matrix sends each signed-in role's token under /api/)
  token             whoever holds the secret in the URL: every role with the world's token, and
                    a made-up token is 400/404 for everyone
  authenticated     any signed-in user
  event.create      any signed-in user (EVENT_CREATORS = "approval", the default: the events of users who are
                    neither administrators nor event creators await approval)
  participant-self  the user's own registration, attendance, certificate, feedback, API token: the participant
  participants      confirmed participants and A's team (materials for participants)
  event.team        A's team: speaker, rapporteur, check-in staff, organiser; admins (embargoed materials)
  speaker-self      the speaker's pages and the materials of their own session; organisers, admins
  event.manage      organiser, admin
  event.checkin     check-in staff, organiser, admin
  event.write_notes rapporteur, organiser, admin
  admin             site admins (the administration under /admin/: admin, admin.users, admin.audit,
                    event.approve)

What each role must get
  GET, HEAD     allowed: 200, or the case's `ok` statuses (a redirect, a 303 to a link);
                denied: anonymous -> the login page (401 under /api/), signed in -> 403 or 404;
                anything of a private event the role may not see -> 404, as for an unknown slug.
                Never 5xx; HEAD answers as GET does (not asked of the PDFs: Check(head=False)).
  POST          denied: 403/404/the login page, with a valid CSRF token, and no table changes.
                Allowed: not refused (no 401/403/404/405, no login page, no 5xx); the request runs
                with commits turned into flushes and is rolled back, so the world stays as built
                (what a POST does is the domain tests' business).
  private twin  public/api GET routes whose only arguments are `slug` (and `session_id`) are
                opened on private event B as well: B's team and admins get in; other signed-in
                users and anonymous visitors get 404 (the event does not reveal itself). The API
                answers B's team and admins with their token, and 404 to everyone else and to the
                cookie alone. tests/events/test_private_events.py opens every URL of a private
                event, whatever its rule, as anonymous visitors and non-members.
  foreign ids   routes that take `slug` and an object of the event (an id, a note's scope) are
                opened by B's organiser and the admin with B's slug and A's objects: 403 or
                404, and a POST changes nothing. An object is only reached through its own event.

Adding a route
  "blueprint.endpoint": "event.manage",                               # the usual case
  "blueprint.endpoint": Check("public", ok=(200, 302)),                # other success statuses
  "blueprint.endpoint": Check("event.checkin", args={"session_id": "module"}),  # another world value
  "blueprint.endpoint": [Check("public"), Check("event.manage", args=..., label="why")],  # cases
  "blueprint.endpoint": Check("participant-self", refused_with=(302,)),  # refuses by a redirect
                        # back with a message (the check that no table changed still applies)
URL arguments are filled from the world by DEFAULT_VALUES; `args` maps an argument to another
world value (listed in role_matrix_world.py). The requests and their judging are in
role_matrix_runner.py.
"""
from __future__ import annotations

import pytest

from tests.core.role_matrix_runner import Check, Matrix, routes
from tests.core.role_matrix_world import ROLES, build_world

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
TEAM = frozenset({"speaker", "rapporteur", "checkin", "organiser", "admin"})

RULES: dict[str, frozenset[str]] = {
    "public": frozenset(ROLES),
    "api": frozenset(ROLES),
    "token": frozenset(ROLES),
    "authenticated": SIGNED_IN,
    "event.create": SIGNED_IN,
    "participant-self": frozenset({"participant"}),
    "participants": TEAM | {"participant"},
    "event.team": TEAM,
    "speaker-self": frozenset({"speaker", "organiser", "admin"}),
    "event.manage": frozenset({"organiser", "admin"}),
    "event.checkin": frozenset({"checkin", "organiser", "admin"}),
    "event.write_notes": frozenset({"rapporteur", "organiser", "admin"}),
    "admin": frozenset({"admin"}),
}

# URL argument -> world value, unless a Check says otherwise. Tokens and invitation ids differ
# from route to route, so they have no default: each route names its own.
DEFAULT_VALUES = {
    "slug": "slug", "session_id": "session", "person_id": "person", "room_id": "room", "track_id": "track",
    "member_id": "member", "material_id": "material", "version_id": "version", "registration_id": "registration",
    "field_id": "field", "scope": "scope", "language": "language", "revision_id": "revision", "survey_id": "survey",
    "question_id": "question", "certificate_id": "certificate", "user_id": "account", "message_id": "message",
}

MODULE = {"session_id": "module"}
LIMITED = {"session_id": "session_limited"}

EXPECTED: dict[str, str | Check | list[Check]] = {
    # --- accounts
    "accounts.signup": Check("public", ok=(200, 302)),  # signed-in users are sent home
    "accounts.signup_sent": Check("public", ok=(302,)),  # without a sign-up in this session: to the form
    "accounts.login": Check("public", ok=(200, 302)),
    "accounts.logout": "public",
    "accounts.verify": Check("token", ok=(302,), args={"token": "verify_token"}, to_login=True),
    "accounts.resend_verification": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": Check("token", args={"token": "reset_token"}),
    "accounts.profile": "authenticated",
    "accounts.change_password": "authenticated",
    "api_tokens.create": "authenticated",
    "api_tokens.revoke": Check("participant-self", args={"token_id": "api_token"}),  # others: 404
    # --- site
    "core.healthz": "public",
    # --- site administration
    "admin.index": "admin",
    "admin.users": "admin",
    "admin.user": "admin",
    "admin.change_role": "admin",
    "admin.disable_user": "admin",
    "admin.enable_user": "admin",
    "admin.approvals": "admin",
    "admin.approve_event": Check("admin", args={"slug": "slug_pending"}),
    "admin.refuse_event": Check("admin", args={"slug": "slug_pending"}),
    "admin.audit": "admin",
    "accounts.sign_out_everywhere": "authenticated",
    "core.choose_language": "public",
    "core.favicon": "public",
    "core.apple_touch_icon": "public",
    "core.web_manifest": "public",
    "events.home": "public",
    "events.event_page": "public",
    # --- public agenda and its exports
    "agenda.agenda": "public",
    "agenda.by_room": "public",
    "agenda.by_track": "public",
    "agenda.speakers": "public",
    "agenda.session_page": "public",
    "agenda_exports.agenda_ics": "public",
    "agenda_exports.session_ics": "public",
    "agenda_exports.schedule_xml": "public",
    "agenda_exports.schedule_json": "public",
    "agenda_exports.personal_ics": Check("token", args={"token": "feed_token"}),
    # --- the person's own page
    "events.my_events": "authenticated",
    # --- personal agenda
    "my_agenda.my_agenda": "authenticated",
    "my_agenda.revoke_feed": "authenticated",
    "my_agenda.star": "authenticated",
    # --- read API
    "api.openapi": "api",
    "api.events": "api",
    "api.event": "api",
    "api.sessions": "api",
    "api.speakers": "api",
    "api.rooms": "api",
    "api.materials": "api",
    "api.notes": "api",
    # --- organisers: the event
    "events_manage.my_managed_events": Check("authenticated", ok=(301,)),  # moved into "My events"
    "events_manage.create_event": "event.create",
    "events_manage.dashboard": "event.manage",
    "events_manage.edit_event": "event.manage",
    "events_manage.clone_event": "event.manage",
    "events_manage.team": "event.manage",
    "events_manage.remove_member": "event.manage",
    "events_manage.audit_log": "event.manage",
    # --- organisers: the agenda builder
    "agenda_manage.grid": "event.manage",
    "agenda_manage.session_list": "event.manage",
    "agenda_manage.new_session": "event.manage",
    "agenda_manage.edit_session": "event.manage",
    "agenda_manage.move_session": "event.manage",
    "agenda_manage.move_session_json": "event.manage",
    "agenda_manage.duplicate_session": "event.manage",
    "agenda_manage.delete_session": "event.manage",
    "agenda_manage.rooms": "event.manage",
    "agenda_manage.edit_room": "event.manage",
    "agenda_manage.delete_room": "event.manage",
    "agenda_manage.tracks": "event.manage",
    "agenda_manage.edit_track": "event.manage",
    "agenda_manage.delete_track": "event.manage",
    "agenda_manage.people": "event.manage",
    "agenda_manage.new_person": "event.manage",
    "agenda_manage.edit_person": "event.manage",
    "agenda_manage.delete_person": "event.manage",
    "agenda_manage.publish": "event.manage",
    # --- participants
    "registration.register": Check("public", ok=(200, 302)),  # the registered participant is sent to theirs
    "registration.my_registration": "participant-self",
    "registration.cancel": "participant-self",
    "registration.my_data": "participant-self",
    "registration.erase": "participant-self",
    "registration.ticket": Check("token", args={"code": "ticket_code"}),
    # --- places in limited sessions
    "session_places.join": Check("participant-self", args=LIMITED, refused_with=(302,)),
    "session_places.leave": Check("participant-self", args=LIMITED),
    "session_places.overview": "event.manage",
    "session_places.roster": Check("event.manage", args=LIMITED),
    "session_places.add": Check("event.manage", args=LIMITED),
    "session_places.remove": Check("event.manage", args=LIMITED),
    # --- interpretation planning
    "interpretation.planning": "event.manage",
    "interpretation.export_csv": "event.manage",
    "interpretation.export_xlsx": "event.manage",
    # --- organisers and desk: registrations
    "registration_manage.registrations": "event.manage",
    "registration_manage.add_registration": "event.manage",
    "registration_manage.registration": "event.manage",
    "registration_manage.registration_note": "event.manage",
    "registration_manage.registration_status": "event.manage",
    "registration_manage.badge": "event.manage",
    "registration_manage.export_csv": "event.manage",
    "registration_manage.export_xlsx": "event.manage",
    "registration_manage.form_builder": "event.manage",
    "registration_manage.field_new": "event.manage",
    "registration_manage.field_edit": "event.manage",
    "registration_manage.field_delete": "event.manage",
    "registration_manage.field_move": "event.manage",
    "registration_manage.invitations": "event.manage",
    "registration_manage.invitation_resend": Check("event.manage", args={"invitation_id": "registration_invitation"}),
    "registration_manage.invitation_link_create": "event.manage",
    "registration_manage.invitation_link_revoke": Check("event.manage", args={"invitation_id": "registration_link"}),
    "registration_manage.checkin": "event.checkin",
    "registration_manage.checkin_person": "event.checkin",
    "registration_manage.checkin_undo": "event.checkin",
    "registration_manage.checkin_counts": "event.checkin",
    "registration_manage.live_view": "event.checkin",
    "registration_manage.live_numbers": "event.checkin",
    # --- materials: readers
    "materials.event_materials": "public",
    "materials.event_zip": "public",
    "materials.session_zip": "public",
    "materials.person_photo": "public",  # the speaker is in the published agenda
    "materials.download": [
        Check("public", label="public"),
        Check("participants", args={"material_id": "material_participants"}, label="participants"),
        Check("event.team", args={"material_id": "material_embargoed"}, label="embargoed"),
        Check("event.manage", args={"material_id": "material_organisers"}, label="organisers"),
    ],
    "materials.open_link": Check("public", ok=(303,), args={"material_id": "material_link"}),
    "materials.invitation": Check("token", args={"token": "speaker_invitation_token"}),
    # --- materials: speakers
    "materials.speaker_home": "authenticated",
    "materials.speaker_event": "speaker-self",
    "materials.speaker_profile": Check("speaker-self", ok=(200, 302)),  # organisers: to the speakers page
    "materials.speaker_new_material": [
        Check("speaker-self"),
        Check("event.manage", args={"session_id": "session_other"}, label="not their session"),
    ],
    "materials.speaker_edit_material": [
        Check("speaker-self"),
        Check("event.manage", args={"material_id": "material_other_session"}, label="not their session"),
        Check("event.manage", args={"material_id": "material_organisers"}, label="event-wide"),
    ],
    "materials.speaker_replace_material": [
        Check("speaker-self"),
        Check("event.manage", args={"material_id": "material_other_session"}, label="not their session"),
    ],
    "materials.speaker_delete_material": [
        Check("speaker-self"),
        Check("event.manage", args={"material_id": "material_other_session"}, label="not their session"),
    ],
    # --- materials: organisers
    "materials.manage_materials": "event.manage",
    "materials.new_material": "event.manage",
    "materials.edit_material": "event.manage",
    "materials.replace_material": "event.manage",
    "materials.delete_material": "event.manage",
    "materials.versions": "event.manage",
    "materials.download_version": "event.manage",
    "materials.restore_version": "event.manage",
    "materials.speakers_page": "event.manage",
    "materials.invite_speaker": "event.manage",
    "materials.resend_invitation": Check("event.manage", args={"invitation_id": "speaker_invitation"}),
    # --- notes
    "notes.report": "public",
    "notes.report_pdf_download": Check("public", head=False),
    "notes.matrix": "event.write_notes",
    "notes.editor": "event.write_notes",
    "notes.preview": "event.write_notes",
    "notes.history": "event.write_notes",
    "notes.revision": "event.write_notes",
    "notes.diff": "event.write_notes",
    "notes.restore": "event.write_notes",
    "notes.publish": "event.manage",
    "notes.unpublish": "event.manage",
    "notes.publish_language": "event.manage",
    "notes.unpublish_language": "event.manage",
    # --- trainings: attendance
    "trainings.attendance": "event.checkin",
    "trainings.attendance_module": Check("event.checkin", args=MODULE),
    "trainings.attendance_roll_call": Check("event.checkin", args=MODULE),
    "trainings.attendance_undo": Check("event.checkin", args=MODULE),
    "trainings.attendance_counts": Check("event.checkin", args=MODULE),
    "trainings.my_attendance": "participant-self",
    # --- trainings: certificates
    "trainings.certificates": "event.manage",
    "trainings.completion_rule": "event.manage",
    "trainings.certificate_signatory": "event.manage",
    "trainings.issue_certificates": "event.manage",
    "trainings.certificates_progress": "event.manage",
    "trainings.revoke_certificate": "event.manage",
    "trainings.certificate_pdf_download": Check("event.manage", head=False),
    "trainings.my_certificate": Check("participant-self", head=False),
    "trainings.verify_certificate": Check("token", args={"code": "certificate_code"}),
    # --- trainings: feedback
    "trainings.feedback_surveys": "event.manage",
    "trainings.feedback_new": "event.manage",
    "trainings.feedback_survey": "event.manage",
    "trainings.feedback_delete": "event.manage",
    "trainings.question_new": "event.manage",
    "trainings.question_edit": "event.manage",
    "trainings.question_delete": "event.manage",
    "trainings.question_move": "event.manage",
    "trainings.feedback_results": "event.manage",
    "trainings.feedback_results_csv": "event.manage",
    "trainings.my_feedback": "participant-self",
    "trainings.answer_survey": "participant-self",
    # --- reminders
    "reminders.overview": "event.manage",
    "reminders.edit": Check("event.manage", args={"kind": "reminder_kind"}),
    "reminders.switch": Check("event.manage", args={"kind": "reminder_kind"}),
    # --- messages
    "messages.index": "event.manage",
    "messages.compose": "event.manage",
    "messages.message": "event.manage",
    "messages.cancel": "event.manage",
    "messages.reply_to": "event.manage",
    "messages.daily_limit": "admin",
    # One-click unsubscribe: whoever holds the link (it came in the participant's mail); the participant's own switch.
    "messages_public.unsubscribe": Check("token", args={"token": "unsubscribe_token"}),
    "messages_public.my_messages_choice": "participant-self",
}


def checks_of(endpoint: str) -> list[Check]:
    entry = EXPECTED[endpoint]
    if isinstance(entry, str):
        return [Check(entry)]
    return [entry] if isinstance(entry, Check) else list(entry)


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in routes(app)}
    missing = sorted(endpoints - EXPECTED.keys())
    assert not missing, ("routes the role matrix does not know: add them to EXPECTED in "
                         f"tests/core/test_role_matrix.py with who may use them: {missing}")
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not stale, f"EXPECTED names endpoints that no longer exist: {stale}"
    unknown = sorted({(e, c.rule) for e in EXPECTED for c in checks_of(e) if c.rule not in RULES})
    assert not unknown, f"rules that are not in the vocabulary: {unknown}"


# The routes and rules are the same whatever the database (tests/conftest.py: ONE_DATABASE_DIRS).
@pytest.mark.one_database
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_only_what_it_should(role, app, client, create_user, create_event, monkeypatch):
    from app.extensions import limiter

    limiter.reset()  # the certificate check page takes 60 requests a minute from one address
    world = build_world(app, create_user, create_event)
    matrix = Matrix(app, client, monkeypatch, role=role, world=world, rules=RULES, defaults=DEFAULT_VALUES,
                    checks={endpoint: checks_of(endpoint) for endpoint in EXPECTED})
    failures = matrix.run()
    assert matrix.requests > 300  # the loops did run
    assert not failures, f"{len(failures)} answers to {role} not as EXPECTED:\n  " + "\n  ".join(failures)
