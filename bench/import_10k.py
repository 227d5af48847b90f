"""Time a 10,000-row spreadsheet import through the service: read, validate every row,
redact and save in one transaction.

    HARK_ENV=test .venv/bin/python bench/import_10k.py [--rows 10000]

Uses a throwaway SQLite file database (or DATABASE_URL/TEST_DATABASE_URL when set).
Prints rows/s and total seconds for each stage.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig
from listening import create_app
from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.services import accounts as users
from listening.services import capture as imports
from listening.services import places as wards
from listening.services.capture import Limits, read_table

PHRASES = [
    "The bins on {street} are missed every other week",
    "I love walking in {park} with the kids",
    "The bus into town is always late in the morning",
    "There's nothing for teenagers to do in the evening",
    "Our flat has damp and the landlord won't fix it",
    "The library staff helped me with my forms",
    "Ring me on 07700 900{n:03d} about the potholes",
    "The street lights on {street} have been out for a month",
    "The food bank volunteers are so kind",
    "Too much fly-tipping in the back alleys",
]


def make_csv(rows: int, ward_names: list[str], seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c[0] for c in imports.COLUMNS])
    for i in range(rows):
        session = i // 20  # 20 notes a session: 500 sessions
        ward = ward_names[session % len(ward_names)]
        text = rng.choice(PHRASES).format(street="Kirkstall Lane", park="the park", n=i % 1000)
        writer.writerow([ward, f"2026-0{1 + session % 6}-{1 + session % 28:02d}", f"Venue {session}", "drop-in", 20, "",
                         rng.choice(["love", "change"]), f"{text} ({i})", rng.choice(["quote", "analysis"]), "en", ""])
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="hark-bench-"))

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = TestConfig.SQLALCHEMY_DATABASE_URI if TestConfig.SQLALCHEMY_DATABASE_URI != "sqlite://" else f"sqlite:///{instance / 'bench.db'}"
        INSTANCE_PATH = instance
        IMPORT_MAX_ROWS = max(args.rows, 20_000)

    app = create_app(BenchConfig)
    with app.app_context():
        db.create_all()
        wards.seed_wards()
        org = wards.save_organisation(None, name=f"Bench org {time.time_ns()}", kind=OrgKind.COMMUNITY, ward_ids=[])
        user = users.create_user(email=f"bench{time.time_ns()}@example.test", name="Bench", role=Role.STAFF,
                                 organisation=org, password=None)
        names = [w.name for w in wards.list_wards()]
        data = make_csv(args.rows, names)
        from nlp.redact import redact

        redact("warm up Sarah 07700 900123")  # load the name lists once, as a running worker has

        started = time.perf_counter()
        table = read_table("bench.csv", data, Limits.from_config(app.config))
        groups, problems, _ = imports.validate(table, Limits.from_config(app.config))
        checked = time.perf_counter()
        assert not problems, problems[:3]
        outcome = imports.import_file(user, "bench.csv", data)
        done = time.perf_counter()
        assert outcome.ok, outcome.problems[:3]
        total_import = done - checked  # import_file reads and validates again, then redacts and saves
        print(f"file: {len(data) / 1e6:.1f} MB, {args.rows:,} rows, {len(groups)} sessions ({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})")
        print(f"read + validate only:        {checked - started:6.2f} s  {args.rows / (checked - started):8.0f} rows/s")
        print(f"full import (read, validate, redact, save in one transaction): "
              f"{total_import:6.2f} s  {args.rows / total_import:8.0f} rows/s")
        print(f"notes saved: {outcome.notes:,}")


if __name__ == "__main__":
    main()
