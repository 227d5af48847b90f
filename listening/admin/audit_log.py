"""The audit log for admins: plain sentences with names, filtered by person, action and date."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import Optional

from listening.admin.blueprint import bp
from listening.date_input import DayMonthYearField
from listening.domain import Role
from listening.permissions import roles
from listening.services import accounts


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only filters what is shown

    person = SelectField(_l("Person"), widget=GovSelect(), coerce=int, validators=[Optional()])
    action = SelectField(_l("What they did"), widget=GovSelect(), validators=[Optional()])
    date_from = DayMonthYearField(_l("From"), validators=[Optional()], description=_l("For example, 1 3 2026"),
                                  invalid=_l("Enter a real date, for example 14 3 2026"))
    date_to = DayMonthYearField(_l("To"), validators=[Optional()], invalid=_l("Enter a real date, for example 14 3 2026"))
    submit = SubmitField(_l("Filter the log"), widget=GovSubmitInput())


@bp.route("/audit")
@roles(Role.ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    form.person.choices = [(0, _("Anyone"))] + [(u.id, f"{u.name} ({u.email})") for u in accounts.audit_log.people()]
    form.action.choices = [("", _("Anything"))] + accounts.audit_log.action_choices()
    filters = accounts.audit_log.Filters()
    if request.args and form.validate():
        filters = accounts.audit_log.Filters(
            person_id=form.person.data or None, action=form.action.data or None,
            date_from=form.date_from.data, date_to=form.date_to.data,
        )
    status = 400 if form.errors else 200
    return render_template("admin/audit.html", form=form, lines=accounts.audit_log.search(filters),
                           filtered=bool(request.args)), status
