"""Issue 12.10: a name sits beside other text isolated, so its own direction or a stray override
cannot reorder the row or the sentence around it; 12.4: no value turns a subject into two lines."""
from app.core.mail import mail_link, queue_mail
from app.core.models import OutboxMessage
from app.extensions import db

OVERRIDE = "\u202eevil.exe"


def test_names_in_the_organisers_team_table_are_isolated(app, client, create_user, create_event, login, add_role):
    user = create_user(name="Organiser")
    event = create_event(organiser=user)
    add_role(event, create_user(name=OVERRIDE), "checkin")  # stored before the input refused it
    login(user)
    page = client.get(f"/manage/events/{event.slug}/team").get_data(as_text=True)
    assert f"<bdi>{OVERRIDE}</bdi>" in page


def test_names_and_titles_in_mail_are_isolated_and_the_subject_stays_one_line(app, mailbox):
    with app.test_request_context():
        user = type("U", (), {"name": "مريم " + OVERRIDE})()
        message = queue_mail("m@example.org", "verify_email", "en", lambda: "Forum\r\nBcc: everyone@example.org",
                             user=user, link=mail_link("accounts.verify", token="x"))
        db.session.commit()
        assert message.subject == "Forum Bcc: everyone@example.org"
        assert f"Hello \u2068مريم {OVERRIDE}\u2069," in message.body_text
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1
