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
