from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from listening.services.accounts import password_problem


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[DataRequired(_l("Enter your password")), Length(max=1000)],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        description=_l("What the token is for, so you recognise it later, for example 'Monthly report script'"),
        validators=[DataRequired(_l("Enter a name for the token")),
                    Length(max=100, message=_l("The name must be 100 characters or fewer"))],
    )
    scope = RadioField(
        _l("What may it do?"), widget=GovRadioInput(), default="read",
        choices=[("read", _l("Read only")), ("write", _l("Read and write (add sessions, commitments, start theme runs)"))],
        validators=[DataRequired(_l("Choose what the token may do"))],
    )
    days = RadioField(
        _l("Expires after"), widget=GovRadioInput(), default="90",
        choices=[("30", _l("30 days")), ("90", _l("90 days")), ("180", _l("180 days")), ("365", _l("365 days"))],
        validators=[DataRequired(_l("Choose when the token expires"))],
    )
    submit = SubmitField(_l("Make token"), widget=GovSubmitInput())


class RevokeTokenForm(FlaskForm):
    """A button-only form: revoking is a POST with a CSRF token."""


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        description=_l("The address you sign in with"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254),
                    Email(_l("Enter an email address in the correct format, like name@example.org"))],
    )
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        widget=GovPasswordInput(),
        description=_l("Use 12 characters or more. A few unrelated words work well."),
        validators=[DataRequired(_l("Enter a new password")), Length(max=1000)],
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        widget=GovPasswordInput(),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("password", _l("The passwords do not match")),
        ],
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())

    def __init__(self, *args, email: str = "", details: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._email, self._details = email, details

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self._email, details=self._details)
        if problem:
            raise ValidationError(problem)


class CodeForm(FlaskForm):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        widget=GovTextInput(),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(_l("Enter the code from your authenticator app")), Length(max=40)],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app"),
        widget=GovTextInput(),
        description=_l("Enter the 6-digit code your app shows for Hark."),
        validators=[DataRequired(_l("Enter the 6-digit code from your authenticator app")), Length(max=20)],
    )
    submit = SubmitField(_l("Turn on"), widget=GovSubmitInput())


class ConfirmCodeForm(FlaskForm):
    """A code to confirm a change to multi-factor sign-in (new recovery codes, turning it off)."""

    code = StringField(
        _l("Code from your authenticator app"),
        widget=GovTextInput(),
        validators=[DataRequired(_l("Enter the code from your authenticator app")), Length(max=40)],
    )
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())
