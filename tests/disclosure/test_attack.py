"""The audit's attacker against the faults reported in issue 13, and protection against it."""

from listening.services.disclosure import Publication, Rule, briefing_layout, leaks, protect, publish, reveals_small
from listening.services.disclosure.briefing import Counts, Session
from tests.disclosure.helpers import City, naive, rounding_only

EXACT = Rule(k=5, base=1)  # the old per-cell rule: exact from 5, hidden below
WARDS = ("A", "B", "C")


def figures(values: dict, rule: Rule = EXACT) -> dict:
    return {key: publish(n, rule) for key, n in values.items()}


def test_what_counts_as_pinning_a_small_count():
    assert reveals_small(3, 3, 5) and reveals_small(2, 4, 5) and reveals_small(1, 3, 5)
    assert reveals_small(-3, -3, 5)  # three notes removed between versions
    assert not reveals_small(1, 4, 5)  # exactly what "fewer than 5" says
    assert not reveals_small(0, 2, 5) and not reveals_small(0, 4, 5) and not reveals_small(0, 0, 5) and not reveals_small(5, 7, 5)
    assert not reveals_small(1, 9, 5) and not reveals_small(-4, 4, 5)


def test_city_total_minus_the_wards_finds_the_three_notes():
    layout = briefing_layout(WARDS)
    city = Publication("City overview v1", "g", 1, figures({
        ("notes", "*", "*"): 605, ("notes", "A", "*"): 300, ("notes", "B", "*"): 302, ("notes", "C", "*"): 3}))
    found = {(leak.key, leak.lo, leak.hi, leak.attack) for leak in leaks([city], layout, 5)}
    assert (("notes", "C", "*"), 3, 3, "city minus wards") in found


def test_theme_size_minus_love_finds_change():
    layout = briefing_layout(WARDS)
    api = Publication("GET /api/v1/themes", "g", 1, figures({
        ("theme", "t", "*", "*"): 13, ("theme", "t", "*", "love"): 9, ("theme", "t", "*", "change"): 4}))
    found = {(leak.key, leak.lo, leak.hi) for leak in leaks([api], layout, 5)}
    assert (("theme", "t", "*", "change"), 4, 4) in found


def test_version_minus_version_finds_the_notes_added():
    layout = briefing_layout(WARDS)
    v1 = Publication("Kirkstall v1", "g1", 1, figures({("notes", "A", "*"): 86}))
    v2 = Publication("Kirkstall v2", "g2", 2, figures({("notes", "A", "*"): 90}))
    [leak] = leaks([v1, v2], layout, 5)
    assert (leak.attack, leak.lo, leak.hi) == ("version minus version", 4, 4)
    assert "Kirkstall v1" in leak.describe() and "Kirkstall v2" in leak.describe()


def test_a_count_in_a_ward_briefing_and_its_sum_in_the_city_table():
    layout = briefing_layout(WARDS)
    ward = Publication("A v1", "g", 1, figures({("theme", "t", "A", "love"): 5, ("theme", "t", "A", "change"): 2}, Rule()))
    city = Publication("City v1", "g", 2, figures({("theme", "t", "A", "*"): 7}, Rule()))
    # love is 5..7 and change 1..4 on their own; with love + change shown as 5 (5..7), change is 1 or 2
    found = {(leak.key, leak.lo, leak.hi) for leak in leaks([ward, city], layout, 5)}
    assert (("theme", "t", "A", "change"), 1, 2) in found


def test_rounding_alone_can_be_unpicked_when_the_total_sits_on_its_band_edge():
    wards = ("A", "B", "C", "D", "E", "F")
    layout = briefing_layout(wards)
    values = {("notes", w, "*"): n for w, n in zip(wards, (7, 7, 4, 4, 4, 2), strict=True)}
    values[("notes", "*", "*")] = 28  # shown as 30 (28..32); A and B as 5 (5..7), the rest "<5"
    rounded = Publication("City v1", "g", 1, figures(values, Rule()))
    pinned = {leak.key: (leak.lo, leak.hi) for leak in leaks([rounded], layout, 5)}
    assert pinned[("notes", "F", "*")] == (2, 4)  # 28 - 7 - 7 - 4 - 4 - 4: more than "fewer than 5" says
    protected = protect(values, list(values), Rule(), layout, history=[], generation="g", order=1)
    assert protected.withheld and not leaks([Publication("City v1", "g", 1, protected.figures)], layout, 5)
    assert sum(f.value is not None for f in protected.figures.values()) >= 2  # the large figures stay


def test_protection_keeps_large_counts_and_says_which_are_small():
    layout = briefing_layout(WARDS)
    values = {("notes", "*", "*"): 605, ("notes", "A", "*"): 300, ("notes", "B", "*"): 302, ("notes", "C", "*"): 3}
    result = protect(values, list(values), Rule(), layout, history=[], generation="g", order=1)
    shown = {key: f.machine for key, f in result.figures.items()}
    assert shown == {("notes", "*", "*"): 605, ("notes", "A", "*"): 300, ("notes", "B", "*"): 300,
                     ("notes", "C", "*"): "<5"}
    assert not leaks([Publication("City", "g", 1, result.figures)], layout, 5)


def _issue_city() -> City:
    counts = Counts(wards=WARDS, themes=("bus", "park"), formats=("drop-in", "one-to-one"),
                    theme_notes={("bus", "A", "love"): 33, ("bus", "A", "change"): 53, ("park", "B", "love"): 9,
                                 ("park", "B", "change"): 4},
                    notes={("A", "love"): 33, ("A", "change"): 53, ("B", "love"): 12, ("B", "change"): 8},
                    sessions=(Session("A", "drop-in", 40, ("en",)), Session("B", "one-to-one", 1, ("en", "ur"))))
    return City(counts)


def test_the_issue_replayed_finds_leaks_under_the_old_rule_and_none_when_protected():
    for protector, expect_leak in ((naive, True), (rounding_only, True), (None, False)):
        city = _issue_city()
        if protector:
            city.protector = protector
        city.publish("A"), city.publish("B"), city.publish(None)
        city.add("bus", "A", "love", 2), city.add("bus", "A", "change", 2)  # 86 -> 90 in ward A
        city.add("park", "C", "change", 3)  # three notes in a small ward
        city.publish("A"), city.publish("C"), city.publish(None)
        found = leaks(city.history, city.layout, 5)
        assert bool(found) == expect_leak, (protector, [leak.describe() for leak in found])
