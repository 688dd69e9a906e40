"""How trainings wire themselves into the app: attendance, certificates and feedback pages, and their part
of the person's own page."""
from __future__ import annotations

from flask import Flask

from app.events.hooks import DASHBOARD_PARTS, MY_EVENTS_PARTS
from app.registration.hooks import ON_THE_DAY_PARTS
from app.trainings import dashboard, live, personal
from app.trainings.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    MY_EVENTS_PARTS.connect(app, personal.my_events_part)
    DASHBOARD_PARTS.connect(app, dashboard.dashboard_parts)
    ON_THE_DAY_PARTS.connect(app, live.on_the_day_part)
