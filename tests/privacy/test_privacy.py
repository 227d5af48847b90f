"""Retention of raw words, subject access (find + export) and erasure."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from listening.domain import BriefingScope, BriefingStatus, Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.extensions import db
from listening.models import AuditEvent, Briefing, Note, NoteTheme, Theme, ThemeRun
from listening.services.accounts import users
from listening.services.capture import drafts as capture_drafts
from listening.services.capture import sessions as capture
from listening.services.core import write
from listening.services.privacy import rights as privacy
from listening.services.themes import runs as theme_runs


@pytest.fixture
def staff(make):
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(OrgKind.COMMUNITY, name="Org A", ward_ids=[ward.id])
    return make.user(Role.STAFF, organisation=org), ward


def _session(app, user, ward, texts, consent=Consent.QUOTE):
    with app.app_context():
        data = capture.SessionInput(ward_id=ward.id, held_on=date(2026, 3, 1), venue="Library",
                                    format=SessionFormat.DROP_IN, participants=3)
        notes = [capture.NoteInput(NoteKind.CHANGE, t, consent) for t in texts]
        session, _ = capture.create_session(users.get_user(user.id), data, notes)
        return session.id, [n.id for n in session.notes]


def _audit(app, action):
    with app.app_context():
        # In the order written: PostgreSQL returns rows in no set order without ORDER BY.
        return [e.details for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


# ---- retention ----------------------------------------------------------------------------------


def test_raw_text_older_than_the_retention_period_is_purged_and_the_redacted_text_kept(app, staff):
    user, ward = staff
    with time_machine.travel(datetime(2024, 12, 1, 9, tzinfo=UTC), tick=False):
        _, (old,) = _session(app, user, ward, ["Call Mary Jones on 0113 496 0000 about the bins"])
    with time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=UTC), tick=False):
        _, (recent,) = _session(app, user, ward, ["Ask Peter Smith about the allotments"])

    with time_machine.travel(datetime(2026, 3, 1, 3, 17, tzinfo=UTC), tick=False), app.app_context():
        from listening.services.privacy.tasks import purge_raw_text_job

        assert purge_raw_text_job.call_local() == 1  # the scheduled task, run as the consumer would
        again = privacy.purge_raw_text()
        assert again.purged == 0  # idempotent

    with app.app_context():
        old_note, recent_note = db.session.get(Note, old), db.session.get(Note, recent)
        assert old_note.raw_text is None and old_note.raw_original is None
        assert old_note.raw_purged_at is not None
        assert "bins" in old_note.text and "Mary" not in old_note.text and "0113" not in old_note.text
        assert recent_note.raw_text and "Peter Smith" in recent_note.raw_text and recent_note.raw_purged_at is None
    (details,) = _audit(app, "privacy.raw_purged")[:1]
    assert details["notes"] == 1 and details["retention_days"] == 365
    assert "Mary" not in json.dumps(_audit(app, "privacy.raw_purged"))


def test_retention_is_configurable(app, staff):
    user, ward = staff
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        _session(app, user, ward, ["Lovely park"])
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC), tick=False), app.app_context():
        assert privacy.purge_raw_text(days=30).purged == 1


def test_the_purge_is_scheduled_daily():
    from listening.services.privacy.tasks import purge_raw_text_job

    task = purge_raw_text_job.task_class()
    assert task.validate_datetime(datetime(2026, 5, 4, 3, 17))
    assert not task.validate_datetime(datetime(2026, 5, 4, 4, 17))


# ---- subject access -----------------------------------------------------------------------------


def _search(client, **fields):
    from tests.pages import check_html

    response = client.submit("/admin/privacy/", fields)
    assert response.status_code == 200
    return check_html(response)


def test_an_admin_finds_notes_by_name_phone_and_session(app, client, sign_in, staff):
    user, ward = staff
    sid, ids = _session(app, user, ward, [
        "Mary Jones says the bus stop floods", "Text 07700 900123 for the litter pick", "Nothing personal here",
    ])
    _, other = _session(app, user, ward, ["Rosemary likes the market", "ring +44 7700 900123 please"])
    sign_in(Role.ADMIN)
    page = _search(client, name="mary")
    assert "1 note found" in page.text  # whole word: "Rosemary" is not Mary
    assert "Mary Jones" in page.text  # the admin sees the words as written
    page = _search(client, phone="07700 900 123")
    assert "2 notes found" in page.text  # the same number however it was written
    page = _search(client, session_id=str(sid))
    assert "3 notes found" in page.text
    bad = _search(client, phone="hello")
    assert "Enter a phone number" in bad.text and bad.title.text.startswith("Error:")
    empty = _search(client, name="", phone="", session_id="")
    assert "Enter a session number, a name or a phone number" in empty.text


def test_export_as_json_and_csv_with_formula_cells_escaped(app, client, sign_in, staff):
    user, ward = staff
    _session(app, user, ward, ["=HYPERLINK(\"http://evil\") Mary Jones said hello"])
    sign_in(Role.ADMIN)
    response = client.submit("/admin/privacy/export", {"name": "Mary", "format": "json"}, form_url="/admin/privacy/")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    body = json.loads(response.get_data(as_text=True))
    assert len(body["notes"]) == 1 and "Mary Jones" in body["notes"][0]["raw_text"]
    response = client.submit("/admin/privacy/export", {"name": "Mary", "format": "csv"}, form_url="/admin/privacy/")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 1 and rows[0]["raw_text"].startswith("'=")
    (details,) = _audit(app, "privacy.exported")[-1:]
    assert details["search"] == "name" and "Mary" not in json.dumps(_audit(app, "privacy.exported"))


def test_privacy_pages_are_for_admins_only(client, sign_in):
    sign_in(Role.ORGANISER)
    assert client.raw.get("/admin/privacy/").status_code == 403


# ---- erasure ------------------------------------------------------------------------------------


def _theme_with_briefing(app, note_ids, quote_text):
    with app.app_context(), write():
        run = ThemeRun(scope="all", is_current=True)
        db.session.add(run)
        db.session.flush()
        theme = Theme(run_id=run.id, key="bins", label="Bins and litter", quote_ids=list(note_ids))
        db.session.add(theme)
        db.session.flush()
        for rank, note_id in enumerate(note_ids):
            db.session.add(NoteTheme(note_id=note_id, theme_id=theme.id, rank=rank))
        snapshot = {"themes": [{"key": "bins", "label": "Bins and litter",
                                "quotes": [{"text": quote_text, "note_id": note_ids[0]},
                                           {"text": "Someone else's words", "note_id": 10**9}]}]}
        db.session.add(Briefing(scope=BriefingScope.CITY, scope_key="city", status=BriefingStatus.PUBLISHED,
                                snapshot=snapshot, run_id=run.id, published_at=datetime.now(UTC)))
        return run.id, theme.id


def test_erasure_removes_the_words_everywhere_and_is_audited(app, client, sign_in, staff):
    user, ward = staff
    _, (mary, other) = _session(app, user, ward, ["Mary Jones: the bins are never emptied", "The bins smell"])
    with app.app_context():
        quote_text = db.session.get(Note, mary).text
    run_id, theme_id = _theme_with_briefing(app, [mary, other], quote_text)

    admin = sign_in(Role.ADMIN)
    confirm = client.submit("/admin/privacy/erase", {"name": "Mary"}, form_url="/admin/privacy/")
    assert confirm.status_code == 200 and "Erase 1 note" in confirm.get_data(as_text=True)
    assert "Confirm that you understand" not in confirm.get_data(as_text=True)
    refused = client.submit("/admin/privacy/erase", {"name": "Mary", "submit": "y"}, form_url="/admin/privacy/")
    assert "Confirm that you understand" in refused.get_data(as_text=True)
    done = client.submit("/admin/privacy/erase", {"name": "Mary", "confirm": "y", "submit": "y"},
                         form_url="/admin/privacy/")
    assert done.status_code == 302
    assert "Notes erased: 1. Published briefings with quotes removed: 1." in client.page(done.location).text

    with app.app_context():
        note = db.session.get(Note, mary)
        assert note.erased_at is not None and note.text == "" and note.raw_text is None and note.raw_original is None
        assert db.session.scalar(select(func.count()).select_from(NoteTheme).where(NoteTheme.note_id == mary)) == 0
        assert db.session.get(Theme, theme_id).quote_ids == [other]
        snapshot = db.session.scalars(select(Briefing)).one().snapshot
        assert "Mary" not in json.dumps(snapshot) and quote_text not in json.dumps(snapshot)
        assert snapshot["themes"][0]["quotes"] == [{"text": "Someone else's words", "note_id": 10**9}]
        # Future theme runs never read it again.
        docs = theme_runs._documents(db.session.get(ThemeRun, run_id))
        assert mary not in {d.id for d in docs} and other in {d.id for d in docs}
        # Nor can it be found again.
        assert privacy.find_notes(privacy.Criteria(name="Mary")) == []
    (details,) = _audit(app, "privacy.erased")
    assert details["notes"] == 1 and details["briefings_scrubbed"] == 1 and details["note_ids"] == [mary]
    assert len(_audit(app, "briefing.quotes_erased")) == 1
    with app.app_context():
        erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.erased"))
        assert erased.actor_id == admin.id


def test_abandoned_session_drafts_are_dropped_by_the_daily_job(app, staff):
    """A journey left unfinished keeps the words as typed; the retention job removes it."""
    user, _ward = staff
    with time_machine.travel(datetime(2026, 1, 1, 9, tzinfo=UTC), tick=False), app.app_context():
        capture_drafts.save_draft(users.get_user(user.id), "old-journey", {"notes": [{"text": "Call Jan on 07700 900123"}]})
    with time_machine.travel(datetime(2026, 1, 20, 9, tzinfo=UTC), tick=False), app.app_context():
        capture_drafts.save_draft(users.get_user(user.id), "recent-journey", {"notes": [{"text": "Lovely park"}]})
    with time_machine.travel(datetime(2026, 1, 22, 3, 17, tzinfo=UTC), tick=False), app.app_context():
        from listening.services.privacy.tasks import purge_raw_text_job

        purge_raw_text_job.call_local()
        me = users.get_user(user.id)
        assert capture_drafts.get_draft(me, "old-journey") is None
        assert capture_drafts.get_draft(me, "recent-journey") is not None
    assert _audit(app, "privacy.drafts_purged")[0] == {"drafts": 1, "retention_days": 14}
