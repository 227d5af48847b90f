"""A theme's name and summary in each language Hark's pages speak, given by an organiser."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField

from listening.permissions import roles
from listening.services import themes
from listening.themes.blueprint import bp
from listening.themes.curate import _theme_or_404
from listening.themes.routes import ORGANISERS

LANGUAGE_NAMES = {"pl": _l("Polish"), "ur": _l("Urdu")}


class TranslationsForm(FlaskForm):
    label_pl = StringField(_l("Name in Polish"), widget=GovTextInput())
    summary_pl = TextAreaField(_l("Summary in Polish (optional)"), widget=GovTextArea())
    label_ur = StringField(_l("Name in Urdu"), widget=GovTextInput())
    summary_ur = TextAreaField(_l("Summary in Urdu (optional)"), widget=GovTextArea())
    submit = SubmitField(_l("Save the translations"), widget=GovSubmitInput())


@bp.route("/runs/<int:run_id>/themes/<key>/translations", methods=["GET", "POST"])
@roles(*ORGANISERS)
def translations(run_id: int, key: str):
    run, theme = _theme_or_404(run_id, key)
    known = themes.translations.translations_for(theme.key)
    data = {}
    for lang in themes.translations.LANGUAGES:
        row = known.get(lang)
        data[f"label_{lang}"] = row.label if row else ""
        data[f"summary_{lang}"] = (row.summary or "") if row else ""
    form = TranslationsForm(data=data if request.method == "GET" else None)
    if form.validate_on_submit():
        given = {lang: ((getattr(form, f"label_{lang}").data or ""), (getattr(form, f"summary_{lang}").data or ""))
                 for lang in themes.translations.LANGUAGES}
        try:
            themes.translations.save_translations(current_user.id, theme.key, given)
        except ExceptionGroup as group:
            for problem in group.exceptions:
                field = getattr(form, problem.field)
                field.errors = [*field.errors, problem.message]
        else:
            flash(_("The translations are saved. The public pages in those languages now use them."), "success")
            return redirect(url_for("themes.theme", run_id=run.id, key=theme.key))
    return render_template("themes/translations.html", form=form, run=run, theme=theme,
                           languages=LANGUAGE_NAMES), 400 if form.errors else 200
