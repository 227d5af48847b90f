"""CPU time to read and check hostile spreadsheets, through the import's own check
(read_table and every row's validation, as the upload page runs it), on a throwaway database.

    HARK_ENV=test .venv/bin/python bench/csv_parse.py

Prints the time for one notes row followed by 20k, 80k and 160k commas (issue 15 measured 0.6 s,
7.9 s and 32.7 s), the 160k/20k ratio, the worst 5 MB files we know of, and an XLSX whose one
extra cell sits in row 1,048,576. Target: every file under 5 s, ratio no more than 10x.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import TestConfig
from listening import create_app
from listening.domain import OrgKind, Role
from listening.extensions import db
from listening.services import accounts, capture, places

HEADER = ",".join(capture.COLUMN_NAMES) + "\n"
ROW = "Kirkstall,2026-03-14,Hub,drop-in,12,,love,The park is lovely,quote,en,"
FIVE_MB = 5 * 1024 * 1024 - 4096


def _commas(n: int) -> bytes:
    return (HEADER + ROW + "," * n + "\n").encode()


def _xlsx_far_cell() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(capture.COLUMN_NAMES)
    sheet.append(ROW.split(","))
    sheet.cell(row=1_048_576, column=1, value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cases() -> list[tuple[str, str, bytes]]:
    return [
        ("20k commas", "n.csv", _commas(20_000)),
        ("80k commas", "n.csv", _commas(80_000)),
        ("160k commas", "n.csv", _commas(160_000)),
        ("5 MB: one row of commas", "n.csv", _commas(FIVE_MB - len(HEADER) - len(ROW))),
        ("5 MB: header then blank lines", "n.csv", (HEADER + "\n" * (FIVE_MB - len(HEADER))).encode()),
        ("5 MB: header of commas", "n.csv", (ROW + "," * (FIVE_MB - len(ROW)) + "\n").encode()),
        ("5 MB: ';' rows of empty cells", "n.csv", (HEADER.replace(",", ";") + (";" * 99 + "\n") * (FIVE_MB // 100)).encode()),
        ("5 MB: 20,000 full rows", "n.csv", (HEADER + (ROW + "x" * 200 + "\n") * 20_000).encode()[:FIVE_MB]),
        ("XLSX: one cell in row 1,048,576", "n.xlsx", _xlsx_far_cell()),
    ]


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="hark-csv-bench-"))

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp / 'bench.db'}"
        INSTANCE_PATH = tmp
        HUEY_SQLITE_PATH = str(tmp / "huey.db")

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        places.seed_wards_rows([("E05011402", "Kirkstall")])
        org = places.save_organisation(None, name="Bench Org", kind=OrgKind.COMMUNITY, ward_ids=[])
        user = accounts.create_user(email="bench@example.org", name="Bench", role=Role.STAFF, organisation=org)
        timings = {}
        print(f"{'file':36} {'bytes':>10} {'CPU s':>7}  answer")
        for name, filename, data in cases():
            start = time.process_time()
            outcome = capture.check_file(user, filename, data)
            took = time.process_time() - start
            timings[name] = took
            answer = "ok" if outcome.ok else str(outcome.problems[0].message)[:60]
            print(f"{name:36} {len(data):>10,} {took:>7.3f}  {answer}")
    ratio = timings["160k commas"] / max(timings["20k commas"], 1e-6)
    worst = max(timings.values())
    print(f"\nratio 160k/20k: {ratio:.1f}x (target <= 10x); slowest file: {worst:.2f} s (target < 5 s)")
    return 0 if worst < 5 and ratio <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
