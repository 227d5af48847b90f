"""City scale through the running product (issue 19): gunicorn (4 workers) and one Huey consumer
(two workers, as `make run` starts it; `--workers 1` for the old figures) on 127.0.0.1, SQLite or PostgreSQL, a generated corpus (nlp/synthetic.py, made
distinct) posted through POST /api/v1/sessions by 8 clients. Prints the issue's table.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \\
      .venv/bin/python bench/city_scale.py --notes 5000 --db sqlite
    ... --db postgresql://postgres@127.0.0.1:5432/test     (a throwaway database is created there)

Order: 10 % of the sessions and a first theme run (so later notes get provisional themes), the
rest of the ingest while the consumer places provisional themes (queue and backlog sampled), a
theme run posted the moment the ingest ends with the embedding cache emptied (cold) and, once it
is running, one more session saved (how long its notes wait for provisional themes), a warm run,
a new session's provisional themes, draft ward and city briefings (first view and cached views),
then 50 readers for 30 s on a published ward page against /healthz. Last, the floor: encoding the
notes' texts once in this process. Every wait is bounded; everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from huey.storage import SqliteStorage
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.synthetic import generate_notes  # noqa: E402
from tests.reliability import harness  # noqa: E402

CLIENTS = 8
NOTES_PER_SESSION = 5
ORGANISER = ("organiser@example.org", "bench-organiser-password-1")


class Site(harness.Site):
    def env(self) -> dict:
        return {**super().env(), "MFA_REQUIRED_ROLES": "", "TOKENIZERS_PARALLELISM": "false",
                "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

    def setup_city(self) -> dict:
        code = (
            "import json\n"
            "from listening import create_app\n"
            "from listening.extensions import db\n"
            "from listening.services.accounts import users\n"
            "from listening.services.places import wards\n"
            "from listening.domain import OrgKind, Role\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    db.create_all(); wards.seed_wards()\n"
            "    org = wards.save_organisation(None, name='Bench Org', kind=OrgKind.COMMUNITY, ward_ids=[])\n"
            "    net = wards.save_organisation(None, name='Bench Network', kind=OrgKind.NETWORK, ward_ids=[])\n"
            "    s = users.create_user(email='staff@example.org', name='Staff', role=Role.STAFF, organisation=org)\n"
            f"    o = users.create_user(email={ORGANISER[0]!r}, name='Organiser', role=Role.ORGANISER,"
            f" organisation=net, password={ORGANISER[1]!r})\n"
            "    codes = [w.code for w in wards.list_wards()]\n"
            "    print(json.dumps({'staff': users.issue_api_token(s), 'organiser': users.issue_api_token(o),"
            " 'wards': codes}))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], env=self.env(), cwd=ROOT, capture_output=True, text=True,
                             timeout=900, check=False)
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])


# ---- corpus -------------------------------------------------------------------------------------


def corpus(n: int, wards: list[str], seed: int = 19) -> list[dict]:
    """Sessions of about five distinct notes each, spread over the wards and the year."""
    docs, _truth = generate_notes(n, seed=seed)
    rng = random.Random(seed)
    seen, texts = set(), []
    for i, doc in enumerate(docs):
        words = doc.text
        if words in seen:  # distinct texts, as a real year of notes would be
            words = f"{words.rstrip('.!')} (visit {i})."
        seen.add(words)
        texts.append((doc.kind, words, doc.consent))
    sessions = []
    for start in range(0, len(texts), NOTES_PER_SESSION):
        month = rng.randint(1, 11)
        sessions.append({
            "ward": rng.choice(wards), "date": f"2026-{month:02d}-{rng.randint(1, 28):02d}",
            "venue": f"Community hall {rng.randint(1, 200)}", "format": "drop-in", "participants": rng.randint(3, 20),
            "notes": [{"kind": k, "text": t, "consent": c} for k, t, c in texts[start:start + NOTES_PER_SESSION]],
        })
    return sessions


# ---- measuring ----------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


class Monitor(threading.Thread):
    """Samples the queue, the provisional backlog and the consumer's memory (with its children)."""

    def __init__(self, site: Site, consumer: subprocess.Popen, engine):
        super().__init__(daemon=True)
        self.queue = SqliteStorage("hark", filename=str(site.instance / "huey.db"))
        self.consumer, self.engine = consumer, engine
        self.stop = threading.Event()
        self.peak_queue = self.peak_backlog = 0
        self.peak_total_mb = self.peak_consumer_mb = 0.0
        self.peak_handed = 0
        self.loads: list[float] = []

    def run(self) -> None:
        while not self.stop.wait(0.5):
            self.loads.append(os.getloadavg()[0])
            try:
                self.peak_queue = max(self.peak_queue, self.queue.queue_size())
                self.peak_backlog = max(self.peak_backlog, backlog(self.engine))
                self.peak_handed = max(self.peak_handed, handed_over(self.engine))
            except Exception:  # noqa: S112 - a locked read: sample again next time
                continue
            mine = rss_mb(self.consumer.pid)
            self.peak_consumer_mb = max(self.peak_consumer_mb, mine)
            self.peak_total_mb = max(self.peak_total_mb, mine + sum(rss_mb(c) for c in children(self.consumer.pid)))


# Notes handed to the theme run under way wait for nothing: that run themes them (their mark is the
# run's id, negated: listening/services/themes/provisional.py). Every other waiting note is backlog.
RUNNING = "SELECT id FROM theme_runs WHERE status = 'running'"
PARKED = 2**40  # placed on the old themes while the run works; placed again on its themes after


def backlog(engine) -> int:
    """Notes waiting for provisional themes (not those the run under way is theming)."""
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM provisional_pending WHERE mark >= 0 "  # noqa: S608 - constant
                                 f"OR (-mark NOT IN ({RUNNING}) AND -mark - {PARKED} NOT IN ({RUNNING}))")).scalar()


def handed_over(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM provisional_pending WHERE -mark IN ({RUNNING})")).scalar()  # noqa: S608


def placed(engine, ids: list[int]) -> bool:
    """Every one of these notes has a place in some run's themes (provisional or not)."""
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(DISTINCT note_id) FROM note_themes WHERE note_id IN "  # noqa: S608 - ints
                                 f"({','.join(str(int(i)) for i in ids)})")).scalar() == len(ids)


def run_status(engine, run_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT status FROM theme_runs WHERE id = :i"), {"i": run_id}).scalar()


def post_sessions(site: Site, token: str, sessions: list[dict]) -> dict:
    latencies, statuses, ids = [], Counter(), []
    lock = threading.Lock()

    def post(chunk):
        with httpx.Client(timeout=60) as client:
            for body in chunk:
                started = time.monotonic()
                r = client.post(site.base + "/api/v1/sessions", json=body, headers={"Authorization": f"Bearer {token}"})
                with lock:
                    latencies.append(time.monotonic() - started)
                    statuses[r.status_code] += 1
                    if r.status_code == 201:
                        ids.extend(n["id"] for n in r.json()["notes"])

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(post, [sessions[i::CLIENTS] for i in range(CLIENTS)]))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"sessions": len(sessions), "notes": sum(len(s["notes"]) for s in sessions), "seconds": elapsed,
            "per_s": len(sessions) / elapsed, "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "statuses": dict(statuses), "note_ids": ids}


def theme_run(site: Site, token: str, engine, timeout: float) -> dict:
    posted = time.monotonic()
    r = httpx.post(site.base + "/api/v1/theme-runs", json={}, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert r.status_code == 202, r.text
    run_id, started, status = r.json()["id"], None, "queued"
    deadline = posted + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            status = conn.execute(text("SELECT status FROM theme_runs WHERE id = :i"), {"i": run_id}).scalar()
        if status == "running" and started is None:
            started = time.monotonic()
        if status in ("done", "failed", "cancelled"):
            break
        time.sleep(0.25)
    done = time.monotonic()
    started = started or done
    return {"id": run_id, "status": status, "waited_s": started - posted, "running_s": done - started,
            "post_to_done_s": done - posted}


def run_stats(site: Site, run_id: int) -> dict:
    found = re.findall(rf"theme run {run_id} stats (\{{.*\}})", (site.instance / "consumer.log").read_text(errors="replace"))
    return json.loads(found[-1]) if found else {}


def wait_until(check, timeout: float, every: float = 0.25) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(every)
    return None


class Browser:
    """An organiser signed in over plain HTTP (the session cookie is Secure, so it is sent by hand)."""

    def __init__(self, site: Site):
        self.site, self.client, self.cookie = site, httpx.Client(timeout=60), ""

    def _keep(self, r):
        for header in r.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            if name == "hark_session":
                self.cookie = rest.split(";", 1)[0]
        return r

    def get(self, path):
        return self._keep(self.client.get(self.site.base + path, headers={"Cookie": f"hark_session={self.cookie}"}))

    def post(self, path, form_path, data, token_name="csrf_token"):  # noqa: S107 - a form field name
        html = self.get(form_path).text
        token = re.search(rf'name="{re.escape(token_name)}"[^>]*value="([^"]+)"', html).group(1)
        return self._keep(self.client.post(self.site.base + path, data={token_name: token, **data},
                                           headers={"Cookie": f"hark_session={self.cookie}"}))

    def sign_in(self):
        r = self.post("/sign-in", "/sign-in", {"email": ORGANISER[0], "password": ORGANISER[1]})
        assert r.status_code == 302, r.status_code


def draft_views(browser: Browser, scope: str, views: int = 13) -> dict:
    started = time.monotonic()
    r = browser.post("/briefings/drafts", "/briefings/", {"scope": scope})  # works out its figures
    create_ms = (time.monotonic() - started) * 1000
    assert r.status_code == 302, r.status_code
    path = r.headers["location"].replace(browser.site.base, "")
    times = []
    for _ in range(views):
        started = time.monotonic()
        assert browser.get(path).status_code == 200
        times.append((time.monotonic() - started) * 1000)
    # Four web workers each build the figures once; the median of the later views is the cached cost.
    return {"path": path, "create_ms": create_ms, "first_ms": times[0], "cached_median_ms": statistics.median(times[1:])}


def floor_seconds(sessions: list[dict]) -> tuple[float, int]:
    """Encoding every note's text once, in this process (the issue's 1.5x bound)."""
    from nlp.embed import load_embedder
    from nlp.prepare import normalise

    texts = sorted({normalise(n["text"]) for s in sessions for n in s["notes"]})
    embedder = load_embedder()
    embedder.encode(texts[:64])  # warm-up
    started = time.monotonic()
    embedder.encode(texts)
    return time.monotonic() - started, len(texts)


def during_run(site: Site, token: str, engine, session: dict) -> dict:
    def running_id():
        with engine.connect() as conn:
            return conn.execute(text("SELECT max(id) FROM theme_runs WHERE status = 'running'")).scalar()

    if wait_until(lambda: running_id() is not None, timeout=600) is None:
        return {"skipped": "the cold run never showed as running"}
    run_id = running_id()
    time.sleep(5)  # well inside the run, not at its first step
    ids = post_sessions(site, token, [session])["note_ids"]
    took = wait_until(lambda: placed(engine, ids), timeout=7200, every=0.1)
    return {"seconds": took, "run_still_running": run_status(engine, run_id) == "running",
            "load": os.getloadavg()[0]}


# ---- the bench ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--read-seconds", type=float, default=30)
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="the consumer's workers (make run starts 2)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database and instance folder afterwards (their paths are printed), to look into a figure")
    args = parser.parse_args()
    site = harness.sqlite_site() if args.db == "sqlite" else harness.postgres_site(args.db)
    site = Site(site.database_url, site.instance, drop=site.drop)
    out: dict = {"notes": args.notes, "db": "SQLite" if args.db == "sqlite" else "PostgreSQL", "workers": args.workers,
                 "load_start": os.getloadavg()[0]}
    consumer = None
    try:
        tokens = site.setup_city()
        sessions = corpus(args.notes, tokens["wards"])
        engine = create_engine(site.database_url)
        site.start()
        log = open(site.instance / "consumer.log", "ab")  # noqa: SIM115 - closed with the process
        consumer = subprocess.Popen(
            [str(Path(sys.executable).parent / "huey_consumer"), "listening.worker.huey", "--workers", str(args.workers)],
            env=site.env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        time.sleep(3)
        out["consumer_idle_mb"] = rss_mb(consumer.pid)
        first = len(sessions) // 10
        post_sessions(site, tokens["staff"], sessions[:first])
        out["first_run"] = theme_run(site, tokens["organiser"], engine, timeout=3600)
        out["consumer_after_model_mb"] = rss_mb(consumer.pid)

        monitor = Monitor(site, consumer, engine)
        monitor.start()
        ingest = post_sessions(site, tokens["staff"], sessions[first:])
        ingest.pop("note_ids")
        out["ingest"] = ingest
        ingest_end = time.monotonic()
        out["load_after_ingest"] = os.getloadavg()[0]
        shutil.rmtree(site.instance / "embeddings", ignore_errors=True)  # the big run starts cold
        cold = {}
        runner = threading.Thread(target=lambda: cold.update(theme_run(site, tokens["organiser"], engine, 7200)))
        runner.start()
        # A staff member saves a session while the cold run works: how long until its notes have
        # provisional themes (with one consumer worker, until the run ends).
        during: dict = {}
        staff = threading.Thread(target=lambda: during.update(
            during_run(site, tokens["staff"], engine, dict(sessions[1], venue="During the run"))))
        staff.start()
        cleared = wait_until(lambda: backlog(engine) == 0, timeout=3600, every=0.5)
        out["backlog_clear_s"] = (time.monotonic() - ingest_end) if cleared is not None else None
        runner.join()
        staff.join()
        out["during_run"] = during
        out["cold_run"], out["cold_stats"] = cold, run_stats(site, cold["id"])
        out["peak_queue"], out["peak_backlog"] = monitor.peak_queue, monitor.peak_backlog
        out["peak_handed_over"] = monitor.peak_handed
        out["load_ingest_and_cold_run"] = {"mean": statistics.mean(monitor.loads or [0]), "max": max(monitor.loads or [0])}
        out["consumer_peak_mb"], out["peak_with_child_mb"] = monitor.peak_consumer_mb, monitor.peak_total_mb
        time.sleep(2)
        out["consumer_after_cold_mb"] = rss_mb(consumer.pid)
        out["warm_run"] = theme_run(site, tokens["organiser"], engine, timeout=3600)
        out["warm_stats"] = run_stats(site, out["warm_run"]["id"])
        time.sleep(2)
        out["consumer_after_warm_mb"] = rss_mb(consumer.pid)
        monitor.stop.set()

        one = post_sessions(site, tokens["staff"], sessions[:1] and [dict(sessions[0], venue="After the run")])
        ids = one["note_ids"]

        out["provisional_new_session_s"] = wait_until(lambda: placed(engine, ids), timeout=120, every=0.05)

        browser = Browser(site)
        browser.sign_in()
        ward_counts = Counter(s["ward"] for s in sessions)
        busiest = ward_counts.most_common(1)[0][0]
        out["draft_ward"] = draft_views(browser, busiest)
        out["draft_city"] = draft_views(browser, "city")
        briefing_id = out["draft_ward"]["path"].rstrip("/").rsplit("/", 1)[1]
        shown = browser.get(out["draft_ward"]["path"]).text  # the figures the page shows, as its form sends them
        seen = re.search(r'name="publish-seen"[^>]*value="([^"]+)"', shown).group(1)
        r = browser.post(f"/briefings/{briefing_id}/publish", out["draft_ward"]["path"], {"publish-seen": seen},
                         "publish-csrf_token")
        assert r.status_code == 302, r.status_code
        read = harness.read_load(site, [f"/wards/{busiest}", "/healthz"], readers=50, seconds=args.read_seconds)
        out["read"] = {"ward_p95_ms": read[f"/wards/{busiest}"]["p95_ms"], "healthz_p95_ms": read["/healthz"]["p95_ms"],
                       "statuses": read["statuses"], "requests": read["requests"]}
    finally:
        if consumer is not None and consumer.poll() is None:
            os.killpg(consumer.pid, 15)
            consumer.wait(30)
        site.stop()
        if args.keep:
            print(f"kept: DATABASE_URL={site.database_url} HARK_INSTANCE_PATH={site.instance}", file=sys.stderr)
        elif site.drop:
            site.drop()
    if not args.no_floor:
        out["floor_s"], out["floor_texts"] = floor_seconds(sessions)
    print_table(out)
    dest = ROOT / "bench" / "out" / f"city_scale-{out['db'].lower()}-{args.notes}.json"
    dest.parent.mkdir(exist_ok=True)
    dest.write_text(json.dumps(out, indent=1, default=str))
    return 0


def print_table(o: dict) -> None:
    ing, cold, warm, stats = o["ingest"], o["cold_run"], o["warm_run"], o.get("cold_stats", {})
    timings = stats.get("timings", {})
    embed, total = timings.get("embed", 0), timings.get("total", 0) or 1
    notes_only = stats.get("notes", 0)
    rows = [
        ("ingest, 8 clients", f"{ing['sessions']:,} sessions / {ing['notes']:,} notes: {ing['per_s']:.1f} sessions/s "
         f"(p95 {ing['p95_ms']:.0f} ms); statuses {ing['statuses']}"),
        ("background queue after the ingest", f"peak {o['peak_queue']} queued jobs; provisional backlog peak "
         f"{o['peak_backlog']:,} notes, cleared {_s(o['backlog_clear_s'])} after the ingest ended; peak "
         f"{o.get('peak_handed_over', 0):,} notes handed to the cold run instead (it themes them)"),
        ("theme run posted right after the ingest: waiting in the queue", _s(cold["waited_s"])),
        ("provisional themes for a session saved during the cold run", _during(o.get("during_run", {}))),
        ("theme run, cold (empty embedding cache), running",
         f"{_s(cold['running_s'])} ({cold['status']}); nlp total {total:.1f} s: embed {embed:.1f} s "
         f"({100 * embed / total:.0f} %, {stats.get('embedded', '?')} texts embedded = {notes_only:,} notes + "
         f"{stats.get('statements', '?')} statements), keywords {timings.get('keywords', 0):.1f} s "
         f"({100 * timings.get('keywords', 0) / total:.0f} %), cluster {timings.get('cluster', 0):.1f} s"),
        ("floor: encode the notes once, same machine", f"{_s(o.get('floor_s'))} ({o.get('floor_texts', '?')} texts); "
         f"cold nlp total / floor = {total / o['floor_s']:.2f}x" if o.get("floor_s") else "not measured"),
        ("theme run, warm, right after", f"{_s(warm['running_s'])} running ({_s(warm['post_to_done_s'])} post to done)"),
        ("consumer memory", f"{o['consumer_idle_mb']:.0f} MB idle -> {o['consumer_after_model_mb']:.0f} MB after the "
         f"first run -> peak {o['consumer_peak_mb']:.0f} MB (with the run's child {o['peak_with_child_mb']:.0f} MB) -> "
         f"{o['consumer_after_cold_mb']:.0f} MB after the cold run, {o['consumer_after_warm_mb']:.0f} MB after the warm run"),
        ("provisional themes for a new session after the run", _s(o["provisional_new_session_s"])),
        ("draft ward / city briefing: starting it (works out its figures), first view, then cached views (median)",
         f"ward {o['draft_ward']['create_ms']:.0f} ms, {o['draft_ward']['first_ms']:.0f} ms, then "
         f"{o['draft_ward']['cached_median_ms']:.0f} ms; city {o['draft_city']['create_ms']:.0f} ms, "
         f"{o['draft_city']['first_ms']:.0f} ms, then {o['draft_city']['cached_median_ms']:.0f} ms"),
        ("50 readers, published ward page vs /healthz",
         f"p95 {o['read']['ward_p95_ms']:.0f} ms vs {o['read']['healthz_p95_ms']:.0f} ms (ratio "
         f"{o['read']['ward_p95_ms'] / max(o['read']['healthz_p95_ms'], 1):.2f}); {o['read']['requests']:,} requests, "
         f"statuses {o['read']['statuses']}"),
    ]
    load = o.get("load_ingest_and_cold_run", {})
    rows.insert(0, ("consumer workers; load average (1 min, 2 cores)",
                    f"{o.get('workers', 1)}; {o.get('load_start', 0):.1f} at the start, during the ingest and the cold run "
                    f"mean {load.get('mean', 0):.1f}, max {load.get('max', 0):.1f}"))
    print(f"\n{o['db']}, {o['notes']:,} generated notes\n\n| step | measured |\n|---|---|")
    for step, value in rows:
        print(f"| {step} | {value} |")


def _during(d: dict) -> str:
    if "seconds" not in d:
        return d.get("skipped", "not measured")
    return (f"{_s(d['seconds'])} ({'while the run was still running' if d['run_still_running'] else 'after the run ended'}; "
            f"load {d['load']:.1f})")


def _s(seconds) -> str:
    return "n/a" if seconds is None else f"{seconds:.1f} s"


if __name__ == "__main__":
    sys.exit(main())
