"""Prometheus metrics (prometheus-client): what operators alert on, never anything from a note.

Counters and histograms are updated where things happen (requests in listening/metrics.py, theme
runs in the themes tasks, e-mails where mail is sent) and are multiprocess-safe: with
PROMETHEUS_MULTIPROC_DIR set (before the app starts), every gunicorn worker and the consumer write
their values to files there and a scrape adds them up. Gauges of stored state (queue depth, notes
stored, theme runs by status) are read from the queue and the database at scrape time.
"""

from __future__ import annotations

import contextlib
import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from listening.extensions import db, huey
from listening.models import ListeningSession, Note, ThemeRun
from listening.services.core import live_note

REQUESTS = Counter("hark_http_requests_total", "HTTP requests answered", ["route", "method", "status"])
REQUEST_SECONDS = Histogram(
    "hark_http_request_duration_seconds", "Time to answer a request", ["route"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
THEME_RUNS = Counter("hark_theme_runs_total", "Theme runs finished, by outcome", ["outcome"])
THEME_RUN_SECONDS = Histogram(
    "hark_theme_run_duration_seconds", "Time a theme run job took", ["outcome"],
    buckets=(10, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)
EMAILS_SENT = Counter("hark_emails_sent_total", "E-mails handed to the mail server, by kind", ["kind"])


class StoredState:
    """Read at scrape time: queue depth, notes stored, theme runs by status."""

    def collect(self):
        queue = GaugeMetricFamily("hark_queue_depth", "Jobs waiting in the queue")
        # An unreachable queue shows as a missing figure (and fails the health check).
        with contextlib.suppress(Exception):
            queue.add_metric([], huey.pending_count())
        yield queue
        notes = GaugeMetricFamily("hark_notes_stored", "Notes stored (not erased, session not deleted)")
        runs = GaugeMetricFamily("hark_theme_runs", "Theme runs by status", labels=["status"])
        try:
            notes.add_metric([], db.session.scalar(
                select(func.count()).select_from(Note).join(ListeningSession, Note.session_id == ListeningSession.id)
                .where(live_note())
            ))
            for status, count in db.session.execute(select(ThemeRun.status, func.count()).group_by(ThemeRun.status)):
                runs.add_metric([status.value], count)
        except Exception:
            db.session.rollback()
        finally:
            db.session.rollback()  # end the read transaction
        yield notes
        yield runs


def exposition() -> tuple[bytes, str]:
    """The text a scrape gets: every process's counters (multiprocess mode) and the stored state."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(StoredState())
        return generate_latest(registry), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    registry.register(StoredState())
    return generate_latest(REGISTRY) + generate_latest(registry), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """gunicorn's child_exit hook: a dead worker's live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)
