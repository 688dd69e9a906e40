"""One ZIP of the materials a user may see (a session's or the whole event's), streamed.

zipstream-ng writes the archive while it is sent: files are read chunk by chunk from
the storage (S3 objects are opened only when their turn comes), nothing is compressed
(slides and videos are compressed already), so memory stays constant whatever the
size, and the length is known in advance (Content-Length, a progress bar). Names
are UTF-8 with the language-encoding flag (bit 11) set, so Cyrillic and Kazakh
file and session names arrive intact.

Everything the stream needs is collected before it starts: no database access
happens while it runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from zipstream import ZIP_STORED, ZipStream

from app.core.i18n import localize
from app.core.storage import Storage
from app.materials.models import Material, MaterialKind


@dataclass(frozen=True)
class ZipEntry:
    arcname: str
    key: str | None = None   # a stored file
    size: int = 0
    data: bytes | None = None  # or a small generated text (the list of links)


def _folder_name(text: str, fallback: str) -> str:
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', "_", text or "").strip(" .")
    return (text[:80].rstrip(" .") or fallback)


def _unique(name: str, taken: set[str]) -> str:
    if name.lower() not in taken:
        taken.add(name.lower())
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    number = 2
    while True:
        candidate = f"{stem} ({number}).{ext}" if ext else f"{stem} ({number})"
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
        number += 1


def _folder_entries(folder: str, materials: list[Material], event, links_title: str) -> list[ZipEntry]:
    entries, taken, links = [], set(), []
    for material in materials:
        title = str(localize(material.title, event.default_language))
        if material.kind == MaterialKind.LINK:
            links.append(f"{title}\n{material.url}\n")
            continue
        version = material.current_version
        if version is None:
            continue
        name = _unique(version.filename, taken)
        entries.append(ZipEntry(f"{folder}/{name}" if folder else name, key=version.storage_key, size=version.size))
    if links:
        name = _unique(f"{links_title}.txt", taken)
        data = "\n".join(links).encode("utf-8")
        entries.append(ZipEntry(f"{folder}/{name}" if folder else name, data=data, size=len(data)))
    return entries


def entries_for(event, groups, *, links_title: str, single_session: bool = False) -> list[ZipEntry]:
    """Archive entries for material groups (app.materials.services.MaterialGroup).

    The event's archive has one folder per session, numbered in agenda order
    ("03 Законодательная база НПМ…"), and the event-wide materials at the top.
    """
    entries: list[ZipEntry] = []
    number = 0
    for group in groups:
        if group.session is None or single_session:
            folder = ""
        else:
            number += 1
            title = str(localize(group.session.title, event.default_language))
            folder = f"{number:02d} {_folder_name(title, str(group.session.id))}"
        entries.extend(_folder_entries(folder, group.materials, event, links_title))
    return entries


def build_stream(storage: Storage, entries: list[ZipEntry]) -> ZipStream:
    archive = ZipStream(compress_type=ZIP_STORED, sized=True)
    for entry in entries:
        if entry.data is not None:
            archive.add(entry.data, entry.arcname)
            continue
        path = storage.local_path(entry.key)
        if path is not None:
            if path.is_file():  # a file lost on disk is left out rather than breaking the archive
                archive.add_path(str(path), entry.arcname)
        else:
            # A generator: the object is opened when the archive reaches it, not before.
            archive.add(storage.iter_bytes(entry.key), entry.arcname, size=entry.size)
    return archive
