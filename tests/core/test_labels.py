"""Every enum a person sees has one label per value, with a Russian and a Kazakh translation."""
from __future__ import annotations

import enum
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import LazyString, force_locale

import app as app_package
from app.core import labels
from tests.conftest import translated

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "kk")
# Enums of the app that no person ever sees, with the reason. None today.
NOT_SHOWN: dict[str, str] = {
    # The history shows one word per recipient that joins this with the outbox's state
    # (app/messages/services.py delivery_state, labelled in its template), never this alone.
    "RecipientState": "internal to a message's delivery; the page shows delivery_state",
}


def _app_enums() -> set[type[enum.Enum]]:
    """Every Enum class defined in the app's modules (models, services, anywhere)."""
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(module.name)
    found = set()
    for name, module in list(sys.modules.items()):
        if name == "app" or name.startswith("app."):
            found |= {obj for obj in vars(module).values() if isinstance(obj, type) and issubclass(obj, enum.Enum)
                      and obj.__module__.startswith("app.")}
    return found


def _catalog(lang: str) -> dict[str, object]:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


def test_every_enum_of_the_app_has_a_label_map():
    enums = _app_enums()
    assert len(enums) >= 18  # the walk found the 16 enums of the models, ConflictKind and CellState
    unlabelled = sorted(e.__qualname__ for e in enums - set(labels.registered()) if e.__name__ not in NOT_SHOWN)
    assert not unlabelled, f"give these enums labels next to them (app.core.labels.register_labels): {unlabelled}"


def test_every_label_has_a_russian_and_a_kazakh_translation(app):
    catalogs = {lang: _catalog(lang) for lang in LANGUAGES}
    problems = []
    with app.test_request_context(), force_locale("en"):
        for enum_cls, words in labels.registered().items():
            for word in words:
                assert isinstance(word, LazyString), f"{enum_cls.__name__}: {word!r} is not lazy_gettext"
                msgid = str(word)  # English is the source language: the msgid itself
                for lang, catalog in catalogs.items():
                    message = catalog.get(msgid)
                    if message is None or not message.string or message.fuzzy:
                        problems.append(f"{enum_cls.__name__} {msgid!r}: no {lang} translation")
    assert not problems, "\n".join(problems)


def test_labels_follow_the_readers_language_in_code_templates_and_forms(app):
    from app.events.forms import EventForm
    from app.events.models import Visibility
    from app.registration.models import RegistrationStatus

    with app.test_request_context(), force_locale("kk"):
        assert labels.label(RegistrationStatus.WAITING) == translated(app, "kk", "On the waiting list")
        assert labels.label("waiting", "RegistrationStatus") == translated(app, "kk", "On the waiting list")
        page = render_template_string("{{ status|label }}|{{ 'pending'|label('RegistrationStatus') }}",
                                      status=RegistrationStatus.CONFIRMED)
        assert page == f"{translated(app, 'kk', 'Confirmed')}|{translated(app, 'kk', 'Awaiting approval')}"
        options = {choice.value: str(choice.label) for choice in EventForm.visibility.kwargs["choices"]}
        assert options[Visibility.UNLISTED.value] == translated(app, "kk", "Unlisted: anyone with the link")
        assert labels.label(Visibility.UNLISTED) == translated(app, "kk", "Unlisted")


def test_a_label_written_as_a_constant_in_a_template_follows_each_readers_language(app):
    # Jinja computes a filter of constants once, when it compiles the template (as a page's template
    # is compiled once for every reader), unless the filter tells it not to.
    with app.app_context():
        template = app.jinja_env.from_string("{{ 'pending'|label('RegistrationStatus') }}")
    for lang in ("kk", "ru"):
        with app.test_request_context(), force_locale(lang):
            assert template.render() == translated(app, lang, "Awaiting approval"), lang


def test_a_map_that_misses_a_value_is_refused():
    class Colour(enum.StrEnum):
        RED = "red"
        GREEN = "green"

    with pytest.raises(ValueError, match=r"no word for \['green'\]"):
        labels.register_labels(Colour, {Colour.RED: "Red"})
    with pytest.raises(ValueError, match="no word for"):
        labels.register_labels(Colour, {Colour.RED: "Red", Colour.GREEN: "Green"}, choices={Colour.RED: "Red!"})
    assert Colour not in labels.registered()


def test_two_enums_of_one_name_are_refused():
    from app.registration.models import RegistrationStatus

    class RegistrationStatus2(enum.StrEnum):  # noqa: N801 - named like the real one below
        PENDING = "pending"

    RegistrationStatus2.__name__ = RegistrationStatus.__name__
    with pytest.raises(ValueError, match="Two enums are named RegistrationStatus"):
        labels.register_labels(RegistrationStatus2, {RegistrationStatus2.PENDING: "Pending"})
    assert labels.enum_choices(RegistrationStatus)[0].value == "pending"
