"""New passwords are checked against common passwords and their usual disguises."""

import pytest

from listening.services.accounts.passwords import common_passwords, is_common, password_problem


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


def test_the_generated_list_is_large_and_all_twelve_characters_or_more():
    words = common_passwords()
    assert len(words) > 5000
    assert min(len(w) for w in words) >= 12
    assert all(w == w.lower() for w in words)


@pytest.mark.parametrize("password", [
    "password1234", "Password2024!", "P@ssw0rd2024!", "leedsunited1999", "LeedsUnited123", "dragondragon",
    "M0nkeyM0nkey", "1q2w3e4r5t6y", "qwertyuiop123", "zzzzzzzzzzzzzz", "abcabcabcabc", "Summer2025!!",
    "jessica19901", "iloveyou1234", "123456789012", "0987654321!!", "administrator", "Welcome2025!",
    "Liverpool1892", "sunshine-2020",
])
def test_common_shapes_are_refused(request_ctx, password):
    assert is_common(password), password
    assert "too common" in password_problem(password)


@pytest.mark.parametrize("password", [
    "correct-horse-battery-staple", "a-long-pass-phrase", "my cat is called biscuit", "x8#kLq2!vZp9",
    "Tr0ub4dor&3xx", "kettle moorland orbit plum", "demo-password-for-browser-tests",
])
def test_unusual_passphrases_are_accepted(request_ctx, password):
    assert not is_common(password), password
    assert password_problem(password) is None


def test_set_password_form_refuses_a_disguised_common_password(app, client, make):
    from listening.services.accounts import users

    user = make.user(make.Role.STAFF, password=None)
    with app.app_context():
        token = users.invite(users.get_user(user.id), None)
    response = client.submit(f"/set-password/{token}", {"password": "P@ssw0rd2025!", "confirm": "P@ssw0rd2025!"})
    assert response.status_code == 200
    assert "Password is too common" in response.get_data(as_text=True)
