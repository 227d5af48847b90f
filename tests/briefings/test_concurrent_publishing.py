"""Two organisers pressing Publish at the same moment (two real threads, each with its own database
connection; run on PostgreSQL with TEST_DATABASE_URL, where writers are not queued for us as on
SQLite): one version per draft, and each publication protected against the other."""

from __future__ import annotations

import threading

from listening.domain import BriefingStatus, Role
from listening.extensions import db
from listening.models import AuditEvent, Briefing
from listening.services import briefings, disclosure
from tests import factories

LABELS = {"park": "Parks", "buses": "Buses"}


def _city():
    """Kirkstall: 4 love and 4 change notes on parks, so its briefing shows both as "fewer than 5"
    while the city table shows parks in Kirkstall as 10 (8 to 12): published from the same data
    without seeing each other, the two pin both at exactly 4."""
    kirkstall = factories.ward("E05011402", "Kirkstall")
    gipton = factories.ward("E05011394", "Gipton & Harehills")
    groups = {"park": [], "buses": []}
    for ward, park in ((kirkstall, 4), (gipton, 10)):
        sess = factories.session(ward)
        for kind in ("love", "change"):
            groups["park"] += [factories.note(sess, f"The park {kind} {n}", kind).id for n in range(park)]
            groups["buses"] += [factories.note(sess, f"The bus {kind} {n}", kind).id for n in range(12)]
    factories.store_run(groups, labels=LABELS)
    return kirkstall, factories.user(Role.ORGANISER), factories.user(Role.ORGANISER)


def _at_once(app, *jobs):
    """Run each job in its own thread and app context, released together; what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        with app.app_context():
            barrier.wait()
            try:
                results[i] = job()
            except briefings.BriefingError as error:
                results[i] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_organisers_publishing_one_draft_make_one_version(app):
    with app.app_context():
        kirkstall, first, second = _city()
        draft_id = briefings.create_draft(kirkstall, first.id).id

    def publish(user_id):
        return lambda: briefings.publish(briefings.get(draft_id), user_id).version

    results = _at_once(app, publish(first.id), publish(second.id))
    assert sorted(type(r).__name__ for r in results) == ["BriefingError", "int"], results
    refused = next(r for r in results if isinstance(r, briefings.BriefingError))
    assert "A published briefing cannot be changed" in str(refused)
    with app.app_context():
        versions = db.session.scalars(db.select(Briefing).where(Briefing.scope_key == kirkstall.code)).all()
        assert [(b.version, b.status) for b in versions] == [(1, BriefingStatus.PUBLISHED)]
        published = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "briefing.publish")).all()
        assert len(published) == 1  # one publication recorded, by whoever got there first
        assert published[0].actor_id == versions[0].published_by_id


def test_a_ward_briefing_and_the_city_overview_published_together_leave_nothing_to_work_out(app):
    with app.app_context():
        kirkstall, first, second = _city()
        ward_draft = briefings.create_draft(kirkstall, first.id).id
        city_draft = briefings.create_draft(None, second.id).id

    def publish(draft_id, user_id):
        return lambda: briefings.publish(briefings.get(draft_id), user_id).version

    for _round in range(3):  # new versions of both, at once, three times over
        assert _at_once(app, publish(ward_draft, first.id), publish(city_draft, second.id)) == [_round + 1] * 2
        with app.app_context():
            assert disclosure.audit_published() == []
            ward_draft = briefings.create_draft(kirkstall, first.id).id
            city_draft = briefings.create_draft(None, second.id).id
    with app.app_context():
        rows = db.session.scalars(db.select(Briefing).where(Briefing.status == BriefingStatus.PUBLISHED)).all()
        assert sorted((b.scope_key, b.version) for b in rows) == sorted(
            [(scope, v) for scope in ("city", kirkstall.code) for v in (1, 2, 3)])
        # the second to publish withheld what the pair would have given away, and says so
        assert any(b.snapshot["disclosure"]["withheld"] for b in rows)
