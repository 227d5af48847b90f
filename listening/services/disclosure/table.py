"""Protect a whole publication at once. Pure.

`protect` applies the primary rule (`figures.publish`) to every count a publication shows, then
asks the attacker (`attack.leaks`) what it could work out from this publication together with
everything already published. While the new publication opens a leak, it withholds one more of its
own figures ("not shown"): the smallest shown count in the equation that pinned the small count
(complementary suppression), or the count itself when the leak is a change between versions.
Publishing everything withheld adds nothing to what was known, so the loop always ends, and ends
with no new leak.

A live page (figures computed on each view, not a stored version) cannot say which published data
it matches, so it is attacked as if made from the same data as each of them in turn (`also_as`);
and a reader who knows some counts exactly (their own organisation's) is attacked with that
knowledge (`known`), which withholding cannot take away.
"""

from __future__ import annotations

from dataclasses import dataclass

from listening.services.disclosure import attack
from listening.services.disclosure.figures import PublishedCount, Rule, Shown, exact, publish, withheld
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
            generation: str, order: int, name: str = "this publication", also_as=(),
            known: dict[Key, int] | None = None, given: dict[Key, PublishedCount] | None = None,
            context=()) -> Protected:
    """The figures for the keys in `shown`, safe to publish after `history`.

    `raw` holds the true count of every key in `shown` (and may hold more: the counts they add up
    from, used only to choose the smallest figure to withhold). `also_as`: other generations this
    publication may be made from; `known`: counts the reader knows exactly; `given`: figures to show
    as they are instead of the primary rule's (a map's "at least 1"); `context`: totals published
    elsewhere that the shown figures are parts of (where to look for a figure to withhold).
    """
    figures = {key: (given or {}).get(key) or publish(raw.get(key, 0), rule) for key in shown}
    _keys, equations = layout.closure([*figures, *(known or {}), *context])
    by_key: dict[Key, list] = {}
    for eq in equations:
        for key in eq.keys:
            by_key.setdefault(key, []).append(eq)
    generations = tuple(dict.fromkeys((generation, *also_as)))
    knowledge = {key: exact(n, rule) for key, n in (known or {}).items()}

    attacker = attack.attacker_for(history, layout, rule.k)

    def attacked(candidate: dict[Key, PublishedCount] | None) -> set[tuple]:
        found = set()
        for gen in generations:
            extra = [attack.Publication("what the reader knows", gen, order, knowledge)] if knowledge else []
            if candidate is not None:
                extra.append(attack.Publication(name, gen, order, candidate))
            found |= {(_signature(leak), leak) for leak in attacker.leaks(extra)}
        return found

    before = {signature for signature, _leak in attacked(None)}
    withheld_keys: list[Key] = []
    rounds = 0
    while True:
        rounds += 1
        new = [leak for signature, leak in attacked(figures) if signature not in before]
        if not new:
            break
        chosen = set()
        for leak in new:
            key = _choose(leak, figures, raw, by_key, set(knowledge))
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


def _choose(leak: attack.Leak, figures, raw, by_key: dict, known=frozenset()) -> Key | None:
    """The figure of this publication to withhold against one leak: for a change between versions
    the count itself; otherwise the smallest shown count sharing an equation with the pinned one
    (preferring the equation of the attack that pinned it), searching outwards if none does."""
    if leak.attack == VERSION and _open(figures, leak.key):
        return leak.key
    seen, frontier = {leak.key}, [leak.key]
    while frontier:
        equations = [eq for key in frontier for eq in by_key.get(key, ())]
        for group in ([eq for eq in equations if eq.attack == leak.attack], equations):
            options = {k for eq in group for k in eq.keys if k != leak.key and k not in known and _open(figures, k)}
            if options:  # the smallest shown count: it costs the least to withhold
                return min(options, key=lambda k: (raw.get(k, 0) == 0, raw.get(k, 0), k))
        frontier = [k for eq in equations for k in eq.keys if k not in seen]
        seen.update(frontier)
    return leak.key if _open(figures, leak.key) else None
