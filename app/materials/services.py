"""Materials: files and links per session or per event, their versions, visibility and downloads.

Functions take plain values, change the session and flush; the caller commits.
Files are stored through app.core.storage and tied to the transaction: a rollback
removes a file stored for it, and files of deleted rows go only after the commit.
Who may see what is decided by can() ("material.view", app.materials.permissions), never here.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from app.agenda.models import Session
from app.agenda.published import published_agenda
from app.core.errors import DomainError
from app.core.i18n import localize
from app.core.models import record_audit
from app.core.permissions import can
from app.core.storage import Storage, delete_after_commit, track_new
from app.core.urls import external_url
from app.extensions import db
from app.materials.models import Material, MaterialKind, MaterialVersion, MaterialVisibility
from app.materials.uploads import StagedFile

MAX_URL_LENGTH = 2000


# --- reading ---------------------------------------------------------------------------

def _materials_query(event):
    return (select(Material).where(Material.event_id == event.id)
            .options(selectinload(Material.current_version))
            .order_by(Material.position, Material.id))


def all_materials(event) -> list[Material]:
    return list(db.session.scalars(_materials_query(event)))


def visible_materials(event, user, session_id: int | None | type(...) = ...) -> list[Material]:
    """The materials of `event` that `user` may see; `session_id` narrows to one session (None: event-wide)."""
    query = _materials_query(event)
    if session_id is not ...:
        query = query.where(Material.session_id == session_id if session_id is not None
                            else Material.session_id.is_(None))
    return [m for m in db.session.scalars(query) if can(user, "material.view", m)]


@dataclass
class MaterialGroup:
    """Materials of one published session (or of the whole event when `session` is None)."""

    session: object | None
    materials: list[Material] = field(default_factory=list)


def grouped_by_session(event, materials: list[Material], published) -> list[MaterialGroup]:
    """Event-wide materials first, then sessions in the order of the published agenda."""
    by_session: dict[int | None, list[Material]] = {}
    for material in materials:
        by_session.setdefault(material.session_id, []).append(material)
    groups = []
    if None in by_session:
        groups.append(MaterialGroup(None, by_session[None]))
    for session in (published.sessions if published else []):
        if session.id in by_session:
            groups.append(MaterialGroup(session, by_session[session.id]))
    return groups


def versions_of(material: Material) -> list[MaterialVersion]:
    return list(db.session.scalars(select(MaterialVersion).where(MaterialVersion.material_id == material.id)
                                   .order_by(MaterialVersion.number.desc())))


def version_of(material: Material, version_id: int) -> MaterialVersion | None:
    version = db.session.get(MaterialVersion, version_id)
    return version if version is not None and version.material_id == material.id else None


def record_download(material: Material) -> None:
    """Count one download, atomically (parallel downloads never lose a count)."""
    db.session.execute(update(Material).where(Material.id == material.id)
                       .values(download_count=Material.download_count + 1)
                       .execution_options(synchronize_session=False))


# --- checks ----------------------------------------------------------------------------

def _session_of(event, session_id: int | None) -> int | None:
    if session_id is None:
        return None
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        raise DomainError(_l("Choose a session of this event."), field="session")
    return session.id


def _language(event, language: str | None) -> str:
    language = (language or "").strip()
    if language and language not in set(event.languages) | set(current_app.config["LANGUAGES"]):
        raise DomainError(_l("Choose a language from the list."), field="language")
    return language


def clean_url(url: str | None) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if (not url or len(url) > MAX_URL_LENGTH or parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or any(ch.isspace() or ord(ch) < 32 for ch in url)):
        raise DomainError(_l("Enter a web address starting with https:// or http://."), field="url")
    return url


def _visibility(value) -> MaterialVisibility:
    try:
        return MaterialVisibility(value)
    except ValueError:
        raise DomainError(_l("Choose who may see the material."), field="visibility") from None


def _title(title: dict | None, staged: StagedFile | None, language: str, event) -> dict:
    title = {lang: text.strip() for lang, text in (title or {}).items() if text and text.strip()}
    if title:
        return title
    if staged is not None:  # a file without a title is called by its name
        stem = staged.filename.rsplit(".", 1)[0] if "." in staged.filename else staged.filename
        return {language or event.default_language: stem}
    raise DomainError(_l("Please give the link a title."), field="title")


# --- writing ---------------------------------------------------------------------------

def material_file_key(event_id: int, material_id: int, extension: str) -> str:
    """Where a new version's file is stored (unguessable; also used by app.transfer on import)."""
    return f"materials/{event_id}/{material_id}/{secrets.token_hex(16)}.{extension}"


def _store_version(material: Material, actor, staged: StagedFile, storage: Storage) -> MaterialVersion:
    number = (db.session.scalar(select(func.max(MaterialVersion.number))
                                .where(MaterialVersion.material_id == material.id)) or 0) + 1
    version = MaterialVersion(material_id=material.id, number=number, storage_key=material_file_key(material.event_id, material.id, staged.extension),
                              filename=staged.filename, content_type=staged.content_type, size=staged.size,
                              sha256=staged.sha256, uploaded_by_id=getattr(actor, "id", None))
    db.session.add(version)
    db.session.flush()  # rows first: a failure here leaves no file behind
    storage.put(version.storage_key, staged.path, staged.content_type)
    track_new(db.session, version.storage_key, storage)
    material.current_version_id = version.id
    material.current_version = version
    db.session.flush()
    return version


def create_material(event, actor, *, kind: MaterialKind | str, session_id: int | None, title: dict | None,
                    language: str | None, visibility, embargo_until_start: bool = False, url: str | None = None,
                    staged: StagedFile | None = None, storage: Storage | None = None) -> Material:
    """A new file (from a staged upload) or link for a session of `event`, or for the whole event."""
    kind = MaterialKind(kind)
    session_id = _session_of(event, session_id)
    language = _language(event, language)
    visibility = _visibility(visibility)
    if kind == MaterialKind.LINK:
        url = clean_url(url)
    elif staged is None or storage is None:
        raise DomainError(_l("Please choose a file."), field="file")
    position = (db.session.scalar(select(func.max(Material.position)).where(
        Material.event_id == event.id, Material.session_id.is_(session_id) if session_id is None
        else Material.session_id == session_id)) or 0) + 1
    material = Material(event_id=event.id, session_id=session_id, kind=kind, language=language,
                        title=_title(title, staged, language, event), visibility=visibility,
                        embargo_until_start=bool(embargo_until_start), url=url if kind == MaterialKind.LINK else None,
                        position=position, created_by_id=getattr(actor, "id", None))
    db.session.add(material)
    db.session.flush()
    if kind == MaterialKind.FILE:
        _store_version(material, actor, staged, storage)
    record_audit(actor, "materials.created", event, material=material.id, kind=kind.value, session=session_id,
                 file=staged.filename if staged else None, sha256=staged.sha256 if staged else None)
    db.session.flush()
    return material


def update_material(material: Material, event, actor, *, title: dict | None, language: str | None, visibility,
                    embargo_until_start: bool, url: str | None = None, session_id: int | None | type(...) = ...
                    ) -> None:
    title = {lang: text.strip() for lang, text in (title or {}).items() if text and text.strip()}
    if not title:
        raise DomainError(_l("Please give the material a title."), field="title")
    material.title = title
    material.language = _language(event, language)
    material.visibility = _visibility(visibility)
    material.embargo_until_start = bool(embargo_until_start)
    if material.kind == MaterialKind.LINK:
        material.url = clean_url(url)
    if session_id is not ...:
        material.session_id = _session_of(event, session_id)
    record_audit(actor, "materials.updated", event, material=material.id)
    db.session.flush()


def replace_file(material: Material, event, actor, staged: StagedFile, storage: Storage) -> MaterialVersion:
    """A new version becomes current; the old ones stay (organisers may restore them)."""
    if material.kind != MaterialKind.FILE:
        raise DomainError(_l("Only files have versions."), field="file")
    version = _store_version(material, actor, staged, storage)
    record_audit(actor, "materials.replaced", event, material=material.id, version=version.number,
                 file=staged.filename, sha256=staged.sha256)
    return version


def restore_version(material: Material, event, actor, version: MaterialVersion) -> None:
    if version.material_id != material.id:
        raise DomainError(_l("This version belongs to another material."))
    material.current_version_id = version.id
    material.current_version = version
    record_audit(actor, "materials.restored", event, material=material.id, version=version.number)
    db.session.flush()


def delete_material(material: Material, event, actor, storage: Storage) -> None:
    """Delete the material and every version; the files go once the deletion is committed."""
    versions = versions_of(material)
    material.current_version_id = None
    material.current_version = None
    db.session.flush()
    db.session.execute(delete(MaterialVersion).where(MaterialVersion.material_id == material.id))
    for version in versions:
        delete_after_commit(db.session, version.storage_key, storage)
    record_audit(actor, "materials.deleted", event, material=material.id, title=dict(material.title),
                 versions=len(versions))
    db.session.delete(material)
    db.session.flush()


def public_material_links(event, language: str | None = None) -> list[dict]:
    """What an anonymous reader may see, for other pages (the notes' consolidated report):
    [{"title", "url", "session_title", "kind"}] with texts in `language` (default: the reader's)."""
    groups = grouped_by_session(event, visible_materials(event, AnonymousUserMixin()), published_agenda(event))
    items = []
    for group in groups:
        session_title = str(localize(group.session.title, event.default_language, lang=language)) if group.session else ""
        for material in group.materials:
            if material.kind == MaterialKind.LINK:
                url, kind = material.url, "link"
            elif material.current_version is not None:
                url = external_url("materials.download", slug=event.slug, material_id=material.id)
                kind = material.current_version.filename.rsplit(".", 1)[-1].lower()
            else:
                continue
            items.append({"title": str(localize(material.title, event.default_language, lang=language)), "url": url,
                          "session_title": session_title, "kind": kind})
    return items
