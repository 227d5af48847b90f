"""Theme labels in the notes' own words, chosen contrastively (issue 12).

A label is a 2-5 word phrase that several of the theme's notes actually contain ("bus stop",
"black mould in the bedroom", "GP appointments"). Candidates are word n-grams that start and end
with a content word and never join two words with "and"/"or". Each candidate is embedded with the
same model as the notes and scored by how close it is to its own theme's centre *minus* how close
it is to the nearest other theme's centre, plus a little for how many of the theme's notes use it:
a phrase that names what this theme's notes share, and not what every theme shares, wins. Reading
a label, a note should be nearer its own theme's label than any other (measured as label fidelity
in bench/theme_quality.py).

An optional civic vocabulary (nlp/data/civic_vocabulary.txt, editable) names a theme when a
vocabulary name is clearly nearer that theme than any other and close enough to its centre.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from nlp.labels import VERB_FORMS
from nlp.prepare import ACRONYMS, DOMAIN_STOP_WORDS, normalise, stop_words

MIN_WORDS, MAX_WORDS = 2, 5
MAX_CANDIDATES = 60          # per theme, the phrases most of its notes use
FLOOR_NOTES = 2              # ... or by this many when fewer (candidates; label fidelity picks)
COVERAGE_WEIGHT = 0.15       # score = own - best other + COVERAGE_WEIGHT * share of notes using it
VOCAB_MIN_SIMILARITY = 0.55  # a vocabulary name must be this close to the theme's centre ...
VOCAB_MIN_MARGIN = 0.08      # ... and this much closer to it than to any other theme
VOCABULARY = Path(__file__).parent / "data" / "civic_vocabulary.txt"
KEEP_BYTES = 256 << 20       # notes x options similarities kept between rounds (_most_faithful)

# Function words that may sit inside a phrase ("cost of living", "lights on the path"), never at
# its ends. "and"/"or" are never allowed: a label is one thing, not two keywords side by side.
INNER_WORDS = frozenset({"of", "the", "to", "for", "in", "on", "at", "a", "an", "with", "from",
                         "by", "into", "after", "before", "near", "outside", "around", "over"})
NEVER = frozenset({"and", "or", "but", "nor", "&"})
_CHUNK = re.compile(r"[.,;:!?()\[\]\"/\n]+|\s-\s")
# Letters and digits stay one token ("LOCATION1", "A64"), so placeholders and codes are seen whole.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z0-9]")


# Verb forms that end a noun phrase as often as a sentence ("bus stop", "befriending calls").
NOUN_ENDINGS = frozenset({"stop", "stops", "calls", "meeting", "meetings", "opening", "walking"})


@functools.lru_cache(maxsize=1 << 16)
def _edge_ok(word: str, first: bool = True) -> bool:
    """A phrase starts and ends with a content word that is not a verb ("helped me fill",
    "befriending calls mean" are fragments); a few verb forms may end one (NOUN_ENDINGS)."""
    verb = word in VERB_FORMS and (first or word not in NOUN_ENDINGS)
    return (len(word) > 2 or word in ACRONYMS) and word.isalpha() and word not in stop_words() \
        and not verb


def phrases_in(text: str) -> dict[str, str]:
    """Candidate phrases of one note: lower-case key -> the words as written."""
    out: dict[str, str] = {}
    stops = stop_words()
    for chunk in _CHUNK.split(normalise(text)):
        words = _TOKEN.findall(chunk)
        lower = [w.lower().replace("’", "'") for w in words]
        # Per word, once: may it sit inside a phrase, and does it end every phrase through it?
        ends = [w in NEVER or w in DOMAIN_STOP_WORDS for w in lower]
        not_inner = [w in stops and w not in INNER_WORDS for w in lower]
        for i in range(len(words)):
            if not _edge_ok(lower[i]):
                continue
            for j in range(i + MIN_WORDS, min(i + MAX_WORDS, len(words)) + 1):
                if lower[j - 1] in NEVER or any(ends[i + 1:j - 1]):
                    break
                if not _edge_ok(lower[j - 1], first=False):
                    continue
                if any(not_inner[i + 1:j - 1]):
                    continue
                key = " ".join(lower[i:j])
                out.setdefault(key, " ".join(words[i:j]))
    return out


def _shown(forms: Counter) -> str:
    """The phrase as residents most often wrote it, acronyms kept, first letter capitalised."""
    # The most common form; among equally common ones the one with fewest capitals ("FOOD store").
    form = min(forms.items(), key=lambda kv: (-kv[1], sum(c.isupper() for c in kv[0])))[0]
    words = [w.upper() if w.lower() in ACRONYMS else (w if w.isupper() and len(w) <= 4 else w.lower())
             for w in form.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def theme_candidates(texts: Sequence[str], members: Sequence[int]) -> list[tuple[str, str, float]]:
    """(key, shown form, share of the theme's notes using it) for the theme's common phrases."""
    df: Counter = Counter()
    forms: dict[str, Counter] = {}
    for i in members:
        for key, form in phrases_in(texts[i]).items():
            df[key] += 1
            forms.setdefault(key, Counter())[form] += 1
    size = max(len(members), 1)
    floor = max(2, math.ceil(0.02 * size))  # a phrase used by 2 % of the theme's notes, ...
    common = [(key, n) for key, n in df.most_common() if n >= min(floor, FLOOR_NOTES)]
    # Prefer longer phrases among equally common ones; drop a phrase inside a longer one used by
    # as many notes ("bus stop" inside "the bus stop outside": the shorter says as much).
    ranked = sorted(common, key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))[:MAX_CANDIDATES]
    return [(key, _shown(forms[key]), n / size) for key, n in ranked]


def word_candidates(texts: Sequence[str], members: Sequence[int]) -> list[tuple[str, str, float]]:
    """Single content words the theme's notes use (two notes at least), as theme_candidates gives
    phrases: the last resort for a theme none of whose phrases may be shown."""
    df: Counter = Counter()
    forms: dict[str, Counter] = {}
    for i in members:
        seen: dict[str, str] = {}
        for chunk in _CHUNK.split(normalise(texts[i])):
            for word in _TOKEN.findall(chunk):
                lower = word.lower().replace("’", "'")
                if _edge_ok(lower) and lower not in DOMAIN_STOP_WORDS:
                    seen.setdefault(lower, word)
        for key, form in seen.items():
            df[key] += 1
            forms.setdefault(key, Counter())[form] += 1
    size = max(len(members), 1)
    ranked = sorted(((key, n) for key, n in df.items() if n >= 2), key=lambda kv: (-kv[1], kv[0]))
    return [(key, _shown(forms[key]), n / size) for key, n in ranked[:MAX_CANDIDATES]]


def load_vocabulary(path: Path | None = None) -> list[str]:
    """Names from the civic vocabulary file (one per line, '#' comments); [] when absent."""
    path = path or VOCABULARY
    if not path.exists():
        return []
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def choose_labels(texts: Sequence[str], labels: np.ndarray, note_vecs: np.ndarray,
                  encode: Callable[[list[str]], np.ndarray], fallback: Sequence[str],
                  fixed: dict[int, str] | None = None,
                  vocabulary: Sequence[str] | None = None,
                  allowed: Callable[[str], bool] | None = None) -> list[str]:
    """One label per theme index 0..k-1 (unique, case-insensitive).

    `note_vecs` are the notes' unit vectors (the space labels are embedded in), `labels` the main
    theme per note (-1: none), `fallback[t]` the keyword label used when theme t has no phrase
    that enough of its notes share, `fixed` labels that must stay (locked by an organiser).
    `allowed`: the caller's rule for what residents' words a label may show; phrases it refuses
    are never considered, so the best one it allows wins (not a refused one the caller would
    then replace with something worse). Vocabulary names are the organiser's, not filtered."""
    k = len(fallback)
    fixed = fixed or {}
    centres = np.zeros((k, note_vecs.shape[1]), np.float32)
    for t in range(k):
        rows = labels == t
        if rows.any():
            c = note_vecs[rows].sum(axis=0)
            centres[t] = c / max(float(np.linalg.norm(c)), 1e-12)
    allowed = allowed or (lambda _label: True)
    cands = []
    for t in range(k):
        members = np.flatnonzero(labels == t)
        phrases = [c for c in theme_candidates(texts, members) if allowed(c[1])] if t not in fixed else []
        # No phrase the rule allows: the theme's own words one at a time, still chosen
        # contrastively, rather than a keyword pair or a number the reader cannot use.
        cands.append(phrases or ([c for c in word_candidates(texts, members) if allowed(c[1])]
                                 if t not in fixed else []))
    vocab = list(vocabulary or [])  # the organiser's own names, not residents' words: not filtered
    unique = list(dict.fromkeys([c[1] for cs in cands for c in cs] + vocab))
    vecs = dict(zip(unique, encode(unique), strict=True)) if unique else {}
    scored: list[list[tuple[float, str]]] = []
    for t in range(k):
        options = []
        for _key, shown, share in cands[t]:
            sims = centres @ vecs[shown]
            other = np.max(np.delete(sims, t)) if k > 1 else 0.0
            options.append((float(sims[t] - other + COVERAGE_WEIGHT * share), shown))
        scored.append(sorted(options, key=lambda o: (-o[0], o[1])))
    for name in vocab:  # a civic name that clearly matches one theme names it
        sims = centres @ vecs[name]
        t = int(np.argmax(sims))
        margin = sims[t] - (np.max(np.delete(sims, t)) if k > 1 else 0.0)
        if t not in fixed and sims[t] >= VOCAB_MIN_SIMILARITY and margin >= VOCAB_MIN_MARGIN:
            scored[t].insert(0, (math.inf, name))
    out: list[str] = [""] * k
    taken = {v.lower() for v in fixed.values()}
    for t, label in fixed.items():
        out[t] = label
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    for t in sorted(range(k), key=lambda t: (-sizes[t], t)):
        if t in fixed:
            continue
        choice = next((shown for _, shown in scored[t] if shown.lower() not in taken), None)
        if choice is None:
            choice = fallback[t]
            n = 2
            while choice.lower() in taken:
                choice = f"{fallback[t]} ({n})"
                n += 1
        out[t] = choice
        taken.add(choice.lower())
    named = set(fixed) | {t for t in range(k) if scored[t] and scored[t][0][0] == math.inf}
    return _most_faithful(out, scored, named, labels, note_vecs, encode, vecs)


def _top3(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the columns of the three largest values (fewer when there are fewer columns),
    largest first, and those values."""
    m = min(3, sims.shape[1])
    cols = np.argpartition(sims, sims.shape[1] - m, axis=1)[:, -m:]
    vals = np.take_along_axis(sims, cols, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(cols, order, axis=1), np.take_along_axis(vals, order, axis=1)


def _top2_without(sims: np.ndarray, top3, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the largest and second largest values with column t left out (as if it were
    -inf): read from the row's three largest, so no row is sorted again for each theme."""
    cols, vals = top3
    keep = cols != t
    if cols.shape[1] < 3:  # two labels: the other one, then nothing
        pad = np.full((len(sims), 3 - cols.shape[1]), -np.inf, sims.dtype)
        vals = np.concatenate([vals, pad], axis=1)
        keep = np.concatenate([keep, np.ones_like(pad, dtype=bool)], axis=1)
    # Rows whose top three hold t use the other two; the rest use their top two.
    first = np.where(keep[:, 0], vals[:, 0], vals[:, 1])
    second = np.where(keep[:, 0] & keep[:, 1], vals[:, 1], vals[:, 2])
    return first, second


def _most_faithful(out: list[str], scored, named: set[int], labels: np.ndarray,
                   note_vecs: np.ndarray, encode, vecs: dict, rounds: int = 5) -> list[str]:
    """Swap each theme's label for the candidate under which most notes find their own theme's
    label the nearest of all labels (the other labels held fixed), a few rounds over the themes.

    Uses only the themes' own notes, never human labels: it asks of every note what a reader
    does, "is this the heading I would put it under?". Locked and vocabulary names stay."""
    k = len(out)
    rows = np.flatnonzero(labels >= 0)
    if k < 2 or not len(rows):
        return out
    x, own = note_vecs[rows], labels[rows]
    for name in out:
        if name not in vecs:
            vecs[name] = encode([name])[0]
    current = np.array([vecs[name] for name in out])
    order = np.argsort(-np.bincount(own, minlength=k), kind="stable")
    # Work kept between themes and rounds, recomputed only when its inputs change: the notes'
    # similarity to the current labels (until a label is swapped) and to each theme's options
    # (until the options change). The same products of the same arrays: the same answer.
    label_sims = None
    option_sims: dict[int, tuple[list[str], np.ndarray]] = {}
    for _ in range(rounds):
        changed = False
        for t in order:
            others_taken = {o.lower() for j, o in enumerate(out) if j != t}
            options = [shown for _, shown in scored[t] if shown.lower() not in others_taken]
            if t in named or len(options) < 2:
                continue
            if label_sims is None:
                label_sims = x @ current.T
                top3 = _top3(label_sims)
            # Each note's two best labels other than t's (the values: ties pick equal numbers).
            first, second = _top2_without(label_sims, top3, t)
            best_other = first
            mine = own == t
            own_sim = label_sims[np.arange(len(own)), own]
            own_sim[mine] = -np.inf  # t's own label is left out, as for every other note
            rival = np.where(np.isclose(own_sim, best_other), second, best_other)
            kept = option_sims.get(t)
            if kept is None or kept[0] != options:
                kept = (options, x @ np.array([vecs[o] for o in options]).T)  # notes x options
                if kept[1].nbytes + sum(v.nbytes for _, v in option_sims.values()) <= KEEP_BYTES:
                    option_sims[t] = kept
            cand = kept[1]
            right = (cand[mine] > best_other[mine, None]).sum(axis=0)
            # Another theme's note finds its own label nearest when its label beats both its rival
            # and the option: a note whose label already loses to its rival adds nothing, whatever
            # the option, so only the others are compared.
            held = ~mine & (own_sim > rival)
            right = right + (own_sim[held, None] > cand[held]).sum(axis=0)
            best = options[int(np.argmax(right))]   # ties: the earlier (better contrastive) one
            if best != out[t]:
                out[t] = best
                current[t] = vecs[best]
                label_sims = None
                changed = True
        if not changed:
            break
    return out
