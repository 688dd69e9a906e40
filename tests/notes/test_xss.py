"""Cross-site scripting: hostile notes in Russian, English and Kazakh never reach a page as markup.

Every page that shows a note (editor, preview, history, revision, diff, session page,
report, API) is parsed: no script-capable element, no event handler attribute, no
javascript:/vbscript:/data: address, whatever the note said. The PDF is built too.
"""
import html
import json
import re
from html.parser import HTMLParser
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.notes.models import NoteRevision

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<svg><script>alert(1)</script></svg>",
    "<<script>script>alert(1)<</script>/script>",
    "<!-- --><script>alert(1)</script> -->",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    '<a href="javascript:alert(1)">click</a>',
    "[vb](vbscript:msgbox(1))",
    "<img src=x onerror=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    '[x](https://example.org "title\\" onmouseover=\\"alert(1))',
    "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<p <script>alert(1)</script>>",
    "<a href='x' <b onclick=alert(1)>unclosed",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "> <img src=x onerror=alert(1)>\n>\n> - [x](data:text/html,<script>alert(1)</script>)",
]
PREFIX = {"ru": "Заметка докладчика", "en": "Rapporteur's note", "kk": "Баяндамашының жазбасы ңқүұ"}
FORBIDDEN_TAGS = {"script", "iframe", "svg", "math", "style", "object", "embed", "form", "base", "link"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Checker(HTMLParser):
    """Collects every unsafe thing in a page; the app's own static scripts and styles are allowed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        address = attributes.get("src") or attributes.get("href") or attributes.get("action") or ""
        own = address.startswith("/") and not address.startswith("//")
        if tag in FORBIDDEN_TAGS and not (tag in ("script", "link", "form") and own):
            self.problems.append(f"<{tag}> {attributes}")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"<meta http-equiv> {attributes}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "data", "formaction"):
                target = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()
                if target.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


def _problems(page: str) -> list[str]:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker.problems


def _hostile(language: str) -> str:
    return f"{PREFIX[language]}\n\n" + "\n\n".join(CORPUS)


@pytest.fixture
def hostile_notes(forum, write_note):
    """The opening session's note in three languages, every one made of the whole corpus, published."""
    for language in ("ru", "en", "kk"):
        write_note(forum, forum.opening, language, _hostile(language), publish=True)
    write_note(forum, None, "ru", _hostile("ru"), publish=True)
    return forum


def test_hostile_notes_are_inert_on_every_public_page(client, hostile_notes):
    forum = hostile_notes
    for language in ("ru", "en", "kk"):
        for url in (f"/events/{forum.slug}/sessions/{forum.opening}?lang={language}",
                    f"/events/{forum.slug}/report?lang={language}"):
            page = client.get(url).get_data(as_text=True)
            assert PREFIX[language] in page, url
            assert _problems(page) == [], url


def test_hostile_notes_are_inert_on_every_rapporteur_page(client, app, hostile_notes, login):
    forum = hostile_notes
    login(forum.rapporteur)
    for language in ("ru", "en", "kk"):
        editor = forum.editor_url(forum.opening, language)
        with app.app_context():
            revision_id = db.session.scalar(db.select(NoteRevision.id).where(NoteRevision.body == _hostile(language)))
        urls = [editor, editor + "/revisions", f"{editor}/revisions/{revision_id}", f"{editor}/diff",
                f"/manage/events/{forum.slug}/notes"]
        for url in urls:
            page = client.get(url).get_data(as_text=True)
            assert _problems(page) == [], url
        preview = client.post(editor, data={"body": _hostile(language), "action": "preview",
                                            "base_revision": "", "source_revision": ""})
        assert preview.status_code == 200 and _problems(preview.get_data(as_text=True)) == []
        live = json.loads(client.post(f"/manage/events/{forum.slug}/notes/preview", data={"body": _hostile(language)}).data)
        assert PREFIX[language] in live["html"] and _problems(live["html"]) == []
    # A translation beside a hostile original: the original's text (and its diff) is escaped too.
    page = client.get(forum.editor_url(forum.opening, "kk")).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and _problems(page) == []


def test_hostile_notes_are_inert_in_the_api_and_the_pdf(client, hostile_notes):
    forum = hostile_notes
    items = json.loads(client.get(f"/api/v1/events/{forum.slug}/notes?per_page=100").data)["items"]
    assert {item["language"] for item in items} == {"ru", "en", "kk"}
    for item in items:
        assert _problems(item["html"]) == [] and PREFIX[item["language"]] in item["html"]
    for language in ("ru", "en", "kk"):
        response = client.get(f"/events/{forum.slug}/report.pdf?lang={language}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
        assert PREFIX[language] in text


def test_the_checker_would_catch_unsanitised_notes():
    from markdown_it import MarkdownIt

    raw = MarkdownIt("commonmark", {"html": True}).enable("table").render(_hostile("kk"))
    problems = "\n".join(_problems(raw))
    for expected in ("<script>", "<iframe>", "onerror", "onmouseover", "javascript:", "<style>"):
        assert expected in problems, expected
