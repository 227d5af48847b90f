"""Migrations build the same schema as the models, from empty, on every database."""

from contextlib import contextmanager

import pyotp
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from config import TestConfig
from listening import create_app
from listening.extensions import db
from listening.models import User


@contextmanager
def _empty_database(app, tmp_path):
    """An app on an empty database (a file on SQLite; the shared test database, emptied, on
    PostgreSQL), in its app context; afterwards the shared database is left as other tests expect."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if app.config["DATABASE_KIND"] == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrate.db'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = tmp_path

    fresh = create_app(Config)
    postgres = url.startswith("postgresql")
    with fresh.app_context():
        if postgres:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        yield fresh
        if postgres:
            db.create_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def _insert_admin_with_secret(stored_secret: str) -> None:
    """A user row written with SQL, as an older version of the app would have left it."""
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO organisations (name, kind, active) VALUES ('Network', 'network', :t)"),
                     {"t": True})
        org_id = conn.execute(text("SELECT id FROM organisations")).scalar()
        conn.execute(text("INSERT INTO users (email, name, role, organisation_id, active, session_epoch, "
                          "totp_secret) VALUES ('a@example.org', 'A', 'admin', :org, :t, 0, :s)"),
                     {"org": org_id, "s": stored_secret, "t": True})


def _stored_secret():
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT totp_secret FROM users")).scalar()


def test_upgrade_from_empty_to_head_matches_the_models(app, tmp_path):
    with _empty_database(app, tmp_path):
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        summary = [(d[0], getattr(d[1], "name", d[1]) if len(d) > 1 else "") for d in diff]
        assert diff == [], f"models and migrations differ (write a migration with `flask db migrate`): {summary}"
        downgrade(revision="base")
        leftover = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert leftover == set()


def test_upgrading_seals_the_totp_secrets_stored_in_plain_text(app, tmp_path):
    """Revision 0003 seals seeds written before it; the person's codes keep working."""
    with _empty_database(app, tmp_path):
        upgrade(revision="0002")
        secret = pyotp.random_base32()
        _insert_admin_with_secret(secret)
        upgrade()
        stored = _stored_secret()
        assert stored.startswith("v1:") and secret not in stored
        assert db.session.scalar(db.select(User)).totp_secret == secret
        db.session.remove()
        downgrade(revision="0002")
        assert _stored_secret() == secret
        downgrade(revision="base")


def test_downgrading_refuses_to_drop_secrets_it_cannot_open(app, tmp_path, caplog):
    """Writing NULL for a secret sealed under other keys would turn two-factor sign-in off."""
    with _empty_database(app, tmp_path):
        upgrade()
        _insert_admin_with_secret("v1:sealed-elsewhere")
        with pytest.raises(SystemExit):  # Flask-Migrate logs the RuntimeError and exits 1
            downgrade(revision="0002")
        assert "cannot be opened" in caplog.text
        assert _stored_secret() == "v1:sealed-elsewhere"
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM users"))
        downgrade(revision="base")
