"""10,000+ Schemathesis-generated requests against /api/v1 (in-process WSGI, a throwaway
SQLite database), valid and invalid, with a valid bearer token. Prints the counts.

    HARK_ENV=test .venv/bin/python bench/api_fuzz.py [--examples 420] [--role admin|staff|organiser|anchor]

An admin token reaches every operation but its organisation is the network, so the success path of
POST /sessions is reached only with --role staff (a community organisation's member).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import TestConfig
from listening import create_app
from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.services import accounts as users
from listening.services import places as wards
from tests.reliability.api_fuzz import fuzz


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=420, help="per operation and mode (12 operations x 2 modes)")
    parser.add_argument("--role", default="admin", choices=[r.value for r in Role])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hark-fuzz-"))

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp / 'fuzz.db'}"
        INSTANCE_PATH = tmp
        HUEY_SQLITE_PATH = str(tmp / "huey.db")
        EMBEDDING_CACHE_DIR = str(tmp / "embeddings")
        MODEL_DIR = str(tmp / "models")
        HUEY_IMMEDIATE = True
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        wards.seed_wards()
        role = Role(args.role)
        kind = {Role.STAFF: OrgKind.COMMUNITY, Role.ANCHOR: OrgKind.ANCHOR}.get(role, OrgKind.NETWORK)
        all_wards = [w.id for w in wards.list_wards()]
        org = wards.save_organisation(None, name="Fuzz organisation", kind=kind,
                                      ward_ids=all_wards if kind == OrgKind.COMMUNITY else [])
        person = users.create_user(email="fuzz@example.org", name="Fuzz", role=role, organisation=org)
        token = users.issue_api_token(person, second_factor=True)
    report = fuzz(app, token, examples=args.examples)
    print(f"requests: {report.requests} in {report.seconds:.0f} s")
    print("statuses:", dict(sorted(report.statuses.items())))
    print("per operation:", dict(report.per_operation))
    print(f"5xx: {report.server_errors}  schema/content-type failures: {len(report.failures)}")
    for failure in report.failures[:20]:
        print("  ", failure)
    return 1 if report.server_errors or report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
