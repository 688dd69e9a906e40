"""One request, one unit of work.

Every view runs in the same frame, in the spirit of Indico's request handlers: the
view loads and checks (the permission decorators), processes (a service changes the
database and flushes), and then this frame commits once when the answer is a success
(status below 400) or rolls back everything when the view raised or answered with an
error. Views never call commit() or rollback() themselves; a domain error a view wants
to show on its form goes through `core.forms.refusal_onto`, which undoes the writes too.

Two small hooks cover what a view may need around the commit:
- `after_commit(callback)`: run once the frame has committed (and never after a rollback),
  e.g. signing in an account created by this request;
- `keep_writes()`: commit although the answer is an error, for the rare error answer that
  reports something saved (409 Conflict with the author's text kept as a conflict copy).
"""
from __future__ import annotations

from typing import Callable

from flask import Flask, Response, g

from app.extensions import db


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after this request's unit of work has been committed."""
    g.setdefault("_after_commit", []).append(callback)


def keep_writes() -> None:
    """Commit this request's writes even though its answer has an error status."""
    g._keep_writes = True


class UnitOfWorkFlask(Flask):
    def dispatch_request(self) -> Response:
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 400 and not g.get("_keep_writes"):
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        for callback in g.pop("_after_commit", ()):
            callback()
        return response
