"""The capture demo: several hundred synthetic notes across wards, repeatable, safe to run twice."""

from __future__ import annotations

from collections import Counter

from listening.extensions import db
from listening.models import ListeningSession, Note
from listening.services import demo
from listening.services.demo import sessions as demo_capture
from listening.services.places import wards


def test_demo_sessions_cover_the_wards_and_run_once(app):
    with app.app_context():
        wards.seed_wards()
        demo.seed_organisations()
        assert demo_capture.seed_sessions in demo.DEMO_STEPS
        added = demo_capture.seed_sessions("pw", {})  # finds the demo organisations by name
        assert added >= 550
        org_ids = demo.seed_organisations()
        demo_capture.seed_sessions("pw", org_ids)  # safe to run twice
        notes = list(db.session.scalars(db.select(Note)))
        assert 550 <= len(notes) <= 650
        by_ward = Counter(n.session.ward.code for n in notes)
        assert len(by_ward) >= 8
        assert by_ward["E05011402"] >= 60 and by_ward["E05011394"] >= 60
        assert {n.kind.value for n in notes} == {"love", "change"}
        consents = Counter(n.consent.value for n in notes)
        assert consents["quote"] > consents["analysis"] > 0
        assert sum(1 for n in notes if n.language != "en" and n.raw_original) >= 10
        assert any("[NAME]" in n.text or "[PHONE]" in n.text for n in notes)
        sessions = db.session.scalar(db.select(db.func.count()).select_from(ListeningSession))
        assert 40 <= sessions <= 120
        assert demo_capture.seed_sessions("pw", org_ids) == 0
        assert len(list(db.session.scalars(db.select(Note)))) == len(notes)
