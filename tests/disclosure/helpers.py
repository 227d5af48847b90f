"""Builders for the pure disclosure tests: a tiny city, and publishing its briefings in turn."""

from __future__ import annotations

from listening.services.disclosure import Publication, Rule, briefing_layout, protect, publish
from listening.services.disclosure.briefing import Counts, city_keys, generation, ward_keys


def naive(raw, shown, rule, layout, *, history, generation, order, name):
    """The old rule: each count on its own, exact when k or more, hidden below."""
    exact = Rule(k=rule.k, base=1)
    return {key: publish(raw[key], exact) for key in shown}


def rounding_only(raw, shown, rule, layout, *, history, generation, order, name):
    """Rounding to the base and suppression below k, with no table-level withholding."""
    return {key: publish(raw[key], rule) for key in shown}


def protected(raw, shown, rule, layout, **kw):
    return protect(raw, shown, rule, layout, **kw).figures


class City:
    """A city whose briefings are published one after another by a chosen protector."""

    def __init__(self, counts: Counts, protector=protected, rule: Rule | None = None):
        self.counts, self.protector, self.rule = counts, protector, rule or Rule()
        self.history: list[Publication] = []
        self.versions: dict[str, int] = {}

    @property
    def layout(self):
        return briefing_layout(self.counts.wards, self.counts.formats)

    def add(self, theme: str | None, ward: str, kind: str, n: int = 1) -> None:
        if theme is not None:
            key = (theme, ward, kind)
            self.counts.theme_notes[key] = self.counts.theme_notes.get(key, 0) + n
        self.counts.notes[(ward, kind)] = self.counts.notes.get((ward, kind), 0) + n

    def publish(self, ward: str | None) -> Publication:
        shown = ward_keys(ward, self.counts) if ward else city_keys(self.counts, self.counts.themes)
        scope = ward or "city"
        self.versions[scope] = self.versions.get(scope, 0) + 1
        name = f"{scope} v{self.versions[scope]}"
        gen, order = generation(self.counts), len(self.history) + 1
        closure, _eqs = self.layout.closure(shown)
        raw = self.counts.values(closure)
        figures = self.protector(raw, shown, self.rule, self.layout, history=list(self.history),
                                 generation=gen, order=order, name=name)
        publication = Publication(name, gen, order, figures)
        self.history.append(publication)
        return publication
