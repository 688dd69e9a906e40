"""Files when things go wrong (issue 18, points 6 and 7): a full disk answers 507 and leaves
nothing; a process killed mid-upload leaves files that `flask storage sweep` removes once they
are older than the grace period, never a file a row still points at."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.materials.models import Material, MaterialVersion
from tests.conftest import translated
from tests.materials import samples
from tests.materials.conftest import count_rows, multipart_body

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_filesystem(tmp_path):
    """A 1 MiB tmpfs: a real full disk (needs root, as in CI)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def _upload_too_big_for_the_disk(client, forum, lang="en"):
    # Built as bytes: the test client would otherwise spool the body to a temporary file of its own.
    body, content_type = multipart_body({"kind": "file", "visibility": "public", "session": str(forum.past_session)},
                                        "file", "Доклад.pdf", samples.pdf() + b"%" * (2 * 1024 * 1024))
    return client.post(f"/manage/events/forum/materials/new?lang={lang}", data=body, content_type=content_type)


def test_upload_to_a_full_disk_answers_507_and_leaves_nothing(app, client, forum, login, small_filesystem,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_LOCAL_ROOT", str(small_filesystem))
    login(forum.organiser)
    response = _upload_too_big_for_the_disk(client, forum)
    assert response.status_code == 507
    assert translated(app, "en", "Storage is full") in response.get_data(as_text=True)
    assert count_rows(app, Material) == 0 and count_rows(app, MaterialVersion) == 0
    assert [p for p in small_filesystem.rglob("*") if p.is_file()] == []


def test_the_full_disk_page_is_translated(app, client, forum, login, small_filesystem, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_LOCAL_ROOT", str(small_filesystem))
    login(forum.organiser)
    response = _upload_too_big_for_the_disk(client, forum, lang="kk")
    assert response.status_code == 507
    assert translated(app, "kk", "Storage is full") in response.get_data(as_text=True)


@pytest.fixture
def own_storage(app, tmp_path, monkeypatch):
    """A storage root of this test's own: the suite's is shared, and earlier tests leave files in it."""
    monkeypatch.setitem(app.config, "STORAGE_LOCAL_ROOT", str(tmp_path / "files"))


def _run_and_get_killed(app, script: str) -> None:
    """Run `script` in a new process on the test's database and storage; it ends by SIGKILL."""
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "STORAGE_LOCAL_ROOT": app.config["STORAGE_LOCAL_ROOT"]}
    program = textwrap.dedent("""
        import json, os, signal, sys
        from app import create_app
        from app.extensions import db
        app = create_app(json.loads(sys.argv[1]))
        with app.test_request_context():
            def killed():
                os.kill(os.getpid(), signal.SIGKILL)
    """) + textwrap.indent(textwrap.dedent(script), "    ")
    finished = subprocess.run([sys.executable, "-c", program, json.dumps(settings)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == -signal.SIGKILL, finished.stderr


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_killed_uploads_leave_files_that_the_sweep_removes(app, own_storage, forum, add_material, files_on_disk):
    kept_id = add_material(forum.event, forum.past_session, filename="Kept.pdf")
    # Killed while the upload is copied into staging.
    _run_and_get_killed(app, """
        from app.core.storage import get_storage
        with get_storage().staging_file() as (file, path):
            file.write(b"%PDF-1.4 " + b"x" * 300_000)
            file.flush()
            killed()
    """)
    # Killed after the file is moved under its final key, before the row is committed.
    _run_and_get_killed(app, f"""
        from app.core.storage import get_storage
        from app.events.models import Event
        from app.materials import services
        from app.materials.uploads import stage_bytes
        from tests.materials import samples
        storage = get_storage()
        event = db.session.get(Event, {forum.event.id})
        with stage_bytes(storage, samples.pdf("Lost"), "Lost.pdf") as staged:
            services.create_material(event, None, kind="file", staged=staged, storage=storage,
                                     session_id={forum.past_session}, title={{"en": "Lost"}}, language="en",
                                     visibility="public", embargo_until_start=False)
        db.session.flush()
        killed()
    """)
    assert count_rows(app, Material) == 1  # the killed process committed nothing
    root = Path(app.config["STORAGE_LOCAL_ROOT"])
    left_behind = sorted(files_on_disk())
    staging = [name for name in left_behind if name.startswith(".staging/")]
    stored = [name for name in left_behind if not name.startswith(".staging/")]
    assert len(staging) == 1 and len(stored) == 2  # the kept material's file and the orphan

    runner = app.test_cli_runner()
    young = runner.invoke(args=["storage", "sweep", "--dry-run"])
    assert young.exit_code == 0 and "would remove 0 staging and 0 unreferenced" in young.output

    for name in left_behind:
        _age(root / name, hours=7)  # older than the default grace period of 6 hours
    listed = runner.invoke(args=["storage", "sweep", "--dry-run"])
    assert "would remove 1 staging and 1 unreferenced" in listed.output
    assert sorted(files_on_disk()) == left_behind  # a dry run removes nothing

    swept = runner.invoke(args=["storage", "sweep"])
    assert swept.exit_code == 0 and "removed 1 staging and 1 unreferenced" in swept.output
    remaining = files_on_disk()
    assert len(remaining) == 1
    with app.app_context():
        from app.extensions import db

        version = db.session.scalar(db.select(MaterialVersion).where(MaterialVersion.material_id == kept_id))
        assert remaining == {version.storage_key}
