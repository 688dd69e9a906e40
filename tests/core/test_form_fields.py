"""Issue 12.4 and 12.10: every text input refuses control characters, every date input is bounded.

The walk below finds every form of the application, so a new field cannot forget it.
"""
import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest
from wtforms import Form, StringField
from wtforms.fields import DateField as WTFormsDateField
from wtforms.fields import DateTimeField as WTFormsDateTimeField
from wtforms.fields import FieldList, FormField, TimeField

import app as app_package
from app.core.forms import DateField, DateTimeLocalField, LineField, TextField
from app.core.text import has_refused_characters, isolate, without_controls
from app.events.models import Event
from app.extensions import db
from app.registration.models import FieldKind
from tests.events.test_events import FORM as EVENT_FORM


def _form_classes():
    for module_info in pkgutil.walk_packages(app_package.__path__, "app."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Form) and cls.__module__ == module.__name__:
                yield cls


def _unbound_fields(form_class):
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if hasattr(unbound, "field_class"):
            yield f"{form_class.__module__}.{form_class.__name__}.{name}", unbound


def _problems(qualified_name, field_class, args, kwargs) -> list[str]:
    if issubclass(field_class, FormField):
        form_class = args[0] if args else kwargs["form_class"]
        return [p for name, unbound in _unbound_fields(form_class)
                for p in _problems(name, unbound.field_class, unbound.args, unbound.kwargs)]
    if issubclass(field_class, FieldList):
        inner = args[0] if args else kwargs["unbound_field"]
        return _problems(qualified_name, inner.field_class, inner.args, inner.kwargs)
    if issubclass(field_class, StringField) and not issubclass(field_class, (LineField, TextField)):
        return [f"{qualified_name}: {field_class.__name__} is not a LineField or TextField"]
    if issubclass(field_class, (WTFormsDateField, WTFormsDateTimeField)) and not issubclass(field_class, TimeField) \
            and not issubclass(field_class, (DateField, DateTimeLocalField)):  # a time of day has no year
        return [f"{qualified_name}: {field_class.__name__} is not app.core.forms' bounded date field"]
    return []


def test_every_form_field_for_text_or_dates_is_one_of_the_checked_types(app):
    forms = list(_form_classes())
    assert len(forms) > 20  # the walk found the application's forms
    problems = [p for form in forms for name, unbound in _unbound_fields(form)
                for p in _problems(name, unbound.field_class, unbound.args, unbound.kwargs)]
    assert problems == []


def test_the_forms_built_at_run_time_use_the_checked_types(app, ctx):
    from app.registration.forms import registration_form
    from app.trainings.forms import answer_form
    from app.trainings.models import QuestionKind

    event = SimpleNamespace(default_language="en", languages=["en"])
    fields = [SimpleNamespace(key=kind.value, kind=kind, label={"en": kind.value}, help={}, required=False,
                              choices=[{"key": "a", "label": {"en": "A"}}]) for kind in FieldKind]
    questions = [SimpleNamespace(id=n, kind=kind, label={"en": "Q"}, required=False, choices=[])
                 for n, kind in enumerate(QuestionKind, start=1)]
    with app.test_request_context():
        forms = [registration_form(fields, event, "en", meta={"csrf": False}),
                 answer_form(questions, event, "en", meta={"csrf": False})]
        problems = [p for form in forms for field in form
                    for p in _problems(field.name, type(field), (), {})]
    assert problems == []


@pytest.mark.parametrize("text", ["Forum\r\nBcc: everyone@example.org", "a\x01b", "\x1b[31mred", "page\x0cbreak",
                                  "C1 \x85 next line", "\u202egnp.exe", "tab\there"])
def test_control_and_bidi_characters_are_refused_in_a_single_line(text):
    assert has_refused_characters(text)


def test_multi_line_text_keeps_line_breaks_and_tabs_but_not_other_controls():
    assert not has_refused_characters("One\r\ntwo\n\tthree", multiline=True)
    assert has_refused_characters("One\x0ctwo", multiline=True)
    assert not has_refused_characters("Қазақстан, Россия, عربى\u200f, emoji 🎉")


def test_without_controls_and_isolate():
    assert without_controls("Forum\r\nBcc: x\x1b") == "Forum Bcc: x"
    assert without_controls("a\n\x0cb", multiline=True) == "a\nb"
    assert isolate("Иван") == "\u2068Иван\u2069"


def _events(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Event.id)))


@pytest.mark.parametrize("field,value", [
    ("title-en", "Forum\r\nBcc: everyone@example.org"),  # a multilingual single-line field
    ("title-kk", "\u202eФорум"),
    ("summary-en", "Two\x0cdays"),  # multi-line: a form feed is refused, a line break is not
    ("venue-ru", "Астана\x1b[2J"),
])
def test_event_form_refuses_control_characters_with_a_message(app, client, create_user, login, field, value):
    login(create_user())
    response = client.post("/manage/events/new", data=dict(EVENT_FORM, **{field: value}))
    assert response.status_code == 400
    assert "invisible control characters" in response.get_data(as_text=True)
    assert _events(app) == 0


def test_event_form_keeps_line_breaks_in_multi_line_text(app, client, create_user, login):
    login(create_user())
    response = client.post("/manage/events/new", data=dict(EVENT_FORM, **{"summary-en": "Day one.\r\nDay two."}))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Event)).summary["en"] == "Day one.\r\nDay two."


def test_profile_name_with_a_control_character_is_refused(app, client, create_user, login):
    user = create_user(name="Aigerim")
    login(user)
    response = client.post("/account/profile", data={"name": "Aigerim\x1b[31m", "organisation": "",
                                                     "country": "", "preferred_language": "en"})
    assert response.status_code in (200, 400)
    assert "invisible control characters" in response.get_data(as_text=True)
    from app.accounts.models import User
    with app.app_context():
        assert db.session.get(User, user.id).name == "Aigerim"


@pytest.mark.parametrize("overrides", [
    {"start_date": "9999-12-30", "end_date": "9999-12-31", "timezone": "Pacific/Honolulu"},
    {"start_date": "0001-01-01", "end_date": "0001-01-02", "timezone": "America/Adak"},
    {"registration_opens_at": "0001-01-01T00:00", "timezone": "America/Adak"},
    {"registration_closes_at": "9999-12-31T23:59", "timezone": "Pacific/Honolulu"},
])
def test_event_dates_at_the_edges_of_the_calendar_are_refused(app, client, create_user, login, overrides):
    login(create_user())
    response = client.post("/manage/events/new", data=dict(EVENT_FORM, **overrides))
    assert response.status_code == 400
    assert "Please enter a date between 1900 and 2199." in response.get_data(as_text=True)
    assert _events(app) == 0


def test_clone_to_a_date_past_the_range_is_refused(app, client, create_user, create_event, login):
    user = create_user()
    event = create_event(organiser=user)
    login(user)
    response = client.post(f"/manage/events/{event.slug}/clone", data={"slug": "far-future", "start_date": "9999-12-31"})
    assert response.status_code == 400
    assert _events(app) == 1
