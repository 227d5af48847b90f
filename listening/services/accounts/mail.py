"""Mail about a person's own account: an invitation, a "forgot your password" link.

Each link is made here, mailed, and forgotten: only its SHA-256 is stored (users.invite) and
no log line ever holds it.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import lazy_gettext as _l

from listening.models import User
from listening.services.accounts import users
from listening.services.core import mail

log = logging.getLogger(__name__)


def send_invitation(user: User, actor_id: int | None) -> None:
    """A new invitation link (earlier ones stop working), mailed. MailError when it cannot go."""
    if not mail.configured():
        raise mail.MailError(str(_l("Mail is not set up (MAIL_SERVER), so no invitation was sent. Ask whoever runs "
                                    "Hark to set it up, or to create the account from the command line")))
    link = mail.link("auth.set_password", token=users.invite(user, actor_id))
    mail.send_to(user, "invitation", _l("You have been invited to Hark"), link=link,
                 hours=current_app.config["INVITE_HOURS"])


def send_password_reset(email: str) -> None:
    """For "forgot your password": mail a one-time link when there is an active account for the
    address; otherwise do nothing. The page says the same either way."""
    user = users.get_by_email(email)
    if user is None or not user.active:
        return
    try:
        link = mail.link("auth.set_password", token=users.invite(user, None, purpose="reset"))
        mail.send_to(user, "reset", _l("Reset your Hark password"), link=link,
                     minutes=current_app.config["RESET_MINUTES"])
    except mail.MailError:
        log.warning("A password reset mail for user %s was not sent", user.id)
