"""The disclosure audit's attacker. Pure: it reads published figures, never raw counts.

It knows what any reader knows: every figure ever published (all versions, all places), what each
figure allows (`PublishedCount.lo`..`hi`), and how counts add up (`Layout`). It then tries:
- totals minus parts, city minus wards, love and change against their total: interval (bounds)
  propagation over every equation, to a fixed point, across all publications made from the same
  data (the same *generation*: same notes, same run);
- the same count in two places: two figures for one count are intersected;
- version minus version: for each count published from different data, the difference between
  every two publications, which is the number of notes added (or removed) in between.

A leak is any count or difference that it can pin down more closely than "fewer than k" says:
its possible values lie within 1..k-1 and are not all of 1..k-1 (an exact small count, or a range
such as 2 to 4). A range that still includes 0 does not establish that anyone is in the group,
and one that reaches k is no smaller than a shown figure: neither is a leak.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from listening.services.disclosure.figures import UNBOUNDED, PublishedCount
from listening.services.disclosure.layout import Equation, Key, Layout

MAX_SWEEPS = 60  # passes over the equations; the bounds only shrink, this only caps slow creep


@dataclass
class Publication:
    """Everything one published output shows, as figures."""

    name: str  # how the audit names it: "Kirkstall ward briefing, version 2"
    generation: str  # equal for publications made from exactly the same data
    order: int  # when it was published, for version-minus-version
    figures: dict[Key, PublishedCount] = field(default_factory=dict)


@dataclass(frozen=True)
class Leak:
    attack: str
    key: Key
    lo: int
    hi: int
    publications: tuple[str, ...]

    def describe(self) -> str:
        what = " · ".join(self.key)
        value = str(self.lo) if self.lo == self.hi else f"{self.lo} to {self.hi}"
        if self.lo < 0:
            value = (f"{-self.hi} to {-self.lo}" if self.lo != self.hi else str(-self.lo)) + " removed"
        return f"{what} = {value} ({self.attack}; from {', '.join(self.publications)})"


def reveals_small(lo: float, hi: float, k: int) -> bool:
    """True when the values lo..hi say more about a small count (or change) than "fewer than k"."""
    if hi < lo:
        return False
    return any(a >= 1 and b <= k - 1 and (a, b) != (1, k - 1) for a, b in ((lo, hi), (-hi, -lo)))


@dataclass
class Bounds:
    """The attacker's knowledge of one generation: an interval per count, and why it is that tight."""

    lo: dict[Key, float]
    hi: dict[Key, float]
    cause: dict[Key, str]  # the attack that last tightened a count
    sources: dict[Key, set[str]]  # publications whose figures fed the count's interval
    inconsistent: list[Key]


def _hi(figure: PublishedCount) -> float:
    return math.inf if figure.hi >= UNBOUNDED else figure.hi


def propagate(publications: list[Publication], layout: Layout) -> Bounds:
    """Bounds propagation over every equation, starting from every figure published."""
    lo: dict[Key, float] = defaultdict(float)
    hi: dict[Key, float] = defaultdict(lambda: math.inf)
    cause: dict[Key, str] = {}
    sources: dict[Key, set[str]] = defaultdict(set)
    published: dict[Key, list[str]] = defaultdict(list)
    for pub in publications:
        for key, figure in pub.figures.items():
            new_lo, new_hi = max(lo[key], figure.lo), min(hi[key], _hi(figure))
            if published[key] and (new_lo, new_hi) != (lo[key], hi[key]) and (new_lo, new_hi) != (figure.lo, _hi(figure)):
                cause[key] = "the same count in two places"
            lo[key], hi[key] = new_lo, new_hi
            published[key].append(pub.name)
            sources[key].add(pub.name)
    keys, equations = layout.closure(list(published))
    by_key: dict[Key, list[Equation]] = defaultdict(list)
    for eq in equations:
        for key in eq.keys:
            by_key[key].append(eq)
    inconsistent: list[Key] = []
    queue, queued = list(equations), set(range(len(equations)))
    index = {id(eq): i for i, eq in enumerate(equations)}
    budget = MAX_SWEEPS * max(1, len(equations))
    while queue and budget:
        budget -= 1
        eq = queue.pop()
        queued.discard(index[id(eq)])
        changed = _tighten(eq, lo, hi, cause, sources)
        for key in changed:
            if lo[key] > hi[key]:
                inconsistent.append(key)
                continue
            for other in by_key[key]:
                i = index[id(other)]
                if i not in queued:
                    queued.add(i)
                    queue.append(other)
    for key in keys:
        lo[key], hi[key] = lo[key], hi[key]  # materialise defaults
    return Bounds(dict(lo), dict(hi), cause, dict(sources), sorted(set(inconsistent)))


def _tighten(eq: Equation, lo, hi, cause, sources) -> list[Key]:
    """total = sum(parts): narrow each side from the others; return the counts that changed."""
    changed = []
    parts_lo = sum(lo[p] for p in eq.parts)
    infinite = sum(1 for p in eq.parts if hi[p] == math.inf)
    finite_hi = sum(hi[p] for p in eq.parts if hi[p] != math.inf)
    parts_hi = math.inf if infinite else finite_hi
    fed = set().union(*(sources.get(k, set()) for k in eq.keys))

    def narrow(key, new_lo, new_hi):
        if new_lo > lo[key] or new_hi < hi[key]:
            lo[key], hi[key] = max(lo[key], new_lo), min(hi[key], new_hi)
            cause[key] = eq.attack
            sources[key] = sources.get(key, set()) | fed
            changed.append(key)

    narrow(eq.total, parts_lo, parts_hi)
    t_lo, t_hi = lo[eq.total], hi[eq.total]
    for p in eq.parts:
        own_inf = hi[p] == math.inf
        others_hi = math.inf if infinite - own_inf else finite_hi - (0 if own_inf else hi[p])
        others_lo = parts_lo - lo[p]
        narrow(p, t_lo - others_hi, t_hi - others_lo)
    return changed


def leaks(publications: list[Publication], layout: Layout, k: int) -> list[Leak]:
    """Every count or change between publications that can be pinned below k."""
    return Attacker(publications, layout, k).leaks()


class Attacker:
    """The attack over a fixed history, run again with a few publications added without
    re-propagating the generations they do not touch (what `table.protect` does in a loop)."""

    def __init__(self, history: list[Publication], layout: Layout, k: int):
        self.layout, self.k = layout, k
        self.by_generation: dict[str, list[Publication]] = defaultdict(list)
        for pub in history:
            self.by_generation[pub.generation].append(pub)
        self.known = {gen: propagate(pubs, layout) for gen, pubs in self.by_generation.items()}

    def leaks(self, extra: list[Publication] = ()) -> list[Leak]:
        by_generation = {gen: list(pubs) for gen, pubs in self.by_generation.items()}
        for pub in extra:
            by_generation.setdefault(pub.generation, []).append(pub)
        touched = {pub.generation for pub in extra}
        known = {gen: propagate(by_generation[gen], self.layout) if gen in touched else self.known[gen]
                 for gen in by_generation}
        first = {gen: min(p.order for p in pubs) for gen, pubs in by_generation.items()}
        found: list[Leak] = []
        for bounds in known.values():
            for key, lo in bounds.lo.items():
                hi = bounds.hi[key]
                if reveals_small(lo, hi, self.k):
                    found.append(Leak(bounds.cause.get(key, "a published figure"), key, int(lo), int(hi),
                                      tuple(sorted(bounds.sources.get(key, ())))))
        return found + version_leaks(known, first, self.k)


_latest: dict = {}  # the last history attacked: its publications (held, so never reused) and attacker


def attacker_for(history: list[Publication], layout: Layout, k: int) -> Attacker:
    """The attacker over `history`, propagated once while the same published versions (the very
    same objects, as `published.publications` hands them out until something is published) are
    attacked again: every draft built between two publications shares it."""
    held = tuple(history)
    shape = (repr(sorted(layout.dims.items())), repr(sorted(layout.members.items())), k)
    entry = _latest.get("entry")
    if entry and entry[1] == shape and len(entry[0]) == len(held) and all(a is b for a, b in zip(entry[0], held, strict=True)):
        return entry[2]
    attacker = Attacker(list(held), layout, k)
    _latest["entry"] = (held, shape, attacker)
    return attacker


def version_leaks(known: dict[str, Bounds], first: dict[str, int], k: int) -> list[Leak]:
    """Version minus version: the change in a count between any two generations it is bounded in."""
    series: dict[Key, list[tuple[int, str]]] = defaultdict(list)
    for gen, bounds in known.items():
        for key, hi in bounds.hi.items():
            if hi != math.inf and bounds.sources.get(key):
                series[key].append((first[gen], gen))
    found = []
    for key, points in series.items():
        points.sort()
        for i, (_o, a) in enumerate(points):
            for _o2, b in points[i + 1:]:
                ka, kb = known[a], known[b]
                lo, hi = kb.lo[key] - ka.hi[key], kb.hi[key] - ka.lo[key]
                if reveals_small(lo, hi, k):
                    names = tuple(sorted(ka.sources.get(key, set()) | kb.sources.get(key, set())))
                    found.append(Leak("version minus version", key, int(lo), int(hi), names))
    return found
