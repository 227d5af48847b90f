"""Entry point for the Huey consumer: `huey_consumer listening.worker.huey`.

The worker builds its own app here, at its entry point, never in task modules.
"""

from listening import create_app, jobs
from listening.extensions import huey

app = create_app()
jobs.bind_worker_app(app)

__all__ = ["huey"]
