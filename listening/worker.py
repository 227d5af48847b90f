"""Entry point for the Huey consumer: `huey_consumer listening.worker.huey`.

The worker builds its own app here, at its entry point, never in task modules, and imports every
area's background tasks so the consumer knows them (each area owns its `tasks.py`).
"""

from listening import create_app, logs
from listening.extensions import huey
from listening.services.accounts import tasks as accounts_tasks
from listening.services.briefings import tasks as briefings_tasks
from listening.services.commitments import tasks as commitments_tasks
from listening.services.core import tasks as core_tasks
from listening.services.operations import tasks as operations_tasks
from listening.services.privacy import tasks as privacy_tasks
from listening.services.themes import tasks as themes_tasks

app = create_app()


@huey.on_startup()
def _hark_log_format() -> None:
    """Huey's consumer set up its own log handler after this module loaded: make it write Hark's format."""
    logs.adopt_handlers(app.config["LOG_FORMAT"], scrubbing=app.config["ENV_NAME"] != "development")


core_tasks.bind_worker_app(app)

TASK_MODULES = (accounts_tasks, briefings_tasks, commitments_tasks, core_tasks, operations_tasks, privacy_tasks, themes_tasks)

__all__ = ["TASK_MODULES", "huey"]
