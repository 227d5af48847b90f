"""Outgoing mail over SMTP (the standard library's smtplib), written in the person's language.

A message is a plain-text template under templates/mail/, rendered with the person's locale
forced, so its words, dates and numbers are theirs. Links start with PUBLIC_URL, never with the
Host header of the request that caused the mail (a client chooses that header). Nothing here
logs a message's body or its address: a set-password link is as good as a password.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The mail could not be sent; the message is safe to show to the person who caused it."""


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def link(endpoint: str, **values) -> str:
    """An absolute link for a mail: PUBLIC_URL and the route's path."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if not base:
        raise MailError(_("Links in mail need PUBLIC_URL, the address people reach Hark at. Ask whoever runs Hark to set it"))
    adapter = current_app.url_map.bind("hark.invalid")
    return base + adapter.build(endpoint, values)


def locale_of(user) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def send_to(user, kind: str, subject, **context) -> None:
    """Render templates/mail/<kind>.txt in the person's language and send it to them.
    `subject` is a lazy string, translated in that language too."""
    with force_locale(locale_of(user)):
        body = render_template(f"mail/{kind}.txt", user=user, network=current_app.config["NETWORK_NAME"], **context)
        send(user.email, str(subject), body)
    log.info("Mail sent (%s) to user %s", kind, user.id)


def send(to: str, subject: str, body: str) -> None:
    config = current_app.config
    if not configured():
        raise MailError(_("Mail is not set up (MAIL_SERVER), so nothing was sent"))
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="hark")
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(body)
    try:
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        # The error's type only: some servers echo the recipient back in their reply.
        log.warning("Mail not sent: %s", type(error).__name__)
        raise MailError(_("The mail could not be sent (the mail server did not accept it). Try again later")) from None
