"""Jinja filters and globals shared by all templates."""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

from app.core import i18n, labels
from app.core.audit import audit_action_label
from app.core.markdown import render_markdown
from app.core.permissions import can
from app.core.text import isolate
from app.core.urls import LANG_SIGNATURE_ARG, external_url

_static_hashes: dict[str, str] = {}


def static_url(filename: str) -> str:
    """URL of a static file with a content hash, so browsers may cache it for a year."""
    digest = _static_hashes.get(filename)
    if digest is None or current_app.debug:
        path = Path(current_app.static_folder) / filename
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _static_hashes[filename] = digest
    return url_for("static", filename=filename, v=digest)


STATIC_MAX_AGE = 365 * 24 * 3600


def static_max_age(filename: str | None) -> int | None:
    """A static URL from static_url() names one version of its file (?v=<hash>): cacheable for a
    year. Without the hash a file may change under the same URL, so browsers revalidate."""
    return STATIC_MAX_AGE if has_request_context() and request.args.get("v") else None


def page_without_language() -> str:
    """This page's address without ?lang=, where the language form comes back to (a page a
    POST answered goes back to its GET, when it has one)."""
    rule = request.url_rule
    if rule is not None and request.method != "GET" and "GET" not in (rule.methods or ()):
        return url_for("events.home")
    args = [(name, value) for name, value in request.args.items(multi=True) if name not in ("lang", LANG_SIGNATURE_ARG)]
    return request.path + ("?" + urlencode(args) if args else "")


def lang_url(lang: str) -> str:
    """The current page in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return url_for(request.endpoint, **(request.view_args or {}), **args) if request.endpoint else f"/?lang={lang}"


def localized(value, *fallbacks) -> Markup:
    """Multilingual text as HTML, wrapped in a lang attribute when it is in another language."""
    text = i18n.localize(value, *fallbacks)
    if text.is_fallback:
        return Markup('<span lang="%s">%s</span>') % (text.lang, text)
    return escape(text)


def localized_markdown(value, *fallbacks) -> Markup:
    text = i18n.localize(value, *fallbacks)
    html = render_markdown(text)
    if text.is_fallback and html:
        return Markup('<div lang="%s">') % text.lang + html + Markup("</div>")
    return html


@pass_context
def _label(_context, value, enum_name: str | None = None) -> str:
    # pass_context keeps Jinja from computing `'pending'|label('RegistrationStatus')` once, when it
    # compiles the template, in whatever language the first reader had.
    return labels.label(value, enum_name)


def bdi(value) -> Markup:
    """User text isolated from the text around it, so a right-to-left name or a stray override
    cannot reorder a table row or a sentence (app/core/text.py)."""
    return Markup("<bdi>%s</bdi>") % ("" if value is None else value)


def register_templating(app: Flask) -> None:
    app.get_send_file_max_age = static_max_age
    app.jinja_env.filters.update(
        tr=localized,
        tr_text=lambda value, *fallbacks: str(i18n.localize(value, *fallbacks)),
        markdown=render_markdown,
        tr_markdown=localized_markdown,
        date=i18n.format_date,
        date_range=i18n.format_date_range,
        datetime_in=i18n.format_datetime_in,
        time_in=i18n.format_time_in,
        date_in=i18n.format_date_in,
        language_name=i18n.language_name,
        language_in_text=i18n.language_in_text,  # inside a sentence or after a comma: "казахский"
        country_name=i18n.country_name,
        timezone_label=i18n.timezone_label,
        number=i18n.format_number,  # {{ average|number(1) }}: "3,9" in Russian
        share=i18n.format_share,  # {{ 0.45|share }}: "45 %" in Russian
        label=_label,  # an enum value's word: {{ event.visibility|label }}
        audit_action=audit_action_label,  # an activity log code's words: "Registration approved"
        bdi=bdi,  # a name or title beside other text, in HTML: {{ user.name|bdi }}
        isolate=isolate,  # the same in plain text (mail): FSI ... PDI
    )
    app.jinja_env.globals.update(
        static_url=static_url,
        lang_url=lang_url,
        external_url=external_url,
        page_without_language=page_without_language,
        can=lambda action, obj=None: can(current_user, action, obj),
        current_language=i18n.current_language,
        ui_languages=i18n.languages,
    )
