"""Issue 12.11: import-event refuses what the forms and uploads refuse, and a small archive cannot
make it read or write gigabytes. Each refusal writes nothing: no row, no stored or staged file."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from app.core.storage import get_storage
from app.extensions import db
from app.transfer.archive import FILES, MANIFEST, ArchiveError
from app.transfer.exporting import export_event
from app.transfer.importing import import_event
from tests.transfer.test_export_import import FORUM, _counts, _stored_files, demo  # noqa: F401 - a fixture


@pytest.fixture
def archive(app, demo, tmp_path):  # noqa: F811 - the fixture imported above
    path = tmp_path / "forum.zip"
    with app.app_context():
        export_event(FORUM, path)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


def _change_manifest(path: Path, change) -> None:
    members = _members(path)
    manifest = json.loads(members[MANIFEST])
    change(manifest)
    members[MANIFEST] = json.dumps(manifest).encode()
    _write(path, members)


def _replace_file(path: Path, prefix: str, data: bytes, *, declare_real_size: bool = True) -> str:
    """Put `data` in place of the first archived file under `prefix`, declared in the manifest
    (with its real size and digest, unless told otherwise)."""
    members = _members(path)
    manifest = json.loads(members[MANIFEST])
    key = next(k for k in manifest["files"] if k.startswith(prefix))
    members[FILES + key] = data
    if declare_real_size:
        manifest["files"][key] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    members[MANIFEST] = json.dumps(manifest).encode()
    _write(path, members)
    return key


def _refused(app, path: Path, message: str) -> None:
    with app.app_context():
        counts = _counts()
    files = _stored_files(app)
    with app.app_context():
        with pytest.raises(ArchiveError, match=message):
            import_event(path, slug="forum-copy")
        db.session.rollback()
        assert _counts() == counts
        assert list(get_storage().staging_dir().iterdir()) == []
    assert _stored_files(app) == files


def test_a_manifest_larger_than_the_cap_is_not_read(app, archive, monkeypatch):
    """A 625 KB archive whose manifest was whitespace took 1.36 GB to import."""
    monkeypatch.setitem(app.config, "IMPORT_MAX_MANIFEST_MB", 1)
    members = _members(archive)
    members[MANIFEST] = b" " * (3 * 1024 * 1024) + members[MANIFEST]
    _write(archive, members)
    assert archive.stat().st_size < 1024 * 1024
    _refused(app, archive, "larger than 1 MB")


def test_a_file_larger_than_the_manifest_declares_is_refused_before_it_is_written(app, archive):
    """A 2 MB archive whose entry claimed 191 bytes wrote 2.1 GB to staging."""
    _replace_file(archive, "materials/", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), declare_real_size=False)
    _refused(app, archive, "damaged")


def test_a_file_larger_than_an_upload_may_be_is_refused(app, archive, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    _replace_file(archive, "materials/", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    _refused(app, archive, "larger than an upload may be")


def test_an_imported_file_goes_through_the_upload_checks(app, archive):
    _replace_file(archive, "materials/", b"<html><script>alert(1)</script></html>")
    _refused(app, archive, "is refused: The file's content does not match")


def test_an_image_bomb_as_a_photo_is_refused_without_decoding_it(app, archive):
    png = io.BytesIO()
    Image.new("RGB", (7740, 7740), (200, 30, 30)).save(png, format="PNG")
    assert len(png.getvalue()) < 1024 * 1024
    _replace_file(archive, "photos/", png.getvalue())
    _refused(app, archive, "too many pixels")


@pytest.mark.parametrize("change, message", [
    (lambda m: m["tables"]["event"][0].update(timezone="Mars/Olympus_Mons"), "not a time zone"),
    (lambda m: m["tables"]["event"][0].update(languages=["en", "xx"]), "languages this instance does not offer"),
    (lambda m: m["tables"]["event"][0].update(default_language="de"), "not one of this instance's languages"),
    (lambda m: m["tables"]["event"][0]["title"].update(en="Forum\r\nBcc: everyone@example.org"), "control character"),
    (lambda m: m["tables"]["event"][0].update(end_date="9999-12-31"), "outside the dates"),
    (lambda m: m["tables"]["note_revision"][0].update(body="text\x00with a NUL"), "control character"),
    (lambda m: m["tables"]["person"][0].update(name="\u202eevil"), "control character"),
])
def test_imported_values_go_through_the_form_rules(app, archive, change, message):
    _change_manifest(archive, change)
    _refused(app, archive, message)
