"""Adding, editing, replacing and deleting a material: one implementation for organisers' and speakers' pages.

The two areas differ only in where the pages live and link to (`Area`); the permission
was checked by the route before these run. The request's unit of work commits
(app/core/unit_of_work.py); a refused upload or a DomainError re-renders the form with
status 400 and leaves no file and no row: the rollback also deletes a file stored for the
request (app/core/storage.py, `track_new`), and a deleted material's files go only once
the deletion is committed (`delete_after_commit`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.forms import refusal_onto
from app.core.http import id_arg, parse_id
from app.core.storage import get_storage
from app.materials import services
from app.materials.blueprint import max_upload_mb, staged
from app.materials.forms import EditMaterialForm, NewMaterialForm, ReplaceFileForm, uploaded_file
from app.materials.models import MaterialKind
from app.materials.uploads import ALLOWED_EXTENSIONS


@dataclass(frozen=True)
class Area:
    name: str          # "manage" or "speaker"
    back: str          # the list to return to
    edit: str
    replace: str
    delete: str

    def back_url(self, event, material=None) -> str:
        anchor = f"material-{material.id}" if material is not None else None
        return url_for(self.back, slug=event.slug, _anchor=anchor)


MANAGE = Area("manage", "materials.manage_materials", "materials.edit_material", "materials.replace_material",
              "materials.delete_material")
SPEAKER = Area("speaker", "materials.speaker_event", "materials.speaker_edit_material",
               "materials.speaker_replace_material", "materials.speaker_delete_material")


def _status(*forms) -> int:
    return 400 if any(form.errors or getattr(form, "form_errors", None) for form in forms) else 200


def _form_context(event, area: Area) -> dict:
    return dict(event=event, area=area, max_mb=max_upload_mb(), extensions=sorted(set(ALLOWED_EXTENSIONS) - {"jpeg"}))


def new_material_page(event, area: Area, *, sessions, session=None):
    """`sessions`: the choices (organisers: all; speakers: only `session`, fixed by the URL)."""
    form = NewMaterialForm(event, sessions)
    if request.method == "GET":
        form.visibility.data = form.visibility.data or "public"
        wanted = id_arg("session")
        if session is not None:
            form.session.data = str(session.id)
        elif any(s.id == wanted for s in sessions):
            form.session.data = str(wanted)
    if form.validate_on_submit():
        session_id = session.id if session is not None else _optional_id(form.session.data)
        with refusal_onto(form) as refused:
            if form.kind.data == MaterialKind.LINK.value:
                material = services.create_material(
                    event, current_user, kind=MaterialKind.LINK, session_id=session_id, title=form.title.data,
                    language=form.language.data, visibility=form.visibility.data,
                    embargo_until_start=form.embargo_until_start.data, url=form.url.data)
            else:
                with staged(uploaded_file(form.file)) as staged_file:
                    material = services.create_material(
                        event, current_user, kind=MaterialKind.FILE, session_id=session_id, title=form.title.data,
                        language=form.language.data, visibility=form.visibility.data,
                        embargo_until_start=form.embargo_until_start.data, staged=staged_file, storage=get_storage())
        if not refused:
            flash(_("The material has been added."), "success")
            return redirect(area.back_url(event, material))
    return render_template("materials/material_new.html", form=form, session=session,
                           **_form_context(event, area)), _status(form)


def _optional_id(value) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    return parse_id(text) or 0


def edit_material_page(event, area: Area, material, *, sessions):
    data = None
    if request.method == "GET":
        data = {"title": material.title, "language": material.language, "visibility": material.visibility.value,
                "embargo_until_start": material.embargo_until_start, "url": material.url or "",
                "session": str(material.session_id or "")}
    form = EditMaterialForm(event, sessions, data=data)
    replace_form = ReplaceFileForm(prefix="replace", formdata=None)
    if form.validate_on_submit():
        moved = ... if area.name != "manage" else _optional_id(form.session.data)
        with refusal_onto(form) as refused:
            services.update_material(material, event, current_user, title=form.title.data,
                                     language=form.language.data, visibility=form.visibility.data,
                                     embargo_until_start=form.embargo_until_start.data, url=form.url.data,
                                     session_id=moved)
        if not refused:
            flash(_("Your changes have been saved."), "success")
            return redirect(area.back_url(event, material))
    return _edit_page(event, area, material, form, replace_form)


def _edit_page(event, area, material, form, replace_form):
    versions = services.versions_of(material) if material.kind == MaterialKind.FILE else []
    return render_template("materials/material_edit.html", form=form, replace_form=replace_form, material=material,
                           versions=versions, **_form_context(event, area)), _status(form, replace_form)


def replace_material_action(event, area: Area, material, *, sessions):
    replace_form = ReplaceFileForm(prefix="replace")
    form = EditMaterialForm(event, sessions, formdata=None, data={
        "title": material.title, "language": material.language, "visibility": material.visibility.value,
        "embargo_until_start": material.embargo_until_start, "url": material.url or "",
        "session": str(material.session_id or "")})
    if material.kind == MaterialKind.FILE and replace_form.validate_on_submit():
        with refusal_onto(replace_form) as refused, staged(uploaded_file(replace_form.file)) as staged_file:
            version = services.replace_file(material, event, current_user, staged_file, get_storage())
        if not refused:
            flash(_("Version %(number)d is now the current file. The earlier versions are kept.",
                    number=version.number), "success")
            return redirect(area.back_url(event, material))
    elif material.kind != MaterialKind.FILE:
        replace_form.form_errors.append(_("Only files have versions."))
    return _edit_page(event, area, material, form, replace_form)


def delete_material_action(event, area: Area, material, confirm_form):
    if confirm_form.validate_on_submit():
        services.delete_material(material, event, current_user, get_storage())
        flash(_("The material has been deleted."), "success")
    return redirect(area.back_url(event))
