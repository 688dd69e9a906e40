"""Safe uploads: names, the attack corpus, the size limit, and atomicity (no file and no row when refused)."""
import io

import pytest

from app.extensions import db
from app.materials.models import Material, MaterialVersion
from app.materials.uploads import ALLOWED_EXTENSIONS, UploadRefused, check_content, normalise_filename
from tests.conftest import translated
from tests.materials import samples
from tests.materials.conftest import count_rows, multipart_body, upload


@pytest.mark.parametrize("raw, expected", [
    ("Доклад НПМ 2016.pdf", "Доклад НПМ 2016.pdf"),
    ("Шоғырландырылған баяндама.PPTX", "Шоғырландырылған баяндама.pptx"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
    ("C:\\Users\\me\\Slides.pdf", "Slides.pdf"),
    ("/absolute/path/slides.pdf", "slides.pdf"),
    ("..", "file"),
    ("", "file"),
    ("bell\x07and\x00nul\r\n.pdf", "bellandnul.pdf"),
    ("evil\u202egpj.pdf", "evilgpj.pdf"),
    ("zero\u200bwidth.pdf", "zerowidth.pdf"),
    ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
    ("   spaced   out   .pdf", "spaced out.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("Cafe\u0301.pdf", "Café.pdf"),  # NFC
])
def test_file_names_are_normalised_and_cyrillic_is_kept(raw, expected):
    assert normalise_filename(raw) == expected


def test_very_long_names_are_shortened_keeping_the_extension():
    name = normalise_filename("Ә" * 400 + ".pdf")
    assert name.endswith(".pdf") and len(name) <= 150 and name.startswith("ӘӘ")


@pytest.mark.parametrize("extension", ALLOWED_EXTENSIONS)
def test_every_allowed_kind_is_recognised(extension):
    check_content(io.BytesIO(samples.VALID[extension]()), extension)


@pytest.mark.parametrize("case, filename, data", samples.attack_corpus(), ids=[c[0] for c in samples.attack_corpus()])
def test_upload_attack_corpus_is_refused_leaving_nothing(app, client, forum, login, files_on_disk, case, filename,
                                                          data):
    login(forum.organiser)
    before = files_on_disk()
    response = upload(client, "/manage/events/forum/materials/new", filename, data, session=str(forum.past_session))
    assert response.status_code == 400, case
    assert b'class="error"' in response.data
    assert count_rows(app, Material) == 0 and count_rows(app, MaterialVersion) == 0
    assert files_on_disk() == before


def test_a_valid_upload_is_stored_with_its_checksum(app, client, forum, login, files_on_disk):
    import hashlib

    login(forum.organiser)
    data = samples.ooxml("pptx")
    response = upload(client, "/manage/events/forum/materials/new", "Слайды/../Доклад.pptx", data,
                      session=str(forum.past_session), language="ru")
    assert response.status_code == 302
    with app.app_context():
        version = db.session.scalar(db.select(MaterialVersion))
        material = db.session.get(Material, version.material_id)
        assert version.filename == "Доклад.pptx"
        assert version.sha256 == hashlib.sha256(data).hexdigest() and version.size == len(data)
        assert version.content_type == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        assert material.title == {"ru": "Доклад"} and material.current_version_id == version.id
        assert "Доклад" not in version.storage_key and version.storage_key.endswith(".pptx")
    assert not any(name.startswith(".staging/") for name in files_on_disk())


def test_oversize_upload_is_refused_while_streaming_with_a_translated_message(app, client, forum, login, files_on_disk,
                                                                               monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    login(forum.organiser)
    before = files_on_disk()
    big = samples.pdf() + b"\0" * (1024 * 1024)

    def send(lang):
        # The body is built here (werkzeug's test client would spool a big one to a temporary file).
        body, content_type = multipart_body({"kind": "file", "visibility": "public"}, "file", "big.pdf", big)
        return client.post(f"/manage/events/forum/materials/new?lang={lang}", data=body, content_type=content_type)

    response = send("en")
    assert response.status_code == 400
    assert "The file is too large: at most 1 MB are accepted." in response.get_data(as_text=True)
    assert count_rows(app, Material) == 0 and files_on_disk() == before
    russian = send("ru").get_data(as_text=True)  # needs the Russian catalog
    assert translated(app, "ru", "The file is too large: at most %(max)s MB are accepted.", max=1) in russian


def test_bodies_over_the_request_limit_get_413_with_the_limit(app, client, forum, login, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    login(forum.organiser)
    response = upload(client, "/manage/events/forum/materials/new", "big.pdf", samples.pdf() + b"\0" * 100_000)
    assert response.status_code == 413
    assert "200 MB" in response.get_data(as_text=True)
    assert count_rows(app, Material) == 0


def test_a_failure_after_storing_removes_the_file_and_the_rows(app, client, forum, login, files_on_disk, monkeypatch):
    """The commit fails after the file was moved into place: the rollback takes the file away too."""
    from app.materials import services

    real_audit = services.record_audit

    def audit_then_fail(actor, action, *args, **kwargs):
        real_audit(actor, action, *args, **kwargs)
        if action == "materials.created":
            raise RuntimeError("database went away")

    monkeypatch.setattr(services, "record_audit", audit_then_fail)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    login(forum.organiser)
    before = files_on_disk()
    response = upload(client, "/manage/events/forum/materials/new", "slides.pdf", samples.pdf(),
                      session=str(forum.past_session))
    assert response.status_code == 500
    assert count_rows(app, Material) == 0 and count_rows(app, MaterialVersion) == 0
    assert files_on_disk() == before


def test_a_storage_failure_leaves_no_row(app, client, forum, login, files_on_disk, monkeypatch):
    from app.core.storage import LocalStorage, StorageError

    def broken_put(self, key, path, content_type="application/octet-stream"):
        raise StorageError("disk full")

    monkeypatch.setattr(LocalStorage, "put", broken_put)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    login(forum.organiser)
    before = files_on_disk()
    response = upload(client, "/manage/events/forum/materials/new", "slides.pdf", samples.pdf(),
                      session=str(forum.past_session))
    assert response.status_code == 500
    assert count_rows(app, Material) == 0 and files_on_disk() == before


@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupted_upload_leaves_no_file_and_no_row(app, forum, login, client, files_on_disk):
    """The client goes away mid-body: the request ends with 400 and nothing is kept.

    (werkzeug leaves its half-written spool file to the garbage collector: collected here.)"""
    import gc

    login(forum.organiser)
    before = files_on_disk()
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nfile\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slides.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + samples.pdf()
    response = client.post("/manage/events/forum/materials/new", input_stream=io.BytesIO(body),
                           content_type=f"multipart/form-data; boundary={boundary}",
                           headers={"Content-Length": str(len(body) + 500_000)})
    assert response.status_code == 400
    assert count_rows(app, Material) == 0 and files_on_disk() == before
    gc.collect()


def test_a_stream_that_breaks_while_staging_leaves_no_staged_file(app, forum, files_on_disk):
    from app.core.storage import get_storage
    from app.materials.uploads import stage_upload

    class Broken(io.RawIOBase):
        def __init__(self):
            self.sent = 0

        def read(self, size=-1):
            if self.sent > 3:
                raise OSError("connection reset")
            self.sent += 1
            return samples.pdf()

    with app.app_context():
        before = files_on_disk()
        with pytest.raises(OSError):
            with stage_upload(get_storage(), Broken(), "slides.pdf", max_bytes=10**9):
                pass
        assert files_on_disk() == before


def test_refused_content_raises_a_domain_error_with_the_field():
    with pytest.raises(UploadRefused) as caught:
        check_content(io.BytesIO(samples.HTML), "pdf")
    assert caught.value.field == "file"


@pytest.mark.parametrize("case, data", [
    ("ole-header-only", samples.doc()[:512]),
    ("ole-truncated-directory", samples.doc()[:600]),
    ("ole-magic-then-noise", samples.doc()[:8] + bytes(range(256)) * 16),
    ("ole-without-the-stream", samples.ole("Workbook")),
])
def test_broken_or_foreign_compound_files_are_refused_as_doc(case, data):
    with pytest.raises(UploadRefused):
        check_content(io.BytesIO(data), "doc")
