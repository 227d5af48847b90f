"""Text preparation: normalise, split notes into statements, lemmatise for the label vocabulary.

spaCy's blank English pipeline with the lookup lemmatiser (spacy-lookups-data) is the default, so
the library works with no trained pipeline installed. When SPACY_MODEL names an installed trained
pipeline (e.g. en_core_web_sm), its lemmas and parts of speech are used instead.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

# Words residents use about everything: they must never become a theme's keyword or label.
DOMAIN_STOP_WORDS = frozenset({
    "love", "like", "change", "area", "would", "more", "better", "really", "people", "place",
    "think", "thing", "things", "lot", "lots", "good", "great", "nice", "bad", "want", "need",
    "needs", "get", "got", "make", "made", "go", "going", "community", "local", "live",
    "living", "way", "time", "also", "just", "well", "much", "many", "always", "never",
    "sometimes", "bit", "quite", "very", "feel", "felt", "could", "should", "might", "must",
    "can", "will", "one", "two", "new", "old", "use", "used", "see", "say", "said", "know",
    "us", "everyone", "someone", "anyone", "everything", "something", "nothing", "gets",
    "getting", "lovely", "improve", "improved", "improvement", "best", "worse", "worst",
    "fine", "okay", "ok", "enjoy", "enjoyed", "location1", "location2", "neighbourhood",
    "neighborhood", "ward", "city", "town", "here", "there", "near", "year", "years", "day",
    "days", "week", "weeks", "month", "months", "today",
})

ACRONYMS = frozenset({"gp", "nhs", "tv", "uk", "pc"})

SPLIT_MIN_WORDS = 10  # notes shorter than this stay one statement

# A boundary token that stops bigrams forming across removed words or joined documents.
BREAK = "|"

_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
# Clause boundaries that usually start a new point ("… is lovely but the buses are late").
_CLAUSE = re.compile(r",?\s+\b(?:but|however|although|though|whereas|and also|also)\b\s+|\s+-\s+",
                     re.IGNORECASE)
_AND = re.compile(r",?\s+\band\b\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def normalise(text: str) -> str:
    """Unicode-normalise, unify quotes and collapse whitespace; keeps the words as written."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace(
        "\u201d", '"')
    return _SPACE.sub(" ", text).strip()


def _content_words(text: str) -> int:
    from spacy.lang.en.stop_words import STOP_WORDS

    return sum(1 for w in _WORD.findall(text) if w.lower() not in STOP_WORDS)


def split_statements(text: str, min_words: int = 2) -> list[str]:
    """Split a note into statements, so that one note can carry several themes.

    Sentences first, then clauses joined by "but", "however", …; "and" only splits when both
    sides are long enough to stand alone (so "fish and chips" stays whole). Pieces with fewer
    than `min_words` content words are folded back into their neighbour.
    """
    text = normalise(text)
    if len(text.split()) < SPLIT_MIN_WORDS:
        # Short notes rarely make two points; not splitting them saves embedding time.
        return [text] if text else []
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            parts = _AND.split(clause)
            if len(parts) > 1 and all(_content_words(p) > min_words for p in parts):
                pieces.extend(parts)
            else:
                pieces.append(clause)
    statements: list[str] = []
    for piece in (p.strip(" ,.;-") for p in pieces):
        if not piece:
            continue
        if statements and (_content_words(piece) < min_words
                           or _content_words(statements[-1]) < min_words):
            statements[-1] = f"{statements[-1]}, {piece}"
        else:
            statements.append(piece)
    return statements or ([normalise(text)] if normalise(text) else [])


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | DOMAIN_STOP_WORDS


def stop_words() -> frozenset[str]:
    """spaCy's English stop words plus Hark's domain stop words (lower case)."""
    return _stop_words()


@functools.lru_cache(maxsize=2)
def load_spacy(model: str | None = None):
    """The trained pipeline named by SPACY_MODEL when installed, else blank English + lookups."""
    import spacy

    name = model if model is not None else os.environ.get("SPACY_MODEL", "")
    if name:
        try:
            return spacy.load(name, disable=["parser", "ner"])
        except OSError:
            pass  # not installed: fall back to the blank pipeline below
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


_KEEP_POS = {"NOUN", "PROPN", "ADJ", "VERB"}


def pipeline_id() -> str:
    """Names the spaCy pipeline lemma_texts uses, for the lemma cache: the blank English one with
    the lookup tables is named by the versions of spaCy and spacy-lookups-data (no need to load
    it); a trained one (SPACY_MODEL) by its own name and version."""
    import importlib.metadata

    import spacy

    if os.environ.get("SPACY_MODEL", ""):
        nlp = load_spacy()
        meta = nlp.meta
        return (f"{meta.get('lang')}_{meta.get('name')}@{meta.get('version')}"
                f"+{','.join(nlp.pipe_names)}+spacy{spacy.__version__}")
    try:
        lookups = importlib.metadata.version("spacy-lookups-data")
    except importlib.metadata.PackageNotFoundError:
        lookups = "none"
    return f"blank_en+lookup@spacy{spacy.__version__}+lookups{lookups}"


def _parse(doc, stops: frozenset[str], tagged: bool) -> tuple[list[str], list[str]]:
    """One parsed text: its lemma tokens (BREAK where words were dropped, and at the end) and the
    words as written for each lemma kept, in order."""
    tokens: list[str] = []
    kept: list[str] = []
    for tok in doc:
        lemma = (tok.lemma_ or tok.text).lower().strip("'-")
        # Two letters are kept only for acronyms residents use (GP, A&E is split anyway).
        long_enough = len(lemma) > 2 or (len(lemma) == 2 and lemma in ACRONYMS)
        keep = (tok.is_alpha and long_enough and lemma not in stops
                and tok.lower_ not in stops and (not tagged or tok.pos_ in _KEEP_POS))
        if keep:
            tokens.append(lemma)
            kept.append(tok.text)
        elif not tokens or tokens[-1] != BREAK:
            tokens.append(BREAK)
    tokens.append(BREAK)
    return tokens, kept


def _add_surfaces(tokens: list[str], kept: list[str], surfaces: dict[str, Counter]) -> None:
    """Per lemma (and adjacent pair of lemmas), count the words as residents wrote them."""
    words = iter(kept)
    prev, prev_text = BREAK, ""
    for lemma in tokens:
        if lemma == BREAK:
            prev = BREAK
            continue
        text = next(words)
        surfaces.setdefault(lemma, Counter())[text] += 1
        if prev != BREAK:
            surfaces.setdefault(f"{prev} {lemma}", Counter())[f"{prev_text} {text}"] += 1
        prev, prev_text = lemma, text


def lemma_texts(texts: Sequence[str], batch_size: int = 1000,
                surfaces: dict[str, Counter] | None = None, cache=None) -> list[str]:
    """One string of content lemmas per text, with BREAK where words were dropped.

    The result feeds BERTopic's c-TF-IDF: keywords come from lemmas (bins, bin -> bin) and never
    from stop or domain words; bigrams only form between words that were adjacent. When
    `surfaces` is given it collects, per lemma, the words as residents wrote them (for labels).

    `cache` (nlp.embed.SQLiteEmbeddingCache, or anything with get_lemmas/put_lemmas): each
    text's parse is kept under the sha256 of its words and the pipeline's name, so a re-run
    parses only new or changed notes (and need not load spaCy at all); erasing a note's vectors
    erases its parse too. The result is the same with or without it.
    """
    import json

    from nlp.embed import text_key

    texts = [normalise(t) for t in texts]
    parsed: list[tuple[list[str], list[str]] | None] = [None] * len(texts)
    use_cache = cache is not None and hasattr(cache, "get_lemmas")
    if use_cache:
        pipeline = pipeline_id()
        keys = [text_key(t) for t in texts]
        found = cache.get_lemmas(pipeline, keys)
        for i, key in enumerate(keys):
            if key in found:
                tokens, kept = json.loads(found[key])
                parsed[i] = (tokens, kept)
    missing = [i for i, p in enumerate(parsed) if p is None]
    if missing:
        nlp = load_spacy()
        tagged = "tagger" in nlp.pipe_names or "morphologizer" in nlp.pipe_names
        stops = stop_words()
        fresh: dict[str, str] = {}
        for i, doc in zip(missing, nlp.pipe((texts[i] for i in missing), batch_size=batch_size),
                          strict=True):
            parsed[i] = _parse(doc, stops, tagged)
            if use_cache:
                fresh[keys[i]] = json.dumps(parsed[i], separators=(",", ":"))
        if use_cache and fresh:
            cache.put_lemmas(pipeline, fresh)
    out: list[str] = []
    for tokens, kept in parsed:  # type: ignore[misc]
        if surfaces is not None:
            _add_surfaces(tokens, kept, surfaces)
        out.append(" ".join(tokens))
    return out


def analyzer(text: str) -> list[str]:
    """CountVectorizer analyzer for lemma_texts output: unigrams and adjacent bigrams."""
    tokens = text.split()
    grams = [t for t in tokens if t != BREAK]
    grams.extend(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False) if BREAK not in (a, b) and a != b)
    return grams


def is_clean_label_word(word: str) -> bool:
    return all(w not in stop_words() for w in word.lower().split())


def flatten(groups: Iterable[Sequence[str]]) -> tuple[list[str], list[int]]:
    """Flatten per-note statement lists into one list plus the owning note index of each."""
    flat: list[str] = []
    owner: list[int] = []
    for i, group in enumerate(groups):
        flat.extend(group)
        owner.extend([i] * len(group))
    return flat, owner
