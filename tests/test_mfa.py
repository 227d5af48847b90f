"""Multi-factor sign-in: required for organisers and admins, available to everyone."""

from __future__ import annotations

import re
import time

import pyotp
from sqlalchemy import select

from listening.domain import Role
from listening.extensions import db
from listening.models import RecoveryCode
from listening.services.accounts import mfa, users
from listening.services.core import audit
from tests.factories import PASSWORD
from tests.pages import fresh_totp_code


def _actions(app):
    with app.app_context():
        return [e.action for e in audit.recent(200)]


def _signed_in(client) -> bool:
    return "Sign out" in client.raw.get("/").get_data(as_text=True)


def _password(client, email):
    return client.submit("/sign-in", {"email": email, "password": PASSWORD})


def test_an_organiser_without_mfa_must_set_it_up_before_being_signed_in(app, client, make):
    user = make.user(Role.ORGANISER, mfa_enrolled=False)
    response = _password(client, user.email)
    assert response.location == "/sign-in/set-up-code"
    assert not _signed_in(client)
    assert client.raw.get("/themes/").status_code == 302  # nothing behind sign-in yet
    soup = client.page("/sign-in/set-up-code")
    svg = soup.find("svg")
    assert svg is not None and svg.get("role") == "img" and svg.get("aria-label")
    secret = soup.find(id="secret-key").get_text().replace(" ", "")
    assert len(secret) == 32

    wrong = client.submit("/sign-in/set-up-code", {"code": "000000"})
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert not _signed_in(client)

    done = client.submit("/sign-in/set-up-code", {"code": pyotp.TOTP(secret).now()})
    body = done.get_data(as_text=True)
    assert done.status_code == 200 and "Save your recovery codes" in body
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", body)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _signed_in(client)
    with app.app_context():
        stored = list(db.session.scalars(select(RecoveryCode.code_hash)))
        assert len(stored) == 10 and not set(codes) & set(stored)  # hashes only
        assert users.get_user(user.id).totp_secret == secret
    assert "mfa.enrolled" in _actions(app)


def test_an_enrolled_person_enters_a_code_after_the_password(app, client, make):
    user = make.user(Role.ADMIN)
    response = _password(client, user.email)
    assert response.location == "/sign-in/code"
    assert not _signed_in(client)
    assert client.raw.get("/admin/users").status_code == 302
    client.page("/sign-in/code")
    wrong = client.submit("/sign-in/code", {"code": "123456"})
    assert wrong.status_code == 200 and "<title>Error:" in wrong.get_data(as_text=True)
    assert not _signed_in(client)
    ok = client.submit("/sign-in/code", {"code": fresh_totp_code(app, user.email)})
    assert ok.status_code == 302 and ok.location == "/"
    assert client.raw.get("/admin/users").status_code == 200
    actions = _actions(app)
    assert "mfa.failed" in actions and "mfa.verified" in actions


def test_a_code_works_once(app, make):
    user = make.user(Role.ORGANISER)
    now = time.time()
    with app.app_context():
        secret = users.get_user(user.id).totp_secret
        code = pyotp.TOTP(secret).at(now)
        assert mfa.verify(users.get_user(user.id), code, at=now) is not None
        assert mfa.verify(users.get_user(user.id), code, at=now) is None  # replayed
        assert mfa.verify(users.get_user(user.id), pyotp.TOTP(secret).at(now + 30), at=now + 30)


def test_a_recovery_code_signs_in_once(app, client, make):
    user = make.user(Role.STAFF, mfa_enrolled=False)
    client.sign_in(user.email, PASSWORD)  # staff: no code needed until they turn it on
    client.page("/account/two-factor")
    html = client.raw.get("/sign-in/set-up-code").get_data(as_text=True)
    secret = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    body = client.submit("/sign-in/set-up-code", {"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", body)
    client.sign_out()

    _password(client, user.email)
    used = client.submit("/sign-in/code", {"code": codes[0].upper()})
    assert used.status_code == 302
    assert "You have 9 left" in client.raw.get("/").get_data(as_text=True)
    client.sign_out()
    _password(client, user.email)
    again = client.submit("/sign-in/code", {"code": codes[0]})
    assert again.status_code == 200 and not _signed_in(client)
    assert "mfa.recovery_code_used" in _actions(app)


def test_code_attempts_are_rate_limited_per_account(app, client, make):
    user = make.user(Role.ORGANISER)
    _password(client, user.email)
    statuses = [client.submit("/sign-in/code", {"code": f"{i:06d}"}).status_code for i in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429
    # A fresh session does not reset the count: the limit is on the account.
    client.raw.delete_cookie("hark_session")
    _password(client, user.email)
    assert client.submit("/sign-in/code", {"code": fresh_totp_code(app, user.email)}).status_code == 429


def test_the_pending_step_expires(app, client, make):
    user = make.user(Role.ORGANISER)
    _password(client, user.email)
    with client.raw.session_transaction() as session:
        pending = dict(session["mfa_pending"])
        pending["at"] = time.time() - app.config["MFA_PENDING_MINUTES"] * 60 - 1
        session["mfa_pending"] = pending
    response = client.raw.get("/sign-in/code")
    assert response.status_code == 302 and response.location == "/sign-in"
    assert not _signed_in(client)


def test_staff_may_turn_it_off_but_an_organiser_may_not(app, client, make):
    staff = make.user(Role.STAFF, mfa_enrolled=True)
    client.sign_in(staff.email, PASSWORD)
    assert "Turn off" in client.page("/account/two-factor").text
    response = client.submit("/account/two-factor/turn-off", {"code": fresh_totp_code(app, staff.email)})
    assert response.status_code == 302
    with app.app_context():
        assert not mfa.enrolled(users.get_user(staff.id))
    assert "mfa.turned_off" in _actions(app)

    organiser = make.user(Role.ORGANISER)
    client.sign_in(organiser.email, PASSWORD)
    page = client.page("/account/two-factor")
    assert "cannot be turned off" in page.text
    refused = client.submit(
        "/account/two-factor/turn-off", {"code": fresh_totp_code(app, organiser.email)},
        form_url="/account/two-factor/recovery-codes",
    )
    assert refused.status_code == 302 and refused.location == "/account/two-factor"
    with app.app_context():
        assert mfa.enrolled(users.get_user(organiser.id))


def test_new_recovery_codes_replace_the_old_ones(app, client, make):
    user = make.user(Role.ADMIN)
    client.sign_in(user.email, PASSWORD)
    body = client.submit(
        "/account/two-factor/recovery-codes", {"code": fresh_totp_code(app, user.email)}
    ).get_data(as_text=True)
    assert len(re.findall(r"<li><code>", body)) == 10
    with app.app_context():
        assert mfa.recovery_codes_left(users.get_user(user.id)) == 10


def test_an_old_session_of_an_unenrolled_organiser_is_sent_to_set_up(app, client, make):
    user = make.user(Role.ORGANISER, mfa_enrolled=False)
    with client.raw.session_transaction() as session:  # a session from before MFA was required
        session["_user_id"] = f"{user.id}:0"
        session["_fresh"] = True
        session["signed_in_at"] = time.time()
    response = client.raw.get("/themes/")
    assert response.status_code == 302 and response.location == "/sign-in/set-up-code"


def test_the_secret_is_sealed_at_rest_and_a_wrong_key_fails_closed(app, client, make):
    """A copied database cannot mint codes: the column holds a sealed value, not the seed. If the
    key changes, codes are refused (never a 500) until an admin resets the person's sign-in."""
    from cryptography.fernet import Fernet
    from sqlalchemy import text

    from listening import sealing

    user = make.user(Role.ADMIN)
    with app.app_context():
        secret = users.get_user(user.id).totp_secret
        stored = db.session.execute(text("SELECT totp_secret FROM users WHERE id = :i"), {"i": user.id}).scalar()
    assert stored.startswith("v1:") and secret not in stored and len(secret) == 32

    sealing.configure(app, [Fernet.generate_key().decode()])  # as if MFA_KEYS had been replaced
    try:
        response = _password(client, user.email)
        assert response.location == "/sign-in/code"
        client.page("/sign-in/code")
        refused = client.submit("/sign-in/code", {"code": pyotp.TOTP(secret).now()})
        assert refused.status_code == 200 and "The code is not right" in refused.get_data(as_text=True)
        assert not _signed_in(client)
    finally:
        sealing.init_app(app)
    # Rotation: a new first key seals, the old one still opens.
    old = sealing.keys_from_config(app.config)
    sealing.configure(app, [Fernet.generate_key().decode(), *old])
    try:
        with app.app_context():
            assert sealing.unseal(stored) == secret
            assert sealing.seal(secret) != stored
    finally:
        sealing.init_app(app)


def test_a_malformed_key_stops_the_app_at_start(app):
    import pytest

    from config import TestConfig
    from listening import create_app

    class Config(TestConfig):
        MFA_KEYS = "not-a-fernet-key"
        INSTANCE_PATH = app.instance_path

    with pytest.raises(RuntimeError, match="MFA_KEYS"):
        create_app(Config)


def test_setting_mfa_keys_later_keeps_old_secrets_working_and_moves_them_over(app, make):
    """Secrets sealed under the key derived from SECRET_KEY still open once MFA_KEYS is set, and a
    successful sign-in re-seals them under MFA_KEYS."""
    from cryptography.fernet import Fernet

    from listening import sealing

    user = make.user(Role.ORGANISER)  # sealed with the derived key (MFA_KEYS unset in tests)
    new = Fernet.generate_key().decode()
    sealing.configure(app, sealing.keys_from_config({"MFA_KEYS": new, "SECRET_KEY": app.config["SECRET_KEY"]}))
    try:
        now = time.time()
        with app.app_context():
            secret = users.get_user(user.id).totp_secret
            assert secret is not None
            assert mfa.verify(users.get_user(user.id), pyotp.TOTP(secret).at(now), at=now) is not None
            sealed = users.get_user(user.id).totp_secret_sealed
        sealing.configure(app, [new])  # the derived key dropped: the re-sealed secret still opens
        with app.app_context():
            assert sealing.unseal(sealed) == secret
    finally:
        sealing.init_app(app)
