"""Sign in, sign out, and setting a password from an invitation link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from listening.auth import mfa
from listening.auth.blueprint import bp
from listening.auth.forms import ForgotPasswordForm, SetPasswordForm, SignInForm
from listening.extensions import limiter
from listening.i18n import select_language
from listening.permissions import public, signed_in
from listening.services import accounts


def _account_key() -> str:
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def _login_limit_ip():
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT_IP"]


def _login_limit_account():
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"]


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after sign-in is a phishing aid.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_login_limit_ip, methods=["POST"])
@limiter.limit(_login_limit_account, methods=["POST"], key_func=_account_key)
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, ip=request.remote_addr)
        if user is not None:
            accounts.set_locale(user, select_language())  # mail to them is written in it
            # A fresh session (no fixation from before sign-in), then the code step if needed.
            return mfa.start(user, _safe_next(request.args.get("next")))
        # One message whatever was wrong, so the form does not reveal who has an account.
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    accounts.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit("20/minute")
@public
def set_password(token: str):
    invitation = accounts.find_invitation(token)
    if invitation is None:
        abort(404)
    person = invitation.user
    form = SetPasswordForm(email=person.email, details=(person.name, person.organisation.name))
    if form.validate_on_submit():
        try:
            accounts.redeem_invitation(invitation, form.password.data)
        except accounts.UserError as error:
            form.password.errors.append(str(error))
        else:
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(_("Your password is set. Sign in with your email address and new password."), "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form, email=person.email, reset=invitation.purpose == "reset")


def _reset_limit():
    from flask import current_app

    return current_app.config["RESET_RATE_LIMIT"]


def _reset_account_key() -> str:
    return "reset:" + accounts.normalise_email(request.form.get("email", ""))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_reset_account_key)
@public
def forgot_password():
    """The same answer whether or not the address has an account; the link goes only by mail."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200
