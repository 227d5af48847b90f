"""Personal API tokens (issue 15, finding 3): made on the account page after a full sign-in,
named, scoped, expiring, listed with last use, revocable, stored hashed, audited; organiser and
admin tokens only with the second factor behind them."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import time_machine
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from listening.domain import Role
from listening.extensions import db
from listening.models import ApiToken, AuditEvent
from listening.models.base import utcnow
from listening.services.accounts import users
from tests.test_migrations import _empty_database


def _make_token(client, name="Report script", scope="write", days="90"):
    response = client.submit("/account/tokens", {"name": name, "scope": scope, "days": days})
    assert response.status_code == 200, response.get_data(as_text=True)[:1500]
    return re.search(r'id="new-token"[^>]*>(hark_[A-Za-z0-9_-]+)<', response.get_data(as_text=True)).group(1)


def _api(client, method, url, token, **kwargs):
    return client.raw.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)


def test_an_operators_token_for_an_organiser_is_refused(app, runner, client, make):
    """Finding 3: an organiser's or admin's token from `flask users token` read every organisation's
    sessions and started theme runs with no code ever entered. The command refuses them now, and a
    token without a second factor behind it (one made before this change) no longer works for them."""
    organiser = make.user(Role.ORGANISER)
    result = runner.invoke(args=["users", "token", organiser.email])
    assert result.exit_code != 0 and "account page" in result.output
    with app.app_context():
        old = users.issue_api_token(users.get_user(organiser.id))  # as the command used to make it
    sessions = _api(client, "GET", "/api/v1/sessions", old)
    run = _api(client, "POST", "/api/v1/theme-runs", old, json={})
    assert sessions.status_code == run.status_code == 403
    assert "second factor" in sessions.get_json()["error"]["message"]


def test_the_command_says_it_is_for_operators(runner):
    result = runner.invoke(args=["users", "token", "--help"])
    assert "For operators" in result.output and "/account/tokens" in result.output


def test_an_organiser_makes_a_token_behind_their_code_lists_and_revokes_it(app, client, make):
    organiser = make.user(Role.ORGANISER)
    client.sign_in(organiser.email, make.PASSWORD)  # password, then the code
    token = _make_token(client)
    assert _api(client, "GET", "/api/v1/sessions", token).status_code == 200
    assert _api(client, "POST", "/api/v1/theme-runs", token, json={}).status_code in (202, 409, 422)
    page = client.page("/account/tokens")
    row = next(tr for tr in page.select("tbody tr") if "Report script" in tr.text)
    assert "Read and write" in row.text and "Never" not in row.select("td")[4].text  # last used is shown
    with app.app_context():
        stored = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == organiser.id))
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()  # stored hashed, never itself
        assert stored.second_factor and stored.name == "Report script"
        assert 89 <= (stored.expires_at.replace(tzinfo=utcnow().tzinfo) - utcnow()).days <= 90
        used = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "api_token.used"))
        assert used.actor_id == organiser.id and used.details["path"] == "/api/v1/sessions"
    form_url = "/account/tokens"
    assert client.submit(f"/account/tokens/{stored.id}/revoke", {}, form_url=form_url).status_code == 302
    assert _api(client, "GET", "/api/v1/sessions", token).status_code == 401
    assert "You have no tokens" in client.page("/account/tokens").text


def test_a_session_without_the_second_factor_cannot_make_an_organiser_token(client, make):
    organiser = make.user(Role.ORGANISER)
    client.sign_in(organiser.email, make.PASSWORD)
    with client.raw.session_transaction() as session:
        session.pop("second_factor")  # a session from before the code step was recorded
    assert "sign in again with your code" in client.page("/account/tokens").text
    response = client.submit("/account/tokens", {"name": "x", "scope": "read", "days": "90"})
    assert response.status_code == 403


def test_read_only_tokens_read_and_expire(app, client, make):
    staff = make.user(Role.STAFF)
    client.sign_in(staff.email, make.PASSWORD)
    token = _make_token(client, name="Dashboard", scope="read", days="30")
    assert _api(client, "GET", "/api/v1/sessions", token).status_code == 200
    refused = _api(client, "POST", "/api/v1/sessions", token, json={})
    assert refused.status_code == 403 and "may only read" in refused.get_json()["error"]["message"]
    with time_machine.travel(utcnow() + timedelta(days=31)):
        assert _api(client, "GET", "/api/v1/sessions", token).status_code == 401
        client.sign_in(staff.email, make.PASSWORD)  # the month-old session has ended
        assert "Expired" in client.page("/account/tokens").text


def test_the_default_expiry_is_90_days(app, client, make):
    staff = make.user(Role.STAFF)
    client.sign_in(staff.email, make.PASSWORD)
    token = _make_token(client, scope="read")
    with time_machine.travel(utcnow() + timedelta(days=89)):
        assert _api(client, "GET", "/api/v1/wards", token).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=91)):
        assert _api(client, "GET", "/api/v1/wards", token).status_code == 401


def test_nobody_revokes_someone_elses_token(app, client, make):
    owner = make.user(Role.STAFF)
    with app.app_context():
        token = users.issue_api_token(users.get_user(owner.id))
        token_id = db.session.scalar(db.select(ApiToken.id))
    other = make.user(Role.STAFF)
    client.sign_in(other.email, make.PASSWORD)
    assert client.submit(f"/account/tokens/{token_id}/revoke", {}, form_url="/account/tokens").status_code == 404
    assert _api(client, "GET", "/api/v1/wards", token).status_code == 200


def test_token_form_errors_are_plain(client, make):
    staff = make.user(Role.STAFF)
    client.sign_in(staff.email, make.PASSWORD)
    response = client.submit("/account/tokens", {"name": "", "scope": "admin", "days": "9999"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter a name for the token" in html and "<title>Error:" in html


def test_tokens_made_before_the_migration_keep_working_for_staff(app, tmp_path):
    """Migration 0004 on SQLite and PostgreSQL: an existing token becomes a read-write command-line
    token with no expiry and no second factor."""
    with _empty_database(app, tmp_path):
        upgrade(revision="0006")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (name, kind, active) VALUES ('Hub', 'community', :t)"), {"t": True})
            org = conn.execute(text("SELECT id FROM organisations")).scalar()
            conn.execute(text("INSERT INTO users (email, name, role, organisation_id, active, session_epoch) "
                              "VALUES ('s@example.org', 'S', 'staff', :o, :t, 0)"), {"o": org, "t": True})
            uid = conn.execute(text("SELECT id FROM users")).scalar()
            conn.execute(text("INSERT INTO api_tokens (user_id, token_hash, revoked) VALUES (:u, :h, :f)"),
                         {"u": uid, "h": hashlib.sha256(b"hark_old").hexdigest(), "f": False})
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT name, scope, expires_at, second_factor FROM api_tokens")).one()
        assert (row.name, row.scope, row.expires_at, bool(row.second_factor)) == ("Command line", "write", None, False)
        assert users.user_for_token("hark_old").email == "s@example.org"
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM api_tokens"))
            conn.execute(text("DELETE FROM users"))
            conn.execute(text("DELETE FROM organisations"))
        downgrade(revision="base")
