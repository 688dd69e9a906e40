"""Text folded for searching: what a person types at a desk finds what was registered.

`fold("Ерлан ҚАСЫМОВ")`, `fold("ерлан касымов")` and `fold("Erlan")`... The same folding
is stored beside the data (a search key) and applied to the typed words, so the database
only compares plain lower-case strings with LIKE: the same on SQLite (whose lower() knows
only ASCII) and PostgreSQL, and usable by an index.
"""
from __future__ import annotations

import unicodedata

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
