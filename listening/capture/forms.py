"""Forms for the capture journey, corrections and the spreadsheet import."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from listening.date_input import DayMonthYearField
from listening.domain import Consent, NoteKind, SessionFormat
from listening.services import capture


class WholeNumberField(IntegerField):
    """An IntegerField whose "not a number" message is a GOV.UK-style sentence."""

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(self.invalid)) from None


def format_choices():
    return [(f.value, capture.FORMAT_LABELS[f]) for f in SessionFormat]


def kind_choices():
    return [(k.value, capture.KIND_LABELS[k]) for k in NoteKind]


def consent_choices():
    return [(c.value, capture.CONSENT_LABELS[c]) for c in (Consent.QUOTE, Consent.ANALYSIS)]


def language_choices():
    return [(code, capture.language_label(code)) for code in capture.LANGUAGES]


def _not_future(form, field):
    if field.data:
        problem = capture.date_problem(field.data)
        if problem:
            raise ValidationError(problem)


class SessionDetailsForm(FlaskForm):
    ward = SelectField(_l("Ward"), widget=GovSelect(), coerce=int,
                       validators=[DataRequired(_l("Select the ward the session was held in"))])
    held_on = DayMonthYearField(
        _l("Date of the session"),
        validators=[InputRequired(_l("Enter the date of the session, for example 27 3 2026")), _not_future],
        invalid=_l("The date of the session must be a real date, for example 27 3 2026"),
    )
    venue = StringField(
        _l("Venue"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter where the session was held")),
            Length(max=capture.VENUE_MAX_CHARS, message=_l("Venue must be 200 characters or fewer")),
        ],
    )
    format = RadioField(_l("Format"), widget=GovRadioInput(), validators=[DataRequired(_l("Select the format of the session"))])
    facilitator = StringField(
        _l("Facilitator (optional)"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=capture.FACILITATOR_MAX_CHARS, message=_l("Facilitator must be 200 characters or fewer"))],
    )
    participants = WholeNumberField(
        _l("How many people did you hear from?"),
        widget=GovTextInput(),
        invalid=_l("Enter how many people you heard from, as a number like 12"),
        validators=[
            InputRequired(_l("Enter how many people you heard from, as a number like 12")),
            NumberRange(min=0, max=capture.PARTICIPANTS_MAX, message=_l("Number of people must be between 0 and 10,000")),
        ],
    )
    languages = SelectMultipleField(_l("Languages spoken (optional)"), widget=GovCheckboxesInput())
    summary = TextAreaField(
        _l("Your summary of the session (optional)"),
        widget=GovCharacterCount(),
        validators=[Optional(), Length(max=capture.SUMMARY_MAX_CHARS, message=_l("Summary must be 5,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def age_fields(self):
        return [getattr(self, f"age_{band.replace('-', '_')}") for band in capture.AGE_BANDS]

    def demographics(self) -> dict:
        return {band: f.data for band, f in zip(capture.AGE_BANDS, self.age_fields(), strict=True) if f.data}


for _band in capture.AGE_BANDS:
    setattr(
        SessionDetailsForm,
        f"age_{_band.replace('-', '_')}",
        WholeNumberField(
            capture.AGE_BAND_LABELS[_band],
            widget=GovTextInput(),
            invalid=_l("Number of people in an age group must be a whole number, like 3"),
            validators=[
                Optional(),
                NumberRange(min=0, max=capture.PARTICIPANTS_MAX,
                            message=_l("Number of people in an age group must be between 0 and 10,000")),
            ],
        ),
    )


class NoteRowForm(Form):
    """One row of the notes page (no CSRF of its own: the page form carries it)."""

    kind = RadioField(_l("What kind of note is this?"), widget=GovRadioInput(), choices=[],
                      validators=[DataRequired(_l("Select whether this is something they love or would change"))])
    text = TextAreaField(
        _l("What they said"),
        widget=GovTextArea(),
        validators=[
            DataRequired(_l("Enter what they said")),
            Length(max=capture.NOTE_MAX_CHARS, message=_l("What they said must be 2,000 characters or fewer")),
        ],
    )
    language = SelectField(_l("Language it was said in"), widget=GovSelect(), default="en", choices=[])
    english = TextAreaField(
        _l("In English, if it was said in another language (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=capture.NOTE_MAX_CHARS, message=_l("The English must be 2,000 characters or fewer"))],
    )
    consent = RadioField(_l("What did they agree to?"), widget=GovRadioInput(), choices=[],
                         validators=[DataRequired(_l("Select what they agreed to"))])

    def is_blank(self) -> bool:
        return not (self.text.data or "").strip() and not (self.english.data or "").strip() and not self.kind.data


class NotesForm(FlaskForm):
    notes = FieldList(FormField(NoteRowForm), min_entries=1, max_entries=capture.NOTES_PER_SESSION_MAX)

    def set_choices(self):
        for entry in self.notes:
            entry.form.kind.choices = kind_choices()
            entry.form.consent.choices = consent_choices()
            entry.form.language.choices = language_choices()


class NoteForm(FlaskForm):
    """One note, on its own (the edit page)."""

    kind = RadioField(_l("What kind of note is this?"), widget=GovRadioInput(),
                      validators=[DataRequired(_l("Select whether this is something they love or would change"))])
    text = TextAreaField(
        _l("What they said"),
        widget=GovCharacterCount(),
        validators=[
            DataRequired(_l("Enter what they said")),
            Length(max=capture.NOTE_MAX_CHARS, message=_l("What they said must be 2,000 characters or fewer")),
        ],
    )
    language = SelectField(_l("Language it was said in"), widget=GovSelect(), default="en")
    english = TextAreaField(
        _l("In English, if it was said in another language (optional)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=capture.NOTE_MAX_CHARS, message=_l("The English must be 2,000 characters or fewer"))],
    )
    consent = RadioField(_l("What did they agree to?"), widget=GovRadioInput(),
                         validators=[DataRequired(_l("Select what they agreed to"))])
    submit = SubmitField(_l("Save note"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()
        self.consent.choices = consent_choices()
        self.language.choices = language_choices()


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField(_l("Upload a file"), widget=GovFileInput())
    submit = SubmitField(_l("Check the file"), widget=GovSubmitInput())


class ConfirmImportForm(FlaskForm):
    submit = SubmitField(_l("Import these notes"), widget=GovSubmitInput())
    discard = SubmitField(_l("Upload a different file"), widget=GovSubmitInput())


class FilterForm(FlaskForm):
    """The list page's filters: a GET form, so no CSRF and no error summary."""

    class Meta:
        csrf = False

    ward = SelectField(_l("Ward"), widget=GovSelect(), coerce=lambda v: int(v) if re.fullmatch(r"[0-9]{1,9}", str(v)) else 0, default=0)
    date_from = StringField(_l("From (DD/MM/YYYY)"), widget=GovTextInput())
    date_to = StringField(_l("To (DD/MM/YYYY)"), widget=GovTextInput())
    kind = SelectField(_l("Kind of note"), widget=GovSelect(), default="")
    format = SelectField(_l("Format"), widget=GovSelect(), default="")
    q = StringField(_l("Words in the notes"), widget=GovTextInput())
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def parsed_date(self, field) -> tuple[date | None, str | None]:
        if not field.data or not field.data.strip():
            return None, None
        value = capture.parse_date(field.data)
        if value is None:
            return None, str(_l("Enter a date like 27/03/2026"))
        return value, None
