import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.catalogs import check_all, check_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_russian_and_kazakh_catalogs_are_complete():
    problems = check_all(ROOT / "translations", ["en", "ru", "kk"])
    assert problems == []


def test_translations_check_command_passes(app):
    result = app.test_cli_runner().invoke(args=["translations", "check"])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext tools not installed")
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_gettext_tools_find_nothing_untranslated_or_fuzzy(lang):
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "", out.stdout


def test_the_check_catches_missing_fuzzy_and_placeholder_errors(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "Untranslated"
msgstr ""

#, fuzzy
msgid "Fuzzy"
msgstr "Нечёткий"

msgid "Hello %(name)s"
msgstr "Привет %(nom)s"

msgid "%(num)d seat"
msgid_plural "%(num)d seats"
msgstr[0] "%(num)d место"
msgstr[1] "%(num)d места"
msgstr[2] ""
''', encoding="utf-8")
    problems = "\n".join(check_catalog(po))
    assert "'Untranslated': untranslated" in problems
    assert "'Fuzzy': fuzzy" in problems
    assert "'Hello %(name)s': placeholders" in problems
    assert "'%(num)d seat': untranslated" in problems


def test_every_message_in_the_code_is_in_the_russian_and_kazakh_catalogs(tmp_path):
    """A string added to the code but never merged into the catalogs would show in English to
    Russian and Kazakh readers: extract what the code says today and look for each msgid."""
    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        extracted = {message.id if isinstance(message.id, str) else message.id[0]
                     for message in read_po(handle) if message.id}
    for lang in ("ru", "kk"):
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        known = {message.id if isinstance(message.id, str) else message.id[0]
                 for message in catalog if message.id and not message.fuzzy
                 and (all(message.string) if isinstance(message.string, tuple) else message.string)}
        assert sorted(extracted - known) == [], f"{lang}: messages in the code without a translation"
