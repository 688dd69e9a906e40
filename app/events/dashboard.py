"""The organiser's dashboard: the event at a glance, from parts the domains above register
(DASHBOARD_PARTS in app/events/hooks.py), so this module imports none of them."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.core.charts import ChartIds
from app.events.hooks import DASHBOARD_PARTS


@dataclass(frozen=True)
class DashboardPart:
    template: str
    """A template of the domain, included with `part` (this object) and `event` in its context."""
    order: int
    """Where it goes: registrations 10-20, programme 30-40, notes 50, feedback 60."""
    context: dict = field(default_factory=dict)


def dashboard_parts(event) -> list[DashboardPart]:
    """Every part the domains give for `event`, in order; a domain may answer none, one or several."""
    chart_ids = ChartIds()
    parts: list[DashboardPart] = []
    for answer in DASHBOARD_PARTS(event, chart_ids):
        if answer is None:
            continue
        parts.extend(answer if isinstance(answer, list | tuple) else [answer])
    return sorted(parts, key=lambda part: part.order)
