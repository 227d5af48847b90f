"""Theme labels a councillor would understand: 2-5 words built from a theme's keywords."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from nlp.prepare import is_clean_label_word

MAX_WORDS = 5


def clean_keywords(keywords: Sequence[str]) -> list[str]:
    """Drop stop/domain words, duplicates and keywords already covered by an earlier one."""
    out: list[str] = []
    for kw in keywords:
        kw = " ".join(kw.split())
        if not kw or not is_clean_label_word(kw):
            continue
        words = set(kw.split())
        if any(words <= set(prev.split()) for prev in out):
            continue  # "bus" after "bus stop" adds nothing to a label
        wider = [i for i, prev in enumerate(out) if set(prev.split()) < words]
        if wider:  # "bus stop" after "bus": the phrase replaces the word
            out[wider[0]] = kw
            out = [p for i, p in enumerate(out) if i not in wider[1:]]
            continue
        out.append(kw)
    return out


def _join(parts: list[str]) -> str:
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return text[:1].upper() + text[1:]


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def make_label(keywords: Sequence[str], taken: set[str] | None = None) -> str:
    """'Bus stop and timetable', 'Bins and recycling': two keywords, at most five words.

    A label already in `taken` (lower case) gets the next keyword that still fits, so two themes
    never share a label.
    """
    taken = taken or set()
    words = clean_keywords(keywords)
    if not words:
        return "Other comments"
    parts: list[str] = []
    for kw in words:
        if len(parts) == 2:
            break
        overlaps = any(set(kw.split()) & set(p.split()) for p in parts)
        if not overlaps and _words(parts) + len(kw.split()) <= MAX_WORDS:
            parts.append(kw)
    label = _join(parts)
    for kw in words:
        if label.lower() not in taken:
            break
        if kw not in parts and _words(parts) + len(kw.split()) <= MAX_WORDS:
            parts.append(kw)
            label = _join(parts)
    n = 2
    base = label
    while label.lower() in taken:
        label = f"{base} ({n})"
        n += 1
    return label


def surface(keyword: str, surfaces: dict[str, Counter]) -> str:
    """Show a lemma keyword as residents most often wrote it ('dog foul' -> 'dog fouling')."""
    if keyword in surfaces:
        form = surfaces[keyword].most_common(1)[0][0]
    else:
        form = " ".join(surfaces[w].most_common(1)[0][0] if w in surfaces else w
                        for w in keyword.split())
    # Keep acronyms (GP, NHS) as written; everything else in lower case.
    return " ".join(w if w.isupper() and len(w) <= 4 else w.lower() for w in form.split())


def order_for_label(keywords: Sequence[str], theme_docs: Sequence[set[str]],
                    top: int = 10) -> list[str]:
    """Prefer keywords that many of the theme's notes use; a phrase gets a small bonus.

    KeyBERT + MMR give distinctive but sometimes rare words; a label should name what most of
    the theme's notes are about.
    """
    size = max(len(theme_docs), 1)
    scored = []
    for rank, kw in enumerate(keywords[:top]):
        coverage = sum(1 for grams in theme_docs if kw in grams) / size
        bonus = 1.5 if " " in kw else 1.0
        scored.append((-(coverage * bonus), rank, kw))
    return [kw for _, _, kw in sorted(scored)] + list(keywords[top:])
