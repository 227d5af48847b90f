from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class SearchForm(FlaskForm):
    session_id = IntegerField(
        _l("Session number"),
        widget=GovTextInput(),
        description=_l("Every note from this listening session."),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1, message=_l("Enter a session number like 42"))],
    )
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        description=_l("Notes whose words as written contain this name (whole word, any case)."),
        validators=[Optional(), Length(min=2, max=100, message=_l("Enter a name between 2 and 100 characters"))],
    )
    phone = StringField(
        _l("Phone number"),
        widget=GovTextInput(),
        description=_l("Notes containing this number, however it was written."),
        validators=[Optional(), Length(max=40, message=_l("Enter a phone number of 40 characters or fewer"))],
    )
    submit = SubmitField(_l("Find notes"), widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and not (self.session_id.data or (self.name.data or "").strip() or (self.phone.data or "").strip()):
            self.name.errors.append(_l("Enter a session number, a name or a phone number"))
            return False
        return ok


class CriteriaForm(FlaskForm):
    """The search carried into an export or an erasure (hidden inputs), with the CSRF token."""


class EraseForm(CriteriaForm):
    confirm = BooleanField(
        _l("I understand these notes will be erased for good and cannot be brought back"),
        widget=GovCheckboxInput(),
        validators=[DataRequired(_l("Confirm that you understand the notes cannot be brought back"))],
    )
    submit = SubmitField(_l("Erase these notes"), widget=GovSubmitInput())
