"""Starting Hark from a shell, as the README prints it, with and without the settings it needs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _flask(instance: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`.venv/bin/flask --app listening ARGS` with no HARK_ENV and no SECRET_KEY, as a new
    terminal has after `make run` (only the instance folder is pointed somewhere disposable)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("HARK_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL")}
    clean.update(HARK_INSTANCE_PATH=str(instance), **env)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "listening", *args],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def dev_instance(tmp_path_factory):
    """What `make run` leaves behind: a development instance with its secret key and a migrated
    database holding one account."""
    instance = tmp_path_factory.mktemp("dev-instance")
    made = _flask(instance, "db", "upgrade", HARK_ENV="development")
    assert made.returncode == 0, made.stderr
    _flask(instance, "wards", "seed", HARK_ENV="development")
    return instance


def test_readme_token_command_works_after_make_run(dev_instance):
    """Finding 1: `.venv/bin/flask --app listening users token staff@example.org`, exactly as the
    README shows it, ended in `RuntimeError: SECRET_KEY must be set` after `make run`."""
    org = subprocess.run(
        [sys.executable, "-c",
         "from listening import create_app; from listening.services import places; from listening.domain import OrgKind\n"
         "app = create_app()\n"
         "with app.app_context(): places.save_organisation(None, name='Kirkstall Hub', kind=OrgKind.COMMUNITY, ward_ids=[])"],
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if k not in ("HARK_ENV", "SECRET_KEY")},
                       "HARK_INSTANCE_PATH": str(dev_instance)}, capture_output=True, text=True, timeout=120,
    )
    assert org.returncode == 0, org.stderr
    created = _flask(dev_instance, "users", "create", "staff@example.org", "--name", "Sam", "--role", "staff",
                     "--org", "Kirkstall Hub")
    assert created.returncode == 0, created.stderr
    token = _flask(dev_instance, "users", "token", "staff@example.org")
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().startswith("hark_")
    assert "Traceback" not in token.stderr


def test_missing_production_secret_key_is_one_plain_line(tmp_path):
    """Finding 1: a misconfigured production start was a traceback rather than one plain line."""
    result = _flask(tmp_path, "users", "token", "staff@example.org")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY" in lines[0], result.stderr
    # Production never writes a development key: the instance is not mistaken for development next time.
    assert not (tmp_path / "secret_key").exists()


def test_an_unknown_environment_name_is_one_plain_line(tmp_path):
    result = _flask(tmp_path, "users", "token", "staff@example.org", HARK_ENV="staging")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["Hark cannot start: HARK_ENV='staging' is not one of "
                                                  "development, test, consumer-test, production"]


def test_a_set_secret_key_never_falls_back_to_development(dev_instance):
    """A deployment sets SECRET_KEY, so it runs as production even beside a development key file:
    the demo accounts (public password) are refused."""
    result = _flask(dev_instance, "demo", "seed", SECRET_KEY="k" * 48)
    assert result.returncode != 0 and "HARK_ENV=production" in result.stderr


def test_database_queue_and_key_files_are_owner_only(dev_instance):
    """Finding 7: instance/hark.db was created world-readable (the secret key file was 0600)."""
    for name in ("hark.db", "huey.db", "secret_key"):
        mode = stat.S_IMODE((dev_instance / name).stat().st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"
