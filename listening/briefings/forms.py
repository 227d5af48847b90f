from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSelect, GovSubmitInput
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class NewDraftForm(FlaskForm):
    scope = SelectField(
        _l("Briefing for"), widget=GovSelect(), validators=[DataRequired(_l("Choose a ward or the whole city"))]
    )
    submit = SubmitField(_l("Start a draft"), widget=GovSubmitInput())


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Summary"),
        widget=GovCharacterCount(),
        description=_l("In plain English: what people in this area told us, in a few sentences"),
        validators=[Length(max=4000, message=_l("The summary must be 4000 characters or fewer"))],
    )
    submit = SubmitField(_l("Save summary"), widget=GovSubmitInput())


class PublishForm(FlaskForm):
    # The digest of the figures the page showed: a briefing is published only with those figures.
    seen = HiddenField()
    submit = SubmitField(_l("Publish this briefing"), widget=GovSubmitInput())
