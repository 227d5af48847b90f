"""The web side of the metrics: count and time every request by route (the URL rule, so the labels
stay few and carry no ids), and serve /metrics to a scraper holding METRICS_TOKEN."""

from __future__ import annotations

import time

from flask import Flask, g, request

from listening.services.operations import metrics


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _count(response):
    started = g.get("metrics_started")
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    metrics.REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    if started is not None:
        metrics.REQUEST_SECONDS.labels(route).observe(time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_count)
