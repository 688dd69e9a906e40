"""Differences between two texts as escaped HTML with <ins> and <del>.

Lines are compared first (fast, and a changed paragraph stays a paragraph); the
lines that changed are then compared word by word, so a one-word edit shows as
one word. Every piece of text is escaped: the result is safe to put in a page.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# Words, runs of spaces, and single other characters (punctuation): what a reader sees as a change.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffStats:
    inserted: int
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.deleted)


def _normalise(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _word_diff(old: str, new: str, segments: list[tuple[str, str]]) -> None:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(b[j1:j2])))


def diff_html(old: str, new: str) -> tuple[Markup, DiffStats]:
    """The new text with what was removed in <del> and what was added in <ins>; and the counts."""
    old, new = _normalise(old), _normalise(new)
    # Both end with a newline while comparing, so that adding a line after the last one
    # does not mark that last line as changed; the newline is taken off again below.
    added_newline = bool(old or new) and not old.endswith("\n") and not new.endswith("\n")
    a = (old + "\n" if old and not old.endswith("\n") else old).splitlines(keepends=True)
    b = (new + "\n" if new and not new.endswith("\n") else new).splitlines(keepends=True)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("", "".join(a[i1:i2])))
        elif op == "delete":
            segments.append(("del", "".join(a[i1:i2])))
        elif op == "insert":
            segments.append(("ins", "".join(b[j1:j2])))
        else:
            _word_diff("".join(a[i1:i2]), "".join(b[j1:j2]), segments)
    if added_newline:
        for index in range(len(segments) - 1, -1, -1):
            kind, text = segments[index]
            if text.endswith("\n"):
                segments[index] = (kind, text[:-1])
                break
    out = Markup("")
    inserted = deleted = 0
    for kind, text in segments:
        if not text:
            continue
        if kind:
            inserted += kind == "ins"
            deleted += kind == "del"
            out += Markup(f"<{kind}>") + escape(text) + Markup(f"</{kind}>")
        else:
            out += escape(text)
    return out, DiffStats(inserted=inserted, deleted=deleted)
