"""Every file of the hostile corpus (tests/hostile/corpus.py, 588 files) through the real
import, in-process on a throwaway SQLite database. Prints refused / imported / failures.

    HARK_ENV=test .venv/bin/python bench/hostile_imports.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import TestConfig
from listening import create_app
from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.services import accounts as users
from listening.services import places as wards
from tests.hostile import check
from tests.hostile.corpus import corpus
from tests.pages import PageClient

PASSWORD = "hostile-bench-pass-phrase"  # noqa: S105 - a throwaway bench account


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="hark-hostile-"))

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp / 'hostile.db'}"
        INSTANCE_PATH = tmp
        HUEY_SQLITE_PATH = str(tmp / "huey.db")
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        wards.seed_wards()
        org = wards.save_organisation(None, name="Hostile Org", kind=OrgKind.COMMUNITY, ward_ids=[])
        users.create_user(email="h@example.org", name="H", role=Role.STAFF, organisation=org,
                          password=PASSWORD)
    client = PageClient(app.test_client())
    client.sign_in("h@example.org", PASSWORD)
    items = corpus()
    outcomes, failures, started = Counter(), [], time.monotonic()
    for item in items:
        try:
            outcomes[check.judge(app, client, item)] += 1
        except AssertionError as exc:
            failures.append(str(exc))
    print(f"files: {len(items)} in {time.monotonic() - started:.0f} s")
    print(f"refused with a message: {outcomes['refused']}  imported whole: {outcomes['imported']}  failures: {len(failures)}")
    for failure in failures[:20]:
        print("  ", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
