"""Note pages: the public report (page and PDF) and the rapporteurs' and organisers' pages.

Rapporteurs and organisers (event.write_notes) write, translate, compare and restore;
organisers (event.manage) publish and unpublish. Every view loads the event (404),
checks the permission (403), then checks that the scope names a published session of
this event (or the event itself) and that the language is one the event offers (404);
revision ids are checked to belong to the note in the URL (404).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.forms import ConfirmForm
from app.agenda.published import published_agenda
from app.core.forms import refusal_onto
from app.core.http import content_disposition, id_arg
from app.core.i18n import current_language
from app.core.markdown import render_markdown
from app.core.unit_of_work import keep_writes
from app.events.permissions import event_required
from app.notes import services
from app.notes.diff import diff_html
from app.notes.forms import NoteForm, PublishForm
from app.notes.pdf import report_pdf
from app.notes.reading import language_in_text
from app.notes.report import build_report

bp = Blueprint("notes", __name__, template_folder="templates")
bp.add_app_template_filter(language_in_text, "language_in_text")

MANAGE = "/manage/events/<slug>/notes"


# --- helpers ---------------------------------------------------------------------------

def _target(event, scope: str, language: str):
    """(published agenda, session or None) for a scope of this event in one of its languages; else 404."""
    if language not in event.languages:
        abort(404)
    published = published_agenda(event)
    try:
        session = services.resolve_scope(scope, published)
    except LookupError:
        abort(404)
    return published, session


def _note_or_404(event, scope: str, language: str):
    _target(event, scope, language)
    note = services.note_for(event, scope, language)
    if note is None:
        abort(404)
    return note


def _editor_url(event, scope: str, language: str, **kwargs) -> str:
    return url_for("notes.editor", slug=event.slug, scope=scope, language=language, **kwargs)


def _source_pane(state) -> dict | None:
    """The original beside a translation: its text, with the changes since the translated revision marked."""
    if state.is_source or state.source_current is None:
        return None
    current = state.source_current
    translated = state.translated
    changed = translated is not None and translated.id != current.id
    text, stats = diff_html(translated.body if changed else current.body, current.body)
    return dict(note=state.source, revision=current, translated=translated, changed=changed and stats.changed,
                outdated=state.cell.outdated, text=text)


# --- public report -----------------------------------------------------------------------

@bp.get("/events/<slug>/report")
@event_required("event.view")
def report(event):
    return render_template("notes/report.html", event=event, report=build_report(event, current_language()))


@bp.get("/events/<slug>/report.pdf")
@event_required("event.view")
def report_pdf_download(event):
    language = current_language()
    data = report_pdf(build_report(event, language))
    filename = f"{event.slug}-report-{language}.pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(filename, inline=True),
        "Cache-Control": "no-cache",
    })


# --- matrix ------------------------------------------------------------------------------

@bp.get(MANAGE)
@event_required("event.write_notes")
def matrix(event):
    published = published_agenda(event)
    return render_template("notes/matrix.html", event=event, published=published,
                           matrix=services.translation_matrix(event, published))


@bp.post(MANAGE + "/languages/<language>/publish")
@event_required("event.manage")
def publish_language(event, language: str):
    if language not in event.languages:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = services.publish_language(event, language, current_user, published_agenda(event))
    message = ngettext("%(num)d note in %(language)s has been published.",
                       "%(num)d notes in %(language)s have been published.", outcome.published,
                       language=language_in_text(language))
    if outcome.skipped_outdated:
        message += " " + ngettext(
            "%(num)d outdated translation was left out: update it, or publish it from its editor.",
            "%(num)d outdated translations were left out: update them, or publish them from their editors.",
            outcome.skipped_outdated)
    flash(message, "success")
    return redirect(url_for("notes.matrix", slug=event.slug))


@bp.post(MANAGE + "/languages/<language>/unpublish")
@event_required("event.manage")
def unpublish_language(event, language: str):
    if language not in event.languages:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = services.unpublish_language(event, language, current_user)
    flash(ngettext("%(num)d note in %(language)s has been unpublished.",
                   "%(num)d notes in %(language)s have been unpublished.", count,
                   language=language_in_text(language)), "success")
    return redirect(url_for("notes.matrix", slug=event.slug))


# --- editor ------------------------------------------------------------------------------

@bp.post(MANAGE + "/preview")
@event_required("event.write_notes")
def preview(event):
    """The sanitised HTML of a Markdown text, exactly as the saved page will show it."""
    body = request.form.get("body", "")
    if len(body) > services.MAX_BODY_LENGTH:
        return jsonify(error=_("The note is too long (at most %(max)d characters).", max=services.MAX_BODY_LENGTH)), 400
    return jsonify(html=str(render_markdown(body)))


@bp.route(MANAGE + "/<scope>/<language>", methods=["GET", "POST"])
@event_required("event.write_notes")
def editor(event, scope: str, language: str):
    published, session = _target(event, scope, language)
    state = services.editor_state(event, scope, language)
    form = NoteForm()
    preview_html = conflict = None
    status = 200
    if request.method != "POST":  # GET, and HEAD with it
        form.body.data = state.current.body if state.current else ""
        form.base_revision.data = str(state.current.id) if state.current else ""
        form.source_revision.data = str(state.source_current.id) if state.source_current else ""
    elif not form.validate_on_submit():
        status = 400
    elif request.form.get("action") == "preview":
        preview_html = render_markdown(form.body.data)
    else:
        preview_html = render_markdown(form.body.data)  # shown again if the text could not be saved
        with refusal_onto(form) as refused:
            result = services.save_note(event, scope, language, current_user, form.body.data,
                                        base_revision_id=form.base_revision_id,
                                        source_revision_id=form.source_revision_id)
        if refused:
            status = 400
        elif not result.conflict:
            if result.unchanged:
                flash(_("Nothing has changed since the latest revision."), "success")
            else:
                flash(_("The note has been saved as revision %(num)d.", num=result.revision.number), "success")
            return redirect(_editor_url(event, scope, language))
        else:
            state = services.editor_state(event, scope, language)
            latest = result.latest
            conflict = dict(mine=result.conflict_copy, latest=latest, latest_author=services.author_name(latest),
                            diff=diff_html(latest.body if latest else "", result.conflict_copy.body)[0])
            form.base_revision.data = str(latest.id) if latest else ""
            status = 409
            keep_writes()  # the 409 page reports the conflict copy kept with the author's text
    return render_template(
        "notes/editor.html", event=event, session=session, scope=scope, language=language, state=state,
        form=form, preview_html=preview_html, conflict=conflict, source=_source_pane(state),
        revision_count=len(services.revision_history(state.note)) if state.note else 0,
    ), status


# --- history, diff, restore -----------------------------------------------------------------

@bp.get(MANAGE + "/<scope>/<language>/revisions")
@event_required("event.write_notes")
def history(event, scope: str, language: str):
    published, session = _target(event, scope, language)
    note = _note_or_404(event, scope, language)
    return render_template("notes/history.html", event=event, session=session, scope=scope, language=language,
                           note=note, entries=services.revision_history(note))


@bp.get(MANAGE + "/<scope>/<language>/revisions/<id:revision_id>")
@event_required("event.write_notes")
def revision(event, scope: str, language: str, revision_id: int):
    published, session = _target(event, scope, language)
    note = _note_or_404(event, scope, language)
    shown = services.revision_of(note, revision_id)
    if shown is None:
        abort(404)
    return render_template("notes/revision.html", event=event, session=session, scope=scope, language=language,
                           note=note, revision=shown, author=services.author_name(shown))


@bp.get(MANAGE + "/<scope>/<language>/diff")
@event_required("event.write_notes")
def diff(event, scope: str, language: str):
    published, session = _target(event, scope, language)
    note = _note_or_404(event, scope, language)
    entries = services.revision_history(note)
    numbers = {entry.revision.id: entry for entry in entries}
    new_id = id_arg("to") or note.current_revision_id
    new = numbers.get(new_id)
    if new is None:
        abort(404)
    older = [e for e in entries if e.revision.number < new.revision.number]
    old_id = id_arg("from") or (older[0].revision.id if older else new.revision.id)
    old = numbers.get(old_id)
    if old is None:
        abort(404)
    text, stats = diff_html(old.revision.body, new.revision.body)
    return render_template("notes/diff.html", event=event, session=session, scope=scope, language=language,
                           note=note, entries=entries, old=old, new=new, text=text, stats=stats)


@bp.post(MANAGE + "/<scope>/<language>/revisions/<id:revision_id>/restore")
@event_required("event.write_notes")
def restore(event, scope: str, language: str, revision_id: int):
    note = _note_or_404(event, scope, language)
    old = services.revision_of(note, revision_id)
    if old is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with refusal_onto() as refused:
        restored = services.restore_revision(note, old, current_user)
    if not refused:
        flash(_("Revision %(old)d has been restored as revision %(new)d.", old=old.number, new=restored.number),
              "success")
    return redirect(_editor_url(event, scope, language))


# --- publishing one note -------------------------------------------------------------------

@bp.post(MANAGE + "/<scope>/<language>/publish")
@event_required("event.manage")
def publish(event, scope: str, language: str):
    note = _note_or_404(event, scope, language)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    with refusal_onto() as refused:
        revision = services.publish_note(event, note, current_user, form.revision_id)
    if not refused:
        flash(_("Revision %(num)d is now published in %(language)s.", num=revision.number,
                language=language_in_text(language)), "success")
    return redirect(_editor_url(event, scope, language))


@bp.post(MANAGE + "/<scope>/<language>/unpublish")
@event_required("event.manage")
def unpublish(event, scope: str, language: str):
    note = _note_or_404(event, scope, language)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with refusal_onto() as refused:
        services.unpublish_note(event, note, current_user)
    if not refused:
        flash(_("The note is no longer published in %(language)s.", language=language_in_text(language)), "success")
    return redirect(_editor_url(event, scope, language))
