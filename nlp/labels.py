"""Theme labels a councillor would understand: 2-5 words built from a theme's keywords."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

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


# Common verbs: a keyword containing one ("neighbours look", "library helped", "office closed")
# is a fragment of a sentence, not a topic, so it never heads a label. spaCy's blank pipeline has
# no tagger, hence a short list (base form, -s, -ed/-d, -ing and irregular forms).
_VERBS = ("look", "mean", "help", "close", "follow", "happen", "need", "want", "feel", "seem",
          "come", "go", "get", "make", "take", "say", "tell", "know", "think", "see", "give",
          "keep", "put", "use", "try", "leave", "call", "ask", "start", "stay", "bring", "hear",
          "talk", "walk", "meet", "pay", "turn", "move", "open", "stop", "used", "intimidate",
          "organise", "organize", "feed", "dump", "sit", "watch")
_IRREGULAR = ("brought", "came", "got", "gone", "went", "made", "took", "taken", "said", "told",
              "felt", "seen", "saw", "gave", "given", "kept", "knew", "known", "thought", "left",
              "met", "paid", "heard", "does", "did", "done", "has", "had", "is", "are", "was",
              "sat", "fed")
# Adverbs residents use for emphasis; never a topic.
_ADVERBS = ("honestly", "actually", "really", "properly", "basically", "literally", "especially",
            "usually", "recently", "constantly", "nearly", "openly", "quickly", "finally",
            "probably", "definitely", "absolutely", "totally", "always", "never", "ever")
VERB_FORMS = frozenset([*_IRREGULAR, *_ADVERBS, *(f"{v}{end}" for v in _VERBS
                                       for end in ("", "s", "es", "ed", "d", "ing"))])


def reads_as_topic(keyword: str) -> bool:
    """False for sentence fragments such as "neighbours look", "library helped", "honestly"."""
    return not any(w.lower() in VERB_FORMS for w in keyword.split())


MIN_COOCCURRENCE = 0.3  # share of the rarer keyword's notes that must also use the other one


def cooccur(a: str, b: str, notes_with: Mapping[str, set[int]] | None) -> bool:
    """Do the theme's notes use both keywords together (not two sub-topics side by side)?"""
    if notes_with is None:
        return True  # no evidence: behave as before
    first, second = notes_with.get(a, set()), notes_with.get(b, set())
    both = len(first & second)
    return both >= 2 and both >= MIN_COOCCURRENCE * max(min(len(first), len(second)), 1)


def make_label(keywords: Sequence[str], taken: set[str] | None = None,
               notes_with: Mapping[str, set[int]] | None = None) -> str:
    """'Damp and mould', 'Bin collection', 'Bus stop and timetable': at most five words.

    With `notes_with` (keyword -> indices of the theme's notes using it), two keywords are
    joined with "and" only when the theme's notes use them together; otherwise a top phrase
    stands alone ("Food bank", not "Food bank and bags"), and a single top word takes the next
    keyword that co-occurs with it, else (as before) the next keyword.
    A label already in `taken` (lower case) gets the next keyword that still fits, so two themes
    never share a label.
    """
    taken = taken or set()
    words = clean_keywords(keywords)
    if not words:
        return "Other comments"

    def fits(kw: str, parts: list[str]) -> bool:
        overlaps = any(set(kw.split()) & set(p.split()) for p in parts)
        return not overlaps and _words(parts) + len(kw.split()) <= MAX_WORDS

    topical = [kw for kw in words if reads_as_topic(kw)] or words
    first = topical[0]
    rest = [kw for kw in topical if kw != first]
    partner = next((kw for kw in rest if fits(kw, [first]) and cooccur(first, kw, notes_with)),
                   None)
    if partner is None and " " not in first:
        partner = next((kw for kw in rest if fits(kw, [first])), None)
    parts = [first] + ([partner] if partner else [])
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
        bonus = 1.5 if " " in kw and reads_as_topic(kw) else 1.0
        scored.append((-(coverage * bonus), rank, kw))
    return [kw for _, _, kw in sorted(scored)] + list(keywords[top:])
