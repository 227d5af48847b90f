from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from listening.date_input import ThreePartDateField


class StartRunForm(FlaskForm):
    scope = RadioField(
        _l("Which notes should the run look at?"),
        widget=GovRadioInput(),
        choices=[("all", _l("All notes")), ("range", _l("Notes from listening sessions held between two dates"))],
        default="all",
        validators=[DataRequired(_l("Select which notes the run should look at"))],
    )
    date_from = ThreePartDateField(_l("From"), validators=[Optional()])
    date_to = ThreePartDateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Start a theme run"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.scope.data != "range":
            return ok
        if self.date_from.data is None and not self.date_from.errors:
            self.date_from.errors = [_l("Enter the first date, for example 1 3 2026")]
            ok = False
        if self.date_to.data is None and not self.date_to.errors:
            self.date_to.errors = [_l("Enter the last date, for example 31 3 2026")]
            ok = False
        if self.date_from.data and self.date_to.data and self.date_to.data < self.date_from.data:
            self.date_to.errors = [_l("The last date must be the same as or after the first date")]
            ok = False
        return ok


class ButtonForm(FlaskForm):
    """A form that is only a button (cancel, hide, lock): the CSRF token does the work."""

    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class RenameForm(FlaskForm):
    label = StringField(
        _l("New name"),
        widget=GovTextInput(),
        description=_l("2 to 5 words a councillor would understand"),
        validators=[DataRequired(_l("Enter a name for the theme")), Length(max=80, message=_l("The name must be 80 characters or fewer"))],
    )
    submit = SubmitField(_l("Rename"), widget=GovSubmitInput())


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Summary"),
        widget=GovCharacterCount(),
        description=_l("One paragraph in plain English: what people said, and how many"),
        validators=[Length(max=2000, message=_l("The summary must be 2000 characters or fewer"))],
    )
    submit = SubmitField(_l("Save summary"), widget=GovSubmitInput())


class MergeForm(FlaskForm):
    target = SelectField(
        _l("Merge this theme into"),
        widget=GovSelect(),
        validators=[DataRequired(_l("Choose the theme to merge into"))],
    )
    submit = SubmitField(_l("Merge"), widget=GovSubmitInput())


class NotesForm(FlaskForm):
    """Select notes on a theme, then move them to another theme or split them into a new one."""

    notes = SelectMultipleField(_l("Notes"), widget=GovCheckboxesInput(), coerce=int)
    target = SelectField(_l("Move the selected notes to"), widget=GovSelect(), validate_choice=False)
    move = SubmitField(_l("Move notes"), widget=GovSubmitInput())
    label = StringField(
        _l("Or split them into a new theme called"),
        widget=GovTextInput(),
        validators=[Length(max=80, message=_l("The name must be 80 characters or fewer"))],
    )
    split = SubmitField(_l("Split into a new theme"), widget=GovSubmitInput())

    def validate_notes(self, field):
        if not field.data:
            raise ValidationError(_l("Select at least one note"))

    def validate_target(self, field):
        if self.move.data and not field.data:
            raise ValidationError(_l("Choose the theme to move the notes to"))

    def validate_label(self, field):
        if self.split.data and not (field.data or "").strip():
            raise ValidationError(_l("Enter a name for the new theme"))


class ReclusterForm(FlaskForm):
    """Let the model split the theme into 2 to 4 new themes."""

    parts = RadioField(
        _l("Let the model split this theme into"),
        widget=GovRadioInput(),
        choices=[("2", _l("2 themes")), ("3", _l("3 themes")), ("4", _l("4 themes"))],
        default="2",
        validators=[DataRequired(_l("Choose how many themes to split this theme into"))],
    )
    submit = SubmitField(_l("Let the model split this theme"), widget=GovSubmitInput())
