"""A readable audit log (issue 17, 'the audit log shows codes and ids ("mfa.verified", "By user 6",
"EngagementEvent 3") instead of plain sentences with names'): each row is a sentence naming the
person and the thing, and the log filters by person, action and date."""

from __future__ import annotations

from datetime import date, time, timedelta

from listening.domain import EventStatus, Role
from listening.services import events
from listening.services.accounts import users
from tests import factories
from tests.factories import PASSWORD


def _world(app):
    with app.app_context():
        ward = factories.ward("E05011402", "Kirkstall")
        organiser = factories.user(Role.ORGANISER, name="Olu Organiser")
        events.create(users.get_user(organiser.id), events.EventInput(
            title="Kirkstall listening day", held_on=date.today() + timedelta(days=5), starts_at=time(18, 0),
            venue="Library", ward_ids=[ward.id], status=EventStatus.PLANNED))
        admin = factories.user(Role.ADMIN, name="Ada Admin")
        return organiser, admin


def test_the_audit_log_is_plain_sentences_with_names(app, client):
    organiser, admin = _world(app)
    client.sign_in(organiser.email, PASSWORD)
    client.sign_out()
    client.sign_in(admin.email, PASSWORD)
    page = client.page("/admin/audit")
    rows = [td.get_text(" ", strip=True) for td in page.select("tbody td:nth-of-type(2)")]
    assert "Olu Organiser planned the event “Kirkstall listening day”" in rows
    assert "Olu Organiser signed in" in rows and "Olu Organiser confirmed their two-factor code" in rows
    text = page.find("table").get_text(" ")
    for code in ("mfa.verified", "auth.sign_in", "EngagementEvent", "By user"):
        assert code not in text


def test_the_audit_log_filters_by_person_action_and_date(app, client):
    organiser, admin = _world(app)
    client.sign_in(admin.email, PASSWORD)

    def rows(query):
        page = client.page(f"/admin/audit?{query}")
        return [td.get_text(" ", strip=True) for td in page.select("tbody td:nth-of-type(2)")]

    only_olu = rows(f"person={organiser.id}")
    assert only_olu and all(r.startswith("Olu Organiser") for r in only_olu)
    assert rows("action=event.created") == ["Olu Organiser planned the event “Kirkstall listening day”"]
    today = date.today()
    assert rows(f"date_from={today.day}&date_from={today.month}&date_from={today.year}")
    tomorrow = today + timedelta(days=1)
    assert rows(f"date_from={tomorrow.day}&date_from={tomorrow.month}&date_from={tomorrow.year}") == []
    response = client.get("/admin/audit?date_from=31&date_from=2&date_from=2026")
    assert response.status_code == 400 and "Enter a real date" in response.get_data(as_text=True)
