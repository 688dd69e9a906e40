"""Sorting words the way a reader of a language expects: the Unicode Collation Algorithm.

`sort_key(locale)` gives a key function for sorted(). It is pyuca's collator (the UCA with
the DUCET, the root order CLDR starts from: case and accents weigh less than letters, so
"Åland" sorts with the A's and "Ёлка" with the Е's), with CLDR's tailoring of the languages
whose alphabet orders letters differently from the root. Kazakh's (CLDR kk.xml):

    &Е < ё      Ё is a letter of its own after Е (in the root, an Е with an accent)
    &у < ұ < ү  Ұ before Ү (the root has Ү first)
    &ы < і      І after Ы (the root puts it after И)

Ә, Ғ, Қ, Ң, Ө and Һ already follow А, Г, К, Н, О and Х in the root. PyICU would bring
all of CLDR but needs the system's ICU headers and a compiler to install; pyuca is pure Python.
"""
from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable

from pyuca.collator import Collator_10_0_0

# A tailored letter sorts as its anchor letter followed by one of these weights, which are
# above every primary weight the table gives (the highest, for unassigned code points, is
# below 0xFC00): after the anchor and everything that begins with it, before the next letter.
_AFTER = 0xFFF0

# locale -> [(anchor letter, letters that follow it, in order)], lower case; capitals follow.
TAILORINGS: dict[str, list[tuple[str, str]]] = {
    "kk": [("е", "ё"), ("у", "ұү"), ("ы", "і")],
}

_lock = threading.Lock()
_collators: dict[str, Collator_10_0_0] = {}


class _TailoredCollator(Collator_10_0_0):
    def tailor(self, rules: list[tuple[str, str]]) -> None:
        for anchor, letters in rules:
            for case in (str.lower, str.upper):
                base = self.collation_elements(case(anchor))
                for rank, letter in enumerate(letters):
                    elements = [list(element) for element in base] + [[_AFTER + rank, 0x0020, 0x0002]]
                    # sort_key() looks the text up decomposed (NFD): "ё" arrives as "е" + U+0308.
                    for form in {case(letter), unicodedata.normalize("NFD", case(letter))}:
                        self.table.add([ord(ch) for ch in form], elements)


def _collator(locale: str) -> Collator_10_0_0:
    language = locale.split("_")[0].split("-")[0]
    key = language if language in TAILORINGS else ""
    with _lock:
        collator = _collators.get(key)
        if collator is None:  # about 0.2 s to read the table: once per process and language
            collator = _TailoredCollator()
            collator.tailor(TAILORINGS.get(key, []))
            _collators[key] = collator
    return collator


def sort_key(locale: str) -> Callable[[str], tuple]:
    """A key function that sorts text for readers of `locale` ("ru", "kk", "en", "kk_KZ")."""
    return _collator(locale).sort_key
