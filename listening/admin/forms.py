from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from listening.domain import OrgKind, Role


def role_choices():
    return [
        (Role.STAFF.value, _l("Community centre staff")),
        (Role.ANCHOR.value, _l("Anchor member")),
        (Role.ORGANISER.value, _l("Organiser")),
        (Role.ADMIN.value, _l("Administrator")),
    ]


def role_label(value) -> str:
    """A role's name in the reader's language."""
    return str(dict(role_choices()).get(str(value), value))


def kind_label(value) -> str:
    """A kind of organisation's name in the reader's language."""
    return str(dict(kind_choices()).get(str(value), value))


def kind_choices():
    return [
        (OrgKind.COMMUNITY.value, _l("Community organisation")),
        (OrgKind.ANCHOR.value, _l("Anchor institution")),
        (OrgKind.NETWORK.value, _l("Network team")),
    ]


class InviteUserForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the person's name")), Length(max=200, message=_l("Name must be 200 characters or fewer"))],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            DataRequired(_l("Enter an email address")),
            Email(_l("Enter an email address in the correct format, like name@example.org")),
            Length(max=254),
        ],
    )
    role = RadioField(_l("Role"), widget=GovRadioInput(), validators=[DataRequired(_l("Select a role"))])
    organisation = SelectField(
        _l("Organisation"), widget=GovSelect(), coerce=int, validators=[DataRequired(_l("Select an organisation"))]
    )
    # Absent (a scripted post): English, as the default choice on the page.
    locale = RadioField(_l("Language of the invitation mail"), widget=GovRadioInput(), default="en",
                        validators=[Optional()])
    submit = SubmitField(_l("Invite"), widget=GovSubmitInput())


class ChangeRoleForm(FlaskForm):
    role = RadioField(_l("Role"), widget=GovRadioInput(), validators=[DataRequired(_l("Select a role"))])
    organisation = SelectField(
        _l("Organisation"), widget=GovSelect(), coerce=int, validators=[DataRequired(_l("Select an organisation"))]
    )
    submit = SubmitField(_l("Save role"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button-only form: state changes are always POSTs with a CSRF token."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the organisation's name")), Length(max=200, message=_l("Name must be 200 characters or fewer"))],
    )
    kind = RadioField(
        _l("Kind of organisation"), widget=GovRadioInput(), validators=[DataRequired(_l("Select the kind of organisation"))]
    )
    wards = SelectMultipleField(_l("Wards it serves"), widget=GovCheckboxesInput(), coerce=int)
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save organisation"), widget=GovSubmitInput())


class WardForm(FlaskForm):
    name = StringField(
        _l("Ward name"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the ward's name")), Length(max=120, message=_l("Name must be 120 characters or fewer"))],
    )
    active = BooleanField(_l("Include this ward in listening and briefings"))
    submit = SubmitField(_l("Save ward"), widget=GovSubmitInput())


class KeepWordForm(FlaskForm):
    word = StringField(
        _l("Place or organisation"),
        widget=GovTextInput(),
        description=_l("For example, a community centre, a park or a block of flats"),
        validators=[DataRequired(_l("Enter a place or organisation")), Length(max=80, message=_l("A word or phrase must be 80 characters or fewer"))],
    )
    submit = SubmitField(_l("Add to the list"), widget=GovSubmitInput())
