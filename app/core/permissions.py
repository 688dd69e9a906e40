"""The one place that decides who may do what.

can(user, action, obj, **context) answers every permission question. core knows no domain:
each domain registers the rules of its actions at start-up (register_rules, from its
wiring), one rule per action, so an action is decided in exactly one function. A rule takes
the user, the object and, for some actions, named context the caller passes explicitly
(e.g. the invitation token of "event.register"); rules never read the request or the login.
Views use decorators that load the object (404) and then check access (403, or the login
page for anonymous visitors), in that order: app.events.permissions.event_required, and
the ones below. Templates ask can() too, so a button is only shown when the action behind
it is allowed.

Actions, by the module that decides them:
  admin                                   here: site administrators
  event.view, event.manage, event.checkin, event.write_notes, event.create, event.skip_approval
                                          app/events/permissions.py
  admin.users, admin.audit, event.approve app/admin/permissions.py
  event.register                          app/registration/permissions.py
  material.view, material.manage, material.history, speaker.upload, speaker.profile,
  speaker.dashboard                       app/materials/permissions.py
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g, has_request_context, redirect, request, url_for
from flask_login import current_user

from app.extensions import login_manager

Rule = Callable[..., bool]  # rule(user, obj, **context) -> bool

_EXTENSION_KEY = "convene.permission_rules"


def register_rules(app: Flask, rules: dict[str, Rule]) -> None:
    """Add a domain's rules to the app. An action has one rule: registering it twice is a mistake."""
    registered = app.extensions.setdefault(_EXTENSION_KEY, {})
    for action, rule in rules.items():
        if action in registered:
            raise ValueError(f"permission action {action!r} already has a rule ({registered[action].__module__})")
        registered[action] = rule


def can(user, action: str, obj=None, **context) -> bool:
    rule = current_app.extensions.get(_EXTENSION_KEY, {}).get(action)
    if rule is None:
        raise LookupError(f"unknown permission action {action!r}")
    return rule(user, obj, **context)


def is_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_admin)


def request_cache(name: str) -> dict:
    """Answers kept for one request (a page asks about many materials); none outside requests."""
    return g.setdefault(name, {}) if has_request_context() else {}


RULES: dict[str, Rule] = {
    "admin": lambda user, _obj=None: is_admin(user),
}


# --- views ------------------------------------------------------------------------------

def deny(hide: bool = False):
    """The answer to a refused request: the login page (then back here) for anonymous visitors;
    for signed-in users 403, or 404 when `hide` (whether the thing exists is not theirs to know)."""
    if not current_user.is_authenticated:
        return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))
    abort(404 if hide else 403)


def permission_required(action: str):
    """Check an action that needs no object (event.create, admin)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not can(current_user, action):
                return deny()
            return view(*args, **kwargs)

        wrapper.permission = action
        return wrapper

    return decorator


def login_required_view(view):
    """Any signed-in user (own profile, own agenda...)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return deny()
        return view(*args, **kwargs)

    wrapper.permission = "authenticated"
    return wrapper
