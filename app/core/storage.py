"""Files behind one small interface: local files (default) or S3-compatible object storage.

A file arrives in two steps, so that nothing half-written is ever visible:

1. the upload is streamed into a *staging* file (`storage.staging_file()`), checked,
   and hashed there;
2. `storage.put(key, path)` moves it into place atomically: `os.replace` on the same
   file system for local files; for S3 an object exists only once its (multipart)
   upload completed, and boto3 aborts a failed multipart upload.

Keys are made by the application (never from a user's file name) and checked here.

Files put during a database transaction are tied to it: `track_new(key)` deletes the
file again if the transaction rolls back, and `delete_after_commit(key)` removes a file
only once the rows pointing at it are gone for good. So a refused or failed upload
leaves neither a file nor a row, and a deleted material never loses its file early.

A process killed at the wrong moment can still leave a file behind: a half-copied staging
file, or a stored file whose row was never committed. `sweep()` (`flask storage sweep`, and
the background worker's periodic pass) removes staging files and stored files that no row
references once they are older than a grace period, far longer than any upload takes.

A full disk is reported as `StorageFull` (the error pages answer 507), and the partial file
is removed like any other failed upload.

Downloads are answered by the backend (`send`): local files through werkzeug's
`send_file` (conditional requests, Range, sendfile); S3 objects are streamed through
the application with the Range passed on to S3, so the application keeps control of the
headers (attachment, nosniff, permission checks) and never holds a whole file in memory.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from flask import Flask, Response, current_app, request, send_file
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession
from werkzeug.exceptions import NotFound
from werkzeug.http import parse_range_header

from app.core.jobs import crontab, periodic_job
from app.extensions import db

CHUNK_SIZE = 1024 * 1024
_KEY = re.compile(r"[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*")


class StorageError(Exception):
    """The storage backend could not do what was asked (missing file, unreachable server...)."""


class StorageFull(StorageError):
    """No room left where files are written (ENOSPC, or a quota)."""


_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}


@contextmanager
def _full_disk_reported():
    try:
        yield
    except OSError as error:
        if error.errno in _NO_ROOM:
            raise StorageFull(str(error)) from error
        raise


def check_key(key: str) -> str:
    if not isinstance(key, str) or len(key) > 300 or not _KEY.fullmatch(key) or ".." in key:
        raise ValueError(f"invalid storage key {key!r}")
    return key


class Storage:
    """The interface every backend offers."""

    name = "abstract"

    def staging_dir(self) -> Path:
        raise NotImplementedError

    @contextmanager
    def staging_file(self) -> Iterator[tuple[BinaryIO, str]]:
        """A new, empty temporary file (object, path); it is removed on exit unless `put` consumed it."""
        directory = self.staging_dir()
        directory.mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(prefix="upload-", dir=directory)
        try:
            with _full_disk_reported(), os.fdopen(handle, "w+b") as file:
                yield file, path
        finally:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    def put(self, key: str, path: str, content_type: str = "application/octet-stream") -> None:
        """Move the file at `path` to `key` atomically; `path` no longer exists afterwards."""
        raise NotImplementedError

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        with self.staging_file() as (file, path):
            file.write(data)
            file.flush()
            self.put(key, path, content_type)

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    def size(self, key: str) -> int:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""
        raise NotImplementedError

    def iter_bytes(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes of `key` from `start` to `end` (inclusive), in chunks."""
        raise NotImplementedError

    def read_bytes(self, key: str) -> bytes:
        return b"".join(self.iter_bytes(key))

    def local_path(self, key: str) -> Path | None:
        """The file's path when it is on this machine (local backend), else None."""
        return None

    def iter_stored(self) -> Iterator[tuple[str, float]]:
        """Every stored key with its last modification time (seconds since the epoch)."""
        raise NotImplementedError

    def send(self, key: str, *, content_type: str, download_name: str | None, etag: str | None,
             size: int | None = None, as_attachment: bool = True) -> Response:
        """A response with the file: conditional (ETag), Range requests answered with 206."""
        raise NotImplementedError


class LocalStorage(Storage):
    name = "local"

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def staging_dir(self) -> Path:
        # Inside the root, so that os.replace never crosses file systems.
        return self.root / ".staging"

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, path: str, content_type: str = "application/octet-stream") -> None:
        with _full_disk_reported():
            self._put(key, path)

    def _put(self, key: str, path: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = Path(path)
        if source.parent.resolve() != self.staging_dir().resolve():
            # Not from our staging area (another file system, perhaps): copy next to the target first.
            with self.staging_file() as (file, staged):
                with open(source, "rb") as original:
                    shutil.copyfileobj(original, file, CHUNK_SIZE)
                file.flush()
                os.fsync(file.fileno())
                os.replace(staged, target)
            source.unlink(missing_ok=True)
            return
        with open(source, "rb") as file:
            os.fsync(file.fileno())
        os.chmod(source, 0o640)
        os.replace(source, target)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as error:
            raise StorageError(f"no file {key!r}") from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def iter_bytes(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        try:
            file = open(self._path(key), "rb")
        except FileNotFoundError as error:
            raise StorageError(f"no file {key!r}") from error
        with file:
            file.seek(start)
            remaining = None if end is None else end - start + 1
            while remaining is None or remaining > 0:
                chunk = file.read(CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining))
                if not chunk:
                    break
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def iter_stored(self) -> Iterator[tuple[str, float]]:
        if not self.root.is_dir():
            return
        staging = self.staging_dir()
        for path in self.root.rglob("*"):
            if path.is_file() and staging not in path.parents:
                yield path.relative_to(self.root).as_posix(), path.stat().st_mtime

    def send(self, key: str, *, content_type: str, download_name: str | None, etag: str | None,
             size: int | None = None, as_attachment: bool = True) -> Response:
        path = self._path(key)
        if not path.is_file():
            raise NotFound()
        # send_file answers If-None-Match / If-Range and Range (206, 416) from the file itself.
        return send_file(path, mimetype=content_type, as_attachment=as_attachment, download_name=download_name,
                         conditional=True, etag=etag or True, max_age=0)


class S3Storage(Storage):
    """S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Garage...) through boto3."""

    name = "s3"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 staging_root: str | Path | None = None, client=None):
        if not bucket:
            raise RuntimeError("STORAGE_BACKEND=s3 needs STORAGE_S3_BUCKET")
        self.bucket = bucket
        self.endpoint_url = endpoint_url or None
        self.region = region or None
        self._staging = Path(staging_root or tempfile.gettempdir()) / "convene-staging"
        self._client = client

    @property
    def client(self):
        if self._client is None:
            # boto3 is optional (only this back end needs it) and slow to import: imported on first use.
            import boto3
            from botocore.config import Config as BotoConfig

            # Credentials come from the usual places (AWS_ACCESS_KEY_ID..., a profile, an instance role).
            self._client = boto3.client("s3", endpoint_url=self.endpoint_url, region_name=self.region,
                                        config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"},
                                                          connect_timeout=10, read_timeout=60))
        return self._client

    def staging_dir(self) -> Path:
        return self._staging

    def put(self, key: str, path: str, content_type: str = "application/octet-stream") -> None:
        from boto3.s3.transfer import TransferConfig

        check_key(key)
        # Multipart above 16 MiB, 4 parts in flight: memory stays bounded whatever the size.
        config = TransferConfig(multipart_threshold=16 * CHUNK_SIZE, multipart_chunksize=16 * CHUNK_SIZE,
                                max_concurrency=4)
        try:
            self.client.upload_file(path, self.bucket, key, ExtraArgs={"ContentType": content_type}, Config=config)
        except Exception as error:  # noqa: BLE001 - botocore raises many kinds; the caller sees one
            raise StorageError(f"could not store {key!r}: {error}") from error
        Path(path).unlink(missing_ok=True)

    def _head(self, key: str) -> dict | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise StorageError(str(error)) from error

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise StorageError(f"no object {key!r}")
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def iter_stored(self) -> Iterator[tuple[str, float]]:
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"].timestamp()

    def iter_bytes(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        args = {"Bucket": self.bucket, "Key": check_key(key)}
        if start or end is not None:
            args["Range"] = f"bytes={start}-{'' if end is None else end}"
        try:
            body = self.client.get_object(**args)["Body"]
        except ClientError as error:
            raise StorageError(str(error)) from error
        try:
            yield from body.iter_chunks(CHUNK_SIZE)
        finally:
            body.close()

    def send(self, key: str, *, content_type: str, download_name: str | None, etag: str | None,
             size: int | None = None, as_attachment: bool = True) -> Response:
        if size is None:
            size = self.size(key)
        etag = etag or key
        start, end, status = 0, size - 1, 200
        wanted = request.headers.get("Range")
        if_range = request.headers.get("If-Range")
        if wanted and (not if_range or if_range.strip('"') == etag) and request.method in ("GET", "HEAD"):
            parsed = parse_range_header(wanted)
            bounds = parsed.range_for_length(size) if parsed else None
            if parsed is not None and bounds is None and parsed.ranges and len(parsed.ranges) == 1:
                response = Response(status=416)
                response.headers["Content-Range"] = f"bytes */{size}"
                return response
            if bounds is not None:  # one satisfiable range; several ranges get the whole file
                start, end, status = bounds[0], bounds[1] - 1, 206
        response = Response(status=status, mimetype=content_type, direct_passthrough=True)
        response.set_etag(etag)
        if status == 200 and request.if_none_match.contains(etag):
            response = Response(status=304)
            response.set_etag(etag)
            return response
        response.headers["Accept-Ranges"] = "bytes"
        response.headers["Cache-Control"] = "no-cache"
        response.content_length = end - start + 1 if size else 0
        if status == 206:
            response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        if request.method != "HEAD" and size:
            response.response = self.iter_bytes(key, start, end)
        return response


def create_storage(config) -> Storage:
    backend = (config.get("STORAGE_BACKEND") or "local").lower()
    if backend == "local":
        return LocalStorage(config["STORAGE_LOCAL_ROOT"])
    if backend == "s3":
        try:
            import boto3  # noqa: F401
        except ImportError as error:
            raise RuntimeError("STORAGE_BACKEND=s3 needs boto3: pip install 'convene[s3]'") from error
        return S3Storage(config.get("STORAGE_S3_BUCKET", ""), endpoint_url=config.get("STORAGE_S3_ENDPOINT_URL"),
                         region=config.get("STORAGE_S3_REGION"),
                         staging_root=config.get("STORAGE_STAGING_ROOT") or None)
    raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r} (expected 'local' or 's3')")


def get_storage(app: Flask | None = None) -> Storage:
    """The app's storage, built from its configuration on first use (and rebuilt when it changes)."""
    app = app or current_app._get_current_object()
    settings = tuple(app.config.get(name) for name in (
        "STORAGE_BACKEND", "STORAGE_LOCAL_ROOT", "STORAGE_S3_BUCKET", "STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_REGION"))
    cached = app.extensions.get("convene_storage")
    if cached is None or cached[0] != settings:
        cached = (settings, create_storage(app.config))
        app.extensions["convene_storage"] = cached
    return cached[1]


# --- files tied to the database transaction -------------------------------------------

_NEW = "storage_new_keys"
_DOOMED = "storage_doomed_keys"


def track_new(session, key: str, storage: Storage) -> None:
    """`key` was just stored for rows of this transaction: delete it again if the transaction rolls back."""
    session.info.setdefault(_NEW, []).append((storage, key))


def delete_after_commit(session, key: str, storage: Storage) -> None:
    """Delete `key` once this transaction has committed (and never if it rolls back)."""
    session.info.setdefault(_DOOMED, []).append((storage, key))


def _delete_quietly(entries) -> None:
    for storage, key in entries:
        try:
            storage.delete(key)
        except Exception:  # noqa: BLE001 - a leftover file is better than a failed request
            try:
                current_app.logger.exception("Could not delete stored file %s", key)
            except RuntimeError:
                pass


@sa_event.listens_for(OrmSession, "after_commit")
def _after_commit(session) -> None:
    session.info.pop(_NEW, None)
    _delete_quietly(session.info.pop(_DOOMED, []))


@sa_event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    # Runs after after_commit (which has emptied the list) and after any rollback or close.
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    session.info.pop(_DOOMED, None)
    _delete_quietly(session.info.pop(_NEW, []))


# --- sweeping what a killed process left behind -----------------------------------------

_REFERENCES: list = []


def register_stored_keys(column) -> None:
    """Declare a column holding storage keys (a domain calls this for its models), so that
    `sweep()` never removes a file a row still points at."""
    if column not in _REFERENCES:
        _REFERENCES.append(column)


def referenced_keys(session) -> set[str]:
    keys: set[str] = set()
    for column in _REFERENCES:
        keys.update(session.scalars(select(column).where(column.is_not(None))))
    return keys


@dataclass
class SweepReport:
    staging: list[str] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)


def sweep(storage: Storage, session, *, grace_seconds: float, dry_run: bool = False) -> SweepReport:
    """Remove staging files and stored files no row references, when older than `grace_seconds`
    (so an upload in progress, or a file put moments before its row commits, is never touched).
    With `dry_run`, only list them."""
    cutoff = time.time() - grace_seconds
    report = SweepReport()
    staging = storage.staging_dir()
    if staging.is_dir():
        for path in sorted(staging.iterdir()):
            if path.is_file() and path.stat().st_mtime < cutoff:
                report.staging.append(path.name)
                if not dry_run:
                    path.unlink(missing_ok=True)
    referenced = referenced_keys(session)
    for key, modified in sorted(storage.iter_stored()):
        if modified < cutoff and key not in referenced:
            report.unreferenced.append(key)
            if not dry_run:
                storage.delete(key)
    return report


@periodic_job(crontab(minute="17"))
def sweep_storage_every_hour() -> None:
    """The background worker's periodic pass: files left behind by a killed process, past the grace period."""
    grace_seconds = current_app.config["STORAGE_SWEEP_GRACE_HOURS"] * 3600
    report = sweep(get_storage(), db.session, grace_seconds=grace_seconds)
    if report.staging or report.unreferenced:
        current_app.logger.info("Storage sweep removed %s staging and %s unreferenced file(s)",
                                len(report.staging), len(report.unreferenced))
