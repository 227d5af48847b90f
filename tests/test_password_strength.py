"""Password strength (zxcvbn fed Hark's own words and the common list) everywhere a password is
set, and Argon2 hashes upgraded at sign-in when the parameters change."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from listening.extensions import db
from listening.models import AuditEvent, User
from listening.services.accounts import users
from listening.services.core import write

FOUND_IN_REVIEW = ["manchesterunited", "mohammed12345", "1qaz2wsx3edc4rfv"]


@pytest.mark.parametrize("password", FOUND_IN_REVIEW)
def test_the_reviewed_passwords_are_refused_on_the_set_password_page(app, client, make, password):
    """Finding 7: passwords such as manchesterunited, mohammed12345 and 1qaz2wsx3edc4rfv were accepted."""
    user = make.user(make.Role.STAFF, password=None)
    with app.app_context():
        token = users.invite(users.get_user(user.id), None)
    response = client.submit(f"/set-password/{token}", {"password": password, "confirm": password})
    html = response.get_data(as_text=True)
    assert "Password is too easy to guess" in html or "Password is too common" in html
    with app.app_context():
        assert users.get_user(user.id).password_hash is None


@pytest.mark.parametrize("password", ["leedsanchornetwork", "kirkstallhark2026", "organiser-hark-leeds"])
def test_hark_and_its_places_count_as_guessable_words(app, make, password):
    """Words an attacker aiming at Hark would try first (the service, the network, the wards)."""
    make.ward("E05011402", "Kirkstall")
    org = make.org(make.OrgKind.COMMUNITY)
    with app.app_context(), pytest.raises(users.UserError, match="too easy to guess|too common"):
        users.create_user(email="new@example.org", name="New Person", role=make.Role.STAFF,
                          organisation=org, password=password)


def test_the_command_line_refuses_a_weak_password(app, runner, make):
    """`flask users create --password` is a place a password is set too."""
    make.org(make.OrgKind.COMMUNITY, name="Some Hub")
    result = runner.invoke(args=["users", "create", "a@example.org", "--name", "A", "--role", "staff",
                                 "--org", "Some Hub", "--password", "1qaz2wsx3edc4rfv"])
    assert result.exit_code != 0 and "too easy to guess" in result.output
    with app.app_context():
        assert users.get_by_email("a@example.org") is None


def test_a_strong_passphrase_is_accepted(app, make):
    org = make.org(make.OrgKind.COMMUNITY)
    with app.app_context():
        user = users.create_user(email="ok@example.org", name="Ok", role=make.Role.STAFF, organisation=org,
                                 password="kettle moorland orbit plum")
        assert user.password_hash


def test_sign_in_rehashes_a_password_hashed_with_old_parameters(app, client, make):
    """Finding 7: Argon2 hashes were never upgraded when the parameters changed."""
    user = make.user(make.Role.STAFF)
    old = PasswordHasher(time_cost=2, memory_cost=16, parallelism=2).hash(make.PASSWORD)
    with app.app_context(), write():
        db.session.get(User, user.id).password_hash = old
    client.sign_in(user.email, make.PASSWORD)
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
        assert stored != old and "m=8,t=1,p=1" in stored  # today's (test) parameters
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "auth.password_rehashed"))
    client.sign_out()
    client.sign_in(user.email, make.PASSWORD)  # the new hash signs in
    with app.app_context():
        assert db.session.get(User, user.id).password_hash == stored  # and is not redone
