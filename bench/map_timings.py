"""Page and PDF times with and without the ward maps, on the demo database. Prints a table.

    make run            # once, to build instance/hark.db with the demo (Ctrl+C when it is up)
    HARK_ENV=test .venv/bin/python bench/map_timings.py [--db instance/hark.db] [--runs 7]

Two throwaway copies of the database: one as it is (33 ward boundaries, so every page draws its
map), one with the boundaries deleted (a network that loaded none: no map is drawn). Each page is
requested in-process, signed in as the demo person who reads it; "first" is the first request of
a fresh process (projecting and simplifying the boundaries once), "median" the median of the runs
after it (the drawn paths come from the cache).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import TestConfig  # noqa: E402
from listening import create_app  # noqa: E402
from listening.services import briefings  # noqa: E402
from tests.pages import PageClient  # noqa: E402

KIRKSTALL = "E05011402"
PAGES = [  # (label, who reads it, path; {city} is the published city overview's id)
    ("City overview (all notes)", "anchor@example.org", "/briefings/{city}"),
    ("City overview (one theme)", "anchor@example.org", "/briefings/{city}?map={theme}"),
    ("City overview PDF", "anchor@example.org", "/briefings/{city}.pdf"),
    ("Public Kirkstall page", None, f"/wards/{KIRKSTALL}"),
    ("Events planner", "staff@example.org", "/events/"),
]


def _copy(db: Path, where: Path, with_map: bool) -> Path:
    target = where / ("with.db" if with_map else "without.db")
    shutil.copy(db, target)
    if not with_map:
        with sqlite3.connect(target) as conn:
            conn.execute("DELETE FROM ward_boundaries")
    return target


def _time(client, path: str, runs: int) -> tuple[float, float, int]:
    started = time.perf_counter()
    response = client.raw.get(path)
    first = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.raw.get(path)
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), len(response.data)


def measure(db: Path, tmp: Path, runs: int, password: str) -> dict[str, tuple[float, float, int]]:
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{db}"
        INSTANCE_PATH = tmp
        HUEY_SQLITE_PATH = str(tmp / "huey.db")
        RATELIMIT_ENABLED = False
        DEMO_PASSWORD = password

    app = create_app(Config)
    with app.app_context():
        city = briefings.latest_published(briefings.CITY)
        if city is None:
            raise SystemExit("The demo has no published city overview: run `make run` (or flask demo seed) first.")
        theme = (city.snapshot.get("matrix") or {}).get("themes", ["all"])[0]
    results = {}
    for label, email, path in PAGES:
        client = PageClient(app.test_client())
        if email:
            client.sign_in(email, password)
        results[label] = _time(client, path.format(city=city.id, theme=theme), runs)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=ROOT / "instance" / "hark.db")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--password", default="demo-password")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"No database at {args.db}: run `make run` once to build the demo.")
    tmp = Path(tempfile.mkdtemp(prefix="hark-maps-"))
    try:
        rows = {}
        for with_map in (True, False):
            db = _copy(args.db, tmp, with_map)
            rows[with_map] = measure(db, tmp, args.runs, args.password)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Ward maps on the demo ({args.runs} runs after the first; seconds; size of the response)")
    print(f"{'page':30} {'with map: first':>16} {'median':>8} {'bytes':>9}   {'without: first':>15} {'median':>8} {'bytes':>9}")
    for label, _email, _path in PAGES:
        a, b = rows[True][label], rows[False][label]
        print(f"{label:30} {a[0]:16.3f} {a[1]:8.3f} {a[2]:9,}   {b[0]:15.3f} {b[1]:8.3f} {b[2]:9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
