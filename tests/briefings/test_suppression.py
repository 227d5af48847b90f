"""Suppression, over random data: no shown count is below the threshold, no total can be
differenced into one, no quote comes from a note without quote consent, and a quote sits only
in the list of its own kind (love or change), beside a count of that kind that is shown.

Since issue 13 a figure is 0, a multiple of 5 of at least the threshold, "<k", or None (not shown
to protect another figure), and "cannot be differenced" is checked by the disclosure audit itself."""

from hypothesis import given, settings
from hypothesis import strategies as st

from listening.services.briefings.snapshot import Facts, QuoteFact, SessionFact, ThemeFact, build
from listening.services.disclosure import FORMATS, briefing_layout, leaks, read

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
    quotes = []
    for (key, ward, kind), n in counts.items():  # up to one candidate per counted note
        for _ in range(draw(st.integers(0, min(n, 4)))):
            i = len(quotes)
            consent = draw(st.sampled_from(["quote", "analysis"]))
            quotes.append(QuoteFact(key, ward, i, f"note {i}", consent, kind, 0.5, i % 3, draw(st.booleans())))
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
@given(facts(), st.sampled_from([None, *WARDS]), st.integers(3, 8))  # k = 2 is refused: "fewer than 2" is 1
def test_nothing_below_the_threshold_and_no_unconsented_quote(data, ward, threshold):
    snapshot = build(data, ward=ward, threshold=threshold, summary=None, previous=None)
    for n in _counts(snapshot):
        assert n is None or n == 0 or n == f"<{threshold}" or (n >= threshold and n % 5 == 0), n
    by_id = {q.note_id: q for q in data.quotes}
    places = [ward] if ward else WARDS
    for row in snapshot["themes"]:
        assert row["quotes"] == row["love_quotes"] + row["change_quotes"]
        for kind in ("love", "change"):
            quotes = row[f"{kind}_quotes"]
            assert len(quotes) <= 2 and len({q["note_id"] for q in quotes}) == len(quotes)
            for quote in quotes:
                fact = by_id[quote["note_id"]]
                assert fact.consent == "quote" and fact.kind == kind == quote["kind"]
                assert fact.theme_key == row["key"] and fact.ward in places
            if quotes:  # beside a count of that kind that is shown, in this place
                assert isinstance(row[kind], int) and row[kind] >= threshold
                assert sum(data.counts.get((row["key"], w, kind), 0) for w in places) >= threshold
        for kind in ("love", "change"):
            if not isinstance(row[kind], int):
                assert row[f"{kind}_share"] is None
    # No total, part or city/ward figure can be differenced into a small count.
    published = read(snapshot, wards=WARDS, formats=FORMATS, languages=("en",), name="snapshot", order=1)
    found = leaks([published], briefing_layout(WARDS, FORMATS), threshold)
    assert not found, [leak.describe() for leak in found]


def test_the_love_list_shows_love_quotes_and_the_change_list_change_quotes():
    counts = {("bus", "W1", "love"): 6, ("bus", "W1", "change"): 9}
    quotes = [
        QuoteFact("bus", "W1", 1, "The new shelter is lovely", "quote", "love", 0.9, 1),
        QuoteFact("bus", "W1", 2, "The buses are always late", "quote", "change", 0.95, 2),
        QuoteFact("bus", "W1", 3, "Fares are too high", "quote", "change", 0.8, 3),
        QuoteFact("bus", "W1", 4, "Not for quoting", "analysis", "love", 0.99, 4),
    ]
    data = Facts(1, {"W1": "Ward 1"}, [ThemeFact("bus", "Buses", None, (2, 1))], counts,
                 {("W1", "love"): 6, ("W1", "change"): 9}, quotes, [])
    row = build(data, ward="W1", threshold=5, summary=None, previous=None)["themes"][0]
    assert [q["text"] for q in row["love_quotes"]] == ["The new shelter is lovely"]
    assert [q["text"] for q in row["change_quotes"]] == ["The buses are always late", "Fares are too high"]
    # with only 3 love notes the love count is hidden, and so are the love quotes; change ones stay
    data.counts[("bus", "W1", "love")] = 3
    row = build(data, ward="W1", threshold=5, summary=None, previous=None)["themes"][0]
    assert row["love"] == "<5" and row["love_quotes"] == [] and len(row["change_quotes"]) == 2


def test_the_same_words_are_never_quoted_twice():
    counts = {("bins", "W1", "change"): 9}
    quotes = [
        QuoteFact("bins", "W1", 1, "The litter pick group clears the alleys every month", "quote", "change", 0.9, 1),
        QuoteFact("bins", "W1", 2, "Honestly, the litter pick group clears the alleys every month", "quote", "change", 0.95, 2),
        QuoteFact("bins", "W1", 3, "The litter pick group clears the alleys every month", "quote", "change", 0.85, 3),
        QuoteFact("bins", "W1", 4, "Bins are collected late on our street", "quote", "change", 0.5, 4),
    ]
    data = Facts(1, {"W1": "Ward 1"}, [ThemeFact("bins", "Bins", None, ())], counts, {("W1", "change"): 9}, quotes, [])
    row = build(data, ward="W1", threshold=5, summary=None, previous=None)["themes"][0]
    texts = [q["text"] for q in row["change_quotes"]]
    assert texts == ["Honestly, the litter pick group clears the alleys every month", "Bins are collected late on our street"]


def test_top_lists_hold_only_themes_whose_count_reaches_the_threshold():
    """Issue 12: a theme with 1-4 notes in a ward is never a 'top' theme there."""
    themes = [ThemeFact("bus", "Buses", None, ()), ThemeFact("bins", "Bins", None, ()),
              ThemeFact("park", "Parks", None, ())]
    counts = {("bus", "W1", "change"): 7, ("bins", "W1", "change"): 4, ("park", "W1", "change"): 1,
              ("park", "W1", "love"): 8}
    data = Facts(1, {"W1": "Ward 1"}, themes, counts, {("W1", "change"): 12, ("W1", "love"): 8}, [], [])
    snapshot = build(data, ward="W1", threshold=5, summary=None, previous=None)
    assert snapshot["top_change"] == ["bus"]
    assert snapshot["top_love"] == ["park"]
    nothing = build(data, ward="W1", threshold=10, summary=None, previous=None)
    assert nothing["top_change"] == [] and nothing["top_love"] == []
