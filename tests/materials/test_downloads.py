"""Downloads (headers, Range, counts), ZIPs (UTF-8 names, streamed, sized), versions and restore, deletion."""
import hashlib
import io
import zipfile
from urllib.parse import unquote

from app.extensions import db
from app.materials.models import Material, MaterialVersion
from tests.materials import samples
from tests.materials.conftest import material_row, upload


def _get(client, url, **kwargs):
    return client.get(url, buffered=True, **kwargs)


def test_download_headers_are_safe_and_keep_cyrillic_names(app, client, forum, add_material):
    data = samples.pdf("Доклад")
    material_id = add_material(forum.event, forum.past_session, filename="Доклад НПМ «2016».pdf", data=data)
    response = _get(client, f"/events/forum/materials/{material_id}/download")
    assert response.status_code == 200 and response.data == data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Doklad-NPM-2016.pdf"' in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "Доклад НПМ «2016».pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["ETag"].strip('"') == hashlib.sha256(data).hexdigest()
    assert response.headers["Accept-Ranges"] == "bytes"


def test_range_requests_and_conditional_requests(app, client, forum, add_material):
    data = samples.mp4()
    material_id = add_material(forum.event, forum.past_session, filename="clip.mp4", data=data)
    url = f"/events/forum/materials/{material_id}/download"
    partial = _get(client, url, headers={"Range": "bytes=10-19"})
    assert partial.status_code == 206 and partial.data == data[10:20]
    assert partial.headers["Content-Range"] == f"bytes 10-19/{len(data)}"
    tail = _get(client, url, headers={"Range": "bytes=-8"})
    assert tail.status_code == 206 and tail.data == data[-8:]
    assert _get(client, url, headers={"Range": f"bytes={len(data) + 10}-"}).status_code == 416
    etag = _get(client, url).headers["ETag"]
    assert _get(client, url, headers={"If-None-Match": etag}).status_code == 304


def test_downloads_are_counted_once_per_download(app, client, forum, add_material):
    material_id = add_material(forum.event, forum.past_session, filename="clip.mp4", data=samples.mp4())
    url = f"/events/forum/materials/{material_id}/download"
    _get(client, url)
    _get(client, url, headers={"Range": "bytes=0-99"})   # a player's first request
    _get(client, url, headers={"Range": "bytes=100-"})   # ...and its next one: not a new download
    client.head(url, buffered=True)
    etag = _get(client, url).headers["ETag"]
    _get(client, url, headers={"If-None-Match": etag})   # 304: not a download
    assert material_row(app, material_id).download_count == 3


def test_links_open_through_a_counted_redirect(app, client, forum, add_material):
    material_id = add_material(forum.event, forum.past_session, kind="link", url="https://example.org/recording")
    response = client.get(f"/events/forum/materials/{material_id}/open")
    assert response.status_code == 303 and response.headers["Location"] == "https://example.org/recording"
    assert material_row(app, material_id).download_count == 1
    assert client.get(f"/events/forum/materials/{material_id}/download").status_code == 404


def test_zip_streams_cyrillic_names_with_the_utf8_flag(app, client, forum, add_material):
    files = {"Доклад.pdf": samples.pdf("a"), "Баяндама.pdf": samples.pdf("b"), "photo.jpg": samples.jpeg()}
    for name, data in files.items():
        add_material(forum.event, forum.past_session, filename=name, data=data)
    add_material(forum.event, forum.past_session, filename="Доклад.pdf", data=samples.pdf("same name"))
    add_material(forum.event, None, filename="Программа.pdf", data=samples.pdf("programme"))
    add_material(forum.event, forum.past_session, kind="link", url="https://example.org/video",
                 title={"en": "Recording", "ru": "Запись"})
    response = _get(client, "/events/forum/materials.zip")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''forum" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert "Программа.pdf" in names
    folder = "01 Opening"
    assert {f"{folder}/Доклад.pdf", f"{folder}/Доклад (2).pdf", f"{folder}/Баяндама.pdf", f"{folder}/photo.jpg",
            f"{folder}/Links.txt"} <= set(names)
    for info in archive.infolist():
        if not info.filename.isascii():
            assert info.flag_bits & 0x800, info.filename
    assert archive.read(f"{folder}/Баяндама.pdf") == files["Баяндама.pdf"]
    assert "https://example.org/video" in archive.read(f"{folder}/Links.txt").decode()
    session_zip = _get(client, f"/events/forum/sessions/{forum.past_session}/materials.zip")
    inner = zipfile.ZipFile(io.BytesIO(session_zip.data)).namelist()
    assert "Доклад.pdf" in inner and "Программа.pdf" not in inner


def test_an_event_without_materials_has_no_zip(client, forum):
    assert client.get("/events/forum/materials.zip").status_code == 404


def test_replacing_keeps_versions_and_organisers_restore_them(app, client, forum, login, link_person):
    link_person(forum.event, forum.past_session, forum.users["speaker"])
    login(forum.users["speaker"])
    first, second = samples.pdf("first"), samples.pdf("second", pages=2)
    response = upload(client, f"/speaker/events/forum/sessions/{forum.past_session}/materials/new", "Слайды.pdf",
                      first)
    assert response.status_code == 302
    with app.app_context():
        material_id = db.session.scalar(db.select(Material.id))
    response = upload(client, f"/speaker/events/forum/materials/{material_id}/replace", "Слайды v2.pdf", second,
                      file_field="replace-file")
    assert response.status_code == 302
    with app.app_context():
        versions = db.session.scalars(db.select(MaterialVersion).order_by(MaterialVersion.number)).all()
        assert [(v.number, v.filename, v.sha256) for v in versions] == [
            (1, "Слайды.pdf", hashlib.sha256(first).hexdigest()),
            (2, "Слайды v2.pdf", hashlib.sha256(second).hexdigest())]
        assert db.session.get(Material, material_id).current_version_id == versions[1].id
        first_version = versions[0].id
    assert _get(client, f"/events/forum/materials/{material_id}/download").data == second
    # The speaker cannot restore; the organiser can, and sees both versions.
    assert client.post(f"/manage/events/forum/materials/{material_id}/versions/{first_version}/restore").status_code == 403
    login(forum.organiser)
    page = client.get(f"/manage/events/forum/materials/{material_id}/versions").get_data(as_text=True)
    assert hashlib.sha256(first).hexdigest()[:16] in page and "Слайды v2.pdf" in page
    assert _get(client, f"/manage/events/forum/materials/{material_id}/versions/{first_version}/download").data == first
    response = client.post(f"/manage/events/forum/materials/{material_id}/versions/{first_version}/restore")
    assert response.status_code == 302
    assert _get(client, f"/events/forum/materials/{material_id}/download").data == first
    assert material_row(app, material_id).current_version_id == first_version


def test_organisers_upload_on_a_speakers_behalf_and_replacing_a_link_is_refused(app, client, forum, login,
                                                                                add_material):
    login(forum.organiser)
    response = upload(client, "/manage/events/forum/materials/new", "On behalf.pdf", samples.pdf(),
                      session=str(forum.past_session), visibility="participants")
    assert response.status_code == 302
    link = add_material(forum.event, forum.past_session, kind="link")
    response = upload(client, f"/manage/events/forum/materials/{link}/replace", "x.pdf", samples.pdf(),
                      file_field="replace-file")
    assert response.status_code == 400
    response = client.post("/manage/events/forum/materials/new", data={
        "kind": "link", "visibility": "public", "url": "javascript:alert(1)", "title-en": "Bad"})
    assert response.status_code == 400 and count_materials(app) == 2


def count_materials(app) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(Material.id)).all())


def test_deleting_removes_every_version_file_after_the_commit(app, client, forum, login, add_material, files_on_disk):
    before = files_on_disk()
    material_id = add_material(forum.event, forum.past_session, filename="a.pdf")
    login(forum.organiser)
    upload(client, f"/manage/events/forum/materials/{material_id}/replace", "b.pdf", samples.pdf("b"),
           file_field="replace-file")
    assert len(files_on_disk() - before) == 2
    assert client.post(f"/manage/events/forum/materials/{material_id}/delete").status_code == 302
    assert files_on_disk() == before
    assert material_row(app, material_id) is None


def test_editing_changes_visibility_and_embargo(app, client, forum, login, add_material):
    material_id = add_material(forum.event, forum.future_session, filename="x.pdf")
    login(forum.organiser)
    response = client.post(f"/manage/events/forum/materials/{material_id}/edit", data={
        "title-en": "Closing slides", "title-ru": "Слайды закрытия", "language": "ru", "visibility": "participants",
        "embargo_until_start": "y", "session": str(forum.future_session)})
    assert response.status_code == 302
    material = material_row(app, material_id)
    assert material.title == {"en": "Closing slides", "ru": "Слайды закрытия"}
    assert material.visibility.value == "participants" and material.embargo_until_start
    login(forum.users["participant"])
    assert client.get(f"/events/forum/materials/{material_id}/download").status_code == 404


def test_materials_page_queries_do_not_grow_with_materials(app, client, forum, add_material, count_queries, login):
    login(forum.users["participant"])
    for i in range(3):
        add_material(forum.event, forum.past_session, filename=f"a{i}.pdf")
    client.get("/events/forum/materials")  # the published agenda and its people are cached after the first reader
    few = count_queries(lambda: client.get("/events/forum/materials"))
    for i in range(12):
        add_material(forum.event, forum.future_session if i % 2 else forum.past_session, filename=f"b{i}.pdf",
                     visibility="participants" if i % 3 else "public")
    many = count_queries(lambda: client.get("/events/forum/materials"))
    assert many <= few + 1 and many <= 12  # + the reader's registration, asked once for participants-only files
