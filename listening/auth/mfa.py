"""The second sign-in step (TOTP or a recovery code), setting it up, and managing it.

After the password, the session holds only a short-lived "pending" marker; the
person is signed in (Flask-Login) only once the code checks out, or, for a role
that requires multi-factor sign-in and has none yet, once it is set up.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user

from listening.auth.blueprint import bp
from listening.auth.forms import CodeForm, ConfirmCodeForm, EnrolForm
from listening.extensions import limiter
from listening.permissions import public, signed_in
from listening.services import accounts

PENDING = "mfa_pending"
NEW_KEY = "mfa_new_key"
SECOND_FACTOR = "second_factor"
# Pages a person who must set up multi-factor sign-in may still reach.
_SET_UP_ENDPOINTS = {"auth.set_up_code", "auth.sign_out", "auth.sign_in", "static"}


def start(user, next_url: str):
    """Called once the password is right: ask for a code, ask to set one up, or sign in."""
    session.clear()  # a fresh session: nothing carried over from before the password
    if not accounts.enrolled(user) and not accounts.required_for(user):
        return _complete(user, next_url)
    session[PENDING] = {"user": user.get_id(), "next": next_url, "at": time.time()}
    if accounts.enrolled(user):
        return redirect(url_for("auth.sign_in_code"))
    return redirect(url_for("auth.set_up_code"))


def _complete(user, next_url: str, second_factor: bool = False):
    session.clear()
    login_user(user)
    session.permanent = True
    session["signed_in_at"] = time.time()
    if second_factor:
        session[SECOND_FACTOR] = True  # API tokens for roles that need it are made only then
    return redirect(next_url)


def _pending():
    """(user, next) for a session between password and code, or (None, None)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None, None
    age = time.time() - float(pending.get("at", 0))
    if age > current_app.config["MFA_PENDING_MINUTES"] * 60:
        session.pop(PENDING, None)
        return None, None
    user = accounts.load_session_user(str(pending.get("user", "")))
    return user, pending.get("next") or url_for("main.home")


def _code_limit_key() -> str:
    pending = session.get(PENDING)
    if isinstance(pending, dict):
        return "mfa:" + str(pending.get("user", "")).split(":")[0]
    if current_user.is_authenticated:
        return f"mfa:{current_user.id}"
    return "mfa-ip:" + (request.remote_addr or "")


def _code_limit():
    return current_app.config["MFA_RATE_LIMIT"]


def _restart():
    session.pop(PENDING, None)
    flash(_("Sign in again: the page you were on has expired."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_limit_key)
@public
def sign_in_code():
    user, next_url = _pending()
    if user is None or not accounts.enrolled(user):
        return _restart()
    form = CodeForm()
    if form.validate_on_submit():
        result = accounts.verify(user, form.code.data)
        if result is not None:
            response = _complete(user, next_url, second_factor=True)
            if result.method == "recovery":
                flash(
                    ngettext("You used a recovery code. You have %(num)d left.", "You used a recovery code. You have %(num)d left.",
                             result.recovery_codes_left),
                    "info",
                )
            return response
        form.code.errors.append(_("The code is not right. Enter the code your app shows for Hark now"))
    return render_template("auth/mfa_code.html", form=form)


@bp.route("/sign-in/set-up-code", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_limit_key)
@public
def set_up_code():
    if current_user.is_authenticated:
        user, next_url = current_user._get_current_object(), url_for("auth.two_factor")
        if accounts.enrolled(user):
            return redirect(next_url)
    else:
        user, next_url = _pending()
        if user is None or accounts.enrolled(user):
            return _restart()
    secret = session.get(NEW_KEY)
    if not secret:
        secret = session[NEW_KEY] = accounts.new_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        codes = accounts.enrol(user, secret, form.code.data)
        if codes is not None:
            if not current_user.is_authenticated:
                _complete(user, next_url, second_factor=True)
            else:
                session.pop(NEW_KEY, None)
                session[SECOND_FACTOR] = True  # they just proved they hold the new key
            return render_template("auth/mfa_recovery_codes.html", codes=codes, next_url=next_url, first=True)
        form.code.errors.append(_("The code is not right. Check the app added the key shown here, then enter its code"))
    uri = accounts.provisioning_uri(user, secret)
    return render_template(
        "auth/mfa_set_up.html",
        form=form,
        secret=accounts.format_secret(secret),
        qr=accounts.qr_svg(uri, _("QR code to scan with your authenticator app")),
        required=accounts.required_for(user),
    )


@bp.route("/account/two-factor")
@signed_in
def two_factor():
    user = current_user._get_current_object()
    return render_template(
        "auth/two_factor.html",
        enrolled=accounts.enrolled(user),
        required=accounts.required_for(user),
        codes_left=accounts.recovery_codes_left(user) if accounts.enrolled(user) else 0,
    )


@bp.route("/account/two-factor/recovery-codes", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_limit_key)
@signed_in
def new_recovery_codes():
    user = current_user._get_current_object()
    if not accounts.enrolled(user):
        return redirect(url_for("auth.two_factor"))
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        if accounts.verify(user, form.code.data) is not None:
            codes = accounts.regenerate_recovery_codes(user)
            return render_template(
                "auth/mfa_recovery_codes.html", codes=codes, next_url=url_for("auth.two_factor"), first=False
            )
        form.code.errors.append(_("The code is not right. Enter the code your app shows for Hark now"))
    return render_template(
        "auth/mfa_confirm.html", form=form, heading=_("Get new recovery codes"),
        lead=_("Your old recovery codes stop working when you get new ones."),
    )


@bp.route("/account/two-factor/turn-off", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"], key_func=_code_limit_key)
@signed_in
def turn_off_two_factor():
    user = current_user._get_current_object()
    if accounts.required_for(user) or not accounts.enrolled(user):  # the page explains why it cannot
        return redirect(url_for("auth.two_factor"))
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        if accounts.verify(user, form.code.data) is not None:
            accounts.turn_off(user, actor_id=user.id)
            session.clear()  # the epoch moved: sign in again with the password only
            flash(_("Multi-factor sign-in is off. Sign in again."), "success")
            return redirect(url_for("auth.sign_in"))
        form.code.errors.append(_("The code is not right. Enter the code your app shows for Hark now"))
    return render_template(
        "auth/mfa_confirm.html", form=form, heading=_("Turn off multi-factor sign-in"),
        lead=_("You will sign in with your password only."),
    )


@bp.before_app_request
def _require_set_up():
    """A signed-in person whose role requires multi-factor sign-in but has none (a session from
    before it was required) is sent to set it up before anything else."""
    if request.path.startswith("/api/") or request.endpoint in _SET_UP_ENDPOINTS:
        return None
    if current_user.is_authenticated and accounts.required_for(current_user) and not accounts.enrolled(current_user):
        return redirect(url_for("auth.set_up_code"))
    return None
