"""Small HTTP pieces every domain's views share: download names, pages no cache may keep,
and whether a client asked for JSON."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, request
from slugify import slugify

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


def wants_json() -> bool:
    """The client prefers JSON to HTML (the desks' scripts do; a browser without JavaScript does not)."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
