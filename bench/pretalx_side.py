"""The pretalx side of bench/pretalx.py: runs in pretalx's own virtualenv (bench/out/pretalx-venv), never in Convene's.

    PRETALX_CONFIG_FILE=... bench/out/pretalx-venv/bin/python bench/pretalx_side.py seed
    PRETALX_CONFIG_FILE=... bench/out/pretalx-venv/bin/python bench/pretalx_side.py release VERSION NEW_TITLE

`seed` builds, through Django's ORM (as `python -m pretalx shell` would), one public event shaped like
bench/publish.py's: 1,000 sessions over 5 days and 10 rooms (08:00 on, every 30 minutes, 25 minutes each,
Asia/Almaty), six tracks, 300 speakers with a biography, 1-3 speakers a session, a break every tenth slot,
one session in forty cancelled; then releases it as "v1" (`Schedule.freeze`). `release` renames the first
session and releases the WIP schedule under VERSION, as an organiser's "Release new version" does.

Each prints one JSON line: what it did and how long the release took.
This file imports Django and pretalx: Convene's own code never imports it.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a script, this file's directory comes first on sys.path, and bench/pretalx.py would shadow pretalx.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SLUG = "bench-agenda-1000"
SIZE = 1000
DAYS, ROOMS, PEOPLE = 5, 10, 300
START = date(2030, 5, 16)
TIMEZONE = "Asia/Almaty"
COLOURS = ["#1f5aa6", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"]
# The English texts of bench/agenda.py's seeding (Convene's sessions carry en, ru and kk; pretalx's fields one).
TITLE = "Session {i}: monitoring places of detention"
ABSTRACT = "How national preventive mechanisms visit, report and follow up. " * 3
BIOGRAPHY = "Works on the prevention of torture. " * 4


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
    import django

    django.setup()


def seed() -> dict:
    from django.db import transaction
    from django_scopes import scope, scopes_disabled
    from pretalx.event.models import Event
    from pretalx.event.utils import create_organiser_with_team
    from pretalx.person.models import SpeakerProfile, User
    from pretalx.schedule.models import Room, TalkSlot
    from pretalx.submission.models import Submission, SubmissionType, Track
    from pretalx.submission.models.submission import SpeakerRole

    tz = ZoneInfo(TIMEZONE)
    slots_a_day = -(-SIZE // (DAYS * ROOMS))
    with transaction.atomic():
        with scopes_disabled():
            organiser, _team = create_organiser_with_team(name="Bench", slug="bench", users=[])
            event = Event.objects.create(
                name="Agenda bench, 1000 sessions", slug=SLUG, organiser=organiser, is_public=True,
                date_from=START, date_to=START + timedelta(days=DAYS - 1), timezone=TIMEZONE,
                email="organiser@bench.example.org", locale_array="en", locale="en")
        with scope(event=event):
            event.build_initial_data()
            talk_type = SubmissionType.objects.create(event=event, name="Session", default_duration=25)
            rooms = Room.objects.bulk_create([Room(event=event, name=f"Room {i + 1}", capacity=50 + 10 * i, position=i)
                                              for i in range(ROOMS)])
            tracks = Track.objects.bulk_create([Track(event=event, name=f"Track {i + 1}", color=colour, position=i)
                                                for i, colour in enumerate(COLOURS)])
            users = User.objects.bulk_create([
                User(name=f"Speaker {i:03d} Испытателев", email=f"speaker{i}@bench.example.org", code=f"SPK{i:03d}",
                     password="!", locale="en", timezone=TIMEZONE) for i in range(PEOPLE)])
            SpeakerProfile.objects.bulk_create([SpeakerProfile(user=user, event=event, biography=BIOGRAPHY)
                                                for user in users])
            submissions, breaks, roles = [], [], []
            starts = []
            for i in range(SIZE):
                day, rest = divmod(i, slots_a_day * ROOMS)
                slot, room = divmod(rest, ROOMS)
                start = datetime.combine(START + timedelta(days=day), dtime(8, 0), tz) + timedelta(minutes=30 * slot)
                if i % 10 == 9:  # a break, as in bench/agenda.py: a slot with no submission
                    breaks.append((rooms[room], start, TITLE.format(i=i)))
                    continue
                submission = Submission(
                    code=f"BENCH{i:04d}", event=event, title=TITLE.format(i=i), submission_type=talk_type,
                    track=tracks[i % len(tracks)], abstract=ABSTRACT, content_locale="en",
                    state="canceled" if i % 40 == 17 else "confirmed")
                submissions.append(submission)
                starts.append((submission, rooms[room], start))
                roles.extend((submission, users[(i * 7 + k * 13) % PEOPLE]) for k in range(1 + i % 3))
            Submission.objects.bulk_create(submissions)
            SpeakerRole.objects.bulk_create([SpeakerRole(submission=s, user=u) for s, u in roles])
            wip = event.wip_schedule
            TalkSlot.objects.bulk_create(
                [TalkSlot(submission=s, room=room, schedule=wip, start=start, end=start + timedelta(minutes=25))
                 for s, room, start in starts]
                + [TalkSlot(submission=None, room=room, schedule=wip, start=start, end=start + timedelta(minutes=25),
                            description=title) for room, start, title in breaks])
    started = time.perf_counter()
    with scope(event=event):
        event.wip_schedule.freeze("v1", notify_speakers=False)
    return {"event": SLUG, "submissions": len(submissions), "breaks": len(breaks), "speakers": PEOPLE,
            "release_ms": round((time.perf_counter() - started) * 1000, 1)}


def release(version: str, new_title: str) -> dict:
    """Rename the first session, then release the WIP schedule as `version`: the organiser's publish."""
    from django_scopes import scope, scopes_disabled
    from pretalx.event.models import Event

    with scopes_disabled():
        event = Event.objects.get(slug=SLUG)
    with scope(event=event):
        submission = event.submissions.order_by("code").first()
        submission.title = new_title
        submission.save(update_fields=["title"])
        started = time.perf_counter()
        event.wip_schedule.freeze(version, notify_speakers=False)
        elapsed = (time.perf_counter() - started) * 1000
    return {"event": SLUG, "version": version, "release_ms": round(elapsed, 1)}


def main(argv: list[str]) -> int:
    _setup()
    if argv[:1] == ["seed"] and len(argv) == 1:
        result = seed()
    elif argv[:1] == ["release"] and len(argv) == 3:
        result = release(argv[1], argv[2])
    else:
        sys.exit(__doc__)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
