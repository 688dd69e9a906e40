"""The "API tokens" part of the profile page: make a personal API token (its secret shown once),
list and revoke them (app/accounts/tokens.py keeps them; app/api/auth.py reads with them)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import tokens
from app.accounts.forms import ApiTokenForm, ConfirmForm
from app.core.forms import refusal_onto
from app.core.http import never_cache
from app.core.permissions import login_required_view

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens", template_folder="templates")


def token_section(user) -> dict:
    """The template variables of the profile page's "API tokens" part."""
    return {"api_tokens": tokens.tokens_of(user), "api_token_form": ApiTokenForm(prefix="token"),
            "api_token_revoke_form": ConfirmForm()}


@bp.post("")
@login_required_view
def create():
    form = ApiTokenForm(prefix="token")
    if form.validate_on_submit():
        with refusal_onto(form) as refused:
            token, secret = tokens.create_token(current_user, form.name.data)
        if not refused:
            # The only time the secret is shown: this answer is kept by no cache, and not redirected
            # (the secret would have to wait in the session cookie for the next page).
            return never_cache(make_response(render_template("accounts/api_token_created.html", token=token,
                                                             secret=secret)))
    return render_template("accounts/api_token_new.html", form=form), 400


@bp.post("/<id:token_id>/revoke")
@login_required_view
def revoke(token_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not tokens.revoke_token(current_user, token_id):
        abort(404)  # another user's token is none of this user's business
    flash(_("The API token is revoked: programs that use it can no longer read the API."), "success")
    return redirect(url_for("accounts.profile", _anchor="api-tokens"))
