"""Admin: people and their roles."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.admin.blueprint import bp
from listening.admin.forms import ChangeRoleForm, ConfirmForm, InviteUserForm, kind_label, role_choices
from listening.domain import Role
from listening.permissions import roles
from listening.services import accounts, places
from listening.services.core import audit, mail


def _org_choices():
    return [(0, _("Select an organisation"))] + [
        (o.id, f"{o.name} ({kind_label(o.kind.value)})") for o in places.list_organisations() if o.active
    ]


def _user_or_404(user_id: int):
    user = accounts.get_user(user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users")
@roles(Role.ADMIN)
def users_list():
    return render_template("admin/users.html", users=accounts.list_users())


# The navigation's entry point for the admin area.
bp.add_url_rule("/", "users", users_list)


@bp.route("/users/invite", methods=["GET", "POST"])
@roles(Role.ADMIN)
def invite_user():
    form = InviteUserForm()
    form.role.choices = role_choices()
    form.organisation.choices = _org_choices()
    form.locale.choices = list(current_app.config["LANGUAGES"].items())
    if form.validate_on_submit():
        organisation = places.get_organisation(form.organisation.data)
        if organisation is None:
            form.organisation.errors.append(_("Select an organisation"))
        else:
            try:
                user = accounts.create_user(
                    email=form.email.data,
                    name=form.name.data,
                    role=Role(form.role.data),
                    organisation=organisation,
                    actor_id=current_user.id,
                )
            except accounts.UserError as error:
                target = form.organisation if "organisation" in str(error) else form.email
                target.errors.append(str(error))
            else:
                accounts.set_locale(user, form.locale.data or "en")
                if _send_invitation(user):
                    flash(_("%(name)s has been invited: a mail with their link is on its way to %(email)s.",
                            name=user.name, email=user.email), "success")
                return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/invite.html", form=form, hours=current_app.config["INVITE_HOURS"])


def _send_invitation(user) -> bool:
    """Mail a new link (older ones stop working); the link itself is never shown or logged."""
    try:
        accounts.send_invitation(user, current_user.id)
    except mail.MailError as error:
        flash(str(error), "error")
        return False
    return True


@bp.route("/users/<int:user_id>")
@roles(Role.ADMIN)
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    return render_template(
        "admin/user_detail.html",
        user=user,
        confirm=ConfirmForm(),
        lines=accounts.audit_log.describe(audit.for_object(user)),
        mfa_enrolled=accounts.enrolled(user),
    )


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
@roles(Role.ADMIN)
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = ChangeRoleForm(data={"role": user.role.value, "organisation": user.organisation_id})
    form.role.choices = role_choices()
    form.organisation.choices = _org_choices()
    if form.validate_on_submit():
        organisation = places.get_organisation(form.organisation.data)
        try:
            if organisation is None:
                raise accounts.UserError(_("Select an organisation"))
            accounts.change_role(user, Role(form.role.data), organisation, current_user.id)
        except accounts.UserError as error:
            form.organisation.errors.append(str(error))
        else:
            flash(_("Role saved. %(name)s must sign in again.", name=user.name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/change_role.html", form=form, user=user)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles(Role.ADMIN)
def deactivate_user(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        if user.id == current_user.id:
            flash(_("You cannot deactivate your own account."), "info")
        else:
            accounts.set_active(user, False, current_user.id)
            flash(_("%(name)s has been deactivated and signed out.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles(Role.ADMIN)
def reactivate_user(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        accounts.set_active(user, True, current_user.id)
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@roles(Role.ADMIN)
def resend_invitation(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit() and user.active and _send_invitation(user):
        flash(_("A new set-password link is on its way to %(email)s. Earlier links no longer work.",
                email=user.email), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-two-factor", methods=["POST"])
@roles(Role.ADMIN)
def reset_mfa(user_id: int):
    """For someone who lost their phone and their recovery codes: they set it up again at next sign-in."""
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit() and accounts.enrolled(user):
        accounts.turn_off(user, current_user.id)
        flash(_("Two-factor sign-in has been reset. %(name)s will set it up again at their next sign-in.", name=user.name), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))
