"""The organiser's room: one theme of a run, and the edits that shape the current themes."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from listening.domain import EditKind
from listening.permissions import roles
from listening.services import themes
from listening.themes.blueprint import bp
from listening.themes.forms import ButtonForm, MergeForm, NotesForm, ReclusterForm, RenameForm, SummaryForm
from listening.themes.routes import ORGANISERS

ACTIONS = ("rename", "summary", "hide", "show", "lock", "unlock", "merge", "notes")


def _forms(run, theme, notes, formdata=None):
    others = [(t.key, t.label) for t in themes.themes_of(run) if t.key != theme.key]
    forms = {
        "rename": RenameForm(prefix="rename", data={"label": theme.label}, formdata=formdata),
        "summary": SummaryForm(prefix="summary", data={"summary": theme.summary or ""}, formdata=formdata),
        "flag": ButtonForm(prefix="flag", formdata=formdata),
        "merge": MergeForm(prefix="merge", formdata=formdata),
        "notes": NotesForm(prefix="notes", formdata=formdata),
        "recluster": ReclusterForm(prefix="recluster", formdata=formdata),
    }
    forms["merge"].target.choices = [("", _("Choose a theme"))] + others
    forms["notes"].target.choices = [("", _("Choose a theme"))] + others
    forms["notes"].notes.choices = [
        (n.id, _("%(text)s (provisional)", text=n.text) if n.provisional else n.text) for n in notes
    ]
    return forms


def _page(run, theme, forms, status=200, failed=None):
    notes = themes.notes_of(theme)
    return (
        render_template(
            "themes/theme.html",
            run=run,
            theme=theme,
            notes=notes,
            forms=forms,
            form=failed,
            decided=themes.decided_by_person(theme),
            history=themes.edits(theme.key),
            editable=themes.curatable(run),
            offers=themes.carried_offers(theme.key) if themes.curatable(run) else [],
            offer_form=ButtonForm(prefix="carried"),
        ),
        status,
    )


def _theme_or_404(run_id: int, key: str):
    run = themes.get_run(run_id)
    theme = themes.theme_by_key(run, key) if run else None
    if theme is None:
        abort(404)
    return run, theme


@bp.route("/runs/<int:run_id>/themes/<key>")
@roles(*ORGANISERS)
def theme(run_id: int, key: str):
    run = themes.get_run(run_id)
    if run is not None and themes.curatable(run) and themes.theme_by_key(run, key) is None:
        went = themes.where_it_went(key)  # a link to a theme this run no longer has: follow it
        if went is not None and len(went.into) == 1:
            flash(_("The theme “%(label)s” merged into this one when the themes were run again.", label=went.label))
            return redirect(url_for("themes.theme", run_id=run_id, key=went.into[0].key))
        if went is not None:
            return render_template("themes/went.html", run=run, went=went), 404
    run, theme = _theme_or_404(run_id, key)
    if theme.merged_into:
        return redirect(url_for("themes.theme", run_id=run_id, key=theme.merged_into))
    return _page(run, theme, _forms(run, theme, themes.notes_of(theme)))


@bp.route("/runs/<int:run_id>/themes/<key>/<action>", methods=["POST"])
@roles(*ORGANISERS)
def curate(run_id: int, key: str, action: str):
    run, theme = _theme_or_404(run_id, key)
    if action not in ACTIONS or theme.merged_into:
        abort(404)
    forms = _forms(run, theme, themes.notes_of(theme), formdata=request.form)
    name = {"hide": "flag", "show": "flag", "lock": "flag", "unlock": "flag"}.get(action, action)
    form = forms[name]
    if not form.validate_on_submit():
        if name == "flag":
            abort(400)
        return _page(run, theme, forms, status=400, failed=form)
    kwargs = {}
    if action == "rename":
        kind, kwargs["value"] = EditKind.RENAME, form.label.data
    elif action == "summary":
        kind, kwargs["value"] = EditKind.SUMMARY, form.summary.data
    elif action in ("hide", "show"):
        kind, kwargs["flag"] = EditKind.HIDE, action == "hide"
    elif action in ("lock", "unlock"):
        kind, kwargs["flag"] = EditKind.LOCK, action == "lock"
    elif action == "merge":
        kind, kwargs["target_key"] = EditKind.MERGE, form.target.data
    elif form.split.data:
        kind, kwargs["value"], kwargs["note_ids"] = EditKind.SPLIT, form.label.data, form.notes.data
    else:
        kind, kwargs["target_key"], kwargs["note_ids"] = EditKind.MOVE, form.target.data, form.notes.data
    try:
        entry = themes.edit(run, kind, key, current_user.id, **kwargs)
    except themes.CurationError as error:
        field = next(iter(f for f in form if f.type not in ("CSRFTokenField", "SubmitField")), None)
        if field is None:
            flash(str(error))
            return redirect(url_for("themes.theme", run_id=run_id, key=key))
        field.errors = [*field.errors, str(error)]
        return _page(run, theme, forms, status=400, failed=form)
    flash(_("Saved. This change will be kept when the themes are run again."), "success")
    if kind == EditKind.MERGE:
        return redirect(url_for("themes.theme", run_id=run_id, key=entry.target_key))
    if kind == EditKind.SPLIT:
        return redirect(url_for("themes.theme", run_id=run_id, key=entry.target_key))
    return redirect(url_for("themes.theme", run_id=run_id, key=key))


@bp.route("/runs/<int:run_id>/themes/<key>/model-split", methods=["POST"])
@roles(*ORGANISERS)
def recluster(run_id: int, key: str):
    """Let the model split the theme: its notes are clustered again into 2 to 4 new themes."""
    run, theme = _theme_or_404(run_id, key)
    if theme.merged_into:
        abort(404)
    forms = _forms(run, theme, themes.notes_of(theme), formdata=request.form)
    form = forms["recluster"]
    if not form.validate_on_submit():
        return _page(run, theme, forms, status=400, failed=form)
    try:
        entries = themes.split_recluster(
            run, key, int(form.parts.data), current_user.id, cache_dir=current_app.config["EMBEDDING_CACHE_DIR"]
        )
    except themes.CurationError as error:
        form.parts.errors = [*form.parts.errors, str(error)]
        return _page(run, theme, forms, status=400, failed=form)
    flash(
        ngettext(
            "Split into %(num)s theme. The model named it; rename it if you can name it better. "
            "This change will be kept when the themes are run again.",
            "Split into %(num)s themes. The model named them; rename them if you can name them better. "
            "This change will be kept when the themes are run again.",
            len(entries),
        ),
        "success",
    )
    return redirect(url_for("themes.theme", run_id=run_id, key=entries[0].target_key))


@bp.route("/runs/<int:run_id>/themes/<key>/carried/<int:edit_id>", methods=["POST"])
@roles(*ORGANISERS)
def carried(run_id: int, key: str, edit_id: int):
    """Use or leave a decision carried from a theme that merged or split into this one."""
    run, theme = _theme_or_404(run_id, key)
    form = ButtonForm(prefix="carried")
    choice = request.form.get("use")
    if not form.validate_on_submit() or choice not in ("yes", "no"):
        abort(400)
    if all(edit.id != edit_id for edit in themes.carried_offers(theme.key)):
        abort(404)
    try:
        themes.decide_carried(run, edit_id, choice == "yes", current_user.id)
    except themes.CurationError as error:
        flash(str(error))
    else:
        flash(_("Saved. This change will be kept when the themes are run again.") if choice == "yes"
              else _("Left out. It will not be suggested again."), "success")
    return redirect(url_for("themes.theme", run_id=run_id, key=key))
