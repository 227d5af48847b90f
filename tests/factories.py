"""One home for test data: small builders that make real rows through the services layer (accounts,
wards, organisations, logged sessions), notes inserted directly with a way to store a theme run's
results without the model (the real model runs in the slow tests), and the commitments/events/public
page world (a ward with notes, a current run and a published Kirkstall briefing)."""

from __future__ import annotations

import itertools
from datetime import date

import pyotp
from flask import current_app

from listening.domain import ROLE_ORG_KIND, Consent, NoteKind, OrgKind, Role, SessionFormat
from listening.extensions import db
from listening.models import ListeningSession, Note
from listening.services import briefings, capture, places, themes
from listening.services.accounts import mfa, users
from listening.services.core import write
from listening.services.places import wards
from listening.services.themes import analysis

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def ward(code: str | None = None, name: str | None = None):
    n = next(_seq)
    code = code or f"E0599{n:04d}"
    existing = wards.get_ward_by_code(code)
    if existing:
        return existing
    wards.seed_wards_rows([(code, name or f"Test Ward {n}")])
    return wards.get_ward_by_code(code)


def org(kind: OrgKind = OrgKind.COMMUNITY, name: str | None = None, ward_ids=()):
    return wards.save_organisation(None, name=name or f"{kind.value.title()} Org {next(_seq)}", kind=kind, ward_ids=list(ward_ids))


def user(
    role: Role = Role.STAFF,
    *,
    organisation=None,
    email: str | None = None,
    password: str | None = PASSWORD,
    name=None,
    mfa_enrolled: bool | None = None,
):
    """A user; roles that must use multi-factor sign-in (organiser, admin) are enrolled with a
    random TOTP secret unless mfa_enrolled=False. The secret is `returned_user.totp_secret` (read
    inside an app context: it is sealed at rest); `totp_code(user)` gives a current code."""
    organisation = organisation or org(ROLE_ORG_KIND[role])
    n = next(_seq)
    created = users.create_user(
        email=email or f"{role.value}{n}@example.org",
        name=name or f"{role.value.title()} Person {n}",
        role=role,
        organisation=organisation,
        password=password,
    )
    if mfa_enrolled is None:
        mfa_enrolled = role.value in current_app.config["MFA_REQUIRED_ROLES"]
    if mfa_enrolled:
        mfa.seed_secret(created, pyotp.random_base32())
    return created


def totp_code(user_or_secret) -> str:
    secret = getattr(user_or_secret, "totp_secret", user_or_secret)
    return pyotp.TOTP(secret).now()


def logged_session(user, ward, texts=("The park is lovely",), held_on=date(2026, 3, 1), key=None, **kwargs) -> int:
    """A session logged through the capture service (with redaction on save); returns its id."""
    data = capture.SessionInput(
        ward_id=ward.id, held_on=held_on, venue=kwargs.pop("venue", "Community Centre"),
        format=kwargs.pop("format", SessionFormat.DROP_IN), participants=kwargs.pop("participants", 5),
    )
    notes = [
        capture.NoteInput(kwargs.get("kind", NoteKind.LOVE), t, Consent.QUOTE)
        for t in texts
    ]
    session, _ = capture.create_session(users.get_user(user.id), data, notes, submission_key=key)
    return session.id


# ---- notes and theme runs, without the model -------------------------------------------------

# A small corpus in three clear groups, written for the tests.
CORPUS = {
    "park": [
        ("love", "The park is lovely and the children play there every day"),
        ("love", "We love the green space by the river, it is so peaceful"),
        ("change", "The park needs more benches and better lighting at night"),
        ("love", "Walking the dog in the park is the best part of my week"),
        ("change", "The playground in the park is broken and needs fixing"),
        ("love", "Beautiful trees and flowers in the park in spring"),
    ],
    "buses": [
        ("change", "The buses are always late and too crowded in the morning"),
        ("change", "We need a bus route that goes to the hospital directly"),
        ("change", "Bus fares are too expensive for families on low incomes"),
        ("love", "The new bus shelter is warm and has a timetable screen"),
        ("change", "Buses stop running too early in the evening"),
        ("change", "The bus station is dirty and feels unsafe after dark"),
    ],
    "community": [
        ("love", "The community centre runs brilliant groups for older people"),
        ("love", "Friendly neighbours who look out for each other"),
        ("love", "The food bank volunteers are kind and welcoming"),
        ("change", "The community centre needs longer opening hours"),
        ("love", "Local festivals bring everyone together in summer"),
        ("love", "The library and the community cafe are lovely places to meet"),
    ],
}


def session(ward, organisation=None, *, held_on=date(2026, 3, 1), participants=12, fmt=SessionFormat.DROP_IN,
            languages=("en",)):
    organisation = organisation or org(OrgKind.COMMUNITY)
    with write():
        row = ListeningSession(
            organisation_id=organisation.id, ward_id=ward.id, held_on=held_on, venue="Test venue",
            format=fmt, participants=participants, languages=list(languages),
        )
        db.session.add(row)
    return row


def note(sess, text, kind="love", consent="quote", position=None):
    with write():
        row = Note(
            session_id=sess.id, organisation_id=sess.organisation_id, ward_id=sess.ward_id, held_on=sess.held_on,
            position=position if position is not None else next(_seq), kind=NoteKind(kind), consent=Consent(consent),
            text=text, raw_text=text,
        )
        db.session.add(row)
    return row


def corpus(ward, organisation=None, consent="quote", repeat=1):
    """The CORPUS as notes in one session; returns {group: [note ids]}."""
    sess = session(ward, organisation)
    ids = {}
    for n in range(repeat):
        for group, items in CORPUS.items():
            for kind, text in items:
                suffix = f" ({n})" if n else ""
                ids.setdefault(group, []).append(note(sess, text + suffix, kind, consent).id)
    return ids


def fake_result(groups: dict[str, list[int]], labels: dict[str, str] | None = None) -> analysis.Analysis:
    """What the analysis would return if it found exactly these groups (key -> note ids)."""
    found = [
        analysis.FoundTheme(
            key=key, label=(labels or {}).get(key, key.title()), keywords=[key], size=len(ids), love=0, change=0,
            centroid=[float(i == n) for n in range(4)], quote_ids=ids[:3],
        )
        for i, (key, ids) in enumerate(groups.items())
    ]
    placements = [analysis.Placement(nid, key, 0.9, 0) for key, ids in groups.items() for nid in ids]
    return analysis.Analysis(themes=found, placements=placements)


def store_run(groups: dict[str, list[int]], labels=None, date_from=None, date_to=None):
    """A finished, current run with these groups, stored the way a real run stores its results
    (over all notes, or a date range when given)."""
    run = themes.start_run(None, date_from, date_to, enqueue=False)
    assert themes.claim_run(run.id)
    themes.store_results(run.id, fake_result(groups, labels), "", note_count=sum(len(v) for v in groups.values()))
    db.session.expire_all()
    return themes.get_run(run.id)


# ---- the commitments, events and public page world -------------------------------------------

LABELS = {"park": "Parks", "buses": "Buses", "community": "Community spirit"}


def world(publish: bool = True) -> dict:
    kirkstall = ward("E05011402", "Kirkstall")
    gipton = ward("E05011394", "Gipton & Harehills")
    ids = corpus(kirkstall, repeat=3)
    other = corpus(gipton, consent="analysis")
    run = store_run({k: ids[k] + other[k] for k in ids}, labels=LABELS)
    council = org(OrgKind.ANCHOR, name="City Council (test)")
    trust = org(OrgKind.ANCHOR, name="Hospital Trust (test)")
    anchor = user(Role.ANCHOR, organisation=council)
    anchor2 = user(Role.ANCHOR, organisation=trust)
    organiser = user(Role.ORGANISER)
    briefing_id = None
    if publish:
        draft = briefings.create_draft(kirkstall, organiser.id)
        briefing_id = briefings.publish(draft, organiser.id).id
    return {
        "run_id": run.id, "kirkstall": kirkstall.code, "kirkstall_id": kirkstall.id, "gipton": gipton.code,
        "council": council.id, "trust": trust.id, "anchor": anchor.email, "anchor2": anchor2.email,
        "organiser": organiser.email, "anchor_id": anchor.id, "anchor2_id": anchor2.id, "briefing_id": briefing_id,
        "organiser_id": organiser.id,
    }


def token(email: str) -> str:
    return users.issue_api_token(users.get_by_email(email), second_factor=True)  # as made on the account page


# ---- ward maps --------------------------------------------------------------------------------


def leeds_with_boundaries():
    """The 33 Leeds wards and their boundaries, as `flask wards seed` makes them."""
    wards.seed_wards()
    places.load_boundaries(places.LEEDS_BOUNDARIES, source=places.LEEDS_SOURCE)


def map_world() -> dict:
    """Leeds with boundaries; Kirkstall (54 notes, a third on parks, briefing published), Armley
    (two thirds on parks), Gipton (2 notes on parks: "fewer than 5", so it is suppressed) and a
    ward with no boundary."""
    leeds_with_boundaries()
    kirkstall, gipton, armley = (wards.get_ward_by_code(c) for c in ("E05011402", "E05011394", "E05011385"))
    nowhere = ward("E05990999", "Nowhere Ward")
    ids = corpus(kirkstall, repeat=3)
    other = corpus(gipton, consent="analysis")
    sess = session(armley, participants=3)
    armley_park = [note(sess, f"The park by the canal is lovely ({n})", "love").id for n in range(12)]
    armley_buses = [note(sess, f"The buses are late ({n})", "change").id for n in range(6)]
    groups = {k: ids[k] + other[k] for k in ids}
    groups["park"] = ids["park"] + other["park"][:2]  # since issue 13 a count is suppressed only when small
    groups["park"] += armley_park
    groups["buses"] += armley_buses
    run = store_run(groups, labels=LABELS)
    organiser = user(Role.ORGANISER)
    published = briefings.publish(briefings.create_draft(kirkstall, organiser.id), organiser.id)
    return {"run_id": run.id, "kirkstall_briefing": published.id, "nowhere": nowhere.code, "organiser": organiser.email}
