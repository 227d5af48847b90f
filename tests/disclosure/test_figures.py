"""One count to one publishable figure: honest wording, rounding bands, the machine form."""

import pytest

from listening.services.disclosure import Rule, Shown, from_machine, publish, share, withheld


def test_zero_is_zero_small_is_fewer_than_k_and_the_rest_is_rounded_to_five():
    rule = Rule()
    assert publish(0, rule).display() == "0"
    for n in (1, 2, 3, 4):
        figure = publish(n, rule)
        assert figure.display() == "fewer than 5" and figure.machine == "<5" and (figure.lo, figure.hi) == (1, 4)
    assert [publish(n, rule).machine for n in (5, 6, 7, 8, 12, 13, 86, 90, 602, 605)] == [
        5, 5, 5, 10, 10, 15, 85, 90, 600, 605]
    assert publish(1234, rule).display() == "1,235"


def test_fewer_than_k_is_never_said_of_a_count_of_k_or_more():
    rule = Rule()
    for n in range(0, 400):
        text = publish(n, rule).display()
        assert ("fewer than" in text) == (1 <= n <= 4), n


def test_every_count_lies_in_the_band_its_figure_claims_and_bands_do_not_overlap():
    rule = Rule()
    seen = {}
    for n in range(0, 300):
        figure = publish(n, rule)
        assert figure.lo <= n <= figure.hi
        seen.setdefault(figure.machine, set()).add(n)
    for machine, ns in seen.items():  # a band is exactly the counts shown that way
        if machine == publish(299, rule).machine:
            continue  # its band runs past the counts tried
        again = from_machine(machine, rule)
        assert set(range(again.lo, again.hi + 1)) == ns


def test_the_threshold_and_base_are_configurable():
    rule = Rule(k=10, base=5)
    assert publish(9, rule).display() == "fewer than 10"
    assert publish(10, rule).machine == 10 and (publish(10, rule).lo, publish(10, rule).hi) == (10, 12)
    assert publish(7, Rule(k=7)).machine == 10  # never a figure below k for a count of k or more
    assert publish(86, Rule(base=1)).machine == 86
    with pytest.raises(ValueError):
        Rule(k=2)


def test_withheld_figures_say_not_shown_and_are_null_in_json():
    figure = withheld(Rule())
    assert figure.shown is Shown.WITHHELD and figure.display() == "not shown" and figure.machine is None
    assert from_machine(None, Rule()).shown is Shown.WITHHELD


def test_shares_come_from_published_figures_only():
    rule = Rule()
    assert share(publish(6, rule), publish(86, rule)) == round(100 * 5 / 85)
    assert share(publish(3, rule), publish(86, rule)) is None
    assert share(publish(6, rule), withheld(rule)) is None


def test_order_by_figures_never_by_raw_counts():
    rule = Rule()
    a, b = publish(11, rule), publish(9, rule)  # both shown as 10
    assert a.sort_key() == b.sort_key()


def test_bad_machine_values_are_refused():
    for bad in ("<7", "lots", -1.5, True):
        with pytest.raises(ValueError):
            from_machine(bad, Rule())
