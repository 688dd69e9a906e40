"""How the agenda wires itself into the app: its pages (public, organisers', exports, my agenda).

What it asks of the layers above it is declared in app.agenda.hooks; they connect from their wiring.
"""
from __future__ import annotations

from flask import Flask

from app.agenda import changes, export_views, manage_views, my_views, prerender, services, views  # noqa: F401 - prerender: its job
from app.events.hooks import MY_EVENTS_PARTS


def init_app(app: Flask) -> None:
    for blueprint in (views.bp, manage_views.bp, export_views.bp, my_views.bp):
        app.register_blueprint(blueprint)
    MY_EVENTS_PARTS.connect(app, services.my_events_part)
    app.add_template_filter(changes.change_details, "change_details")  # {{ change|change_details(event) }}
