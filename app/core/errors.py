"""Domain errors and HTTP error pages."""
from __future__ import annotations

import errno

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, SecurityError

from app.core.storage import StorageFull
from app.extensions import db, login_manager

# The database cannot be reached or is overloaded: the request may well succeed in a moment.
DATABASE_OUTAGE = (OperationalError, InterfaceError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


class DomainError(Exception):
    """A business rule said no. `message` is a translatable (lazy) string shown to the user."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("What you sent is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Please wait a little and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged; please try again later.")),
    507: (_l("Storage is full"),
          _l("The server has no room left to store this file. Nothing was saved; please try again later.")),
    503: (_l("Temporarily unavailable"),
          _l("The site cannot reach its database at the moment. Please try again in a minute.")),
}


def _render(code: int, detail=None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request.path.startswith("/api/"):
        # API clients get JSON problem details (RFC 9457), never an HTML page.
        return jsonify(type="about:blank", title=str(title), status=code, detail=str(detail or text)), code
    try:
        return render_template("errors/error.html", code=code, title=title, text=text, detail=detail), code
    except DATABASE_OUTAGE:
        # The page's header asks who is signed in; without a database, show it as to a visitor.
        db.session.close()
        _forget_signed_in_user()
        return render_template("errors/error.html", code=code, title=title, text=text, detail=detail), code


def _forget_signed_in_user() -> None:
    """Render the next page as for an anonymous visitor: finding out who is signed in needs the
    database, which an error page must not depend on."""
    g._login_user = login_manager.anonymous_user()


def register_error_handlers(app: Flask) -> None:
    def rollback_quietly() -> None:
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection may be gone; the session is reset either way
            db.session.close()

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _l("Your session has expired or the form was sent from elsewhere. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, SecurityError):
            return error  # a Host outside TRUSTED_HOSTS: no page (nothing can build its links), a bare 400
        if error.code in ERROR_TEXTS:
            response = _render(error.code)
            if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
                return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
            return response
        return error

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception):
        rollback_quietly()
        app.logger.error("Database unavailable (%s): %s", type(error).__name__, str(error).splitlines()[0])
        _forget_signed_in_user()
        body, code = _render(503)
        return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(StorageFull)
    def storage_full(error: StorageFull):
        rollback_quietly()  # the rollback also removes a file already stored for this request
        app.logger.error("Storage full: %s", error)
        return _render(507)

    @app.errorhandler(OSError)
    def operating_system_error(error: OSError):
        # werkzeug spools a large upload to a temporary file before any view runs
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return storage_full(StorageFull(str(error)))
        return unexpected_error(error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        rollback_quietly()
        propagate = app.config.get("PROPAGATE_EXCEPTIONS")
        if propagate or (propagate is None and app.testing):
            raise error
        app.logger.exception("Unhandled error")
        return _render(500)
