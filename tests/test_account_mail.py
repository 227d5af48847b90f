"""Invitations and "forgot your password", by real SMTP (a local aiosmtpd server, tests/mail.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from listening.domain import OrgKind, Role
from listening.models.base import utcnow
from listening.services.accounts import users
from tests import factories
from tests.mail import link_in
from tests.pages import check_html

NEW_PASSWORD = "kettle moorland orbit plum"


def _invite(client, org_id: int, email="nia@example.org", locale="en"):
    return client.submit("/admin/users/invite", {"name": "Nia Jones", "email": email, "role": "staff",
                                                 "organisation": str(org_id), "locale": locale})


def test_an_invited_colleague_gets_the_mail_and_signs_in(app, client, make, mailbox):
    """Finding 2: invitations were a dead end: the link was only written to the application log, there
    was no mail, and the invited person showed as "Active" before setting a password. Now a new
    administrator invites a colleague, who gets the mail (read here, and on the development outbox
    page), sets a password and signs in, with no log reading."""
    org = make.org(OrgKind.COMMUNITY, name="Kirkstall Hub")
    admin = make.user(Role.ADMIN)
    client.sign_in(admin.email, make.PASSWORD)
    response = _invite(client, org.id)
    assert response.status_code == 302
    assert "a mail with their link is on its way" in client.page(response.location).text
    listing = client.page("/admin/users")
    row = next(tr for tr in listing.select("tbody tr") if "nia@example.org" in tr.text)
    assert "Invited" in row.text and "Active" not in row.text

    (sent,) = mailbox.wait_for(1)
    assert sent.to == "nia@example.org" and sent.subject == "You have been invited to Hark"
    assert "Hello Nia Jones" in sent.body and "for 72 hours" in sent.body
    link = link_in(sent)
    assert sent.body.count("http://hark.test/set-password/") == 1  # PUBLIC_URL, never the Host header
    # The development outbox page shows the same mail to the administrator.
    outbox = client.page("/admin/outbox")
    message_url = outbox.find("a", string="You have been invited to Hark")["href"]
    assert link in client.page(message_url).text
    client.sign_out()

    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    client.sign_in("nia@example.org", NEW_PASSWORD)
    assert client.raw.get(link).status_code == 404  # one time only
    with app.app_context():
        assert not users.get_by_email("nia@example.org").invited


def test_the_invitation_is_written_in_the_chosen_language(client, make, mailbox):
    org = make.org(OrgKind.COMMUNITY)
    admin = make.user(Role.ADMIN)
    client.sign_in(admin.email, make.PASSWORD)
    assert _invite(client, org.id, email="ola@example.org", locale="pl").status_code == 302
    (sent,) = mailbox.wait_for(1)
    with client.application.app_context():
        from flask_babel import force_locale, gettext

        with force_locale("pl"):
            subject = gettext("You have been invited to Hark")
    assert subject != "You have been invited to Hark"  # the Polish catalogue has it
    assert sent.subject == subject


def test_a_new_link_revokes_the_older_ones(app, client, make, mailbox):
    """Finding 2: issuing a new link did not revoke the older one: both worked, the first used won."""
    org = make.org(OrgKind.COMMUNITY)
    admin = make.user(Role.ADMIN)
    client.sign_in(admin.email, make.PASSWORD)
    _invite(client, org.id)
    with app.app_context():
        user_id = users.get_by_email("nia@example.org").id
    client.submit(f"/admin/users/{user_id}/invite", {}, form_url=f"/admin/users/{user_id}")
    first, second = mailbox.wait_for(2)
    client.sign_out()
    assert client.raw.get(link_in(first)).status_code == 404
    assert client.raw.get(link_in(second)).status_code == 200


def test_forgot_password_answers_the_same_and_mails_only_real_accounts(app, client, make, mailbox):
    """Finding 2: there was no "forgot your password" for anyone. The answer is the same whether or
    not the address has an account; only a real account gets mail."""
    user = make.user(Role.STAFF)
    known = client.submit("/forgot-password", {"email": user.email.upper()})
    unknown = client.submit("/forgot-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200

    def words(response):
        return re.sub(r"\S+@\S+", "ADDRESS", " ".join(check_html(response).main.text.split()))

    assert words(known) == words(unknown)
    (sent,) = mailbox.wait_for(1)
    assert sent.to == user.email and sent.subject == "Reset your Hark password"
    link = link_in(sent)
    page = client.page(link)
    assert page.h1.text.strip() == "Choose a new password"
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    client.sign_in(user.email, NEW_PASSWORD)
    client.sign_out()
    assert client.raw.get(link).status_code == 404  # one time


def test_reset_links_expire_and_each_new_one_revokes_the_last(app, client, make, mailbox):
    user = make.user(Role.STAFF)
    client.submit("/forgot-password", {"email": user.email})
    client.submit("/forgot-password", {"email": user.email})
    first, second = mailbox.wait_for(2)
    assert client.raw.get(link_in(first)).status_code == 404
    assert client.raw.get(link_in(second)).status_code == 200
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert client.raw.get(link_in(second)).status_code == 404


def test_forgot_password_is_rate_limited(client, make, mailbox):
    user = make.user(Role.STAFF)
    statuses = [client.submit("/forgot-password", {"email": user.email}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert len(mailbox.wait_for(5)) == 5


def test_without_mail_the_admin_is_told_plainly(app, client, make):
    org = make.org(OrgKind.COMMUNITY)
    admin = make.user(Role.ADMIN)
    client.sign_in(admin.email, make.PASSWORD)
    response = _invite(client, org.id)
    assert response.status_code == 302
    assert "Mail is not set up (MAIL_SERVER)" in client.page(response.location).text


def test_the_person_is_deactivated_so_their_links_stop(app, client, make, mailbox):
    user = make.user(Role.STAFF)
    client.submit("/forgot-password", {"email": user.email})
    (sent,) = mailbox.wait_for(1)
    with app.app_context():
        users.set_active(users.get_user(user.id), False, None)
    assert client.raw.get(link_in(sent)).status_code == 404
    assert factories.PASSWORD  # the old password is untouched
