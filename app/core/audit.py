"""The activity log's words: each domain registers a translatable label for every action code it
records (`record_audit(actor, "registration.approved", ...)`), and the log pages show the label,
keeping the code beside it for support (`{{ entry.action|audit_action }}`).

    register_audit_actions({"registration.approved": _l("Registration approved"), ...})

tests/core/test_audit_labels.py reads every record_audit call of the app and fails when a code has
no label, or a label no Russian or Kazakh translation. A code without a label (an entry written by
an older version) is shown as the code itself.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import LazyString

_ACTIONS: dict[str, LazyString] = {}


def register_audit_actions(labels: Mapping[str, LazyString]) -> None:
    """Register the words of some action codes; raises ValueError when a code has another word already."""
    for code, word in labels.items():
        known = _ACTIONS.get(code)
        if known is not None and known._args != word._args:
            raise ValueError(f"Two labels for the audit action {code!r}")
        _ACTIONS[code] = word


def audit_action_label(code: str) -> str:
    """The action's label in the current language, or the code when it has none."""
    word = _ACTIONS.get(code)
    return str(word) if word is not None else code


def audit_action_codes() -> frozenset[str]:
    return frozenset(_ACTIONS)
