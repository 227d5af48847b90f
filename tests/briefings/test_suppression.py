"""Suppression, over random data: no shown count is below the threshold, no total can be
differenced into one, and no quote comes from a note without quote consent."""

from hypothesis import given, settings
from hypothesis import strategies as st

from listening.services.briefing_build import Facts, QuoteFact, SessionFact, ThemeFact, build

WARDS = ["W1", "W2", "W3"]
KEYS = ["a", "b", "c", "d"]


@st.composite
def facts(draw):
    counts = {}
    for key in KEYS:
        for ward in WARDS:
            for kind in ("love", "change"):
                n = draw(st.integers(0, 12))
                if n:
                    counts[(key, ward, kind)] = n
    totals = {}
    for ward in WARDS:
        for kind in ("love", "change"):
            most = max([counts.get((k, ward, kind), 0) for k in KEYS] + [0])
            totals[(ward, kind)] = most + draw(st.integers(0, 6))
    quotes = [
        QuoteFact(key, ward, i, f"note {i}", draw(st.sampled_from(["quote", "analysis"])), 0.5, i % 3)
        for i, (key, ward, _kind) in enumerate(counts)
    ]
    sessions = [SessionFact(w, "Org", "drop-in", draw(st.integers(0, 9)), ("en",)) for w in WARDS]
    themes = [ThemeFact(k, f"Theme {k}", None, tuple(q.note_id for q in quotes[:2])) for k in KEYS]
    return Facts(1, {w: w for w in WARDS}, themes, counts, totals, quotes, sessions)


def _counts(snapshot):
    yield snapshot["notes"]["total"]
    yield snapshot["notes"]["love"]
    yield snapshot["notes"]["change"]
    yield snapshot["heard"]["people"]
    for row in snapshot["themes"]:
        for field in ("love", "change", "city_love", "city_change"):
            yield row[field]
    for row in (snapshot.get("matrix") or {}).get("wards", []):
        yield row["notes"]
        yield from row["cells"].values()


@settings(max_examples=150, deadline=None)
@given(facts(), st.sampled_from([None, *WARDS]), st.integers(2, 8))
def test_nothing_below_the_threshold_and_no_unconsented_quote(data, ward, threshold):
    snapshot = build(data, ward=ward, threshold=threshold, summary=None, previous=None)
    for n in _counts(snapshot):
        assert n is None or n >= threshold
    consented = {q.note_id for q in data.quotes if q.consent == "quote"}
    for row in snapshot["themes"]:
        for quote in row["quotes"]:
            assert quote["note_id"] in consented
        if row["quotes"]:
            raw = [data.counts.get((row["key"], w, k), 0) for w in ([ward] if ward else WARDS) for k in ("love", "change")]
            assert sum(raw) >= threshold
        for kind in ("love", "change"):
            if row[kind] is None:
                assert row[f"{kind}_share"] is None
    # A shown total never sits beside a hidden part it could be differenced into.
    if snapshot["notes"]["total"] is not None:
        assert snapshot["notes"]["love"] is not None or data_total(data, ward, "love") == 0
        assert snapshot["notes"]["change"] is not None or data_total(data, ward, "change") == 0


def data_total(data, ward, kind):
    return sum(n for (w, k), n in data.totals.items() if k == kind and (ward is None or w == ward))
