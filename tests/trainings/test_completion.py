"""The completion rule: shares at their boundaries, lists of required modules, modules that change."""
import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.trainings import services
from app.trainings.models import CompletionKind, CompletionRule
from tests.trainings.conftest import load_event


def _rule(kind="share", share=0.8, required=()):
    return CompletionRule(kind=CompletionKind(kind), share=share, required_session_ids=list(required))


@pytest.mark.parametrize("modules, share, needed", [
    (10, 0.8, 8),    # exactly 80%: 8 is enough, not 9 through floating point
    (9, 0.8, 8),     # 7.2 rounds up
    (5, 0.8, 4),
    (3, 0.7, 3),     # 2.1 rounds up
    (1, 0.8, 1),
    (4, 1.0, 4),
    (4, 0.01, 1),    # at least one module, however small the share
    (0, 0.8, 0),
])
def test_share_rule_asks_for_the_rounded_up_number_of_modules(modules, share, needed):
    assert services.required_count(_rule(share=share), list(range(1, modules + 1))) == needed


def test_share_rule_boundaries():
    modules = list(range(1, 11))
    rule = _rule(share=0.8)
    assert services.is_complete(rule, modules, set(range(1, 9)))        # 8 of 10
    assert not services.is_complete(rule, modules, set(range(1, 8)))    # 7 of 10
    assert services.is_complete(rule, modules, set(modules))


def test_attendance_outside_the_modules_never_counts():
    rule = _rule(share=0.5)
    # Two modules; sessions 7 and 8 were modules once (or are plenaries): they do not count.
    assert not services.is_complete(rule, [1, 2], {7, 8})
    assert services.is_complete(rule, [1, 2], {2, 7})


def test_nobody_completes_a_training_without_modules():
    assert not services.is_complete(_rule(share=0.01), [], {1, 2, 3})
    assert not services.is_complete(_rule("required", required=[1]), [], {1})


def test_required_list_needs_every_listed_module():
    rule = _rule("required", required=[2, 4])
    assert services.is_complete(rule, [1, 2, 3, 4], {2, 4})
    assert not services.is_complete(rule, [1, 2, 3, 4], {1, 2, 3})


def test_required_module_removed_from_the_agenda_is_not_required_any_more():
    rule = _rule("required", required=[2, 9])
    assert services.required_modules(rule, [1, 2, 3]) == [2]
    assert services.is_complete(rule, [1, 2, 3], {2})


def test_required_list_whose_modules_all_went_completes_nobody():
    rule = _rule("required", required=[8, 9])
    assert not services.is_complete(rule, [1, 2, 3], {1, 2, 3})


def test_default_rule_is_eighty_percent_until_saved(ctx, make_training):
    training = make_training(modules=5, participants=0)
    rule = services.completion_rule(load_event(training.event))
    assert rule.kind == CompletionKind.SHARE and rule.share == pytest.approx(0.8)
    assert db.session.get(CompletionRule, training.event.id) is None


def test_saving_a_rule_checks_share_and_modules(ctx, make_training, create_event):
    training = make_training(modules=3, participants=0)
    event = load_event(training.event)
    for share in (0, -0.5, 1.01, None):
        with pytest.raises(DomainError):
            services.save_completion_rule(event, None, "share", share, [])
    with pytest.raises(DomainError):
        services.save_completion_rule(event, None, "required", None, [])
    with pytest.raises(DomainError):  # a plenary is not a module
        services.save_completion_rule(event, None, "required", None, [training.other_sessions[1]])
    rule = services.save_completion_rule(event, None, "required", None, [training.modules[2], training.modules[0]])
    assert rule.required_session_ids == sorted([training.modules[0], training.modules[2]])
    rule = services.save_completion_rule(event, None, "share", 1.0, [])
    assert rule.kind == CompletionKind.SHARE and rule.share == 1.0


def test_progress_counts_modules_and_hours(ctx, make_training, attend):
    training = make_training(modules=5, participants=3, minutes=90)
    attend(training, 0, [0, 1, 2, 3])     # 4 of 5: completes at 80%
    attend(training, 1, [0, 1, 2])        # 3 of 5: does not
    event = load_event(training.event)
    items = {item.registration.name: item for item in services.progress(event)}
    assert items["Participant 1"].completed and items["Participant 1"].hours == pytest.approx(6.0)
    assert not items["Participant 2"].completed and items["Participant 2"].hours == pytest.approx(4.5)
    assert not items["Participant 3"].completed and items["Participant 3"].attended == []


def test_cancelled_module_leaves_the_count(app, ctx, make_training, attend, publish):
    from app.agenda.models import Session, SessionStatus

    training = make_training(modules=5, participants=1)
    attend(training, 0, [0, 1, 2, 3])
    event = load_event(training.event)
    assert services.progress(event)[0].completed
    db.session.get(Session, training.modules[0]).status = SessionStatus.CANCELLED
    db.session.commit()
    publish(training.event)
    event = load_event(training.event)
    assert len(services.modules(event)) == 4
    item = services.progress(event)[0]
    # 3 of the 4 remaining modules: 75% < 80%.
    assert [m.id for m in item.attended] == training.modules[1:4] and not item.completed


def test_only_confirmed_participants_count(ctx, make_training, add_participant):
    training = make_training(modules=2, participants=1)
    add_participant(training.event, "Waiting Person", status="waiting")
    add_participant(training.event, "Cancelled Person", status="cancelled")
    names = [r.name for r in services.participants(load_event(training.event))]
    assert names == ["Participant 1"]
