"""The theme-run, themes and ward-briefing API."""

import pytest

from listening.domain import Role
from listening.services.accounts import users
from listening.services.briefings import publishing as briefings
from tests import factories


def _token(app, role):
    with app.app_context():
        user = factories.user(role)
        return {"Authorization": f"Bearer {users.issue_api_token(user, second_factor=True)}"}, user.id


@pytest.fixture
def published(app):
    with app.app_context():
        kirkstall = factories.ward("E05011402", "Kirkstall")
        ids = factories.corpus(kirkstall, repeat=2)
        factories.store_run(ids, labels={"park": "Parks", "buses": "Buses", "community": "Community spirit"})
        organiser = factories.user(Role.ORGANISER)
        briefing = briefings.create_draft(kirkstall, organiser.id)
        briefings.publish(briefing, organiser.id)
        factories.ward("E05011394", "Gipton & Harehills")


def test_ward_briefing_json_suppresses_small_counts(app, client, published):
    headers, _ = _token(app, Role.ANCHOR)
    body = client.get("/api/v1/wards/E05011402/briefing", headers=headers).get_json()
    assert body["ward"] == {"code": "E05011402", "name": "Kirkstall"} and body["published_at"]
    by_key = {t["key"]: t for t in body["themes"]}
    park = by_key["park"]
    assert park["love"] == 10 and park["change"] == "<5"  # 8 love notes, rounded to the nearest 5 (issue 13)
    # Quotes go with their kind: love quotes beside the shown love count; none beside the hidden change count.
    assert park["quotes"] and all(q["kind"] == "love" for q in park["quotes"])
    assert all("benches" not in q["text"] and "broken" not in q["text"] for q in park["quotes"])
    buses = by_key["buses"]
    assert buses["change"] == 10 and buses["love"] == "<5"
    assert buses["quotes"] and all(q["kind"] == "change" for q in buses["quotes"])
    assert "shelter" not in " ".join(q["text"] for q in buses["quotes"])
    community = by_key["community"]
    assert community["love"] == 10 and community["change"] == "<5"
    assert all(q["kind"] == "love" for q in community["quotes"])
    assert client.get("/api/v1/wards/E05011394/briefing", headers=headers).status_code == 404
    missing = client.get("/api/v1/wards/NOPE/briefing", headers=headers)
    assert missing.status_code == 404 and "message" in missing.get_json()["error"]


def test_themes_for_anchors_are_suppressed(app, client, published):
    headers, _ = _token(app, Role.ANCHOR)
    themes = client.get("/api/v1/themes", headers=headers).get_json()
    assert {t["key"] for t in themes} == {"park", "buses", "community"}
    for theme in themes:
        for field in ("love", "change", "size"):
            assert theme[field] == "<5" or theme[field] >= 5
    headers, _ = _token(app, Role.ORGANISER)
    assert all(isinstance(t["change"], int) for t in client.get("/api/v1/themes", headers=headers).get_json())


def test_start_a_run_and_read_it_back(app, client):
    headers, _ = _token(app, Role.ORGANISER)
    response = client.post("/api/v1/theme-runs", json={"from": "2026-01-01", "to": "2026-12-31"}, headers=headers)
    assert response.status_code == 202
    run = response.get_json()
    assert set(run) == {"id", "status"}
    body = client.get(f"/api/v1/theme-runs/{run['id']}", headers=headers).get_json()
    # Tests run the queue in-process: with no notes the run has already failed, in plain English.
    assert body["status"] == "failed" and "needs at least" in body["error"] and body["progress"] >= 0
    for bad in ({"from": "31/12/2026"}, {"from": 3}, {"colour": "red"}, [1]):
        response = client.post("/api/v1/theme-runs", json=bad, headers=headers)
        assert response.status_code == 422, bad
    response = client.post("/api/v1/theme-runs", json={"from": "2026-03-01", "to": "2026-01-01"}, headers=headers)
    assert response.status_code == 422
    assert client.get("/api/v1/theme-runs/999", headers=headers).status_code == 404


def test_a_second_run_for_the_same_scope_is_a_conflict(app, client):
    headers, user_id = _token(app, Role.ORGANISER)
    from listening.services import themes

    with app.app_context():
        themes.start_run(user_id, enqueue=False)
    response = client.post("/api/v1/theme-runs", json={}, headers=headers)
    assert response.status_code == 409 and "already" in response.get_json()["error"]["message"]


def test_openapi_describes_the_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/theme-runs", "/theme-runs/{id}", "/themes", "/wards/{code}/briefing"):
        assert path in paths
