"""Admin: words redaction must never take for a name (local places and organisations)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from listening.admin.blueprint import bp
from listening.admin.forms import ConfirmForm, KeepWordForm
from listening.domain import Role
from listening.permissions import roles
from listening.services import capture


@bp.route("/redaction-words", methods=["GET", "POST"])
@roles(Role.ADMIN)
def redaction_words():
    form = KeepWordForm()
    status = 200
    if form.validate_on_submit():
        try:
            row = capture.add_keep_word(form.word.data, actor_id=current_user.id)
        except capture.KeepWordProblem as problem:
            form.word.errors.append(str(problem.message))
        else:
            flash(_("%(word)s has been added. Notes saved from now on keep it.", word=row.word), "success")
            return redirect(url_for("admin.redaction_words"))
    if form.errors:
        status = 400
    return render_template("admin/redaction_words.html", form=form, words=capture.list_keep_words()), status


@bp.route("/redaction-words/<int:word_id>/remove", methods=["POST"])
@roles(Role.ADMIN)
def remove_redaction_word(word_id: int):
    row = capture.get_keep_word(word_id)
    if row is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        word = row.word
        capture.remove_keep_word(row, actor_id=current_user.id)
        flash(_("%(word)s has been removed.", word=word), "success")
    return redirect(url_for("admin.redaction_words"))
