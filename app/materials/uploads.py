"""Safe uploads: file names, size limit while streaming, and content that must match the extension.

`stage_upload()` streams an uploaded file into the storage's staging area in
chunks (never whole in memory), counting and hashing as it goes, refuses it as
soon as it passes the size limit, then checks the bytes against the extension:

- a maintained magic-number library (puremagic) must recognise the file as what
  its extension says;
- containers are opened and their own type declaration checked: OOXML
  ([Content_Types].xml tells a document from a presentation or a workbook and
  refuses macro-enabled ones), ODF (the `mimetype` entry), OLE2 .doc/.ppt (read
  with olefile: the compound file must hold a WordDocument / PowerPoint Document stream);
- HTML, SVG, XML or scripts never pass, whatever they are called.

The staged file is removed when the `with` block ends unless the storage took it.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

import olefile
import puremagic
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.storage import CHUNK_SIZE, Storage

# The extensions PRODUCT.md allows, and the one content type each is served with.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
}
ALLOWED_EXTENSIONS = tuple(CONTENT_TYPES)
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")

# What puremagic may call each kind of file (it names zip containers by their content when it can).
_MAGIC_NAMES = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpg": {".jpg", ".jpeg", ".jfif", ".jpe"},
    "jpeg": {".jpg", ".jpeg", ".jfif", ".jpe"},
    "mp4": {".mp4", ".m4v", ".mov", ".3gp", ".f4v", ".m4a"},
    "docx": {".docx", ".zip"},
    "pptx": {".pptx", ".zip"},
    "xlsx": {".xlsx", ".zip"},
    "odt": {".odt", ".zip"},
    "odp": {".odp", ".zip"},
    "doc": {".doc", ".xls", ".ppt", ".msi", ".msg", ".ole", ".dot", ".pps", ".pot", ".xla", ".apr", ".pub", ".vsd"},
    "ppt": {".doc", ".xls", ".ppt", ".msi", ".msg", ".ole", ".dot", ".pps", ".pot", ".xla", ".apr", ".pub", ".vsd"},
}
_OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
_OLE_STREAM = {"doc": "WordDocument", "ppt": "PowerPoint Document"}
_MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP",
               b"dash", b"mmp4", b"MSNV", b"f4v ", b"XAVC", b"3gp4", b"3gp5", b"3gp6", b"qt  "}
_MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<!--|<\w+[\s>])", re.IGNORECASE)

MAX_FILENAME_LENGTH = 150
_FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


class UploadRefused(DomainError):
    """An upload that is not stored: too large, empty, wrong type or content."""


def extension_of(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return ext.lower() if dot and stem else ""


def normalise_filename(raw: str | None) -> str:
    """A safe display and download name: no directories, control or invisible characters; length bounded.

    Letters of every script are kept ("Доклад 2017.pdf" stays so); only characters that
    mean something to file systems or terminals are replaced.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]  # path separators: only the last part is a name
    # Control (Cc), format (Cf: bidi overrides such as U+202E) and other invisible characters go.
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _FORBIDDEN_IN_NAMES.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.lower()[:10]
    stem = stem.strip(" .") or "file"
    room = MAX_FILENAME_LENGTH - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or "file"
    return f"{stem}.{ext}" if ext else stem


def max_upload_bytes(config) -> int:
    return int(config.get("MAX_UPLOAD_MB", 200)) * 1024 * 1024


@dataclass
class StagedFile:
    path: str
    filename: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _too_large(limit_bytes: int, field: str) -> UploadRefused:
    return UploadRefused(_l("The file is too large: at most %(max)s MB are accepted.",
                            max=limit_bytes // (1024 * 1024)), field=field)


@contextmanager
def stage_upload(storage: Storage, stream: BinaryIO, client_filename: str | None, *, max_bytes: int,
                 allowed: tuple[str, ...] = ALLOWED_EXTENSIONS, field: str = "file") -> Iterator[StagedFile]:
    """Stream `stream` into a staging file and check it; yields a StagedFile or raises UploadRefused
    naming `field` (the form field the file came from).

    The staging file is deleted when the block ends, unless `storage.put()` moved it.
    """
    filename = normalise_filename(client_filename)
    extension = extension_of(filename)
    if extension not in allowed:
        raise UploadRefused(_l("This kind of file is not accepted. Allowed: %(types)s.",
                               types=", ".join(sorted(set(allowed) - {"jpeg"}))), field=field)
    with storage.staging_file() as (file, path):
        digest, size = hashlib.sha256(), 0
        while True:
            chunk = stream.read(CHUNK_SIZE)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes, field)
            digest.update(chunk)
            file.write(chunk)
        file.flush()
        if size == 0:
            raise UploadRefused(_l("The file is empty."), field=field)
        file.seek(0)
        check_content(file, extension, field=field)
        yield StagedFile(path=path, filename=filename, extension=extension,
                         content_type=CONTENT_TYPES[extension], size=size, sha256=digest.hexdigest())


def _mismatch(extension: str, field: str) -> UploadRefused:
    return UploadRefused(_l("The file's content does not match its extension (.%(ext)s). "
                            "Please upload the original file.", ext=extension), field=field)


def check_content(file: BinaryIO, extension: str, *, field: str = "file") -> None:
    """Raise UploadRefused unless the bytes of `file` are a real `extension` file."""
    head = file.read(4096)
    file.seek(0)
    if _MARKUP.match(head) or head.startswith(b"\xef\xbb\xbf<"):
        raise _mismatch(extension, field)
    try:
        matches = puremagic.magic_stream(file)
    except (puremagic.PureError, ValueError):
        matches = []
    finally:
        file.seek(0)
    names = {m.extension.lower() for m in matches if m.confidence >= 0.2}
    if not names & _MAGIC_NAMES[extension] or names & {".html", ".htm", ".svg", ".xml", ".js"}:
        raise _mismatch(extension, field)
    checks = {"pdf": _is_pdf, "png": _is_png, "jpg": _is_jpeg, "jpeg": _is_jpeg, "mp4": _is_mp4}
    if extension in checks:
        ok = checks[extension](head)
    elif extension in _OOXML_MAIN:
        ok = _is_ooxml(file, extension)
    elif extension in _ODF_MIMETYPE:
        ok = _is_odf(file, extension)
    else:
        ok = _is_ole(file, _OLE_STREAM[extension])
    file.seek(0)
    if not ok:
        raise _mismatch(extension, field)


def _is_pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def _is_png(head: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(head: bytes) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _is_mp4(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS


def _zip(file: BinaryIO) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _read_member(archive: zipfile.ZipFile, name: str, limit: int = 2 * 1024 * 1024) -> bytes | None:
    """A small member's bytes; None when it is missing or suspiciously large (zip bombs)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    try:
        with archive.open(info) as member:
            return member.read(limit + 1)[:limit]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, RuntimeError):
        return None


def _is_ooxml(file: BinaryIO, extension: str) -> bool:
    archive = _zip(file)
    if archive is None:
        return False
    with archive:
        types = _read_member(archive, "[Content_Types].xml")
    if types is None:
        return False
    # The main part's declared type says what the package is; macro-enabled variants have other types.
    overrides = re.findall(rb'ContentType\s*=\s*"([^"]+)"', types)
    return _OOXML_MAIN[extension].encode() in overrides


def _is_odf(file: BinaryIO, extension: str) -> bool:
    archive = _zip(file)
    if archive is None:
        return False
    with archive:
        names = archive.namelist()
        mimetype = _read_member(archive, "mimetype", limit=200)
    return bool(names) and names[0] == "mimetype" and (mimetype or b"").strip() == _ODF_MIMETYPE[extension]


def _is_ole(file: BinaryIO, stream_name: str) -> bool:
    """An OLE2 compound file (read by olefile) holding the stream `stream_name` (e.g. WordDocument for .doc)."""
    if file.read(len(olefile.MAGIC)) != olefile.MAGIC:
        return False
    file.seek(0)
    try:
        with olefile.OleFileIO(file) as ole:  # reads the header, the FAT and the directory, not the streams
            return ole.get_type(stream_name) == olefile.STGTY_STREAM
    except Exception:  # noqa: BLE001 - a file olefile cannot read, however it fails, is no document
        return False


@contextmanager
def stage_bytes(storage: Storage, data: bytes, filename: str, *,
                allowed: tuple[str, ...] = ALLOWED_EXTENSIONS) -> Iterator[StagedFile]:
    """stage_upload() for bytes made in code (the demo, imports): the same checks apply."""
    with stage_upload(storage, io.BytesIO(data), filename, max_bytes=max(len(data), 1), allowed=allowed) as staged:
        yield staged
