"""The participant table's filters show their choices and hints whole, in Russian and Kazakh (issue 13,
point 13): on a laptop no select box is narrower than its longest choice; on a laptop and a phone no hint
is cut (it is text, not a placeholder) and nothing overflows the page. A phone's select opens the system's
own full-width list, so its box may shorten a long region name."""
import pytest

from tests.browser.helpers import new_page, sign_in_from_home

pytestmark = pytest.mark.browser

# For each select of the filters: is it wide enough for its longest choice (text, padding and arrow)?
CUT_SELECTS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('form.filters select')].filter(select => {
    const style = getComputedStyle(select);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const longest = Math.max(...[...select.options].map(option => canvas.measureText(option.text).width));
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return longest + padding + 20 > select.clientWidth;  // 20 px: the arrow
  }).map(select => select.name);
}"""
CUT_PLACEHOLDERS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('form.filters input[placeholder]')].filter(input => {
    const style = getComputedStyle(input);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return canvas.measureText(input.placeholder).width + parseFloat(style.paddingLeft) > input.clientWidth;
  }).map(input => input.name);
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_participant_filters_are_not_cut(browser, live_server, app, demo_data, create_user, add_role, width):
    from app.events.models import Event
    from app.extensions import db

    with app.app_context():
        training = db.session.scalar(db.select(Event).where(Event.slug == "npm-monitors-training-2027"))
        db.session.expunge(training)
    add_role(training, create_user(email="desk.organiser@example.org"), "organiser")
    page = new_page(browser, "en", viewport={"width": width, "height": 844})
    sign_in_from_home(page, app, live_server, "desk.organiser@example.org", "en")
    for lang in ("ru", "kk"):
        page.goto(f"{live_server}/manage/events/npm-monitors-training-2027/registrations?lang={lang}")
        assert page.locator("form.filters select").count() >= 3
        if width >= 1280:
            assert page.evaluate(CUT_SELECTS) == [], lang
        assert page.evaluate(CUT_PLACEHOLDERS) == [], lang
        assert page.evaluate("document.documentElement.scrollWidth") <= width, lang
