"""The materials blueprint and what its three groups of pages share (public, organisers, speakers)."""
from __future__ import annotations

from contextlib import contextmanager

from flask import Blueprint, abort, current_app, request
from flask_babel import format_decimal, gettext

from app.agenda.models import Session
from app.core.http import content_disposition
from app.core.storage import get_storage
from app.extensions import db
from app.materials.models import Material, MaterialVersion
from app.materials.uploads import ALLOWED_EXTENSIONS, max_upload_bytes, stage_upload

bp = Blueprint("materials", __name__, template_folder="templates")

# Downloads are never rendered by the browser: no scripts, no plugins, no framing, whatever the file.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def owned_material(event, material_id: int) -> Material:
    """The material `material_id` if it belongs to `event`; 404 otherwise (other events' ids included)."""
    material = db.session.get(Material, material_id)
    if material is None or material.event_id != event.id:
        abort(404)
    return material


def owned_session(event, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def draft_sessions(event) -> list[Session]:
    return list(db.session.scalars(db.select(Session).where(Session.event_id == event.id)
                                   .order_by(Session.starts_at, Session.id)))


@contextmanager
def staged(file_storage, allowed=ALLOWED_EXTENSIONS, field: str = "file"):
    """Stream an uploaded file into the storage's staging area and check it (see app.materials.uploads);
    a refusal names the form field `field`."""
    with stage_upload(get_storage(), file_storage.stream, file_storage.filename,
                      max_bytes=max_upload_bytes(current_app.config), allowed=allowed, field=field) as staged_file:
        yield staged_file


def file_response(version: MaterialVersion):
    """The version's file as a download: attachment, Range, ETag = sha256, nosniff, sandboxed."""
    response = get_storage().send(version.storage_key, content_type=version.content_type,
                                  download_name=version.filename, etag=version.sha256, size=version.size)
    protect_download(response, version.filename)
    return response


def protect_download(response, filename: str):
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def counts_as_download(response) -> bool:
    """A GET that starts at the first byte: a video player's later Range requests are not new downloads."""
    if request.method != "GET" or response.status_code not in (200, 206):
        return False
    wanted = (request.headers.get("Range") or "").replace(" ", "")
    return not wanted or wanted.startswith("bytes=0-")


def max_upload_mb() -> int:
    return int(current_app.config.get("MAX_UPLOAD_MB", 200))


@bp.app_template_filter("filesize")
def filesize(size: int | None) -> str:
    """A file size in the reader's language: "820 KB", "1,4 МБ"."""
    size = int(size or 0)
    if size < 1000:
        return gettext("%(num)s bytes", num=size)
    if size < 1000 ** 2:
        return gettext("%(size)s KB", size=format_decimal(round(size / 1000), format="#,##0"))
    if size < 1000 ** 3:
        return gettext("%(size)s MB", size=format_decimal(size / 1000 ** 2, format="#,##0.#"))
    return gettext("%(size)s GB", size=format_decimal(size / 1000 ** 3, format="#,##0.##"))
