"""Migrations build the same schema as the models, from empty, on every database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from config import TestConfig
from listening import create_app
from listening.extensions import db


def _fresh_app(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if app.config["DATABASE_KIND"] == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrate.db'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = tmp_path

    return create_app(Config)


def test_upgrade_from_empty_to_head_matches_the_models(app, tmp_path):
    fresh = _fresh_app(app, tmp_path)
    with fresh.app_context():
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        summary = [(d[0], getattr(d[1], "name", d[1]) if len(d) > 1 else "") for d in diff]
        assert diff == [], f"models and migrations differ (write a migration with `flask db migrate`): {summary}"
        downgrade(revision="base")
        leftover = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert leftover == set()
        # Leave the shared test database as the other tests expect it.
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.create_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_upgrading_seals_the_totp_secrets_stored_in_plain_text(app, tmp_path):
    """Revision 0003 seals seeds written before it; the person's codes keep working."""
    import pyotp
    from sqlalchemy import text

    from listening.models import User

    fresh = _fresh_app(app, tmp_path)
    with fresh.app_context():
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="0002")
        secret = pyotp.random_base32()
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (name, kind, active) VALUES ('Network', 'network', :t)"),
                         {"t": True})
            org_id = conn.execute(text("SELECT id FROM organisations")).scalar()
            conn.execute(text("INSERT INTO users (email, name, role, organisation_id, active, session_epoch, "
                              "totp_secret) VALUES ('a@example.org', 'A', 'admin', :org, :t, 0, :s)"),
                         {"org": org_id, "s": secret, "t": True})
        upgrade()
        with db.engine.connect() as conn:
            stored = conn.execute(text("SELECT totp_secret FROM users")).scalar()
        assert stored.startswith("v1:") and secret not in stored
        assert db.session.scalar(db.select(User)).totp_secret == secret
        db.session.remove()
        downgrade(revision="0002")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT totp_secret FROM users")).scalar() == secret
        downgrade(revision="base")
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.create_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_downgrading_refuses_to_drop_secrets_it_cannot_open(app, tmp_path, caplog):
    """Writing NULL for a secret sealed under other keys would turn two-factor sign-in off."""
    import pytest
    from sqlalchemy import text

    fresh = _fresh_app(app, tmp_path)
    with fresh.app_context():
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (name, kind, active) VALUES ('Network', 'network', :t)"),
                         {"t": True})
            org_id = conn.execute(text("SELECT id FROM organisations")).scalar()
            conn.execute(text("INSERT INTO users (email, name, role, organisation_id, active, session_epoch, "
                              "totp_secret) VALUES ('a@example.org', 'A', 'admin', :org, :t, 0, 'v1:sealed-elsewhere')"),
                         {"org": org_id, "t": True})
        with pytest.raises(SystemExit):  # Flask-Migrate logs the RuntimeError and exits 1
            downgrade(revision="0002")
        assert "cannot be opened" in caplog.text
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT totp_secret FROM users")).scalar() == "v1:sealed-elsewhere"
            conn.execute(text("DELETE FROM users"))
        downgrade(revision="base")
        if fresh.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            db.create_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
