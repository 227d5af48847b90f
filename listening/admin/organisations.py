"""Admin: organisations and the wards they serve."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.admin.blueprint import bp
from listening.admin.forms import OrganisationForm, kind_choices
from listening.domain import OrgKind, Role
from listening.permissions import roles
from listening.services import places


@bp.route("/organisations")
@roles(Role.ADMIN)
def organisations():
    return render_template("admin/organisations.html", organisations=places.list_organisations())


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_organisation(org_id: int | None = None):
    org = None
    if org_id is not None:
        org = places.get_organisation(org_id)
        if org is None:
            abort(404)
    data = {"name": org.name, "kind": org.kind.value, "wards": [w.id for w in org.wards], "active": org.active} if org else None
    form = OrganisationForm(data=data)
    form.kind.choices = kind_choices()
    form.wards.choices = [(w.id, w.name) for w in places.list_wards(active_only=False)]
    if form.validate_on_submit():
        try:
            saved = places.save_organisation(
                org,
                name=form.name.data,
                kind=OrgKind(form.kind.data),
                ward_ids=form.wards.data or [],
                active=form.active.data,
                actor_id=current_user.id,
            )
        except places.DuplicateName:
            form.name.errors.append(_("There is already an organisation with this name"))
        else:
            flash(_("%(name)s has been saved.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, org=org)
