"""A person's own API tokens: made after a full sign-in (with the second factor where their
role needs one), named, scoped, expiring; listed with their last use; revocable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.auth.blueprint import bp
from listening.auth.forms import RevokeTokenForm, TokenForm
from listening.auth.mfa import SECOND_FACTOR
from listening.permissions import signed_in
from listening.services import accounts


def _page(form, status: int = 200):
    user = current_user._get_current_object()
    blocked = accounts.second_factor_needed(user) and not session.get(SECOND_FACTOR)
    return render_template("auth/tokens.html", form=form, tokens=accounts.list_for(user), blocked=blocked), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@signed_in
def api_tokens_page():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, 400 if form.errors else 200)
    user = current_user._get_current_object()
    behind_code = bool(session.get(SECOND_FACTOR))
    if accounts.second_factor_needed(user) and not behind_code:
        form.name.errors.append(_("Your role needs a token made behind your second factor. Sign out, sign in again "
                                  "with your code, then make the token"))
        return _page(form, 403)
    token = accounts.issue_token(user, user.id, name=form.name.data, scope=form.scope.data, days=int(form.days.data),
                             second_factor=behind_code)
    return render_template("auth/token_made.html", token=token, name=form.name.data.strip())


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@signed_in
def revoke_api_token(token_id: int):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if not accounts.revoke(current_user._get_current_object(), token_id):
        abort(404)
    flash(_("The token has been revoked: it no longer works."), "success")
    return redirect(url_for("auth.api_tokens_page"))
