"""The demo's materials: small slide decks made here as PDFs (English, Russian, Kazakh), links, one file
with two versions, some for participants only, one for organisers only, embargoed ones, and a speaker
account linked to a person of the forum's agenda.

load_materials(event, spec) is idempotent: a material is found by its session and English title and
left alone when it exists. Files go through the same checks and storage as uploads.
"""
from __future__ import annotations

import io
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from app.accounts import services as accounts
from app.agenda.models import Person, Session
from app.core.storage import get_storage
from app.events import services as events
from app.events.models import EventRole
from app.extensions import db
from app.materials import services, speakers
from app.materials.models import InvitationStatus, Material, MaterialKind, SpeakerInvitation
from app.materials.uploads import stage_bytes

DEMO_PASSWORD = "convene-demo"
SPEAKER_EMAIL = "speaker@example.org"

_FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
               "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans.ttf")
_BOLD_PATHS = tuple(p.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") for p in _FONT_PATHS)


def _font(size: int, bold: bool = False):
    for path in (_BOLD_PATHS if bold else _FONT_PATHS):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)  # Latin only: Cyrillic shows as boxes without DejaVu


def slides_pdf(title: str, subtitle: str, points: list[str], footer: str, accent=(31, 90, 166)) -> bytes:
    """A small deck: a title slide and one slide of points, rendered with Pillow and saved as PDF."""
    width, height = 1123, 794  # A4 landscape at 96 dpi
    pages = []
    cover = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(cover)
    draw.rectangle([0, 0, width, 140], fill=accent)
    draw.text((60, 300), title, font=_font(40, bold=True), fill=(29, 36, 51))
    draw.text((60, 370), subtitle, font=_font(26), fill=(83, 93, 110))
    draw.text((60, height - 70), footer, font=_font(18), fill=(83, 93, 110))
    pages.append(cover)
    body = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(body)
    draw.rectangle([0, 0, width, 24], fill=accent)
    draw.text((60, 70), title, font=_font(30, bold=True), fill=(29, 36, 51))
    for number, point in enumerate(points):
        draw.text((80, 180 + number * 70), f"•  {point}", font=_font(24), fill=(29, 36, 51))
    draw.text((60, height - 70), footer, font=_font(18), fill=(83, 93, 110))
    pages.append(body)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=96, title=title)
    return out.getvalue()


FOOTER = "Convene demo"

# Per session key of data/forum.toml (None: the whole event): materials in the order shown.
# file: (file name, language, title per language, (slide title, subtitle, points)), versions: older decks first.
MATERIALS = {
    None: [
        {"kind": "file", "file": "Programme.pdf", "language": "en",
         "title": {"en": "Programme of the forum (English)", "ru": "Программа форума (английский)",
                   "kk": "Форум бағдарламасы (ағылшынша)"},
         "decks": [("Programme of the forum", "Astana, 16–17 May 2017",
                    ["Day 1: opening, OPCAT, legal framework, oversight", "Day 2: consolidated report, practice abroad",
                     "Recommendations and conclusions"])]},
        {"kind": "file", "file": "Программа форума.pdf", "language": "ru",
         "title": {"en": "Programme of the forum (Russian)", "ru": "Программа форума",
                   "kk": "Форум бағдарламасы (орысша)"},
         "decks": [("Программа форума", "Астана, 16–17 мая 2017 года",
                    ["День 1: открытие, ФП КПП, законодательство, контроль", "День 2: консолидированный доклад",
                     "Рекомендации и выводы"])]},
        {"kind": "file", "file": "Форум бағдарламасы.pdf", "language": "kk",
         "title": {"en": "Programme of the forum (Kazakh)", "ru": "Программа форума (казахский)",
                   "kk": "Форум бағдарламасы"},
         "decks": [("Форум бағдарламасы", "Астана, 2017 жылғы 16–17 мамыр",
                    ["1-күн: ашылу, Факультативтік хаттама, заңнама", "2-күн: шоғырландырылған баяндама",
                     "Ұсынымдар мен қорытындылар"])]},
        {"kind": "link", "url": "https://www.ohchr.org/en/treaty-bodies/spt", "language": "en",
         "title": {"en": "UN Subcommittee on Prevention of Torture", "ru": "Подкомитет ООН по предупреждению пыток",
                   "kk": "БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитеті"}},
        {"kind": "file", "file": "Speaker briefing.pdf", "language": "en", "visibility": "organisers",
         "title": {"en": "Briefing notes for speakers and chairs", "ru": "Памятка для выступающих и модераторов"},
         "decks": [("Briefing notes", "For speakers and chairs only",
                    ["Timing: 10 minutes per speaker", "Interpretation: send slides a day ahead",
                     "Questions are collected by the chair"])]},
    ],
    "opening": [
        {"kind": "file", "file": "Приветственное слово.pdf", "language": "ru",
         "title": {"en": "Welcome address (Russian)", "ru": "Приветственное слово", "kk": "Құттықтау сөз (орысша)"},
         "decks": [("Приветственное слово", "Открытие форума",
                    ["Десять лет ФП КПП", "Модель «Омбудсмен плюс»", "Цели форума"])]},
    ],
    "opcat-ten-years": [
        {"kind": "file", "file": "OPCAT ten years.pdf", "language": "en",
         "title": {"en": "Ten years of OPCAT — slides", "ru": "Десять лет ФП КПП — слайды",
                   "kk": "Факультативтік хаттамаға он жыл — слайдтар"},
         "decks": [("Ten years of OPCAT", "Draft for the organisers", ["Prevention vs complaints", "(draft)"]),
                   ("Ten years of OPCAT", "Lucia Ferrante, UN SPT",
                    ["Prevention is not complaint handling", "Independence, resources, access",
                     "What regular visits change over time"])]},
        {"kind": "file", "file": "Факультативтік хаттамаға он жыл.pdf", "language": "kk",
         "title": {"en": "Ten years of OPCAT — slides (Kazakh)", "kk": "Факультативтік хаттамаға он жыл — слайдтар"},
         "decks": [("Факультативтік хаттамаға он жыл", "Лючия Ферранте, БҰҰ Кіші комитеті",
                    ["Алдын алу шағымдарды қарау емес", "Тәуелсіздік, ресурстар, қолжетімділік",
                     "Тұрақты барулар нені өзгертеді"])]},
    ],
    "legal-framework": [
        {"kind": "file", "file": "Поправки к закону о НПМ — проект.pdf", "language": "ru", "visibility": "participants",
         "title": {"en": "Draft amendments to the NPM law (participants)",
                   "ru": "Проект поправок к закону о НПМ (для участников)"},
         "decks": [("Проект поправок к закону о НПМ", "Для участников форума",
                    ["Мандат и перечень учреждений", "Гарантии независимости", "Финансирование и конфиденциальность"])]},
    ],
    "public-oversight": [
        {"kind": "file", "file": "Case studies 2016.pdf", "language": "en", "visibility": "participants",
         "title": {"en": "Case studies from 2016 visits", "ru": "Примеры из посещений 2016 года"},
         "decks": [("Case studies from 2016 visits", "For participants",
                    ["Delays at the gate", "Bans on photographs", "Injuries not recorded"])]},
    ],
    "consolidated-report": [
        {"kind": "file", "file": "Консолидированный доклад НПМ 2016.pdf", "language": "ru",
         "title": {"en": "Consolidated report 2016 (Russian)", "ru": "Консолидированный доклад НПМ за 2016 год",
                   "kk": "ҰАТ-тың 2016 жылғы шоғырландырылған баяндамасы (орысша)"},
         "decks": [("Консолидированный доклад НПМ", "Итоги превентивных посещений 2016 года",
                    ["Посещённые учреждения", "Системные проблемы", "Рекомендации государственным органам"])]},
        {"kind": "file", "file": "Consolidated report 2016 summary.pdf", "language": "en",
         "title": {"en": "Consolidated report 2016 — summary", "ru": "Консолидированный доклад — краткое изложение"},
         "decks": [("Consolidated report 2016", "Summary in English",
                    ["Institutions visited", "Systemic problems", "Recommendations"])]},
        {"kind": "file", "file": "Шоғырландырылған баяндама 2016.pdf", "language": "kk", "embargo": True,
         "title": {"en": "Consolidated report 2016 (Kazakh)", "kk": "Шоғырландырылған баяндама 2016"},
         "decks": [("Шоғырландырылған баяндама", "2016 жылғы барулардың қорытындылары",
                    ["Барылған мекемелер", "Жүйелі проблемалар", "Ұсынымдар"])]},
    ],
    "coe-effectiveness": [
        {"kind": "file", "file": "Measuring NPM effectiveness.pdf", "language": "en",
         "title": {"en": "Measuring NPM effectiveness — slides", "ru": "Оценка эффективности НПМ — слайды"},
         "decks": [("Measuring NPM effectiveness", "Lucia Ferrante",
                    ["Share of recommendations implemented", "Follow-up visits", "CPT standards"])]},
        {"kind": "link", "url": "https://www.coe.int/en/web/cpt", "language": "en",
         "title": {"en": "European Committee for the Prevention of Torture (CPT)",
                   "ru": "Европейский комитет по предупреждению пыток (ЕКПП)"}},
    ],
    # The training (both editions share the module keys).
    "m1-opcat-mandate": [
        {"kind": "file", "file": "Модуль 1 — раздаточный материал.pdf", "language": "ru", "visibility": "participants",
         "title": {"en": "Module 1 handout (Russian)", "ru": "Модуль 1 — раздаточный материал",
                   "kk": "1-модуль — таратпа материал (орысша)"},
         "decks": [("Модуль 1. ФП КПП и мандат НПМ", "Раздаточный материал",
                    ["Полномочия участников НПМ", "Перечень учреждений", "Случаи отказа в доступе"])]},
    ],
    "m8-report-writing": [
        {"kind": "file", "file": "Exercise answers.pdf", "language": "en", "visibility": "participants",
         "embargo": True,
         "title": {"en": "Report-writing exercise: model answers", "ru": "Упражнение по составлению отчёта: ответы"},
         "decks": [("Model answers", "Shown after the module starts",
                    ["Facts before conclusions", "Recommendations that can be checked", "Follow-up dates"])]},
    ],
}


def _sessions_by_key(event, spec: dict) -> dict[str, Session]:
    by_title = {s.title.get("en"): s for s in db.session.scalars(select(Session).where(Session.event_id == event.id))}
    return {s["key"]: by_title[s["title"]["en"]] for s in spec["sessions"] if s["title"]["en"] in by_title}


def _existing(event) -> set[tuple[int | None, str]]:
    return {(m.session_id, m.title.get("en", "")) for m in
            db.session.scalars(select(Material).where(Material.event_id == event.id))}


def _add(event, actor, session_id: int | None, item: dict) -> None:
    storage = get_storage()
    common = dict(session_id=session_id, title=item["title"], language=item.get("language", ""),
                  visibility=item.get("visibility", "public"), embargo_until_start=item.get("embargo", False))
    if item["kind"] == "link":
        services.create_material(event, actor, kind=MaterialKind.LINK, url=item["url"], **common)
        return
    decks = item["decks"]
    title, subtitle, points = decks[0]
    with stage_bytes(storage, slides_pdf(title, subtitle, points, FOOTER), item["file"]) as staged:
        material = services.create_material(event, actor, kind=MaterialKind.FILE, staged=staged, storage=storage,
                                            **common)
    for title, subtitle, points in decks[1:]:  # later versions replace the first one
        with stage_bytes(storage, slides_pdf(title, subtitle, points, FOOTER), item["file"]) as staged:
            services.replace_file(material, event, actor, staged, storage)


def _speaker(event, spec: dict) -> None:
    """speaker@example.org is Lucia Ferrante of the forum, with an accepted invitation; Helen Marsh's is pending."""
    emails = {p["key"]: p["email"] for p in spec["people"]}
    people = {p.email: p for p in db.session.scalars(select(Person).where(Person.event_id == event.id))}
    ferrante = people.get(emails.get("ferrante"))
    if ferrante is not None:
        user = accounts.find_user_by_email(SPEAKER_EMAIL) or accounts.create_user(
            email=SPEAKER_EMAIL, password=DEMO_PASSWORD, name=ferrante.name, country="IT", preferred_language="en",
            verified=True)
        if speakers.latest_invitation(ferrante) is None:
            sessions = [s.id for s in speakers.sessions_of_person(ferrante)]
            db.session.add(SpeakerInvitation(event_id=event.id, person_id=ferrante.id, email=SPEAKER_EMAIL,
                                             token_hash="demo-accepted-" + str(ferrante.id), language="en",
                                             session_ids=sessions, status=InvitationStatus.ACCEPTED,
                                             responded_at=event_start(event)))
        ferrante.user_id = user.id
        events.ensure_member(event, user, EventRole.SPEAKER)
    marsh = people.get(emails.get("marsh"))
    if marsh is not None and speakers.latest_invitation(marsh) is None:
        db.session.add(SpeakerInvitation(event_id=event.id, person_id=marsh.id, email=marsh.email,
                                         token_hash="demo-pending-" + str(marsh.id), language="en",
                                         session_ids=[s.id for s in speakers.sessions_of_person(marsh)]))
    db.session.flush()


def event_start(event):
    return datetime.combine(event.start_date, time(9), ZoneInfo(event.timezone)).astimezone(UTC)


def load_materials(event, spec: dict) -> int:
    """Add the demo materials of `event` (by the session keys of its spec); returns how many were added."""
    sessions = _sessions_by_key(event, spec)
    existing = _existing(event)
    actor = None
    organisers = spec.get("organisers") or []
    if organisers:
        actor = accounts.find_user_by_email(organisers[0]["email"])
    added = 0
    for key, items in MATERIALS.items():
        if key is not None and key not in sessions:
            continue
        if key is None and spec.get("kind") != "forum":
            continue  # the event-wide programme is the forum's
        session_id = sessions[key].id if key is not None else None
        for item in items:
            if (session_id, item["title"]["en"]) in existing:
                continue
            _add(event, actor, session_id, item)
            added += 1
    if spec.get("kind") == "forum":
        _speaker(event, spec)
    db.session.flush()
    return added
