"""Signing in and out, sessions, invitations, rate limits and the audit trail."""

import time

from listening.domain import Role
from listening.services.accounts import users
from listening.services.core import audit
from tests.factories import PASSWORD


def _actions(app):
    with app.app_context():
        return [e.action for e in audit.recent(100)]


def test_sign_in_takes_a_person_to_their_home_page(app, client, make):
    user = make.user(Role.STAFF, name="Sam Staff")
    response = client.submit("/sign-in", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    soup = client.page("/")
    assert "Hello, Sam Staff" in soup.h1.text
    assert "auth.sign_in" in _actions(app)


def test_wrong_password_and_unknown_email_get_the_same_message(app, client, make):
    user = make.user(Role.STAFF)
    bodies = []
    for email, password in [(user.email, "wrong-password-123"), ("nobody@example.org", PASSWORD)]:
        response = client.submit("/sign-in", {"email": email, "password": password})
        assert response.status_code == 200
        bodies.append(response.get_data(as_text=True))
    for body in bodies:
        assert "Enter a correct email address and password" in body
        assert "<title>Error:" in body
    assert _actions(app).count("auth.sign_in_failed") == 2


def test_empty_sign_in_form_names_each_missing_field(client):
    response = client.submit("/sign-in", {"email": "", "password": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter your email address" in body and "Enter your password" in body


def test_deactivated_user_cannot_sign_in(app, client, make):
    user = make.user(Role.ANCHOR)
    with app.app_context():
        users.set_active(users.get_user(user.id), False, None)
    response = client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_account(app, client, make):
    user = make.user(Role.STAFF)
    statuses = [
        client.submit("/sign-in", {"email": user.email, "password": f"wrong-{i}-password"}).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[-1] == 429
    # Even the right password waits: the limit is on the account, not on failures.
    assert client.submit("/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 429


def test_sign_in_without_csrf_token_is_refused(client, make):
    user = make.user(Role.STAFF)
    response = client.raw.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)


def test_sign_out_is_a_post_and_ends_the_session(client, sign_in):
    sign_in(Role.ORGANISER)
    assert client.raw.get("/sign-out").status_code == 405  # GET never changes state
    assert client.raw.get("/").get_data(as_text=True).count("Sign out") >= 1
    response = client.sign_out()
    assert response.status_code == 302
    assert client.raw.get("/admin/users").status_code == 302


def test_a_copied_session_cookie_dies_at_sign_out(client, sign_in):
    sign_in(Role.ADMIN)
    stolen = client.raw.get_cookie("hark_session").value
    client.sign_out()
    client.raw.set_cookie("hark_session", stolen)
    response = client.raw.get("/admin/users")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_deactivating_a_user_ends_their_sessions(app, client, sign_in):
    user = sign_in(Role.ADMIN)
    assert client.raw.get("/admin/users").status_code == 200
    with app.app_context():
        users.set_active(users.get_user(user.id), False, None)
    response = client.raw.get("/admin/users")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_changing_a_role_ends_the_session(app, client, sign_in, make):
    user = sign_in(Role.ORGANISER)
    anchor_org = make.org(kind=make.OrgKind.ANCHOR)
    with app.app_context():
        users.change_role(users.get_user(user.id), Role.ANCHOR, anchor_org, actor_id=None)
    response = client.raw.get("/")
    assert "Sign in" in response.get_data(as_text=True) and "Hello" not in response.get_data(as_text=True)
    assert "user.role_changed" in _actions(app)


def test_absolute_session_lifetime(app, client, sign_in):
    sign_in(Role.ADMIN)
    with client.raw.session_transaction() as session:
        session["signed_in_at"] = time.time() - app.config["SESSION_ABSOLUTE_HOURS"] * 3600 - 5
    response = client.raw.get("/admin/users")
    assert response.status_code == 302 and "/sign-in" in response.location


def test_session_cookie_flags(client, make):
    user = make.user(Role.STAFF)
    response = client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_only_redirects_within_the_site(client, make):
    user = make.user(Role.ADMIN)
    ok = client.submit("/sign-in?next=/admin/wards", {"email": user.email, "password": PASSWORD}, form_url="/sign-in")
    ok = client.complete_second_step(ok, user.email)  # an admin enters a code; next survives it
    assert ok.location == "/admin/wards"
    client.sign_out()
    evil = client.submit("/sign-in?next=//evil.example/x", {"email": user.email, "password": PASSWORD}, form_url="/sign-in")
    evil = client.complete_second_step(evil, user.email)
    assert evil.location == "/"


def test_invitation_link_sets_a_password_once(app, client, make):
    user = make.user(Role.STAFF, password=None)
    with app.app_context():
        token = users.invite(users.get_user(user.id), None)
    url = f"/set-password/{token}"
    client.page(url)
    weak = client.submit(url, {"password": "short", "confirm": "short"})
    assert "Password must be 12 characters or more" in weak.get_data(as_text=True)
    common = client.submit(url, {"password": "password1234", "confirm": "password1234"})
    assert "Password is too common" in common.get_data(as_text=True)
    mismatch = client.submit(url, {"password": "a-long-pass-phrase", "confirm": "another-long-one"})
    assert "The passwords do not match" in mismatch.get_data(as_text=True)
    done = client.submit(url, {"password": "a-long-pass-phrase", "confirm": "a-long-pass-phrase"})
    assert done.status_code == 302
    client.sign_in(user.email, "a-long-pass-phrase")
    client.sign_out()
    assert client.raw.get(url).status_code == 404  # one use only


def test_unknown_invitation_is_not_found(client):
    client.page("/set-password/not-a-real-token", status=404)


def test_audit_rows_hold_no_personal_free_text(app, client, make):
    user = make.user(Role.STAFF)
    client.submit("/sign-in", {"email": user.email, "password": "wrong-password-x"})
    with app.app_context():
        for event in audit.recent(50):
            assert user.email not in str(event.details)


def test_each_role_sees_the_links_to_its_areas(client, make):
    expected = {
        Role.STAFF: ["Listening sessions", "Events"],
        Role.ANCHOR: ["Briefings", "Commitments"],
        Role.ORGANISER: ["Listening sessions", "Themes", "Briefings", "Commitments", "Events"],
        Role.ADMIN: ["Admin"],
    }
    for role, links in expected.items():
        user = make.user(role)
        client.sign_in(user.email, PASSWORD)
        nav = client.page("/").find(class_="govuk-service-navigation")
        texts = [a.get_text(strip=True) for a in nav.find_all("a")]
        for link in links:
            assert link in texts, (role, texts)
        if role == Role.ANCHOR:
            assert "Listening sessions" not in texts and "Admin" not in texts
        client.sign_out()


def test_english_dates_are_british(app):
    from datetime import date

    from flask_babel import format_date

    with app.test_request_context("/"):
        assert format_date(date(2027, 3, 31), "long") == "31 March 2027"
