from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts import services, signins
from app.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignupForm,
)
from app.accounts.models import User
from app.accounts.token_views import token_section
from app.core.forms import refusal_onto
from app.core.http import personal_page
from app.core.i18n import current_language
from app.core.permissions import login_required_view
from app.core.security import safe_next_url
from app.extensions import limiter

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the id names a sign-in that still exists (accounts/signins.py)."""
    return signins.user_signed_in(user_id)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _only_posts() -> bool:
    return request.method != "POST"


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, exempt_when=_only_posts)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("events.home"))
    form = SignupForm()
    if request.method == "GET":
        form.preferred_language.data = current_language()
    if form.validate_on_submit():
        # The same answer whether or not the address has an account (the owner gets a mail instead),
        # after a redirect, so reloading the page does not sign up again.
        services.sign_up(email=form.email.data, password=form.password.data, name=form.name.data,
                         organisation=form.organisation.data or "", country=form.country.data or "",
                         preferred_language=form.preferred_language.data)
        session["signup_email"] = services.normalise_email(form.email.data)
        return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form)


@bp.get("/signup/sent")
def signup_sent():
    email = session.get("signup_email")
    if not email:
        return redirect(url_for("accounts.signup"))
    return render_template("accounts/check_email.html", email=email)


@bp.get("/verify/<token>")
def verify(token: str):
    with refusal_onto(quiet=True) as refused:
        user = services.verify_email(token)
    if refused:
        return render_template("accounts/link_problem.html", message=refused.message, purpose="verify"), 400
    flash(_("Thank you: your e-mail address is confirmed. You can now sign in."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("events.home"))
    return redirect(url_for("accounts.login", email=user.email))


@bp.route("/verify/resend", methods=["GET", "POST"])
@limiter.limit(_signup_limit, exempt_when=_only_posts)
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification_mail(form.email.data, current_language())
        return render_template("accounts/check_email.html", email=form.email.data, resend=True)
    return render_template("accounts/resend_verification.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, exempt_when=_only_posts)
def login():
    next_url = safe_next_url(request.values.get("next"), url_for("events.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if request.method == "GET":
        form.email.data = request.args.get("email", "")
    unverified = False
    if form.validate_on_submit():
        # A refusal also undoes a password rehash check_password may have made (never committed before either).
        with refusal_onto(form) as refused:
            user = services.authenticate(form.email.data, form.password.data)
        if refused:
            unverified = refused.error.field == "unverified"
        else:
            signins.sign_in(user, remember=form.remember.data)  # the cookies once the sign-in is committed
            return redirect(next_url)
    form.next.data = request.values.get("next", "")
    return render_template("accounts/login.html", form=form, unverified=unverified)


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        if current_user.is_authenticated:
            signins.sign_out(current_user._get_current_object())
        flash(_("You are signed out."), "success")
    return redirect(url_for("events.home"))


@bp.post("/sign-out-everywhere")
@login_required_view
def sign_out_everywhere():
    """End every sign-in of the account: other browsers, remembered ones, and this one."""
    if ConfirmForm().validate_on_submit():
        signins.sign_out(current_user._get_current_object(), everywhere=True)
        flash(_("You are signed out on every device, this one included."), "success")
        return redirect(url_for("events.home"))
    return redirect(url_for("accounts.profile"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_signup_limit, exempt_when=_only_posts)
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.send_password_reset_mail(form.email.data, current_language())
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@personal_page
def reset_password(token: str):
    with refusal_onto(quiet=True) as refused:
        services.user_from_reset_token(token)
    if refused:
        return render_template("accounts/link_problem.html", message=refused.message, purpose="reset"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        logout_user()
        flash(_("Your password has been changed. Please sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required_view
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        services.update_profile(user, name=form.name.data, organisation=form.organisation.data or "",
                                country=form.country.data or "", preferred_language=form.preferred_language.data)
        session.pop("lang", None)
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form, **token_section(user))


@bp.post("/password")
@login_required_view
def change_password():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user, formdata=None)
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        if not services.check_password(user, password_form.current_password.data):
            password_form.current_password.errors.append(_("The current password is not correct."))
        else:
            services.set_password(user, password_form.password.data)
            signins.sign_in(user)  # this browser stays signed in; the others are signed out
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form,
                           **token_section(user)), 400
