"""The notes' part of the organiser's dashboard: the totals of the translation matrix, per language."""
from __future__ import annotations

from app.agenda.published import published_agenda
from app.events.dashboard import DashboardPart
from app.notes.services import CellState, translation_matrix


def dashboard_parts(event, chart_ids) -> DashboardPart:
    """The same counts as the matrix page (its few queries: the notes and their current revisions)."""
    matrix = translation_matrix(event, published_agenda(event))
    return DashboardPart("notes/_dashboard_notes.html", 50, {
        "languages": matrix.languages, "counts": matrix.counts, "scopes": len(matrix.rows),
        "states": (CellState.PUBLISHED, CellState.DRAFT, CellState.OUTDATED, CellState.MISSING)})
