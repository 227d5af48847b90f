"""How long protecting the events planner's map takes against a history of published briefings
(pure: no database). The map is attacked as if made from the same data as each published
generation, so the time grows with the history; coverage.heard_by_ward caches the result until a
session or a publication changes it.

    .venv/bin/python bench/planner_map_protect.py [versions_per_ward]

A city shaped like Leeds: 33 wards, 15 themes, 5 to 90 notes per ward, 1 to 8 sessions per ward;
every ward briefing then the city overview, repeated, with a note added in a ward between rounds.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from listening.services import disclosure
from listening.services.disclosure.briefing import Counts, Session, city_keys, ward_keys

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rng = random.Random(13)
wards = tuple(f"W{i:02d}" for i in range(33))
themes = tuple(f"t{i}" for i in range(15))
rule = disclosure.Rule()
layout = disclosure.briefing_layout(wards, disclosure.FORMATS)
theme_notes, notes, sessions = {}, {}, []
for ward in wards:
    for kind in ("love", "change"):
        n = rng.randint(3, 45)
        notes[(ward, kind)] = n
        for theme in rng.sample(themes, 5):
            theme_notes[(theme, ward, kind)] = rng.randint(0, n // 2)
    for _ in range(rng.randint(1, 8)):
        sessions.append(Session(ward, rng.choice(disclosure.FORMATS), rng.randint(1, 15), ("en",)))
counts = Counts(wards, themes, disclosure.FORMATS, theme_notes, notes, tuple(sessions))
history = []


def publish(ward):
    shown = ward_keys(ward, counts) if ward else city_keys(counts, themes)
    closure, _eqs = layout.closure(shown)
    gen = disclosure.generation(counts)
    figures = disclosure.protect(counts.values(closure), shown, rule, layout, history=list(history), generation=gen,
                                 order=len(history) + 1, name=f"{ward or 'city'} {len(history)}").figures
    history.append(disclosure.Publication(f"{ward or 'city'} {len(history)}", gen, len(history) + 1, figures))


started = time.perf_counter()
for r in range(rounds):
    for ward in wards:
        publish(ward)
    publish(None)
    counts.notes[(wards[r % 33], "love")] += 1  # new data before the next round: a new generation
published_in = time.perf_counter() - started

raw, shown, given = {}, [], {}
for ward in wards:
    raw[("sessions", ward, "*")] = counts.value(("sessions", ward, "*"))
    raw[("people", ward)] = counts.value(("people", ward))
    shown += [("sessions", ward, "*"), ("people", ward)]
    given[("sessions", ward, "*")] = disclosure.some(raw[("sessions", ward, "*")], rule)
generations = tuple(dict.fromkeys(p.generation for p in history))
started = time.perf_counter()
protected = disclosure.protect(raw, shown, rule, layout, history=history, generation="map", also_as=generations,
                               order=len(history) + 1, given=given, context=[("people", "*"), ("sessions", "*", "*")])
took = time.perf_counter() - started
print(f"{len(history)} published versions ({len(generations)} generations) built in {published_in:.1f} s")
print(f"planner map: {len(shown)} figures, {len(protected.withheld)} withheld, {protected.rounds} rounds, "
      f"protected in {took:.2f} s")
