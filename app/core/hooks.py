"""Extension points: what a lower layer asks of the layers above it, answered at start-up.

Dependencies run one way (tests/core/test_import_direction.py lists the layers). When a
lower layer needs something only a higher one knows (who else may see a private event, a
part of a page, a check before a session is deleted), it declares a Hook and calls it; the
higher domain connects a function to the hook from its wiring (`init_app`, called by
create_app). The lower layer never imports the higher one.

Receivers are kept on the app, not in the module, so two apps in one process (the tests)
never share them and nothing is connected by merely importing a module.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_EXTENSION_KEY = "convene.hooks"


class Hook:
    """A named extension point; the docstring of where it is declared says what receivers get and return."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Hook({self.name!r})"

    def connect(self, app: Flask, receiver: Callable) -> None:
        app.extensions.setdefault(_EXTENSION_KEY, {}).setdefault(self.name, []).append(receiver)

    def receivers(self) -> tuple[Callable, ...]:
        return tuple(current_app.extensions.get(_EXTENSION_KEY, {}).get(self.name, ()))

    def __call__(self, *args, **kwargs) -> list[Any]:
        """Call every receiver in the order they were connected; their answers, in that order."""
        return [receiver(*args, **kwargs) for receiver in self.receivers()]

    def merged(self, *args, **kwargs) -> dict:
        """For receivers that answer dicts (parts of a page: their template variables): one dict."""
        merged: dict = {}
        for answer in self(*args, **kwargs):
            merged.update(answer)
        return merged
