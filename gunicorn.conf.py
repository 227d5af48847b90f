"""gunicorn reads this file from the working directory. With PROMETHEUS_MULTIPROC_DIR set (an
empty folder, emptied at each start), metrics from every worker add up in one scrape."""


def child_exit(server, worker):
    from listening.services.operations.metrics import mark_process_dead

    mark_process_dead(worker.pid)
