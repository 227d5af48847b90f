"""Backups that restore: taken while notes are being written, restored into a fresh instance,
with every acknowledged note there; a live instance is never overwritten; retention keeps N."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import func, select

from config import TestConfig
from listening import create_app
from listening.domain import Role
from listening.extensions import db
from listening.models import ListeningSession, Note
from listening.services import operations
from listening.services.operations import tasks as operations_tasks
from tests import factories
from tests.conftest import _postgres_database


@pytest.fixture
def fresh_instance(app, tmp_path):
    """A second, empty instance on the same kind of database (a new file or a new PostgreSQL database)."""
    drop = None
    instance = tmp_path / "fresh"
    instance.mkdir()
    if app.config["DATABASE_KIND"] == "postgresql":
        url, drop = _postgres_database()
    else:
        url = f"sqlite:///{instance / 'restored.db'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = instance
        MODEL_DIR = str(instance / "models")
        EMBEDDING_CACHE_DIR = str(instance / "embeddings")

    fresh = create_app(Config)
    yield fresh
    with fresh.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


def _writer(app, user, ward, stop, acknowledged, errors, n):
    i = 0
    while not stop.is_set():
        try:
            with app.app_context():
                session_id = factories.logged_session(user, ward, texts=(f"Writer {n} says the bins are late, round {i}",))
            acknowledged.append(session_id)  # the service returned: the note is committed
        except Exception as error:
            errors.append(repr(error))
            return
        i += 1


def test_a_backup_under_write_load_restores_every_acknowledged_note(app, make, tmp_path, fresh_instance):
    ward = make.ward("E05011402", "Kirkstall")
    org = make.org(make.OrgKind.COMMUNITY, name="Backup Org", ward_ids=[ward.id])
    user = make.user(Role.STAFF, organisation=org)
    stop, acknowledged, errors = threading.Event(), [], []
    writers = [threading.Thread(target=_writer, args=(app, user, ward, stop, acknowledged, errors, n)) for n in range(3)]
    for thread in writers:
        thread.start()
    try:
        while len(acknowledged) < 15 and not errors:
            time.sleep(0.05)
        before = set(acknowledged)  # acknowledged before the backup began: all must be in it
        with app.app_context():
            made = operations.backup.create(tmp_path / "backups")
        later = len(acknowledged)
        while len(acknowledged) < later + 5 and not errors:  # the writers carried on meanwhile
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=60)
    assert errors == []
    manifest = json.loads((made.path / "manifest.json").read_text())
    assert manifest["database"] == app.config["DATABASE_KIND"] and manifest["sha256"]

    result = fresh_instance.test_cli_runner().invoke(args=["restore", str(made.path)])
    assert result.exit_code == 0, result.output
    assert "Erasure requests" in result.output
    with fresh_instance.app_context():
        restored = set(db.session.scalars(select(ListeningSession.id)))
        per_session = dict(db.session.execute(select(Note.session_id, func.count()).group_by(Note.session_id)).all())
    assert before <= restored, f"missing acknowledged sessions: {sorted(before - restored)[:10]}"
    assert restored <= set(acknowledged)  # nothing the writers did not write, nothing half-written
    assert all(per_session.get(sid) == 1 for sid in restored)
    assert len(acknowledged) > len(before)  # writes really ran during and after the backup


def test_restore_refuses_a_live_instance(app, make, tmp_path):
    ward = make.ward("E05011402", "Kirkstall")
    make.logged_session(make.user(Role.STAFF), ward)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    folder = next((tmp_path / "b").iterdir())
    refused = runner.invoke(args=["restore", str(folder)])
    assert refused.exit_code != 0
    assert "already has tables" in refused.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Note)) == 1  # untouched


def test_restore_refuses_a_damaged_backup(app, make, tmp_path, fresh_instance):
    make.ward("E05011402", "Kirkstall")
    assert app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b")]).exit_code == 0
    folder = next((tmp_path / "b").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    with (folder / manifest["file"]).open("ab") as handle:
        handle.write(b"tampered")
    result = fresh_instance.test_cli_runner().invoke(args=["restore", str(folder)])
    assert result.exit_code != 0 and "damaged" in result.output
    assert app.test_cli_runner().invoke(args=["restore", str(tmp_path)]).exit_code != 0  # not a backup folder


def test_the_scheduled_backup_keeps_the_newest_n(app, tmp_path):
    root = tmp_path / "nightly"
    with app.app_context():
        app.config.update(BACKUP_DIR=str(root), BACKUP_KEEP=2)
        try:
            for _ in range(4):
                operations_tasks.run_scheduled_backup()
            kept = operations.backup.listing(root)
        finally:
            app.config.update(BACKUP_DIR="", BACKUP_KEEP=7)
    assert len(kept) == 2
    assert sorted(p.name for p in root.iterdir()) == sorted(b.path.name for b in kept)
