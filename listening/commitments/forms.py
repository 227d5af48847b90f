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
from wtforms.validators import DataRequired, Length, Optional

from listening.date_input import DayMonthYearField
from listening.domain import CommitmentStatus

STATUS_LABELS = {
    CommitmentStatus.PROPOSED: _l("Proposed"),
    CommitmentStatus.IN_PROGRESS: _l("In progress"),
    CommitmentStatus.DONE: _l("Done"),
    CommitmentStatus.NOT_GOING_AHEAD: _l("Not going ahead"),
}


def status_choices():
    return [(s.value, STATUS_LABELS[s]) for s in CommitmentStatus]


class CommitmentForm(FlaskForm):
    title = StringField(
        _l("What will your institution do?"),
        widget=GovTextInput(),
        description=_l("A short title a resident would understand, for example 'Fix the lights on the canal path'"),
        validators=[DataRequired(_l("Enter what your institution will do")),
                    Length(max=200, message=_l("The title must be 200 characters or fewer"))],
    )
    description = TextAreaField(
        _l("More detail (optional)"), widget=GovCharacterCount(),
        validators=[Optional(), Length(max=4000, message=_l("The detail must be 4000 characters or fewer"))],
    )
    owner = StringField(
        _l("Who owns it"), widget=GovTextInput(), description=_l("A team or a named person"),
        validators=[Optional(), Length(max=200, message=_l("The owner must be 200 characters or fewer"))],
    )
    due = DayMonthYearField(_l("Due by (optional)"), description=_l("For example, 31 3 2027"), validators=[Optional()],
                            invalid=_l("The due date must be a real date, for example 31 3 2027"))
    status = RadioField(_l("Status"), widget=GovRadioInput(), choices=status_choices,
                        validators=[DataRequired(_l("Choose a status"))])
    reason = TextAreaField(
        _l("If it is not going ahead, why not?"), widget=GovCharacterCount(),
        validators=[Optional(), Length(max=2000, message=_l("The reason must be 2000 characters or fewer"))],
    )
    themes = SelectMultipleField(_l("Themes it answers"), widget=GovCheckboxesInput(),
                                 validators=[DataRequired(_l("Choose at least one theme this commitment answers"))])
    wards = SelectMultipleField(_l("Wards"), widget=GovCheckboxesInput(), coerce=int,
                                validators=[DataRequired(_l("Choose at least one ward"))])
    submit = SubmitField(_l("Save commitment"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Every field's own checks, then the checks across fields, so all errors show at once."""
        valid = super().validate(extra_validators)
        if self.status.data == CommitmentStatus.NOT_GOING_AHEAD.value and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, str(_l("Enter the reason it is not going ahead"))]
            valid = False
        return valid


class UpdateForm(FlaskForm):
    status = SelectField(_l("Status now"), widget=GovSelect(), validators=[Optional()])
    note = TextAreaField(
        _l("What has happened?"), widget=GovCharacterCount(),
        validators=[Optional(), Length(max=4000, message=_l("The update must be 4000 characters or fewer"))],
    )
    submit = SubmitField(_l("Add to the timeline"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.status.data == CommitmentStatus.NOT_GOING_AHEAD.value and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, str(_l("Say why it is not going ahead"))]
            valid = False
        return valid


class NudgeForm(FlaskForm):
    submit = SubmitField(_l("Nudge for an update"), widget=GovSubmitInput())
