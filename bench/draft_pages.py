"""Draft and published briefing pages on a city-sized database, built in seconds without the NLP.

    .venv/bin/python bench/draft_pages.py [--notes 24000] [--db sqlite|postgresql://USER@HOST:PORT/DB]
                                          [--profile] [--views 12]

Builds, seeded: Leeds's 33 wards, 60 community organisations, sessions of ~5 notes (synthetic
texts from nlp/synthetic.py, half consented to quoting), a finished theme run of 30 themes (every
note in one theme, a third in a second), 2 % of the notes saved since the run with provisional
themes, and every ward's briefing and the city overview published once (the history each new
draft is protected against). Then, through the Flask test client signed in as an organiser, times:
a new draft of the busiest ward and of the city (the first view builds the figures; the next views
are the median of --views), the first view in another web process (this process's memory cleared:
only a cache every process shares avoids the build); then, after a change (a curation edit, and
again after a session saved through the capture service), the first view while the background
refresh is pending (the older figures, with the notice), the refresh job itself (run as the consumer
runs it: taken from the file queue once its delay has passed), and the first view after it; then
the published ward, city and public ward pages. The queue is a real Huey file queue, and the bench
writes a job runner's heartbeat (it plays the consumer in this process).

With PostgreSQL the bench creates a throwaway database on that server and drops it afterwards.
--profile writes cProfile output of the first ward and city views to bench/out/ and prints each
build's SQL statements (count, time, the slowest).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select

from config import TestConfig
from listening import create_app
from listening.domain import Consent, EditKind, NoteKind, OrgKind, Role, SessionFormat
from listening.extensions import db, huey
from listening.models import ListeningSession, Note, NoteTheme, Theme, Ward
from listening.services import briefings, themes
from listening.services.briefings import tasks as briefing_tasks
from listening.services.core import write
from listening.services.core.runner import RUNNERS_KEY
from listening.services.places import wards as ward_places
from listening.services.themes import analysis, curation
from nlp.synthetic import generate_notes
from tests import factories, throwaway
from tests.pages import PageClient

OUT = Path(__file__).resolve().parent / "out"
THEMES = 30
FORMATS = list(SessionFormat)


def _database(url: str):
    if url == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="draft-pages-"))
        return f"sqlite:///{folder / 'bench.db'}", (lambda: None), folder
    database, drop = throwaway.postgres_database(url, "hark_bench_")
    return database, drop, Path(tempfile.mkdtemp(prefix="draft-pages-"))


def _app(url: str, folder: Path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = folder
        HUEY_SQLITE_PATH = str(folder / "huey.db")
        EMBEDDING_CACHE_DIR = str(folder / "embeddings")
        MODEL_DIR = str(folder / "models")
        RATELIMIT_ENABLED = False
        HUEY_IMMEDIATE = False  # a real file queue: changes queue the draft refresh, as in production

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    return app


def build_city(notes: int, seed: int) -> dict:
    """The database: wards, organisations, sessions, notes, a finished run, published briefings."""
    rng = random.Random(seed)
    ward_places.seed_wards()
    wards = list(db.session.scalars(select(Ward).order_by(Ward.code)))
    weights = [rng.uniform(0.3, 3.0) for _ in wards]  # some wards are heard far more than others
    orgs = [factories.org(OrgKind.COMMUNITY, name=f"Community group {i}") for i in range(60)]
    docs, truth = generate_notes(notes, seed=seed)
    theme_of = {name: i for i, name in enumerate(sorted(set(truth)))}
    start = date(2025, 12, 1)
    sessions, rows = [], []
    with write():
        for _ in range(0, notes, 5):
            ward = rng.choices(wards, weights)[0]
            sessions.append(dict(
                organisation_id=rng.choice(orgs).id, ward_id=ward.id, held_on=start + timedelta(days=rng.randrange(360)),
                venue="Community centre", format=rng.choice(FORMATS), participants=rng.randint(2, 30),
                languages=rng.choice([["en"], ["en"], ["en", "ur"], ["en", "pl"]])))
        db.session.execute(insert(ListeningSession), sessions)
        session_rows = list(db.session.execute(
            select(ListeningSession.id, ListeningSession.organisation_id, ListeningSession.ward_id,
                   ListeningSession.held_on).order_by(ListeningSession.id)))
        for i, doc in enumerate(docs):
            sid, org_id, ward_id, held_on = session_rows[i // 5]
            words = f"{doc.text} ({i})"  # distinct, as residents' notes are
            rows.append(dict(session_id=sid, organisation_id=org_id, ward_id=ward_id, held_on=held_on, position=i % 5,
                             kind=NoteKind(doc.kind), consent=Consent.QUOTE if doc.consent == "quote" else Consent.ANALYSIS,
                             text=words, raw_text=words, redactions={}))
        for chunk in range(0, len(rows), 2000):
            db.session.execute(insert(Note), rows[chunk:chunk + 2000])
    note_ids = list(db.session.scalars(select(Note.id).order_by(Note.id)))
    # 30 themes: the generator's themes split by a second key, as a fine-grained run finds them.
    key = [f"t{(theme_of[t] * 3 + rng.randrange(3)) % THEMES:02d}" for t in truth]
    last_run = note_ids[: int(len(note_ids) * 0.98)]  # the rest were saved after the run
    members: dict[str, list[int]] = {}
    placements = []
    for nid, k in zip(last_run, key, strict=False):
        members.setdefault(k, []).append(nid)
        placements.append(analysis.Placement(nid, k, rng.uniform(0.3, 0.95), 0))
        if rng.random() < 0.33:
            other = f"t{rng.randrange(THEMES):02d}"
            if other != k:
                placements.append(analysis.Placement(nid, other, rng.uniform(0.2, 0.6), 1))
    found = [analysis.FoundTheme(key=k, label=f"Theme {k[1:]}", keywords=[k], size=len(ids), love=0, change=0,
                                 centroid=[rng.random() for _ in range(4)], quote_ids=ids[:3])
             for k, ids in sorted(members.items())]
    run = themes.start_run(None, None, None, enqueue=False)
    assert themes.claim_run(run.id)
    themes.store_results(run.id, analysis.Analysis(themes=found, placements=placements), "",
                         note_count=len(last_run))
    theme_ids = dict(db.session.execute(select(Theme.key, Theme.id).where(Theme.run_id == run.id)).all())
    with write():
        db.session.execute(insert(NoteTheme), [
            dict(note_id=nid, theme_id=theme_ids[k], score=0.5, rank=0, provisional=True)
            for nid, k in zip(note_ids[len(last_run):], key[len(last_run):], strict=False) if k in theme_ids])
    organiser = factories.user(Role.ORGANISER, mfa_enrolled=False)
    counts = Counter(db.session.scalars(select(Note.ward_id)))
    busiest = db.session.get(Ward, counts.most_common(1)[0][0])
    started = time.perf_counter()
    published = 0
    for ward in [*wards, None]:
        if ward is None or counts[ward.id]:
            briefings.publish(briefings.create_draft(ward, organiser.id), organiser.id)
            published += 1
    return {"organiser": organiser.email, "organiser_id": organiser.id, "busiest": busiest.code,
            "busiest_name": busiest.name, "run_id": run.id, "published": published,
            "publish_s": time.perf_counter() - started,
            "links": db.session.scalar(select(db.func.count()).select_from(NoteTheme))}


class SQLTimer:
    """Counts and times every SQL statement the engine runs while on."""

    def __init__(self, engine):
        self.on, self.statements = False, []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, params, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, params, context, executemany):
        if self.on:
            self.statements.append((time.perf_counter() - conn.info.pop("bench_started"), statement))

    def report(self) -> str:
        total = sum(t for t, _ in self.statements)
        lines = [f"  {len(self.statements)} statements, {total * 1000:.0f} ms in the database"]
        for took, statement in sorted(self.statements, reverse=True)[:5]:
            lines.append(f"    {took * 1000:7.1f} ms  {' '.join(statement.split())[:150]}")
        return "\n".join(lines)


def timed(client: PageClient, url: str) -> float:
    started = time.perf_counter()
    response = client.raw.get(url)
    took = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return took


def forget_process_memory():
    """What another web process has: nothing of this one's memory (the shared cache, if any, stays)."""
    from listening.services.briefings import draft_cache
    if hasattr(draft_cache, "clear"):  # a per-process cache (before the shared one)
        draft_cache.clear()


NOTICE = "These figures were worked out at"


def beat():
    """The job runner's heartbeat (the consumer writes it every few seconds; the bench is the consumer)."""
    huey.put(RUNNERS_KEY, {"bench": {"at": time.time(), "workers": 1, "executing": []}})


def run_refresh(app, profile_as: str | None = None, sql=None) -> tuple[float, int]:
    """What the consumer does once the refresh's delay has passed: take it from the queue and run it.
    Other jobs (provisional themes for the saved session) are dropped: no model in this bench.
    `profile_as`: write the job's cProfile to bench/out/ and print its SQL."""
    later = huey._get_timestamp() + timedelta(seconds=briefing_tasks.REFRESH_DELAY_S + 1)
    for task in huey.read_schedule(later):
        huey.enqueue(task)
    took, built = 0.0, 0
    profile = cProfile.Profile() if profile_as else None
    if sql is not None and profile_as:
        sql.on, sql.statements = True, []
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            if task.name == "refresh_drafts_job":
                started = time.perf_counter()
                if profile:
                    profile.enable()
                built += huey.execute(task, timestamp=later) or 0
                if profile:
                    profile.disable()
                took += time.perf_counter() - started
    if profile:
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(60)
        OUT.mkdir(exist_ok=True)
        (OUT / f"prof-draft-refresh-{profile_as}.txt").write_text(stream.getvalue())
        print(f"refresh job ({profile_as}): {took * 1000:.0f} ms under the profiler "
              f"(bench/out/prof-draft-refresh-{profile_as}.txt)")
        if sql is not None:
            print(sql.report())
            sql.on = False
    return took * 1000, built


def stale_view(client, url) -> float:
    beat()
    started = time.perf_counter()
    response = client.raw.get(url)
    took = (time.perf_counter() - started) * 1000
    assert response.status_code == 200 and NOTICE in response.get_data(as_text=True), "the older figures were not shown"
    return took


def first_view(client, url, label, args, sql, app_ctx_label):
    profile = cProfile.Profile() if args.profile else None
    sql.on, sql.statements = True, []
    if profile:
        profile.enable()
    took = timed(client, url)
    if profile:
        profile.disable()
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(45)
        OUT.mkdir(exist_ok=True)
        (OUT / f"prof-draft-{label}-{app_ctx_label}.txt").write_text(stream.getvalue())
        print(f"{label}: first view {took:.0f} ms (profile in bench/out/prof-draft-{label}-{app_ctx_label}.txt)")
        print(sql.report())
    sql.on = False
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=24000)
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--views", type=int, default=12)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url, drop, folder = _database(args.db)
    kind = "sqlite" if args.db == "sqlite" else "postgresql"
    try:
        app = _app(url, folder)
        started = time.perf_counter()
        with app.app_context():
            world = build_city(args.notes, args.seed)
        built = time.perf_counter() - started
        print(f"{kind}: {args.notes:,} notes, {world['links']:,} note-theme links, {THEMES} themes; built in "
              f"{built:.0f} s ({world['published']} briefings published in {world['publish_s']:.0f} s)")
        with app.app_context():
            sql = SQLTimer(db.engine)
        client = PageClient(app.test_client())
        client.sign_in(world["organiser"], factories.PASSWORD)
        with app.app_context():  # templates compiled once, as a running web process has them
            warm = [f"/briefings/{briefings.latest_published(scope).id}" for scope in (world["busiest"], "city")]
        for url in [*warm, f"/wards/{world['busiest']}"]:
            timed(client, url)
        rows = []
        drafts = {}
        for label, scope in (("ward", world["busiest"]), ("city", "city")):
            response = client.submit("/briefings/drafts", {"scope": scope}, form_url="/briefings/")
            assert response.status_code == 302, response.status_code
            drafts[label] = response.location
            first = first_view(client, drafts[label], label, args, sql, kind)
            cached = statistics.median(timed(client, drafts[label]) for _ in range(args.views))
            if args.profile:
                first_view(client, drafts[label], f"{label}-cached", args, sql, kind)
            forget_process_memory()
            other = timed(client, drafts[label])
            rows.append((f"draft {label}", first, cached, other))
        changes = {}
        for change in ("a curation edit", "a session saved"):
            with app.app_context():
                if change == "a curation edit":
                    curation.edit(themes.get_run(world["run_id"]), EditKind.RENAME, "t00", world["organiser_id"],
                                  value="Renamed theme")
                else:
                    staff = factories.user(Role.STAFF, mfa_enrolled=False)
                    ward = db.session.scalar(select(Ward).where(Ward.code == world["busiest"]))
                    factories.logged_session(staff, ward, texts=[f"The buses are late again ({n})" for n in range(5)])
            queued = [t.name for t in [*huey.pending(), *huey.scheduled()] if t.name == "refresh_drafts_job"]
            assert queued == ["refresh_drafts_job"], queued
            stale = {label: (stale_view(client, url),
                             statistics.median(stale_view(client, url) for _ in range(args.views)))
                     for label, url in drafts.items()}
            job_ms, built = run_refresh(app, f"{kind}-{change.split()[-1]}" if args.profile else None, sql)
            assert built == len(drafts), built
            after = {label: timed(client, url) for label, url in drafts.items()}
            assert all(NOTICE not in client.raw.get(url).get_data(as_text=True) for url in drafts.values())
            changes[change] = (stale, job_ms, after)
        cached_after = {label: statistics.median(timed(client, url) for _ in range(args.views))
                        for label, url in drafts.items()}
        published = {}
        for label, url in drafts.items():
            briefing_id = url.rstrip("/").rsplit("/", 1)[1]
            run_refresh(app)  # the previous publication changed what this draft is protected against
            page = client.page(url)
            response = client.raw.post(f"/briefings/{briefing_id}/publish", data={
                "publish-csrf_token": page.select_one("input[name='publish-csrf_token']")["value"],
                "publish-seen": page.select_one("input[name='publish-seen']")["value"]})
            assert response.status_code == 302
            with app.app_context():
                assert briefings.get(int(briefing_id)).status.value == "published"
            published[f"published {label}"] = url
        published[f"public ward page (/wards/{world['busiest']})"] = f"/wards/{world['busiest']}"
        print()
        print(f"| page ({kind}, {args.notes:,} notes) | first view ms | cached views ms (median of {args.views}) "
              "| first view in another process ms |")
        print("|---|---|---|---|")
        for label, first, cached, other in rows:
            print(f"| {label} ({world['busiest_name'] if 'ward' in label else 'city'}) | {first:.0f} | {cached:.0f} "
                  f"| {other:.0f} |")
        print()
        print(f"| after a change ({kind}, {args.notes:,} notes) | draft ward ms | draft city ms |")
        print("|---|---|---|")
        for change, (stale, job_ms, after) in changes.items():
            print(f"| {change}: first view, refresh pending (older figures + notice) | {stale['ward'][0]:.0f} "
                  f"| {stale['city'][0]:.0f} |")
            print(f"| {change}: views while pending (median of {args.views}) | {stale['ward'][1]:.0f} "
                  f"| {stale['city'][1]:.0f} |")
            print(f"| {change}: the refresh job (both drafts built) | {job_ms:.0f} (total) | |")
            print(f"| {change}: first view after the job | {after['ward']:.0f} | {after['city']:.0f} |")
        print(f"| cached views afterwards (median of {args.views}) | {cached_after['ward']:.0f} "
              f"| {cached_after['city']:.0f} |")
        print()
        for label, url in published.items():
            timed(client, url)
            if args.profile and "city" in label:
                first_view(client, url, "published-city", args, sql, kind)
            views = [timed(client, url) for _ in range(args.views)]
            print(f"| {label} | median of {args.views}: {statistics.median(views):.0f} ms |")
    finally:
        drop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
