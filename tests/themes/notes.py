"""Fixture notes for theme and briefing tests: sessions and notes inserted directly, plus
a way to store a run's results without the model (the real model runs in the slow tests)."""

from __future__ import annotations

import itertools
from datetime import date

from listening.domain import Consent, NoteKind, OrgKind, SessionFormat
from listening.extensions import db
from listening.models import ListeningSession, Note
from listening.services import themes
from listening.services.core import write
from listening.services.themes import analysis
from listening.services.themes import runs as theme_runs
from tests import factories

_seq = itertools.count(1)

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
    organisation = organisation or factories.org(OrgKind.COMMUNITY)
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
    assert theme_runs._claim(run.id)
    themes.store_results(run.id, fake_result(groups, labels), "", note_count=sum(len(v) for v in groups.values()))
    db.session.expire_all()
    return themes.get_run(run.id)
