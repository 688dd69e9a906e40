"""How trainings wire themselves into the app: attendance, certificates and feedback pages, and their part
of the person's own page."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core.audit import register_audit_actions
from app.events.hooks import DASHBOARD_PARTS, MY_EVENTS_PARTS
from app.registration.hooks import ON_THE_DAY_PARTS
from app.trainings import dashboard, live, personal
from app.trainings.views import bp

register_audit_actions({
    "trainings.attendance_marked": _l("Attendance marked"),
    "trainings.attendance_removed": _l("Attendance mark removed"),
    "trainings.certificate_revoked": _l("Certificate revoked"),
    "trainings.certificates_issued": _l("Certificates issued"),
    "trainings.completion_rule": _l("Completion rule changed"),
    "trainings.question_deleted": _l("Survey question deleted"),
    "trainings.question_saved": _l("Survey question saved"),
    "trainings.roll_call": _l("Roll call taken"),
    "trainings.signatory": _l("Certificate signatory changed"),
    "trainings.survey_changed": _l("Survey changed"),
    "trainings.survey_created": _l("Survey created"),
    "trainings.survey_deleted": _l("Survey deleted"),
})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    MY_EVENTS_PARTS.connect(app, personal.my_events_part)
    DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
    ON_THE_DAY_PARTS.connect(app, live.on_the_day_part)
