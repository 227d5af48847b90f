"""Unbound extension objects; create_app() binds them with init_app()."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from huey import Huey
from huey.storage import PriorityRedisStorage, SqliteStorage

from listening import logs
from listening.database import create_private
from listening.models.base import Base

# Objects stay readable after commit: views render what a service just saved without re-querying.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


class FlaskHuey(Huey):
    """Huey whose storage is chosen from app config instead of at import time.

    It starts in immediate (in-memory) mode so importing task modules touches no
    file or server; init_app() then binds SQLite or Redis storage.
    """

    def __init__(self, name: str = "hark") -> None:
        super().__init__(name, immediate=True, utc=True)

    def init_app(self, app) -> None:
        if app.config.get("HUEY_IMMEDIATE"):
            self.immediate = True
            return
        if app.config.get("REDIS_URL"):
            # The priority flavour: theme runs are queued ahead of routine jobs (tasks.RUN_PRIORITY).
            storage = PriorityRedisStorage(self.name, url=app.config["REDIS_URL"])
        else:
            create_private(app.config["HUEY_SQLITE_PATH"])
            storage = SqliteStorage(self.name, filename=app.config["HUEY_SQLITE_PATH"])
        self._immediate = False
        self.storage = storage

    def enqueue(self, task):
        """A job queued during a request carries its request id (as its id's prefix) into the logs."""
        request_id = logs.current_request_id()
        if request_id and ":" not in task.id:
            task.id = f"{request_id}:{task.id}"
        return super().enqueue(task)

    def execute(self, task, timestamp=None):
        """Every record a job logs (Huey's own included) carries that request id and the job's name."""
        request_id = task.id.split(":", 1)[0] if ":" in task.id else None
        tokens = logs.job_request_id.set(request_id), logs.job_name.set(type(task).__name__)
        try:
            return super().execute(task, timestamp)
        finally:
            logs.job_request_id.reset(tokens[0])
            logs.job_name.reset(tokens[1])


huey = FlaskHuey()
