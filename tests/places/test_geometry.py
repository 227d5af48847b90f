"""The pure geometry behind the maps: simplification keeps shared borders shared."""

from listening.services.places.geometry import area, self_intersects, simplify_shared


def test_a_border_two_wards_share_is_simplified_the_same_way_for_both():
    # a wiggly border from (10, 0) up to (10, 100), shared by a ward on each side
    border = [(10 + (3 if i % 2 else 0) + (0.1 if i % 5 == 0 else 0), float(i)) for i in range(0, 101, 2)]
    west = [(0.0, 0.0)] + border + [(0.0, 100.0), (0.0, 0.0)]
    east = [(30.0, 0.0), (30.0, 100.0)] + border[::-1] + [(30.0, 0.0)]
    out = simplify_shared({("W", 0, 0): west, ("E", 0, 0): east}, tolerance=2.0)
    kept_west = [p for p in out[("W", 0, 0)] if 9 < p[0] < 14]
    kept_east = [p for p in out[("E", 0, 0)] if 9 < p[0] < 14]
    assert sorted(kept_west) == sorted(kept_east)
    assert 2 <= len(kept_west) < len(border)  # simplified, and still meeting at both ends
    assert (10.1, 0.0) in kept_west and (10.1, 100.0) in kept_west
    # no gap or overlap: the two simplified wards still tile the 30 × 100 rectangle
    assert abs(area(out[("W", 0, 0)]) + area(out[("E", 0, 0)]) - 3000) < 1e-6


def test_a_ring_that_crosses_itself_is_found():
    assert self_intersects([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    assert not self_intersects([(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)])
