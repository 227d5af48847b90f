"""Admins keep local places and organisations out of redaction (issue 14): add, refuse bad input
plainly, remove; only admins may; the audit trail records ids, never the words."""

from __future__ import annotations

import pytest

from listening.domain import Role
from listening.services import capture
from listening.services.core import audit

PAGE = "/admin/redaction-words"


def test_admin_adds_and_removes_a_word(app, client, sign_in):
    admin = sign_in(Role.ADMIN)
    page = client.page(PAGE)
    assert "No words have been added yet" in page.get_text()
    response = client.submit(PAGE, {"word": "  The\u00a0FEARNVALE  "})
    assert response.status_code == 302
    page = client.page(response.location)
    assert "the fearnvale has been added" in page.get_text()
    assert page.find("td", string="the fearnvale") is not None
    with app.app_context():
        (row,) = capture.list_keep_words()
        assert capture.keep_words() == frozenset({"the fearnvale"})
        assert row.added_by_id == admin.id
    remove = f"{PAGE}/{row.id}/remove"
    response = client.submit(remove, {}, form_url=PAGE)
    assert response.status_code == 302
    page = client.page(PAGE)
    assert "the fearnvale has been removed" in page.get_text()
    with app.app_context():
        assert capture.list_keep_words() == []
        events = [e for e in audit.recent(20) if e.action.startswith("redaction_keep_word.")]
        assert [e.action for e in events] == ["redaction_keep_word.removed", "redaction_keep_word.added"]
        assert all(e.actor_id == admin.id and "fearnvale" not in str(e.details).lower() for e in events)


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("", "Enter a place or organisation"),
        ("   ", "Enter a place or organisation"),
        ("x" * 81, "80 characters or fewer"),
        ("Flat 12", "Use only letters, spaces, hyphens, apostrophes and &"),
        ("<script>", "Use only letters, spaces, hyphens, apostrophes and &"),
    ],
)
def test_bad_words_are_refused_with_a_clear_message(client, sign_in, word, message):
    sign_in(Role.ADMIN)
    response = client.submit(PAGE, {"word": word})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in body and "There is a problem" in body and message in body


def test_a_word_already_on_the_list_is_refused(app, client, sign_in):
    sign_in(Role.ADMIN)
    assert client.submit(PAGE, {"word": "Hollin Hall"}).status_code == 302
    response = client.submit(PAGE, {"word": "hollin  hall"})
    assert response.status_code == 400
    assert "hollin hall is already on the list" in response.get_data(as_text=True)
    with app.app_context():
        assert len(capture.list_keep_words()) == 1


def test_removing_a_word_that_is_gone_is_not_found(client, sign_in):
    sign_in(Role.ADMIN)
    assert client.submit(f"{PAGE}/999999/remove", {}, form_url=PAGE).status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.ANCHOR, Role.ORGANISER])
def test_only_admins_may_add_or_remove(app, client, make, sign_in, role):
    admin = make.user(Role.ADMIN)
    with app.app_context():
        row = capture.add_keep_word("Gledhow Lodge", actor_id=admin.id)
    sign_in(role)
    token_page = "/"  # any page the role may open carries a CSRF token
    assert client.raw.get(PAGE).status_code == 403
    assert client.submit(PAGE, {"word": "Anything"}, form_url=token_page).status_code == 403
    assert client.submit(f"{PAGE}/{row.id}/remove", {}, form_url=token_page).status_code == 403
    with app.app_context():
        assert [r.word for r in capture.list_keep_words()] == ["gledhow lodge"]
