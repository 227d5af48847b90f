"""gunicorn settings for Hark, read from the working directory (or `-c gunicorn.conf.py`):
`.venv/bin/gunicorn 'listening:create_app()'`.

Rate limits (sign-in, codes, links) are counted in Redis when REDIS_URL is set; without it they
live in the process's memory, so one worker process (with threads) serves, or each worker would
keep its own count. The access log leaves out query strings and the referrer (which carries the
previous page's query string): what someone typed into a search is not the log's to keep.
With PROMETHEUS_MULTIPROC_DIR set (an empty folder, emptied at each start), metrics from every
worker add up in one scrape.
"""

import os
import sys

bind = os.environ.get("BIND", "127.0.0.1:8000")
_shared_limits = bool(os.environ.get("REDIS_URL"))
workers = int(os.environ.get("WEB_WORKERS") or (4 if _shared_limits else 1))
threads = int(os.environ.get("WEB_THREADS") or 8)
if workers > 1 and not _shared_limits:
    sys.exit(f"Hark cannot start: WEB_WORKERS={workers} needs REDIS_URL, or each worker keeps its own "
             "sign-in limits; unset WEB_WORKERS (one worker, WEB_THREADS threads) or set REDIS_URL")
# Query strings, one-time link tokens and the referrer redacted (listening/access_log.py).
logger_class = "listening.access_log.GunicornLogger"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(a)s" %(L)s'


def child_exit(server, worker):
    from listening.services.operations.metrics import mark_process_dead

    mark_process_dead(worker.pid)
