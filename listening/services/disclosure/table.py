"""Protect a whole publication at once. Pure.

`protect` applies the primary rule (`figures.publish`) to every count a publication shows, then
asks the attacker (`attack.leaks`) what it could work out from this publication together with
everything already published. While the new publication opens a leak, it withholds one more of its
own figures ("not shown"): the smallest shown count in the equation that pinned the small count
(complementary suppression), or the count itself when the leak is a change between versions.
Publishing everything withheld adds nothing to what was known, so the loop always ends, and ends
with no new leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from listening.services.disclosure import attack
from listening.services.disclosure.figures import PublishedCount, Rule, Shown, publish, withheld
from listening.services.disclosure.layout import Key, Layout

VERSION = "version minus version"


@dataclass
class Protected:
    figures: dict[Key, PublishedCount]
    withheld: list[Key]  # keys not shown to protect another count
    rounds: int


def _signature(leak: attack.Leak) -> tuple:
    return (leak.attack == VERSION, leak.key, leak.lo, leak.hi)


def protect(raw: dict[Key, int], shown: list[Key], rule: Rule, layout: Layout, *, history: list[attack.Publication],
            generation: str, order: int, name: str = "this publication") -> Protected:
    """The figures for the keys in `shown`, safe to publish after `history`.

    `raw` holds the true count of every key in `shown` (and may hold more: the counts they add up
    from, used only to choose the smallest figure to withhold).
    """
    figures = {key: publish(raw.get(key, 0), rule) for key in shown}
    _keys, equations = layout.closure(list(figures))
    by_key: dict[Key, list] = {}
    for eq in equations:
        for key in eq.keys:
            by_key.setdefault(key, []).append(eq)
    before = {_signature(leak) for leak in attack.leaks(history, layout, rule.k)}
    withheld_keys: list[Key] = []
    rounds = 0
    while True:
        rounds += 1
        candidate = attack.Publication(name, generation, order, figures)
        new = [leak for leak in attack.leaks([*history, candidate], layout, rule.k) if _signature(leak) not in before]
        if not new:
            break
        chosen = set()
        for leak in new:
            key = _choose(leak, figures, raw, by_key)
            if key is not None:
                chosen.add(key)
        if not chosen or rounds > len(figures) + 1:  # nothing left to choose: show nothing of this table
            chosen = {k for k, f in figures.items() if f.shown is not Shown.WITHHELD}
            if not chosen:
                break
        for key in chosen:
            figures[key] = withheld(rule)
            withheld_keys.append(key)
    return Protected(figures, withheld_keys, rounds)


def _open(figures: dict[Key, PublishedCount], key: Key) -> bool:
    figure = figures.get(key)
    return figure is not None and figure.shown is not Shown.WITHHELD


def _choose(leak: attack.Leak, figures, raw, by_key: dict) -> Key | None:
    """The figure of this publication to withhold against one leak: for a change between versions
    the count itself; otherwise the smallest shown count sharing an equation with the pinned one
    (preferring the equation of the attack that pinned it), searching outwards if none does."""
    if leak.attack == VERSION and _open(figures, leak.key):
        return leak.key
    seen, frontier = {leak.key}, [leak.key]
    while frontier:
        equations = [eq for key in frontier for eq in by_key.get(key, ())]
        for group in ([eq for eq in equations if eq.attack == leak.attack], equations):
            options = {k for eq in group for k in eq.keys if k != leak.key and _open(figures, k)}
            if options:  # the smallest shown count: it costs the least to withhold
                return min(options, key=lambda k: (raw.get(k, 0) == 0, raw.get(k, 0), k))
        frontier = [k for eq in equations for k in eq.keys if k not in seen]
        seen.update(frontier)
    return leak.key if _open(figures, leak.key) else None
