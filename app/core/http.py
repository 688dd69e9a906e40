"""Small HTTP pieces every domain's views share: ids from query strings and forms, download
names, pages no cache may keep, and whether a client asked for JSON."""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import Flask, Response, current_app, request
from flask_login import current_user
from slugify import slugify

# Database ids: positive and small enough for an INTEGER column (the <id:...> URL converter too).
MAX_ID = 2**31 - 1
_ID_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value) -> int | None:
    """An id typed in a query string or posted by a form, or None when it is not one.

    ASCII digits only: str.isdigit() also says yes to "²" (which int() refuses) and to "٣"
    (which int() reads as 3), neither of which a page of ours ever writes. Within 1..MAX_ID.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _ID_DIGITS.fullmatch(value.strip()):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def id_arg(name: str) -> int | None:
    """The id in the query string's `name` (?room=3), None when it is absent or not an id."""
    return parse_id(request.args.get(name))


# RFC 5987 attr-char besides letters and digits: what a filename* value may hold unencoded.
_ATTR_CHARS = "!#$&+-.^_`|~"


def content_disposition(filename: str, *, fallback: str | None = None, inline: bool = False) -> str:
    """`attachment` (or `inline`) with the real name in UTF-8 and an ASCII name for old clients (RFC 6266, RFC 5987).

    The ASCII name is `fallback` when given (e.g. the English word of a translated name),
    otherwise the name transliterated: "Доклад НПМ «2016».pdf" -> "Doklad-NPM-2016.pdf".
    """
    if fallback is None:
        stem, dot, ext = filename.rpartition(".")
        if not dot:
            stem, ext = filename, ""
        ascii_ext = "".join(ch for ch in ext if ch.isascii() and ch.isalnum())
        fallback = slugify(stem, lowercase=False, max_length=80) or "download"
        fallback = f"{fallback}.{ascii_ext}" if ascii_ext else fallback
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe=_ATTR_CHARS)}"


def never_cache(response: Response) -> Response:
    """For pages and files with personal data (an `after_request` hook, or called on one response):
    no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def personal_page(view):
    """Marks a view whose answer is personal even for a visitor who is not signed in (a page
    reached by a secret link: a ticket, an invitation): no browser or proxy keeps a copy."""
    view.personal = True
    return view


def register_personal_pages(app: Flask) -> None:
    """One rule for personal data in caches: every answer to a signed-in user (it may show their
    name, registration, ticket, feed address...) and every personal_page is `no-store`, unless
    the view chose its own Cache-Control (a public page from the page cache, a file, a feed)."""

    @app.after_request
    def keep_personal_pages_out_of_caches(response: Response) -> Response:
        if "Cache-Control" in response.headers:
            return response
        view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
        # is_anonymous, not is_authenticated: after the commit the latter would reload the user's row
        # (is_active) once more, and the user loader let only an active account in (accounts/signins.py).
        if getattr(view, "personal", False) or not current_user.is_anonymous:
            never_cache(response)
        return response


def wants_json() -> bool:
    """The client prefers JSON to HTML (the desks' scripts do; a browser without JavaScript does not)."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
