"""A ward nobody has been heard in (issue 17, 'a ward with no notes shows "People taking part: fewer
than 5" beside "Listening sessions 0" and can still be published'): its draft says plainly that nobody
has been heard yet, and publishing it is refused with a reason."""

from __future__ import annotations

from listening.domain import Role
from tests import factories
from tests.briefings.test_briefings import _draft, setup  # noqa: F401 - fixture


def test_a_ward_with_no_notes_says_so_and_cannot_be_published(app, setup, client, sign_in):  # noqa: F811
    with app.app_context():
        factories.ward("E05011417", "Weetwood")  # no sessions, no notes
    sign_in(Role.ORGANISER)
    url = _draft(client, "E05011417")
    page = client.page(url)
    heard = page.find("h2", string="Who was heard").find_next("dl").get_text(" ", strip=True)
    assert "fewer than" not in heard, heard
    assert "Nobody has been heard in this ward yet" in page.get_text(" ")
    assert page.find("button", string=lambda t: t and "Publish" in t) is None  # no button to press
    briefing_id = url.rstrip("/").rsplit("/", 1)[1]
    token = client.csrf_token(url)  # the summary form's token: the same session token
    with app.app_context():  # a crafted request, with the digest of the figures the page shows
        from listening.services import briefings

        seen = briefings.digest(briefings.snapshot(briefings.get(int(briefing_id))))
    response = client.post(f"/briefings/{briefing_id}/publish", data={"publish-csrf_token": token, "publish-seen": seen})
    assert response.status_code == 302
    page = client.page(url)
    assert "Draft" in page.get_text() and "Nobody has been heard in this ward yet" in page.get_text(" ")
    with app.app_context():
        from listening.services import briefings

        assert briefings.get(int(briefing_id)).status.value == "draft"
