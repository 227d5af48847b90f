"""The label review of the app's demo (docs/nlp.md): seed the demo's notes into a throwaway instance,
run the themes as `flask demo seed` does (the disclosure rule applied), then let the demo's organiser
curate. Prints, per theme, the model's label, the organiser's name, its size and three random notes
(seeded) of the theme as the model made it.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/demo_label_review.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

instance = Path(tempfile.mkdtemp(prefix="hark-review-"))
os.environ["HARK_INSTANCE_PATH"] = str(instance)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{instance / 'hark.db'}"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from listening import create_app  # noqa: E402
from listening.extensions import db  # noqa: E402
from listening.services import demo, themes  # noqa: E402
from listening.services.demo import curation, sessions  # noqa: E402
from listening.services.places import wards  # noqa: E402

app = create_app("development")
rng = random.Random(12)
with app.app_context():
    db.create_all()
    wards.seed_wards()
    _accounts, org_ids = demo.seed_organisations_and_accounts("review")
    sessions.seed_sessions("review", org_ids)
    run = themes.start_run(None, enqueue=False)
    themes.execute_run(run.id)
    run = themes.current_run()
    made = []
    for theme in sorted(themes.themes_of(run, include_hidden=False), key=lambda t: -t.size):
        notes = [n.text for n in themes.notes_of(theme) if n.rank == 0]
        made.append((theme.key, theme.label, theme.size, rng.sample(notes, min(3, len(notes)))))
    curation.curate(run, None)
    named = {t.key: t.label for t in themes.themes_of(run, include_hidden=True)}
    print("| the model's label | the organiser's name | notes | three random notes of the theme |")
    print("|---|---|---|---|")
    for key, label, size, picked in made:
        own = named.get(key, "(split up)")
        print(f"| {label} | {'(kept)' if own == label else own} | {size} | "
              + " / ".join(f"“{text}”" for text in picked) + " |")
    parts = [t for t in themes.themes_of(run, include_hidden=False) if t.split_from]
    print("\nSplit off by the organiser: " + ", ".join(f"{t.label} ({t.size})" for t in parts))
