"""The S3 backend against a real S3 HTTP endpoint on loopback (moto in server mode): storage calls,
then uploads, Range downloads, ZIPs and deletion through the application with STORAGE_BACKEND=s3."""
import hashlib
import io
import zipfile

import pytest

from app.extensions import db
from app.materials.models import MaterialVersion
from tests.materials import samples
from tests.materials.conftest import upload

BUCKET = "convene-test"


@pytest.fixture(scope="session")
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_app(app, s3_endpoint, monkeypatch):
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if BUCKET not in existing:
        client.create_bucket(Bucket=BUCKET)
    for key, value in {"STORAGE_BACKEND": "s3", "STORAGE_S3_BUCKET": BUCKET, "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
                       "STORAGE_S3_REGION": "us-east-1"}.items():
        monkeypatch.setitem(app.config, key, value)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def _keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_s3_storage_puts_reads_ranges_and_deletes(app, s3_app):
    from app.core.storage import S3Storage, get_storage

    with app.app_context():
        storage = get_storage()
        assert isinstance(storage, S3Storage)
        data = bytes(range(256)) * 300
        with storage.staging_file() as (file, path):
            file.write(data)
            file.flush()
            storage.put("materials/1/2/abc.pdf", path, "application/pdf")
        assert storage.exists("materials/1/2/abc.pdf") and storage.size("materials/1/2/abc.pdf") == len(data)
        assert storage.read_bytes("materials/1/2/abc.pdf") == data
        assert b"".join(storage.iter_bytes("materials/1/2/abc.pdf", 1000, 1999)) == data[1000:2000]
        storage.delete("materials/1/2/abc.pdf")
        assert not storage.exists("materials/1/2/abc.pdf")
        with pytest.raises(ValueError):
            storage.put("../escape", "/dev/null")


def test_uploads_downloads_and_zips_through_s3(app, s3_app, client, forum, login, files_on_disk):
    login(forum.organiser)
    data = samples.mp4() * 50
    local_before = files_on_disk()
    response = upload(client, "/manage/events/forum/materials/new", "Видео.mp4", data, session=str(forum.past_session))
    assert response.status_code == 302
    assert files_on_disk() == local_before  # nothing kept on the app server's disk
    with app.app_context():
        version = db.session.scalar(db.select(MaterialVersion))
        assert version.sha256 == hashlib.sha256(data).hexdigest()
        key, material_id = version.storage_key, version.material_id
    assert key in _keys(s3_app)
    url = f"/events/forum/materials/{material_id}/download"
    full = client.get(url, buffered=True)
    assert full.status_code == 200 and full.data == data
    assert full.headers["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''%D0%92%D0%B8%D0%B4%D0%B5%D0%BE.mp4" in full.headers["Content-Disposition"]
    part = client.get(url, headers={"Range": "bytes=100-299"}, buffered=True)
    assert part.status_code == 206 and part.data == data[100:300]
    assert part.headers["Content-Range"] == f"bytes 100-299/{len(data)}"
    assert client.get(url, headers={"Range": f"bytes={len(data)}-"}, buffered=True).status_code == 416
    assert client.get(url, headers={"If-None-Match": full.headers["ETag"]}, buffered=True).status_code == 304
    archive = zipfile.ZipFile(io.BytesIO(client.get("/events/forum/materials.zip", buffered=True).data))
    assert archive.read("01 Opening/Видео.mp4") == data
    # A refused upload stores nothing in the bucket either.
    keys = _keys(s3_app)
    assert upload(client, "/manage/events/forum/materials/new", "x.pdf", samples.HTML).status_code == 400
    assert _keys(s3_app) == keys
    assert client.post(f"/manage/events/forum/materials/{material_id}/delete").status_code == 302
    assert key not in _keys(s3_app)
