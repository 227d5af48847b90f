"""Publishable figures: the one rule that turns a raw count into what anyone outside the notes'
organisation may see. Pure: no database, no request.

A raw count n becomes
- 0 when it is 0 (an honest zero: nobody is singled out by "nobody said this");
- "fewer than k" when 1 <= n < k (primary suppression: a group this small could be a person);
- a multiple of the rounding base (5) otherwise, rounded to the nearest (deterministic, so the same
  count shows the same figure everywhere and in every version);
- "not shown" when a table must withhold it so that a small count elsewhere cannot be worked out
  (secondary suppression, decided by `table.protect`, never by this module on its own).

Every figure knows the interval of true counts it is consistent with (`lo`..`hi`): that is what
a reader, or an attacker, learns from it, and what the audit reasons with.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

UNBOUNDED = 10**12  # "no upper limit" for a withheld figure, kept an int so interval sums stay simple


class Shown(StrEnum):
    ZERO = "zero"
    SMALL = "small"  # 1..k-1: "fewer than k"
    ROUNDED = "rounded"  # k or more, rounded to the base
    WITHHELD = "withheld"  # not shown, to protect another figure
    SOME = "some"  # at least one, and nothing more (a map that shades the wards nobody was heard in)


@dataclass(frozen=True)
class Rule:
    """Threshold k (SUPPRESSION_THRESHOLD) and rounding base (DISCLOSURE_ROUNDING_BASE)."""

    k: int = 5
    base: int = 5

    def __post_init__(self):
        if self.k < 3:
            raise ValueError("The suppression threshold must be at least 3: below that 'fewer than k' names the count")
        if self.base < 1:
            raise ValueError("The rounding base must be at least 1 (1 means no rounding)")

    @property
    def smallest_shown(self) -> int:
        """The smallest figure shown for a count of k or more: a multiple of the base, at least k."""
        return -(-self.k // self.base) * self.base

    def rounded(self, n: int) -> int:
        """n (at least k) rounded half up to the base, never below the smallest shown figure."""
        nearest = self.base * ((2 * n + self.base) // (2 * self.base))
        return max(nearest, self.smallest_shown)

    def band(self, shown: int) -> tuple[int, int]:
        """Every count of k or more that is shown as `shown`."""
        return _band(self, shown)  # read back for every figure of every page: worked out once


@functools.lru_cache(maxsize=8192)
def _band(rule: Rule, shown: int) -> tuple[int, int]:
    candidates = [n for n in range(max(rule.k, shown - rule.base), shown + rule.base + 1) if rule.rounded(n) == shown]
    if not candidates:
        raise ValueError(f"{shown} is not a figure this rule shows")
    return min(candidates), max(candidates)


@dataclass(frozen=True)
class PublishedCount:
    """A count as it may be published, with what it reveals (`lo`..`hi`)."""

    shown: Shown
    value: int | None  # the number displayed; None when small or withheld
    lo: int
    hi: int
    k: int
    reason: str | None = None  # why a withheld figure is not shown (a code, see REASONS)

    @property
    def machine(self) -> int | str | None:
        """The JSON/CSV form: the number, "<k" for a small count, null when withheld."""
        if self.shown is Shown.SMALL:
            return f"<{self.k}"
        return self.value

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def sort_key(self) -> tuple[int, int]:
        """Order by what is shown only, so an order never reveals more than the figures do."""
        if self.value is not None:
            return (0, -self.value)
        return (1, 0) if self.shown is Shown.SMALL else (2, 0)

    def display(self, number=None, gettext=None) -> str:
        """The figure as a person reads it ("85", "fewer than 5", "not shown")."""
        gettext = gettext or _gettext
        if self.shown is Shown.SMALL:
            return gettext("fewer than %(t)s", t=self.k)
        if self.shown is Shown.WITHHELD:
            return gettext("not shown")
        if self.shown is Shown.SOME:
            return gettext("at least 1")
        return (number or _number)(self.value)


def _gettext(text: str, **values) -> str:
    try:
        from flask import has_app_context
        from flask_babel import gettext

        if has_app_context():
            return gettext(text, **values)
    except ImportError:  # pragma: no cover - Flask is always installed with Hark
        pass
    return text % values if values else text


def _number(value: int) -> str:
    try:
        from flask import has_app_context
        from flask_babel import get_locale

        if has_app_context():
            return _formatted(value, get_locale())
    except ImportError:  # pragma: no cover
        pass
    return f"{value:,}"


@functools.lru_cache(maxsize=8192)
def _formatted(value: int, locale) -> str:
    """flask_babel.format_decimal, worked out once per number and language (a city page shows
    hundreds of figures, most of them the same few multiples of the rounding base)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


def publish(n: int, rule: Rule) -> PublishedCount:
    """The primary rule for one raw count (before any table-level withholding)."""
    n = int(n)
    if n < 0:
        raise ValueError("A count cannot be negative")
    if n == 0:
        return PublishedCount(Shown.ZERO, 0, 0, 0, rule.k)
    if n < rule.k:
        return PublishedCount(Shown.SMALL, None, 1, rule.k - 1, rule.k)
    shown = rule.rounded(n)
    lo, hi = rule.band(shown)
    return PublishedCount(Shown.ROUNDED, shown, lo, hi, rule.k)


def some(n: int, rule: Rule) -> PublishedCount:
    """Only whether a count is zero: 0, or "at least 1" (1 and up, nothing more said)."""
    return publish(0, rule) if int(n) == 0 else PublishedCount(Shown.SOME, None, 1, UNBOUNDED, rule.k)


def exact(n: int, rule: Rule) -> PublishedCount:
    """A count its reader already knows to the unit (their own organisation's): what the attacker
    starts from, never something to publish."""
    n = int(n)
    return PublishedCount(Shown.ZERO if n == 0 else Shown.ROUNDED, n, n, n, rule.k)


def withheld(rule: Rule, reason: str = "protects_small") -> PublishedCount:
    return PublishedCount(Shown.WITHHELD, None, 0, UNBOUNDED, rule.k, reason)


def from_machine(value, rule: Rule) -> PublishedCount:
    """Read a published figure back (from a snapshot, an API payload or a CSV cell)."""
    if value is None or value == "":
        return withheld(rule)
    if isinstance(value, str):
        if value == f"<{rule.k}":
            return PublishedCount(Shown.SMALL, None, 1, rule.k - 1, rule.k)
        if value.strip().isdigit():
            value = int(value)
        else:
            raise ValueError(f"Not a published figure: {value!r}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Not a published figure: {value!r}")
    if value == 0:
        return PublishedCount(Shown.ZERO, 0, 0, 0, rule.k)
    lo, hi = rule.band(value)
    return PublishedCount(Shown.ROUNDED, value, lo, hi, rule.k)


def share(part: PublishedCount, whole: PublishedCount) -> int | None:
    """A whole-number percentage from two published figures only, so it reveals nothing more."""
    if part.value is None or not whole.value:
        return None
    return round(100 * part.value / whole.value)
