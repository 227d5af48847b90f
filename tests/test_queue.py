"""The job queue binds to real storage: SQLite by default, Redis when REDIS_URL is set."""

import os

import pytest
from huey.storage import RedisStorage, SqliteStorage

from config import TestConfig
from listening import create_app
from listening.extensions import huey
from listening.services.core import tasks as jobs


@pytest.fixture
def restore_immediate(app):
    yield
    huey.init_app(app)  # back to the suite's in-memory mode


def _queued_app(tmp_path, **settings):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'q.db'}"
        INSTANCE_PATH = tmp_path
        HUEY_IMMEDIATE = False
        HUEY_SQLITE_PATH = str(tmp_path / "huey.db")

    for key, value in settings.items():
        setattr(Config, key, value)
    return create_app(Config)


def test_sqlite_queue_keeps_a_task_until_a_consumer_takes_it(tmp_path, restore_immediate):
    _queued_app(tmp_path)
    assert isinstance(huey.storage, SqliteStorage)
    huey.flush()
    result = jobs.ping()
    assert huey.pending_count() == 1
    task = huey.dequeue()
    assert task is not None and huey.pending_count() == 0
    assert result.id == task.id


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set")
def test_redis_queue_when_redis_url_is_set(tmp_path, restore_immediate):
    _queued_app(tmp_path, REDIS_URL=os.environ["TEST_REDIS_URL"])
    assert isinstance(huey.storage, RedisStorage)
    huey.flush()
    jobs.ping()
    assert huey.pending_count() == 1
    huey.flush()
