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

from collections.abc import Callable

from flask import Flask, Response, g, message_flashed, session

from app.extensions import db


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after this request's unit of work has been committed."""
    g.setdefault("_after_commit", []).append(callback)


def keep_writes() -> None:
    """Commit this request's writes even though its answer has an error status."""
    g._keep_writes = True


def _count_flash(sender, message, category, **extra) -> None:
    g._flashed_here = g.get("_flashed_here", 0) + 1


def _forget_flashes_of_this_request() -> None:
    """A "saved" message flashed by a view whose work was then not committed must not be shown."""
    count = g.pop("_flashed_here", 0)
    if count and session.get("_flashes"):
        session["_flashes"] = session["_flashes"][:-count]


class UnitOfWorkFlask(Flask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message_flashed.connect(_count_flash, self)

    def dispatch_request(self) -> Response:
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            db.session.rollback()
            _forget_flashes_of_this_request()
            raise
        if response.status_code >= 400 and not g.get("_keep_writes"):
            db.session.rollback()
            return response
        try:
            # A request that never touched the database (a cached page) has no session, or one with
            # no transaction: nothing to commit, and no session is made just to find that out.
            if db.session.registry.has() and db.session().in_transaction():
                db.session.commit()
        except BaseException:
            db.session.rollback()
            _forget_flashes_of_this_request()
            raise
        for callback in g.pop("_after_commit", ()):
            callback()
        return response
