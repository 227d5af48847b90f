"""Accounts' background tasks: the "forgot your password" mail, sent by the consumer so the page
answers in the same time whether or not the address has an account."""

from __future__ import annotations

from listening.extensions import huey
from listening.services.accounts import mail, users
from listening.services.core import in_app_context


@huey.task()
@in_app_context
def send_password_reset_job(email: str) -> None:
    mail.send_password_reset(email)


def request_password_reset(email: str) -> None:
    """Queue the reset mail (a link only when the address has an active account)."""
    send_password_reset_job(users.normalise_email(email))
