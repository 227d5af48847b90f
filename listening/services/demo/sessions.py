"""Demo listening sessions: about 570 synthetic notes (listening/data/demo_notes.csv,
written for the project) across all 33 Leeds wards, some heard a lot and some once, grouped
into sessions run by the demo community organisations. A fixed seed makes the demo the same
every time; running it again changes nothing."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from listening.domain import Consent, NoteKind, OrgKind, SessionFormat
from listening.services import capture, places
from listening.services.demo.organisations import DEMO_SUFFIX

NOTES_CSV = Path(__file__).resolve().parents[2] / "data" / "demo_notes.csv"
SEED = 20260314
FIRST_DAY = date(2025, 9, 6)
LAST_DAY = date(2026, 6, 27)

# Wards the listening bus visits now and then: a few notes each, as in a real city.
BUS_WARDS = [
    "E05011382", "E05011383", "E05011384", "E05011387", "E05011389", "E05011393", "E05011395", "E05011396",
    "E05011398", "E05011401", "E05011405", "E05011406", "E05011407", "E05011408", "E05011409", "E05011410",
    "E05011411", "E05011413", "E05011414",
]

# More demo community organisations, so every ward has someone listening in it.
EXTRA_ORGANISATIONS = [
    ("Chapeltown Community Voices", ["E05011390"]),
    ("Armley Together", ["E05011385"]),
    ("Middleton Neighbours Forum", ["E05011404"]),
    ("Burmantofts and Richmond Hill Tenants", ["E05011388"]),
    ("Little London and Woodhouse Residents", ["E05011403"]),
    ("Farnley and Wortley Community Association", ["E05011392", "E05011391"]),
    ("Leeds Listening Bus", BUS_WARDS),
]

# Ward -> the demo organisation (short name, as in demo.DEMO_ORGANISATIONS) that runs its sessions.
WARD_ORGANISATION = {
    "E05011394": "Harehills Community Hub",
    "E05011400": "Seacroft Family Network",
    "E05011412": "Seacroft Family Network",
    "E05011402": "Kirkstall Neighbourhood Centre",
    "E05011397": "Kirkstall Neighbourhood Centre",
    "E05011386": "Beeston Youth and Elders Forum",
    "E05011399": "Beeston Youth and Elders Forum",
    "E05011390": "Chapeltown Community Voices",
    "E05011385": "Armley Together",
    "E05011404": "Middleton Neighbours Forum",
    "E05011388": "Burmantofts and Richmond Hill Tenants",
    "E05011403": "Little London and Woodhouse Residents",
    "E05011392": "Farnley and Wortley Community Association",
    "E05011391": "Farnley and Wortley Community Association",
    **{code: "Leeds Listening Bus" for code in BUS_WARDS},
}

VENUES = [
    ("Community centre drop-in", SessionFormat.DROP_IN),
    ("Library coffee morning", SessionFormat.GROUP),
    ("Street stall by the shops", SessionFormat.STREET_STALL),
    ("Park family fun day", SessionFormat.EVENT),
    ("Youth club session", SessionFormat.GROUP),
    ("Home visits", SessionFormat.ONE_TO_ONE),
    ("Online evening session", SessionFormat.ONLINE),
    ("Lunch club", SessionFormat.GROUP),
]
AGE_BANDS = ("under-18", "18-24", "25-34", "35-49", "50-64", "65-plus")


def _key(code: str, n: int) -> str:
    return f"demo:{code}:{n}"


def _organisations(org_ids: dict[str, int]) -> dict[str, int]:
    ids = dict(org_ids)

    for name, codes in EXTRA_ORGANISATIONS:
        full = name + DEMO_SUFFIX
        org = places.get_organisation_by_name(full)
        if org is None:
            ward_ids = [w.id for code in codes if (w := places.get_ward_by_code(code))]
            org = places.save_organisation(None, name=full, kind=OrgKind.COMMUNITY, ward_ids=ward_ids)
        ids[name] = org.id
    for name in set(WARD_ORGANISATION.values()) - set(ids):
        org = places.get_organisation_by_name(name + DEMO_SUFFIX)
        if org is not None:
            ids[name] = org.id
    return ids


def _read_notes() -> dict[str, list[dict]]:
    by_ward: dict[str, list[dict]] = {}
    with NOTES_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_ward.setdefault(row["ward"], []).append(row)
    return by_ward


def seed_sessions(password: str | None = None, org_ids: dict[str, int] | None = None) -> int:
    """Create the demo sessions; returns how many notes were added (0 when already seeded)."""
    if capture.session_by_key(_key("E05011394", 0)) is not None:
        return 0
    org_ids = _organisations(org_ids or {})
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not security
    span = (LAST_DAY - FIRST_DAY).days
    by_org: dict[int, list] = {}
    for code, rows in _read_notes().items():
        ward = places.get_ward_by_code(code)
        org_id = org_ids.get(WARD_ORGANISATION.get(code, ""))
        if ward is None or org_id is None:
            continue
        rows = rows[:]
        rng.shuffle(rows)
        n = start = 0
        while start < len(rows):
            size = rng.randint(6, 14)
            chunk = rows[start : start + size]
            start += size
            venue, session_format = rng.choice(VENUES)
            participants = len(chunk) + rng.randint(0, 8)
            ages = {band: rng.randint(0, 4) for band in rng.sample(AGE_BANDS, 3)} if rng.random() < 0.6 else {}
            data = capture.SessionInput(
                ward_id=ward.id,
                held_on=FIRST_DAY + timedelta(days=rng.randint(0, span)),
                venue=f"{venue} (demo)",
                format=session_format,
                participants=participants,
                facilitator=None,
                languages=sorted({r["language"] for r in chunk}),
                summary=None,
                demographics={b: c for b, c in ages.items() if c},
            )
            notes = [
                capture.NoteInput(NoteKind(r["kind"]), r["text"], Consent(r["consent"]), r["language"],
                                  r["english"] or None)
                for r in chunk
            ]
            by_org.setdefault(org_id, []).append((data, notes, _key(code, n)))
            n += 1
    total = 0
    for org_id, groups in by_org.items():
        author = SimpleNamespace(id=None, organisation_id=org_id)  # the demo, not a person
        capture.create_many(author, groups, source="demo")
        total += sum(len(notes) for _, notes, _ in groups)
    return total
