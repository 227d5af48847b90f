"""Admin: the wards listening is organised by."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.admin.blueprint import bp
from listening.admin.forms import WardForm
from listening.domain import Role
from listening.permissions import roles
from listening.services import places


@bp.route("/wards")
@roles(Role.ADMIN)
def wards_list():
    return render_template("admin/wards.html", wards=places.list_wards(active_only=False))


@bp.route("/wards/<int:ward_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_ward(ward_id: int):
    ward = places.get_ward(ward_id)
    if ward is None:
        abort(404)
    form = WardForm(data={"name": ward.name, "active": ward.active})
    if form.validate_on_submit():
        places.update_ward(ward, name=form.name.data.strip(), active=form.active.data, actor_id=current_user.id)
        flash(_("%(name)s has been saved.", name=ward.name), "success")
        return redirect(url_for("admin.wards_list"))
    return render_template("admin/ward_form.html", form=form, ward=ward)
