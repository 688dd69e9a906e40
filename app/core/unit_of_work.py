"""One request, one unit of work.

Every view runs in the same frame, in the spirit of Indico's request handlers: the
view loads and checks (the permission decorators), processes (a service changes the
database and flushes), and then this frame commits once when the answer is a success
(status below 400) or rolls back everything when the view raised or answered with an
error. Views never call commit() or rollback() themselves; a domain error a view wants
to show on its form goes through `core.forms.refusal_onto`, which undoes the writes too.
"""
from __future__ import annotations

from flask import Flask, Response

from app.extensions import db


class UnitOfWorkFlask(Flask):
    def dispatch_request(self) -> Response:
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        return response
