"""The job queue as the admin sees it: waiting, running and failed jobs, and retrying a failed one.

Huey keeps waiting jobs itself; the running ones are in each consumer's heartbeat (core.runner);
failed ones Huey does not list, so the consumer records them through Huey's ERROR signal in the
queue's own key-value storage (where the web reads them). Only a job's name, its ids and the
error's type are kept: never an error message, which could quote a note.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from huey import signals

from listening import error_reports
from listening.extensions import huey
from listening.services.core import runners

FAILED_KEY = "hark:jobs-failed"
FAILED_KEPT = 50
_lock = threading.Lock()


@dataclass(frozen=True)
class Job:
    id: str
    name: str  # the task's short name, e.g. run_theme_job
    at: datetime | None
    error: str = ""


def _key(task) -> str:
    return huey._registry.task_to_string(type(task))


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _read(key: str) -> dict:
    try:
        return huey.get(key, peek=True) or {}
    except Exception:
        return {}


def _update(key: str, change) -> None:
    with _lock:
        entries = _read(key)
        change(entries)
        huey.put(key, entries)


@huey.signal(signals.SIGNAL_ERROR)
def _failed(signal, task, exc=None) -> None:
    def record(entries: dict) -> None:
        entries[task.id] = {"name": _key(task), "args": task.args, "kwargs": task.kwargs,
                            "at": datetime.now(UTC), "error": type(exc).__name__ if exc else ""}
        for old in sorted(entries, key=lambda k: entries[k]["at"])[:-FAILED_KEPT]:
            entries.pop(old)

    if task.retries:  # Huey will try it again: not failed yet
        return
    if exc is not None:
        error_reports.report(exc)
    _update(FAILED_KEY, record)


def pending() -> list[Job]:
    return [Job(t.id, _short(_key(t)), t.eta) for t in huey.pending()]


def running() -> list[Job]:
    """What the live consumers are executing (task names only; Huey's heartbeat keeps no ids)."""
    return [Job("", _short(name), None) for runner in runners() for name in runner["executing"]]


def failed() -> list[Job]:
    entries = _read(FAILED_KEY)
    jobs = [Job(k, _short(v["name"]), v["at"], v["error"]) for k, v in entries.items()]
    return sorted(jobs, key=lambda j: j.at, reverse=True)


def retry(job_id: str) -> bool:
    """Queue a failed job again with the same arguments; False when it is not (or no longer) failed."""
    with _lock:
        entries = _read(FAILED_KEY)
        entry = entries.pop(job_id, None)
        if entry is None:
            return False
        huey.put(FAILED_KEY, entries)
    task_class = huey._registry.string_to_task(entry["name"])
    huey.enqueue(task_class(entry["args"], entry["kwargs"], id=str(uuid.uuid4())))
    return True
