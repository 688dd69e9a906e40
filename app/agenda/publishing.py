"""Draft and publish: organisers edit the live tables (the draft); publishing freezes a
snapshot that the public pages and exports read. Each publication records what changed
since the previous one, and each session's SEQUENCE (RFC 5545) grows when it changes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.agenda.models import AgendaPublication, Person, Room, Session, Track
from app.agenda.prerender import schedule_prerender
from app.core.errors import DomainError
from app.core.models import record_audit
from app.core.pagecache import invalidate as invalidate_public_pages
from app.db import utcnow
from app.extensions import db

# Fields whose change is announced to subscribers (and bumps SEQUENCE).
_MATERIAL = ("kind", "status", "title", "abstract", "starts_at", "ends_at", "room_id", "track_id",
             "floor_language", "interpretation", "people")
# Keys that snapshots published before they existed lack, with the value that means "as before".
_ADDED_LATER = {"floor_language": ""}
_MOVE = ("starts_at", "ends_at", "room_id")


def _session_entry(session: Session) -> dict:
    return {
        "id": session.id, "uid": session.uid, "kind": session.kind.value, "status": session.status.value,
        "title": dict(session.title), "abstract": dict(session.abstract),
        "starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat(),
        "room_id": session.room_id, "track_id": session.track_id, "interpretation": list(session.interpretation),
        "floor_language": session.floor_language or "",
        "people": [{"person_id": link.person_id, "role": link.role.value} for link in session.people],
    }


def draft_snapshot(event) -> dict:
    """The draft agenda as a snapshot (without sequences), in five queries whatever its size."""
    rooms = db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id))
    tracks = db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.id))
    people = db.session.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.name, Person.id))
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id)
        .options(selectinload(Session.people)).order_by(Session.starts_at, Session.id))
    return {
        "rooms": [{"id": r.id, "name": dict(r.name), "capacity": r.capacity} for r in rooms],
        "tracks": [{"id": t.id, "name": dict(t.name), "colour": t.colour} for t in tracks],
        "people": [{"id": p.id, "name": p.name, "title": dict(p.title), "organisation": dict(p.organisation),
                    "country": p.country, "bio": dict(p.bio), "user_id": p.user_id, "photo": bool(p.photo_key)}
                   for p in people],
        "sessions": [_session_entry(s) for s in sessions],
    }


def latest_publication(event) -> AgendaPublication | None:
    return db.session.scalar(
        select(AgendaPublication).where(AgendaPublication.event_id == event.id)
        .order_by(AgendaPublication.version.desc()).limit(1))


def _value(entry: dict, key: str):
    return entry[key] if key in entry else _ADDED_LATER[key]


def _material(entry: dict) -> dict:
    return {key: _value(entry, key) for key in _MATERIAL}


def _side(entry: dict, rooms: dict[int, dict]) -> dict:
    """Where and what a session is on one side of a change: its times, room (id and name) and title."""
    return {"starts_at": entry["starts_at"], "ends_at": entry["ends_at"], "room_id": entry["room_id"],
            "room": rooms.get(entry["room_id"]), "title": entry["title"]}


def change_list(old: dict | None, new: dict) -> list[dict]:
    """What publishing `new` changes for someone who saw `old`: added, moved, changed, cancelled, removed.

    A moved or changed session carries both sides ("before", "after": times, room id and name,
    title) and the other fields that changed, so the list can say "09:30 → 10:00, Room A →
    Plenary hall" and a rename alongside a move (app.agenda.changes words it)."""
    # Matched by uid, which no other session ever gets (ids can be reused on SQLite).
    old_sessions = {s["uid"]: s for s in (old or {}).get("sessions", [])}
    new_sessions = {s["uid"]: s for s in new["sessions"]}
    old_rooms = {r["id"]: r["name"] for r in (old or {}).get("rooms", [])}
    new_rooms = {r["id"]: r["name"] for r in new["rooms"]}
    changes = []
    for session in new["sessions"]:
        before = old_sessions.get(session["uid"])
        item = {"session_id": session["id"], "title": session["title"]}
        if before is None:
            changes.append({**item, "kind": "added", "after": _side(session, new_rooms)})
            continue
        if session["status"] == "cancelled" and before["status"] != "cancelled":
            changes.append({**item, "kind": "cancelled"})
            continue
        if _material(session) == _material(before):
            continue
        moved = any(session[k] != before[k] for k in _MOVE)
        others = sorted(k for k in _MATERIAL if k not in (*_MOVE, "title") and _value(session, k) != _value(before, k))
        changes.append({**item, "kind": "moved" if moved else "changed", "before": _side(before, old_rooms),
                        "after": _side(session, new_rooms), "fields": others})
    for uid, before in old_sessions.items():
        if uid not in new_sessions:
            changes.append({"session_id": before["id"], "title": before["title"], "kind": "removed"})
    return changes


def pending_changes(event) -> list[dict]:
    """The change list an organiser sees before publishing."""
    latest = latest_publication(event)
    return change_list(latest.snapshot if latest else None, draft_snapshot(event))


def publish(event, actor) -> AgendaPublication:
    """Freeze the draft as the new public agenda. Raises DomainError when nothing changed."""
    latest = latest_publication(event)
    snapshot = draft_snapshot(event)
    changes = change_list(latest.snapshot if latest else None, snapshot)
    if latest is not None and not changes and static_parts(latest.snapshot) == static_parts(snapshot):
        raise DomainError(_l("Nothing has changed since the last publication."))
    previous = {s["uid"]: s for s in latest.snapshot["sessions"]} if latest else {}
    for session in snapshot["sessions"]:
        before = previous.get(session["uid"])
        if before is None:
            session["sequence"] = 0
        elif _material(before) != _material(session):
            session["sequence"] = before.get("sequence", 0) + 1
        else:
            session["sequence"] = before.get("sequence", 0)
    version = (db.session.scalar(select(func.max(AgendaPublication.version))
                                 .where(AgendaPublication.event_id == event.id)) or 0) + 1
    publication = AgendaPublication(event_id=event.id, version=version, published_at=utcnow(),
                                    published_by_id=getattr(actor, "id", None), snapshot=snapshot, changes=changes)
    db.session.add(publication)
    invalidate_public_pages(event.slug)
    schedule_prerender(event)
    record_audit(actor, "agenda.published", event, version=str(version), changes=str(len(changes)))
    db.session.flush()
    return publication


def static_parts(snapshot: dict) -> tuple:
    """Rooms and tracks: a change there (a room's name) is worth publishing too. People count by
    who they are only: their profiles are public as soon as they are saved (app.agenda.published)."""
    return snapshot["rooms"], snapshot["tracks"], sorted(person["id"] for person in snapshot["people"])
