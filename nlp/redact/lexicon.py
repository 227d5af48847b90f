"""Word and name lists the name finder reads, each loaded once on first use."""

from __future__ import annotations

import functools
import gzip
import json
import os
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

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
    return read_list("redaction_first_names.txt")


@functools.cache
def surnames() -> frozenset[str]:
    return read_list("redaction_surnames.txt")[0]


@functools.cache
def keep_phrases() -> tuple[frozenset[tuple[str, ...]], int]:
    """Place/organisation phrases (as word tuples) that are never names, and the longest length."""
    phrases = {tuple(p.split()) for p in read_list("redaction_keep.txt")[0]}
    return frozenset(phrases), max(len(p) for p in phrases)


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


