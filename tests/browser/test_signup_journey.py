import re

import pytest

pytestmark = pytest.mark.browser


def test_sign_up_verify_sign_in_switch_to_kazakh_and_open_the_model_forum(page, live_server, mailbox, app, demo_data):

    page.goto(f"{live_server}/?lang=en")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Dana Seitkali")
    page.get_by_label("E-mail address").fill("dana@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_label("Repeat the password").fill("a long passphrase")
    page.get_by_label("Preferred language").select_option("en")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    [message] = mailbox.wait_for("dana@example.org")
    link = re.search(r"https?://\S+", message.get_content()).group(0)
    page.goto(live_server + re.sub(r"^https?://[^/]+", "", link))
    assert "confirmed" in page.locator(".flash").inner_text()

    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()

    page.get_by_role("navigation", name="Language").get_by_role("button", name="Қазақша").click()
    assert page.locator("html").get_attribute("lang") == "kk"
    page.locator("a[href='/events/npm-forum-astana-2017']").first.click()
    assert page.locator("html").get_attribute("lang") == "kk"
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.search("[әғқңөұүһі]", heading.lower()), heading
    # The choice is remembered on the next page.
    page.goto(f"{live_server}/account/profile")
    assert page.locator("html").get_attribute("lang") == "kk"
