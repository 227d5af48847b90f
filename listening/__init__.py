"""Hark: a community listening platform for a city's anchor network."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | type | None = None) -> Flask:
    """Build the app. `config` is a config class or a HARK_ENV name."""
    from config import complete, get_config

    config_class = config if isinstance(config, type) else get_config(config)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config_class.INSTANCE_PATH),
    )
    from listening.request import HarkRequest, refuse_nul_in_path

    app.request_class = HarkRequest
    app.before_request(refuse_nul_in_path)
    app.config.from_object(config_class)
    from listening import logs

    logs.init_app(app)
    complete(app.config)
    from listening import sealing

    sealing.init_app(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    from listening import error_reports, metrics

    metrics.init_app(app)
    error_reports.init_app(app)
    return app


def register_extensions(app: Flask) -> None:
    from listening import date_input, extensions, i18n, login, security, templating
    from listening.database import configure_sqlite

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.huey.init_app(app)
    i18n.init_app(app)
    login.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    date_input.init_app(app)
    with app.app_context():
        configure_sqlite(extensions.db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    # End each request's transaction even when an app context outlives it (CLI, tests),
    # so no request reads through another's stale snapshot.
    @app.teardown_request
    def _remove_session(_exc):
        extensions.db.session.remove()
        # Per-request values cached on g (CSRF token, CSP nonce) must not outlive the request either.
        from flask import g

        g.pop("csrf_token", None)
        g.pop("csp_nonce", None)


def register_blueprints(app: Flask) -> None:
    from listening.admin import bp as admin_bp
    from listening.api import bp as api_bp
    from listening.auth import bp as auth_bp
    from listening.briefings import bp as briefings_bp
    from listening.capture import bp as capture_bp
    from listening.commitments import bp as commitments_bp
    from listening.events import bp as events_bp
    from listening.main import bp as main_bp
    from listening.privacy import bp as privacy_bp
    from listening.public import bp as public_bp
    from listening.themes import bp as themes_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(privacy_bp, url_prefix="/admin/privacy")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(capture_bp, url_prefix="/sessions")
    app.register_blueprint(themes_bp, url_prefix="/themes")
    app.register_blueprint(briefings_bp, url_prefix="/briefings")
    app.register_blueprint(commitments_bp, url_prefix="/commitments")
    app.register_blueprint(events_bp, url_prefix="/events")
    app.register_blueprint(public_bp, url_prefix="/wards")


def register_errorhandlers(app: Flask) -> None:
    from listening import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    from listening import cli

    cli.init_app(app)
