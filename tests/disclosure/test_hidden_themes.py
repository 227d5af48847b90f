"""A theme the organisers hide is hidden everywhere: not offered or accepted for a new commitment
(form or API), not in the filters or the API's theme list; a commitment made before stays visible
to its own anchor with a note, and other readers do not see the hidden theme's name."""

import pytest

from listening.extensions import db
from listening.models import Theme
from listening.services.core import write
from tests import factories

BODY = {"title": "Benches in the park", "description": "Six new benches", "themes": ["park"],
        "wards": ["E05011402"], "due": "2027-06-30", "status": "in_progress"}


@pytest.fixture
def world(app):
    with app.app_context():
        return factories.world()


def _api(client, method, url, token, body=None):
    return client.open(url, method=method, json=body, headers={"Authorization": f"Bearer {token}"})


def _hide(app, run_id, key):
    with app.app_context(), write():
        db.session.query(Theme).filter_by(run_id=run_id, key=key).one().hidden = True


def test_a_hidden_theme_is_hidden_everywhere_but_to_its_commitments_owner(world, app, client):
    with app.app_context():
        token, token2 = factories.token(world["anchor"]), factories.token(world["anchor2"])
    made = _api(client, "POST", "/api/v1/commitments", token, BODY)
    assert made.status_code == 201, made.get_json()
    cid = made.get_json()["id"]
    _hide(app, world["run_id"], "park")

    refused = _api(client, "POST", "/api/v1/commitments", token2, BODY)
    assert refused.status_code == 422 and "no longer shown" in refused.get_json()["error"]["message"]
    assert "park" not in {t["key"] for t in _api(client, "GET", "/api/v1/themes", token2).get_json()}

    client.sign_in(world["anchor2"], factories.PASSWORD)
    form = client.page("/commitments/new")
    assert "Parks" not in [o.get_text(strip=True) for o in form.select("input[name=themes] + label, option")]
    index = client.page("/commitments/")
    assert "Parks" not in index.get_text(" ")  # neither in the filter nor beside the commitment
    assert "Parks" not in client.page(f"/commitments/{cid}").get_text(" ")
    client.sign_out()

    client.sign_in(world["anchor"], factories.PASSWORD)  # the commitment's own anchor
    text = client.page(f"/commitments/{cid}").get_text(" ")
    assert "Parks (no longer shown: the organisers hid this theme)" in text
    kept = _api(client, "GET", f"/api/v1/commitments/{cid}", token).get_json()
    assert kept["themes"] == ["park"]


def test_a_theme_hidden_after_publication_leaves_the_event_pack(world, app):
    from listening.services import events

    with app.app_context():
        event = _event(world)
        assert "park" in [t.key for t in events.draft_pack(event).themes]
    _hide(app, world["run_id"], "park")
    with app.app_context():
        assert "park" not in [t.key for t in events.draft_pack(events.get(event.id)).themes]


def _event(world):
    from datetime import date, time

    from listening.services import events
    from listening.services.accounts import users

    data = events.EventInput(title="Park walk", held_on=date(2027, 5, 1), starts_at=time(10), venue="The park gates",
                             ward_ids=[world["kirkstall_id"]], theme_keys=["park"])
    return events.create(users.get_by_email(world["organiser"]), data)
