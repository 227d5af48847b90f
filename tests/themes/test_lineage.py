"""A theme that is gone after a re-run hands its commitments and events' themes to the themes it
went into (issue 12), so none is left pointing at nothing."""

from datetime import date, time

from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.models import AuditEvent, EngagementEvent
from listening.services import commitments, themes
from tests import factories


def _rerun(groups, lineage):
    result = factories.fake_result(groups)
    result.lineage = lineage
    run = themes.start_run(None, None, None, enqueue=False)
    assert themes.claim_run(run.id)
    themes.store_results(run.id, result, "", note_count=sum(len(v) for v in groups.values()))
    db.session.expire_all()
    return themes.get_run(run.id)


def _event(keys):
    event = EngagementEvent(uid="lineage-test", title="Park walkabout", held_on=date(2026, 12, 5),
                            starts_at=time(10, 0), venue="Park gates", theme_keys=keys)
    db.session.add(event)
    db.session.commit()
    return event.id


def test_commitments_and_events_follow_a_merged_theme(app_ctx):
    ward = factories.ward()
    ids = factories.corpus(ward)
    factories.store_run(ids)
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Council (lineage)"))
    parks = commitments.create(anchor, commitments.CommitmentInput(title="Mend the swings", theme_keys=["park"], ward_ids=[ward.id]))
    both = commitments.create(anchor, commitments.CommitmentInput(
        title="Benches by the bus stop", theme_keys=["buses", "park"], ward_ids=[ward.id]))
    event_id = _event(["park", "buses"])

    # The next run finds the park notes inside the community theme: "park" merged into it.
    rerun = _rerun({"community": ids["park"] + ids["community"], "buses": ids["buses"]},
                   {"park": {"how": "merged", "into": ["community"]}})

    assert rerun.is_current
    assert commitments.get(parks.id).theme_keys == ["community"]
    assert commitments.get(both.id).theme_keys == ["buses", "community"]
    assert db.session.get(EngagementEvent, event_id).theme_keys == ["community", "buses"]
    done = db.session.query(AuditEvent).filter_by(action="theme_run.done").order_by(AuditEvent.id.desc()).first()
    assert done.details["commitments_moved"] == 2 and done.details["events_moved"] == 1


def test_a_split_theme_hands_a_commitment_to_every_part_and_live_keys_stay(app_ctx):
    ward = factories.ward()
    ids = factories.corpus(ward)
    factories.store_run(ids)
    anchor = factories.user(Role.ANCHOR, organisation=factories.org(OrgKind.ANCHOR, name="Trust (lineage)"))
    parks = commitments.create(anchor, commitments.CommitmentInput(title="Park survey", theme_keys=["park"], ward_ids=[ward.id]))
    buses = commitments.create(anchor, commitments.CommitmentInput(title="Bus survey", theme_keys=["buses"], ward_ids=[ward.id]))

    half = len(ids["park"]) // 2
    _rerun({"play": ids["park"][:half], "trees": ids["park"][half:], "buses": ids["buses"],
            "community": ids["community"]},
           {"park": {"how": "split", "into": ["play", "trees"]},
            # A lineage record for a key that is still alive, or into keys that do not exist,
            # moves nothing.
            "buses": {"how": "merged", "into": ["community"]},
            "gone": {"how": "merged", "into": ["nowhere"]}})

    assert commitments.get(parks.id).theme_keys == ["play", "trees"]
    assert commitments.get(buses.id).theme_keys == ["buses"]
