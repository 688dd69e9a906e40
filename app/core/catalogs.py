"""Checks that the translation catalogs are complete: no untranslated or fuzzy
message, placeholders identical to the source's, plural forms as the language needs."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}|%[sdif]")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text or ""))


def check_catalog(path: Path) -> list[str]:
    """Return human-readable problems of one .po file (empty when it is complete)."""
    problems: list[str] = []
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        where = f"{path}: {message.id if isinstance(message.id, str) else message.id[0]!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not all(strings):
            problems.append(f"{where}: untranslated")
            continue
        if isinstance(message.id, (list, tuple)) and len(strings) != catalog.num_plurals:
            problems.append(f"{where}: {len(strings)} plural forms, the language needs {catalog.num_plurals}")
        expected = placeholders(ids[-1]) if len(ids) > 1 else placeholders(ids[0])
        for translation in strings:
            found = placeholders(translation)
            # A plural form may leave out the number (e.g. Russian "one" for 21), never add a new name.
            if found != expected and not (len(ids) > 1 and set(found) <= set(expected)):
                problems.append(f"{where}: placeholders {found} differ from the source's {expected}")
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"{path}: msgfmt --check: {result.stderr.strip()}")
    return problems


def check_all(translations_dir: Path, languages: list[str]) -> list[str]:
    problems: list[str] = []
    for lang in languages:
        if lang == "en":
            continue
        po = translations_dir / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            problems.append(f"{po}: missing catalog")
            continue
        problems.extend(check_catalog(po))
    return problems
