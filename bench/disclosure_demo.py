"""The issue-13 demo, replayed in a throwaway instance, with the audit's output and what the policy
costs in information on the demo city overview. Loads the embedding model (two theme runs).

    HARK_ENV=development HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \
        .venv/bin/python bench/disclosure_demo.py

Steps: seed the demo (its theme run publishes Kirkstall); publish the city overview; add 3 notes in
a small ward; re-run the themes; publish that ward and the city, twice. Then print the audit, and
compare the last city overview's figures with the true counts and with the old per-cell rule.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

instance = Path(tempfile.mkdtemp(prefix="hark-disclosure-"))
os.environ["HARK_INSTANCE_PATH"] = str(instance)
os.environ["DATABASE_URL"] = f"sqlite:///{instance / 'hark.db'}"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from listening import create_app  # noqa: E402
from listening.domain import Consent, NoteKind, SessionFormat  # noqa: E402
from listening.extensions import db  # noqa: E402
from listening.models import ListeningSession, Note, Organisation, Ward  # noqa: E402
from listening.services import briefings, demo, disclosure, places, themes  # noqa: E402
from listening.services.core import write  # noqa: E402

SMALL_WARD_NOTES = [
    ("The bus shelter on the main road has no roof", NoteKind.CHANGE),
    ("Buses stop running too early in the evening", NoteKind.CHANGE),
    ("The park needs more benches for older people", NoteKind.CHANGE),
]


def publish(ward) -> None:
    draft = briefings.create_draft(ward, None)
    published = briefings.publish(draft, None)
    print(f"  published {'City overview' if ward is None else ward.name}, version {published.version}")


def old_rule(figures_raw: dict, k: int) -> dict:
    exact = disclosure.Rule(k=k, base=1)
    return {key: disclosure.publish(n, exact) for key, n in figures_raw.items()}


app = create_app("development")
with app.app_context():
    db.create_all()
    places.seed_wards()
    started = time.monotonic()
    demo.seed("demo-password")
    print(f"Demo seeded in {time.monotonic() - started:.0f} s")
    publish(None)
    # The smallest ward with notes: where 3 more notes are most likely to be worked out.
    small = db.session.execute(
        select(Ward, func.count(Note.id)).join(Note, Note.ward_id == Ward.id).group_by(Ward.id)
        .order_by(func.count(Note.id), Ward.name)).first()[0]
    org = db.session.scalars(select(Organisation).where(Organisation.name.like("%(demo)%"))).first()
    with write():
        session = ListeningSession(organisation_id=org.id, ward_id=small.id, held_on=date(2026, 11, 20),
                                   venue="Library", format=SessionFormat.ONE_TO_ONE, participants=1, languages=["en"])
        db.session.add(session)
        db.session.flush()
        for i, (text, kind) in enumerate(SMALL_WARD_NOTES):
            db.session.add(Note(session_id=session.id, organisation_id=org.id, ward_id=small.id,
                                held_on=session.held_on, position=i, kind=kind, consent=Consent.ANALYSIS, text=text))
    print(f"Added 3 notes in {small.name}; re-running the themes")
    run = themes.run_from_cli(wait=True)
    print(f"  theme run {run.status.value}")
    for _ in range(2):
        publish(small)
        publish(None)

    found = disclosure.audit_published()
    print(f"\n$ flask --app listening disclosure audit   ({disclosure.published_count()} published versions)")
    for leak in found:
        print("  " + leak.describe())
    print("  " + ("No small count can be worked out." if not found else f"{len(found)} small counts found."))

    rule = disclosure.rule()
    facts = briefings.gather(themes.current_run())
    counts = disclosure.counts_from_facts(facts, disclosure.FORMATS)
    city = briefings.latest_published(briefings.CITY)
    published = disclosure.read(city.snapshot, wards=counts.wards, formats=counts.formats,
                                languages=counts.languages, name="city", order=0)
    shown = published.figures
    raw = counts.values(shown)
    print("\nInformation cost on the last city overview (figures against true counts):")
    print("  " + disclosure.cost(raw, shown).line())
    before = old_rule(raw, rule.k)
    changed = sum(1 for key in shown if shown[key].display() != before[key].display())
    print(f"  against the old per-cell rule: {changed} of {len(shown)} displayed figures read differently")
