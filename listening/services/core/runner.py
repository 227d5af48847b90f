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
from pathlib import Path

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


# ---- one at a time across workers and consumers --------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process nobody reaped yet answers signal 0 but is not running
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def _holder_gone(holder: str) -> bool:
    """The consumer that holds a lock has gone: a dead process on this host, or (another host) no
    heartbeat for RUNNER_STALE_S."""
    host, _sep, pid = holder.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _pid_alive(int(pid))
    try:
        entries = huey.get(RUNNERS_KEY, peek=True) or {}
    except Exception:
        return False
    beat = entries.get(holder, {}).get("at", 0)
    return time.time() - beat >= RUNNER_STALE_S


class Exclusive:
    """A lock in Huey's key-value store that one consumer process holds at a time, across its
    worker threads and across consumers sharing the queue (a theme run, the provisional job).
    Never blocks: `acquire()` says whether this caller now holds it; whoever holds it does the work
    the others would have done. A lock whose holder died (a killed consumer) is taken over."""

    def __init__(self, key: str):
        self.key = key
        self._local = threading.local()  # re-entry by the same thread is refused like any other

    def acquire(self) -> bool:
        if huey.put_if_empty(self.key, _me):
            self._local.held = True
            return True
        holder = huey.get(self.key, peek=True)
        if holder is None or not _holder_gone(holder):
            return False
        taken = huey.get(self.key)  # pop: of two takers, one gets the dead holder's value
        if taken != holder:
            if taken is not None:
                huey.put(self.key, taken)  # a live holder's after all: give it back
            return False
        log.warning("took over %s from a job runner that stopped (%s)", self.key, holder)
        return self.acquire()

    def release(self) -> None:
        if getattr(self._local, "held", False):
            self._local.held = False
            if huey.get(self.key, peek=True) == _me:
                huey.get(self.key)

    def holder(self) -> str | None:
        return huey.get(self.key, peek=True)
