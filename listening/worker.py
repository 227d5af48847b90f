"""Entry point for the Huey consumer: `huey_consumer listening.worker.huey`.

The worker builds its own app here, at its entry point, never in task modules, and imports every
area's background tasks so the consumer knows them (each area owns its `tasks.py`).
"""

from listening import create_app
from listening.extensions import huey
from listening.services.core import tasks as core_tasks
from listening.services.operations import tasks as operations_tasks
from listening.services.privacy import tasks as privacy_tasks
from listening.services.themes import tasks as themes_tasks

app = create_app()
core_tasks.bind_worker_app(app)

TASK_MODULES = (core_tasks, operations_tasks, privacy_tasks, themes_tasks)

__all__ = ["TASK_MODULES", "huey"]
