"""Word and name lists the name finder reads, each loaded once on first use."""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# A word is "common" in a language at or above this Zipf frequency in wordfreq
# (3.0 = once per million words): Polish "Mieszkam", English "Buses".
COMMON_ZIPF = 3.0


def read_list(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """Return (all entries, entries marked ' *' as also being ordinary words)."""
    words, ambiguous = set(), set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(" *"):
            line = line[:-2].strip()
            ambiguous.add(line)
        words.add(line)
    return frozenset(words), frozenset(ambiguous)


@functools.cache
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(curated given names, those that are also ordinary words). Curated beats every other list."""
    return read_list("redaction_first_names.txt")


@functools.cache
def census_first_names() -> frozenset[str]:
    """Given names from the US Census 1990 frequency lists (public domain, shipped by the `names`
    package): a broad gazetteer of English-language given names. Empty if not installed."""
    try:
        import names as census
    except ImportError:  # pragma: no cover - pinned; degrade, don't crash
        return frozenset()
    base = Path(census.__file__).parent
    out = set()
    for fname in ("dist.female.first", "dist.male.first"):
        for line in (base / fname).read_text(encoding="ascii").splitlines():
            if line.strip():
                out.add(line.split()[0].lower())
    return frozenset(out)


@functools.cache
def given_names() -> tuple[frozenset[str], frozenset[str]]:
    """(all given names, those needing a signal because they are also ordinary words or places).

    Curated names keep their own marking. A census name is only used when it is not on the
    keep-list, and needs a signal when the English tables know it as a word that is not mostly
    written capitalised (will, hope, major). A known given name beats a place abroad of the
    same name (Sophia, Stanley), so the place list is consulted only for unknown words."""
    curated, curated_ambiguous = first_names()
    keep, _ = keep_phrases()
    words, proper = english(), proper_nouns()
    extra, extra_ambiguous = set(), set()
    for name in census_first_names() - curated:
        if (name,) in keep or len(name) < 3:
            continue
        extra.add(name)
        if (name in words or zipf(name, "en") >= 3.5) and name not in proper:
            extra_ambiguous.add(name)
    # A curated name that is also an everyday English word ("hung the bunting", "10 min", "footy
    # kit", "aloe vera") needs a signal too, as the census names do; two-letter names (Jo, Mo, Li)
    # keep their own marking.
    everyday = {n for n in curated - curated_ambiguous if len(n) > 2 and n in words and zipf(n, "en") >= 3.5}
    everyday -= proper
    return curated | extra, curated_ambiguous | extra_ambiguous | everyday


@functools.cache
def surnames() -> frozenset[str]:
    return read_list("redaction_surnames.txt")[0]


@functools.cache
def keep_phrases() -> tuple[frozenset[tuple[str, ...]], int]:
    """Place/organisation phrases (as word tuples) that are never names, and the longest length."""
    phrases = {tuple(p.split()) for p in read_list("redaction_keep.txt")[0]}
    return frozenset(phrases), max(len(p) for p in phrases)


@functools.lru_cache(maxsize=8)
def extra_keep(words: frozenset[str]) -> tuple[frozenset[tuple[str, ...]], int]:
    """The shipped keep-list plus words an admin added (lowercase phrases)."""
    keep, longest = keep_phrases()
    added = {tuple(w.lower().split()) for w in words if w.strip()}
    return keep | added, max([longest, *(len(p) for p in added)])


@functools.cache
def world_places() -> tuple[frozenset[tuple[str, ...]], int]:
    """Countries and cities abroad (GeoNames), as word tuples, and the longest length."""
    path = DATA / "redaction_world_places.txt"
    if not path.exists():  # pragma: no cover - shipped with the package
        return frozenset(), 1
    phrases = {tuple(p.split()) for p in read_list(path.name)[0]}
    return frozenset(phrases), max(len(p) for p in phrases)


@functools.cache
def urdu_name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(Common given and family names in Urdu script, those that are also ordinary words)."""
    return read_list("redaction_names_urdu.txt")


@functools.cache
def common_words(lang: str) -> dict[str, float]:
    """Words of `lang` at or above Zipf 2.5 in wordfreq, with their Zipf frequency.

    wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) covers en, pl and ur. Names are words to it
    too (john, piotr), so the name lists are checked first and this only says "ordinary word"
    for tokens that are not known names. Empty if wordfreq is not installed."""
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - pinned; degrade, don't crash
        return {}
    # Ask only for a language wordfreq has: for others it falls back to English with a warning.
    if lang not in wordfreq.available_languages():
        return {}
    freqs = wordfreq.get_frequency_dict(lang)
    floor = 10 ** (2.5 - 9)
    return {w: math.log10(f) + 9 for w, f in freqs.items() if f >= floor}


@functools.lru_cache(maxsize=16)
def phrase_starts(phrases: frozenset[tuple[str, ...]]) -> frozenset[str]:
    """The first words of `phrases`: a token that is not one cannot start a listed phrase."""
    return frozenset(p[0] for p in phrases)


def zipf(word: str, lang: str) -> float:
    return common_words(lang).get(word, 0.0)


@functools.cache
def english() -> frozenset[str]:
    """Lowercased English words from spacy-lookups-data (lemma tables). Empty if not installed.

    The tables come from WordNet, so they also hold famous names (john, khan): a word being
    English is evidence against a name, never proof; the name lists override it.
    """
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - the dependency is pinned; degrade, don't crash
        return frozenset()
    base = Path(spacy_lookups_data.__file__).parent / "data"
    words: set[str] = set()
    with gzip.open(base / "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        lookup = json.load(fh)
    words.update(lookup)
    words.update(lookup.values())
    for table in ("en_lemma_index.json.gz", "en_lemma_exc.json.gz"):
        with gzip.open(base / table, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        for pos in data.values():
            words.update(pos)
    return frozenset(w.lower() for w in words)


@functools.cache
def proper_nouns() -> frozenset[str]:
    """Lowercased words seen more often Capitalised than not in spacy-lookups-data's lexeme
    probabilities (web text): holmes, burton, khan, but not wants, brown, rose. Loaded once
    (about 1.5 s); only the derived set is kept."""
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover
        return frozenset()
    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        prob = json.load(fh)
    out = set()
    for word, p in prob.items():
        if word[:1].isupper() and word[1:].islower() and word.isalpha():
            low = prob.get(word.lower())
            # log probabilities: capitalised at least e times more frequent than lowercase
            if low is None or p - low >= 1.0:
                out.add(word.lower())
    return frozenset(out)


@functools.cache
def spacy_pipeline():
    """A trained pipeline named by SPACY_MODEL, or None. Never required."""
    name = os.environ.get("SPACY_MODEL", "").strip()
    if not name:
        return None
    try:
        import spacy

        return spacy.load(name, disable=["parser", "lemmatizer", "textcat"])
    except (ImportError, OSError, ValueError):
        return None
