"""What protection costs: how many displayed figures differ from the true counts, and by how much.
Pure; used by the tests, bench/disclosure_cost.py and docs/disclosure.md."""

from __future__ import annotations

from dataclasses import dataclass

from listening.services.disclosure.figures import PublishedCount, Shown
from listening.services.disclosure.layout import Key


@dataclass(frozen=True)
class Cost:
    figures: int  # counts the publication shows
    exact: int  # shown as the true number (zeros and counts already on the base)
    rounded: int  # shown as a different, rounded number
    small: int  # "fewer than k" (1..k-1)
    withheld: int  # "not shown" to protect another count
    mean_abs_error: float  # over rounded figures
    max_abs_error: int

    @property
    def changed(self) -> int:
        """Figures a reader sees differently from the true count."""
        return self.rounded + self.small + self.withheld

    def line(self) -> str:
        return (f"{self.figures} figures: {self.exact} exact, {self.rounded} rounded "
                f"(mean error {self.mean_abs_error:.2f}, at most {self.max_abs_error}), "
                f"{self.small} 'fewer than k', {self.withheld} not shown; {self.changed} changed")


def cost(raw: dict[Key, int], figures: dict[Key, PublishedCount]) -> Cost:
    exact = rounded = small = held = 0
    errors = []
    for key, figure in figures.items():
        truth = int(raw.get(key, 0))
        if figure.shown is Shown.WITHHELD:
            held += 1
        elif figure.shown is Shown.SMALL:
            small += 1
        elif figure.value == truth:
            exact += 1
        else:
            rounded += 1
            errors.append(abs(figure.value - truth))
    return Cost(len(figures), exact, rounded, small, held,
                sum(errors) / len(errors) if errors else 0.0, max(errors, default=0))
