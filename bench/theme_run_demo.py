"""Time a theme run the way the demo does: N synthetic notes across the demo wards, in a
throwaway instance, run synchronously with `flask themes run --wait`. Prints the figures.

    HARK_ENV=development .venv/bin/python bench/theme_run_demo.py [N]

Uses nlp.synthetic until the capture demo's own notes are seeded; a second run shows the
cost with warm embeddings.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

N = int(sys.argv[1]) if len(sys.argv) > 1 else 600
instance = Path(tempfile.mkdtemp(prefix="hark-bench-"))
os.environ["HARK_INSTANCE_PATH"] = str(instance)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{instance / 'hark.db'}"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from listening import create_app  # noqa: E402
from listening.domain import Consent, NoteKind, SessionFormat  # noqa: E402
from listening.extensions import db  # noqa: E402
from listening.models import ListeningSession, Note  # noqa: E402
from listening.services import demo, themes  # noqa: E402
from listening.services import places as wards  # noqa: E402
from listening.services.core import write  # noqa: E402
from nlp.synthetic import generate_notes  # noqa: E402

app = create_app("development")
with app.app_context():
    db.create_all()
    wards.seed_wards()
    org_ids = demo.seed_organisations()
    docs, _ = generate_notes(N, seed=7)
    rng = random.Random(7)
    codes = ["E05011402", "E05011394", "E05011400", "E05011397", "E05011412", "E05011386", "E05011399"]
    orgs = [v for k, v in org_ids.items() if k.endswith(("Hub", "Centre", "Network", "Forum"))]
    with write():
        for start in range(0, N, 15):
            ward = wards.get_ward_by_code(codes[(start // 15) % len(codes)])
            session = ListeningSession(organisation_id=rng.choice(orgs), ward_id=ward.id,
                                       held_on=date(2026, 9, 1) + timedelta(days=start // 15), venue="Bench",
                                       format=SessionFormat.DROP_IN, participants=15, languages=["en"])
            db.session.add(session)
            db.session.flush()
            for i, doc in enumerate(docs[start:start + 15]):
                db.session.add(Note(session_id=session.id, organisation_id=session.organisation_id,
                                    ward_id=ward.id, held_on=session.held_on, position=i,
                                    kind=NoteKind(doc.kind or "change"),
                                    consent=Consent.QUOTE if rng.random() < 0.6 else Consent.ANALYSIS, text=doc.text))
    for label in ("cold (embeddings computed)", "warm (embeddings cached)"):
        started = time.monotonic()
        run = themes.run_from_cli(wait=True)
        seconds = time.monotonic() - started
        print(f"{N} notes, {label}: {run.status.value} in {seconds:.1f} s, {len(themes.themes_of(run))} themes")
