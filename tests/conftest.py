"""Fixtures: an app per database (SQLite always, PostgreSQL when TEST_DATABASE_URL
is set), a clean database for every test, clients and a page checker."""

from __future__ import annotations

import os

import pytest

from config import TestConfig
from listening import create_app
from listening.extensions import db
from tests import canary, factories, throwaway
from tests.pages import PageClient

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def pytest_sessionstart(session):
    canary.install()  # every log record of the whole run is checked for the canary note word


def pytest_sessionfinish(session, exitstatus):
    if canary.WATCH.hits:
        session.config.get_terminal_writer().line("LOG LEAK: " + canary.report(), red=True)
        session.exitstatus = 1


def _postgres_database() -> tuple[str, callable]:
    """A throwaway database, so parallel test runs never share tables."""
    return throwaway.postgres_database(os.environ["TEST_DATABASE_URL"], "hark_test_")


@pytest.fixture(scope="session", params=DATABASES)
def app(request, tmp_path_factory):
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    drop = None
    if request.param == "postgresql":
        url, drop = _postgres_database()
    else:
        url = f"sqlite:///{instance / 'test.db'}"

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_PATH = instance
        HUEY_SQLITE_PATH = str(instance / "huey.db")
        EMBEDDING_CACHE_DIR = str(instance / "embeddings")
        MODEL_DIR = str(instance / "models")

    app = create_app(Config)
    app.config["DATABASE_KIND"] = request.param
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    from listening.extensions import limiter

    limiter.reset()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return PageClient(app.test_client())


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Factories:
    """Factories that each run in their own app context, like a separate process would."""

    PASSWORD = factories.PASSWORD
    OrgKind = factories.OrgKind
    Role = factories.Role

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):
        factory = getattr(factories, name)

        def call(*args, **kwargs):
            with self.app.app_context():
                return factory(*args, **kwargs)

        return call


@pytest.fixture
def make(app):
    """make.user(role), make.org(kind), make.ward(): real rows through the services."""
    return Factories(app)


@pytest.fixture
def sign_in(client, make):
    """Sign the test client in as a new user of the given role; returns the user."""

    def _sign_in(role, **kwargs):
        user = make.user(role, **kwargs)
        client.sign_in(user.email, factories.PASSWORD)
        return user

    return _sign_in


@pytest.fixture
def mailbox(app, tmp_path):
    """A real local SMTP server (aiosmtpd) the app sends through for this test; its outbox."""
    from tests import mail

    box, stop = mail.start(app, tmp_path / "outbox")
    yield box
    stop()
