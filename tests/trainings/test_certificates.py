"""Certificates: issued in bulk to those who completed, revoked one by one, downloaded by their holder,
checked on a public page; the PDF speaks the participant's language."""
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.trainings import services
from app.trainings.models import Certificate
from tests.conftest import translated

TITLE = {"en": "Course for new NPM monitors", "ru": "Курс для новых участников НПМ",
         "kk": "ҰАТ-тың жаңа қатысушыларына арналған курс"}


def _certificates(app, training) -> dict[int, Certificate]:
    with app.app_context():
        rows = db.session.scalars(select(Certificate).where(Certificate.event_id == training.event.id)).all()
        for row in rows:
            db.session.expunge(row)
        return {row.registration_id: row for row in rows}


def _issue(client, training):
    return client.post(f"/manage/events/{training.event.slug}/certificates/issue")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_organiser_issues_certificates_to_everyone_who_completed(app, client, login, make_training, attend, mailbox):
    training = make_training(modules=5, participants=3)
    attend(training, 0, [0, 1, 2, 3, 4])
    attend(training, 1, [0, 1, 2, 3])
    attend(training, 2, [0, 1, 2])          # 60%: below the rule
    login(training.organiser)
    page = client.get(f"/manage/events/{training.event.slug}/certificates?lang=en").get_data(as_text=True)
    assert "Issue 2 certificates" in page
    assert _issue(client, training).status_code == 302
    issued = _certificates(app, training)
    ids = [registration_id for _, registration_id, _ in training.people]
    assert set(issued) == {ids[0], ids[1]}
    first = issued[ids[0]]
    assert first.holder_name == "Participant 1" and first.hours == pytest.approx(7.5)
    assert first.module_ids == training.modules and first.language == "en"
    assert re.fullmatch(f"[{services.CODE_ALPHABET}]{{20}}", first.code)
    assert first.code != issued[ids[1]].code
    mail = mailbox.wait_for(training.people[0][0].email)[0]
    assert f"/certificates/{first.code}" in mail.get_content()
    # Issuing again changes nothing: everyone who completed has one.
    assert _issue(client, training).status_code == 302
    assert _certificates(app, training).keys() == issued.keys()


def test_no_issue_button_when_there_is_no_certificate_to_issue(app, client, login, make_training, attend):
    training = make_training(modules=2, participants=2)
    login(training.organiser)
    path = f"/manage/events/{training.event.slug}/certificates?lang=en"
    page = client.get(path).get_data(as_text=True)
    assert "Issue 0 certificates" not in page and "issue-form" not in page
    assert "nobody has completed the training" in page
    attend(training, 0, [0, 1])
    assert "Issue 1 certificate" in client.get(path).get_data(as_text=True)
    _issue(client, training)
    page = client.get(path).get_data(as_text=True)
    assert "issue-form" not in page and "everyone who completed the training has one" in page


def test_later_completion_gets_a_certificate_on_the_next_issue(app, client, login, make_training, attend):
    training = make_training(modules=2, participants=2)
    attend(training, 0, [0, 1])
    login(training.organiser)
    _issue(client, training)
    attend(training, 1, [0, 1])
    _issue(client, training)
    assert len(_certificates(app, training)) == 2


def test_revoked_certificate_is_not_issued_again_and_cannot_be_downloaded(app, client, login, make_training, attend):
    training = make_training(modules=1, participants=1)
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    url = f"/manage/events/{training.event.slug}/certificates/{certificate.id}/revoke"
    assert client.post(url).status_code == 302
    assert _certificates(app, training)[certificate.registration_id].revoked_at is not None
    _issue(client, training)
    assert len(_certificates(app, training)) == 1
    login(training.people[0][0])
    assert client.get(f"/events/{training.event.slug}/certificate.pdf").status_code == 404


def test_revoke_checks_the_event_in_the_url(app, client, login, make_training, attend):
    training = make_training(modules=1, participants=1)
    other = make_training(modules=1, participants=1, slug="other-training")
    attend(other, 0, [0])
    login(other.organiser)
    _issue(client, other)
    certificate = next(iter(_certificates(app, other).values()))
    login(training.organiser)
    assert client.post(f"/manage/events/{training.event.slug}/certificates/{certificate.id}/revoke").status_code == 404
    assert client.get(f"/manage/events/{training.event.slug}/certificates/{certificate.id}.pdf").status_code == 404
    assert _certificates(app, other)[certificate.registration_id].revoked_at is None


def test_verify_page_for_a_valid_certificate_shows_name_and_event_only(app, client, login, make_training, attend):
    training = make_training(modules=1, participants=1, title=TITLE, participant_names=["Әсел Қайратқызы"])
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    client.post("/account/logout")
    anonymous = app.test_client()
    response = anonymous.get(f"/certificates/{certificate.code}?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This certificate is valid" in page and "Әсел Қайратқызы" in page and TITLE["en"] in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Cache-Control"] == "private, no-store"
    # Nothing beyond name and event: no e-mail, organisation, hours or modules.
    for private in (training.people[0][0].email, "NHRI", "Module 1", "1.5"):
        assert private not in page
    # Typed from paper, in groups and lower case, the code still works.
    grouped = services.display_code(certificate.code).lower()
    assert anonymous.get(f"/certificates/{grouped}").status_code == 200


def test_verify_page_for_a_revoked_certificate_says_so(app, client, login, make_training, attend):
    training = make_training(modules=1, participants=1)
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    client.post(f"/manage/events/{training.event.slug}/certificates/{certificate.id}/revoke")
    page = app.test_client().get(f"/certificates/{certificate.code}?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "This certificate has been revoked" in text and "This certificate is valid" not in text


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAA", "short", "x" * 300, "%3Cscript%3E"])
def test_verify_page_for_an_unknown_code_is_404(app, code):
    response = app.test_client().get(f"/certificates/{code}?lang=en")
    assert response.status_code == 404
    assert "No certificate has this code" in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)


def test_participant_downloads_own_certificate_only(app, client, login, make_training, attend):
    training = make_training(modules=1, participants=2)
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    url = f"/events/{training.event.slug}/certificate.pdf"
    login(training.people[0][0])
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Participant 1" in _pdf_text(response.data)
    login(training.people[1][0])   # completed nothing, has no certificate
    assert client.get(url).status_code == 404
    page = client.get(f"/events/{training.event.slug}/my-attendance").get_data(as_text=True)
    assert "certificate.pdf" not in page


@pytest.mark.parametrize("lang, name", [("kk", "Әсел Қайратқызы"), ("ru", "Наталья Ковалёва")])
def test_certificate_pdf_is_in_the_participants_language(app, client, login, make_training, attend,
                                                         add_participant, lang, name):
    training = make_training(modules=2, participants=0, title=TITLE)
    training.people.append(add_participant(training.event, name, language=lang))
    attend(training, 0, [0, 1])
    login(training.organiser)
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    assert certificate.language == lang
    response = client.get(f"/manage/events/{training.event.slug}/certificates/{certificate.id}.pdf")
    text = _pdf_text(response.data)
    assert name in text
    assert TITLE[lang] in text
    assert ("1-модуль" if lang == "kk" else "Модуль 1") in text
    assert services.display_code(certificate.code) in text
    assert f"/certificates/{certificate.code}" in text
    # Kazakh and Russian letters survive as text, not as missing glyphs.
    if lang == "kk":
        assert all(letter in text for letter in ("Ә", "Қ", "қ", "Ұ", "ң", "ғ"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_certificate_pdf_headings_are_translated(app, client, login, make_training, attend, add_participant, lang):
    """Needs the catalogs' translations of the certificate's texts."""
    training = make_training(modules=1, participants=0, title=TITLE)
    training.people.append(add_participant(training.event, "Name", language=lang))
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    text = _pdf_text(client.get(f"/manage/events/{training.event.slug}/certificates/{certificate.id}.pdf").data)
    assert translated(app, lang, "Certificate of attendance").upper() in text
    assert translated(app, lang, "Modules attended:") in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_certificate_has_the_events_signatory_and_a_ragged_verification_sentence(
        app, client, login, make_training, attend, add_participant, lang):
    training = make_training(modules=1, participants=0, title=TITLE)
    training.people.append(add_participant(training.event, "Name", language=lang))
    attend(training, 0, [0])
    login(training.organiser)
    response = client.post(f"/manage/events/{training.event.slug}/certificates/signatory", data={
        "name": "Айгерим Сейтжанова", "title-en": "Director", "title-ru": "Директор центра",
        "title-kk": "Орталық директоры"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Айгерим Сейтжанова"' in page and "Орталық директоры" in page
    _issue(client, training)
    certificate = next(iter(_certificates(app, training).values()))
    data = client.get(f"/manage/events/{training.event.slug}/certificates/{certificate.id}.pdf").data
    text = _pdf_text(data)
    assert "Айгерим Сейтжанова" in text and {"kk": "Орталық директоры", "ru": "Директор центра"}[lang] in text
    # Set ragged, not justified: the words of the verification sentence keep single spaces between them
    # (a justified line spreads them apart, which text extraction in layout mode shows as runs of spaces).
    layout = PdfReader(io.BytesIO(data)).pages[0].extract_text(extraction_mode="layout")
    sentence = translated(app, lang, "Check that this certificate is valid: scan the QR code or open %(url)s",
                          url="URL")
    first_words = " ".join(sentence.split()[:4])
    assert first_words in layout, layout
