"""Load and crash harness: a real gunicorn (4 workers, 127.0.0.1 only) over SQLite (WAL) or
PostgreSQL, concurrent API writers, SIGKILLs, and a check that every acknowledged note is
stored exactly once and the database is intact.

Used by bench/load.py (the full figures) and tests/reliability/test_load.py (small, fast).
"""

from __future__ import annotations

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from tests import throwaway

ROOT = Path(__file__).resolve().parents[2]
WARD = "E05011402"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Site:
    """A throwaway instance: database, gunicorn on 127.0.0.1, an API token."""

    database_url: str
    instance: Path
    port: int = field(default_factory=free_port)
    workers: int = 4
    proc: subprocess.Popen | None = None
    token: str = ""
    drop: object = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        return {
            **os.environ, "HARK_ENV": "production", "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DATABASE_URL": self.database_url, "HARK_INSTANCE_PATH": str(self.instance),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT),
        }

    def setup(self, seed_demo: bool = False) -> None:
        seed = "demo.seed(app.config['DEMO_PASSWORD'])" if seed_demo else "pass"
        code = (
            "from listening import create_app\n"
            "from listening.extensions import db\n"
            "from listening.services import demo\n"
            "from listening.services.accounts import users\n"
            "from listening.services.places import wards\n"
            "from listening.domain import OrgKind, Role\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    db.create_all(); wards.seed_wards()\n"
            f"    {seed}\n"
            "    org = wards.save_organisation(None, name='Load Org', kind=OrgKind.COMMUNITY, ward_ids=[])\n"
            "    u = users.create_user(email='load@example.org', name='Load', role=Role.STAFF, organisation=org)\n"
            "    print(users.issue_api_token(u))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], env=self.env(), cwd=ROOT, capture_output=True, text=True,
                             check=True, timeout=900)
        self.token = out.stdout.strip().splitlines()[-1]

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "--timeout", "60", "--log-level", "warning", "listening:create_app()"],
            env=self.env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(self.instance / "gunicorn.log", "a"),  # noqa: SIM115
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start: " + (self.instance / "gunicorn.log").read_text()[-2000:])

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def kill_master(self) -> None:
        """SIGKILL the master and its workers (the whole process group), as a crash would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def sqlite_site() -> Site:
    instance = Path(tempfile.mkdtemp(prefix="hark-load-"))
    return Site(f"sqlite:///{instance / 'hark.db'}", instance)


def postgres_site(base_url: str) -> Site:
    url, drop = throwaway.postgres_database(base_url, "hark_load_")
    site = Site(url, Path(tempfile.mkdtemp(prefix="hark-load-pg-")))
    site.drop = drop
    return site


@dataclass
class WriteLog:
    acked: dict = field(default_factory=dict)  # idempotency key -> (session id, [note ids], [texts])
    statuses: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def _body(key: str) -> dict:
    return {"ward": WARD, "date": "2026-03-14", "venue": "Load test hall", "format": "drop-in", "participants": 3,
            "notes": [{"kind": k, "text": f"Load note {key} {i}: the bus stop needs a shelter", "consent": "quote"}
                      for i, k in enumerate(("love", "change", "change"))]}


def writer(site: Site, log: WriteLog, stop: threading.Event, retries: int = 30) -> None:
    headers = {"Authorization": f"Bearer {site.token}"}
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            key = uuid.uuid4().hex
            body = _body(key)
            for _attempt in range(retries):  # a crash mid-request: retry with the same key
                started = time.monotonic()
                try:
                    response = client.post(site.base + "/api/v1/sessions", json=body,
                                           headers={**headers, "Idempotency-Key": key})
                except httpx.HTTPError as exc:
                    with log.lock:
                        log.errors[type(exc).__name__] += 1
                    time.sleep(0.3)
                    continue
                elapsed = time.monotonic() - started
                with log.lock:
                    log.statuses[response.status_code] += 1
                    if response.status_code in (200, 201):
                        data = response.json()
                        log.latencies.append(elapsed)
                        log.acked[key] = (data["id"], [n["id"] for n in data["notes"]], [n["text"] for n in body["notes"]])
                if response.status_code in (200, 201) or response.status_code < 500 and response.status_code != 429:
                    break
                time.sleep(0.3)
            if stop.is_set():
                break


@dataclass
class Verdict:
    acked_sessions: int
    acked_notes: int
    lost_notes: int
    duplicate_sessions: int
    integrity: str
    server_errors: int


def verify(site: Site, log: WriteLog) -> Verdict:
    engine = create_engine(site.database_url)
    with engine.connect() as conn:
        present = {row[0] for row in conn.execute(text("SELECT id FROM notes"))}
        dupes = conn.execute(text(
            "SELECT COUNT(*) FROM (SELECT venue, raw_text FROM notes JOIN listening_sessions s ON s.id = notes.session_id "
            "WHERE raw_text LIKE 'Load note %' GROUP BY venue, raw_text HAVING COUNT(*) > 1) d")).scalar()
        integrity = "ok"
        if site.database_url.startswith("sqlite"):
            integrity = conn.execute(text("PRAGMA integrity_check")).scalar()
    engine.dispose()
    acked_ids = {i for _, ids, _ in log.acked.values() for i in ids}
    return Verdict(len(log.acked), len(acked_ids), len(acked_ids - present), dupes, integrity,
                   sum(n for s, n in log.statuses.items() if s >= 500))


def run_writers(site: Site, writers: int, seconds: float, kills: int = 0, master_every: int = 5) -> tuple[WriteLog, int]:
    """Writers for `seconds`; with kills, SIGKILL random workers (and every `master_every`th time the
    master, then restart) spread over the run. Returns the log and the kills done."""
    log, stop = WriteLog(), threading.Event()
    threads = [threading.Thread(target=writer, args=(site, log, stop), daemon=True) for _ in range(writers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    done = 0
    rng = random.Random(7)
    if kills:
        gap = seconds / (kills + 1)
        while done < kills:  # every kill is made, even if restarts stretch the run past `seconds`
            time.sleep(gap * rng.uniform(0.5, 1.5))
            done += 1
            if done % master_every == 0:
                site.kill_master()
                site.start()
            else:
                pids = site.worker_pids()
                if pids:
                    os.kill(rng.choice(pids), signal.SIGKILL)
    remaining = seconds - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(60)
    log.elapsed = time.monotonic() - started
    return log, done


def idempotent_burst(site: Site, n: int = 50) -> tuple[Counter, set]:
    """n identical concurrent POSTs with one Idempotency-Key: the session ids answered."""
    key, body = uuid.uuid4().hex, _body("burst")
    statuses, ids, barrier = Counter(), set(), threading.Barrier(n)

    def one():
        barrier.wait()
        r = httpx.post(site.base + "/api/v1/sessions", json=body, timeout=60,
                       headers={"Authorization": f"Bearer {site.token}", "Idempotency-Key": key})
        statuses[r.status_code] += 1
        if r.status_code in (200, 201):
            ids.add(r.json()["id"])

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, ids


def read_load(site: Site, paths: list[str], readers: int, seconds: float, max_requests: int = 20000) -> dict:
    """p50/p95 per path with `readers` concurrent threads cycling over paths."""
    lat: dict[str, list[float]] = {p: [] for p in paths}
    statuses, stop, count, lock = Counter(), threading.Event(), [0], threading.Lock()

    def reader(offset: int):
        with httpx.Client(timeout=30) as client:
            i = offset
            while not stop.is_set():
                path = paths[i % len(paths)]
                i += 1
                started = time.monotonic()
                r = client.get(site.base + path)
                with lock:
                    lat[path].append(time.monotonic() - started)
                    statuses[r.status_code] += 1
                    count[0] += 1
                    if count[0] >= max_requests:
                        stop.set()

    threads = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(readers)]
    for t in threads:
        t.start()
    stop.wait(seconds)
    stop.set()
    for t in threads:
        t.join(30)
    out = {"statuses": dict(statuses), "requests": count[0]}
    for path, values in lat.items():
        values.sort()
        out[path] = {"n": len(values), "p50_ms": statistics.median(values) * 1000 if values else 0,
                     "p95_ms": values[int(0.95 * (len(values) - 1))] * 1000 if values else 0}
    return out
