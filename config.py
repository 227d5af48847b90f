"""Configuration classes, chosen by the HARK_ENV environment variable.

Secrets come only from the environment. In development a random secret key is
generated once and kept in instance/ so sign-ins survive a restart.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("HARK_INSTANCE_PATH", ROOT / "instance"))


DEV_SECRET_KEY_FILE = INSTANCE / "secret_key"


class ConfigError(SystemExit):
    """A setting the app cannot start without: one plain line on stderr, exit status 1, no traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(f"Hark cannot start: {message}")


def _dev_secret_key(instance: Path) -> str:
    """Read (or make, owner-only from the first byte) the development instance's secret key.
    Called when the development app is built, never at import: the file marks a development
    instance (see environment_name)."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / DEV_SECRET_KEY_FILE.name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    ENV_NAME = "base"
    NETWORK_NAME = os.environ.get("HARK_NETWORK_NAME", "Leeds Anchor Network")
    SERVICE_NAME = "Hark"
    INSTANCE_PATH = INSTANCE
    SECRET_KEY = os.environ.get("SECRET_KEY")

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'hark.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 15000)

    REDIS_URL = os.environ.get("REDIS_URL")
    HUEY_SQLITE_PATH = str(INSTANCE / "huey.db")
    HUEY_IMMEDIATE = False
    # Limits shared by every process whenever Redis is there; memory:// only holds with one
    # process (gunicorn.conf.py runs one worker with threads unless REDIS_URL is set).
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "hark")
    # How many reverse proxies in front set X-Forwarded-For (docs/deploy.md). 0: trust none.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT_IP = os.environ.get("LOGIN_RATE_LIMIT_IP", "20/minute")
    LOGIN_RATE_LIMIT_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_ACCOUNT", "5/minute")

    # Sessions: signed cookies, so any web worker can serve any request.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "hark_session"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=_int("SESSION_IDLE_MINUTES", 30))
    SESSION_REFRESH_EACH_REQUEST = True
    SESSION_ABSOLUTE_HOURS = _int("SESSION_ABSOLUTE_HOURS", 12)
    HSTS = True

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; long paper-entry forms must not expire
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 10 * 1024 * 1024)

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = {"en": "English", "pl": "Polski", "ur": "اردو"}
    RTL_LANGUAGES = {"ur"}

    SUPPRESSION_THRESHOLD = _int("SUPPRESSION_THRESHOLD", 5)  # k: docs/disclosure.md
    DISCLOSURE_ROUNDING_BASE = _int("DISCLOSURE_ROUNDING_BASE", 5)  # published counts are rounded to this
    # A session counts as heard at an event when held on its day or up to this many days after
    # (write-ups of a long day arrive late); never before the event.
    EVENT_LINK_DAYS = _int("EVENT_LINK_DAYS", 7)
    INVITE_HOURS = _int("INVITE_HOURS", 72)
    RESET_MINUTES = _int("RESET_MINUTES", 60)  # a "forgot your password" link
    RESET_RATE_LIMIT = os.environ.get("RESET_RATE_LIMIT", "5/hour")  # reset requests per address and per client

    # Outgoing mail (SMTP). Links in mail start with PUBLIC_URL, never with the request's Host
    # header (which a client chooses). Unset MAIL_SERVER: no mail is sent and pages say so.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"  # STARTTLS
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"  # TLS from the first byte (port 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Hark <no-reply@localhost>")
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 15)
    # Development only: the local catcher (`python -m listening.mail_catcher`, started by
    # `make run`) writes what was "sent" here, and /admin/outbox shows it.
    MAIL_OUTBOX_DIR = ""
    EMBEDDING_CACHE_DIR = os.environ.get("EMBEDDING_CACHE_DIR", str(INSTANCE / "embeddings"))
    MODEL_DIR = os.environ.get("MODEL_DIR", str(INSTANCE / "models"))  # shared storage for a second consumer
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-password")
    # Multi-factor sign-in (TOTP). Roles that must use it; everyone else may turn it on.
    MFA_REQUIRED_ROLES = frozenset(
        r.strip() for r in os.environ.get("MFA_REQUIRED_ROLES", "organiser,admin").split(",") if r.strip()
    )
    MFA_ISSUER = os.environ.get("MFA_ISSUER", "Hark")
    MFA_RATE_LIMIT = os.environ.get("MFA_RATE_LIMIT", "5/minute")  # code attempts per account
    MFA_PENDING_MINUTES = _int("MFA_PENDING_MINUTES", 10)  # between password and code
    # The demo organiser and admin share this TOTP secret (base32) so the demo can be signed into.
    # Fernet keys sealing TOTP secrets at rest, comma-separated (first seals, any opens); unset:
    # derived from SECRET_KEY (see listening/sealing.py). Make one with
    # `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
    MFA_KEYS = os.environ.get("MFA_KEYS", "")
    DEMO_TOTP_SECRET = os.environ.get("DEMO_TOTP_SECRET", "HARKDEMOHARKDEMOHARKDEMOHARKDEMO")
    # Privacy: raw (unredacted) note text is purged after this many days; redacted text stays.
    RAW_RETENTION_DAYS = _int("RAW_RETENTION_DAYS", 365)
    # Unfinished session journeys keep unredacted words: drop them after this many days.
    DRAFT_RETENTION_DAYS = _int("DRAFT_RETENTION_DAYS", 14)

    # Spreadsheet import of notes (docs/capture.md). Each limit is answered with a plain message.
    IMPORT_MAX_BYTES = _int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)  # the uploaded file
    IMPORT_MAX_UNCOMPRESSED_BYTES = _int("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)  # an XLSX unpacked
    IMPORT_MAX_ROWS = _int("IMPORT_MAX_ROWS", 20000)  # rows of notes, not counting the header or blank lines
    IMPORT_MAX_COLUMNS = _int("IMPORT_MAX_COLUMNS", 30)
    IMPORT_MAX_CELL_CHARS = _int("IMPORT_MAX_CELL_CHARS", 5000)
    API_SESSION_MAX_BYTES = _int("API_SESSION_MAX_BYTES", 1024 * 1024)  # POST /api/v1/sessions body

    # Operations (docs/deploy.md): backups, health, logs, metrics, error reports.
    BACKUP_DIR = os.environ.get("BACKUP_DIR", "")  # unset: no scheduled backup (health warns)
    BACKUP_KEEP = _int("BACKUP_KEEP", 7)  # daily backups kept; an erased note leaves backups after this many days
    BACKUP_HOUR = _int("BACKUP_HOUR", 2)  # UTC hour of the nightly backup (at :30)
    BACKUP_MAX_AGE_HOURS = _int("BACKUP_MAX_AGE_HOURS", 26)
    PURGE_MAX_AGE_HOURS = _int("PURGE_MAX_AGE_HOURS", 26)
    HEARTBEAT_MAX_AGE_SECONDS = _int("HEARTBEAT_MAX_AGE_SECONDS", 90)  # consumers beat every 5 s
    DISK_FREE_MIN_MB = _int("DISK_FREE_MIN_MB", 1024)
    HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")  # bearer token for /healthz/detail (admins may sign in)
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")  # bearer token for /metrics; unset: no /metrics
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # "json" for one JSON object per line
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    SENTRY_DSN = os.environ.get("SENTRY_DSN", "")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEV_SECRET_KEY = True  # no SECRET_KEY in the environment: one kept in instance/ (complete())
    SESSION_COOKIE_SECURE = False
    HSTS = False
    PUBLIC_URL = os.environ.get("PUBLIC_URL", f"http://127.0.0.1:{os.environ.get('PORT', '5000')}")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = _int("MAIL_PORT", _int("DEV_MAIL_PORT", 8025))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_OUTBOX_DIR = str(INSTANCE / "outbox")


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    HSTS = False
    HUEY_IMMEDIATE = True
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_FAST = True  # argon2 at its cheapest: the suite signs in hundreds of times
    PUBLIC_URL = "http://hark.test"
    MAIL_SERVER = ""  # tests that send mail start a real SMTP server (tests/mail.py) and point here
    MAIL_USE_TLS = False


class ConsumerTestConfig(TestConfig):
    """For tests that start a real Huey consumer: the queue in HARK_INSTANCE_PATH/huey.db
    (not immediate), the database at TEST_DATABASE_URL (a file or PostgreSQL the test shares)."""

    ENV_NAME = "consumer-test"
    HUEY_IMMEDIATE = False
    # Tests only: a run that has read its notes waits until this file exists (at most 10 minutes),
    # so a test can look at what happens while a run is under way without timing anything.
    THEME_RUN_GATE = os.environ.get("HARK_THEME_RUN_GATE", "")


class ProductionConfig(Config):
    ENV_NAME = "production"


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "consumer-test": ConsumerTestConfig,
    "production": ProductionConfig,
}


def environment_name() -> str:
    """HARK_ENV when set. Unset, this checkout is a development instance when `make run` has made
    its secret key file in instance/ and no SECRET_KEY is in the environment (a deployment sets
    one, so it is never mistaken for development); anything else is production."""
    name = os.environ.get("HARK_ENV")
    if name:
        return name
    if not os.environ.get("SECRET_KEY") and DEV_SECRET_KEY_FILE.is_file():
        return "development"
    return "production"


def get_config(name: str | None = None) -> type[Config]:
    name = name or environment_name()
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"HARK_ENV={name!r} is not one of {', '.join(CONFIGS)}") from None


# Settings production cannot run without, each with what to put in it.
REQUIRED_IN_PRODUCTION = {
    "SECRET_KEY": "set SECRET_KEY in the environment to a long random string "
    "(python -c 'import secrets; print(secrets.token_urlsafe(48))'); see docs/deploy.md",
}


def complete(config: dict) -> None:
    """Fill what is made at start (the development secret key), then stop with one plain line
    when a setting production needs is missing."""
    if config.get("DEV_SECRET_KEY") and not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _dev_secret_key(Path(config["INSTANCE_PATH"]))
    for name, advice in REQUIRED_IN_PRODUCTION.items():
        if not config.get(name):
            raise ConfigError(f"{name} is missing: {advice}")
