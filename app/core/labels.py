"""One translatable label for each value of every enum a person sees.

A domain registers its enum's words next to the enum:

    register_labels(Visibility, {Visibility.PUBLIC: _l("Public"), ...},
                    choices={Visibility.PUBLIC: _l("Public: listed on the home page"), ...})

and everything that shows a value asks here: forms (`enum_choices`), templates
(`{{ event.visibility|label }}`), exports and mail (`label`). A map that misses a
value is refused when it is registered, and tests/core/test_labels.py fails when
an enum of the app has no map or a word has no Russian or Kazakh translation, so a
new value can never fall through to another value's word.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping

from flask_babel import LazyString
from wtforms import SelectChoice

_LABELS: dict[type[enum.Enum], dict[enum.Enum, LazyString]] = {}
_CHOICES: dict[type[enum.Enum], dict[enum.Enum, LazyString]] = {}
_BY_NAME: dict[str, type[enum.Enum]] = {}


def _checked(enum_cls: type[enum.Enum], words: Mapping, what: str) -> dict:
    missing = [member.value for member in enum_cls if member not in words]
    unknown = [key for key in words if not isinstance(key, enum_cls)]
    if missing or unknown:
        raise ValueError(f"{enum_cls.__name__} {what}: no word for {missing}; not members: {unknown}")
    return {member: words[member] for member in enum_cls}


def register_labels(enum_cls: type[enum.Enum], labels: Mapping[enum.Enum, LazyString], *,
                    choices: Mapping[enum.Enum, LazyString] | None = None) -> None:
    """Register the words of `enum_cls`: `labels`, the short word of each value (badges, tables,
    exports, mail); `choices`, only where a form explains each option in a sentence ("Public:
    listed on the home page"), else forms offer the labels. Both are lazy_gettext strings.

    Raises ValueError when a map misses a value, or when another enum of the same name is
    registered (templates name enums: `'pending'|label('RegistrationStatus')`).
    """
    known = _BY_NAME.get(enum_cls.__name__)
    if known is not None and (known.__module__, known.__qualname__) != (enum_cls.__module__, enum_cls.__qualname__):
        raise ValueError(f"Two enums are named {enum_cls.__name__}: {known.__module__} and {enum_cls.__module__}")
    checked_labels = _checked(enum_cls, labels, "labels")
    checked_choices = _checked(enum_cls, choices, "choices") if choices is not None else None
    _LABELS[enum_cls] = checked_labels
    if checked_choices is not None:
        _CHOICES[enum_cls] = checked_choices
    _BY_NAME[enum_cls.__name__] = enum_cls


def label(value: enum.Enum | str, enum_name: str | None = None) -> str:
    """The value's label in the current language: `label(event.visibility)`, or for a plain
    value the enum's name with it: `label("pending", "RegistrationStatus")`.

    Raises KeyError for an enum without labels and ValueError for a value it does not have.
    """
    enum_cls = _BY_NAME[enum_name] if enum_name else type(value)
    return str(_LABELS[enum_cls][enum_cls(value)])


def enum_choices(enum_cls: type[enum.Enum]) -> list[SelectChoice]:
    """A form's options in the enum's order, worded by the choices' sentences, else by the labels."""
    words = _CHOICES.get(enum_cls) or _LABELS[enum_cls]
    return [SelectChoice(member.value, words[member]) for member in enum_cls]


def registered() -> dict[type[enum.Enum], list[LazyString]]:
    """Every registered enum with all its words, labels and choices (for the catalogue test)."""
    return {enum_cls: [*labels.values(), *_CHOICES.get(enum_cls, {}).values()] for enum_cls, labels in _LABELS.items()}
