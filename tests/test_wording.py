"""Wording fixes (issue 17, "Words"), each replayed: "is a anchor organisation", "The model called it"
on a theme a person split off, "because this is your organisation's session" said to an admin, and
Change links whose hidden text repeats itself."""

from __future__ import annotations

import re

from listening.domain import EditKind, OrgKind, Role
from listening.services.themes import curation
from tests import factories
from tests.factories import PASSWORD


def test_the_wrong_kind_of_organisation_is_explained_with_the_right_articles(client, sign_in, make):
    """Replays: 'A staff must belong to a community organisation; City Council (demo) is a anchor organisation.'"""
    sign_in(Role.ADMIN)
    council = make.org(OrgKind.ANCHOR, name="City Council (test)")
    body = client.submit("/admin/users/invite", {"name": "Wrong Place", "email": "wrong@example.org", "role": "staff",
                                                 "organisation": council.id}).get_data(as_text=True)
    assert "City Council (test) is an anchor institution" in body
    assert not re.search(r"\ba anchor\b|\bA staff\b", body)


def test_a_theme_a_person_split_off_does_not_claim_the_model_named_it(app, client):
    """Replays: '"The model called it: Street lighting" on a theme a person split off'."""
    with app.app_context():
        ward = factories.ward()
        corpus = factories.corpus(ward)
        organiser = factories.user(Role.ORGANISER)
        run = factories.store_run(corpus)
        split = curation.edit(run, EditKind.SPLIT, "buses", organiser.id, value="Bus fares", note_ids=corpus["buses"][2:3])
        run_id, key, email = run.id, split.target_key, organiser.email
    client.sign_in(email, PASSWORD)
    text = client.page(f"/themes/runs/{run_id}/themes/{key}").get_text(" ")
    assert "The model called it" not in text and "A person split this theme off and named it" in text


def test_an_admin_is_told_why_they_see_the_words_as_written(app, client, make):
    """Replays: 'an admin told "because this is your organisation's session" on another organisation's session'."""
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Org A", ward_ids=[ward.id])
    staff = make.user(Role.STAFF, organisation=org)
    admin = make.user(Role.ADMIN)
    with app.app_context():
        session_id = factories.logged_session(staff, ward, texts=("Call Mary on 07700 900123 about the park",))
    client.sign_in(admin.email, PASSWORD)
    text = client.page(f"/sessions/{session_id}").get_text(" ")
    assert "because this is your organisation's session" not in text
    assert "because you are an administrator" in text
    client.sign_out()
    client.sign_in(staff.email, PASSWORD)
    assert "because this is your organisation's session" in client.page(f"/sessions/{session_id}").get_text(" ")


def test_change_links_on_check_your_answers_do_not_repeat_themselves(app, client, make):
    """Replays: 'Change links whose hidden text repeats itself ("Change Note 1 (Note 1)")'."""
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Org A", ward_ids=[ward.id])
    staff = make.user(Role.STAFF, organisation=org)
    client.sign_in(staff.email, PASSWORD)
    key = client.raw.get("/sessions/new").location.rsplit("/", 2)[-2]
    client.submit(f"/sessions/new/{key}/details", {"ward": str(ward.id), "held_on": ["2", "3", "2026"],
                                                   "venue": "Hall", "format": "drop-in", "participants": "4"})
    client.submit(f"/sessions/new/{key}/notes", {"notes-0-kind": "love", "notes-0-text": "The library is warm",
                                                 "notes-0-consent": "quote", "notes-0-language": "en"})
    page = client.page(f"/sessions/new/{key}/check")
    links = [" ".join(a.get_text(" ", strip=True).split()) for a in page.select("a") if a.get_text().startswith("Change")]
    assert "Change (Note 1)" in links
    for text in links:
        words = re.sub(r"[()]", "", text).lower().split()
        assert len(words) == len(set(words)) or text.count("Note") < 2, f"repeated hidden text: {text!r}"
