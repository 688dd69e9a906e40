"""can() and its rules: one rule per action, registered by the domain that owns it."""
import pytest

from app.core.permissions import can, register_rules


def test_an_action_has_exactly_one_rule(app):
    with pytest.raises(ValueError, match="'event.view' already has a rule"):
        register_rules(app, {"event.view": lambda user, event: True})


def test_an_unknown_action_is_a_mistake_not_a_refusal(app):
    with app.app_context(), pytest.raises(LookupError, match="event.teleport"):
        can(None, "event.teleport")


def test_every_domain_registered_its_actions(app):
    from app.core.permissions import _EXTENSION_KEY

    assert set(app.extensions[_EXTENSION_KEY]) == {
        "admin", "event.view", "event.manage", "event.checkin", "event.write_notes", "event.create", "event.register",
        "material.view", "material.manage", "material.history", "speaker.upload", "speaker.profile",
        "speaker.dashboard", "event.skip_approval", "admin.users", "admin.audit", "event.approve",
        "messages.set_limit"}
