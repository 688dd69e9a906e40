"""Certificates: issued in bulk to those who completed, revoked one by one, downloaded by their holder,
checked on a public page; the PDF speaks the participant's language."""
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

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


# --- a batch of certificates, issued by the background worker ----------------------------------------

def _batches(app, training) -> list:
    from app.trainings.models import CertificateBatch

    with app.app_context():
        rows = db.session.scalars(select(CertificateBatch).where(CertificateBatch.event_id == training.event.id)
                                  .order_by(CertificateBatch.id)).all()
        return [(b.total, b.done, b.finished_at is not None, b.failed) for b in rows]


def _run_jobs(app, jobs):
    """What the worker does with the jobs asked for: each in an app context of its own."""
    while jobs:
        func, args = jobs.pop(0)
        with app.app_context():
            func(*args)


@pytest.fixture
def held_jobs(monkeypatch):
    """Jobs asked for by the requests, kept for the test to run (as a worker would, later)."""
    jobs = []
    monkeypatch.setattr("app.trainings.services.enqueue_after_commit", lambda func, *args: jobs.append((func, args)))
    return jobs


def test_issuing_answers_at_once_and_a_job_issues_them_with_progress(app, client, login, make_training, attend,
                                                                    held_jobs, mailbox):
    from app.core.models import AuditEntry, OutboxMessage

    training = make_training(modules=2, participants=3)
    for person in (0, 1):
        attend(training, person, [0, 1])
    login(training.organiser)
    base = f"/manage/events/{training.event.slug}/certificates"
    assert _issue(client, training).status_code == 302
    # The request only asked: nothing issued yet, the page follows the batch.
    assert _certificates(app, training) == {} and _batches(app, training) == [(None, 0, False, False)]
    assert client.get(f"{base}/progress.json").get_json() == {
        "total": None, "done": 0, "running": True, "finished": False, "failed": False}
    page = client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "Issuing the certificates…" in page and "js/certificates.js" in page and "issue-form" not in page
    # Asked again meanwhile: the same batch goes on, no second one.
    again = client.post(f"{base}/issue", follow_redirects=True).get_data(as_text=True)
    assert "Certificates are already being issued" in again and len(held_jobs) == 1

    _run_jobs(app, held_jobs)
    assert len(_certificates(app, training)) == 2 and _batches(app, training) == [(2, 2, True, False)]
    assert client.get(f"{base}/progress.json").get_json() == {
        "total": 2, "done": 2, "running": False, "finished": True, "failed": False}
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.details).where(
            AuditEntry.action == "trainings.certificates_issued")) == {"count": 2}
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2
    # The organiser who asked is told once what it did; the page lists the certificates.
    page = client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "2 certificates issued; their holders have been told by e-mail." in page
    assert "Issuing the certificates…" not in page and page.count("certificate-code") == 2
    assert "certificates issued" not in client.get(f"{base}?lang=en").get_data(as_text=True)


def test_a_batch_that_fails_half_way_keeps_what_it_issued_and_the_next_one_goes_on(
        app, client, login, make_training, attend, held_jobs, monkeypatch):
    training = make_training(modules=1, participants=5)
    for person in range(5):
        attend(training, person, [0])
    monkeypatch.setattr(services, "BATCH_CHUNK", 2)
    written = []
    real_mail = services._certificate_mail

    def mail_until_the_fourth(*args):
        written.append(args)
        if len(written) == 4:
            raise RuntimeError("the template broke")
        return real_mail(*args)

    monkeypatch.setattr(services, "_certificate_mail", mail_until_the_fourth)
    login(training.organiser)
    _issue(client, training)
    _run_jobs(app, held_jobs)
    # The first hundred (here: two) were committed with their mail; the second rolled back.
    assert len(_certificates(app, training)) == 2 and _batches(app, training) == [(5, 2, True, True)]
    page = client.get(f"/manage/events/{training.event.slug}/certificates?lang=en").get_data(as_text=True)
    assert "Issuing the certificates stopped after 2 of them." in page and "Issue 3 certificates" in page

    monkeypatch.setattr(services, "_certificate_mail", real_mail)
    _issue(client, training)
    _run_jobs(app, held_jobs)
    assert len(_certificates(app, training)) == 5
    assert _batches(app, training) == [(5, 2, True, True), (3, 3, True, False)]


def test_a_batch_whose_worker_went_silent_does_not_block_the_next(app, client, login, make_training, attend,
                                                                  held_jobs):
    from datetime import timedelta

    from app.db import utcnow
    from app.trainings.models import CertificateBatch

    training = make_training(modules=1, participants=1)
    attend(training, 0, [0])
    login(training.organiser)
    _issue(client, training)
    held_jobs.clear()  # its worker died before starting
    with app.app_context():
        batch = db.session.scalar(select(CertificateBatch))
        batch.updated_at = utcnow() - timedelta(minutes=11)
        db.session.commit()
    page = client.get(f"/manage/events/{training.event.slug}/certificates?lang=en").get_data(as_text=True)
    assert "issue-form" in page and "Issuing the certificates…" not in page
    _issue(client, training)
    _run_jobs(app, held_jobs)
    assert len(_certificates(app, training)) == 1 and _batches(app, training)[-1] == (1, 1, True, False)


def test_a_batch_issues_them_all_in_its_job_not_in_the_request(app, client, login, make_training, count_queries,
                                                              held_jobs):
    """The organiser's request runs as many statements for many participants as for 10; the job issues them all,
    in more than one chunk (the last one partial). bench/backoffice.py times a batch of 1,000."""
    from app.trainings.models import Attendance
    from app.trainings.services import BATCH_CHUNK

    many = BATCH_CHUNK + 20
    counted = {}
    for size in (10, many):
        training = make_training(modules=1, participants=0, slug=f"big-{size}")
        with app.app_context():
            from app.registration.models import Registration, RegistrationStatus

            db.session.add_all([Registration(event_id=training.event.id, email=f"p{i}@example.org", name=f"P {i}",
                                             status=RegistrationStatus.CONFIRMED, answers={}) for i in range(size)])
            db.session.flush()
            ids = db.session.scalars(select(Registration.id).where(Registration.event_id == training.event.id)).all()
            db.session.add_all([Attendance(event_id=training.event.id, session_id=training.modules[0],
                                           registration_id=rid) for rid in ids])
            db.session.commit()
        login(training.organiser)
        counted[size] = count_queries(lambda training=training: _issue(client, training))
        _run_jobs(app, held_jobs)
        assert len(_certificates(app, training)) == size
    assert counted[10] == counted[many], counted


def test_the_certificates_page_lists_a_hundred_participants_a_page(app, client, login, make_training):
    from app.registration.models import Registration, RegistrationStatus

    training = make_training(modules=1, participants=0, slug="large")
    with app.app_context():
        db.session.add_all([Registration(event_id=training.event.id, email=f"p{i}@example.org", name=f"P {i:03d}",
                                         status=RegistrationStatus.CONFIRMED, answers={}) for i in range(150)])
        db.session.commit()
    login(training.organiser)
    base = f"/manage/events/{training.event.slug}/certificates?lang=en"
    first = client.get(base).get_data(as_text=True)
    assert "<dd>150</dd>" in first and first.count('<th scope="row">') == 100 and "P 099" in first
    assert "page 1 of 2" in first and "page=2" in first
    second = client.get(base + "&page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 50 and "P 100" in second and "P 099" not in second
    assert client.get(base + "&page=9").get_data(as_text=True).count('<th scope="row">') == 50  # the last page
