"""What user text may hold, and how it is kept from disturbing the text around it.

Control characters (C0, DEL, C1) have no place in a name or a title: a CR/LF in a title
reaches mail headers, an ESC or form feed reaches .ics files (RFC 5545 forbids them) and
XML (which cannot hold them at all). Explicit bidirectional formatting characters
(embeddings, overrides, isolates) let a name reorder the text beside it, e.g. U+202E in an
organiser's table. Both are refused on input (app/core/forms.py, the import); text
written out to formats that cannot hold them is cleaned with `without_controls`, so a value
stored before these rules cannot break a page or a feed.

Names and titles shown beside other text are isolated: `<bdi>` in HTML (the `bdi` filter)
and the Unicode isolates FSI/PDI in plain text (`isolate`, the `isolate` filter in mail).

Text folded for searching (`fold`, `search_key`, `search_words`): what a person types at a
desk finds what was registered. The same folding is stored beside the data (a search key)
and applied to the typed words, so the database only compares plain lower-case strings
(app.registration.table.key_contains): the same on SQLite (whose lower() knows only ASCII)
and PostgreSQL.
"""
from __future__ import annotations

import re
import unicodedata

# C0 controls, DEL and C1 controls; multi-line text keeps tab, line feed and carriage return.
_CONTROLS_SINGLE_LINE = "\x00-\x1f\x7f-\x9f"
_CONTROLS_MULTILINE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. The marks (LRM, RLM, ALM) are ordinary
# characters of right-to-left writing and stay allowed.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

_REFUSED_SINGLE_LINE = re.compile(f"[{_CONTROLS_SINGLE_LINE}{BIDI_CONTROLS}]")
_REFUSED_MULTILINE = re.compile(f"[{_CONTROLS_MULTILINE}{BIDI_CONTROLS}]")

FSI, PDI = "\u2068", "\u2069"


def has_refused_characters(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a control or bidirectional formatting character that user text
    may not hold (multi-line text may hold tabs and line breaks)."""
    pattern = _REFUSED_MULTILINE if multiline else _REFUSED_SINGLE_LINE
    return bool(pattern.search(text))


def without_controls(text: str, *, multiline: bool = False) -> str:
    """`text` with the refused characters removed; single-line text gets a space for a line break.

    For output that cannot hold them (mail headers, iCalendar, XML) when a value was stored
    before the input rules existed."""
    if not multiline:
        text = re.sub(r"[\r\n\t]+", " ", text)
    return (_REFUSED_MULTILINE if multiline else _REFUSED_SINGLE_LINE).sub("", text)


def isolate(text) -> str:
    """Plain text (mail) with a name or title isolated from the text around it (FSI ... PDI):
    right-to-left text or a stray override inside it cannot reorder the sentence."""
    text = "" if text is None else str(text)
    return f"{FSI}{text}{PDI}" if text else text


# --- folding for search ---------------------------------------------------------------------

# Kazakh letters as people type them on a Russian keyboard ("Нурланкызы" for "Нұрланқызы").
_KAZAKH_ON_RUSSIAN_KEYBOARD = str.maketrans("әғқңөұүһі", "агкноуухи")


def fold(text: str | None) -> str:
    """Lower case without accents, for matching: case-folded (ß -> ss), decomposed (NFKD) and
    stripped of combining marks (é -> e, ё -> е, й -> и), Kazakh letters as their Russian
    neighbours, runs of spaces as one."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_KAZAKH_ON_RUSSIAN_KEYBOARD).split())


def search_key(*parts: str | None) -> str:
    """Several fields folded into one string to search (one line each: a typed word never spans two)."""
    return "\n".join(fold(part) for part in parts)


def search_words(typed: str | None, max_words: int = 8) -> list[str]:
    """The typed text as folded words; each must appear in the key for a match."""
    return fold((typed or "")[:200]).split()[:max_words]

