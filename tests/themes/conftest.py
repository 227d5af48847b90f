"""The real Huey consumer for the themes tests: a subprocess on the test's database and file queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from huey.storage import SqliteStorage

from listening.extensions import huey

ROOT = Path(__file__).resolve().parents[2]


class Consumer:
    def __init__(self, app, workers: int = 1, extra_env: dict | None = None):
        self.app, self.workers, self.extra_env = app, workers, extra_env or {}
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "HARK_ENV": "consumer-test",
            "TEST_DATABASE_URL": self.app.config["SQLALCHEMY_DATABASE_URI"],
            "HARK_INSTANCE_PATH": str(self.app.instance_path),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }
        log = open(Path(self.app.instance_path) / "consumer.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "huey_consumer"), "listening.worker.huey", "--workers", str(self.workers), "-d", "0.1",
             "-m", "1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        return self

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def queue(app):
    """Bind this process's Huey to the file queue the consumer reads, then put it back."""
    storage = SqliteStorage(huey.name, filename=str(Path(app.instance_path) / "huey.db"))
    storage.flush_all()
    saved = (huey.storage, huey._immediate)
    huey.storage, huey._immediate = storage, False
    consumers = []
    yield lambda **kw: consumers.append(Consumer(app, **kw).start()) or consumers[-1]
    for consumer in consumers:
        consumer.stop()
    huey.storage, huey._immediate = saved
