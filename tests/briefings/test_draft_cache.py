"""A draft briefing's figures are built once, and rebuilt as soon as a curation edit, a new note
or a new run changes what they come from."""

from __future__ import annotations

import pytest

from listening.domain import EditKind, Role
from listening.extensions import db
from listening.models import Ward
from listening.services import themes
from listening.services.briefings import publishing
from listening.services.themes import curation
from tests import factories


@pytest.fixture
def setup(app):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(kirkstall, repeat=3)
        run = factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
        return {"run": run, "kirkstall": kirkstall.id}


@pytest.fixture
def gathered(monkeypatch):
    """Counts how often the facts are read from the database (the real function still runs)."""
    calls = []
    real = publishing.gather

    def counting(run):
        calls.append(run.id)
        return real(run)

    monkeypatch.setattr(publishing, "gather", counting)
    return calls


def _draft(client):
    token = client.csrf_token("/briefings/")
    response = client.post("/briefings/drafts", data={"csrf_token": token, "scope": "E05011402"})
    assert response.status_code == 302
    return response.location


def test_views_reuse_the_figures_until_a_curation_edit_changes_them(app, setup, client, sign_in, gathered):
    organiser = sign_in(Role.ORGANISER)
    url = _draft(client)
    first = client.page(url).get_text(" ")
    assert "Parks" in first and "Parks and green spaces" not in first
    assert client.page(url).get_text(" ") == first
    assert len(gathered) == 1  # the second view did not read the facts again

    with app.app_context():
        curation.edit(themes.get_run(setup["run"].id), EditKind.RENAME, "park", organiser.id,
                      value="Parks and green spaces")
    renamed = client.page(url).get_text(" ")
    assert "Parks and green spaces" in renamed
    assert len(gathered) == 2

    with app.app_context():
        session = factories.session(db.session.get(Ward, setup["kirkstall"]))
        for n in range(40):  # enough notes to move a shown total
            factories.note(session, f"Another note about the bus station number {n}")
    assert client.page(url).get_text(" ") != renamed
    assert len(gathered) == 3


def test_a_summary_edit_shows_at_once(app, setup, client, sign_in, gathered):
    sign_in(Role.ORGANISER)
    url = _draft(client)
    client.page(url)
    token = client.csrf_token(url)
    briefing_id = url.rsplit("/", 1)[1]
    client.post(f"/briefings/{briefing_id}/summary",
                data={"summary-csrf_token": token, "summary-summary": "Buses are the first worry."})
    assert "Buses are the first worry." in client.page(url).get_text(" ")
