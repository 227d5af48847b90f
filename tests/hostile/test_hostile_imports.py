"""Hostile spreadsheets through the real import: a spread of ~60 from the 588-file corpus
(bench/hostile_imports.py runs them all). Each is refused with a clear message or imported
whole; never a partial import, never a 500."""

from __future__ import annotations

import pytest

from listening.domain import OrgKind, Role
from tests.hostile import check
from tests.hostile.corpus import corpus, sample


@pytest.fixture
def staff_client(app, make, client):
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Hostile Org", ward_ids=[ward.id])
    user = make.user(Role.STAFF, organisation=org)
    client.sign_in(user.email, make.PASSWORD)
    return client


def test_the_corpus_has_at_least_500_files():
    assert len(corpus()) >= 500


@pytest.mark.slow
def test_a_sample_of_hostile_files_is_refused_clearly_or_imported_whole(app, staff_client):
    outcomes = {}
    for item in sample(corpus(), 60):
        outcomes[item.name] = check.judge(app, staff_client, item)
    assert "refused" in outcomes.values()
    assert len(outcomes) >= 55
