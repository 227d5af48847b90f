"""Whether the job runner (the Huey consumer) is running, and how busy it is, so a page can say
honestly what a queued job waits for.

Each consumer process writes a heartbeat into Huey's own key-value store (the queue the web
already talks to, SQLite or Redis): its worker count and the tasks it is executing, every few
seconds and whenever a task starts or ends. Several consumers share one entry, each under its own
id; an id silent for RUNNER_STALE_S is treated as gone.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from huey import signals

from listening.extensions import huey

log = logging.getLogger(__name__)

RUNNERS_KEY = "hark:runners"
BEAT_S = 5.0
RUNNER_STALE_S = 30.0

_me = f"{socket.gethostname()}:{os.getpid()}"
_lock = threading.Lock()
_executing: dict[str, str] = {}  # task id -> task name, in this consumer
_workers = 0
_started = False


@huey.on_startup()
def _start_heartbeat() -> None:
    """Runs once per worker thread of a consumer: count the workers, start one heartbeat thread."""
    global _workers, _started
    with _lock:
        _workers += 1
        start, _started = not _started, True
    if start:
        threading.Thread(target=_beat_forever, name="hark-runner-status", daemon=True).start()
    _beat()


@huey.signal(signals.SIGNAL_EXECUTING)
def _task_started(signal, task, *args) -> None:
    with _lock:
        _executing[task.id] = task.name
    if _started:
        _beat()


@huey.signal(
    signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR, signals.SIGNAL_CANCELED, signals.SIGNAL_INTERRUPTED,
    signals.SIGNAL_LOCKED, signals.SIGNAL_RETRYING, signals.SIGNAL_EXPIRED, signals.SIGNAL_REVOKED,
)
def _task_ended(signal, task, *args) -> None:
    with _lock:
        _executing.pop(task.id, None)
    if _started:
        _beat()


def _beat_forever() -> None:
    while True:
        time.sleep(BEAT_S)
        _beat()


def _beat() -> None:
    """Write this consumer's entry (a lost update between two consumers is mended by the next beat)."""
    try:
        now = time.time()
        with _lock:
            mine = {"at": now, "workers": _workers, "executing": sorted(_executing.values())}
        entries = {k: v for k, v in (huey.get(RUNNERS_KEY, peek=True) or {}).items() if now - v["at"] < 3600}
        entries[_me] = mine
        huey.put(RUNNERS_KEY, entries)
    except Exception:  # a heartbeat must never take a task down
        log.warning("could not write the job runner's heartbeat", exc_info=True)


def runners() -> list[dict]:
    """The consumers that have beaten in the last RUNNER_STALE_S seconds: workers and executing tasks."""
    try:
        entries = huey.get(RUNNERS_KEY, peek=True) or {}
    except Exception:
        return []
    now = time.time()
    return [v for v in entries.values() if now - v["at"] < RUNNER_STALE_S]


def last_beat() -> float | None:
    """When any consumer last wrote its heartbeat (seconds since the epoch), however long ago."""
    try:
        entries = huey.get(RUNNERS_KEY, peek=True) or {}
    except Exception:
        return None
    return max((v["at"] for v in entries.values()), default=None)
