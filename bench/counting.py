"""The app under gunicorn, with every request's SQL statements and server time written down.

    gunicorn 'bench.counting:app'      (BENCH_REQUEST_LOG=/path/requests.jsonl)

Wraps create_app() in a WSGI middleware that counts the statements the request sends
(a SQLAlchemy before_cursor_execute listener, per thread) from the moment the request
arrives until its response has been sent to the end (streamed bodies included), and
appends one JSON line per request to BENCH_REQUEST_LOG: method, path, status, statements,
server time in ms. Bench code only: the app itself is untouched.
"""
from __future__ import annotations

import json
import os
import threading
import time

from sqlalchemy import event as sa_event

from app import create_app
from app.extensions import db

_state = threading.local()
_write_lock = threading.Lock()


def _count(conn, cursor, statement, parameters, context, executemany):
    if getattr(_state, "active", False):
        _state.count += 1


class _Counted:
    """The response body, passed through; the request's line is written when it is closed."""

    def __init__(self, body, finish):
        self._body, self._finish = body, finish

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            if hasattr(self._body, "close"):
                self._body.close()
        finally:
            self._finish()


def counted(flask_app, log_path: str | None):
    with flask_app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", _count)

    def middleware(environ, start_response):
        _state.active, _state.count = True, 0
        started = time.perf_counter()
        status_holder = {}

        def recording_start_response(status, headers, exc_info=None):
            status_holder["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        def finish():
            _state.active = False
            if log_path:
                line = {"method": environ.get("REQUEST_METHOD"), "path": environ.get("PATH_INFO"),
                        "query": environ.get("QUERY_STRING", ""), "status": status_holder.get("status"),
                        "queries": _state.count, "ms": round((time.perf_counter() - started) * 1000, 2)}
                with _write_lock, open(log_path, "a") as log:
                    log.write(json.dumps(line) + "\n")

        try:
            body = flask_app.wsgi_app(environ, recording_start_response)
        except BaseException:
            finish()
            raise
        return _Counted(body, finish)

    return middleware


app = counted(create_app(), os.environ.get("BENCH_REQUEST_LOG"))
