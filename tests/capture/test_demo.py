"""The capture demo: several hundred synthetic notes across the city's wards, read like real listening
notes, repeatable, safe to run twice."""

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
        # A real city is uneven: every ward heard, the demo groups' wards a lot, some once or twice.
        assert len(by_ward) == 33
        assert by_ward["E05011402"] >= 60 and by_ward["E05011394"] >= 60
        assert sum(1 for count in by_ward.values() if count <= 3) >= 5
        assert {n.kind.value for n in notes} == {"love", "change"}
        consents = Counter(n.consent.value for n in notes)
        assert consents["quote"] > consents["analysis"] > 0
        translated = Counter(n.language for n in notes if n.language != "en" and n.raw_original)
        assert translated["pl"] >= 5 and translated["ur"] >= 5
        assert sum(1 for n in notes if n.language != "en" and not n.raw_original) >= 3  # no translation yet
        # Written as people talk, not one sentence behind a stock opener.
        openers = Counter(" ".join(n.text.split()[:2]).lower() for n in notes)
        assert max(openers.values()) <= 12, openers.most_common(3)
        assert not any(n.text.startswith(("Honestly, ", "To be honest, ", "For me, ", "Really, ")) for n in notes)
        assert len({n.text for n in notes}) >= 0.9 * len(notes)
        assert sum(1 for n in notes if n.text[0].islower()) >= 20  # typed in a hurry
        assert any("[NAME]" in n.text or "[PHONE]" in n.text for n in notes)
        sessions = db.session.scalar(db.select(db.func.count()).select_from(ListeningSession))
        assert 40 <= sessions <= 120
        assert demo_capture.seed_sessions("pw", org_ids) == 0
        assert len(list(db.session.scalars(db.select(Note)))) == len(notes)
