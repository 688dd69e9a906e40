from html.parser import HTMLParser

import pytest

from app.core.markdown import render_markdown

XSS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=//evil></iframe>",
    "<<script>script>alert(1)<</script>/script>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p><b>unclosed <i>tags",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("attack", XSS)
@pytest.mark.parametrize("prefix", ["English ", "Русский ", "Қазақша ә ғ қ "])
def test_markdown_output_never_carries_script(attack, prefix):
    html = str(render_markdown(prefix + attack))
    assert prefix.strip() in html
    for tag, attrs in _tags(html):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)


def test_markdown_keeps_formatting_and_marks_links():
    html = str(render_markdown("**жирный** and [OSCE](https://www.osce.org)\n\n- ә\n- ғ"))
    assert "<strong>жирный</strong>" in html
    assert 'href="https://www.osce.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>ә</li>" in html
