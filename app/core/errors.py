"""Domain errors and HTTP error pages."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


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
}


def _render(code: int, detail=None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request.path.startswith("/api/"):
        # API clients get JSON problem details (RFC 9457), never an HTML page.
        return jsonify(type="about:blank", title=str(title), status=code, detail=str(detail or text)), code
    return render_template("errors/error.html", code=code, title=title, text=text, detail=detail), code


def register_error_handlers(app: Flask) -> None:
    from app.extensions import db

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _l("Your session has expired or the form was sent from elsewhere. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in ERROR_TEXTS:
            response = _render(error.code)
            if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
                return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
            return response
        return error

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        propagate = app.config.get("PROPAGATE_EXCEPTIONS")
        if propagate or (propagate is None and app.testing):
            raise error
        app.logger.exception("Unhandled error")
        return _render(500)
