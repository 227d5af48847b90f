from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from listening.date_input import DayMonthYearField
from listening.domain import EventStatus

STATUS_LABELS = {
    EventStatus.PLANNED: _l("Planned"),
    EventStatus.HELD: _l("Held"),
    EventStatus.CANCELLED: _l("Cancelled"),
}


def status_choices():
    return [(s.value, STATUS_LABELS[s]) for s in EventStatus]


def parse_time(value: str | None):
    value = (value or "").strip().lower().replace(".", ":")
    for fmt in ("%H:%M", "%H%M", "%I:%M%p", "%I%p", "%H"):
        try:
            return datetime.strptime(value, fmt).time()
        except ValueError:
            continue
    return None


def _time(form, field):
    if field.data and parse_time(field.data) is None:
        raise ValidationError(str(_l("Enter a time like 18:30")))


class EventForm(FlaskForm):
    title = StringField(_l("Name of the event"), widget=GovTextInput(),
                        validators=[DataRequired(_l("Enter a name for the event")),
                                    Length(max=200, message=_l("The name must be 200 characters or fewer"))])
    held_on = DayMonthYearField(_l("Date"), description=_l("For example, 14 5 2027"),
                                validators=[InputRequired(_l("Enter the date of the event, for example 14 5 2027"))],
                                invalid=_l("The date must be a real date, for example 14 5 2027"))
    starts_at = StringField(_l("Starts at"), widget=GovTextInput(), description=_l("For example, 18:30"),
                            validators=[DataRequired(_l("Enter the time the event starts, like 18:30")), _time])
    ends_at = StringField(_l("Ends at (optional)"), widget=GovTextInput(), validators=[Optional(), _time])
    venue = StringField(_l("Venue"), widget=GovTextInput(),
                        validators=[DataRequired(_l("Enter the venue")),
                                    Length(max=200, message=_l("The venue must be 200 characters or fewer"))])
    host = SelectField(_l("Host community organisation"), widget=GovSelect(), coerce=int, validators=[Optional()])
    wards = SelectMultipleField(_l("Wards"), widget=GovCheckboxesInput(), coerce=int,
                                validators=[DataRequired(_l("Choose at least one ward"))])
    anchors = SelectMultipleField(_l("Anchor institutions invited"), widget=GovCheckboxesInput(), coerce=int,
                                  validators=[Optional()])
    themes = SelectMultipleField(_l("Themes to explore"), widget=GovCheckboxesInput(), validators=[Optional()],
                                 description=_l("Leave empty to use the wards' top published themes"))
    gaps = TextAreaField(_l("Gaps to fill"), widget=GovTextArea(),
                         description=_l("Groups or places not heard enough yet, one per line. Leave empty to suggest them from the sessions so far."),
                         validators=[Optional()])
    status = RadioField(_l("Status"), widget=GovRadioInput(), choices=status_choices,
                        validators=[DataRequired(_l("Choose a status"))])
    notes = TextAreaField(_l("Notes for the pack (optional)"), widget=GovCharacterCount(),
                          validators=[Optional(), Length(max=4000, message=_l("Notes must be 4000 characters or fewer"))])
    submit = SubmitField(_l("Save event"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        """Every field's own checks, then the checks across fields, so all errors show at once."""
        valid = super().validate(extra_validators)
        starts, ends = parse_time(self.starts_at.data), parse_time(self.ends_at.data)
        if starts and ends and ends <= starts and not self.ends_at.errors:
            self.ends_at.errors = [*self.ends_at.errors, str(_l("The end time must be after the start time"))]
            valid = False
        return valid


class LinkSessionForm(FlaskForm):
    session = SelectField(_l("Listening session"), widget=GovSelect(), coerce=int,
                          validators=[DataRequired(_l("Choose a session"))])
    submit = SubmitField(_l("Link to this event"), widget=GovSubmitInput())


class OutcomeForm(FlaskForm):
    went_ahead = RadioField(_l("Did this go ahead?"), widget=GovRadioInput(),
                            choices=[("yes", _l("Yes, it was held")), ("no", _l("No, it was cancelled"))],
                            validators=[DataRequired(_l("Select yes if the event was held"))])
    submit = SubmitField(_l("Save the answer"), widget=GovSubmitInput())


class RefreshGapsForm(FlaskForm):
    submit = SubmitField(_l("Suggest gaps again from the sessions so far"), widget=GovSubmitInput())


class QuestionsForm(FlaskForm):
    """Only the CSRF token: the questions are one textarea per theme, built in the template."""
